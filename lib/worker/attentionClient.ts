/**
 * The attention core, off the main thread: promise-returning versions of the core functions that
 * run in a pool of workers (browser Web Workers or Node worker_threads; see browserWorker.ts and
 * nodeWorker.ts for ready-made clients).
 *
 *   const attention = createAttentionClient({ createWorker });
 *   const { weights } = await attention.scaledDotProductAttention(q, k, v, { causal: true }, { channel: 'heatmap' });
 *
 * Per call: `channel` — latest wins: a newer call on the same channel rejects the older one with
 * AttentionCancelledError('superseded'), so a slider dragged across ten values never paints a stale
 * heatmap; `signal` — abort, rejecting with AttentionCancelledError('aborted'); `timeoutMs` —
 * reject with AttentionTimeoutError and replace the worker. Bad input rejects with the core's own
 * AttentionInputError (instanceof, code and `where` intact); a dead worker with AttentionWorkerError.
 *
 * Inputs are captured when the call is made (copied), so the caller may reuse its arrays at once
 * and never finds them detached; each message is built from the copy when a worker takes it, so a
 * request lost to a silently dead worker can be sent again (workerPool.ts). Results are the
 * worker's buffers, transferred.
 *
 * Big jobs are split (splitPlan.ts): SDPA by blocks of query rows over every worker, reassembled
 * into the full nq×nk scores and weights; MHA by ranges of heads, whose partial outputs are summed.
 * Split SDPA results equal the whole computation exactly (rows are independent). Split MHA outputs
 * can differ from a single multiHeadAttention call in the last bits, because the per-head shares
 * of the output projection are added in a different order.
 */
import type { AttentionOptions, AttentionOutputBuffers, AttentionResult, HeadResult, MultiHeadResult, MultiHeadWeights, AdditiveWeights } from '../attention';
import { AttentionInputError } from '../errors';
import type { FloatArray, Matrix } from '../matrix';
import type { MaskPattern } from '../masks';
import type { OpArgs, OpName, OpResult } from './operations';
import { CRASH_OP, collectTransferables, copyForTransfer, type CrashMode, type RetainedRef } from './protocol';
import {
  DEFAULT_MAX_BLOCK_BYTES,
  DEFAULT_SPLIT_THRESHOLD,
  mhaCost,
  mhaShape,
  planHeadRanges,
  planRowBlocks,
  sdpaCost,
  sdpaShape,
  type MhaShape,
  type SdpaShape,
} from './splitPlan';
import { CALIBRATION_PAIRS, calibratedSplitThreshold, calibrationCost, type SplitCalibration } from './splitCalibration';
import { AttentionCancelledError, AttentionTimeoutError, AttentionWorkerError } from './workerErrors';
import { createWorkerPool, type PoolTask, type PoolTicket, type TerminatePolicy, type WorkerPool } from './workerPool';
import type { CreateWorker } from './workerLike';

/** Workers beyond this rarely pay: the main thread still has to assemble results and paint. */
export const MAX_DEFAULT_WORKERS = 4;

export interface AttentionClientOptions {
  createWorker: CreateWorker;
  /** How many workers at most; default min(navigator.hardwareConcurrency, MAX_DEFAULT_WORKERS). */
  workers?: number;
  /**
   * Estimated multiply-adds from which SDPA and MHA jobs are split. Default: DEFAULT_SPLIT_THRESHOLD
   * until warmUp()'s calibration has measured this machine (splitCalibration.ts), then the
   * calibrated threshold. Given explicitly, it is kept and nothing is calibrated.
   */
  splitThreshold?: number;
  /** Largest result of one SDPA row block in bytes; default 4 MiB. */
  maxBlockBytes?: number;
  /**
   * Let workers write split results straight into SharedArrayBuffers. Defaults to whether the
   * environment has them (Node always; browsers only when cross-origin isolated); false forces the
   * copy-back path that non-isolated pages use.
   */
  sharedMemory?: boolean;
  /** A cancelled request that has run this long has its worker replaced rather than waited for; default 50. */
  longRunningMs?: number;
  /** See WorkerPoolOptions: how long a worker may take to acknowledge a request before it counts as dead. */
  ackTimeoutMs?: number;
  startupTimeoutMs?: number;
  /**
   * Resolves when the caller's thread has nothing to do (a browser's requestIdleCallback). Each
   * calibration round waits for it: a round keeps every worker busy, and on a machine with as many
   * cores as workers it would take a core from a render or a hydration running meanwhile.
   * Default: at once.
   */
  whenIdle?: () => Promise<void>;
}

