'use client';
/**
 * Positional encodings: the sinusoidal table as a heatmap, how similar two positions' encodings
 * are (as a matrix and as a curve over the distance from a reference position), and rotary
 * embedding on one 2-D pair — q and k drawn as arrows, rotated by position·θ — with a table showing
 * that moving both positions by the same shift leaves q·k unchanged.
 * Computed in the worker (lib/calculators/positionalExplorer.ts); the state → arguments mapping
 * is lib/calculators/positionalEncodingSpec.ts.
 */
import { scaleLinear } from 'd3';
import { useId, useMemo } from 'react';
import { parseFieldInput } from '../../lib/calculators/fieldInput';
import {
  angleText,
  positionalEncodingSpec,
  rotaryArgs,
  ROTARY_SHIFTS,
  ROTARY_SLIDER_MAX,
  similarityArgs,
  sinusoidalArgs,
  type PositionalEncodingState,
  POSITIONAL_ENCODING_LABELS,
} from '../../lib/calculators/positionalEncodingSpec';
import { sinusoidalTableDerivedParts, type Vec2 } from '../../lib/calculators/positionalExplorer';
import { matrixToCsv } from '../../lib/snippets/csv';
import { numpyPositionalSnippet, pytorchPositionalSnippet } from '../../lib/snippets/positionalSnippets';
import { AttentionHeatmap } from '../AttentionHeatmap';
import { LineChart } from '../charts/LineChart';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import parts from './calculatorParts.module.css';
import { DraftNumberField } from './DraftInput';
import { useCalculatorState } from './useCalculatorState';
import { useFieldDrafts } from './useDraftField';
import { useWorkerOp } from './useWorkerOp';
import styles from './PositionalEncodingCalculator.module.css';

type NumericField = keyof PositionalEncodingState;

/** The spec's labels: the text beside each field is the name its messages use. */
const FIELD_LABELS: Readonly<Record<NumericField, string>> = POSITIONAL_ENCODING_LABELS;

/** Okabe–Ito vermillion and blue: q and k, told apart by label and line style too. */
const Q_COLOUR = '#D55E00';
const K_COLOUR = '#0072B2';
const THETA_SLIDER_MAX = 3.14;

const positionLabels = (n: number) => Array.from({ length: n }, (_, p) => String(p));
const dimensionLabels = (d: number) => Array.from({ length: d }, (_, c) => `${c % 2 === 0 ? 'sin' : 'cos'} ${Math.floor(c / 2)}`);

