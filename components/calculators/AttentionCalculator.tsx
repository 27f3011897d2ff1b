'use client';
/**
 * Scaled dot-product attention, the first lesson's calculator: tokens; Q, K, V from a seed or typed
 * (cells may be arithmetic, `1/sqrt(2)`); the scale and a temperature; causal and padding masks →
 * the scores and weights as heatmaps and the output as a table, computed in the worker. The state,
 * presets and rules are in lib/calculators/attentionSpec.ts. Every field keeps its typed text as a
 * draft (useValidatedDrafts): a bad value is explained at its field and the last good result stays.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  ATTENTION_LABELS as LABEL,
  ATTENTION_MAX_TOKEN_LENGTH,
  ATTENTION_MAX_TOKENS,
  ATTENTION_MAX_TYPED_D,
  attentionCall,
  attentionFormula,
  attentionSchema,
  attentionSpec,
  switchToSeed,
  switchToTyped,
  togglePadding,
  type AttentionState,
} from '../../lib/calculators/attentionSpec';
import { parseMatrixText, type ExpressionEvaluator } from '../../lib/matrixText';
import { loadExpressionEvaluator } from '../../lib/safeExpression';
import { numpyAttentionSnippet, pytorchAttentionSnippet } from '../../lib/snippets/attentionSnippets';
import { matrixToCsv } from '../../lib/snippets/csv';
import { AttentionHeatmap } from '../AttentionHeatmap';
import { KatexFormula } from '../KatexFormula';
import { MatrixTable } from '../MatrixTable';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import parts from './calculatorParts.module.css';
import { DraftInput } from './DraftInput';
import { useCalculatorState } from './useCalculatorState';
import { rangeDraft, useValidatedDrafts, type DraftField, type DraftsHandle } from './useDraftField';
import { useWorkerOp } from './useWorkerOp';

/** The page's arithmetic parser (mathjs), loaded when a typed cell first needs it. */
let evaluator: ExpressionEvaluator | null = null;
/** A matrix draft holds arithmetic and the parser is on its way: not an error, not yet a value. */
const READING_ARITHMETIC = 'Reading the arithmetic…';

const tokensDraft: DraftField<string[]> = {
  format: (tokens) => tokens.join(' '),
  parse: (text) => {
    const tokens = text.split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) return { ok: false, error: 'Type at least one token.' };
    if (tokens.length > ATTENTION_MAX_TOKENS) return { ok: false, error: `At most ${ATTENTION_MAX_TOKENS} tokens fit here; you have ${tokens.length}.` };
    const long = tokens.find((t) => t.length > ATTENTION_MAX_TOKEN_LENGTH);
    if (long !== undefined) return { ok: false, error: `"${long.slice(0, 30)}…" is longer than ${ATTENTION_MAX_TOKEN_LENGTH} characters.` };
    return { ok: true, value: tokens };
  },
};

function matrixDraft(label: string): DraftField<number[][]> {
  return {
    // Every digit, so a typed number reads back exactly as it was committed.
    format: (rows) => rows.map((row) => row.map((x) => String(x)).join(' ')).join('\n'),
    parse: (text) => {
      const parsed = parseMatrixText(text, label, evaluator ?? undefined);
      if ('needsEvaluator' in parsed) return { ok: false, error: READING_ARITHMETIC };
      if (!parsed.ok) return { ok: false, error: parsed.error.message };
      const cols = parsed.rows[0].length;
      if (cols > ATTENTION_MAX_TYPED_D) {
        return { ok: false, error: `${label} has ${cols} columns; at most ${ATTENTION_MAX_TYPED_D} can be typed here. Wider matrices come from a seed.` };
      }
      return { ok: true, value: parsed.rows };
    },
  };
}

