import { AttentionInputError } from '../errors';
import type { FloatArray } from '../matrix';
import { attentionKernelWasmBytes } from '../wasm/attentionKernelWasm.generated';
import { isPatternRows, maskRowsFrom, refuseNonFiniteMask, type KernelMask } from './kernelMask';
import { relaxedSimdSupported } from './relaxedSimd';
import type { MatmulKernel, SdpaBlockJob, SdpaKernel } from './sdpaKernel';
import { typescriptSdpaKernel } from './typescriptKernel';

/**
 * The fast single-thread attention kernel: WebAssembly SIMD compiled from assembly/ (see
 * scripts/build-wasm.mjs). Same semantics as the TypeScript kernel (SdpaBlockJob's doc comment),
 * computed in float32, so it only accepts Float32Array buffers.
 *
 * Inputs are copied into wasm linear memory and results copied back out. K and V stay resident
 * (packed into 16-column panels: Kᵀ for the scores, V for the output) while the query rows go
 * through in sub-blocks of WASM_SDPA_BLOCK_ROWS, so the wasm memory holds a few block-sized
 * buffers, never a whole nq × nk matrix. Linear memory cannot shrink: it keeps the size of the
 * largest call so far and is reused by the next.
 *
 * Masks cost what they allow. For each pair of query rows the wasm side finds the quads (4 keys)
 * that neither row may attend and skips them in Q·Kᵀ, softmax and weights·V, which changes no bit
 * of the results (`setWasmTileSkipping(false)` turns skipping off to show it). The mask reaches
 * wasm memory one 64-row block at a time: bytes as they are, the float32 rows of a mask Matrix
 * converted (and checked finite) in SIMD there, a pattern's rows written straight from its
 * description — so no n × n byte mask is ever made.
 *
 * Differences from the TypeScript kernel are rounding only: float32 accumulation, the scale
 * rounded to float32, and a polynomial exp within 2e-7 relative of Math.exp.
 *
 * Overflow: when an allowed score comes out ±Infinity or NaN in float32 (q·k beyond 3.4e38, or
 * Infinity − Infinity on the way), the wasm side stops and the rest of the job goes to the
 * TypeScript kernel, which accumulates in float64 and either finds a score float32 can hold or
 * refuses the input with a message. So both kernels accept and refuse the same inputs, and the
 * check costs the fast path three lane operations per four scores.
 *
 * Two builds of the same source (scripts/build-wasm.mjs): plain SIMD, and relaxed SIMD, whose
 * multiply-adds are f32x4.relaxed_madd (fused where the CPU has FMA). Where the engine validates
 * relaxed SIMD (relaxedSimd.ts) the relaxed build runs, else the plain one; both skip tiles and
 * detect overflow alike. A fused multiply-add rounds once instead of twice, so the two builds may
 * differ in the last bits of a score, within the same float32 error bound; within one build,
 * tile skipping still changes no bit.
 *
 * The module is compiled synchronously on first use. Chrome only allows that on the main thread
 * for modules up to 4 KiB (build-wasm reports the size); a bigger one would make
 * wasmSimdAvailable() false there, and the TypeScript kernel would run instead.
 */

/** Query rows per sub-block; each block's scores and weights are copied out before the next. */
export const WASM_SDPA_BLOCK_ROWS = 64;

/** Matmul sub-blocks of A and C together stay under this many bytes (at least two rows). */
const MATMUL_BLOCK_BYTES = 1 << 20;

const PAGE_BYTES = 65536;

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  expArray(src: number, dst: number, count: number): void;
  maskBytesFromFloats(src: number, dst: number, count: number): number;
  packTransposedPanels(src: number, count: number, cols: number, firstRow: number, totalRows: number, dst: number): void;
  packRowPanels(src: number, count: number, cols: number, firstRow: number, panelRows: number, dst: number): void;
  sdpaBlock(
    q: number,
    keyPanels: number,
    valuePanels: number,
    mask: number,
    tiles: number,
    scores: number,
    weights: number,
    out: number,
    rows: number,
    nk: number,
    d: number,
    dv: number,
    rowOffset: number,
    scale: number,
    causal: number,
    skip: number,
  ): number;
  matmulBlock(a: number, m: number, k: number, bPanels: number, n: number, c: number): void;
}

let tileSkipping = true;

