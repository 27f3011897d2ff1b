// Entry point of the WebAssembly SIMD attention kernel (compiled by scripts/build-wasm.mjs).
//
// Everything works on raw pointers into linear memory that the JavaScript side lays out
// (lib/kernels/wasmSimdKernel.ts); no AssemblyScript objects are allocated, so the stub runtime
// suffices. All matrices are float32, row-major.

import { expf4 } from './expf4';
import { kernel2x16, kernel2x4, rowsTimesPanels } from './microKernels';
import { PANEL_ROW_BYTES } from './panels';

export { packRowPanels, packTransposedPanels } from './panels';

/** First free byte of linear memory, 64-byte aligned: the JavaScript side allocates from here. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

/** dst[i] = exp(src[i]) for i < count rounded up to 4, through the vector code softmax uses (for tests). */
export function expArray(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i += 4) v128.store(dst + (<usize>i << 2), expf4(v128.load(src + (<usize>i << 2))));
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
 * Whether quad (4 keys) `j >> 2` of the row pair is marked non-empty in `tiles`: one byte per
 * 16-key panel, bit b for its quad b (see findTiles).
 */
// @ts-ignore: decorator
@inline
function quadIsSet(tiles: usize, j: i32): u32 {
  return (<u32>load<u8>(tiles + <usize>(j >> 4)) >> (<u32>(j >> 2) & 3)) & 1;
}

/**
 * Marks, for the first `panels` 16-key panels, which quads have any allowed key in either mask
 * row (m0, and m0 + rowGap; rowGap 0 for a single row). m0 = 0 (no mask, or skipping off) marks
 * every quad. Reads 16 bytes per panel per row, so up to 15 past a row's end.
 */
function findTiles(m0: usize, rowGap: usize, panels: i32, tiles: usize): void {
  if (m0 == 0) {
    memory.fill(tiles, 15, <usize>panels);
    return;
  }
  const zero = i32x4.splat(0);
  const m1 = m0 + rowGap;
  for (let p = 0; p < panels; p++) {
    const at = <usize>p << 4;
    // A quad's 4 mask bytes are one i32 lane: the lanes' bitmask is the panel's quad flags.
    store<u8>(tiles + <usize>p, i32x4.bitmask(i32x4.ne(v128.or(v128.load(m0 + at), v128.load(m1 + at)), zero)));
  }
}

/**
 * Mask bytes (non-zero = may attend) from float32 mask entries, 16 at a time for `count` rounded
 * up to 16 (the caller pads with zeros): the float mask of the public API reaches the kernel
 * without a byte copy made in JavaScript. Returns 1 when an entry is not finite (the caller then
 * refuses the mask with its row and column), else 0.
 */
export function maskBytesFromFloats(src: usize, dst: usize, count: i32): i32 {
  const zero = f32x4.splat(0);
  let bad = zero;
  for (let i = 0; i < count; i += 16) {
    const at = src + (<usize>i << 2);
    const a = v128.load(at), b = v128.load(at, 16), c = v128.load(at, 32), d = v128.load(at, 48);
    bad = v128.or(bad, v128.or(v128.or(f32x4.sub(a, a), f32x4.sub(b, b)), v128.or(f32x4.sub(c, c), f32x4.sub(d, d))));
    const low = i16x8.narrow_i32x4_s(f32x4.ne(a, zero), f32x4.ne(b, zero));
    const high = i16x8.narrow_i32x4_s(f32x4.ne(c, zero), f32x4.ne(d, zero));
    v128.store(dst + <usize>i, i8x16.narrow_i16x8_s(low, high));
  }
  return <i32>v128.any_true(bad);
}

/**
 * Turns one row of raw dot products into scores and softmax weights, in place over columns
 * [from, to) (multiples of 16): positions < limit keep scale·dot unless the mask byte is 0; every
 * other position becomes -Infinity in scores and 0 in weights. A row with nothing allowed gets all-zero weights.
 * `mask` is 0 when there is no mask; it may be read up to 3 bytes past `limit`. Quads that
 * `tiles` marks empty are blocked throughout and written as such without being read.
 *
 * Returns false, before any weight is written, when an allowed score is not finite: float32
 * overflowed (±Infinity, or NaN from Infinity − Infinity). Such a row must not pass for a blocked
 * one or turn into NaN weights; the caller hands it to the float64 kernel, which computes it
 * without overflow or refuses it with a message.
 */
