/**
 * Attention masks: which keys each query may attend to. A mask is an nq × nk `Matrix` of 0/1
 * (1 = may attend, 0 = blocked), the same boolean meaning `scaledDotProductAttention` gives its
 * `mask` option (PyTorch's boolean attn_mask: True = take part in attention).
 *
 * Masks are stored as Float32Array: 0 and 1 are exact, it is half the memory of float64, and the
 * result can be passed straight to the attention core. Every builder refuses masks with more than
 * MAX_SCORE_CELLS cells, since a mask is as big as a score matrix.
 *
 * The sparse patterns (`slidingWindowMask`, `dilatedWindowMask`, `globalLocalMask`,
 * `blockSparseMask`, `stridedMask`) are self-attention masks (n queries over the same n keys); each
 * one always lets a token attend to itself, so no row is ever fully blocked.
 * `maskFromPattern` builds any of them from a `MaskPattern`, the same description the cost model
 * takes, so a calculator can show the mask it is costing.
 */
import { AttentionInputError, human } from './errors';
import { MAX_SCORE_CELLS, MAX_SEQUENCE_LENGTH } from './limits';
import { assertInteger, assertMatrix, assertOptions, type Matrix } from './matrix';
import { mulberry32 } from './random';

export interface BlockSparseOptions {
  /** Tokens per block (BigBird uses 64). The last block is shorter when n is not a multiple. */
  blockSize: number;
  /**
   * Window radius in blocks: block row I sees key blocks I − windowBlocks … I + windowBlocks.
   * BigBird's "3 sliding blocks" is windowBlocks = 1.
   */
  windowBlocks: number;
  /** The first `globalBlocks` blocks are global (BigBird-ITC style): they see and are seen by all. */
  globalBlocks: number;
  /**
   * Extra key blocks drawn at random for each non-global block row, among the blocks not already
   * in its window or global; fewer when fewer are left.
   */
  randomBlocks: number;
  /** Seed for mulberry32: the same seed gives the same random blocks. Whole number, 0 … 2³²−1. */
  seed: number;
}

/** A self-attention pattern over n tokens; `maskFromPattern` and `attentionCost` both take it. */
export type MaskPattern =
  | { kind: 'full' }
  | { kind: 'causal' }
  | { kind: 'slidingWindow'; radius: number }
  | { kind: 'dilatedWindow'; radius: number; dilation: number }
  | { kind: 'globalLocal'; radius: number; globalTokens: number[] }
  | ({ kind: 'blockSparse' } & BlockSparseOptions)
  | { kind: 'strided'; stride: number };

export type MaskPatternKind = MaskPattern['kind'];

export const MASK_PATTERN_KINDS: readonly MaskPatternKind[] = [
  'full',
  'causal',
  'slidingWindow',
  'dilatedWindow',
  'globalLocal',
  'blockSparse',
  'strided',
];

/** Every query sees every key. */
export function fullMask(nq: number, nk?: number): Matrix {
  const cols = nk ?? nq;
  assertMaskSize(nq, cols, nk === undefined ? 'n' : 'nq');
  return fill(nq, cols, () => true);
}

/**
 * Query i may attend key j when j ≤ i: torch.tril(torch.ones(nq, nk)), the top-left alignment of
 * PyTorch's `is_causal`. (When nq < nk, e.g. decoding with a KV cache, some libraries align
 * bottom-right instead, j ≤ i + nk − nq; this function does not.)
 */
export function causalMask(nq: number, nk?: number): Matrix {
  const cols = nk ?? nq;
  assertMaskSize(nq, cols, nk === undefined ? 'n' : 'nq');
  return fill(nq, cols, (i, j) => j <= i);
}

/** Query i may attend key j when |i − j| ≤ radius (a band of width 2·radius + 1). */
export function slidingWindowMask(n: number, radius: number): Matrix {
  assertMaskSize(n, n);
  assertRadius(radius, 'radius');
  return fill(n, n, (i, j) => Math.abs(i - j) <= radius);
}

/**
 * Keys 0 … validKeys−1 are real tokens and every query may attend them; keys from validKeys on are
 * padding and blocked for every query (PyTorch's key_padding_mask, inverted to "1 = may attend").
 * validKeys = 0 blocks every key; the attention core then gives those rows zero weights.
 */