/**
 * Whether the SIMD kernel skips the empty tiles of a mask (default true). Off, it computes every
 * score as before and masks in softmax: tests and benchmarks use it to show that skipping changes
 * no bit and what it saves.
 */
export function setWasmTileSkipping(on: boolean): void {
  tileSkipping = on;
}

export type WasmKernelBuild = 'plain' | 'relaxed';

/** Per build, undefined: not tried yet; null: tried and failed (no SIMD, or anything threw). */
const instances: { [B in WasmKernelBuild]?: KernelExports | null } = {};

let buildChoice: WasmKernelBuild | 'auto' = 'auto';

/**
 * Which build runs: 'auto' (default) the relaxed one where the engine supports it, else plain;
 * naming a build forces it (tests and benchmarks compare the two). A forced build the engine
 * cannot run leaves wasmSimdAvailable() false, so the TypeScript kernel runs instead.
 */
export function setWasmKernelBuild(choice: WasmKernelBuild | 'auto'): void {
  buildChoice = choice;
}

function instantiate(build: WasmKernelBuild): KernelExports | null {
  let exports = instances[build];
  if (exports !== undefined) return exports;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
    const module = new WebAssembly.Module(attentionKernelWasmBytes(build));
    exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  } catch {
    // Typically an engine without (relaxed) SIMD rejecting the module: a fallback takes over.
    exports = null;
  }
  instances[build] = exports;
  return exports;
}

/** The build that runs under the current choice, or null where none can. */
export function wasmKernelBuild(): WasmKernelBuild | null {
  if (buildChoice !== 'auto') return instantiate(buildChoice) ? buildChoice : null;
  if (relaxedSimdSupported() && instantiate('relaxed')) return 'relaxed';
  return instantiate('plain') ? 'plain' : null;
}

function load(): KernelExports | null {
  const build = wasmKernelBuild();
  return build === null ? null : (instances[build] ?? null);
}

/** Whether a SIMD kernel can run here (it is compiled on the first call). */
export function wasmSimdAvailable(): boolean {
  return load() !== null;
}

function loaded(): KernelExports {
  const exports = load();
  if (exports === null) throw new Error('The WebAssembly SIMD kernel is not available in this engine; check wasmSimdAvailable() first.');
  return exports;
}

const ceil16 = (n: number): number => (n + 15) & ~15;
const align64 = (n: number): number => (n + 63) & ~63;

/** Bump allocation over linear memory from heapBase, restarted by every call. */
class Layout {
  end: number;
  constructor(start: number) {
    this.end = align64(start);
  }
  take(bytes: number): number {
    const at = this.end;
    this.end = align64(at + bytes);
    return at;
  }
}

interface Views {
  f32: Float32Array;
  u8: Uint8Array;
}

/** Grows memory to hold `end` bytes; views are made afterwards because growing detaches them. */
function reserve(exports: KernelExports, end: number): Views {
  const memory = exports.memory;
  const have = memory.buffer.byteLength;
  if (have < end) memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  return { f32: new Float32Array(memory.buffer), u8: new Uint8Array(memory.buffer) };
}

/** Copies `count` rows of `cols` floats from wasm memory (row stride `stride`) to dst at `dstOffset`. */
function copyRowsOut(f32: Float32Array, from: number, stride: number, cols: number, count: number, dst: Float32Array, dstOffset: number): void {
  const start = from >> 2;
  if (stride === cols) {
    dst.set(f32.subarray(start, start + count * cols), dstOffset);
    return;
  }
  for (let r = 0; r < count; r++) {
    const rowStart = start + r * stride;
    dst.set(f32.subarray(rowStart, rowStart + cols), dstOffset + r * cols);
  }
}

/**
 * Packs a rows × cols matrix into panels, copying it in through the `staging` area
 * (`stagingBytes` long) as many rows at a time as fit.
 */
function packInChunks(
  f32: Float32Array,
  source: Float32Array,
  rows: number,
  cols: number,
  staging: number,
  stagingBytes: number,
  pack: (src: number, count: number, firstRow: number) => void,
): void {
  const chunkRows = Math.max(1, Math.floor(stagingBytes / (cols * 4)));
  for (let first = 0; first < rows; first += chunkRows) {
    const count = Math.min(chunkRows, rows - first);
    f32.set(source.subarray(first * cols, (first + count) * cols), staging >> 2);
    pack(staging, count, first);
  }
}

