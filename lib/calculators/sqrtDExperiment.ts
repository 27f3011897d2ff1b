/**
 * The "why √d" calculator: draw queries and keys with i.i.d. N(0, 1) entries and look at their
 * dot products. Each q·k is a sum of d products with variance 1, so it has variance d; divided
 * by √d it has variance 1 whatever d is. Unscaled, softmax over such logits saturates (one key
 * takes nearly all the weight) as d grows; scaled, it does not.
 *
 * Sampling: one mulberry32(seed) stream through Box–Muller (lib/random.ts). For each of `samples`
 * queries: the query's d entries, then for each of `keys` keys its d entries. Keys are fresh for
 * every query, so the logit rows are independent. A sweep uses the same seed at every d, so its
 * point at d is exactly `computeSqrtDExperiment` at that d.
 *
 * Softmax rows: row s holds the `keys` logits of query s, divided by the temperature — raw/T
 * ("unscaled") and raw/(√d·T) ("scaled"). Entropy is in nats (−Σ p ln p, 0·ln 0 = 0; at most
 * ln(keys)); a row saturates when its largest weight exceeds SATURATION_THRESHOLD = 0.99.
 *
 * Statistics: mean and variance are over all samples·keys dot products; the variance is the
 * population variance (divide by N, NumPy's default ddof = 0).
 *
 * Histograms share one set of edges for raw and scaled, so the two are drawn on one axis and the
 * narrowing is visible: `bins` equal bins over [−r, r], r = the largest |raw| seen (|scaled| ≤
 * |raw| since d ≥ 1). Bins are [e_i, e_{i+1}) except the last, which also holds its right edge —
 * NumPy's np.histogram and d3's bin. For large d the scaled values fill only the middle bins; that
 * is the point of the picture.
 *
 * Work is bounded: samples·keys·d multiply-adds per call (summed over d for a sweep) at most
 * SQRT_D_MAX_WORK, and samples·keys at most SQRT_D_MAX_VALUES (the kept dot products).
 */
import { AttentionInputError } from '../errors';
import { MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH } from '../limits';
import { assertInteger } from '../matrix';
import { mulberry32, normalSampler } from '../random';
import { softmaxRowInto } from '../softmax';

export const SATURATION_THRESHOLD = 0.99;
export const SQRT_D_MAX_WORK = 20_000_000;
export const SQRT_D_MAX_VALUES = 1_000_000;
export const SQRT_D_MAX_BINS = 200;
export const SQRT_D_DEFAULT_BINS = 40;
export const SQRT_D_MAX_SWEEP_POINTS = 32;
/** Beyond these, 1/T stops being a number a learner can reason about (and 1/T can overflow). */
export const SQRT_D_MIN_TEMPERATURE = 1e-6;
export const SQRT_D_MAX_TEMPERATURE = 1e6;
/** 1, 2, 4, …, 1024. */
export const DEFAULT_SWEEP_DS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

export interface SqrtDSummary {
  d: number;
  /** Over all samples·keys dot products q·k. */
  rawMean: number;
  rawVariance: number;
  /** Of q·k/√d. */
  scaledMean: number;
  scaledVariance: number;
  /** What theory says: d and 1. */
  expectedRawVariance: number;
  expectedScaledVariance: number;
  /** Mean entropy (nats) of softmax(raw/T) rows and softmax(raw/(√d·T)) rows. */
  unscaledMeanEntropy: number;
  scaledMeanEntropy: number;
  /** Share of rows whose largest weight exceeds SATURATION_THRESHOLD. */
  unscaledSaturatedShare: number;
  scaledSaturatedShare: number;
  /** ln(keys), the entropy of a uniform row. */
  maxEntropy: number;
}

export interface Histogram {
  /** bins + 1 increasing edges. */
  edges: number[];
  counts: number[];
}

export interface SqrtDExperimentResult extends SqrtDSummary {
  samples: number;
  keys: number;
  seed: number;
  temperature: number;
  /** Same edges for both. */
  rawHistogram: Histogram;
  scaledHistogram: Histogram;
}

export interface SqrtDExperimentInput {
  d: number;
  samples: number;
  keys: number;
  seed: number;
  temperature: number;
  bins?: number;
}

export interface SqrtDSweepInput {
  ds: number[];
  samples: number;
  keys: number;
  seed: number;
  temperature: number;
}

