/**
 * The "masks and long sequences" calculator's state (what a share link carries) and the pure
 * mapping from that state to the worker calls of lib/calculators/maskExplorer.ts.
 *
 * The state holds every pattern's parameters at once (radius, stride, block size, …), not only
 * the chosen pattern's: switching pattern and back keeps what the learner set, and the link stays
 * a handful of numbers. The mask itself is never in the state; block-sparse's random blocks come
 * from `seed`, which also seeds the random q, k, v of a timing run.
 *
 * Parameters that only make sense below n are fitted to n rather than refused (the same rule the
 * cost curve uses, `patternAtLength`): global tokens at positions ≥ n are dropped and globalBlocks
 * is capped at the blocks n makes. `fittedNotes` says when that happened, so nothing is silent.
 */
import { BYTES_PER_ELEMENT, type CostPrecision } from '../costModel';
import { MAX_HEADS, MAX_MODEL_DIM } from '../limits';
import { type StateOf, type StateSchema } from '../share/stateSchema';
import { defineCalculator, type CalculatorSpec, type FieldProblem } from './calculatorSpec';
import {
  DEFAULT_CURVE_NS,
  computeMaskPattern,
  EXPLORER_PATTERN_KINDS,
  MASK_EXPLORER_MAX_N,
  MASK_EXPLORER_MIN_N,
  MASK_TIMING_MAX_D,
  MASK_TIMING_MAX_N,
  patternAtLength,
  type ExplorerPattern,
  type ExplorerPatternKind,
} from './maskExplorer';

export const MAX_GLOBAL_TOKENS = 16;
const PRECISIONS = Object.keys(BYTES_PER_ELEMENT) as CostPrecision[];

export const maskPatternSchema = {
  pattern: { kind: 'choice', options: EXPLORER_PATTERN_KINDS },
  n: { kind: 'int', min: MASK_EXPLORER_MIN_N, max: MASK_EXPLORER_MAX_N },
  d: { kind: 'int', min: 1, max: MAX_MODEL_DIM },
  heads: { kind: 'int', min: 1, max: MAX_HEADS },
  precision: { kind: 'choice', options: PRECISIONS },
  validFraction: { kind: 'number', min: 0.01, max: 1 },
  radius: { kind: 'int', min: 0, max: MASK_EXPLORER_MAX_N },
  dilation: { kind: 'int', min: 1, max: MASK_EXPLORER_MAX_N },
  globalTokens: { kind: 'numberList', minItems: 0, maxItems: MAX_GLOBAL_TOKENS },
  blockSize: { kind: 'int', min: 1, max: MASK_EXPLORER_MAX_N },
  windowBlocks: { kind: 'int', min: 0, max: 64 },
  globalBlocks: { kind: 'int', min: 0, max: 64 },
  randomBlocks: { kind: 'int', min: 0, max: 64 },
  stride: { kind: 'int', min: 1, max: MASK_EXPLORER_MAX_N },
  seed: { kind: 'int', min: 0, max: 2 ** 32 - 1 },
} satisfies StateSchema;

export type MaskPatternState = StateOf<typeof maskPatternSchema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const MASK_PATTERN_LABELS = {
  pattern: 'Pattern',
  n: 'n',
  d: 'd (model width)',
  heads: 'heads',
  precision: 'Precision',
  validFraction: 'Real-token share',
  radius: 'Window radius',
  dilation: 'Dilation',
  globalTokens: 'Global tokens',
  blockSize: 'Block size',
  windowBlocks: 'Window (blocks each side)',
  globalBlocks: 'Global blocks',
  randomBlocks: 'Random blocks per row',
  stride: 'Stride',
  seed: 'Seed',
} as const satisfies Record<keyof typeof maskPatternSchema, string>;

const BASE: MaskPatternState = {
  pattern: 'slidingWindow',
  n: 256,
  d: 512,
  heads: 8,
  precision: 'fp16',
  validFraction: 0.75,
  radius: 16,
  dilation: 2,
  globalTokens: [0],
  blockSize: 16,
  windowBlocks: 1,
  globalBlocks: 1,
  randomBlocks: 2,
  stride: 16,
  seed: 1,
};

/** The parameters each pattern reads from the state (what the picker shows for it). */
export const PATTERN_FIELDS: Readonly<Record<ExplorerPatternKind, readonly (keyof MaskPatternState)[]>> = {
  full: [],
  causal: [],
  padding: ['validFraction'],
  slidingWindow: ['radius'],
  dilatedWindow: ['radius', 'dilation'],
  globalLocal: ['radius', 'globalTokens'],
  blockSparse: ['blockSize', 'windowBlocks', 'globalBlocks', 'randomBlocks', 'seed'],
  strided: ['stride'],
};

