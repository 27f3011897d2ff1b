/**
 * The "precision and pruning" calculator: the same attention computed in fp32, fp16, bf16 and
 * int8 side by side, each with its error against float64; and pruning, which drops small
 * attention weights and renormalises, with how sparse that makes the weights and how far the
 * output moves.
 *
 * - `computePrecisionComparison` wraps the core's `simulateAttentionPrecision` once per format;
 *   see lib/precision.ts for exactly what is rounded where.
 * - `pruneWeights` drops every weight strictly below the threshold (so threshold 0 drops nothing)
 *   and divides each row by what is left, so kept weights keep their ratios and the row sums to 1.
 *   Rows that lose nothing are returned unchanged (not re-divided by their sum).
 *   A row whose weights are all below the threshold keeps its largest weight(s) — every entry
 *   equal to the row maximum, which then share the row evenly — rather than becoming all zero: a
 *   query that attends nothing would output the zero vector, which is not what pruning means. A
 *   row that was already all zero (fully blocked by a mask) stays all zero. "Sparsity" is the
 *   share of the originally non-zero weights that were dropped, so masked-out cells (already 0)
 *   count neither way.
 * - `pruningSweep` computes attention in float64 (the core, float64 inputs), prunes at each
 *   threshold and compares pruned · V with the unpruned output.
 * Pruning small attention weights is a teaching device here; it matches no single PyTorch API.
 */
import { scaledDotProductAttention } from '../attention';
import { AttentionInputError, human } from '../errors';
import { typescriptMatmulKernel } from '../kernels/typescriptKernel';
import { MAX_MODEL_DIM } from '../limits';
import { assertMatrix, type Matrix } from '../matrix';
import { simulateAttentionPrecision, type ErrorStats, type SimulatedFormat } from '../precision';

/** Four simulations each return weights; 256 × 256 keeps the comparison a few MiB. */
export const PRECISION_COMPARISON_MAX_CELLS = 256 * 256;
export const PRUNING_MAX_CELLS = 512 * 512;
export const MAX_PRUNING_THRESHOLDS = 64;
export const COMPARED_FORMATS: readonly SimulatedFormat[] = ['fp32', 'fp16', 'bf16', 'int8'];
export const DEFAULT_PRUNING_THRESHOLDS: readonly number[] = [0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3];

export interface AttentionInputs {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Query i may attend key j only when j ≤ i. */
  causal?: boolean;
}

function assertInputObject(input: unknown, fn: string, fields: string): asserts input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', `${fn} needs { ${fields} }.`, { input: 'input' });
  }
}

function assertCells(q: Matrix, k: Matrix, max: number): void {
  assertMatrix(q, 'Q', { maxCols: MAX_MODEL_DIM });
  assertMatrix(k, 'K', { maxCols: MAX_MODEL_DIM });
  if (q.rows * k.rows > max) {
    throw new AttentionInputError(
      'out-of-range',
      `${q.rows} queries × ${k.rows} keys is ${q.rows * k.rows} weights; this calculator shows at most ${max}. Use fewer rows.`,
      { input: 'Q' },
    );
  }
}

export interface FormatComparison {
  format: SimulatedFormat;
  /** Simulated weights (nq × nk) and output (nq × dv), float64 holding the format's values. */
  weights: Float64Array;
  output: Float64Array;
  scoresError: ErrorStats;
  weightsError: ErrorStats;
  outputError: ErrorStats;
  overflowedScores: number;
}

export interface PrecisionComparisonResult {
  nq: number;
  nk: number;
  dv: number;
  /** The float64 reference every format is measured against. */
  referenceWeights: Float64Array;
  referenceOutput: Float64Array;
  formats: FormatComparison[];
}

export function computePrecisionComparison(input: AttentionInputs): PrecisionComparisonResult {
  assertInputObject(input, 'computePrecisionComparison', 'q, k, v, causal?');
  const { q, k, v, causal = false } = input;
  assertCells(q, k, PRECISION_COMPARISON_MAX_CELLS);
  let reference: { weights: Float64Array; output: Float64Array } | null = null;
  const formats = COMPARED_FORMATS.map((format): FormatComparison => {
    const sim = simulateAttentionPrecision(q, k, v, { format, causal });
    reference ??= { weights: sim.reference.weights.data as Float64Array, output: sim.reference.output.data as Float64Array };
    return {
      format,
      weights: sim.simulated.weights.data as Float64Array,
      output: sim.simulated.output.data as Float64Array,
      scoresError: sim.error.scores,
      weightsError: sim.error.weights,
      outputError: sim.error.output,
      overflowedScores: sim.overflowedScores,
    };
  });
  const ref = reference as unknown as { weights: Float64Array; output: Float64Array };
  return { nq: q.rows, nk: k.rows, dv: v.cols, referenceWeights: ref.weights, referenceOutput: ref.output, formats };
}

export interface PrunedWeights {
  /** Float64, same shape as the input. */
  weights: Matrix;
  /** Originally non-zero weights set to 0. */
  dropped: number;
  /** Originally non-zero weights. */
  nonZero: number;
  /** dropped / nonZero (0 when nothing was non-zero). */
  sparsity: number;
  /** 0-based rows where every weight was below the threshold and the maximum was kept. */
  rowsKeptAtMax: number[];
}

