'use client';
/**
 * Precision and pruning: one seeded attention computed in fp32, fp16, bf16 and int8 next to the
 * float64 reference, with the error of weights and outputs; then pruning, which drops weights
 * below a threshold and renormalises each row, with the pruned weights, the sparsity, the output
 * error and the whole sparsity–error curve. Both computations run in the worker
 * (lib/calculators/precisionPruning.ts); the state is lib/calculators/precisionPruningSpec.ts.
 */
import { useId, useMemo } from 'react';
import { COMPARED_FORMATS, pruneWeights, type PrecisionComparisonResult } from '../../lib/calculators/precisionPruning';
import {
  PRECISION_MAX_D,
  PRECISION_MAX_TOKENS,
  precisionInputs,
  precisionPruningSpec,
  sweepThresholds,
  type PrecisionPruningState,
  PRECISION_PRUNING_LABELS,
} from '../../lib/calculators/precisionPruningSpec';
import type { SimulatedFormat } from '../../lib/precision';
import { matrixToCsv } from '../../lib/snippets/csv';
import { numpyPrecisionPruningSnippet, pytorchPrecisionPruningSnippet } from '../../lib/snippets/precisionPruningSnippets';
import { AttentionHeatmap, SmallMultiplesNote } from '../AttentionHeatmap';
import { ColourLegend, sharedLegendScope, useSharedColours } from '../ColourLegend';
import { ruleMask } from '../../lib/heatmap/raster';
import { LineChart } from '../charts/LineChart';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import parts from './calculatorParts.module.css';
import { NumberField } from './NumberField';
import type { CalculatorComponentProps } from './calculatorComponents';
import styles from './PrecisionPruningCalculator.module.css';
import { useCalculatorState } from './useCalculatorState';
import { useWorkerOp } from './useWorkerOp';

const FORMAT_NAMES: Readonly<Record<SimulatedFormat, string>> = {
  fp64: 'float64',
  fp32: 'fp32',
  fp16: 'fp16',
  bf16: 'bf16',
  int8: 'int8',
};