export const PATTERN_NAMES: Readonly<Record<ExplorerPatternKind, string>> = {
  full: 'Full',
  causal: 'Causal',
  padding: 'Padding',
  slidingWindow: 'Sliding window',
  dilatedWindow: 'Dilated window',
  globalLocal: 'Global + local',
  blockSparse: 'Block sparse (BigBird)',
  strided: 'Strided (Sparse Transformer)',
};

function checkMaskState(state: MaskPatternState): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (state.d % state.heads !== 0) {
    problems.push({ field: 'heads', message: `d = ${state.d} does not split into ${state.heads} heads: d must be a multiple of heads.` });
  }
  const badToken = state.globalTokens.find((t) => !Number.isInteger(t) || t < 0 || t >= MASK_EXPLORER_MAX_N);
  if (badToken !== undefined) {
    problems.push({ field: 'globalTokens', message: `${MASK_PATTERN_LABELS.globalTokens}: ${badToken} is not a position; use whole numbers from 0 to ${MASK_EXPLORER_MAX_N - 1}.` });
  }
  return problems;
}

export const maskPatternSpec: CalculatorSpec<typeof maskPatternSchema> = defineCalculator({
  name: 'mask-pattern',
  title: 'Masks and long sequences',
  stateVersion: 1,
  schema: maskPatternSchema,
  labels: MASK_PATTERN_LABELS,
  defaultPreset: 'sliding-window',
  presets: {
    'sliding-window': BASE,
    causal: { ...BASE, pattern: 'causal', n: 64 },
    padding: { ...BASE, pattern: 'padding', n: 32, validFraction: 0.75 },
    dilated: { ...BASE, pattern: 'dilatedWindow', n: 64, radius: 4, dilation: 3 },
    'global-local': { ...BASE, pattern: 'globalLocal', n: 512, radius: 32, globalTokens: [0, 1] },
    bigbird: { ...BASE, pattern: 'blockSparse', n: 1024, blockSize: 64, windowBlocks: 1, globalBlocks: 1, randomBlocks: 2, seed: 7 },
    strided: { ...BASE, pattern: 'strided', n: 256, stride: 16 },
    'long-4096': { ...BASE, pattern: 'slidingWindow', n: 4096, radius: 128 },
  },
  check: checkMaskState,
});

/** The pattern the state describes, fitted to its n (see the header). */
export function patternFromState(state: MaskPatternState): ExplorerPattern {
  return patternAtLength(rawPattern(state), state.n);
}

/** The pattern before fitting to n: what the cost curve takes (it fits it to each of its n). */
export function rawPattern(s: MaskPatternState): ExplorerPattern {
  switch (s.pattern) {
    case 'full':
    case 'causal':
      return { kind: s.pattern };
    case 'padding':
      return { kind: 'padding', validFraction: s.validFraction };
    case 'slidingWindow':
      return { kind: 'slidingWindow', radius: s.radius };
    case 'dilatedWindow':
      return { kind: 'dilatedWindow', radius: s.radius, dilation: s.dilation };
    case 'globalLocal':
      return { kind: 'globalLocal', radius: s.radius, globalTokens: [...new Set(s.globalTokens)].sort((a, b) => a - b) };
    case 'blockSparse':
      return {
        kind: 'blockSparse',
        blockSize: s.blockSize,
        windowBlocks: s.windowBlocks,
        globalBlocks: s.globalBlocks,
        randomBlocks: s.randomBlocks,
        seed: s.seed,
      };
    case 'strided':
      return { kind: 'strided', stride: s.stride };
  }
}

/** What fitting the pattern to n changed, in words (empty when nothing). */
export function fittedNotes(state: MaskPatternState): string[] {
  const notes: string[] = [];
  if (state.pattern === 'globalLocal') {
    const dropped = state.globalTokens.filter((t) => t >= state.n);
    if (dropped.length > 0) notes.push(
        dropped.length > 1
          ? `Global tokens ${dropped.join(', ')} lie beyond n = ${state.n} and are left out.`
          : `Global token ${dropped[0]} lies beyond n = ${state.n} and is left out.`,
      );
  }
  if (state.pattern === 'blockSparse') {
    const blocks = Math.ceil(state.n / state.blockSize);
    if (state.globalBlocks > blocks) notes.push(`n = ${state.n} makes only ${blocks} block${blocks > 1 ? 's' : ''} of ${state.blockSize}; all of them are global.`);
  }
  return notes;
}

