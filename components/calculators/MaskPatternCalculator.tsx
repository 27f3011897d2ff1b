'use client';
/**
 * Masks and long sequences: pick a pattern and n, see the n × n mask, its density, the cost
 * model's FLOPs and memory against full attention (at this n and over n on log–log axes), and —
 * for n ≤ 2048 — what the lab's own kernel, which skips the mask's empty tiles, measurably does with it.
 * Everything is computed in the worker (lib/calculators/maskExplorer.ts); the state → arguments
 * mapping is lib/calculators/maskPatternSpec.ts.
 */
import { useMemo, useState } from 'react';
import {
  curveLengths,
  describePattern,
  fittedNotes,
  maskPatternSpec,
  maskViewLabels,
  PATTERN_FIELDS,
  PATTERN_NAMES,
  patternFromState,
  rawPattern,
  scaledQuantity,
  timingRefusal,
  type MaskPatternState,
  MASK_PATTERN_LABELS,
} from '../../lib/calculators/maskPatternSpec';
import { EXPLORER_PATTERN_KINDS, MASK_EXPLORER_MAX_N, MASK_EXPLORER_MIN_N, type MaskTimingInput } from '../../lib/calculators/maskExplorer';
import type { CostPrecision } from '../../lib/costModel';
import { matrixToCsv } from '../../lib/snippets/csv';
import { numpyMaskSnippet, pytorchMaskSnippet } from '../../lib/snippets/maskSnippets';
import { AttentionHeatmap } from '../AttentionHeatmap';
import { LineChart } from '../charts/LineChart';
import { parseFieldInput } from '../../lib/calculators/fieldInput';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import parts from './calculatorParts.module.css';
import { DraftNumberField } from './DraftInput';
import { useCalculatorState } from './useCalculatorState';
import { useFieldDrafts } from './useDraftField';
import { useWorkerOp } from './useWorkerOp';
import styles from './MaskPatternCalculator.module.css';

type NumericField = 'n' | 'd' | 'heads' | 'validFraction' | 'radius' | 'dilation' | 'blockSize' | 'windowBlocks' | 'globalBlocks' | 'randomBlocks' | 'stride' | 'seed';

/** The spec's labels: the text beside each field is the name its messages use. */
const FIELD_LABELS: Readonly<Record<NumericField | 'globalTokens', string>> = MASK_PATTERN_LABELS;

const PRECISIONS: readonly CostPrecision[] = ['fp32', 'fp16', 'bf16', 'int8'];
/** Timed runs of each variant (after one warm-up); the median is shown. */
const TIMING_REPEATS = 3;

