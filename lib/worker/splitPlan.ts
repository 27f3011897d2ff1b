/**
 * When and how a job is split across workers. Pure arithmetic on shapes, no workers involved.
 *
 * SDPA splits by blocks of query rows (each row of attention is independent of the others), MHA
 * by ranges of heads (each head is independent, and their shares of the output projection add up).
 * A job is split only when it is big enough for the speed-up to beat the cost of starting several
 * workers and moving data, and only when its shapes are sound: anything malformed goes whole to one
 * worker, so the learner gets exactly the error the core gives for the whole input.
 */
import { MAX_HEADS, MAX_SCORE_CELLS, MAX_SEQUENCE_LENGTH } from '../limits';
import { resultArrayType, type Matrix } from '../matrix';

/**
 * Jobs whose estimated cost (float64-equivalent multiply-adds, see sdpaCost / mhaCost) is below
 * this run whole on one worker. Measured on the dev machine (2 vCPU AMD EPYC VM, Node 20, one worker
 * vs a 2-worker pool, median of 9–15 interleaved runs, d = 64, quiet machine):
 *   SDPA float64:  n = 64 (5.2e5) 1.0–1.3×, n = 128 (2.1e6) 1.2–1.6×, n = 256 (8.4e6) 1.7×, n = 512 1.85×
 *   SDPA float32:  n = 256 (8.4e6 raw) 0.65–0.9×, n = 512 (3.4e7 raw) 1.06–1.13×, n = 2048 1.25–1.3×
 *   MHA  float64:  n = 32, d_model = 64 (6.6e5) 1.37×; n = 128, d_model = 128 (1.3e7) 1.6×
 * Splitting starts to pay when a job takes about 5 ms on one worker, which is ~2e6 float64
 * multiply-adds, or ~3.4e7 float32 ones (hence FLOAT32_COST_FACTOR). MHA would pay a little
 * earlier (it sends few messages), SDPA float64 a little later; one threshold keeps it simple.
 */
export const DEFAULT_SPLIT_THRESHOLD = 2e6;

/**
 * Float32 jobs run on the WebAssembly SIMD kernels, measured ~20× faster per multiply-add than the
 * float64 TypeScript kernels (SDPA n = 512, d = 64: 4.9 ms vs 98 ms), so they count 1/20. An
 * engine without wasm SIMD runs float32 on the TypeScript kernel and so splits a little late.
 */
export const FLOAT32_COST_FACTOR = 1 / 20;

/** The most one block's results (scores, weights and output rows) may take while in flight. */
export const DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;

export interface SdpaShape {
  nq: number;
  nk: number;
  d: number;
  dv: number;
  /** 4 when every input is float32 (results are float32 then), else 8. */
  bytesPerElement: number;
  causal: boolean;
}

export interface MhaShape {
  nq: number;
  nk: number;
  dModel: number;
  heads: number;
  /** 4 when every input is float32, else 8. */
  bytesPerElement: number;
}

export interface RowBlock {
  /** First query row (global index). */
  start: number;
  /** One past the last query row. */
  end: number;
}

export interface HeadRange {
  headStart: number;
  headEnd: number;
}

function isWellFormed(m: unknown): m is Matrix {
  if (typeof m !== 'object' || m === null) return false;
  const { rows, cols, data } = m as Partial<Matrix>;
  return (
    Number.isInteger(rows) &&
    Number.isInteger(cols) &&
    (rows as number) >= 1 &&
    (cols as number) >= 1 &&
    (data instanceof Float32Array || data instanceof Float64Array) &&
    data.length === (rows as number) * (cols as number)
  );
}