function assertThreshold(threshold: unknown, name = 'threshold', col?: number): asserts threshold is number {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    const which = col === undefined ? name : `${name} entry ${human(col)}`;
    throw new AttentionInputError(
      'out-of-range',
      `${which} is ${String(threshold)}: a pruning threshold is a weight between 0 and 1 (0 drops nothing).`,
      col === undefined ? { input: name } : { input: name, col },
    );
  }
}

/** Drops weights below `threshold` and renormalises each row; see the header for edge cases. */
export function pruneWeights(weights: Matrix, threshold: number): PrunedWeights {
  assertMatrix(weights, 'weights');
  assertThreshold(threshold);
  const { rows, cols, data } = weights;
  for (let idx = 0; idx < data.length; idx++) {
    if (data[idx] < 0) {
      const row = Math.floor(idx / cols);
      const col = idx % cols;
      throw new AttentionInputError(
        'out-of-range',
        `weights row ${human(row)}, column ${human(col)} is ${data[idx]}: attention weights are never negative.`,
        { input: 'weights', row, col },
      );
    }
  }
  const out = new Float64Array(rows * cols);
  let dropped = 0;
  let nonZero = 0;
  const rowsKeptAtMax: number[] = [];
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let max = 0;
    let kept = 0;
    let rowNonZero = 0;
    for (let j = 0; j < cols; j++) {
      const w = data[base + j];
      if (w > 0) rowNonZero++;
      if (w > max) max = w;
      if (w >= threshold && w > 0) kept++;
    }
    nonZero += rowNonZero;
    if (rowNonZero === 0) continue;
    const keepAtMax = kept === 0;
    if (keepAtMax) rowsKeptAtMax.push(i);
    let sum = 0;
    const rowDropped = dropped;
    for (let j = 0; j < cols; j++) {
      const w = data[base + j];
      const keep = w > 0 && (keepAtMax ? w === max : w >= threshold);
      if (keep) {
        out[base + j] = w;
        sum += w;
      } else if (w > 0) dropped++;
    }
    // A row that lost nothing is copied as is, so threshold 0 gives back the input bit for bit
    // (dividing by a softmax row's sum, 1 ± an ulp, would not).
    if (rowDropped === dropped) continue;
    for (let j = 0; j < cols; j++) out[base + j] /= sum;
  }
  return {
    weights: { rows, cols, data: out },
    dropped,
    nonZero,
    sparsity: nonZero === 0 ? 0 : dropped / nonZero,
    rowsKeptAtMax,
  };
}

export interface PruningSweepPoint {
  threshold: number;
  sparsity: number;
  dropped: number;
  rowsKeptAtMax: number;
  /** max |pruned output − output|. */
  maxAbsError: number;
  /**
   * ‖pruned output − output‖_F / ‖output‖_F; 0 when both are 0, Infinity when only the output is
   * 0 (e.g. V rows that cancel exactly under the unpruned weights).
   */
  relativeFrobeniusError: number;
}

export interface PruningSweepResult {
  nq: number;
  nk: number;
  /** Unpruned float64 weights, nq × nk, for drawing next to the sweep. */
  weights: Float64Array;
  points: PruningSweepPoint[];
}

const toFloat64 = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) });

export function pruningSweep(input: AttentionInputs & { thresholds?: number[] }): PruningSweepResult {
  assertInputObject(input, 'pruningSweep', 'q, k, v, thresholds?, causal?');
  const { q, k, v, causal = false } = input;
  assertCells(q, k, PRUNING_MAX_CELLS);
  const thresholds = input.thresholds ?? DEFAULT_PRUNING_THRESHOLDS;
  if (!Array.isArray(thresholds) || thresholds.length === 0 || thresholds.length > MAX_PRUNING_THRESHOLDS) {
    throw new AttentionInputError(
      'invalid-argument',
      `thresholds must be a list of 1 to ${MAX_PRUNING_THRESHOLDS} weights between 0 and 1; leave it out for the default sweep.`,
      { input: 'thresholds' },
    );
  }
  thresholds.forEach((t, idx) => assertThreshold(t, 'thresholds', idx));
  const base = scaledDotProductAttention(toFloat64(q), toFloat64(k), toFloat64(v), { causal });
  const output = base.output.data;
  const vData = Float64Array.from(v.data);
  let outputNorm2 = 0;
  for (let idx = 0; idx < output.length; idx++) outputNorm2 += output[idx] * output[idx];
  const pruned = new Float64Array(output.length);
  const points = thresholds.map((threshold): PruningSweepPoint => {
    const p = pruneWeights(base.weights, threshold);
    typescriptMatmulKernel.matmul(p.weights.data, vData, q.rows, k.rows, v.cols, pruned);
    let maxAbsError = 0;
    let diff2 = 0;
    for (let idx = 0; idx < output.length; idx++) {
      const e = pruned[idx] - output[idx];
      maxAbsError = Math.max(maxAbsError, Math.abs(e));
      diff2 += e * e;
    }
    return {
      threshold,
      sparsity: p.sparsity,
      dropped: p.dropped,
      rowsKeptAtMax: p.rowsKeptAtMax.length,
      maxAbsError,
      relativeFrobeniusError: diff2 === 0 ? 0 : outputNorm2 === 0 ? Infinity : Math.sqrt(diff2 / outputNorm2),
    };
  });
  return { nq: q.rows, nk: k.rows, weights: base.weights.data as Float64Array, points };
}