export function paddingMask(nq: number, nk: number, validKeys: number): Matrix {
  assertMaskSize(nq, nk, 'nq');
  assertInteger(validKeys, 'validKeys', 0, nk);
  return fill(nq, nk, (_i, j) => j < validKeys);
}

/**
 * Longformer's dilated sliding window: query i attends j when (i − j) is a multiple of `dilation`
 * and |i − j| ≤ radius · dilation. So each query sees itself plus `radius` keys on each side,
 * spaced `dilation` apart, reaching radius · dilation tokens away. dilation = 1 is the plain
 * sliding window.
 */
export function dilatedWindowMask(n: number, radius: number, dilation: number): Matrix {
  assertMaskSize(n, n);
  assertRadius(radius, 'radius');
  assertInteger(dilation, 'dilation', 1, MAX_SEQUENCE_LENGTH);
  return fill(n, n, (i, j) => Math.abs(i - j) <= radius * dilation && (i - j) % dilation === 0);
}

/**
 * Longformer's sliding window plus global attention: every token sees its window |i − j| ≤ radius;
 * each token listed in `globalTokens` (0-based positions, e.g. [0] for a [CLS] token) also attends
 * to every token and is attended by every token. Listing a token twice changes nothing.
 */
export function globalLocalMask(n: number, radius: number, globalTokens: number[]): Matrix {
  assertMaskSize(n, n);
  assertRadius(radius, 'radius');
  const isGlobal = globalFlags(n, globalTokens);
  return fill(n, n, (i, j) => isGlobal[i] === 1 || isGlobal[j] === 1 || Math.abs(i - j) <= radius);
}

/**
 * Sparse Transformer's strided pattern (Child et al. 2019, "Generating Long Sequences with Sparse
 * Transformers"): query i attends j ≤ i when i − j < stride (the recent `stride` tokens) or
 * i − j is a multiple of stride (every stride-th token before it). It is causal, as in the paper,
 * where it was used for autoregressive generation. stride = 1 is plain causal attention.
 */
export function stridedMask(n: number, stride: number): Matrix {
  assertMaskSize(n, n);
  assertInteger(stride, 'stride', 1, MAX_SEQUENCE_LENGTH);
  return fill(n, n, (i, j) => j <= i && (i - j < stride || (i - j) % stride === 0));
}

/** BigBird's block-level pattern, before it is expanded to tokens. */
export interface BlockSparseLayout {
  n: number;
  blockSize: number;
  numBlocks: number;
  windowBlocks: number;
  globalBlocks: number;
  /** For each block row, its random key blocks in ascending order; empty for global rows. */
  randomBlocks: number[][];
}

/**
 * Which key blocks each query block sees under BigBird's pattern (Zaheer et al. 2020): block row I
 * sees blocks J with |I − J| ≤ windowBlocks, the global blocks 0 … globalBlocks−1, and
 * `randomBlocks` other blocks drawn without replacement by mulberry32(seed); global block rows see
 * every block. Random blocks are drawn row by row in order, so the pattern is a pure function of
 * its arguments. Unlike the window and global parts, the random part is not symmetric.
 */
export function blockSparseLayout(n: number, options: BlockSparseOptions): BlockSparseLayout {
  assertInteger(n, 'n', 1, MAX_SEQUENCE_LENGTH);
  assertBlockSparseOptions(n, options);
  const { blockSize, windowBlocks, globalBlocks, randomBlocks: r, seed } = options;
  const numBlocks = Math.ceil(n / blockSize);
  const random = mulberry32(seed);
  const randomBlocks: number[][] = [];
  for (let row = 0; row < numBlocks; row++) {
    if (row < globalBlocks || r === 0) {
      randomBlocks.push([]);
      continue;
    }
    // Candidates are [globalBlocks, numBlocks) minus the window [lo, hi], i.e. at most two runs;
    // index t of the candidate list maps to a block without building the list.
    const lo = Math.max(globalBlocks, row - windowBlocks);
    const hi = Math.min(numBlocks - 1, row + windowBlocks);
    const before = lo - globalBlocks;
    const count = before + (numBlocks - 1 - hi);
    const blockAt = (t: number) => (t < before ? globalBlocks + t : hi + 1 + (t - before));
    // Partial Fisher–Yates over the virtual candidate list: O(r) per row, even for huge rows.
    const take = Math.min(r, count);
    const swapped = new Map<number, number>();
    const chosen: number[] = [];
    for (let t = 0; t < take; t++) {
      const u = t + Math.floor(random() * (count - t));
      const atU = swapped.get(u) ?? u;
      const atT = swapped.get(t) ?? t;
      swapped.set(u, atT);
      chosen.push(blockAt(atU));
    }
    chosen.sort((a, b) => a - b);
    randomBlocks.push(chosen);
  }
  return { n, blockSize, numBlocks, windowBlocks, globalBlocks, randomBlocks };
}

