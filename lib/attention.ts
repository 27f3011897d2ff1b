/**
 * The attention core: scaled dot-product, multi-head and additive attention on dense matrices.
 *
 * Semantics follow PyTorch's F.scaled_dot_product_attention, with these deliberate differences:
 * - `mask` is boolean in meaning: any non-zero entry means "may attend", zero means blocked.
 *   PyTorch also accepts float masks that are *added* to the scores; we do not, because a learner
 *   typing 0/1 into a float mask would silently get the opposite of what they meant.
 * - `scores` is returned with -Infinity at blocked positions, so it can be shown and taught.
 * - A row blocked everywhere gets zero weights and a zero output, as PyTorch ≥ 2.5 does for SDPA
 *   (older PyTorch, plain softmax over -inf, and nn.MultiheadAttention's weights give NaN).
 * - Results are float32 when every input is float32 (the fast SIMD path), float64 otherwise.
 * - Finite input never gives NaN weights. A score (or projection) beyond the largest float of the
 *   result type is refused with AttentionInputError ("Scores overflow: …", input 'scores'), where
 *   PyTorch would return NaN weights or take an overflowed −inf score for a blocked one.
 */
import { AttentionInputError, human } from './errors';
import { matmulKernelFor, sdpaKernelFor } from './kernels/activeKernels';
import { LARGEST_FINITE, overflowSafeScore, storageOf } from './kernels/overflowSafeScore';
import { patternRows, type KernelMask } from './kernels/kernelMask';
import type { SdpaBlockJob } from './kernels/sdpaKernel';
import { softmaxThenWeightedSum } from './kernels/typescriptKernel';
import { MAX_HEADS, MAX_SCORE_CELLS } from './limits';
import { assertMaskPattern, type MaskPattern } from './masks';
import {
  assertInteger,
  assertMatrix,
  assertOptions,
  resultArrayType,
  type FloatArray,
  type FloatArrayConstructor,
  type Matrix,
} from './matrix';

export type { Matrix } from './matrix';
export { fromRows, toRows } from './matrix';
export { softmaxRows } from './softmax';
export { AttentionInputError } from './errors';
// The rest of the public contract lives in one-idea modules; this file is its single entry point.
export * from './masks';
export * from './positionalEncoding';
export * from './costModel';
export * from './precision';

export interface AttentionOptions {
  /**
   * nq × nk; non-zero = may attend, 0 = blocked. Or a self-attention pattern of lib/masks.ts
   * (`{ kind: 'slidingWindow', radius: 128 }`, …; queries and keys the same n tokens), the same
   * as its `maskFromPattern` mask but with no n × n mask built. Either way the SIMD kernel skips
   * the tiles the mask blocks, so a sparse mask costs about what it allows.
   */
  mask?: Matrix | MaskPattern;
  /** Multiplies q·kᵀ; defaults to 1/√d. Fold a softmax temperature T in as scale / T. */
  scale?: number;
  /** Query i may attend key j only when j ≤ i (top-left aligned, as PyTorch's is_causal). */
  causal?: boolean;
}

export interface AttentionResult {
  /** nq × nk: scale · q·kᵀ, -Infinity where blocked. */
  scores: Matrix;
  /** nq × nk: row-wise softmax of scores; each row sums to 1, or is all zero if fully blocked. */
  weights: Matrix;
  /** nq × dv: weights · v. */
  output: Matrix;
}

export function scaledDotProductAttention(q: Matrix, k: Matrix, v: Matrix, opts: AttentionOptions = {}): AttentionResult {
  assertOptions(opts, '{ mask, scale, causal }', { optional: true });
  return attentionRowBlock(q, k, v, { ...opts, rowOffset: 0 });
}

/**
 * Scaled dot-product attention for a block of query rows, the unit the worker pool splits work
 * into. `qBlock` holds the query rows starting at global row `rowOffset`; `mask`, if given, holds
 * the same rows of the full mask. Row indices in error messages are global.
 */
