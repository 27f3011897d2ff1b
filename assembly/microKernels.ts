// Register-blocked products of a few rows of A with column panels of B (see panels.ts).
//
// For each k the kernel does an axpy: acc[r, 0..16) += A[r, k] · panel[k, 0..16). Two rows × 16
// columns keep 8 f32x4 accumulators plus 4 panel vectors in registers; measured on x86-64 V8,
// 2×16 beat 3×16 and 4×16 (those spill: SSE has 16 vector registers).

import { PANEL_ROW_BYTES } from './panels';

/**
 * acc + a·b in every lane. The relaxed build (asc --enable relaxed-simd) makes it one
 * f32x4.relaxed_madd, which the engine may fuse (one rounding; FMA where the CPU has it) or not
 * (two roundings, the plain build's bits); either way each lane keeps the plain build's order.
 */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** C[0..2, 0..16) = A[0..2, 0..k) · panel; A rows `aStride` bytes apart, C rows `cStride` bytes apart. */
// Not inlined: it is called once per 16 columns × k steps, and three inlined copies would take
// the module past the 4 KiB Chrome compiles synchronously on the main thread.
export function kernel2x16(a: usize, aStride: usize, panel: usize, k: i32, c: usize, cStride: usize, accumulate: bool = false): void {
  let c00 = f32x4.splat(0), c01 = c00, c02 = c00, c03 = c00;
  let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  if (accumulate) {
    // Adding to what C holds gives the same bits as one pass over all k when the skipped terms
    // are zero weights: x + 0 = x in every lane (the accumulators start at +0 either way).
    c00 = v128.load(c); c01 = v128.load(c, 16); c02 = v128.load(c, 32); c03 = v128.load(c, 48);
    c10 = v128.load(c + cStride); c11 = v128.load(c + cStride, 16); c12 = v128.load(c + cStride, 32); c13 = v128.load(c + cStride, 48);
  }
  let a1 = a + aStride;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(panel), b1 = v128.load(panel, 16), b2 = v128.load(panel, 32), b3 = v128.load(panel, 48);
    let s = v128.load32_splat(a);
    c00 = madd(s, b0, c00);
    c01 = madd(s, b1, c01);
    c02 = madd(s, b2, c02);
    c03 = madd(s, b3, c03);
    s = v128.load32_splat(a1);
    c10 = madd(s, b0, c10);
    c11 = madd(s, b1, c11);
    c12 = madd(s, b2, c12);
    c13 = madd(s, b3, c13);
    a += 4;
    a1 += 4;
    panel += PANEL_ROW_BYTES;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c, c02, 32);
  v128.store(c, c03, 48);
  c += cStride;
  v128.store(c, c10);
  v128.store(c, c11, 16);
  v128.store(c, c12, 32);
  v128.store(c, c13, 48);
}

/**
 * C[0..2, 0..4) = A[0..2, 0..k) · one 4-column quarter of a panel (`panel` points at the quarter):
 * for a tile of 4 keys that a sparse mask leaves partly allowed. Each lane sums in the same order
 * as kernel2x16, so its four columns come out bit for bit equal.
 */
// @ts-ignore: decorator
@inline
export function kernel2x4(a: usize, aStride: usize, panel: usize, k: i32, c: usize, cStride: usize): void {
  let c0 = f32x4.splat(0), c1 = c0;
  let a1 = a + aStride;
  for (let kk = 0; kk < k; kk++) {
    const b = v128.load(panel);
    c0 = madd(v128.load32_splat(a), b, c0);
    c1 = madd(v128.load32_splat(a1), b, c1);
    a += 4;
    a1 += 4;
    panel += PANEL_ROW_BYTES;
  }
  v128.store(c, c0);
  v128.store(c + cStride, c1);
}

/**
 * C[0..rows, 0..16·panels) = A[0..rows, 0..k) · (the first `panels` panels), rows ≤ 2.
 * Panels are `panelBytes` apart; each covers 16 columns of C. A single row is computed as a pair
 * with itself, so C must have room for a second row `cStride` on (one kernel keeps the module small).
 */
export function rowsTimesPanels(
  a: usize,
  aStride: usize,
  rows: i32,
  k: i32,
  panels: usize,
  panelBytes: usize,
  panelCount: i32,
  c: usize,
  cStride: usize,
): void {
  const twin = rows == 2 ? aStride : 0;
  for (let p = 0; p < panelCount; p++) {
    kernel2x16(a, twin, panels, k, c, cStride);
    panels += panelBytes;
    c += 64;
  }
}
