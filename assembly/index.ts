// Entry point of the WebAssembly SIMD attention kernel (compiled by scripts/build-wasm.mjs).
//
// Everything works on raw pointers into linear memory that the JavaScript side lays out
// (lib/kernels/wasmSimdKernel.ts); no AssemblyScript objects are allocated, so the stub runtime
// suffices. All matrices are float32, row-major.

import { expf4 } from './expf4';
import { rowsTimesPanels } from './microKernels';
import { PANEL_ROW_BYTES } from './panels';

export { packRowPanels, packTransposedPanels } from './panels';

/** First free byte of linear memory, 64-byte aligned: the JavaScript side allocates from here. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

/** dst[i] = exp(src[i]) for i < count, through the same vector code softmax uses (for tests). */
export function expArray(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    v128.store(dst + (<usize>i << 2), expf4(v128.load(src + (<usize>i << 2))));
  }
  for (; i < count; i++) {
    store<f32>(dst + (<usize>i << 2), f32x4.extract_lane(expf4(f32x4.splat(load<f32>(src + (<usize>i << 2)))), 0));
  }
}

// @ts-ignore: decorator
@inline
function horizontalMax(v: v128): f32 {
  const a = max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1));
  const b = max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3));
  return max(a, b);
}

// @ts-ignore: decorator
@inline
function horizontalSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * Turns one row of raw dot products into scores and softmax weights, in place over `padded`
 * columns: positions < limit keep scale·dot unless the mask byte is 0; every other position
 * becomes -Infinity in scores and 0 in weights. A row with nothing allowed gets all-zero weights.
 * `mask` is 0 when there is no mask; it may be read up to 3 bytes past `limit`.
 *
 * Returns false, before any weight is written, when an allowed score is not finite: float32
 * overflowed (±Infinity, or NaN from Infinity − Infinity). Such a row must not pass for a blocked
 * one or turn into NaN weights; the caller hands it to the float64 kernel, which computes it
 * without overflow or refuses it with a message.
 */
function scoresToWeights(scores: usize, weights: usize, mask: usize, limit: i32, padded: i32, scale: f32): bool {
  const scaleV = f32x4.splat(scale);
  const negInf = f32x4.splat(-Infinity);
  const limitV = i32x4.splat(limit);
  const lanes = i32x4(0, 1, 2, 3);
  const zero = i32x4.splat(0);
  const covered = (limit + 3) & ~3;

  let rowMax = negInf;
  // x − x is +0 (all bits clear) for finite x and NaN otherwise: OR-ing it over the allowed lanes
  // leaves a bit set exactly when some allowed score overflowed. Three cheap lane ops per vector.
  let overflow = zero;
  for (let j = 0; j < covered; j += 4) {
    const at = scores + (<usize>j << 2);
    let allowed = i32x4.lt_s(i32x4.add(lanes, i32x4.splat(j)), limitV);
    if (mask != 0) {
      const bytes = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(mask + <usize>j)));
      allowed = v128.andnot(allowed, i32x4.eq(bytes, zero));
    }
    const raw = f32x4.mul(v128.load(at), scaleV);
    overflow = v128.or(overflow, v128.and(f32x4.sub(raw, raw), allowed));
    const s = v128.bitselect(raw, negInf, allowed);
    v128.store(at, s);
    rowMax = f32x4.pmax(rowMax, s);
  }
  for (let j = covered; j < padded; j += 4) v128.store(scores + (<usize>j << 2), negInf);
  if (v128.any_true(overflow)) return false;

  const m = horizontalMax(rowMax);
  if (m == -Infinity) {
    memory.fill(weights, 0, <usize>padded << 2);
    return true;
  }
  const maxV = f32x4.splat(m);
  let sumV = f32x4.splat(0);
  for (let j = 0; j < covered; j += 4) {
    const e = expf4(f32x4.sub(v128.load(scores + (<usize>j << 2)), maxV));
    v128.store(weights + (<usize>j << 2), e);
    sumV = f32x4.add(sumV, e);
  }
  // The max itself contributes exp(0) = 1, so the sum is ≥ 1: no division by zero.
  const sum = f32x4.splat(horizontalSum(sumV));
  for (let j = 0; j < covered; j += 4) {
    const at = weights + (<usize>j << 2);
    v128.store(at, f32x4.div(v128.load(at), sum));
  }
  if (covered < padded) memory.fill(weights + (<usize>covered << 2), 0, <usize>(padded - covered) << 2);
  return true;
}