export function attentionRowBlock(
  qBlock: Matrix,
  k: Matrix,
  v: Matrix,
  opts: AttentionOptions & { rowOffset: number; into?: AttentionOutputBuffers },
): AttentionResult {
  assertOptions(opts, '{ rowOffset, mask, scale, causal }', { optional: false });
  const { rowOffset } = opts;
  assertInteger(rowOffset, 'rowOffset', 0, Number.MAX_SAFE_INTEGER);
  assertMatrix(qBlock, 'Q', { rowOffset });
  assertMatrix(k, 'K');
  assertMatrix(v, 'V');
  assertSameWidth(qBlock, k);
  assertOneValuePerKey(k, v);
  assertScoreCells(qBlock.rows * k.rows);
  const scale = resolveScale(opts.scale, qBlock.cols);
  assertCausalFlag(opts.causal ?? false);
  const { mask, causal } = kernelMaskOf(opts.mask, opts.causal ?? false, qBlock.rows, k.rows, rowOffset);
  const Type = resultArrayType(qBlock, k, v);
  if (opts.into !== undefined) assertOutputBuffers(opts.into, Type, qBlock.rows, k.rows, v.cols);
  return runAttention(qBlock.data, k.data, v.data, {
    rowCount: qBlock.rows,
    nk: k.rows,
    d: qBlock.cols,
    dv: v.cols,
    rowOffset,
    scale,
    mask,
    causal,
    Type,
    into: opts.into,
  });
}

/**
 * Where a row block may write its results instead of allocating: views into buffers shared with
 * other threads, so the worker pool assembles the full result without copying (SharedArrayBuffer).
 */
export interface AttentionOutputBuffers {
  scores: FloatArray;
  weights: FloatArray;
  output: FloatArray;
}

function assertOutputBuffers(into: AttentionOutputBuffers, Type: FloatArrayConstructor, rows: number, nk: number, dv: number): void {
  const expected = { scores: rows * nk, weights: rows * nk, output: rows * dv };
  for (const name of ['scores', 'weights', 'output'] as const) {
    const buffer = into[name];
    if (!(buffer instanceof Type) || buffer.length !== expected[name]) {
      throw new AttentionInputError(
        'invalid-argument',
        `The ${name} buffer must be a ${Type.name} of ${expected[name]} numbers for this block.`,
        { input: 'into' },
      );
    }
  }
}

export interface MultiHeadWeights {
  /** d_model × d_model each; projections multiply on the right: Q = xq · wq. */
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
  wo: Matrix;
}

export interface HeadResult {
  /** nq × nk attention weights of this head. */
  weights: Matrix;
  /** nq × dₕ output of this head, before the output projection. */
  output: Matrix;
}

export interface MultiHeadResult {
  /** nq × d_model: concat(head outputs) · wo. */
  output: Matrix;
  heads: HeadResult[];
}

/**
 * Multi-head attention as in "Attention Is All You Need": head h uses columns
 * [h·dₕ, (h+1)·dₕ) of the projected Q, K, V with dₕ = d_model / heads and scale 1/√dₕ; the heads'
 * outputs are concatenated in order and multiplied by wo. Self-attention is xkv = xq. Biases are
 * omitted (nn.MultiheadAttention with bias=False).
 */
export function multiHeadAttention(
  xq: Matrix,
  xkv: Matrix,
  weights: MultiHeadWeights,
  heads: number,
  opts: { mask?: Matrix | MaskPattern; causal?: boolean } = {},
): MultiHeadResult {
  assertOptions(opts, '{ mask, causal }', { optional: true });
  const { heads: perHead, partialOutput } = multiHeadAttentionHeads(xq, xkv, weights, heads, {
    ...opts,
    headStart: 0,
    headEnd: typeof heads === 'number' ? heads : 0,
  });
  return { output: partialOutput, heads: perHead };
}

/**
 * Heads [headStart, headEnd) of multi-head attention, and their share of the output projection:
 * concat(heads) · wo = Σₕ headₕ · wo[rows of head h], so disjoint head ranges computed apart (as
 * the worker pool does) add up to the full output.
 */