export function MaskPatternCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const { state, update } = useCalculatorState(embedId, maskPatternSpec, initial as MaskPatternState, preset);
  const { drafts, commit } = useFieldDrafts(embedId);
  const { format } = useNumberFormat();

  const pattern = patternFromState(state);
  const patternKey = JSON.stringify(pattern);
  const notes = fittedNotes(state);

  // The mask arrives pooled to at most 512 a side (the pooling runs in the worker, not here).
  const mask = useWorkerOp(embedId, 'maskPatternView', [{ n: state.n, pattern }], `${state.n}|${patternKey}`);
  const costInput = { n: state.n, d: state.d, heads: state.heads, precision: state.precision, pattern };
  const cost = useWorkerOp(embedId, 'computeMaskCost', [costInput], `${state.n}|${state.d}|${state.heads}|${state.precision}|${patternKey}`);
  const ns = curveLengths(state.n);
  const raw = rawPattern(state);
  const curve = useWorkerOp(
    embedId,
    'maskCostCurve',
    [{ d: state.d, heads: state.heads, precision: state.precision, pattern: raw, ns }],
    `${state.d}|${state.heads}|${state.precision}|${JSON.stringify(raw)}|${ns.join(',')}`,
  );

  // Measuring runs only when asked; the result keeps the description of what was measured.
  const [measureRequest, setMeasureRequest] = useState<{ id: number; args: MaskTimingInput; what: string } | null>(null);
  const timing = useWorkerOp(embedId, 'timeMaskedAttention', measureRequest ? [measureRequest.args] : null, String(measureRequest?.id ?? 'none'), { timeoutMs: 120_000 });
  const refusal = timingRefusal(state);
  const measure = () => {
    const headDim = state.d / state.heads;
    setMeasureRequest({
      id: Date.now(),
      args: { n: state.n, d: headDim, pattern, seed: state.seed, repeats: TIMING_REPEATS },
      what: `${describePattern(pattern)}, n = ${state.n}, one head of width ${headDim}`,
    });
  };

  const maskLabels = useMemo(() => (mask.result ? maskViewLabels(mask.result.n, mask.result.factor) : undefined), [mask.result]);

  const commitNumber = (field: NumericField | 'globalTokens', text: string) =>
    commit(field, text, parseFieldInput(maskPatternSpec, state, field, text, FIELD_LABELS[field]), (value) =>
      update({ [field]: value } as Partial<MaskPatternState>),
    );
  const setChoice = (patch: Partial<MaskPatternState>) => update(patch);

  const numberField = (field: NumericField) => (
    <DraftNumberField
      key={field}
      label={FIELD_LABELS[field]}
      schema={maskPatternSpec.schema[field]}
      decimalStep={0.05}
      value={state[field]}
      draft={drafts[field]}
      errorId={`${embedId}-${field}-error`}
      onChange={(text) => commitNumber(field, text)}
    />
  );

  const tokensDraft = drafts.globalTokens;
  const tokensErrorId = `${embedId}-globalTokens-error`;
  const paramFields = PATTERN_FIELDS[state.pattern];

  const exports = {
    numpy: () => numpyMaskSnippet({ n: state.n, pattern, description: describePattern(pattern) }),
    pytorch: () => pytorchMaskSnippet({ n: state.n, pattern, description: describePattern(pattern), d: state.d, heads: state.heads, seed: state.seed }),
    csv: () => {
      const points = curve.result?.points;
      if (!points) throw new Error('the cost curve is still being computed');
      return matrixToCsv(
        points.map((p) => [p.n, p.density, p.fullFlops, p.patternFlops, p.fullBytes, p.patternBytes]),
        { colLabels: ['n', 'density', 'full_flops', 'pattern_flops', 'full_bytes', 'pattern_bytes'] },
      );
    },
  };

  const quantity = (x: number, kind: 'flops' | 'bytes') => {
    const { value, unit } = scaledQuantity(x, kind);
    return `${format(value)} ${unit}`;
  };
  const c = cost.result;
  const points = curve.result?.points ?? [];
  const current = points.find((p) => p.n === state.n);
  const patternLabel = PATTERN_NAMES[state.pattern];
  const markers = (key: 'Flops' | 'Bytes') =>
    current
      ? [
          // The chart's text already says where ("sequence length n 16"): the label names the line.
          { x: current.n, y: current[`full${key}`], label: 'full', series: 0 },
          { x: current.n, y: current[`pattern${key}`], label: patternLabel, series: 1 },
        ]
      : [];
  const error = mask.error ?? cost.error ?? curve.error;
  const t = timing.result;

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={maskPatternSpec}
      description="Which keys each query may see, how much of the n × n score matrix that keeps, and what it saves — by the cost model and on this machine."
      exports={exports}
      slow={mask.slow || cost.slow || curve.slow || timing.slow}
    >
      <div className={styles.controls}>
        <div className="calculator-row">
          <label>
            Pattern{' '}
            <select value={state.pattern} onChange={(e) => setChoice({ pattern: e.target.value as MaskPatternState['pattern'] })}>
              {EXPLORER_PATTERN_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {PATTERN_NAMES[kind]}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.slider}>
            Sequence length (powers of two){' '}
            <input
              type="range"
              min={Math.log2(MASK_EXPLORER_MIN_N)}
              max={Math.log2(MASK_EXPLORER_MAX_N)}
              step={1}
              value={Math.round(Math.log2(state.n))}
              aria-valuetext={`n = ${2 ** Math.round(Math.log2(state.n))}`}
              onChange={(e) => update({ n: 2 ** Number(e.target.value) })}
            />
          </label>
          {numberField('n')}
        </div>
        <div className="calculator-row">
          {numberField('d')}
          {numberField('heads')}
          <label>
            Precision{' '}
            <select value={state.precision} onChange={(e) => setChoice({ precision: e.target.value as CostPrecision })}>
              {PRECISIONS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </div>
        {paramFields.length > 0 && (
          <fieldset>
            <legend>{patternLabel}: parameters</legend>
            <div className="calculator-row">
              {paramFields.map((field) =>
                field === 'globalTokens' ? (
                  <div className={parts.column} key={field}>
                    <label>
                      {FIELD_LABELS.globalTokens}{' '}
                      <input
                        type="text"
                        inputMode="numeric"
                        value={tokensDraft ? tokensDraft.text : state.globalTokens.join(', ')}
                        onChange={(e) => commitNumber('globalTokens', e.target.value)}
                        aria-invalid={tokensDraft?.error ? true : undefined}
                        aria-describedby={tokensDraft?.error ? tokensErrorId : `${embedId}-globalTokens-hint`}
                      />
                    </label>
                    <span id={`${embedId}-globalTokens-hint`} className="calculator-hint">
                      positions from 0, separated by commas
                    </span>
                    {tokensDraft?.error && (
                      <p id={tokensErrorId} className="field-error" role="alert">
                        {tokensDraft.error}
                      </p>
                    )}
                  </div>
                ) : (
                  numberField(field as NumericField)
                ),
              )}
            </div>
          </fieldset>
        )}
        {notes.map((note) => (
          <p key={note} className="calculator-hint">
            {note}
          </p>
        ))}
      </div>

      {error && (
        <p className="field-error" role="alert">
          {error.message} {mask.result ? 'Showing the last valid result.' : ''}
        </p>
      )}

      <div className={styles.summary} aria-live="polite">
        {mask.result && (
          <p data-testid="mask-density">
            <strong>Density {format(mask.result.density)}</strong>: {mask.result.allowedPairs.toLocaleString('en')} of{' '}
            {(mask.result.n * mask.result.n).toLocaleString('en')} query–key pairs allowed ({describePattern(mask.result.pattern)}, n = {mask.result.n}).
          </p>
        )}
      </div>

      {mask.result && (
        <>
          {mask.result.factor > 1 && (
            <p className="calculator-hint" data-testid="mask-pooled">
              {mask.result.n} × {mask.result.n}, shown at {mask.result.view.rows} × {mask.result.view.cols}: each cell stands for {mask.result.factor} × {mask.result.factor}{' '}
              query–key pairs and shows the share of them that is allowed.
            </p>
          )}
          <AttentionHeatmap
            matrix={mask.result.view}
            rowLabels={maskLabels}
            colLabels={maskLabels}
            title={`Mask, ${mask.result.n} × ${mask.result.n} (1 = may attend)`}
            valueLabel={mask.result.factor > 1 ? 'share allowed' : 'allowed'}
            scale="sequential"
            pooling="mean"
            showValues={false}
          />
          <p className="calculator-hint">Rows are queries, columns keys (positions from 0). Yellow: may attend; dark: blocked.</p>
        </>
      )}

      {c && (
        <table className={`${parts.numbersTable} ${styles.costTable}`}>
          <caption>
            Cost model at n = {c.full.n}, d = {c.full.d}, {c.full.heads} heads of {c.full.headDim}, {c.full.precision} (one layer&apos;s attention core)
          </caption>
          <thead>
            <tr>
              <th scope="col">quantity</th>
              <th scope="col">full</th>
              <th scope="col">{patternLabel.toLowerCase()}</th>
              <th scope="col">ratio</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">FLOPs (QKᵀ, softmax, ×V)</th>
              <td>{quantity(c.full.flops, 'flops')}</td>
              <td>{quantity(c.pattern.flops, 'flops')}</td>
              <td data-testid="flop-ratio">{format(c.flopRatio)}</td>
            </tr>
            <tr>
              <th scope="row">Score matrix memory (all heads)</th>
              <td>{quantity(c.full.scoreBytes, 'bytes')}</td>
              <td>{quantity(c.pattern.scoreBytes, 'bytes')}</td>
              <td>{format(c.scoreBytesRatio)}</td>
            </tr>
            <tr>
              <th scope="row">Q, K, V in + output out</th>
              <td>{quantity(c.full.inputBytes + c.full.outputBytes, 'bytes')}</td>
              <td>{quantity(c.pattern.inputBytes + c.pattern.outputBytes, 'bytes')}</td>
              <td>1</td>
            </tr>
          </tbody>
        </table>
      )}
      <p className="calculator-hint">
        The model counts only allowed pairs — what a kernel that skips blocked pairs achieves. A dense kernel that merely masks still computes and stores all n² scores; this
        site&apos;s kernel skips the blocked tiles (Measure, below).
      </p>

      {points.length > 0 && (
        <div className={styles.charts}>
          <LineChart
            title="FLOPs over n (log–log)"
            series={[
              { label: 'full', points: points.map((p) => ({ x: p.n, y: p.fullFlops })) },
              { label: patternLabel, points: points.map((p) => ({ x: p.n, y: p.patternFlops })), dashed: true },
            ]}
            x={{ label: 'sequence length n', scale: 'log' }}
            y={{ label: 'FLOPs', scale: 'log' }}
            markers={markers('Flops')}
            summary={`Full attention grows as n²; ${patternLabel.toLowerCase()} ${current ? `is ${format(current.patternFlops / current.fullFlops)} of it at n = ${current.n}` : ''}.`}
          />
          <LineChart
            title="Bytes moved over n (log–log): Q, K, V, scores, output"
            series={[
              { label: 'full', points: points.map((p) => ({ x: p.n, y: p.fullBytes })) },
              { label: patternLabel, points: points.map((p) => ({ x: p.n, y: p.patternBytes })), dashed: true },
            ]}
            x={{ label: 'sequence length n', scale: 'log' }}
            y={{ label: 'bytes', scale: 'log' }}
            markers={markers('Bytes')}
          />
        </div>
      )}

      {/* Until something is measured it is a button and a hint: a control row, left out of print and the projector. */}
      <section
        className={`${styles.measure}${t || timing.computing || timing.error ? '' : ' control-row'}`}
        aria-labelledby={`${embedId}-measure`}
      >
        <h4 id={`${embedId}-measure`}>Measured on this machine</h4>
        <div className="calculator-row">
          <button type="button" onClick={measure} disabled={refusal !== null || timing.computing} aria-describedby={`${embedId}-measure-hint`}>
            {timing.computing ? 'Measuring…' : 'Measure'}
          </button>
          <span id={`${embedId}-measure-hint`} className="calculator-hint">
            {refusal ?? `Runs full attention and the masked version ${TIMING_REPEATS + 1} times each on random q, k, v in the worker; shows the medians.`}
          </span>
        </div>
        {timing.computing && (
          <p role="status">
            {timing.slow && <progress aria-label="Measuring" />} Measuring {measureRequest?.what}…
          </p>
        )}
        {timing.error && (
          <p className="field-error" role="alert">
            {timing.error.message}
          </p>
        )}
        {t && measureRequest && (
          <div data-testid="timing-result">
            <table className={`${parts.numbersTable} ${styles.costTable}`}>
              <caption>{measureRequest.what} — {t.kernel === 'wasm-simd' ? 'WebAssembly SIMD kernel, float32' : 'TypeScript kernel'}</caption>
              <thead>
                <tr>
                  <th scope="col">variant</th>
                  <th scope="col">median time</th>
                  <th scope="col">÷ full</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">full (no mask)</th>
                  <td>{format(t.fullMs)} ms</td>
                  <td>1</td>
                </tr>
                <tr>
                  <th scope="row">with the mask (density {format(t.density)})</th>
                  <td>{format(t.patternMs)} ms</td>
                  <td>{format(t.measuredRatio)}</td>
                </tr>
                {t.causalFlagMs !== undefined && (
                  <tr>
                    <th scope="row">causal flag instead of a mask</th>
                    <td>{format(t.causalFlagMs)} ms</td>
                    <td>{format(t.fullMs > 0 ? t.causalFlagMs / t.fullMs : 1)}</td>
                  </tr>
                )}
                {t.descriptionMs !== undefined && (
                  <tr>
                    <th scope="row">the pattern as a description (no n × n mask)</th>
                    <td>{format(t.descriptionMs)} ms</td>
                    <td>{format(t.fullMs > 0 ? t.descriptionMs / t.fullMs : 1)}</td>
                  </tr>
                )}
                {c && c.full.n === t.n && (
                  <tr>
                    <th scope="row">cost model&apos;s FLOP ratio</th>
                    <td>—</td>
                    <td>{format(c.flopRatio)}</td>
                  </tr>
                )}
              </tbody>
            </table>
            <p className="calculator-hint">
              Why the time follows the density but stays above the model: this kernel cuts the mask into tiles of 2 queries × 4 keys, finds the tiles with nothing allowed
              and skips them in Q·Kᵀ, the softmax and the product with V. A tile on the pattern&apos;s edge is computed whole, so scattered patterns (strided, dilated) pay for
              more pairs than they allow, and every call still writes all n² scores (−∞ where blocked) because the result shows them. A kernel that returns only the output
              would get closer to the model&apos;s ratio.
            </p>
          </div>
        )}
      </section>
    </CalculatorFrame>
  );
}
