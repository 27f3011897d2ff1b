/**
 * The "scoring functions side by side" calculator: the same Q, K, V scored four ways, then the
 * same softmax and weighted sum, so a learner sees what the scoring function alone changes.
 *
 * - dot (Luong "dot"):          score(q, k) = q·k
 * - scaled dot (Vaswani et al.): score(q, k) = q·k / √d
 * - general (Luong "general"):   score(q, k) = q·W·k, W d×d
 * - additive (Bahdanau):         score(q, k) = vₐ·tanh(q·W1 + k·W2), W1, W2 d×h, vₐ length h
 *
 * Parameters come from `seed` alone: one mulberry32 stream through Box–Muller (lib/random.ts)
 * draws, in this order, W (d×d, row-major), W1 (d×h), W2 (d×h), each N(0, 1/d), then vₐ (h)
 * N(0, 1/h). Std 1/√fan-in keeps q·W and q·W1 at the scale of q (LeCun-normal), so no method
 * starts out saturated just because of its initialisation. `overrides` replaces any of them (the
 * rest are still drawn, so they do not move when one is overridden).
 *
 * Differences between two methods' weights, per pair of methods: the largest |ΔA_ij| and the mean
 * over query rows of the total-variation distance ½·Σⱼ|pⱼ − qⱼ| (in [0, 1]: the probability mass
 * that has to move). TV rather than KL because KL is infinite as soon as one method gives a key
 * weight 0 (masked, or underflowed in a saturated row) that the other does not, and because it is
 * symmetric. Entropy is in nats, −Σ p·ln p with 0·ln 0 = 0; its maximum is ln(allowed keys).
 *
 * Everything is float64 (float32 inputs are widened): the four methods then run through the same
 * float64 core kernels, so differences are the scoring function's, not rounding's.
 */
import { additiveAttention, scaledDotProductAttention, type AttentionResult } from '../attention';
import { AttentionInputError } from '../errors';
import { MAX_MODEL_DIM } from '../limits';
import { assertInteger, assertMatrix, type Matrix } from '../matrix';
import { mulberry32, normalSampler } from '../random';
import { rowEntropy } from './sqrtDExperiment';