function checkLength(name: string, array: ArrayLike<number>, expected: number, shape: string): void {
  if (array.length !== expected) {
    throw new AttentionInputError(
      'shape',
      `${name} holds ${array.length} numbers but should hold ${shape} = ${expected}: the buffer and the sizes given disagree.`,
      { input: name },
    );
  }
}

function checkSize(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new AttentionInputError('invalid-argument', `${name} is ${value} but must be a whole number ≥ ${min}.`, { input: name });
  }
}

function checkJob(job: SdpaBlockJob): void {
  const { rowCount, nk, d, dv } = job;
  checkSize('rowCount', rowCount, 0);
  checkSize('nk', nk, 1);
  checkSize('d', d, 1);
  checkSize('dv', dv, 1);
  checkSize('rowOffset', job.rowOffset, 0);
  if (!Number.isFinite(job.scale)) {
    throw new AttentionInputError('not-finite', `scale is ${job.scale} but must be a finite number.`, { input: 'scale' });
  }
  checkLength('Q', job.q, rowCount * d, `rowCount × d = ${rowCount} × ${d}`);
  checkLength('K', job.k, nk * d, `nk × d = ${nk} × ${d}`);
  checkLength('V', job.v, nk * dv, `nk × dv = ${nk} × ${dv}`);
  if (job.mask !== null && isPatternRows(job.mask)) {
    if (job.mask.n !== nk || job.mask.firstRow + rowCount > nk) {
      throw new AttentionInputError('shape', `The mask pattern is for ${job.mask.n} tokens but the job has ${nk} keys and rows ${job.mask.firstRow} … ${job.mask.firstRow + rowCount - 1}.`, { input: 'mask' });
    }
  } else if (job.mask !== null) {
    checkLength('mask', job.mask, rowCount * nk, `rowCount × nk = ${rowCount} × ${nk}`);
  }
  checkLength('scores', job.scores, rowCount * nk, `rowCount × nk = ${rowCount} × ${nk}`);
  checkLength('weights', job.weights, rowCount * nk, `rowCount × nk = ${rowCount} × ${nk}`);
  checkLength('output', job.output, rowCount * dv, `rowCount × dv = ${rowCount} × ${dv}`);
}

/**
 * Writes rows [first, first + rows) of the job's mask as bytes at `at` in wasm memory; a float32
 * mask goes through `floatStaging` and is converted there by SIMD.
 */
function maskBlockInto(
  exports: KernelExports,
  { f32, u8 }: Views,
  mask: KernelMask,
  job: SdpaBlockJob,
  first: number,
  rows: number,
  at: number,
  floatStaging: number,
): void {
  const { nk } = job;
  if (isPatternRows(mask)) {
    for (let r = 0; r < rows; r++) mask.writeRow(first + r, u8, at + r * nk);
    return;
  }
  const part = mask.subarray(first * nk, (first + rows) * nk);
  if (part instanceof Uint8Array) {
    u8.set(part, at);
  } else if (part instanceof Float32Array) {
    f32.set(part, floatStaging >> 2);
    // The conversion works in sixteens: zeros after the last entry.
    f32.fill(0, (floatStaging >> 2) + part.length, (floatStaging >> 2) + part.length + 16);
    if (exports.maskBytesFromFloats(floatStaging, at, part.length) !== 0) refuseNonFiniteMask(part, nk, job.rowOffset + first);
  } else {
    for (let idx = 0; idx < part.length; idx++) {
      const x = part[idx];
      if (x - x !== 0) refuseNonFiniteMask(part, nk, job.rowOffset + first);
      u8[at + idx] = x !== 0 ? 1 : 0;
    }
  }
}