export function multiHeadAttentionHeads(
  xq: Matrix,
  xkv: Matrix,
  weights: MultiHeadWeights,
  heads: number,
  opts: { mask?: Matrix | MaskPattern; causal?: boolean; headStart: number; headEnd: number },
): { heads: HeadResult[]; partialOutput: Matrix } {
  assertMatrix(xq, 'Xq (query input)');
  assertMatrix(xkv, 'Xkv (key/value input)');
  const dModel = xq.cols;
  if (xkv.cols !== dModel) {
    throw new AttentionInputError(
      'shape',
      `The key/value input has ${xkv.cols} columns but the query input has ${dModel}: both must have width d_model.`,
      { input: 'Xkv (key/value input)' },
    );
  }
  if (typeof weights !== 'object' || weights === null) {
    throw new AttentionInputError('invalid-argument', 'The projection weights { wq, wk, wv, wo } are missing.', {
      input: 'weights',
    });
  }
  for (const name of ['wq', 'wk', 'wv', 'wo'] as const) {
    const w = weights[name];
    assertMatrix(w, name);
    if (w.rows !== dModel || w.cols !== dModel) {
      throw new AttentionInputError(
        'shape',
        `${name} is ${w.rows}×${w.cols} but must be d_model×d_model = ${dModel}×${dModel}, since the inputs have width ${dModel}.`,
        { input: name },
      );
    }
  }
  assertInteger(heads, 'heads', 1, MAX_HEADS, 'The number of heads');
  if (dModel % heads !== 0) {
    const divisors = [];
    for (let h = 1; h <= Math.min(dModel, MAX_HEADS); h++) if (dModel % h === 0) divisors.push(h);
    throw new AttentionInputError(
      'invalid-argument',
      `d_model = ${dModel} cannot be split into ${heads} heads: each head takes d_model / heads columns, so the number of heads must divide d_model (for example ${divisors.join(', ')}).`,
      { input: 'heads' },
    );
  }
  assertOptions(opts, '{ headStart, headEnd, mask, causal }', { optional: false });
  const { headStart, headEnd } = opts;
  assertInteger(headStart, 'headStart', 0, heads - 1);
  assertInteger(headEnd, 'headEnd', headStart + 1, heads);
  assertCausalFlag(opts.causal ?? false);
  const nq = xq.rows;
  const nk = xkv.rows;
  assertScoreCells(nq * nk * (headEnd - headStart));
  const { mask, causal } = kernelMaskOf(opts.mask, opts.causal ?? false, nq, nk, 0);

  const Type = resultArrayType(xq, xkv, weights.wq, weights.wk, weights.wv, weights.wo);
  const dHead = dModel / heads;
  const scale = 1 / Math.sqrt(dHead);
  const partial = new Type(nq * dModel);
  const contribution = new Type(nq * dModel);
  const perHead: HeadResult[] = [];
  for (let h = headStart; h < headEnd; h++) {
    const qh = project(xq.data, nq, dModel, columnsOf(weights.wq, h * dHead, dHead), dHead, Type);
    const kh = project(xkv.data, nk, dModel, columnsOf(weights.wk, h * dHead, dHead), dHead, Type);
    const vh = project(xkv.data, nk, dModel, columnsOf(weights.wv, h * dHead, dHead), dHead, Type);
    assertProductFinite(qh, dHead, 'The projected queries Xq·Wq', 'wq', 'Xq or wq', h * dHead);
    assertProductFinite(kh, dHead, 'The projected keys Xkv·Wk', 'wk', 'Xkv or wk', h * dHead);
    assertProductFinite(vh, dHead, 'The projected values Xkv·Wv', 'wv', 'Xkv or wv', h * dHead);
    const { weights: w, output } = runAttention(qh, kh, vh, {
      rowCount: nq,
      nk,
      d: dHead,
      dv: dHead,
      rowOffset: 0,
      scale,
      mask,
      causal,
      Type,
    });
    perHead.push({ weights: w, output });
    // Rows [h·dₕ, (h+1)·dₕ) of wo are contiguous in row-major storage.
    const woRows = weights.wo.data.subarray(h * dHead * dModel, (h + 1) * dHead * dModel);
    matmulKernelFor(output.data, woRows, contribution).matmul(output.data, woRows, nq, dHead, dModel, contribution);
    for (let i = 0; i < partial.length; i++) partial[i] += contribution[i];
  }
  assertProductFinite(partial, dModel, 'The output projection concat(heads)·wo', 'wo', 'wo or the inputs');
  return { heads: perHead, partialOutput: { rows: nq, cols: dModel, data: partial } };
}

