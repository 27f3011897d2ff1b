/**
 * What one self-attention layer's core costs: QKᵀ, softmax and weights·V over n tokens, for a
 * mask pattern. It is arithmetic only (no matrices are built), so it answers instantly for any n up
 * to MAX_SEQUENCE_LENGTH, which is what the "masks and long sequences" calculator needs.
 *
 * Definitions (all counts are for the whole layer, every head, unless marked "per head"):
 * - `d` is the model width d_model; the `heads` heads each have width dₕ = d / heads, so heads must
 *   divide d (as PyTorch's nn.MultiheadAttention requires of embed_dim and num_heads).
 * - A query–key pair is "allowed" when the pattern lets the query attend the key; only allowed
 *   pairs are computed. That is what a sparse kernel achieves; a dense kernel that merely masks
 *   still pays for all n² pairs (see `denseScoreBytes`).
 * - FLOPs: a multiply-add is 2 FLOPs. QKᵀ costs 2·dₕ per allowed pair, weights·V 2·dₕ per allowed
 *   pair. Softmax costs SOFTMAX_FLOPS_PER_PAIR = 5 per allowed pair: one compare for the row max,
 *   one subtract, one exp, one add to the row sum, one divide; exp is counted as a single FLOP,
 *   though hardware spends more on it.
 * - `projectionFlops` (reported separately, not in `flops`): the Q, K, V and output projections,
 *   4 matmuls of n × d by d × d, 4 · 2 · n · d².
 * - Bytes assume every tensor is stored in `precision` (fp32 4 bytes, fp16/bf16 2, int8 1). Real
 *   int8 kernels accumulate in int32 and usually do softmax in a wider type; this model ignores
 *   that. `scoreBytes` is one materialised score (or weight) matrix per head holding only the
 *   allowed pairs with no index overhead; a naive implementation that keeps scores and weights
 *   both holds twice that, and a fused (FlashAttention-style) kernel holds neither.
 *
 * Allowed pairs are counted in closed form (full, causal, sliding and dilated window, strided), in
 * O(n) with prefix sums (global + local), or from BigBird's block layout in O(blocks · extra
 * blocks) (block sparse, which shares `blockSparseLayout` with `blockSparseMask`).
 */
import { AttentionInputError } from './errors';
import { MAX_HEADS, MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH } from './limits';
import { assertMaskPattern, blockSparseLayout, globalFlags, type MaskPattern } from './masks';
import { assertInteger } from './matrix';

export type CostPrecision = 'fp32' | 'fp16' | 'bf16' | 'int8';

export const BYTES_PER_ELEMENT: Readonly<Record<CostPrecision, number>> = { fp32: 4, fp16: 2, bf16: 2, int8: 1 };

/** max, subtract, exp, sum, divide. */
export const SOFTMAX_FLOPS_PER_PAIR = 5;

export interface AttentionCostInput {
  /** Sequence length (self-attention: n queries over n keys). */
  n: number;
  /** Model width d_model; each head has d / heads. */
  d: number;
  heads: number;
  precision: CostPrecision;
  pattern: MaskPattern;
}

export interface AttentionCost {
  n: number;
  d: number;
  heads: number;
  /** dₕ = d / heads. */
  headDim: number;
  precision: CostPrecision;
  bytesPerElement: number;
  /** Query–key pairs the pattern allows, per head. */
  allowedPairs: number;
  /** allowedPairs / n². */
  density: number;
  /** QKᵀ + softmax + weights·V, all heads. */
  flops: number;
  flopsBreakdown: { qkT: number; softmax: number; weightsTimesV: number };
  /** Q, K, V and output projections, 4 · 2 · n · d²; not included in `flops`. */
  projectionFlops: number;
  /** One score matrix per head, allowed pairs only: heads · allowedPairs · bytesPerElement. */
  scoreBytes: number;
  /** The same stored densely, as a masked dense kernel does: heads · n² · bytesPerElement. */
  denseScoreBytes: number;
  /** Q, K and V: 3 · n · d · bytesPerElement. */
  inputBytes: number;
  /** K and V alone, what a KV cache keeps for this layer: 2 · n · d · bytesPerElement. */
  kvBytes: number;
  /** The attention output (before the output projection): n · d · bytesPerElement. */
  outputBytes: number;
}