export interface CallOptions {
  /** Latest wins: a newer call on the same channel cancels this one (AttentionCancelledError 'superseded'). */
  channel?: string;
  signal?: AbortSignal;
  /** Give up after this many milliseconds, counted from the call (AttentionTimeoutError). */
  timeoutMs?: number;
  /**
   * An earlier result of this client that the caller is done with, handed back so that this call
   * may write its result into the same memory. For scaledDotProductAttention only; ignored unless
   * the buffers are shared ones of exactly the size and type this call returns.
   *
   * Why: a split float32 job spends much of its time first-touching fresh result memory (page
   * faults: about 2.5 ms per 4 MiB here), more than the arithmetic two workers save at n = 1024.
   * A calculator that recomputes on every keystroke can return its previous result instead.
   * The caller must drop every view of the handed-back arrays: they are overwritten.
   */
  reuse?: AttentionResult;
  /**
   * The caller hands its argument arrays over: they are moved to the worker (detached here)
   * instead of copied. For a big input whose copy would block the page (a 4096 × 4096 heatmap is
   * 64 MiB: two copies took a 400 ms task). The price: a request lost to a dead worker cannot be
   * sent again, so it rejects with AttentionWorkerError. Not for split jobs.
   */
  handOver?: boolean;
  /**
   * For scaledDotProductAttention: the caller needs no scores, so a split job never assembles
   * them on this thread (at n = 4096 that is 64 MiB of copying into fresh memory); its result's
   * scores are then an empty 0 × 0 matrix (a job too small to split still returns them).
   */
  skipScores?: boolean;
}

type MaskOptions = { mask?: Matrix | MaskPattern; causal?: boolean };

export interface AttentionClient {
  /** The most workers this client runs at once. */
  readonly size: number;
  scaledDotProductAttention(q: Matrix, k: Matrix, v: Matrix, opts?: AttentionOptions, call?: CallOptions): Promise<AttentionResult>;
  attentionRowBlock(
    qBlock: Matrix,
    k: Matrix,
    v: Matrix,
    opts: AttentionOptions & { rowOffset: number },
    call?: CallOptions,
  ): Promise<AttentionResult>;
  multiHeadAttention(
    xq: Matrix,
    xkv: Matrix,
    weights: MultiHeadWeights,
    heads: number,
    opts?: MaskOptions,
    call?: CallOptions,
  ): Promise<MultiHeadResult>;
  multiHeadAttentionHeads(
    xq: Matrix,
    xkv: Matrix,
    weights: MultiHeadWeights,
    heads: number,
    opts: MaskOptions & { headStart: number; headEnd: number },
    call?: CallOptions,
  ): Promise<{ heads: HeadResult[]; partialOutput: Matrix }>;
  additiveAttention(q: Matrix, k: Matrix, v: Matrix, weights: AdditiveWeights, opts?: { mask?: Matrix; causal?: boolean }, call?: CallOptions): Promise<AttentionResult>;
  /** Any operation of the table in operations.ts, by name. */
  run<K extends OpName>(op: K, args: OpArgs<K>, call?: CallOptions): Promise<OpResult<K>>;
  /**
   * Starts the workers now rather than at the first request (see WorkerPool.warm), and, unless a
   * splitThreshold was given, measures when splitting pays on this machine (calibrateSplit).
   */
  warmUp(): void;
  /**
   * Times a small job in one worker and in all of them at once, and sets the split threshold from
   * it (splitCalibration.ts). Resolves with the measurement (null with one worker, after dispose,
   * or if it failed, leaving the threshold as it was); calling again returns the same promise.
   */
  calibrateSplit(): Promise<SplitCalibration | null>;
  /** The split threshold in force (see AttentionClientOptions.splitThreshold). */
  splitThreshold(): number;
  /** Rejects everything pending (AttentionCancelledError 'disposed') and terminates the workers. */
  dispose(): Promise<void>;
  /** TEST ONLY: makes a worker die, to exercise crash recovery. Always rejects (AttentionWorkerError). */
  crashWorkerForTests(mode: CrashMode, call?: CallOptions): Promise<never>;
}

