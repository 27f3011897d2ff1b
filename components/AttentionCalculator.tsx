'use client';
/**
 * The scaled dot-product calculator: tokens, Q/K/V (from a seed or typed), scale, temperature,
 * causal and padding masks → scores, weights (heatmap) and output, computed in the worker pool.
 * State lives in the calculator store under this embed's id; the rules live in
 * lib/calculator/attentionCalculatorModel.ts. Typing never blocks: every change posts a request on
 * this calculator's channel, and a newer one supersedes it.
 */
import { useEffect, useId, useMemo, useRef, useState, type InputHTMLAttributes } from 'react';
import { useStore } from 'zustand';
import { AttentionInputError } from '../lib/errors';
import {
  buildAttentionCall,
  currentFormula,
  fromInputError,
  seededText,
  tokenize,
  type AttentionCalculatorInputs,
  type CalculatorField,
  type FieldError,
  type MatrixField,
} from '../lib/calculator/attentionCalculatorModel';
import type { ExpressionEvaluator } from '../lib/matrixText';
import { loadExpressionEvaluator } from '../lib/safeExpression';
import { attentionCalculatorStore } from '../lib/stores/attentionCalculatorStore';
import { AttentionCancelledError } from '../lib/worker/workerErrors';
import { AttentionHeatmap } from './AttentionHeatmap';
import { getAttentionClient } from './attentionWorkerClient';
import { KatexFormula } from './KatexFormula';
import { MatrixTable } from './MatrixTable';

export type CalculatorView = 'scores' | 'weights' | 'output';

export interface AttentionCalculatorProps {
  /** Unique on the page; keys this calculator's state in the store. */
  id: string;
  initial: AttentionCalculatorInputs;
  title?: string;
  show?: CalculatorView[];
}