export function attentionCost(input: AttentionCostInput): AttentionCost {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', 'attentionCost needs { n, d, heads, precision, pattern }.', {
      input: 'input',
    });
  }
  const { n, d, heads, precision, pattern } = input;
  assertInteger(n, 'n', 1, MAX_SEQUENCE_LENGTH);
  assertInteger(d, 'd', 1, MAX_MODEL_DIM);
  assertInteger(heads, 'heads', 1, MAX_HEADS);
  if (d % heads !== 0) {
    throw new AttentionInputError(
      'shape',
      `d = ${d} does not split into ${heads} heads: the model width d must be a multiple of heads (each head gets d / heads).`,
      { input: 'heads' },
    );
  }
  if (typeof precision !== 'string' || !Object.prototype.hasOwnProperty.call(BYTES_PER_ELEMENT, precision)) {
    throw new AttentionInputError(
      'invalid-argument',
      `precision is ${JSON.stringify(precision)}: it must be one of ${Object.keys(BYTES_PER_ELEMENT).join(', ')}.`,
      { input: 'precision' },
    );
  }
  const headDim = d / heads;
  const bytesPerElement = BYTES_PER_ELEMENT[precision];
  const allowedPairs = countAllowedPairs(n, pattern);
  const qkT = 2 * allowedPairs * headDim * heads;
  const softmax = SOFTMAX_FLOPS_PER_PAIR * allowedPairs * heads;
  const weightsTimesV = 2 * allowedPairs * headDim * heads;
  return {
    n,
    d,
    heads,
    headDim,
    precision,
    bytesPerElement,
    allowedPairs,
    density: allowedPairs / (n * n),
    flops: qkT + softmax + weightsTimesV,
    flopsBreakdown: { qkT, softmax, weightsTimesV },
    projectionFlops: 4 * 2 * n * d * d,
    scoreBytes: heads * allowedPairs * bytesPerElement,
    denseScoreBytes: heads * n * n * bytesPerElement,
    inputBytes: 3 * n * d * bytesPerElement,
    kvBytes: 2 * n * d * bytesPerElement,
    outputBytes: n * d * bytesPerElement,
  };
}

/** Query–key pairs `pattern` allows among n tokens, without building the n × n mask. */
export function countAllowedPairs(n: number, pattern: MaskPattern): number {
  assertInteger(n, 'n', 1, MAX_SEQUENCE_LENGTH);
  assertMaskPattern(pattern, n);
  switch (pattern.kind) {
    case 'full':
      return n * n;
    case 'causal':
      return (n * (n + 1)) / 2;
    case 'slidingWindow':
      return bandPairs(n, pattern.radius, 1);
    case 'dilatedWindow':
      return bandPairs(n, pattern.radius, pattern.dilation);
    case 'globalLocal':
      return globalLocalPairs(n, pattern.radius, pattern.globalTokens);
    case 'blockSparse':
      return blockSparsePairs(n, pattern);
    case 'strided':
      return stridedPairs(n, pattern.stride);
  }
}

/**
 * Pairs with i − j ∈ {0, ±step, …, ±radius·step}: the diagonal gives n, and each offset t·step < n
 * gives n − t·step on each side. With m the number of offsets that fit,
 * n + 2 Σ_{t=1..m} (n − t·step) = n + 2mn − step·m(m+1).
 */
function bandPairs(n: number, radius: number, step: number): number {
  const m = Math.min(radius, Math.floor((n - 1) / step));
  return n + 2 * m * n - step * m * (m + 1);
}

/** Row i allows min(i+1, s) recent keys plus ⌊i/s⌋ earlier multiples of s; summed in closed form. */
function stridedPairs(n: number, s: number): number {
  const local = n <= s ? (n * (n + 1)) / 2 : (s * (s + 1)) / 2 + (n - s) * s;
  // Σ_{i<n} ⌊i/s⌋ with n = q·s + rem: each full group k < q contributes s·k, the remainder rem·q.
  const q = Math.floor(n / s);
  const rem = n - q * s;
  const far = (s * q * (q - 1)) / 2 + rem * q;
  return local + far;
}

/**
 * A global row sees all n keys. Any other row i sees its window [i−r, i+r] ∩ [0, n) plus the
 * global tokens outside it, which a prefix sum of global flags counts in O(1).
 */
function globalLocalPairs(n: number, radius: number, globalTokens: number[]): number {
  const flags = globalFlags(n, globalTokens);
  const prefix = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + flags[i];
  const totalGlobal = prefix[n];
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    if (flags[i] === 1) {
      pairs += n;
      continue;
    }
    const lo = Math.max(0, i - radius);
    const hi = Math.min(n - 1, i + radius);
    pairs += hi - lo + 1 + totalGlobal - (prefix[hi + 1] - prefix[lo]);
  }
  return pairs;
}

/**
 * Σ over block rows of (rows in block) × (tokens in the key blocks it sees). The key blocks of a
 * non-global row are the global blocks [0, g), its window [lo, hi], and random blocks disjoint from
 * both; tokens in a run of blocks [a, b] are min(n, (b+1)·bs) − a·bs.
 */
function blockSparsePairs(n: number, pattern: Extract<MaskPattern, { kind: 'blockSparse' }>): number {
  const layout = blockSparseLayout(n, pattern);
  const { blockSize: bs, numBlocks, windowBlocks: w, globalBlocks: g } = layout;
  const tokens = (a: number, b: number) => (a > b ? 0 : Math.min(n, (b + 1) * bs) - a * bs);
  let pairs = 0;
  for (let row = 0; row < numBlocks; row++) {
    const rowTokens = tokens(row, row);
    if (row < g) {
      pairs += rowTokens * n;
      continue;
    }
    const lo = Math.max(0, row - w);
    const hi = Math.min(numBlocks - 1, row + w);
    // Global blocks [0, g) and window [lo, hi] may overlap; count their union once.
    let keyTokens = lo <= g ? tokens(0, Math.max(hi, g - 1)) : tokens(0, g - 1) + tokens(lo, hi);
    for (const b of layout.randomBlocks[row]) keyTokens += tokens(b, b);
    pairs += rowTokens * keyTokens;
  }
  return pairs;
}