/** One call: settles once; cancelling it cancels whatever it has in the pool. */
class Job {
  settled = false;
  readonly promise: Promise<unknown>;
  private resolvePromise!: (value: unknown) => void;
  private rejectPromise!: (error: Error) => void;
  private readonly tickets = new Set<PoolTicket>();
  private readonly cleanups: (() => void)[] = [];

  /** `background`: nobody waits for it (the split calibration); see PoolTask. */
  constructor(
    readonly id: number,
    readonly background = false,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
  }

  /** Submits a task whose outcome goes to `onResult`/`onError` while this job is still pending. */
  submit(
    pool: WorkerPool,
    task: Pick<PoolTask, 'prepare' | 'prefers'> & { onResult(result: unknown): void; onError(error: Error): void },
  ): void {
    if (this.settled) return;
    let ticket: PoolTicket | undefined;
    let finished = false;
    const finish = () => {
      finished = true;
      if (ticket !== undefined) this.tickets.delete(ticket);
    };
    ticket = pool.submit({
      background: this.background,
      prepare: task.prepare,
      prefers: task.prefers,
      resolve: (result) => {
        finish();
        if (!this.settled) task.onResult(result);
      },
      reject: (error) => {
        finish();
        if (!this.settled) task.onError(error);
      },
    });
    if (!finished) this.tickets.add(ticket);
  }

