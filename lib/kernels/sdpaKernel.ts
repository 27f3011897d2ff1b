import type { FloatArray } from '../matrix';
import type { KernelMask } from './kernelMask';

/**
 * One block of query rows of scaled dot-product attention, on raw buffers that are already
 * validated. Both the readable TypeScript kernel and the WebAssembly SIMD kernel implement this,
 * and the worker pool hands each worker one block, so the three agree on what a block means.
 *
 * Semantics (as PyTorch's F.scaled_dot_product_attention):
 * - scores[r, j] = scale · (q[r] · k[j]), or -Infinity where position j is blocked for row r;
 * - row r (global query index rowOffset + r) may attend j when mask[r, j] !== 0 (if a mask is
 *   given) and, when causal, j <= rowOffset + r (top-left aligned, like is_causal);
 * - a kernel may skip the work of blocked positions, but never so that a result changes: the SIMD
 *   kernel's skipping of empty mask tiles changes no bit (tests/maskTiles.test.ts);
 * - weights[r] = softmax(scores[r]); a row with every position blocked gets all-zero weights;
 * - output[r] = Σ_j weights[r, j] · v[j];
 * - an allowed score that overflows (±Infinity or NaN from finite inputs) never reaches softmax:
 *   it is recomputed without overflow, or the kernel throws AttentionInputError (input 'scores').
 *   -Infinity in scores therefore always means blocked.
 */
export interface SdpaBlockJob {
  /** rowCount × d, the block's query rows. */
  q: FloatArray;
  /** nk × d */
  k: FloatArray;
  /** nk × dv */
  v: FloatArray;
  rowCount: number;
  nk: number;
  d: number;
  dv: number;
  /** Global index of the block's first query row; only causal masking needs it. */
  rowOffset: number;
  scale: number;
  /**
   * rowCount × nk, non-zero = may attend, as bytes, as the float rows of a mask Matrix (refused
   * by the kernel if not finite), or as a pattern's rows (no n × n mask at all); null = no mask.
   */
  mask: KernelMask | null;
  causal: boolean;
  /**
   * True when `weights` is known to hold only zeros (freshly allocated): a kernel may then leave
   * the zero weights of blocked tiles unwritten, and never touch those pages. Optional, default false.
   */
  weightsAreZero?: boolean;
  /** Preallocated outputs: rowCount × nk, rowCount × nk, rowCount × dv. */
  scores: FloatArray;
  weights: FloatArray;
  output: FloatArray;
}

export interface SdpaKernel {
  readonly name: 'typescript' | 'wasm-simd';
  /** Whether this kernel can run the job (e.g. the SIMD kernel takes float32 buffers only). */
  accepts(job: SdpaBlockJob): boolean;
  run(job: SdpaBlockJob): void;
}

/** C (m×n) = A (m×k) · B (k×n), row-major, into a preallocated `out`. */
export interface MatmulKernel {
  readonly name: 'typescript' | 'wasm-simd';
  accepts(a: FloatArray, b: FloatArray, out: FloatArray): boolean;
  matmul(a: FloatArray, b: FloatArray, m: number, k: number, n: number, out: FloatArray): void;
}