export const SCORING_METHODS = ['dot', 'scaledDot', 'general', 'additive'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const SCORING_METHOD_INFO: Readonly<Record<ScoringMethod, { label: string; formulaTex: string }>> = {
  dot: { label: 'Dot product', formulaTex: '\\operatorname{score}(q, k) = q^\\top k' },
  scaledDot: { label: 'Scaled dot product', formulaTex: '\\operatorname{score}(q, k) = \\frac{q^\\top k}{\\sqrt{d}}' },
  general: { label: 'General (Luong)', formulaTex: '\\operatorname{score}(q, k) = q^\\top W k' },
  additive: {
    label: 'Additive (Bahdanau)',
    formulaTex: '\\operatorname{score}(q, k) = v_a^\\top \\tanh(W_1^\\top q + W_2^\\top k)',
  },
};

/** nq·nk per method; four methods keep scores and weights each, 8 float64 matrices = 16 MiB. */
export const SCORING_MAX_SCORE_CELLS = 512 * 512;
/** nq·nk·h tanh evaluations of the additive score. */
export const SCORING_MAX_ADDITIVE_WORK = 20_000_000;

export interface ScoringParameters {
  /** d×d, general. */
  w: Matrix;
  /** d×h, additive. */
  w1: Matrix;
  /** d×h, additive. */
  w2: Matrix;
  /** length h, additive. */
  va: number[];
}

export interface ScoringComparisonInput {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Whole number 0 … 2³²−1. */
  seed: number;
  /** Hidden size h of the additive score; default d. */
  hidden?: number;
  causal?: boolean;
  /** Use these instead of the seeded ones (e.g. W = I to see general = dot). */
  overrides?: Partial<ScoringParameters>;
}

export interface ScoringMethodResult {
  method: ScoringMethod;
  label: string;
  formulaTex: string;
  /** nq × nk, −Infinity where causally blocked. */
  scores: Matrix;
  weights: Matrix;
  output: Matrix;
  /** Mean over query rows of the entropy of the weights (nats). */
  meanEntropy: number;
}

export interface ScoringPairDifference {
  a: ScoringMethod;
  b: ScoringMethod;
  maxAbsWeightDiff: number;
  /** Mean over query rows of ½·Σⱼ|A_ij − B_ij|. */
  meanTotalVariation: number;
}

export interface ScoringComparisonResult {
  methods: ScoringMethodResult[];
  parameters: ScoringParameters;
  seed: number;
  hidden: number;
  /** Every unordered pair, in SCORING_METHODS order: (dot, scaledDot), (dot, general), … */
  differences: ScoringPairDifference[];
  /** ln(nk): the entropy of uniform weights over all keys, for scale. */
  maxEntropy: number;
}

/** Seeded parameters as described in the header. */
export function scoringParameters(seed: number, d: number, hidden: number): ScoringParameters {
  assertInteger(seed, 'seed', 0, 2 ** 32 - 1);
  assertInteger(d, 'd', 1, MAX_MODEL_DIM);
  assertInteger(hidden, 'hidden', 1, MAX_MODEL_DIM, 'The hidden size h');
  const next = normalSampler(mulberry32(seed));
  const draw = (rows: number, cols: number, std: number): Matrix => {
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = next() * std;
    return { rows, cols, data };
  };
  const std = 1 / Math.sqrt(d);
  const w = draw(d, d, std);
  const w1 = draw(d, hidden, std);
  const w2 = draw(d, hidden, std);
  const va = Array.from(draw(1, hidden, 1 / Math.sqrt(hidden)).data);
  return { w, w1, w2, va };
}

export function computeScoringComparison(input: ScoringComparisonInput): ScoringComparisonResult {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', 'computeScoringComparison needs { q, k, v, seed, hidden?, causal? }.', {
      input: 'input',
    });
  }
  const { seed, causal = false } = input;
  assertMatrix(input.q, 'Q', { maxCols: MAX_MODEL_DIM });
  assertMatrix(input.k, 'K', { maxCols: MAX_MODEL_DIM });
  assertMatrix(input.v, 'V', { maxCols: MAX_MODEL_DIM });
  const q = widen(input.q);
  const k = widen(input.k);
  const v = widen(input.v);
  const d = q.cols;
  if (k.cols !== d) {
    throw new AttentionInputError(
      'shape',
      `K has ${k.cols} columns but Q has ${d}: the dot-product scores need queries and keys of the same width d.`,
      { input: 'K' },
    );
  }
  const nq = q.rows;
  const nk = k.rows;
  if (nq * nk > SCORING_MAX_SCORE_CELLS) {
    throw new AttentionInputError(
      'out-of-range',
      `Comparing four scoring functions on ${nq}×${nk} = ${(nq * nk).toLocaleString('en')} scores is too much here; the most is ${SCORING_MAX_SCORE_CELLS.toLocaleString('en')} (for example 512 × 512). Use fewer queries or keys.`,
      { input: 'size' },
    );
  }
  const hidden = input.hidden ?? d;
  assertInteger(hidden, 'hidden', 1, MAX_MODEL_DIM, 'The hidden size h');
  if (nq * nk * hidden > SCORING_MAX_ADDITIVE_WORK) {
    throw new AttentionInputError(
      'out-of-range',
      `The additive score needs ${nq}·${nk}·${hidden} = ${(nq * nk * hidden).toLocaleString('en')} tanh evaluations; the most here is ${SCORING_MAX_ADDITIVE_WORK.toLocaleString('en')}. Use a smaller hidden size h or fewer tokens.`,
      { input: 'hidden' },
    );
  }
  if (typeof causal !== 'boolean') {
    throw new AttentionInputError('invalid-argument', `causal is ${String(causal)}: it must be true or false.`, { input: 'causal' });
  }
  const parameters = applyOverrides(scoringParameters(seed, d, hidden), input.overrides, d, hidden);

  const qw = matmul(q, parameters.w);
  const raw: Record<ScoringMethod, AttentionResult> = {
    dot: scaledDotProductAttention(q, k, v, { scale: 1, causal }),
    scaledDot: scaledDotProductAttention(q, k, v, { scale: 1 / Math.sqrt(d), causal }),
    // (q·W)·kᵀ = q·W·k for every pair: the core does the kᵀ part.
    general: scaledDotProductAttention(qw, k, v, { scale: 1, causal }),
    additive: additiveAttention(q, k, v, { w1: parameters.w1, w2: parameters.w2, va: parameters.va }, { causal }),
  };
  const methods = SCORING_METHODS.map((method) => ({
    method,
    ...SCORING_METHOD_INFO[method],
    ...raw[method],
    meanEntropy: meanRowEntropy(raw[method].weights),
  }));
  const differences: ScoringPairDifference[] = [];
  for (let x = 0; x < SCORING_METHODS.length; x++) {
    for (let y = x + 1; y < SCORING_METHODS.length; y++) {
      const a = SCORING_METHODS[x];
      const b = SCORING_METHODS[y];
      differences.push({ a, b, ...weightDifference(raw[a].weights, raw[b].weights) });
    }
  }
  return { methods, parameters, seed, hidden, differences, maxEntropy: Math.log(nk) };
}