/** Whether query block `row` may attend key block `col` in `layout`. */
export function blockSparseAllows(layout: BlockSparseLayout, row: number, col: number): boolean {
  return (
    row < layout.globalBlocks ||
    col < layout.globalBlocks ||
    Math.abs(row - col) <= layout.windowBlocks ||
    layout.randomBlocks[row].includes(col)
  );
}

/**
 * BigBird's block-sparse mask (see `blockSparseLayout`), expanded so that every token of block I
 * may attend every token of each block I sees. When n is not a multiple of blockSize the last
 * block holds the remaining n mod blockSize tokens.
 */
export function blockSparseMask(n: number, options: BlockSparseOptions): Matrix {
  assertMaskSize(n, n);
  const layout = blockSparseLayout(n, options);
  const { blockSize, numBlocks } = layout;
  const data = new Float32Array(n * n);
  const seen = new Uint8Array(numBlocks);
  for (let bi = 0; bi < numBlocks; bi++) {
    for (let bj = 0; bj < numBlocks; bj++) seen[bj] = 0;
    for (const bj of layout.randomBlocks[bi]) seen[bj] = 1;
    for (let bj = 0; bj < numBlocks; bj++) {
      const allowed = bi < layout.globalBlocks || bj < layout.globalBlocks || Math.abs(bi - bj) <= layout.windowBlocks || seen[bj] === 1;
      if (!allowed) continue;
      const rowEnd = Math.min(n, (bi + 1) * blockSize);
      const colStart = bj * blockSize;
      const colEnd = Math.min(n, colStart + blockSize);
      for (let i = bi * blockSize; i < rowEnd; i++) data.fill(1, i * n + colStart, i * n + colEnd);
    }
  }
  return { rows: n, cols: n, data };
}

/** The n × n mask of a self-attention pattern. */
export function maskFromPattern(n: number, pattern: MaskPattern): Matrix {
  assertMaskPattern(pattern, n);
  switch (pattern.kind) {
    case 'full':
      return fullMask(n);
    case 'causal':
      return causalMask(n);
    case 'slidingWindow':
      return slidingWindowMask(n, pattern.radius);
    case 'dilatedWindow':
      return dilatedWindowMask(n, pattern.radius, pattern.dilation);
    case 'globalLocal':
      return globalLocalMask(n, pattern.radius, pattern.globalTokens);
    case 'blockSparse':
      return blockSparseMask(n, pattern);
    case 'strided':
      return stridedMask(n, pattern.stride);
  }
}

/** Number of cells that may attend (non-zero, as the attention core reads a mask). */
export function countAllowed(mask: Matrix): number {
  assertMatrix(mask, 'mask');
  const { data } = mask;
  let count = 0;
  for (let idx = 0; idx < data.length; idx++) if (data[idx] !== 0) count++;
  return count;
}

/** Fraction of the nq × nk cells that may attend: 1 for full attention, about ½ for causal. */
export function maskDensity(mask: Matrix): number {
  return countAllowed(mask) / (mask.rows * mask.cols);
}

/**
 * Checks a pattern's kind and parameters for a sequence of n tokens (n itself is the caller's to
 * check). Shared with the cost model so both refuse the same things with the same words.
 */