export function computeSqrtDExperiment(input: SqrtDExperimentInput): SqrtDExperimentResult {
  assertInputObject(input, 'computeSqrtDExperiment', 'd, samples, keys, seed, temperature, bins?');
  const { d, samples, keys, seed, temperature, bins = SQRT_D_DEFAULT_BINS } = input;
  assertCommon(samples, keys, seed, temperature);
  assertInteger(d, 'd', 1, MAX_MODEL_DIM);
  assertInteger(bins, 'bins', 1, SQRT_D_MAX_BINS, 'The number of bins');
  assertWork(samples * keys * d, `${samples} samples × ${keys} keys × d = ${d}`);
  const raw = new Float64Array(samples * keys);
  const summary = runExperiment(d, samples, keys, seed, temperature, raw);
  let r = 0;
  for (let i = 0; i < raw.length; i++) r = Math.max(r, Math.abs(raw[i]));
  const edges = symmetricEdges(r > 0 ? r : 1, bins);
  const scaled = new Float64Array(raw.length);
  const inv = 1 / Math.sqrt(d);
  for (let i = 0; i < raw.length; i++) scaled[i] = raw[i] * inv;
  return {
    ...summary,
    samples,
    keys,
    seed,
    temperature,
    rawHistogram: { edges, counts: histogramCounts(raw, edges) },
    scaledHistogram: { edges: [...edges], counts: histogramCounts(scaled, edges) },
  };
}

export function computeSqrtDSweep(input: SqrtDSweepInput): { samples: number; keys: number; seed: number; temperature: number; points: SqrtDSummary[] } {
  assertInputObject(input, 'computeSqrtDSweep', 'ds, samples, keys, seed, temperature');
  const { ds, samples, keys, seed, temperature } = input;
  assertCommon(samples, keys, seed, temperature);
  if (!Array.isArray(ds) || ds.length === 0 || ds.length > SQRT_D_MAX_SWEEP_POINTS) {
    throw new AttentionInputError(
      'invalid-argument',
      `ds must list 1 to ${SQRT_D_MAX_SWEEP_POINTS} dimensions (for example 1, 2, 4, …, 1024).`,
      { input: 'ds' },
    );
  }
  ds.forEach((d, i) => assertInteger(d, 'ds', 1, MAX_MODEL_DIM, `ds entry ${i + 1}`));
  const totalD = ds.reduce((s, d) => s + d, 0);
  assertWork(samples * keys * totalD, `${samples} samples × ${keys} keys × (the sum of ds = ${totalD})`);
  return { samples, keys, seed, temperature, points: ds.map((d) => runExperiment(d, samples, keys, seed, temperature, null)) };
}

function runExperiment(
  d: number,
  samples: number,
  keys: number,
  seed: number,
  temperature: number,
  keep: Float64Array | null,
): SqrtDSummary {
  const next = normalSampler(mulberry32(seed));
  const q = new Float64Array(d);
  const row = new Float64Array(keys);
  const p = new Float64Array(keys);
  const invSqrtD = 1 / Math.sqrt(d);
  const invT = 1 / temperature;
  let sum = 0;
  let sumSq = 0;
  let entropyUnscaled = 0;
  let entropyScaled = 0;
  let saturatedUnscaled = 0;
  let saturatedScaled = 0;
  for (let s = 0; s < samples; s++) {
    for (let c = 0; c < d; c++) q[c] = next();
    for (let j = 0; j < keys; j++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += q[c] * next();
      row[j] = dot;
      sum += dot;
      sumSq += dot * dot;
      if (keep !== null) keep[s * keys + j] = dot;
    }
    softmaxRowInto(row, 0, keys, invT, p);
    entropyUnscaled += rowEntropy(p);
    if (maxOf(p) > SATURATION_THRESHOLD) saturatedUnscaled++;
    softmaxRowInto(row, 0, keys, invSqrtD * invT, p);
    entropyScaled += rowEntropy(p);
    if (maxOf(p) > SATURATION_THRESHOLD) saturatedScaled++;
  }
  const n = samples * keys;
  const rawMean = sum / n;
  // E[x²] − mean²: the mean is ≈ 0 against a variance of d, so there is no cancellation to fear.
  const rawVariance = Math.max(0, sumSq / n - rawMean * rawMean);
  return {
    d,
    rawMean,
    rawVariance,
    scaledMean: rawMean * invSqrtD,
    scaledVariance: rawVariance / d,
    expectedRawVariance: d,
    expectedScaledVariance: 1,
    unscaledMeanEntropy: entropyUnscaled / samples,
    scaledMeanEntropy: entropyScaled / samples,
    unscaledSaturatedShare: saturatedUnscaled / samples,
    scaledSaturatedShare: saturatedScaled / samples,
    maxEntropy: Math.log(keys),
  };
}

