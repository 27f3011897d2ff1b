/**
 * The "masks and long sequences" calculator: pick a mask pattern and a sequence length n (8 …
 * 4096), see the mask, its density, what the cost model says it saves over full attention, how
 * that grows with n, and what the attention core measurably does with it.
 *
 * Patterns are the core's `MaskPattern` plus padding, which the core builds as `paddingMask` but
 * the cost model does not list: `{ kind: 'padding', validFraction }` keeps the first
 * ⌈n·validFraction⌉ keys (real tokens) and blocks the rest for every query, as PyTorch's
 * key_padding_mask does. Padded queries still attend the real keys, so it allows n·valid pairs.
 * Its cost is the full-attention cost scaled by valid/n in every pair-proportional quantity (the
 * cost model is linear in allowed pairs), so no cost formula is repeated here.
 *
 * How a pattern's parameters follow n on the cost curve (`patternAtLength`):
 * - full, causal: nothing to scale.
 * - padding: the fraction is kept, valid = ⌈n·validFraction⌉.
 * - sliding window, dilated window, strided: radius, dilation and stride stay fixed — a fixed
 *   window is the point of local attention (cost linear in n); a fixed stride keeps the strided
 *   pattern quadratic (≈ n²/(2·stride)), which the chart then shows honestly. (Sparse
 *   Transformer picks stride ≈ √n to get n·√n; choose the stride for the n you care about.)
 * - global + local: radius fixed; global tokens at positions ≥ n are dropped for that n.
 * - block sparse: block size, window, random blocks and seed fixed; globalBlocks is capped at the
 *   number of blocks that n makes.
 *
 * Measured time (`timeMaskedAttention`) and the cost model answer different questions. The cost
 * model counts only allowed pairs, which is what a kernel that skips blocked pairs achieves. The
 * core's kernels, as written today:
 * - the WebAssembly SIMD kernel (float32, the default) finds, once per call, the tiles of 2 queries
 *   × 4 keys that the mask blocks entirely and skips them in Q·Kᵀ, softmax and weights·V, so the
 *   time follows the density. Not all the way to the model's ratio: tiles on a pattern's edges are
 *   computed whole (scattered patterns such as strided and dilated touch many tiles for few
 *   pairs), and every call still writes the n² scores, -Infinity where blocked, which the public
 *   result holds. bench/maskPatterns.bench.ts prints both against full attention at n = 4096;
 * - the TypeScript kernel (`kernel: 'typescript'`) skips the dot product of a blocked pair and the
 *   V row of a zero weight, and still walks all n² cells for the scores and the softmax: it is
 *   ~20× slower than SIMD but gains from sparsity too.
 */
import { attentionCost, type AttentionCost, type CostPrecision } from '../costModel';
import { AttentionInputError } from '../errors';
import { getKernelPreference, setKernelPreference, type KernelPreference } from '../kernels/activeKernels';
import { wasmSimdAvailable } from '../kernels/wasmSimdKernel';
import { MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH } from '../limits';
import { assertMaskPattern, maskFromPattern, paddingMask, MASK_PATTERN_KINDS, type MaskPattern } from '../masks';
import { assertInteger, type Matrix } from '../matrix';
import { randomNormalMatrix } from '../random';
import { scaledDotProductAttention } from '../attention';

export type PaddingPattern = { kind: 'padding'; validFraction: number };
/** What the calculator's pattern picker produces. */
export type ExplorerPattern = MaskPattern | PaddingPattern;
export type ExplorerPatternKind = ExplorerPattern['kind'];

export const EXPLORER_PATTERN_KINDS: readonly ExplorerPatternKind[] = [
  'full',
  'causal',
  'padding',
  'slidingWindow',
  'dilatedWindow',
  'globalLocal',
  'blockSparse',
  'strided',
];

/** The slider's range; the functions accept n from 1 for small worked examples. */
export const MASK_EXPLORER_MIN_N = 8;
export const MASK_EXPLORER_MAX_N = 4096;
/** Timing builds q, k, v, a mask and two n×n results; beyond this it takes seconds. */
export const MASK_TIMING_MAX_N = 2048;
export const MASK_TIMING_MAX_D = 512;
export const MAX_CURVE_POINTS = 64;

/** Powers of two 8 … 4096, the cost curve's default x axis. */
export const DEFAULT_CURVE_NS: readonly number[] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