export interface AdditiveWeights {
  /** dq × h */
  w1: Matrix;
  /** dk × h */
  w2: Matrix;
  /** length h */
  va: number[];
}

/**
 * Additive (Bahdanau et al., 2015) attention: score(i, j) = va · tanh(qᵢ·w1 + kⱼ·w2). Unlike dot
 * products, q and k may have different widths, and there is no 1/√d scale.
 */
export function additiveAttention(
  q: Matrix,
  k: Matrix,
  v: Matrix,
  weights: AdditiveWeights,
  opts: { mask?: Matrix; causal?: boolean } = {},
): AttentionResult {
  assertMatrix(q, 'Q');
  assertMatrix(k, 'K');
  assertMatrix(v, 'V');
  assertOneValuePerKey(k, v);
  if (typeof weights !== 'object' || weights === null) {
    throw new AttentionInputError('invalid-argument', 'The scoring weights { w1, w2, va } are missing.', { input: 'weights' });
  }
  const { w1, w2, va } = weights;
  assertMatrix(w1, 'W1');
  assertMatrix(w2, 'W2');
  if (w1.rows !== q.cols) {
    throw new AttentionInputError('shape', `W1 has ${w1.rows} rows but Q has ${q.cols} columns: W1 must be dq×h.`, {
      input: 'W1',
    });
  }
  if (w2.rows !== k.cols) {
    throw new AttentionInputError('shape', `W2 has ${w2.rows} rows but K has ${k.cols} columns: W2 must be dk×h.`, {
      input: 'W2',
    });
  }
  const h = w1.cols;
  if (w2.cols !== h) {
    throw new AttentionInputError(
      'shape',
      `W2 has ${w2.cols} columns but W1 has ${h}: both project into the same hidden size h.`,
      { input: 'W2' },
    );
  }
  if (!Array.isArray(va) || va.length !== h) {
    throw new AttentionInputError(
      'shape',
      `va has ${Array.isArray(va) ? va.length : 0} entries but the hidden size h is ${h}: va needs one weight per hidden unit.`,
      { input: 'va' },
    );
  }
  va.forEach((x, t) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new AttentionInputError('not-finite', `va entry ${human(t)} is ${String(x)}: it must be a finite number.`, {
        input: 'va',
        col: t,
      });
    }
  });
  assertOptions(opts, '{ mask, causal }', { optional: true });
  const { causal = false } = opts;
  assertCausalFlag(causal);
  const nq = q.rows;
  const nk = k.rows;
  assertScoreCells(nq * nk);
  const mask = opts.mask === undefined ? null : maskToBytes(opts.mask, nq, nk, 0);
  const Type = resultArrayType(q, k, v);

  const a = new Float64Array(nq * h);
  const b = new Float64Array(nk * h);
  matmulKernelFor(q.data, w1.data, a).matmul(q.data, w1.data, nq, q.cols, h, a);
  matmulKernelFor(k.data, w2.data, b).matmul(k.data, w2.data, nk, k.cols, h, b);
  // tanh(±Infinity) would be ±1, but +Infinity + −Infinity is NaN: refuse overflowed projections.
  assertProductFinite(a, h, 'Q·W1', 'W1', 'Q or W1');
  assertProductFinite(b, h, 'K·W2', 'W2', 'K or W2');
  const scores = new Type(nq * nk);
  const tanhRow = new Float64Array(h);
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < nk; j++) {
      if ((causal && j > i) || (mask !== null && mask[i * nk + j] === 0)) {
        scores[i * nk + j] = -Infinity;
        continue;
      }
      for (let t = 0; t < h; t++) tanhRow[t] = Math.tanh(a[i * h + t] + b[j * h + t]);
      let s = 0;
      for (let t = 0; t < h; t++) s += va[t] * tanhRow[t];
      scores[i * nk + j] = s;
      // |score| ≤ Σ|va|, which can still pass the largest float: recompute or refuse, never NaN.
      const stored = scores[i * nk + j];
      if (stored - stored !== 0) {
        scores[i * nk + j] = overflowSafeScore(va, 0, tanhRow, 0, h, 1, {
          row: i,
          col: j,
          storage: storageOf(scores),
          wording: { formula: 'va · tanh(q·W1 + k·W2)', advice: 'Scale va down.' },
        });
      }
    }
  }
  const weightsOut = new Type(nq * nk);
  const output = new Type(nq * v.cols);
  softmaxThenWeightedSum({ scores, weights: weightsOut, output, v: v.data, rowCount: nq, nk, dv: v.cols });
  return {
    scores: { rows: nq, cols: nk, data: scores },
    weights: { rows: nq, cols: nk, data: weightsOut },
    output: { rows: nq, cols: v.cols, data: output },
  };
}