function runSdpa(job: SdpaBlockJob): void {
  checkJob(job);
  const exports = loaded();
  const { rowCount, nk, d, dv, mask } = job;
  if (rowCount === 0) return;
  const q = job.q as Float32Array;
  const nkPad = ceil16(nk);
  const dvPad = ceil16(dv);
  const blockRows = Math.min(rowCount, WASM_SDPA_BLOCK_ROWS);

  const layout = new Layout(exports.heapBase());
  const keyPanels = layout.take(nkPad * d * 4);
  const valuePanels = layout.take(nk * dvPad * 4);
  // Quad flags of each row pair of a block, which the copy-out below reads.
  const tiles = layout.take(Math.ceil(blockRows / 2) * (nkPad / 16));
  // The block buffers double as staging for K and V, which are packed before any block runs.
  const work = layout.end;
  const qBlock = layout.take(blockRows * d * 4);
  // The kernel reads mask bytes 16 at a time, up to 15 past a row's end.
  const maskBlock = mask ? layout.take(blockRows * nk + 16) : 0;
  const floatStaging = mask instanceof Float32Array ? layout.take(blockRows * nk * 4 + 64) : 0;
  // One spare row each: a lone last row is computed as a pair with itself.
  const scoresBlock = layout.take((blockRows + 1) * nkPad * 4);
  const weightsBlock = layout.take((blockRows + 1) * nkPad * 4);
  const outBlock = layout.take((blockRows + 1) * dvPad * 4);
  const stagingBytes = Math.max(layout.end - work, Math.max(d, dv) * 4);
  const views = reserve(exports, work + stagingBytes);
  const { f32 } = views;

  packInChunks(f32, job.k as Float32Array, nk, d, work, stagingBytes, (src, count, first) =>
    exports.packTransposedPanels(src, count, d, first, nk, keyPanels),
  );
  packInChunks(f32, job.v as Float32Array, nk, dv, work, stagingBytes, (src, count, first) =>
    exports.packRowPanels(src, count, dv, first, nk, valuePanels),
  );

  const output = job.output as Float32Array;
  for (let first = 0; first < rowCount; first += blockRows) {
    const rows = Math.min(blockRows, rowCount - first);
    f32.set(q.subarray(first * d, (first + rows) * d), qBlock >> 2);
    if (mask) maskBlockInto(exports, views, mask, job, first, rows, maskBlock, floatStaging);
    const overflowedRow = exports.sdpaBlock(
      qBlock,
      keyPanels,
      valuePanels,
      maskBlock,
      tiles,
      scoresBlock,
      weightsBlock,
      outBlock,
      rows,
      nk,
      d,
      dv,
      job.rowOffset + first,
      job.scale,
      job.causal ? 1 : 0,
      tileSkipping ? 1 : 0,
    );
    if (overflowedRow >= 0) {
      finishInFloat64(job, first);
      return;
    }
    copyOutInTiles(views, job, first, rows, tiles, scoresBlock, weightsBlock);
    copyRowsOut(f32, outBlock, dvPad, dv, rows, output, first * dv);
  }
}

/**
 * Copies a block's scores and weights out over what the kernel wrote: for each row pair, keys
 * from its first to its last non-empty 16-key panel (bounded by the causal limit). Outside that
 * span every key is blocked, so scores are filled with -Infinity and weights with 0 — or left
 * alone when the weights buffer is known to be zero (weightsAreZero), so the pages of a sparse
 * mask's blocked weights are never touched.
 */
function copyOutInTiles(
  { f32, u8 }: Views,
  job: SdpaBlockJob,
  first: number,
  rows: number,
  tiles: number,
  scoresBlock: number,
  weightsBlock: number,
): void {
  const { nk, causal } = job;
  const scores = job.scores as Float32Array;
  const weights = job.weights as Float32Array;
  const nkPad = ceil16(nk);
  for (let i = 0; i < rows; i += 2) {
    const groupRows = Math.min(2, rows - i);
    const groupLimit = causal ? Math.min(nk, job.rowOffset + first + i + groupRows) : nk;
    const at = tiles + (i >> 1) * (nkPad >> 4);
    let lo = 0;
    let hi = (groupLimit + 15) >> 4;
    while (lo < hi && u8[at + lo] === 0) lo++;
    while (hi > lo && u8[at + hi - 1] === 0) hi--;
    const from = Math.min(lo * 16, nk);
    const to = Math.min(groupLimit, hi * 16);
    for (let r = i; r < i + groupRows; r++) {
      const row = (first + r) * nk;
      const src = r * nkPad + from;
      if (from > 0) scores.fill(-Infinity, row, row + from);
      if (to > from) scores.set(f32.subarray((scoresBlock >> 2) + src, (scoresBlock >> 2) + src + to - from), row + from);
      scores.fill(-Infinity, row + Math.max(from, to), row + nk);
      if (!job.weightsAreZero) {
        weights.fill(0, row, row + from);
        weights.fill(0, row + Math.max(from, to), row + nk);
      }
      if (to > from) weights.set(f32.subarray((weightsBlock >> 2) + src, (weightsBlock >> 2) + src + to - from), row + from);
    }
  }
}