export function assertMaskPattern(pattern: unknown, n: number): asserts pattern is MaskPattern {
  if (typeof pattern !== 'object' || pattern === null) {
    throw new AttentionInputError('invalid-argument', `The pattern is missing: give an object such as { kind: 'causal' }.`, {
      input: 'pattern',
    });
  }
  const p = pattern as Record<string, unknown>;
  switch (p.kind) {
    case 'full':
    case 'causal':
      return;
    case 'slidingWindow':
      assertRadius(p.radius, 'radius');
      return;
    case 'dilatedWindow':
      assertRadius(p.radius, 'radius');
      assertInteger(p.dilation, 'dilation', 1, MAX_SEQUENCE_LENGTH);
      return;
    case 'globalLocal':
      assertRadius(p.radius, 'radius');
      globalFlags(n, p.globalTokens);
      return;
    case 'blockSparse':
      assertBlockSparseOptions(n, p);
      return;
    case 'strided':
      assertInteger(p.stride, 'stride', 1, MAX_SEQUENCE_LENGTH);
      return;
    default:
      throw new AttentionInputError(
        'invalid-argument',
        `The pattern kind is ${JSON.stringify(p.kind)}: it must be one of ${MASK_PATTERN_KINDS.join(', ')}.`,
        { input: 'pattern' },
      );
  }
}

/**
 * Flags (1 = global) for n tokens from a list of 0-based token positions, validating the list.
 * Exported for the cost model, which counts with them instead of building a mask.
 */
export function globalFlags(n: number, globalTokens: unknown): Uint8Array {
  if (!Array.isArray(globalTokens)) {
    throw new AttentionInputError(
      'invalid-argument',
      `globalTokens must be a list of token positions, e.g. [0] for a [CLS] token; give [] for none.`,
      { input: 'globalTokens' },
    );
  }
  const flags = new Uint8Array(n);
  for (let t = 0; t < globalTokens.length; t++) {
    const g = globalTokens[t];
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g >= n) {
      throw new AttentionInputError(
        'out-of-range',
        `globalTokens entry ${human(t)} is ${String(g)}: token positions are 0-based whole numbers below n = ${n}.`,
        { input: 'globalTokens' },
      );
    }
    flags[g] = 1;
  }
  return flags;
}

function assertBlockSparseOptions(n: number, options: unknown): asserts options is BlockSparseOptions {
  assertOptions(options, '{ blockSize, windowBlocks, globalBlocks, randomBlocks, seed }', { optional: false });
  const o = options as Record<string, unknown>;
  assertInteger(o.blockSize, 'blockSize', 1, MAX_SEQUENCE_LENGTH);
  assertInteger(o.windowBlocks, 'windowBlocks', 0, MAX_SEQUENCE_LENGTH);
  const numBlocks = Math.ceil(n / o.blockSize);
  if (typeof o.globalBlocks === 'number' && Number.isInteger(o.globalBlocks) && o.globalBlocks > numBlocks) {
    throw new AttentionInputError(
      'out-of-range',
      `globalBlocks is ${o.globalBlocks} but n = ${n} in blocks of ${o.blockSize} makes only ${numBlocks} block${numBlocks === 1 ? '' : 's'}.`,
      { input: 'globalBlocks' },
    );
  }
  assertInteger(o.globalBlocks, 'globalBlocks', 0, numBlocks);
  assertInteger(o.randomBlocks, 'randomBlocks', 0, MAX_SEQUENCE_LENGTH);
  assertInteger(o.seed, 'seed', 0, 2 ** 32 - 1);
}

function assertRadius(radius: unknown, name: string): asserts radius is number {
  assertInteger(radius, name, 0, MAX_SEQUENCE_LENGTH);
}

/** `rowsName` is 'n' for square self-attention masks, 'nq' when queries and keys differ. */
function assertMaskSize(nq: number, nk: number, rowsName: 'n' | 'nq' = 'n'): void {
  assertInteger(nq, rowsName, 1, MAX_SEQUENCE_LENGTH);
  if (rowsName === 'nq') assertInteger(nk, 'nk', 1, MAX_SEQUENCE_LENGTH);
  if (nq * nk > MAX_SCORE_CELLS) {
    throw new AttentionInputError(
      'out-of-range',
      `A ${nq}×${nk} mask has ${nq * nk} cells; the most supported here is ${MAX_SCORE_CELLS} (e.g. 4096×8192). Use a shorter sequence.`,
      { input: 'n' },
    );
  }
}

function fill(nq: number, nk: number, allowed: (i: number, j: number) => boolean): Matrix {
  const data = new Float32Array(nq * nk);
  for (let i = 0; i < nq; i++) for (let j = 0; j < nk; j++) if (allowed(i, j)) data[i * nk + j] = 1;
  return { rows: nq, cols: nk, data };
}