export function AttentionCalculator({ id, initial, title = 'Scaled dot-product attention', show = ['scores', 'weights', 'output'] }: AttentionCalculatorProps) {
  const domId = useId();
  useState(() => attentionCalculatorStore.getState().register(id, initial));
  const entry = useStore(attentionCalculatorStore, (s) => s.calculators[id]);
  const { update, reset, setErrors, setComputing, setResult } = attentionCalculatorStore.getState();
  const evaluator = useRef<ExpressionEvaluator | null>(null);
  const [evaluatorReady, setEvaluatorReady] = useState(0);
  const [tokenText, setTokenText] = useState(() => initial.tokens.join(' '));

  const inputs = entry?.inputs ?? initial;
  useEffect(() => {
    const built = buildAttentionCall(inputs, evaluator.current ?? undefined);
    if (!built.ok && built.needsEvaluator) {
      // A cell holds arithmetic: fetch the expression parser once, then compute again.
      loadExpressionEvaluator().then((evaluate) => {
        evaluator.current = evaluate;
        setEvaluatorReady((n) => n + 1);
      });
      return;
    }
    if (!built.ok) {
      setErrors(id, built.errors);
      return;
    }
    const { q, k, v, scale, causal, mask } = built.call;
    setComputing(id, true);
    getAttentionClient()
      .scaledDotProductAttention(q, k, v, { scale, causal, ...(mask ? { mask } : {}) }, { channel: id, timeoutMs: 15000 })
      .then((result) => setResult(id, result, inputs.tokens))
      .catch((error: unknown) => {
        if (error instanceof AttentionCancelledError) return; // a newer request took over
        setComputing(id, false);
        setErrors(id, [
          error instanceof AttentionInputError
            ? fromInputError('general', error)
            : { field: 'general', message: error instanceof Error ? error.message : String(error) },
        ]);
      });
  }, [id, inputs, evaluatorReady, setErrors, setComputing, setResult]);

  const result = entry?.result ?? null;
  // The core marks blocked positions with -Infinity in the scores; derive the mask once per result
  // (hooks stay above the early return).
  const blocked = useMemo(() => (result ? Uint8Array.from(result.scores.data, (x) => (x === -Infinity ? 1 : 0)) : undefined), [result]);
  if (!entry) return null;
  const { resultTokens, errors, computing } = entry;
  const errorFor = (field: CalculatorField) => errors.filter((e) => e.field === field);
  const fieldId = (field: string) => `${domId}-${field}`;
  const described = (field: CalculatorField) => (errorFor(field).length > 0 ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(field)}-error` } : {});
  const d = inputs.source === 'seed' ? inputs.d : Math.max(1, tokenize(inputs.text.Q.split('\n')[0] ?? '').length);

  const switchSource = (source: 'seed' | 'typed') => {
    if (source === 'typed' && inputs.source === 'seed') {
      update(id, { source, text: seededText(inputs.seed, inputs.tokens.length, inputs.d, inputs.dv) });
    } else update(id, { source });
  };

  return (
    <section className="calculator" aria-labelledby={`${domId}-title`} data-calculator={id}>
      <header className="calculator-header">
        <h3 id={`${domId}-title`}>{title}</h3>
        <button
          type="button"
          onClick={() => {
            reset(id);
            setTokenText(initial.tokens.join(' '));
          }}
        >
          Reset
        </button>
      </header>

      <div className="calculator-controls">
        <label htmlFor={fieldId('tokens')}>Tokens</label>
        <input
          id={fieldId('tokens')}
          value={tokenText}
          onChange={(e) => {
            setTokenText(e.target.value);
            update(id, { tokens: tokenize(e.target.value) });
          }}
          {...described('tokens')}
        />
        <FieldErrors id={`${fieldId('tokens')}-error`} errors={errorFor('tokens')} />

        <fieldset>
          <legend>Q, K and V</legend>
          <label>
            <input type="radio" name={fieldId('source')} checked={inputs.source === 'seed'} onChange={() => switchSource('seed')} /> From a seed
          </label>
          <label>
            <input type="radio" name={fieldId('source')} checked={inputs.source === 'typed'} onChange={() => switchSource('typed')} /> Type or paste
          </label>
          {inputs.source === 'seed' ? (
            <div className="calculator-row">
              <label>
                Seed{' '}
                <NumberField min={0} step={1} value={inputs.seed} onChange={(x) => update(id, { seed: x })} {...described('seed')} />
              </label>
              <label>
                d{' '}
                <NumberField min={1} max={512} step={1} value={inputs.d} onChange={(x) => update(id, { d: x, dv: x })} {...described('d')} />
              </label>
              <FieldErrors id={`${fieldId('seed')}-error`} errors={errorFor('seed')} />
              <FieldErrors id={`${fieldId('d')}-error`} errors={errorFor('d')} />
            </div>
          ) : (
            <div className="calculator-matrices">
              {(['Q', 'K', 'V'] as MatrixField[]).map((field) => (
                <div key={field} className="calculator-matrix-field">
                  <label htmlFor={fieldId(field)}>{field}</label>
                  <textarea
                    id={fieldId(field)}
                    value={inputs.text[field]}
                    rows={Math.min(8, Math.max(2, inputs.tokens.length))}
                    spellCheck={false}
                    onChange={(e) => update(id, { text: { ...inputs.text, [field]: e.target.value } })}
                    {...described(field)}
                  />
                  <FieldErrors id={`${fieldId(field)}-error`} errors={errorFor(field)} />
                </div>
              ))}
              <p className="calculator-hint">One row per token, numbers separated by spaces or commas, or JSON. Cells may be arithmetic: 1/sqrt(2), pi/4, e^-1.</p>
            </div>
          )}
        </fieldset>

        <fieldset className="calculator-row">
          <legend>Scale and temperature</legend>
          <label>
            <input type="radio" name={fieldId('scale')} checked={inputs.scaleMode === 'inv-sqrt-d'} onChange={() => update(id, { scaleMode: 'inv-sqrt-d' })} /> 1/√d
          </label>
          <label>
            <input type="radio" name={fieldId('scale')} checked={inputs.scaleMode === 'one'} onChange={() => update(id, { scaleMode: 'one' })} /> 1
          </label>
          <label>
            <input type="radio" name={fieldId('scale')} checked={inputs.scaleMode === 'custom'} onChange={() => update(id, { scaleMode: 'custom' })} /> custom
          </label>
          {inputs.scaleMode === 'custom' && (
            <NumberField aria-label="Custom scale" step="any" value={inputs.customScale} onChange={(x) => update(id, { customScale: x })} {...described('scale')} />
          )}
          <label>
            Temperature{' '}
            <NumberField min={0.05} step={0.05} value={inputs.temperature} onChange={(x) => update(id, { temperature: x })} {...described('temperature')} />
          </label>
          <FieldErrors id={`${fieldId('scale')}-error`} errors={errorFor('scale')} />
          <FieldErrors id={`${fieldId('temperature')}-error`} errors={errorFor('temperature')} />
        </fieldset>

        <fieldset className="calculator-row">
          <legend>Masks</legend>
          <label>
            <input type="checkbox" checked={inputs.causal} onChange={(e) => update(id, { causal: e.target.checked })} /> Causal (a token sees itself and earlier tokens)
          </label>
          <label>
            <input
              type="checkbox"
              checked={inputs.paddingValidKeys !== null}
              onChange={(e) => update(id, { paddingValidKeys: e.target.checked ? Math.max(1, inputs.tokens.length - 1) : null })}
            />{' '}
            Padding
          </label>
          {inputs.paddingValidKeys !== null && (
            <label>
              real keys{' '}
              <NumberField min={0} max={inputs.tokens.length} step={1} value={inputs.paddingValidKeys} onChange={(x) => update(id, { paddingValidKeys: x })} {...described('padding')} />
            </label>
          )}
          <FieldErrors id={`${fieldId('padding')}-error`} errors={errorFor('padding')} />
        </fieldset>
      </div>

      <div className="calculator-results" aria-busy={computing}>
        <p className="calculator-formula">
          <KatexFormula tex={currentFormula(inputs, d)} label="Formula of the current setting" />
        </p>
        <FieldErrors id={`${fieldId('general')}-error`} errors={errorFor('general')} />
        {errors.length > 0 && result && <p className="calculator-stale">Showing the last valid result until the input above is fixed.</p>}
        {result && (
          <>
            {show.includes('weights') && (
              <AttentionHeatmap matrix={result.weights} rowLabels={resultTokens} colLabels={resultTokens} blocked={blocked} title="Attention weights" valueLabel="weight" scale="sequential" />
            )}
            {show.includes('scores') && (
              <AttentionHeatmap matrix={result.scores} rowLabels={resultTokens} colLabels={resultTokens} blocked={blocked} title="Scores (QKᵀ × scale, before softmax)" valueLabel="score" scale="diverging" />
            )}
            {show.includes('output') && <MatrixTable matrix={result.output} rowLabels={resultTokens} caption="Output: weights · V (one row per query token)" />}
          </>
        )}
      </div>
    </section>
  );
}

/**
 * A number input that keeps what the learner typed (an empty or half-typed field stays as it is)
 * and reports NaN for "not a number yet", which the model turns into a message at the field.
 * Binding value={NaN} straight to an input makes the browser warn and lose the text.
 */
function NumberField({
  value,
  onChange,
  ...rest
}: { value: number; onChange: (value: number) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>) {
  const [text, setText] = useState(() => String(value));
  const parse = (t: string) => (t.trim() === '' ? NaN : Number(t));
  // Follow outside changes (reset, another control) without clobbering what is being typed.
  useEffect(() => {
    setText((t) => (Object.is(parse(t), value) ? t : Number.isNaN(value) ? t : String(value)));
  }, [value]);
  return (
    <input
      {...rest}
      type="number"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parse(e.target.value));
      }}
    />
  );
}

function FieldErrors({ id, errors }: { id: string; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {errors.map((e) => e.message).join(' ')}
    </p>
  );
}