export function PositionalEncodingCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const { state, update } = useCalculatorState(embedId, positionalEncodingSpec, initial as PositionalEncodingState, preset);
  const { drafts, commit: commitDraft } = useFieldDrafts(embedId);
  const { format } = useNumberFormat();

  const tableArgs = sinusoidalArgs(state);
  const table = useWorkerOp(
    embedId,
    'computeSinusoidalTable',
    [tableArgs],
    `${tableArgs.n}|${tableArgs.d}|${tableArgs.base}`,
    { derive: sinusoidalTableDerivedParts },
  );
  const simArgs = similarityArgs(state);
  const similarity = useWorkerOp(embedId, 'positionSimilarity', [simArgs], `${simArgs.n}|${simArgs.d}|${simArgs.base}|${simArgs.reference}`);
  const rot = rotaryArgs(state);
  const rotKey = JSON.stringify(rot);
  const rotary = useWorkerOp(embedId, 'rotaryPairDemo', [rot], rotKey);
  const offsets = useWorkerOp(embedId, 'rotaryOffsetInvariance', [{ ...rot, shifts: [...ROTARY_SHIFTS] }], rotKey);

  const commit = (field: NumericField, text: string) => {
    // A smaller n pulls the reference position inside it rather than refusing the new n.
    const typedN = Number(text);
    const base =
      field === 'n' && text.trim() !== '' && Number.isInteger(typedN) && typedN >= 1 && state.reference >= typedN
        ? { ...state, reference: typedN - 1 }
        : state;
    commitDraft(field, text, parseFieldInput(positionalEncodingSpec, base, field, text, FIELD_LABELS[field]), (value) =>
      update({ [field]: value, ...(base !== state ? { reference: base.reference } : {}) } as Partial<PositionalEncodingState>),
    );
  };

  const numberField = (field: NumericField, step?: number) => (
    <DraftNumberField
      key={field}
      label={FIELD_LABELS[field]}
      schema={positionalEncodingSpec.schema[field]}
      step={step}
      decimalStep={0.1}
      value={state[field]}
      draft={drafts[field]}
      errorId={`${embedId}-${field}-error`}
      onChange={(text) => commit(field, text)}
    />
  );

  /** A slider writes the state directly (its values are always valid) and drops that field's draft. */
  const slider = (field: 'positionQ' | 'positionK' | 'theta' | 'reference', label: string, min: number, max: number, step: number) => (
    <label className={styles.slider} key={`${field}-slider`}>
      {label}{' '}
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={Math.min(max, Math.max(min, state[field]))}
        onChange={(e) => {
          const value = field === 'theta' ? Number(Number(e.target.value).toFixed(2)) : Math.round(Number(e.target.value));
          update({ [field]: value } as Partial<PositionalEncodingState>);
        }}
      />
    </label>
  );

  const tableMatrix = useMemo(
    () => (table.result ? { rows: table.result.n, cols: table.result.d, data: table.result.values } : null),
    [table.result],
  );
  const simMatrix = useMemo(
    () => (similarity.result ? { rows: similarity.result.n, cols: similarity.result.n, data: similarity.result.similarity } : null),
    [similarity.result],
  );
  const curvePoints = useMemo(
    () =>
      similarity.result
        ? Array.from(similarity.result.distances, (dist, q) => ({ x: dist, y: similarity.result!.similarityAtDistance[q] }))
        : [],
    [similarity.result],
  );

  const exports = {
    numpy: () => numpyPositionalSnippet({ ...simArgs, ...rot, shifts: ROTARY_SHIFTS }),
    pytorch: () => pytorchPositionalSnippet({ ...simArgs, ...rot, shifts: ROTARY_SHIFTS }),
    csv: () => {
      const r = similarity.result;
      if (!r) throw new Error('the similarities are still being computed');
      return matrixToCsv(
        Array.from(r.distances, (dist, q) => [q, dist, r.similarityAtDistance[q]]),
        { colLabels: ['position', 'distance_from_reference', 'dot_product'] },
      );
    },
  };

  const error = table.error ?? similarity.error ?? rotary.error ?? offsets.error;
  const r = rotary.result;
  const o = offsets.result;
  const sim = similarity.result;

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={positionalEncodingSpec}
      description="Sinusoidal encodings and how their similarity depends on distance; rotary embedding rotating a 2-D pair so that q·k sees only the offset."
      exports={exports}
      slow={table.slow || similarity.slow}
    >
      <h4>Sinusoidal encoding</h4>
      <div className="calculator-row">
        {numberField('n')}
        {numberField('d')}
        {numberField('base', 100)}
      </div>
      {state.d % 2 === 1 && <p className="calculator-hint">With odd d the last column is a sine without its cosine, so similarity no longer depends on the offset alone.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error.message} Showing the last valid result.
        </p>
      )}
      {tableMatrix && (
        <AttentionHeatmap
          matrix={tableMatrix}
          rowLabels={positionLabels(tableMatrix.rows)}
          colLabels={dimensionLabels(tableMatrix.cols)}
          title={`Sinusoidal PE: ${tableMatrix.rows} positions (rows) × ${tableMatrix.cols} dimensions (columns)`}
          valueLabel="PE"
          scale="diverging"
          showValues={false}
        />
      )}
      <p className="calculator-hint">
        Each column pair is a sine and a cosine of one frequency, base<sup>−2i/d</sup>: the left columns turn fast (wavelength 2π positions), the right ones slowly
        {table.result ? ` (up to ${format(table.result.wavelengths[table.result.d - 1])} positions)` : ''}. Every position gets a unique pattern.
      </p>

      <h4>Similarity between positions</h4>
      <div className="calculator-row">
        {numberField('reference')}
        {slider('reference', 'Reference (slider)', 0, state.n - 1, 1)}
      </div>
      {simMatrix && (
        <AttentionHeatmap
          matrix={simMatrix}
          rowLabels={positionLabels(simMatrix.rows)}
          colLabels={positionLabels(simMatrix.cols)}
          title={`PE[p] · PE[q], ${simMatrix.rows} × ${simMatrix.cols}`}
          valueLabel="dot product"
          scale="diverging"
          showValues={false}
        />
      )}
      {curvePoints.length > 0 && sim && (
        <LineChart
          title={`PE[${sim.reference}] · PE[q] against the distance q − ${sim.reference}`}
          series={[{ label: `similarity to position ${sim.reference}`, points: curvePoints }]}
          x={{ label: 'distance q − reference', scale: 'linear' }}
          y={{ label: 'dot product', scale: 'linear' }}
          markers={[{ x: 0, y: sim.similarityAtDistance[sim.reference], label: `itself: ${format(sim.similarityAtDistance[sim.reference])}` }]}
          summary={`Highest at distance 0 (${format(sim.similarityAtDistance[sim.reference])} = d/2 for even d), falling off with distance in both directions, symmetrically.`}
        />
      )}

      <h4>Rotary embedding on one pair</h4>
      <div className="calculator-row">
        {slider('positionQ', `Query position m = ${state.positionQ}`, 0, ROTARY_SLIDER_MAX, 1)}
        {slider('positionK', `Key position n = ${state.positionK}`, 0, ROTARY_SLIDER_MAX, 1)}
        {slider('theta', `θ = ${state.theta}`, -THETA_SLIDER_MAX, THETA_SLIDER_MAX, 0.01)}
      </div>
      <details className={styles.more}>
        <summary>Type positions, θ, q and k</summary>
        <div className="calculator-row">
          {numberField('positionQ')}
          {numberField('positionK')}
          {numberField('theta', 0.01)}
        </div>
        <div className="calculator-row">
          {numberField('qx')}
          {numberField('qy')}
          {numberField('kx')}
          {numberField('ky')}
        </div>
      </details>
      <div className={styles.rotary}>
        {r && <RotaryPlane q={[state.qx, state.qy]} k={[state.kx, state.ky]} qRotated={r.qRotated} kRotated={r.kRotated} />}
        {r && (
          <dl className={styles.readout} data-testid="rotary-readout">
            <dt>Angles</dt>
            <dd>
              q turned by m·θ = {angleText(r.angleQ, format)}, k by n·θ = {angleText(r.angleK, format)}
            </dd>
            <dt>q·k before rotation</dt>
            <dd>{format(r.dotUnrotated)}</dd>
            <dt>q·k after rotation</dt>
            <dd data-testid="rotary-dot">{format(r.dot)}</dd>
            <dt>Depends only on</dt>
            <dd>(n − m)·θ = {angleText(r.relativeAngle, format)}</dd>
          </dl>
        )}
      </div>
      {o && (
        <table className={parts.numbersTable}>
          <caption>Shift both positions by s: q·k stays the same (largest difference {format(o.maxDeviation)}, rounding only)</caption>
          <thead>
            <tr>
              <th scope="col">shift s</th>
              <th scope="col">positions (m + s, n + s)</th>
              <th scope="col">q·k</th>
            </tr>
          </thead>
          <tbody>
            {o.shifts.map((s, idx) => (
              <tr key={s}>
                <td>{s}</td>
                <td>
                  ({state.positionQ + s}, {state.positionK + s})
                </td>
                <td>{format(o.dots[idx])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </CalculatorFrame>
  );
}

/** The 2-D plane: q and k before (dashed) and after (solid) rotation, drawn by React, d3 for the scales. */
function RotaryPlane({ q, k, qRotated, kRotated }: { q: Vec2; k: Vec2; qRotated: Vec2; kRotated: Vec2 }) {
  const { format } = useNumberFormat();
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const size = 280;
  const pad = 24;
  const extent = Math.max(0.5, Math.hypot(...q), Math.hypot(...k)) * 1.25;
  const x = scaleLinear().domain([-extent, extent]).range([pad, size - pad]);
  const y = scaleLinear().domain([-extent, extent]).range([size - pad, pad]);
  const ticks = x.ticks(5);
  const arrow = (v: Vec2, colour: string, dashed: boolean, label: string, markerId: string) => (
    <g>
      <line x1={x(0)} y1={y(0)} x2={x(v[0])} y2={y(v[1])} stroke={colour} strokeWidth={dashed ? 1.5 : 2.5} strokeDasharray={dashed ? '5 4' : undefined} markerEnd={`url(#${markerId})`} opacity={dashed ? 0.7 : 1} />
      <text x={x(v[0] * 1.08)} y={y(v[1] * 1.08)} fill={colour} fontSize={12} textAnchor={v[0] >= 0 ? 'start' : 'end'} dominantBaseline="middle">
        {label}
      </text>
    </g>
  );
  return (
    <svg
      className={styles.plane}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={`q = (${q.map(format).join(', ')}) rotated to (${qRotated.map(format).join(', ')}); k = (${k.map(format).join(', ')}) rotated to (${kRotated.map(format).join(', ')}).`}
    >
      <defs>
        {[
          ['q', Q_COLOUR],
          ['k', K_COLOUR],
        ].map(([name, colour]) => (
          <marker key={name} id={`${id}-${name}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill={colour} />
          </marker>
        ))}
      </defs>
      {ticks.map((t) => (
        <g key={t} className={styles.grid}>
          <line x1={x(t)} x2={x(t)} y1={pad} y2={size - pad} />
          <line y1={y(t)} y2={y(t)} x1={pad} x2={size - pad} />
        </g>
      ))}
      <line className={styles.axis} x1={pad} x2={size - pad} y1={y(0)} y2={y(0)} />
      <line className={styles.axis} y1={pad} y2={size - pad} x1={x(0)} x2={x(0)} />
      <circle className={styles.orbit} cx={x(0)} cy={y(0)} r={x(Math.hypot(...q)) - x(0)} />
      <circle className={styles.orbit} cx={x(0)} cy={y(0)} r={x(Math.hypot(...k)) - x(0)} />
      {arrow(q, Q_COLOUR, true, 'q', `${id}-q`)}
      {arrow(k, K_COLOUR, true, 'k', `${id}-k`)}
      {arrow(qRotated, Q_COLOUR, false, 'R(mθ)q', `${id}-q`)}
      {arrow(kRotated, K_COLOUR, false, 'R(nθ)k', `${id}-k`)}
    </svg>
  );
}
