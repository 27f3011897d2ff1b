import { assertMatrix, type FloatArray } from '../matrix';
import { blockSparseLayout, type BlockSparseLayout, type MaskPattern } from '../masks';

/**
 * The mask of a kernel job, in whichever form the caller has it, so no form is converted to
 * another on every call:
 * - `Uint8Array`: rowCount × nk bytes, non-zero = may attend;
 * - `Float32Array` / `Float64Array`: the rows of a public 0/1 mask `Matrix` as given (non-zero =
 *   may attend). Its entries are not checked yet: the kernels refuse a non-finite one as
 *   `assertMatrix` would (`refuseNonFiniteMask`), the SIMD kernel while it converts each block;
 * - `PatternRows`: a pattern of lib/masks.ts, which needs no n × n mask at all; the kernels
 *   write the bytes of the rows they are working on.
 */
export type KernelMask = Uint8Array | FloatArray | PatternRows;

/** Rows [firstRow, firstRow + rowCount) of a self-attention pattern's n × n mask. */
export interface PatternRows {
  readonly pattern: MaskPattern;
  readonly n: number;
  readonly firstRow: number;
  /** Writes the job's row r (global row firstRow + r) as n bytes, 1 = may attend, at out[offset…]. */
  writeRow(r: number, out: Uint8Array, offset: number): void;
}

export function isPatternRows(mask: KernelMask): mask is PatternRows {
  return !ArrayBuffer.isView(mask);
}

/**
 * The rows of `pattern` (already validated for n by assertMaskPattern) from global row `firstRow`.
 * Each row is written as runs (fill) and single keys, so a row costs what it allows plus a clear.
 */
export function patternRows(pattern: MaskPattern, n: number, firstRow: number): PatternRows {
  let layout: BlockSparseLayout | null = null;
  let global: Uint8Array | null = null;
  let globalList: number[] = [];
  const writeRow = (r: number, out: Uint8Array, offset: number): void => {
    const i = firstRow + r;
    const end = offset + n;
    const run = (from: number, to: number): void => {
      if (to > from) out.fill(1, offset + Math.max(0, from), offset + Math.min(n, to));
    };
    out.fill(0, offset, end);
    switch (pattern.kind) {
      case 'full':
        run(0, n);
        return;
      case 'causal':
        run(0, i + 1);
        return;
      case 'slidingWindow':
        run(i - pattern.radius, i + pattern.radius + 1);
        return;
      case 'dilatedWindow': {
        const { radius, dilation } = pattern;
        for (let t = -radius; t <= radius; t++) {
          const j = i + t * dilation;
          if (j >= 0 && j < n) out[offset + j] = 1;
        }
        return;
      }
      case 'globalLocal': {
        if (global === null) {
          global = new Uint8Array(n);
          for (const g of pattern.globalTokens) global[g] = 1;
          globalList = [...new Set(pattern.globalTokens)];
        }
        if (global[i] === 1) return run(0, n);
        run(i - pattern.radius, i + pattern.radius + 1);
        for (const g of globalList) out[offset + g] = 1;
        return;
      }
      case 'blockSparse': {
        layout ??= blockSparseLayout(n, pattern);
        const { blockSize, numBlocks, globalBlocks, windowBlocks } = layout;
        const bi = Math.floor(i / blockSize);
        const blocks = (from: number, to: number) => run(from * blockSize, to * blockSize);
        if (bi < globalBlocks) return blocks(0, numBlocks);
        blocks(0, globalBlocks);
        blocks(bi - windowBlocks, bi + windowBlocks + 1);
        for (const bj of layout.randomBlocks[bi]) blocks(bj, bj + 1);
        return;
      }
      case 'strided': {
        const { stride } = pattern;
        run(i - stride + 1, i + 1);
        for (let j = i - stride; j >= 0; j -= stride) out[offset + j] = 1;
        return;
      }
    }
  };
  return { pattern, n, firstRow, writeRow };
}

/** The job's mask from its row `first` on (for a job finished in parts). */
export function maskRowsFrom(mask: KernelMask, nk: number, first: number): KernelMask {
  if (!isPatternRows(mask)) return mask.subarray(first * nk);
  const rest = patternRows(mask.pattern, mask.n, mask.firstRow + first);
  return { ...rest, writeRow: (r, out, offset) => mask.writeRow(first + r, out, offset) };
}

/**
 * Throws the AttentionInputError assertMatrix gives for the first non-finite entry of a float
 * mask's rows (rows numbered from `rowOffset`); returns if there is none.
 */
export function refuseNonFiniteMask(mask: FloatArray, nk: number, rowOffset: number): void {
  assertMatrix({ rows: mask.length / nk, cols: nk, data: mask }, 'mask', { rowOffset, maxRows: Infinity, maxCols: Infinity });
}

/** Refuses a float mask with a non-finite entry (the TypeScript kernel's check before it starts). */
export function assertMaskFinite(mask: FloatArray, nk: number, rowOffset: number): void {
  for (let idx = 0; idx < mask.length; idx++) {
    const x = mask[idx];
    if (x - x !== 0) refuseNonFiniteMask(mask, nk, rowOffset);
  }
}