function scoresToWeights(scores: usize, weights: usize, mask: usize, limit: i32, from: i32, to: i32, scale: f32, tiles: usize): bool {
  const scaleV = f32x4.splat(scale);
  const negInf = f32x4.splat(-Infinity);
  const limitV = i32x4.splat(limit);
  const lanes = i32x4(0, 1, 2, 3);
  const zero = i32x4.splat(0);
  const covered = min((limit + 3) & ~3, to);

  let rowMax = negInf;
  // x − x is +0 (all bits clear) for finite x and NaN otherwise: OR-ing it over the allowed lanes
  // leaves a bit set exactly when some allowed score overflowed. Three cheap lane ops per vector.
  let overflow = zero;
  for (let j = from; j < covered; j += 4) {
    const at = scores + (<usize>j << 2);
    if (quadIsSet(tiles, j) == 0) {
      v128.store(at, negInf);
      continue;
    }
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
  for (let j = covered; j < to; j += 4) v128.store(scores + (<usize>j << 2), negInf);
  if (v128.any_true(overflow)) return false;

  const m = horizontalMax(rowMax);
  if (m == -Infinity) {
    memory.fill(weights + (<usize>from << 2), 0, <usize>(to - from) << 2);
    return true;
  }
  const maxV = f32x4.splat(m);
  // Skipped quads would add exp(-Infinity) = 0 to the lanes' sums: leaving them out changes no bit.
  let sumV = f32x4.splat(0);
  for (let j = from; j < covered; j += 4) {
    const at = weights + (<usize>j << 2);
    if (quadIsSet(tiles, j) == 0) {
      v128.store(at, zero);
      continue;
    }
    const e = expf4(f32x4.sub(v128.load(scores + (<usize>j << 2)), maxV));
    v128.store(at, e);
    sumV = f32x4.add(sumV, e);
  }
  // The max itself contributes exp(0) = 1, so the sum is ≥ 1: no division by zero.
  const sum = f32x4.splat(horizontalSum(sumV));
  for (let j = from; j < covered; j += 4) {
    const at = weights + (<usize>j << 2);
    if (quadIsSet(tiles, j) != 0) v128.store(at, f32x4.div(v128.load(at), sum));
  }
  // covered ≤ to: nothing to fill when they meet.
  memory.fill(weights + (<usize>covered << 2), 0, <usize>(to - covered) << 2);
  return true;
}

/**
 * Scaled dot-product attention for `rows` query rows (see SdpaBlockJob in lib/kernels/sdpaKernel.ts).
 *
 * q: rows × d. keyPanels: Kᵀ packed by packTransposedPanels (ceil(nk/16) panels of d rows).
 * valuePanels: V packed by packRowPanels (ceil(dv/16) panels of nk rows). mask: rows × nk bytes
 * (+16 readable bytes) or 0. scores/weights: (rows + 1) × nkPad with nkPad = 16·ceil(nk/16), out:
 * (rows + 1) × dvPad likewise; the spare row takes the second row of a lone last row's pair.
 * tiles: ceil(rows / 2) × nkPad / 16 bytes, where each pair's quad flags are left for the caller
 * (valid for the panels below the pair's causal limit), which copies out only what they cover.
 *
 * Rows go two at a time through scores → softmax → output while their scores are still in cache.
 * Under causal masking a pair only touches keys up to its last row's index. With a mask and
 * `skip`, the pair's mask is first scanned for empty quads (4 keys that neither row may attend),
 * which then cost nothing in Q·Kᵀ, softmax or weights·V; a panel with three or four non-empty
 * quads is computed whole. Skipping changes no bit of the results (skip = 0 is there to prove it).
 *
 * Returns -1, or the index of the first row whose allowed scores overflowed float32: the block
 * stops there, and rows from that one on are left unfinished.
 */
export function sdpaBlock(
  q: usize,
  keyPanels: usize,
  valuePanels: usize,
  mask: usize,
  tiles: usize,
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
  skip: bool,
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
    const pair = groupRows == 2;
    const groupLimit = causal ? min(nk, rowOffset + i + groupRows) : nk;
    const panels = (groupLimit + 15) >> 4;
    const qRow = q + <usize>i * qStride;
    const sRow = scores + <usize>i * sStride;
    const wRow = weights + <usize>i * sStride;
    const oRow = out + <usize>i * oStride;
    const pairTiles = tiles + <usize>(i >> 1) * <usize>(nkPad >> 4);
    // A lone last row is computed as a pair with itself; its twin lands in the spare row.
    const qGap = pair ? qStride : 0;
    const wGap = pair ? sStride : 0;
    findTiles(mask == 0 || !skip ? 0 : mask + <usize>i * <usize>nk, pair ? <usize>nk : 0, panels, pairTiles);

    for (let p = 0; p < panels; p++) {
      const f = <u32>load<u8>(pairTiles + <usize>p);
      if (f == 0) continue;
      const panel = keyPanels + <usize>p * keyPanelBytes;
      const s = sRow + (<usize>p << 6);
      if (popcnt(f) >= 3) {
        kernel2x16(qRow, qGap, panel, d, s, sStride);
      } else {
        for (let b: u32 = 0; b < 4; b++) {
          if (((f >> b) & 1) != 0) kernel2x4(qRow, qGap, panel + (<usize>b << 4), d, s + (<usize>b << 4), sStride);
        }
      }
    }
    // Only keys from the pair's first to its last non-empty panel are written (the caller copies
    // out that span and knows the rest is blocked).
    let lo = 0;
    let hi = panels;
    while (lo < hi && load<u8>(pairTiles + <usize>lo) == 0) lo++;
    while (hi > lo && load<u8>(pairTiles + <usize>(hi - 1)) == 0) hi--;
    for (let r = 0; r < groupRows; r++) {
      const limit = causal ? min(nk, rowOffset + i + r + 1) : nk;
      const maskRow: usize = mask == 0 ? 0 : mask + <usize>(i + r) * <usize>nk;
      if (!scoresToWeights(sRow + <usize>r * sStride, wRow + <usize>r * sStride, maskRow, limit, lo << 4, hi << 4, scale, pairTiles)) return i + r;
    }

    // weights · V over runs of non-empty quads, accumulated in key order.
    memory.fill(oRow, 0, oStride << 1);
    let key = lo << 4;
    while (key < groupLimit) {
      if (quadIsSet(pairTiles, key) == 0) {
        key += 4;
        continue;
      }
      const k0 = key;
      while (key < groupLimit && quadIsSet(pairTiles, key) != 0) key += 4;
      const k1 = min(key, groupLimit);
      for (let p = 0; p < dvPanels; p++) {
        const panel = valuePanels + <usize>p * valuePanelBytes + (<usize>k0 << 6);
        kernel2x16(wRow + (<usize>k0 << 2), wGap, panel, k1 - k0, oRow + (<usize>p << 6), oStride, true);
      }
    }
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