const FIELDS = {
  tokens: tokensDraft,
  seed: rangeDraft(LABEL.seed, attentionSchema.seed),
  d: rangeDraft(LABEL.d, attentionSchema.d),
  customScale: rangeDraft(LABEL.customScale, attentionSchema.customScale),
  temperature: rangeDraft(LABEL.temperature, attentionSchema.temperature),
  validKeys: rangeDraft(LABEL.validKeys, attentionSchema.validKeys),
  q: matrixDraft(LABEL.q),
  k: matrixDraft(LABEL.k),
  v: matrixDraft(LABEL.v),
};
const MATRIX_FIELDS = ['q', 'k', 'v'] as const;

export function AttentionCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  const { state, update } = useCalculatorState(embedId, attentionSpec, initial as AttentionState, preset);
  const handle = useValidatedDrafts(embedId, state, update, FIELDS, (s) => attentionSpec.check?.(s) ?? []);
  const { format } = useNumberFormat();
  useArithmeticParser(handle);

  const call = useMemo(
    () => attentionCall(state),
    // The fields attentionCall reads (state itself is a new object on every store change).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.tokens.length, state.source, state.seed, state.d, state.q, state.k, state.v, state.scale, state.customScale, state.temperature, state.causal, state.padding, state.validKeys],
  );
  const key = JSON.stringify([state.tokens.length, state.source, state.seed, state.d, state.q, state.k, state.v, call.options.scale, state.causal, state.padding, state.validKeys]);
  const { result, error, slow, computing } = useWorkerOp(embedId, 'scaledDotProductAttention', [call.q, call.k, call.v, call.options], key);

  // Labels: the state's tokens, unless the result on screen is for another count (the last good one).
  const resultTokens = useMemo(() => state.tokens, [result]); // eslint-disable-line react-hooks/exhaustive-deps
  const tokens = result && result.weights.rows !== state.tokens.length ? resultTokens : state.tokens;
  // The core marks blocked positions with -Infinity in the scores.
  const blocked = useMemo(() => (result ? Uint8Array.from(result.scores.data, (x) => (x === -Infinity ? 1 : 0)) : undefined), [result]);

  const snippetInput = () => {
    const { q, k, v, scale, temperature, mask } = attentionCall(state);
    return { q, k, v, scale, temperature, causal: state.causal, tokens: state.tokens, ...(mask ? { mask } : {}) };
  };
  const exports = {
    numpy: () => numpyAttentionSnippet(snippetInput()),
    pytorch: () => pytorchAttentionSnippet(snippetInput()),
    ...(result ? { csv: () => matrixToCsv(result.weights, { rowLabels: tokens, colLabels: tokens }) } : {}),
  };
  const show = (panel: string) => state.show.includes(panel);
  const typed = state.source === 'typed';
  const workerError = error && !handle.hasErrors ? error : null;

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={attentionSpec}
      exports={exports}
      slow={slow}
      description="Each token's query is compared with every key; the softmax of the scaled scores weights the values. Hover a heatmap, or move through it with the arrow keys, to read each number."
    >
      <div className="calculator-controls">
        <div className={parts.stackControls}>
          <DraftInput label={LABEL.tokens} name="tokens" handle={handle} wide hint="separated by spaces; one row of Q, K and V each" />
        </div>

        <fieldset>
          <legend>{LABEL.source}</legend>
          <div className="calculator-row">
            <label>
              <input type="radio" name={`${domId}-source`} checked={!typed} onChange={() => update(switchToSeed())} /> From a seed
            </label>
            <label>
              <input type="radio" name={`${domId}-source`} checked={typed} onChange={() => update(switchToTyped(state))} /> Type or paste
            </label>
          </div>
          {typed ? (
            <>
              <div className="calculator-matrices">
                {MATRIX_FIELDS.map((name) => (
                  <MatrixTextField key={name} label={LABEL[name]} name={name} rows={state.tokens.length} handle={handle} />
                ))}
              </div>
              <p className="calculator-hint">
                One row per token, numbers separated by spaces or commas, or JSON. Cells may be arithmetic: 1/sqrt(2), pi/4, e^-1.
              </p>
            </>
          ) : (
            <div className={parts.stackControls}>
              <DraftInput label={LABEL.seed} name="seed" handle={handle} type="number" />
              <DraftInput label={LABEL.d} name="d" handle={handle} type="number" hint="width of Q, K and V" />
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Scale and temperature</legend>
          <div className="calculator-row">
            {(
              [
                ['inv-sqrt-d', '1/√d'],
                ['one', '1'],
                ['custom', 'custom'],
              ] as const
            ).map(([value, text]) => (
              <label key={value}>
                <input type="radio" name={`${domId}-scale`} checked={state.scale === value} onChange={() => update({ scale: value })} /> {text}
              </label>
            ))}
          </div>
          <div className={parts.stackControls}>
            {state.scale === 'custom' && <DraftInput label={LABEL.customScale} name="customScale" handle={handle} type="number" />}
            <DraftInput label={LABEL.temperature} name="temperature" handle={handle} type="number" hint="below 1 sharpens, above 1 flattens" />
          </div>
        </fieldset>

        <fieldset>
          <legend>Masks</legend>
          <div className="calculator-row">
            <label>
              <input type="checkbox" checked={state.causal} onChange={(e) => update({ causal: e.target.checked })} /> Causal (a token sees itself and earlier tokens)
            </label>
            <label>
              <input type="checkbox" checked={state.padding} onChange={(e) => update(togglePadding(state, e.target.checked))} /> Padding
            </label>
          </div>
          {state.padding && (
            <div className={parts.stackControls}>
              <DraftInput label={LABEL.validKeys} name="validKeys" handle={handle} type="number" hint={`of ${state.tokens.length}; the rest is padding`} />
            </div>
          )}
        </fieldset>
      </div>

      <div className="calculator-results" aria-busy={computing}>
        <p className="calculator-formula">
          <KatexFormula tex={attentionFormula(state)} label="Formula of the current setting" />
        </p>
        {workerError && (
          <p className="field-error" role="alert">
            {workerError.message}
          </p>
        )}
        {result && (handle.hasErrors || workerError) && <p className="calculator-stale">Showing the last valid result until the input above is fixed.</p>}
        {result && (
          <>
            {show('weights') && (
              <AttentionHeatmap matrix={result.weights} rowLabels={tokens} colLabels={tokens} blocked={blocked} title="Attention weights" valueLabel="weight" scale="sequential" />
            )}
            {show('scores') && (
              <AttentionHeatmap
                matrix={result.scores}
                rowLabels={tokens}
                colLabels={tokens}
                blocked={blocked}
                title="Scores (QKᵀ × scale, before softmax)"
                valueLabel="score"
                scale="diverging"
              />
            )}
            {show('output') && <MatrixTable matrix={result.output} rowLabels={tokens} caption="Output: weights · V (one row per query token)" format={format} />}
          </>
        )}
      </div>
    </CalculatorFrame>
  );
}