// ---------------------------------------------------------------------------------------------
// Internals shared by the public functions: validation with learner-facing messages, kernels.

function runAttention(
  q: FloatArray,
  k: FloatArray,
  v: FloatArray,
  shape: Omit<SdpaBlockJob, 'q' | 'k' | 'v' | 'scores' | 'weights' | 'output'> & {
    Type: FloatArrayConstructor;
    into?: AttentionOutputBuffers;
  },
): AttentionResult {
  const { Type, into, ...rest } = shape;
  const { rowCount, nk, dv } = rest;
  const job: SdpaBlockJob = {
    ...rest,
    q,
    k,
    v,
    scores: into?.scores ?? new Type(rowCount * nk),
    weights: into?.weights ?? new Type(rowCount * nk),
    weightsAreZero: into === undefined,
    output: into?.output ?? new Type(rowCount * dv),
  };
  sdpaKernelFor(job).run(job);
  return {
    scores: { rows: rowCount, cols: nk, data: job.scores },
    weights: { rows: rowCount, cols: nk, data: job.weights },
    output: { rows: rowCount, cols: dv, data: job.output },
  };
}

/**
 * An intermediate product (a projection) must stay finite: from finite inputs it can still pass
 * the largest float, and an Infinity there would turn into NaN weights further on.
 */
function assertProductFinite(data: FloatArray, cols: number, product: string, input: string, factors: string, colOffset = 0): void {
  for (let idx = 0; idx < data.length; idx++) {
    const x = data[idx];
    if (x - x !== 0) {
      const row = Math.floor(idx / cols);
      const col = colOffset + (idx % cols);
      throw new AttentionInputError(
        'out-of-range',
        `${product} overflows in row ${human(row)}, column ${human(col)}: it is beyond the largest ${storageOf(data)} number (${LARGEST_FINITE[storageOf(data)]}). Scale ${factors} down.`,
        { input, row, col },
      );
    }
  }
}

function assertSameWidth(q: Matrix, k: Matrix): void {
  if (k.cols !== q.cols) {
    throw new AttentionInputError(
      'shape',
      `K has ${k.cols} columns but Q has ${q.cols}: Q and K must have the same width d, since each score is a dot product of a query row with a key row.`,
      { input: 'K' },
    );
  }
}

function assertOneValuePerKey(k: Matrix, v: Matrix): void {
  if (v.rows !== k.rows) {
    throw new AttentionInputError(
      'shape',
      `V has ${v.rows} rows but K has ${k.rows}: V needs exactly one row per key.`,
      { input: 'V' },
    );
  }
}