/** Parameters the picker starts from for each kind. */
export function defaultExplorerPattern(kind: ExplorerPatternKind): ExplorerPattern {
  switch (kind) {
    case 'full':
    case 'causal':
      return { kind };
    case 'padding':
      return { kind, validFraction: 0.75 };
    case 'slidingWindow':
      return { kind, radius: 16 };
    case 'dilatedWindow':
      return { kind, radius: 8, dilation: 2 };
    case 'globalLocal':
      return { kind, radius: 16, globalTokens: [0] };
    case 'blockSparse':
      return { kind, blockSize: 16, windowBlocks: 1, globalBlocks: 1, randomBlocks: 2, seed: 1 };
    case 'strided':
      return { kind, stride: 16 };
    default:
      throw badKind(kind);
  }
}

function badKind(kind: unknown): AttentionInputError {
  return new AttentionInputError(
    'invalid-argument',
    `The pattern kind is ${JSON.stringify(kind)}: it must be one of ${EXPLORER_PATTERN_KINDS.join(', ')}.`,
    { input: 'pattern' },
  );
}

function assertInputObject(input: unknown, fn: string, fields: string): asserts input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', `${fn} needs { ${fields} }.`, { input: 'input' });
  }
}

function assertValidFraction(x: unknown): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > 1) {
    throw new AttentionInputError(
      'out-of-range',
      `validFraction is ${String(x)}: the share of real (non-padding) tokens must be greater than 0 and at most 1.`,
      { input: 'validFraction' },
    );
  }
}

/** Real tokens of a padding pattern at length n: ⌈n·validFraction⌉, at least 1. */
export function paddingValidKeys(n: number, validFraction: number): number {
  assertValidFraction(validFraction);
  // n·f can land a hair above an integer (0.7·10 = 7.000000000000001); snap before the ceiling.
  const exact = n * validFraction;
  const nearest = Math.round(exact);
  const valid = Math.abs(exact - nearest) < 1e-9 * Math.max(1, n) ? nearest : Math.ceil(exact);
  return Math.min(n, Math.max(1, valid));
}

function assertExplorerPattern(pattern: unknown, n: number): asserts pattern is ExplorerPattern {
  if (typeof pattern === 'object' && pattern !== null && (pattern as { kind?: unknown }).kind === 'padding') {
    assertValidFraction((pattern as { validFraction?: unknown }).validFraction);
    return;
  }
  if (typeof pattern === 'object' && pattern !== null) {
    const kind = (pattern as { kind?: unknown }).kind;
    if (!(MASK_PATTERN_KINDS as readonly unknown[]).includes(kind)) throw badKind(kind);
  }
  assertMaskPattern(pattern, n);
}

function assertN(n: unknown, max: number): asserts n is number {
  assertInteger(n, 'n', 1, max);
}

/** The pattern's parameters for sequence length n, following the rules in the header. */
export function patternAtLength(pattern: ExplorerPattern, n: number): ExplorerPattern {
  assertN(n, MAX_SEQUENCE_LENGTH);
  if (typeof pattern !== 'object' || pattern === null) assertMaskPattern(pattern, n);
  switch (pattern.kind) {
    case 'globalLocal': {
      const tokens = Array.isArray(pattern.globalTokens)
        ? pattern.globalTokens.filter((t) => !(typeof t === 'number' && Number.isInteger(t) && t >= n))
        : pattern.globalTokens;
      return { ...pattern, globalTokens: tokens };
    }
    case 'blockSparse': {
      if (typeof pattern.blockSize !== 'number' || !Number.isInteger(pattern.blockSize) || pattern.blockSize < 1) return pattern;
      const numBlocks = Math.ceil(n / pattern.blockSize);
      return typeof pattern.globalBlocks === 'number' && pattern.globalBlocks > numBlocks
        ? { ...pattern, globalBlocks: numBlocks }
        : pattern;
    }
    default:
      return pattern;
  }
}

/** The n×n 0/1 mask of a pattern as a `Matrix` (float32), the form the attention core takes. */
export function explorerMaskMatrix(n: number, pattern: ExplorerPattern): Matrix {
  assertN(n, MAX_SEQUENCE_LENGTH);
  assertExplorerPattern(pattern, n);
  return pattern.kind === 'padding' ? paddingMask(n, n, paddingValidKeys(n, pattern.validFraction)) : maskFromPattern(n, pattern);
}

export interface MaskPatternResult {
  n: number;
  pattern: ExplorerPattern;
  /** n×n row-major, 1 = query i may attend key j. */
  mask: Uint8Array;
  allowedPairs: number;
  /** allowedPairs / n². */
  density: number;
  /** Allowed keys of each query row. */
  rowCounts: Int32Array;
}