export function PrecisionPruningCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  const { state, update } = useCalculatorState(embedId, precisionPruningSpec, initial as PrecisionPruningState, preset);
  const { format } = useNumberFormat();

  const inputs = useMemo(() => precisionInputs(state), [state.n, state.d, state.seed, state.spread, state.causal]); // eslint-disable-line react-hooks/exhaustive-deps
  const inputKey = JSON.stringify([state.n, state.d, state.seed, state.spread, state.causal]);
  const comparison = useWorkerOp(embedId, 'computePrecisionComparison', [inputs], inputKey);
  const thresholds = useMemo(() => sweepThresholds(state.threshold), [state.threshold]);
  const sweep = useWorkerOp(embedId, 'pruningSweep', [{ ...inputs, thresholds }], `${inputKey}|${state.threshold}`);

  const tokens = useMemo(() => Array.from({ length: state.n }, (_, i) => `t${i + 1}`), [state.n]);
  const blocked = state.causal ? ('causal' as const) : undefined;
  const precision = comparison.result;
  // The reference and each format side by side: one scale and one legend for all of them.
  const precisionMask = precision && blocked ? ruleMask(blocked, precision.nq, precision.nk) : null;
  const precisionColours = useSharedColours(
    'sequential',
    precision ? [precision.referenceWeights, ...precision.formats.map((f) => f.weights)].map((data) => ({ data, blocked: precisionMask })) : [],
  );
  const sweepResult = sweep.result;
  // The pruned matrix itself (≤ 16 × 16 = 256 cells, a few microseconds): the worker's sweep
  // returns numbers per threshold, not matrices.
  const pruned = useMemo(() => {
    if (!sweepResult) return null;
    return pruneWeights({ rows: sweepResult.nq, cols: sweepResult.nk, data: sweepResult.weights }, state.threshold);
  }, [sweepResult, state.threshold]);
  const current = sweepResult?.points.find((p) => p.threshold === state.threshold) ?? null;
  const curve = useMemo(
    () => (sweepResult ? [{ label: 'relative output error', points: sweepResult.points.map((p) => ({ x: p.sparsity, y: p.relativeFrobeniusError })) }] : []),
    [sweepResult],
  );
  const error = comparison.error ?? sweep.error;

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={precisionPruningSpec}
      slow={comparison.slow || sweep.slow}
      description="The same attention in lower precisions, measured against float64; then small weights pruned away and the cost of that in the output."
      exports={{
        numpy: () => numpyPrecisionPruningSnippet({ ...precisionInputs(state), causal: state.causal, threshold: state.threshold }),
        pytorch: () => pytorchPrecisionPruningSnippet({ ...precisionInputs(state), causal: state.causal, threshold: state.threshold }),
        csv: () => {
          if (!pruned) throw new Error('nothing computed yet');
          return matrixToCsv(pruned.weights, { rowLabels: tokens, colLabels: tokens });
        },
      }}
    >
      <div className="calculator-row">
        <NumberField label={PRECISION_PRUNING_LABELS.n} value={state.n} min={2} max={PRECISION_MAX_TOKENS} onValid={(n) => update({ n })} integer />
        <NumberField label={PRECISION_PRUNING_LABELS.d} value={state.d} min={1} max={PRECISION_MAX_D} onValid={(d) => update({ d })} integer />
        <NumberField label={PRECISION_PRUNING_LABELS.seed} value={state.seed} min={0} max={2 ** 31 - 1} onValid={(seed) => update({ seed })} integer />
        <NumberField label={PRECISION_PRUNING_LABELS.spread} value={state.spread} min={0.1} max={400} onValid={(spread) => update({ spread })} />
        <label>
          <input type="checkbox" checked={state.causal} onChange={(e) => update({ causal: e.target.checked })} /> Causal
        </label>
      </div>
      <p className="calculator-hint">
        Q and K have entries drawn from N(0, spread²), V from N(0, 1); scores grow like spread², so a large spread gives a sharp softmax and, past about
        spread 150, fp16 overflow.
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error.message} Showing the last valid result.
        </p>
      ) : null}

      <h4 className={styles.heading}>Precision</h4>
      {precision ? (
        <>
          <SmallMultiplesNote rows={precision.nq} cols={precision.nk} what="matrix of weights" />
          <div className={styles.heatmaps}>
            <AttentionHeatmap
              matrix={{ rows: precision.nq, cols: precision.nk, data: precision.referenceWeights }}
              rowLabels={tokens}
              colLabels={tokens}
              blocked={blocked}
              title="Weights, float64 (reference)"
              valueLabel="weight"
              colours={precisionColours.policy}
              showValues={false}
              render="canvas"
              smallMultiple
            />
            {precision.formats.map((f) => (
              <AttentionHeatmap
                key={f.format}
                matrix={{ rows: precision.nq, cols: precision.nk, data: f.weights }}
                rowLabels={tokens}
                colLabels={tokens}
                blocked={blocked}
                title={`Weights, ${FORMAT_NAMES[f.format]}`}
                valueLabel="weight"
                colours={precisionColours.policy}
                showValues={false}
                render="canvas"
                smallMultiple
              />
            ))}
          </div>
          <ColourLegend
            policy={precisionColours.policy}
            valueLabel="weight"
            these={sharedLegendScope(precision.formats.length + 1, 'matrices')}
            showMasked={blocked !== undefined}
            stretch={precisionColours.stretch}
          />
          <ErrorTable precision={precision} format={format} />
        </>
      ) : null}

      <h4 className={styles.heading}>Pruning</h4>
      <div className={styles.sliderRow}>
        <label htmlFor={`${domId}-threshold`}>{PRECISION_PRUNING_LABELS.threshold}</label>
        <input
          id={`${domId}-threshold`}
          type="range"
          min={0}
          max={0.5}
          step={0.005}
          value={Math.min(state.threshold, 0.5)}
          onChange={(e) => update({ threshold: Number(e.target.value) })}
          className={parts.slider}
        />
        <NumberField label="exact threshold" value={state.threshold} min={0} max={1} onValid={(threshold) => update({ threshold })} hideLabel />
      </div>
      <p className="calculator-hint">Weights strictly below the threshold are set to 0 and each row is divided by what is left; a row with nothing left keeps its largest weight.</p>
      {pruned ? (
        <div className={styles.pruning}>
          <AttentionHeatmap
            matrix={pruned.weights}
            rowLabels={tokens}
            colLabels={tokens}
            blocked={blocked}
            title={`Pruned weights (threshold ${format(state.threshold)})`}
            valueLabel="weight"
            showValues={false}
          />
          <dl className={styles.stats} aria-live="polite">
            <dt>Sparsity</dt>
            <dd data-testid="sparsity">
              {format(pruned.sparsity * 100)} % ({pruned.dropped} of {pruned.nonZero} weights dropped)
            </dd>
            <dt>Max |output change|</dt>
            <dd>{current ? format(current.maxAbsError) : '…'}</dd>
            <dt>Relative output error</dt>
            <dd data-testid="relative-error">{current ? format(current.relativeFrobeniusError) : '…'}</dd>
            <dt>Rows kept at their maximum</dt>
            <dd>{pruned.rowsKeptAtMax.length}</dd>
          </dl>
        </div>
      ) : null}
      {sweepResult ? (
        <LineChart
          title="Sparsity against output error"
          series={curve}
          x={{ label: 'sparsity (share of weights dropped)', scale: 'linear', domain: [0, 1] }}
          y={{ label: '‖ΔO‖ / ‖O‖', scale: 'linear' }}
          markers={current ? [{ x: current.sparsity, y: current.relativeFrobeniusError, label: `threshold ${format(state.threshold)}`, series: 0 }] : []}
          summary="Each point is one threshold from 0 to 1; the error is the Frobenius norm of the output's change over that of the output."
          hideLegend
        />
      ) : null}
    </CalculatorFrame>
  );
}

const ERROR_TABLE_CAPTION = 'Error against float64 (largest and mean absolute difference over all cells)';

function ErrorTable({ precision, format }: { precision: PrecisionComparisonResult; format: (x: number) => string }) {
  return (
    // Six columns overflow a lesson's text column: the site's scroll box (globals.css
    // `table-scroll`) scrolls instead of the table and takes the focus, so a keyboard can scroll it.
    <div className={`${parts.tableScroll} table-scroll`} tabIndex={0} role="group" aria-label={ERROR_TABLE_CAPTION}>
      <table className={styles.table}>
        <caption>{ERROR_TABLE_CAPTION}</caption>
        <thead>
          <tr>
            <th scope="col">format</th>
            <th scope="col">weights max</th>
            <th scope="col">weights mean</th>
            <th scope="col">output max</th>
            <th scope="col">output mean</th>
            <th scope="col">overflowed scores</th>
          </tr>
        </thead>
        <tbody>
          {COMPARED_FORMATS.map((name) => {
            const f = precision.formats.find((x) => x.format === name);
            if (!f) return null;
            return (
              <tr key={name} data-format={name}>
                <th scope="row">{FORMAT_NAMES[name]}</th>
                <td>{format(f.weightsError.maxAbs)}</td>
                <td>{format(f.weightsError.meanAbs)}</td>
                <td>{format(f.outputError.maxAbs)}</td>
                <td>{format(f.outputError.meanAbs)}</td>
                <td>{f.overflowedScores}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