  onSettle(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  succeed(value: unknown): void {
    if (this.settle()) this.resolvePromise(value);
  }

  fail(error: Error, terminate: TerminatePolicy = 'if-long'): void {
    if (!this.settle()) return;
    for (const ticket of [...this.tickets]) ticket.cancel(error, terminate);
    this.rejectPromise(error);
  }

  /** Cancels what is in flight without settling, e.g. to retry another way. */
  cancelTasks(error: Error): void {
    for (const ticket of [...this.tickets]) ticket.cancel(error, 'if-long');
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    return true;
  }
}

function hardwareConcurrency(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

const copyOf = (data: FloatArray): FloatArray => data.slice();

const CALIBRATION_OP = 'runCalibrationJob' satisfies OpName;

export function createAttentionClient(options: AttentionClientOptions): AttentionClient {
  const {
    createWorker,
    workers = Math.min(hardwareConcurrency(), MAX_DEFAULT_WORKERS),
    splitThreshold = DEFAULT_SPLIT_THRESHOLD,
    maxBlockBytes = DEFAULT_MAX_BLOCK_BYTES,
    sharedMemory = typeof SharedArrayBuffer === 'function',
    longRunningMs,
    ackTimeoutMs,
    startupTimeoutMs,
    whenIdle = () => Promise.resolve(),
  } = options;
  const pool = createWorkerPool({ createWorker, size: workers, longRunningMs, ackTimeoutMs, startupTimeoutMs });
  const calibrates = options.splitThreshold === undefined;
  let threshold = splitThreshold;
  let calibration: Promise<SplitCalibration | null> | null = null;
  const channels = new Map<string, Job>();
  const pending = new Set<Job>();
  /** Jobs of callers (not the calibration's), and who waits for them all to settle. */
  let callerJobs = 0;
  let callersDone: (() => void)[] = [];
  const untilNoCallerWaits = (): Promise<void> => (callerJobs === 0 ? Promise.resolve() : new Promise((resolve) => callersDone.push(resolve)));
  const unsafeToReuse = new WeakSet<ArrayBufferLike>();
  let nextJobId = 1;
  let disposed = false;

  function runWhole(job: Job, op: string, args: unknown[], handOver = false): void {
    if (handOver) {
      let sent = false;
      job.submit(pool, {
        prepare: () => {
          if (sent) throw new AttentionWorkerError({ reason: 'unresponsive', cause: new Error('The worker was lost with the handed-over input.') });
          sent = true;
          return { op, args, transfer: collectTransferables(args) };
        },
        onResult: (result) => job.succeed(result),
        onError: (error) => job.fail(error),
      });
      return;
    }
    const snapshot = copyForTransfer(args).value;
    job.submit(pool, {
      // Each send moves a copy of the snapshot, which stays here: if the worker turns out to be
      // dead, the pool sends the request again (workerPool.ts), and a moved buffer is gone.
      prepare: () => {
        const { value, transfer } = copyForTransfer(snapshot);
        return { op, args: value, transfer };
      },
      onResult: (result) => job.succeed(result),
      onError: (error) => job.fail(error),
    });
  }

  /**
   * A block failing on its input means the whole input is bad; the whole call then reports it
   * exactly as the core would (which row of Q, not which row of a block), failing fast in validation.
   */
  function failOrRetryWhole(job: Job, error: Error, op: string, snapshot: unknown[]): void {
    if (!(error instanceof AttentionInputError)) return job.fail(error);
    job.cancelTasks(error);
    runWhole(job, op, snapshot);
  }

  /** The reusable shared buffers of `previous` if they fit `shape`'s result exactly, else null. */
  function reusableBuffers(previous: AttentionResult | undefined, shape: SdpaShape): { scores: FloatArray; weights: FloatArray; output: FloatArray } | null {
    if (!sharedMemory || previous === undefined) return null;
    const Type = shape.bytesPerElement === 4 ? Float32Array : Float64Array;
    const fits = (m: Matrix | undefined, length: number) =>
      m !== undefined &&
      m.data instanceof Type &&
      m.data.length === length &&
      m.data.byteOffset === 0 &&
      m.data.buffer instanceof SharedArrayBuffer &&
      m.data.buffer.byteLength === length * Type.BYTES_PER_ELEMENT;
    const { scores, weights, output } = previous;
    if (!fits(scores, shape.nq * shape.nk) || !fits(weights, shape.nq * shape.nk) || !fits(output, shape.nq * shape.dv)) return null;
    const buffers = [scores.data.buffer, weights.data.buffer, output.data.buffer];
    // One array handed back twice would have two blocks of results written over each other; one
    // still being written by another job (or by a cancelled job's worker) would mix two results.
    if (new Set(buffers).size < 3 || buffers.some((b) => unsafeToReuse.has(b))) return null;
    return { scores: scores.data, weights: weights.data, output: output.data };
  }

  /**
   * Marks reused buffers as taken while their job runs. A job that ends without all of its blocks
   * (cancelled, superseded, failed) may still have a worker writing into them, since a cancelled
   * task runs to its end unless it has run long, so those buffers are never reused again.
   */
  function holdReusedBuffers(job: Job, buffers: FloatArray[], finished: () => boolean): void {
    for (const b of buffers) unsafeToReuse.add(b.buffer);
    job.onSettle(() => {
      if (finished()) for (const b of buffers) unsafeToReuse.delete(b.buffer);
    });
  }

  function runSdpaSplit(
    job: Job,
    shape: SdpaShape,
    args: unknown[],
    reuse: ReturnType<typeof reusableBuffers>,
    workers: number,
    skipScores = false,
  ): void {
    const [q, k, v, opts = {}] = args as [Matrix, Matrix, Matrix, AttentionOptions | undefined];
    const { nq, nk, d, dv } = shape;
    // Captured now: later blocks must not see the caller's later edits.
    const qData = copyOf(q.data);
    const kMatrix: Matrix = { rows: k.rows, cols: k.cols, data: copyOf(k.data) };
    const vMatrix: Matrix = { rows: v.rows, cols: v.cols, data: copyOf(v.data) };
    // A mask pattern is a small description: every block takes it whole, with its rowOffset.
    const maskData = opts.mask && !('kind' in opts.mask) ? copyOf(opts.mask.data) : undefined;
    const snapshot = [{ rows: nq, cols: d, data: qData }, kMatrix, vMatrix, { ...opts, ...(maskData ? { mask: { rows: nq, cols: nk, data: maskData } } : {}) }];
    const key = `sdpa-${job.id}`;

    // The type the core's resultArrayType(q, k, v) gives every block.
    const Type = shape.bytesPerElement === 4 ? Float32Array : Float64Array;
    // Where threads can share memory (Node; browsers when cross-origin isolated), workers write
    // their rows straight into the result: no per-block allocation, transfer or copy here, which
    // measured 1.3× → 1.7× for the pool at n = 1024 float32. Elsewhere blocks come back and are copied.
    const shared = sharedMemory;
    const make = (length: number): FloatArray =>
      shared ? new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer) : new Type(length);
    // Shared results hold no block in flight, so one block per worker (fewest messages) is best.
    const blocks = planRowBlocks(shape, workers, shared ? Infinity : maxBlockBytes);
    job.onSettle(() => pool.release(key));
    let full: { scores: FloatArray; weights: FloatArray; output: FloatArray } | null = null;
    // Skipped scores still go to shared memory (workers write them there), never to a copy here.
    const allocateFull = () => ({ scores: make(skipScores && !shared ? 0 : nq * nk), weights: make(nq * nk), output: make(nq * dv) });
    if (shared) full = reuse ?? allocateFull();
    let failed = false;
    let next = 0;
    let inFlight = 0;
    let done = 0;
    if (reuse !== null) holdReusedBuffers(job, [reuse.scores, reuse.weights, reuse.output], () => done === blocks.length);
    const launch = () => {
      while (!job.settled && !failed && next < blocks.length && inFlight < pool.size) {
        const { start, end } = blocks[next++];
        inFlight++;
        job.submit(pool, {
          prefers: (worker) => worker.retainedKey === key,
          prepare: (worker) => {
            const qBlock: Matrix = { rows: end - start, cols: d, data: qData.slice(start * d, end * d) };
            const transfer = [qBlock.data.buffer as ArrayBuffer];
            const blockOpts: AttentionOptions & { rowOffset: number; into?: AttentionOutputBuffers } = { ...opts, rowOffset: start };
            if (shared && full !== null) {
              blockOpts.into = {
                scores: full.scores.subarray(start * nk, end * nk),
                weights: full.weights.subarray(start * nk, end * nk),
                output: full.output.subarray(start * dv, end * dv),
              };
            }
            if (maskData) {
              const data = maskData.slice(start * nk, end * nk);
              blockOpts.mask = { rows: end - start, cols: nk, data };
              transfer.push(data.buffer as ArrayBuffer);
            }
            const ref = (name: string): RetainedRef => ({ $retained: name, key });
            if (worker.retainedKey === key) return { op: 'attentionRowBlock', args: [qBlock, ref('k'), ref('v'), blockOpts], transfer };
            const retained = copyForTransfer({ k: kMatrix, v: vMatrix }, transfer).value;
            return { op: 'attentionRowBlock', args: [qBlock, ref('k'), ref('v'), blockOpts], retain: { key, values: retained }, transfer };
          },
          onResult: (result) => {
            inFlight--;
            if (failed) return;
            launch(); // first, so the freed worker is not kept waiting for the copy below
            const block = result as AttentionResult;
            full ??= allocateFull();
            if (!shared) {
              if (!skipScores) full.scores.set(block.scores.data, start * nk);
              full.weights.set(block.weights.data, start * nk);
              full.output.set(block.output.data, start * dv);
            }
            if (++done < blocks.length) return;
            job.succeed({
              scores: skipScores ? { rows: 0, cols: 0, data: new Type(0) } : { rows: nq, cols: nk, data: full.scores },
              weights: { rows: nq, cols: nk, data: full.weights },
              output: { rows: nq, cols: dv, data: full.output },
            } satisfies AttentionResult);
          },
          onError: (error) => {
            inFlight--;
            if (failed) return;
            failed = true;
            failOrRetryWhole(job, error, 'scaledDotProductAttention', snapshot);
          },
        });
      }
    };
    launch();
    // While the workers compute: zeroing the full buffers (32 MiB at n = 2048) is off the critical path.
    full ??= allocateFull();
  }

  function runMhaSplit(job: Job, shape: MhaShape, args: unknown[]): void {
    const [xq, xkv, weights, heads, opts = {}] = args as [Matrix, Matrix, MultiHeadWeights, number, MaskOptions | undefined];
    // One snapshot; each range gets its own copy of it when a worker takes it.
    const snapshot = copyForTransfer<[Matrix, Matrix, MultiHeadWeights, number, MaskOptions]>([xq, xkv, weights, heads, opts]).value;
    const [sxq, sxkv, sweights, , sopts] = snapshot;
    const ranges = planHeadRanges(shape.heads, pool.size);
    const parts: ({ heads: HeadResult[]; partialOutput: Matrix } | undefined)[] = ranges.map(() => undefined);
    let done = 0;
    let failed = false;
    ranges.forEach(({ headStart, headEnd }, r) => {
      job.submit(pool, {
        prepare: () => {
          const { value, transfer } = copyForTransfer([sxq, sxkv, sweights]);
          return { op: 'multiHeadAttentionHeads', args: [...value, heads, { ...sopts, headStart, headEnd }], transfer };
        },
        onResult: (result) => {
          if (failed) return;
          parts[r] = result as { heads: HeadResult[]; partialOutput: Matrix };
          if (++done < ranges.length) return;
          const [first, ...rest] = parts as { heads: HeadResult[]; partialOutput: Matrix }[];
          // Summed in head order once all are in, so the result does not depend on which worker finished first.
          const output = first.partialOutput;
          for (const part of rest) {
            const sum = output.data;
            const add = part.partialOutput.data;
            for (let i = 0; i < sum.length; i++) sum[i] += add[i];
          }
          job.succeed({ output, heads: parts.flatMap((p) => p!.heads) } satisfies MultiHeadResult);
        },
        onError: (error) => {
          if (failed) return;
          failed = true;
          failOrRetryWhole(job, error, 'multiHeadAttention', snapshot);
        },
      });
    });
  }

  function dispatch(job: Job, op: string, args: unknown[], { reuse, handOver = false, skipScores = false }: CallOptions): void {
    if (op === 'scaledDotProductAttention') {
      const shape = sdpaShape(args);
      if (shape !== null) {
        const buffers = reusableBuffers(reuse, shape);
        const split = pool.size > 1 && sdpaCost(shape, { warmBuffers: buffers !== null }) >= threshold;
        // With shared memory even a whole job writes into shared buffers, so that its result can
        // be handed back (CallOptions.reuse) and the next call, split or not, skips fresh memory.
        if (split || sharedMemory) return runSdpaSplit(job, shape, args, buffers, split ? pool.size : 1, skipScores);
      }
    }
    if (op === 'multiHeadAttention' && pool.size > 1) {
      const shape = mhaShape(args);
      if (shape !== null && mhaCost(shape) >= threshold) return runMhaSplit(job, shape, args);
    }
    runWhole(job, op, args, handOver);
  }

  function call(op: string, args: unknown[], callOptions: CallOptions = {}): Promise<unknown> {
    const { channel, signal, timeoutMs } = callOptions;
    if (disposed) return Promise.reject(new AttentionCancelledError('disposed'));
    if (signal?.aborted) return Promise.reject(new AttentionCancelledError('aborted', { cause: signal.reason }));
    if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0)) {
      return Promise.reject(
        new AttentionInputError('out-of-range', `timeoutMs is ${String(timeoutMs)}: it must be a positive number of milliseconds.`, {
          input: 'timeoutMs',
        }),
      );
    }
    const job = new Job(nextJobId++, op === CALIBRATION_OP);
    pending.add(job);
    job.onSettle(() => pending.delete(job));
    if (op !== CALIBRATION_OP) {
      callerJobs++;
      job.onSettle(() => {
        if (--callerJobs > 0) return;
        const waiting = callersDone;
        callersDone = [];
        for (const resolve of waiting) resolve();
      });
    }
    if (channel !== undefined) {
      const previous = channels.get(channel);
      channels.set(channel, job);
      job.onSettle(() => {
        if (channels.get(channel) === job) channels.delete(channel);
      });
      // Before dispatching, so that a worker freed by the cancellation can take the new job.
      previous?.fail(new AttentionCancelledError('superseded'));
    }
    if (signal !== undefined) {
      const onAbort = () => job.fail(new AttentionCancelledError('aborted', { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      job.onSettle(() => signal.removeEventListener('abort', onAbort));
    }
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
      const timer = setTimeout(() => job.fail(new AttentionTimeoutError(timeoutMs), 'always'), timeoutMs);
      job.onSettle(() => clearTimeout(timer));
    }
    try {
      dispatch(job, op, args, callOptions);
    } catch (error) {
      job.fail(error instanceof Error ? error : new Error(String(error)));
    }
    return job.promise;
  }

  const run = <K extends OpName>(op: K, args: OpArgs<K>, callOptions?: CallOptions) =>
    call(op, args, callOptions) as Promise<OpResult<K>>;

  /**
   * The calibration job on `count` workers at once: the slowest worker's fastest run, and the wall
   * time here beyond the longest time a worker spent in the job (messages and wake-ups).
   */
  async function timeOnWorkers(count: number): Promise<{ computeMs: number; overheadMs: number }> {
    // A caller's job goes first: a round started now would hold every worker and delay its answer
    // (the first live result came 300–900 ms later with calibration at warm-up, issue 13).
    await untilNoCallerWaits();
    await whenIdle();
    // A caller may have come while this thread was busy; it still goes first.
    await untilNoCallerWaits();
    const started = performance.now();
    const times = await Promise.all(Array.from({ length: count }, () => run(CALIBRATION_OP, [3])));
    const wallMs = performance.now() - started;
    return { computeMs: Math.max(...times.map((t) => t.bestMs)), overheadMs: wallMs - Math.max(...times.map((t) => t.elapsedMs)) };
  }

  function calibrateSplit(): Promise<SplitCalibration | null> {
    calibration ??= (async () => {
      if (pool.size < 2 || disposed) return null;
      // The first round loads every worker and compiles the kernel: its times are not kept. Then
      // lone and all-worker runs alternate, and each figure is a median over the pairs, so one
      // descheduled worker on a busy machine does not decide for the whole session.
      await timeOnWorkers(pool.size);
      const alone: { computeMs: number; overheadMs: number }[] = [];
      const together: { computeMs: number; overheadMs: number }[] = [];
      for (let pair = 0; pair < CALIBRATION_PAIRS; pair++) {
        alone.push(await timeOnWorkers(1));
        together.push(await timeOnWorkers(pool.size));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
      const measured: SplitCalibration = {
        workers: pool.size,
        cost: calibrationCost(),
        aloneMs: median(alone.map((t) => t.computeMs)),
        togetherMs: median(together.map((t) => t.computeMs)),
        wholeOverheadMs: median(alone.map((t) => t.overheadMs)),
        splitOverheadMs: median(together.map((t) => t.overheadMs)),
      };
      if (!disposed) threshold = calibratedSplitThreshold(measured);
      return measured;
    })().catch(() => null);
    return calibration;
  }

  return {
    size: pool.size,
    scaledDotProductAttention: (q, k, v, opts, c) => run('scaledDotProductAttention', [q, k, v, opts], c),
    attentionRowBlock: (qBlock, k, v, opts, c) => run('attentionRowBlock', [qBlock, k, v, opts], c),
    multiHeadAttention: (xq, xkv, weights, heads, opts, c) => run('multiHeadAttention', [xq, xkv, weights, heads, opts], c),
    multiHeadAttentionHeads: (xq, xkv, weights, heads, opts, c) =>
      run('multiHeadAttentionHeads', [xq, xkv, weights, heads, opts], c),
    additiveAttention: (q, k, v, weights, opts, c) => run('additiveAttention', [q, k, v, weights, opts], c),
    run,
    crashWorkerForTests: (mode, c) => call(CRASH_OP, [mode], c) as Promise<never>,
    warmUp: () => {
      if (disposed) return;
      pool.warm();
      if (calibrates) void calibrateSplit();
    },
    calibrateSplit,
    splitThreshold: () => threshold,
    async dispose() {
      if (disposed) return;
      disposed = true;
      const error = new AttentionCancelledError('disposed');
      for (const job of [...pending]) job.fail(error);
      await pool.dispose(error);
    },
  };
}