/** One line describing the pattern and its parameters, e.g. "Sliding window, radius 16". */
export function describePattern(pattern: ExplorerPattern): string {
  switch (pattern.kind) {
    case 'full':
    case 'causal':
      return PATTERN_NAMES[pattern.kind];
    case 'padding':
      return `Padding, ${Math.round(pattern.validFraction * 1000) / 10}% real tokens`;
    case 'slidingWindow':
      return `Sliding window, radius ${pattern.radius}`;
    case 'dilatedWindow':
      return `Dilated window, radius ${pattern.radius}, dilation ${pattern.dilation}`;
    case 'globalLocal':
      return `Global + local, radius ${pattern.radius}, global tokens ${pattern.globalTokens.length > 0 ? pattern.globalTokens.join(', ') : 'none'}`;
    case 'blockSparse':
      return `Block sparse, blocks of ${pattern.blockSize}, window ±${pattern.windowBlocks}, ${pattern.globalBlocks} global, ${pattern.randomBlocks} random (seed ${pattern.seed})`;
    case 'strided':
      return `Strided, stride ${pattern.stride}`;
  }
}

/** Sequence lengths of the cost curve: powers of two 8 … 4096, plus n itself when it is not one. */
export function curveLengths(n: number): number[] {
  const ns = [...DEFAULT_CURVE_NS];
  if (!ns.includes(n)) ns.push(n);
  return ns.sort((a, b) => a - b);
}

/** Why the state cannot be timed (null when it can). Timing runs one head of width d / heads. */
export function timingRefusal(state: MaskPatternState): string | null {
  if (state.n > MASK_TIMING_MAX_N) return `Measuring runs for n ≤ ${MASK_TIMING_MAX_N}; the cost model covers n = ${state.n}.`;
  const headDim = state.d / state.heads;
  if (!Number.isInteger(headDim)) return 'd must be a multiple of heads to measure.';
  if (headDim > MASK_TIMING_MAX_D) return `Measuring runs one head of width d / heads = ${headDim}; at most ${MASK_TIMING_MAX_D}.`;
  return null;
}

/** Kept here for the callers that read it from this module; it lives in ./fieldInput. */
export { parseFieldInput } from './fieldInput';

/** A count in the unit that keeps it readable: 1.5e9 FLOPs → { value: 1.5, unit: 'GFLOP' }; bytes in KiB/MiB/GiB. */
export function scaledQuantity(x: number, kind: 'flops' | 'bytes'): { value: number; unit: string } {
  const units = kind === 'flops' ? ['FLOP', 'kFLOP', 'MFLOP', 'GFLOP', 'TFLOP', 'PFLOP'] : ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  const step = kind === 'flops' ? 1000 : 1024;
  let value = x;
  let u = 0;
  while (Math.abs(value) >= step && u < units.length - 1) {
    value /= step;
    u++;
  }
  return { value, unit: units[u] };
}

/** Largest side of the mask picture sent to the page; longer masks are pooled in the worker. */
export const MASK_VIEW_MAX_SIDE = 512;

export interface MaskViewResult {
  n: number;
  pattern: ExplorerPattern;
  allowedPairs: number;
  density: number;
  /** Tokens per picture cell along each side (1: the mask itself). */
  factor: number;
  /** ⌈n / factor⌉ square, row-major: the share of allowed pairs in each factor × factor block (0/1 when factor = 1). */
  view: { rows: number; cols: number; data: Float32Array };
}

/**
 * The mask for drawing (a worker op): at most MASK_VIEW_MAX_SIDE a side, each cell the share of
 * allowed pairs in the block of tokens it stands for. Pooling here keeps a 4096² mask (16.8M
 * cells) off the main thread; the page receives 1 MiB instead of 16.
 */
export function maskPatternView(input: { n: number; pattern: ExplorerPattern; maxSide?: number }): MaskViewResult {
  const { n, pattern, allowedPairs, density, mask } = computeMaskPattern(input);
  const maxSide = input.maxSide ?? MASK_VIEW_MAX_SIDE;
  const factor = Math.max(1, Math.ceil(n / maxSide));
  const side = Math.ceil(n / factor);
  const data = new Float32Array(side * side);
  for (let i = 0; i < n; i++) {
    const rowBase = Math.floor(i / factor) * side;
    const rowOffset = i * n;
    for (let j = 0; j < n; j++) if (mask[rowOffset + j] === 1) data[rowBase + Math.floor(j / factor)] += 1;
  }
  if (factor > 1) {
    // Edge blocks hold fewer tokens when factor does not divide n.
    const span = (b: number) => Math.min(n, (b + 1) * factor) - b * factor;
    for (let bi = 0; bi < side; bi++) for (let bj = 0; bj < side; bj++) data[bi * side + bj] /= span(bi) * span(bj);
  }
  return { n, pattern, allowedPairs, density, factor, view: { rows: side, cols: side, data } };
}

/** Labels of the picture's rows/columns: token positions, or ranges "8–15" when pooled. */
export function maskViewLabels(n: number, factor: number): string[] {
  const side = Math.ceil(n / factor);
  return Array.from({ length: side }, (_, b) => {
    const first = b * factor;
    const last = Math.min(n, first + factor) - 1;
    return first === last ? String(first) : `${first}–${last}`;
  });
}