function assertScoreCells(cells: number): void {
  if (cells > MAX_SCORE_CELLS) {
    throw new AttentionInputError(
      'out-of-range',
      `This needs ${cells.toLocaleString('en')} attention scores; the most supported here is ${MAX_SCORE_CELLS.toLocaleString('en')} (for example 4096 queries × 8192 keys). Use fewer tokens or fewer heads.`,
      { input: 'size' },
    );
  }
}

function assertCausalFlag(causal: unknown): void {
  if (typeof causal !== 'boolean') {
    throw new AttentionInputError('invalid-argument', `causal is ${String(causal)}: it must be true or false.`, {
      input: 'causal',
    });
  }
}

function resolveScale(scale: number | undefined, d: number): number {
  if (scale === undefined) return 1 / Math.sqrt(d);
  if (typeof scale !== 'number' || !Number.isFinite(scale)) {
    throw new AttentionInputError(
      'not-finite',
      `The scale is ${String(scale)}: it must be a finite number (the default is 1/√d = ${(1 / Math.sqrt(d)).toPrecision(4)}).`,
      { input: 'scale' },
    );
  }
  return scale;
}

/**
 * The kernel's form of the `mask` option: a mask Matrix's data as it is (shape checked here, its
 * entries by the kernel, which reads them anyway), or a pattern's rows. The patterns 'full' and
 * 'causal' need no mask: none, and the causal flag (which is the same mask).
 */
function kernelMaskOf(
  mask: Matrix | MaskPattern | undefined,
  causal: boolean,
  rows: number,
  cols: number,
  rowOffset: number,
): { mask: KernelMask | null; causal: boolean } {
  if (mask === undefined) return { mask: null, causal };
  if (typeof mask === 'object' && mask !== null && 'kind' in mask) {
    assertMaskPattern(mask, cols);
    if (rowOffset + rows > cols) {
      throw new AttentionInputError(
        'shape',
        `A mask pattern is for self-attention, where the queries are the keys: there are ${cols} keys but ${rowOffset + rows} queries. Give a mask matrix instead.`,
        { input: 'mask' },
      );
    }
    if (mask.kind === 'full') return { mask: null, causal };
    if (mask.kind === 'causal') return { mask: null, causal: true };
    return { mask: patternRows(mask, cols, rowOffset), causal };
  }
  assertMatrix(mask, 'mask', { rowOffset, finite: false });
  assertMaskShape(mask, rows, cols);
  return { mask: mask.data, causal };
}

function assertMaskShape(mask: Matrix, rows: number, cols: number): void {
  if (mask.rows !== rows || mask.cols !== cols) {
    throw new AttentionInputError(
      'shape',
      `The mask is ${mask.rows}×${mask.cols} but the scores are ${rows}×${cols} (queries × keys): the mask needs one entry per query and key.`,
      { input: 'mask' },
    );
  }
}

function maskToBytes(mask: Matrix, rows: number, cols: number, rowOffset: number): Uint8Array {
  assertMatrix(mask, 'mask', { rowOffset });
  assertMaskShape(mask, rows, cols);
  const out = new Uint8Array(rows * cols);
  const src = mask.data;
  for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  return out;
}

/** Columns [start, start+width) of w as a contiguous (w.rows × width) array. */
function columnsOf(w: Matrix, start: number, width: number): FloatArray {
  const out = new (w.data instanceof Float32Array ? Float32Array : Float64Array)(w.rows * width);
  for (let i = 0; i < w.rows; i++) out.set(w.data.subarray(i * w.cols + start, i * w.cols + start + width), i * width);
  return out;
}

function project(
  x: FloatArray,
  rows: number,
  inner: number,
  w: FloatArray,
  width: number,
  Type: FloatArrayConstructor,
): FloatArray {
  const out = new Type(rows * width);
  matmulKernelFor(x, w, out).matmul(x, w, rows, inner, width, out);
  return out;
}