export function computeMaskPattern(input: { n: number; pattern: ExplorerPattern }): MaskPatternResult {
  assertInputObject(input, 'computeMaskPattern', 'n, pattern');
  const { n, pattern } = input;
  assertN(n, MASK_EXPLORER_MAX_N);
  const m = explorerMaskMatrix(n, pattern);
  const mask = new Uint8Array(n * n);
  const rowCounts = new Int32Array(n);
  let allowedPairs = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (m.data[i * n + j] !== 0) {
        mask[i * n + j] = 1;
        count++;
      }
    }
    rowCounts[i] = count;
    allowedPairs += count;
  }
  return { n, pattern, mask, allowedPairs, density: allowedPairs / (n * n), rowCounts };
}

export interface MaskCostInput {
  n: number;
  d: number;
  heads: number;
  precision: CostPrecision;
  pattern: ExplorerPattern;
}

export interface MaskCostResult {
  full: AttentionCost;
  pattern: AttentionCost;
  /** pattern.flops / full.flops. */
  flopRatio: number;
  /** pattern.scoreBytes / full.scoreBytes (= density). */
  scoreBytesRatio: number;
}

/** The cost model for one pattern, padding included (see the header). */
export function explorerAttentionCost(input: MaskCostInput): AttentionCost {
  assertInputObject(input, 'computeMaskCost', 'n, d, heads, precision, pattern');
  const { pattern } = input;
  if (typeof pattern !== 'object' || pattern === null || pattern.kind !== 'padding') {
    return attentionCost(input as MaskCostInput & { pattern: MaskPattern });
  }
  const full = attentionCost({ ...input, pattern: { kind: 'full' } });
  const { n } = full;
  const valid = paddingValidKeys(n, pattern.validFraction);
  // Every pair-proportional quantity of full attention (n² pairs) times valid / n. Multiplying
  // first keeps these integers exact (all stay below 2⁵³ within the core's limits).
  const scaled = (x: number) => (x * valid) / n;
  return {
    ...full,
    allowedPairs: n * valid,
    density: valid / n,
    flops: scaled(full.flops),
    flopsBreakdown: {
      qkT: scaled(full.flopsBreakdown.qkT),
      softmax: scaled(full.flopsBreakdown.softmax),
      weightsTimesV: scaled(full.flopsBreakdown.weightsTimesV),
    },
    scoreBytes: scaled(full.scoreBytes),
  };
}

export function computeMaskCost(input: MaskCostInput): MaskCostResult {
  assertInputObject(input, 'computeMaskCost', 'n, d, heads, precision, pattern');
  const full = attentionCost({ ...input, pattern: { kind: 'full' } });
  const pattern = explorerAttentionCost(input);
  return {
    full,
    pattern,
    flopRatio: pattern.flops / full.flops,
    scoreBytesRatio: pattern.scoreBytes / full.scoreBytes,
  };
}

export interface CostCurvePoint {
  n: number;
  /** The pattern as used at this n (see `patternAtLength`). */
  pattern: ExplorerPattern;
  density: number;
  fullFlops: number;
  patternFlops: number;
  /**
   * Bytes a kernel that materialises one score matrix per head moves: Q, K, V in, the scores
   * (allowed pairs only), the output out — inputBytes + scoreBytes + outputBytes.
   */
  fullBytes: number;
  patternBytes: number;
}

export interface CostCurveResult {
  points: CostCurvePoint[];
}

const curveBytes = (c: AttentionCost) => c.inputBytes + c.scoreBytes + c.outputBytes;

export function maskCostCurve(input: Omit<MaskCostInput, 'n'> & { ns?: number[] }): CostCurveResult {
  assertInputObject(input, 'maskCostCurve', 'd, heads, precision, pattern, ns?');
  const ns = input.ns ?? DEFAULT_CURVE_NS;
  if (!Array.isArray(ns) || ns.length === 0 || ns.length > MAX_CURVE_POINTS) {
    throw new AttentionInputError(
      'invalid-argument',
      `ns must be a list of 1 to ${MAX_CURVE_POINTS} sequence lengths, e.g. [8, 16, …, 4096]; leave it out for powers of two 8 … 4096.`,
      { input: 'ns' },
    );
  }
  ns.forEach((n, idx) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SEQUENCE_LENGTH) {
      throw new AttentionInputError(
        'out-of-range',
        `ns entry ${idx + 1} is ${String(n)}: every sequence length must be a whole number from 1 to ${MAX_SEQUENCE_LENGTH}.`,
        { input: 'ns', col: idx },
      );
    }
  });
  const points = ns.map((n) => {
    const pattern = patternAtLength(input.pattern, n);
    const { full, pattern: cost } = computeMaskCost({ ...input, n, pattern });
    return {
      n,
      pattern,
      density: cost.density,
      fullFlops: full.flops,
      patternFlops: cost.flops,
      fullBytes: curveBytes(full),
      patternBytes: curveBytes(cost),
    };
  });
  return { points };
}