function maxOf(p: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < p.length; i++) if (p[i] > m) m = p[i];
  return m;
}

/** −Σ p ln p in nats, with 0·ln 0 = 0. Entries must be finite and ≥ 0 (a probability row). */
export function rowEntropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const x = p[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      throw new AttentionInputError('invalid-argument', `Probability ${i + 1} is ${String(x)}: probabilities must be finite and ≥ 0.`, {
        input: 'weights',
        col: i,
      });
    }
    if (x > 0) h -= x * Math.log(x);
  }
  return h;
}

/** Whether the largest entry of a weight row exceeds `threshold` (default 0.99). */
export function isSaturated(p: ArrayLike<number>, threshold = SATURATION_THRESHOLD): boolean {
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
    throw new AttentionInputError('out-of-range', `The saturation threshold is ${String(threshold)}: it must be between 0 and 1.`, {
      input: 'threshold',
    });
  }
  let m = -Infinity;
  for (let i = 0; i < p.length; i++) if (p[i] > m) m = p[i];
  return m > threshold;
}

/** `bins` equal bins over [−r, r]: bins + 1 edges, the first −r and the last r exactly. */
export function symmetricEdges(r: number, bins: number): number[] {
  if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) {
    throw new AttentionInputError('out-of-range', `The histogram half-width is ${String(r)}: it must be a finite number above 0.`, {
      input: 'range',
    });
  }
  assertInteger(bins, 'bins', 1, SQRT_D_MAX_BINS, 'The number of bins');
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i === bins ? r : -r + (2 * r * i) / bins);
  return edges;
}

/**
 * Counts per bin for increasing `edges`: bin i is [edges[i], edges[i+1]), the last bin also
 * holds edges[last]; values outside [edges[0], edges[last]] are not counted (np.histogram).
 */
export function histogramCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  if (!Array.isArray(edges) || edges.length < 2) {
    throw new AttentionInputError('invalid-argument', 'A histogram needs at least two edges.', { input: 'edges' });
  }
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
      throw new AttentionInputError('invalid-argument', `Histogram edge ${i + 1} is ${String(edges[i])}: edges must be finite and increasing.`, {
        input: 'edges',
      });
    }
  }
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const lo = edges[0];
  const hi = edges[bins];
  for (let v = 0; v < values.length; v++) {
    const x = values[v];
    if (!(x >= lo && x <= hi)) continue;
    // Binary search: right for any edges, not only equal widths, and no rounding at the edges.
    // x = hi ends in the last bin, since it is ≥ every inner edge.
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (x >= edges[m]) a = m;
      else b = m;
    }
    counts[a]++;
  }
  return counts;
}

function assertInputObject(input: unknown, fn: string, fields: string): asserts input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', `${fn} needs { ${fields} }.`, { input: 'input' });
  }
}

function assertCommon(samples: number, keys: number, seed: number, temperature: number): void {
  assertInteger(samples, 'samples', 1, SQRT_D_MAX_VALUES);
  assertInteger(keys, 'keys', 1, MAX_SEQUENCE_LENGTH);
  assertInteger(seed, 'seed', 0, 2 ** 32 - 1);
  if (typeof temperature !== 'number' || !(temperature >= SQRT_D_MIN_TEMPERATURE && temperature <= SQRT_D_MAX_TEMPERATURE)) {
    throw new AttentionInputError(
      'out-of-range',
      `The temperature is ${String(temperature)}: it must be a number from ${SQRT_D_MIN_TEMPERATURE} to ${SQRT_D_MAX_TEMPERATURE} (1 leaves the logits unchanged).`,
      { input: 'temperature' },
    );
  }
  if (samples * keys > SQRT_D_MAX_VALUES) {
    throw new AttentionInputError(
      'out-of-range',
      `${samples} samples × ${keys} keys = ${(samples * keys).toLocaleString('en')} dot products; the most here is ${SQRT_D_MAX_VALUES.toLocaleString('en')}. Use fewer samples or keys.`,
      { input: 'samples' },
    );
  }
}

function assertWork(work: number, what: string): void {
  if (work > SQRT_D_MAX_WORK) {
    throw new AttentionInputError(
      'out-of-range',
      `${what} = ${work.toLocaleString('en')} multiply-adds; the most per run is ${SQRT_D_MAX_WORK.toLocaleString('en')}. Use fewer samples or keys, or a smaller d.`,
      { input: 'samples' },
    );
  }
}