/**
 * Loads the arithmetic parser the first time a typed cell needs it, then commits the drafts again
 * (they could not be read without it).
 */
function useArithmeticParser(handle: DraftsHandle) {
  const waiting = MATRIX_FIELDS.find((name) => handle.errors[name] === READING_ARITHMETIC);
  const handleRef = useRef(handle);
  handleRef.current = handle;
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (waiting === undefined) return;
    let live = true;
    loadExpressionEvaluator().then((evaluate) => {
      evaluator = evaluate;
      if (!live) return;
      const current = handleRef.current;
      current.setDraft(waiting, current.drafts[waiting] ?? '');
      setLoaded((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [waiting]);
}

/** A typed matrix: a labelled textarea, one row per token, with the message that keeps it from applying. */
function MatrixTextField({ label, name, rows, handle }: { label: string; name: string; rows: number; handle: DraftsHandle }) {
  const id = useId();
  const message = handle.errors[name];
  const pending = message === READING_ARITHMETIC;
  const error = message && !pending ? message : undefined;
  return (
    <div className="calculator-matrix-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={handle.drafts[name] ?? ''}
        rows={Math.min(8, Math.max(2, rows))}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => handle.setDraft(name, e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      {pending && (
        <p className="calculator-hint" role="status">
          {READING_ARITHMETIC}
        </p>
      )}
    </div>
  );
}