export interface MaskTimingInput {
  n: number;
  d: number;
  pattern: ExplorerPattern;
  seed: number;
  /** Timed runs of each variant after one warm-up; the median is reported. Default 3, at most 15. */
  repeats?: number;
  /**
   * 'auto' (default): the SIMD kernel where available; 'typescript': the readable kernel, which
   * skips blocked pairs' dot products. The previous global preference is restored afterwards.
   */
  kernel?: KernelPreference;
}

export interface MaskTimingResult {
  n: number;
  d: number;
  density: number;
  /** Which kernel ran (float32 input): 'wasm-simd' when available and not overridden. */
  kernel: 'wasm-simd' | 'typescript';
  /** Median ms of full attention (no mask). */
  fullMs: number;
  /** Median ms with the pattern's mask. */
  patternMs: number;
  /** patternMs / fullMs. */
  measuredRatio: number;
  /** Causal only: median ms with the `causal` flag instead of a mask (no mask to read at all). */
  causalFlagMs?: number;
  /**
   * Sparse patterns (not full, causal or padding): median ms with the pattern given to the core
   * as a description (`mask: pattern`), so no n × n mask is read.
   */
  descriptionMs?: number;
  repeats: number;
  /** Excludes building the inputs and the mask. */
  note: string;
}

/**
 * Runs float32 scaled dot-product attention on random q, k, v (N(0, 1) from `seed`) with no mask
 * and with the pattern's mask, and reports the median wall time of each. See the header for why
 * the measured ratio follows the model's FLOP ratio but stays above it.
 */
export function timeMaskedAttention(input: MaskTimingInput): MaskTimingResult {
  assertInputObject(input, 'timeMaskedAttention', 'n, d, pattern, seed');
  const { n, d, pattern, seed, repeats = 3, kernel = 'auto' } = input;
  if (typeof n === 'number' && Number.isInteger(n) && n > MASK_TIMING_MAX_N) {
    throw new AttentionInputError(
      'out-of-range',
      `n = ${n} is too long to time here: measuring runs attention several times and would freeze for seconds. Time n ≤ ${MASK_TIMING_MAX_N}; the cost model above still covers n up to ${MASK_EXPLORER_MAX_N}.`,
      { input: 'n' },
    );
  }
  assertN(n, MASK_TIMING_MAX_N);
  assertInteger(d, 'd', 1, Math.min(MASK_TIMING_MAX_D, MAX_MODEL_DIM));
  assertInteger(seed, 'seed', 0, 2 ** 32 - 1);
  assertInteger(repeats, 'repeats', 1, 15);
  if (kernel !== 'auto' && kernel !== 'typescript') {
    throw new AttentionInputError('invalid-argument', `kernel is ${JSON.stringify(kernel)}: use 'auto' or 'typescript'.`, { input: 'kernel' });
  }
  const mask = explorerMaskMatrix(n, pattern);
  let allowed = 0;
  for (let idx = 0; idx < mask.data.length; idx++) if (mask.data[idx] !== 0) allowed++;
  const q = randomNormalMatrix(seed, n, d, { float32: true });
  const k = randomNormalMatrix((seed + 1) >>> 0, n, d, { float32: true });
  const v = randomNormalMatrix((seed + 2) >>> 0, n, d, { float32: true });
  const median = (run: () => unknown) => {
    run();
    const samples: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      run();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  };
  const previous = getKernelPreference();
  setKernelPreference(kernel);
  try {
    const fullMs = median(() => scaledDotProductAttention(q, k, v));
    const patternMs = median(() => scaledDotProductAttention(q, k, v, { mask }));
    const result: MaskTimingResult = {
      n,
      d,
      density: allowed / (n * n),
      kernel: kernel === 'auto' && wasmSimdAvailable() ? 'wasm-simd' : 'typescript',
      fullMs,
      patternMs,
      measuredRatio: fullMs > 0 ? patternMs / fullMs : 1,
      repeats,
      note: 'Median wall time of scaledDotProductAttention alone (inputs and mask built beforehand; the kernel reads the mask and skips its empty tiles).',
    };
    if (pattern.kind === 'causal') result.causalFlagMs = median(() => scaledDotProductAttention(q, k, v, { causal: true }));
    if (pattern.kind !== 'causal' && pattern.kind !== 'full' && pattern.kind !== 'padding') {
      result.descriptionMs = median(() => scaledDotProductAttention(q, k, v, { mask: pattern }));
    }
    return result;
  } finally {
    setKernelPreference(previous);
  }
}