/**
 * The result's fields the browser draws again rather than reading them from the page: the seeded
 * W, W₁, W₂, vₐ (66 KiB of page text at d = 64, where the pictures are 22), exactly as
 * computeScoringComparison draws them. Overridden parameters are not drawn; none.
 */
export function scoringDerivedParts([input]: [ScoringComparisonInput]): Pick<ScoringComparisonResult, 'parameters'> | null {
  if (input.overrides !== undefined) return null;
  const d = input.q.cols;
  return { parameters: scoringParameters(input.seed, d, input.hidden ?? d) };
}

function applyOverrides(
  seeded: ScoringParameters,
  overrides: Partial<ScoringParameters> | undefined,
  d: number,
  hidden: number,
): ScoringParameters {
  if (overrides === undefined) return seeded;
  if (typeof overrides !== 'object' || overrides === null) {
    throw new AttentionInputError('invalid-argument', 'overrides must be an object { w?, w1?, w2?, va? }.', { input: 'overrides' });
  }
  const out = { ...seeded };
  const shapes = { w: [d, d, 'W'], w1: [d, hidden, 'W1'], w2: [d, hidden, 'W2'] } as const;
  for (const name of ['w', 'w1', 'w2'] as const) {
    const m = overrides[name];
    if (m === undefined) continue;
    const [rows, cols, label] = shapes[name];
    assertMatrix(m, label);
    if (m.rows !== rows || m.cols !== cols) {
      throw new AttentionInputError('shape', `${label} is ${m.rows}×${m.cols} but must be ${rows}×${cols} here (d = ${d}, h = ${hidden}).`, {
        input: label,
      });
    }
    out[name] = widen(m);
  }
  if (overrides.va !== undefined) {
    const va = overrides.va;
    if (!Array.isArray(va) || va.length !== hidden || !va.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new AttentionInputError('shape', `va must be ${hidden} finite numbers, one per hidden unit (h = ${hidden}).`, { input: 'va' });
    }
    out.va = [...va];
  }
  return out;
}

function widen(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.data[i * a.cols + p] * b.data[p * b.cols + j];
      out[i * b.cols + j] = s;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

/** Mean over rows of −Σ p ln p (nats). */
export function meanRowEntropy(weights: Matrix): number {
  assertMatrix(weights, 'weights');
  let sum = 0;
  for (let i = 0; i < weights.rows; i++) sum += rowEntropy(weights.data.subarray(i * weights.cols, (i + 1) * weights.cols));
  return sum / weights.rows;
}

/** max |a − b| over cells, and the mean over rows of ½·Σⱼ|a_ij − b_ij|. */
export function weightDifference(a: Matrix, b: Matrix): { maxAbsWeightDiff: number; meanTotalVariation: number } {
  assertMatrix(a, 'weights A');
  assertMatrix(b, 'weights B');
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new AttentionInputError('shape', `The weights are ${a.rows}×${a.cols} and ${b.rows}×${b.cols}: they must have the same shape.`, {
      input: 'weights B',
    });
  }
  let max = 0;
  let tvSum = 0;
  for (let i = 0; i < a.rows; i++) {
    let rowSum = 0;
    for (let j = 0; j < a.cols; j++) {
      const diff = Math.abs(a.data[i * a.cols + j] - b.data[i * a.cols + j]);
      if (diff > max) max = diff;
      rowSum += diff;
    }
    tvSum += rowSum / 2;
  }
  return { maxAbsWeightDiff: max, meanTotalVariation: tvSum / a.rows };
}