/**
 * Rows [first, rowCount) of the job by the TypeScript kernel, written straight into the job's
 * buffers through views: the slow path for a block where float32 overflowed.
 */
function finishInFloat64(job: SdpaBlockJob, first: number): void {
  const { rowCount, nk, d, dv, mask } = job;
  typescriptSdpaKernel.run({
    ...job,
    q: job.q.subarray(first * d),
    mask: mask === null ? null : maskRowsFrom(mask, nk, first),
    rowCount: rowCount - first,
    rowOffset: job.rowOffset + first,
    scores: job.scores.subarray(first * nk),
    weights: job.weights.subarray(first * nk),
    output: job.output.subarray(first * dv),
  });
}

function runMatmul(a: FloatArray, b: FloatArray, m: number, k: number, n: number, out: FloatArray): void {
  checkSize('m', m, 0);
  checkSize('k', k, 1);
  checkSize('n', n, 1);
  checkLength('A', a, m * k, `m × k = ${m} × ${k}`);
  checkLength('B', b, k * n, `k × n = ${k} × ${n}`);
  checkLength('out', out, m * n, `m × n = ${m} × ${n}`);
  const exports = loaded();
  if (m === 0) return;
  const nPad = ceil16(n);
  const rowBytes = (k + nPad) * 4;
  const blockRows = Math.min(m, Math.max(2, 2 * Math.floor(MATMUL_BLOCK_BYTES / rowBytes / 2)));

  const layout = new Layout(exports.heapBase());
  const bPanels = layout.take(nPad * k * 4);
  const work = layout.end;
  const aBlock = layout.take(blockRows * k * 4);
  // A spare row: a lone last row is computed as a pair with itself.
  const cBlock = layout.take((blockRows + 1) * nPad * 4);
  const stagingBytes = Math.max(layout.end - work, n * 4);
  const { f32 } = reserve(exports, work + stagingBytes);

  packInChunks(f32, b as Float32Array, k, n, work, stagingBytes, (src, count, first) =>
    exports.packRowPanels(src, count, n, first, k, bPanels),
  );
  const a32 = a as Float32Array;
  for (let first = 0; first < m; first += blockRows) {
    const rows = Math.min(blockRows, m - first);
    f32.set(a32.subarray(first * k, (first + rows) * k), aBlock >> 2);
    exports.matmulBlock(aBlock, rows, k, bPanels, n, cBlock);
    copyRowsOut(f32, cBlock, nPad, n, rows, out as Float32Array, first * n);
  }
}

export const wasmSdpaKernel: SdpaKernel = {
  name: 'wasm-simd',
  accepts(job: SdpaBlockJob): boolean {
    return (
      job.q instanceof Float32Array &&
      job.k instanceof Float32Array &&
      job.v instanceof Float32Array &&
      job.scores instanceof Float32Array &&
      job.weights instanceof Float32Array &&
      job.output instanceof Float32Array &&
      wasmSimdAvailable()
    );
  },
  run: runSdpa,
};

export const wasmMatmulKernel: MatmulKernel = {
  name: 'wasm-simd',
  accepts(a: FloatArray, b: FloatArray, out: FloatArray): boolean {
    return a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && wasmSimdAvailable();
  },
  matmul: runMatmul,
};

/** The kernel's vectorised exp applied to each value; exposed so tests can measure its accuracy. */
export function wasmExpf32(values: Float32Array): Float32Array {
  const exports = loaded();
  const layout = new Layout(exports.heapBase());
  // expArray works in fours.
  const src = layout.take(values.length * 4 + 16);
  const dst = layout.take(values.length * 4 + 16);
  const { f32 } = reserve(exports, layout.end);
  f32.set(values, src >> 2);
  exports.expArray(src, dst, values.length);
  return f32.slice(dst >> 2, (dst >> 2) + values.length);
}

/** Current size of the kernel's linear memory in bytes (0 before first use); for memory-budget tests. */
export function wasmKernelMemoryBytes(): number {
  const build = wasmKernelBuild();
  const exports = build === null ? undefined : instances[build];
  return exports ? exports.memory.buffer.byteLength : 0;
}