/**
 * Scaled dot-product attention for `rows` query rows (see SdpaBlockJob in lib/kernels/sdpaKernel.ts).
 *
 * q: rows × d. keyPanels: Kᵀ packed by packTransposedPanels (ceil(nk/16) panels of d rows).
 * valuePanels: V packed by packRowPanels (ceil(dv/16) panels of nk rows). mask: rows × nk bytes
 * or 0. scores/weights: rows × nkPad with nkPad = 16·ceil(nk/16). out: rows × dvPad likewise.
 *
 * Rows go two at a time through scores → softmax → output while their scores are still in cache.
 * Under causal masking a pair only touches keys up to its last row's index.
 *
 * Returns -1, or the index of the first row whose allowed scores overflowed float32: the block
 * stops there, and rows from that one on are left unfinished.
 */
export function sdpaBlock(
  q: usize,
  keyPanels: usize,
  valuePanels: usize,
  mask: usize,
  scores: usize,
  weights: usize,
  out: usize,
  rows: i32,
  nk: i32,
  d: i32,
  dv: i32,
  rowOffset: i32,
  scale: f32,
  causal: bool,
): i32 {
  const nkPad = (nk + 15) & ~15;
  const dvPanels = (dv + 15) >> 4;
  const qStride = <usize>d << 2;
  const sStride = <usize>nkPad << 2;
  const oStride = <usize>dvPanels << 6;
  const keyPanelBytes = <usize>d * PANEL_ROW_BYTES;
  const valuePanelBytes = <usize>nk * PANEL_ROW_BYTES;
  for (let i = 0; i < rows; i += 2) {
    const groupRows = min(2, rows - i);
    const groupLimit = causal ? min(nk, rowOffset + i + groupRows) : nk;
    const sRow = scores + <usize>i * sStride;
    const wRow = weights + <usize>i * sStride;
    rowsTimesPanels(q + <usize>i * qStride, qStride, groupRows, d, keyPanels, keyPanelBytes, (groupLimit + 15) >> 4, sRow, sStride);
    for (let r = 0; r < groupRows; r++) {
      const limit = causal ? min(nk, rowOffset + i + r + 1) : nk;
      const maskRow: usize = mask == 0 ? 0 : mask + <usize>(i + r) * <usize>nk;
      if (!scoresToWeights(sRow + <usize>r * sStride, wRow + <usize>r * sStride, maskRow, limit, nkPad, scale)) return i + r;
    }
    rowsTimesPanels(wRow, sStride, groupRows, groupLimit, valuePanels, valuePanelBytes, dvPanels, out + <usize>i * oStride, oStride);
  }
  return -1;
}

/** C (m × nPad) = A (m × k) · B, B packed by packRowPanels into ceil(n/16) panels of k rows. */
export function matmulBlock(a: usize, m: i32, k: i32, bPanels: usize, n: i32, c: usize): void {
  const panelCount = (n + 15) >> 4;
  const aStride = <usize>k << 2;
  const cStride = <usize>panelCount << 6;
  for (let i = 0; i < m; i += 2) {
    rowsTimesPanels(a + <usize>i * aStride, aStride, min(2, m - i), k, bPanels, <usize>k * PANEL_ROW_BYTES, panelCount, c + <usize>i * cStride, cStride);
  }
}
