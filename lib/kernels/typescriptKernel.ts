import type { FloatArray } from '../matrix';
import { softmaxRowInto } from '../softmax';
import { assertMaskFinite, isPatternRows, type PatternRows } from './kernelMask';
import { overflowSafeScore, storageOf } from './overflowSafeScore';
import type { MatmulKernel, SdpaBlockJob, SdpaKernel } from './sdpaKernel';

/**
 * The readable reference kernels: plain loops, accumulating in float64 whatever the storage type.
 * They run wherever WebAssembly SIMD does not, and they are what the SIMD kernel is checked against.
 * A score that overflows although its inputs are finite is recomputed without overflow, or the
 * input is refused (overflowSafeScore); it never reaches softmax as ±Infinity or NaN.
 */
export const typescriptSdpaKernel: SdpaKernel = {
  name: 'typescript',
  accepts: () => true,
  run(job: SdpaBlockJob): void {
    const { q, k, rowCount, nk, d, rowOffset, scale, mask, causal, scores } = job;
    if (mask !== null && !isPatternRows(mask) && !(mask instanceof Uint8Array)) assertMaskFinite(mask, nk, rowOffset);
    // A pattern's rows are written one at a time into this row buffer.
    const patternRow = mask !== null && isPatternRows(mask) ? new Uint8Array(nk) : null;
    for (let r = 0; r < rowCount; r++) {
      const lastKey = causal ? Math.min(nk - 1, rowOffset + r) : nk - 1;
      const qBase = r * d;
      const sBase = r * nk;
      let m: ArrayLike<number> | null = null;
      let mBase = sBase;
      if (patternRow !== null) {
        (mask as PatternRows).writeRow(r, patternRow, 0);
        m = patternRow;
        mBase = 0;
      } else if (mask !== null) {
        m = mask as ArrayLike<number>;
      }
      for (let j = 0; j < nk; j++) {
        if (j > lastKey || (m !== null && m[mBase + j] === 0)) {
          scores[sBase + j] = -Infinity;
          continue;
        }
        const kBase = j * d;
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q[qBase + c] * k[kBase + c];
        scores[sBase + j] = dot * scale;
        // Read back: a float32 buffer overflows on the store. x − x is NaN only for ±Infinity/NaN.
        const stored = scores[sBase + j];
        if (stored - stored !== 0) {
          scores[sBase + j] = overflowSafeScore(q, qBase, k, kBase, d, scale, { row: rowOffset + r, col: j, storage: storageOf(scores) });
        }
      }
    }
    softmaxThenWeightedSum(job);
  },
};

/**
 * weights = softmax(scores) row by row, output = weights · v. Shared by every scoring function:
 * once the scores hold -Infinity at blocked positions, the rest of attention is the same.
 */
export function softmaxThenWeightedSum(job: Pick<SdpaBlockJob, 'scores' | 'weights' | 'output' | 'v' | 'rowCount' | 'nk' | 'dv'>): void {
  const { scores, weights, output, v, rowCount, nk, dv } = job;
  const row = new Float64Array(nk);
  const acc = new Float64Array(dv);
  for (let r = 0; r < rowCount; r++) {
    softmaxRowInto(scores, r * nk, nk, 1, row);
    weights.set(row, r * nk);
    acc.fill(0);
    for (let j = 0; j < nk; j++) {
      const w = row[j];
      if (w === 0) continue;
      const vBase = j * dv;
      for (let c = 0; c < dv; c++) acc[c] += w * v[vBase + c];
    }
    output.set(acc, r * dv);
  }
}

export const typescriptMatmulKernel: MatmulKernel = {
  name: 'typescript',
  accepts: () => true,
  matmul(a: FloatArray, b: FloatArray, m: number, k: number, n: number, out: FloatArray): void {
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const x = a[i * k + p];
        if (x === 0) continue;
        const bBase = p * n;
        for (let j = 0; j < n; j++) acc[j] += x * b[bBase + j];
      }
      out.set(acc, i * n);
    }
  },
};