function isOptionsObject(x: unknown): x is Record<string, unknown> | undefined {
  if (x === undefined) return true;
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function maskFits(mask: unknown, rows: number, cols: number): boolean {
  // A pattern (validated by the core) is self-attention: it fits when queries are the keys.
  if (typeof mask === 'object' && mask !== null && 'kind' in mask) return rows === cols;
  return mask === undefined || (isWellFormed(mask) && mask.rows === rows && mask.cols === cols);
}

/**
 * The shape of scaledDotProductAttention(q, k, v, opts) if it can be split into row blocks that
 * each fail exactly when the whole would, or null. Row blocks cannot see the limits on the whole
 * (rows of Q, total score cells), so inputs over them stay whole too.
 */
export function sdpaShape(args: readonly unknown[]): SdpaShape | null {
  const [q, k, v, opts] = args;
  if (args.length > 4 || !isWellFormed(q) || !isWellFormed(k) || !isWellFormed(v) || !isOptionsObject(opts)) return null;
  if (q.cols !== k.cols || v.rows !== k.rows || q.rows < 2) return null;
  if (q.rows > MAX_SEQUENCE_LENGTH || q.rows * k.rows > MAX_SCORE_CELLS) return null;
  if (!maskFits(opts?.mask, q.rows, k.rows)) return null;
  return {
    nq: q.rows,
    nk: k.rows,
    d: q.cols,
    dv: v.cols,
    bytesPerElement: resultArrayType(q, k, v) === Float32Array ? 4 : 8,
    causal: opts?.causal === true,
  };
}

const costFactor = (bytesPerElement: number) => (bytesPerElement === 4 ? FLOAT32_COST_FACTOR : 1);

/**
 * Float32 SDPA into fresh memory splits later than the rest. Its SIMD kernel is so fast that a
 * split job's time is dominated by first touches of the fresh nq×nk result buffers (page faults:
 * +2.5 ms per 4 MiB here) rather than by arithmetic, so two workers measured 1.2× at n = 1024 but
 * 1.6× at n = 2048 (bench, full), and a causal job (half the arithmetic, all the buffers) lost up
 * to n = 2048. Counting float32 SDPA at 1/100 and causal at half keeps those jobs whole.
 * Into buffers handed back for reuse (already touched) it counts like any float32 job.
 */
export const SDPA_FLOAT32_COST_FACTOR = 1 / 100;

/**
 * Multiply-adds of SDPA (q·kᵀ and weights·v, half of them under a causal mask), in float64 terms.
 * `warmBuffers`: the results go into memory that has been written before (see CallOptions.reuse).
 */
export function sdpaCost({ nq, nk, d, dv, bytesPerElement, causal }: SdpaShape, { warmBuffers = false } = {}): number {
  const factor = bytesPerElement === 4 ? (warmBuffers ? FLOAT32_COST_FACTOR : SDPA_FLOAT32_COST_FACTOR) : 1;
  return nq * nk * (d + dv) * factor * (causal ? 0.5 : 1);
}

/** The shape of multiHeadAttention(xq, xkv, weights, heads, opts) if it can be split by heads, or null. */
export function mhaShape(args: readonly unknown[]): MhaShape | null {
  const [xq, xkv, weights, heads, opts] = args;
  if (args.length > 5 || !isWellFormed(xq) || !isWellFormed(xkv) || !isOptionsObject(opts)) return null;
  const dModel = xq.cols;
  if (xkv.cols !== dModel || typeof weights !== 'object' || weights === null) return null;
  for (const name of ['wq', 'wk', 'wv', 'wo']) {
    const w = (weights as Record<string, unknown>)[name];
    if (!isWellFormed(w) || w.rows !== dModel || w.cols !== dModel) return null;
  }
  if (typeof heads !== 'number' || !Number.isInteger(heads) || heads < 2 || heads > MAX_HEADS || dModel % heads !== 0) return null;
  if (xq.rows * xkv.rows * heads > MAX_SCORE_CELLS || !maskFits(opts?.mask, xq.rows, xkv.rows)) return null;
  const { wq, wk, wv, wo } = weights as Record<string, Matrix>;
  const bytesPerElement = resultArrayType(xq, xkv, wq, wk, wv, wo) === Float32Array ? 4 : 8;
  return { nq: xq.rows, nk: xkv.rows, dModel, heads, bytesPerElement };
}

/** Multiply-adds of MHA (four projections, attention in every head: 2·d_model per pair), in float64 terms. */
export function mhaCost({ nq, nk, dModel, bytesPerElement }: MhaShape): number {
  return (2 * (nq + nk) * dModel * dModel + 2 * nq * nk * dModel) * costFactor(bytesPerElement);
}

/**
 * Blocks of query rows for `workers` workers. Each block's results stay under `maxBlockBytes`;
 * there are whole rounds of blocks (a multiple of `workers`), so no worker idles through the last
 * round; and blocks carry equal work, which under a causal mask means fewer rows at the bottom,
 * where each row attends more keys.
 */
export function planRowBlocks(shape: SdpaShape, workers: number, maxBlockBytes: number): RowBlock[] {
  const { nq, nk, dv, bytesPerElement, causal } = shape;
  const maxRows = Math.max(1, Math.floor(maxBlockBytes / ((2 * nk + dv) * bytesPerElement)));
  const byMemory = Math.ceil(nq / maxRows);
  const count = Math.min(nq, Math.ceil(Math.max(byMemory, workers) / workers) * workers);
  // Work of row i: the keys it may attend (both kernels skip the keys a causal mask blocks).
  const rowWork = (i: number) => (causal ? Math.min(i + 1, nk) : nk);
  let total = 0;
  for (let i = 0; i < nq; i++) total += rowWork(i);
  const blocks: RowBlock[] = [];
  let start = 0;
  let done = 0;
  for (let i = 0; i < nq; i++) {
    done += rowWork(i);
    const last = i === nq - 1;
    const share = (total * (blocks.length + 1)) / count;
    // Cut here if taking the next row would overshoot this block's share by more than stopping falls short.
    const nearShare = !last && done + rowWork(i + 1) / 2 > share;
    const rowsNeeded = nq - (i + 1) <= count - (blocks.length + 1);
    if (last || nearShare || rowsNeeded || i + 1 - start >= maxRows) {
      blocks.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  return blocks;
}

/** Contiguous head ranges, one per worker (or per head, if fewer heads), sizes differing by ≤ 1. */
export function planHeadRanges(heads: number, workers: number): HeadRange[] {
  const count = Math.min(heads, workers);
  const ranges: HeadRange[] = [];
  for (let r = 0; r < count; r++) {
    ranges.push({ headStart: Math.floor((r * heads) / count), headEnd: Math.floor(((r + 1) * heads) / count) });
  }
  return ranges;
}
