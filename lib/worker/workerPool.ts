/**
 * A pool of at most `size` attention workers, created lazily, each running one request at a time.
 * Tasks wait in a FIFO queue and go to the first idle worker (or to one they prefer, e.g. one that
 * already holds their job's K and V). A task's message is built only when a worker takes it, so
 * queued work holds no copies of big buffers.
 *
 * A worker that dies (error event, unexpected exit) is dropped and a fresh one is created the next
 * time work needs it; the task it was running rejects with AttentionWorkerError. Cancelling a
 * running task throws its result away; if it has already run for longer than `longRunningMs`, or
 * the caller asks, the worker is terminated instead so that the next request need not wait.
 *
 * A worker can also die without any event: browsers say nothing when a worker is terminated or
 * closes itself, and a request posted to it just vanishes. So every worker acknowledges each
 * request the moment it arrives (protocol.ts), and a request not acknowledged within
 * `ackTimeoutMs` (`startupTimeoutMs` for a worker's first, which waits for its script to load)
 * means the worker is dead. It is replaced, the request, which never started, is sent once more
 * to a fresh worker, and the other idle workers are replaced too, since whatever killed one
 * (a browser reclaiming memory, a tester's terminate()) has most likely killed them all. Only the
 * receipt is timed, never the work, so a job that computes for a minute is not mistaken for a
 * dead worker.
 *
 * A worker that dies in the middle of a job cannot be told from one still computing. So nobody
 * waits behind it for long: when the head of the queue has waited `ackTimeoutMs` with every worker
 * busy, a worker busy for at least that long is set aside and a fresh one takes its place: first
 * one whose work nobody waits for (a cancelled task whose answer is still owed, a `background`
 * task such as the split calibration), else the one busy longest. The set-aside worker keeps its
 * task; if it answers, the answer is delivered and the worker terminated. At most `size` are set
 * aside at once, so a dead worker costs the next request `ackTimeoutMs`, and a live one that
 * computes for a minute costs one more worker for that minute.
 */
import {
  PING_OP,
  RELEASE_OP,
  isAck,
  isResponse,
  reviveError,
  type AttentionRequest,
  type RetainedValues,
} from './protocol';
import { AttentionWorkerError } from './workerErrors';
import type { CreateWorker, WorkerLike } from './workerLike';

/** What a task may know about a worker when choosing it or building its message. */
export interface PoolWorker {
  /** Key of the values this worker retains for a split job (protocol.ts), or null. */
  readonly retainedKey: string | null;
}

export interface PreparedRequest {
  op: string;
  args: unknown[];
  retain?: RetainedValues;
  /** Buffers to move with the message; they must be this task's own copies. */
  transfer: ArrayBuffer[];
}

export interface PoolTask {
  /** Nobody waits for it: a queued task is not held up behind it for long (see the header). */
  background?: boolean;
  prepare(worker: PoolWorker): PreparedRequest;
  prefers?(worker: PoolWorker): boolean;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** 'always': terminate the worker running the task; 'if-long': only if it has run > longRunningMs. */
export type TerminatePolicy = 'always' | 'if-long';

export interface PoolTicket {
  /** Rejects the task with `error` unless it has already settled; see TerminatePolicy. */
  cancel(error: Error, terminate: TerminatePolicy): void;
}

export interface WorkerPool {
  /** The most workers this pool runs at once. */
  readonly size: number;
  submit(task: PoolTask): PoolTicket;
  /** Tells the workers holding values retained under `key` to drop them. */
  release(key: string): void;
  /**
   * Starts workers, up to `count` (default: the pool's size), before any work needs them, so
   * that the first request does not also wait for a worker's script to load and compile.
   */
  warm(count?: number): void;
  /** Rejects every queued and running task with `error` and terminates every worker. */
  dispose(error: Error): Promise<void>;
  stats(): { workers: number; busy: number; queued: number };
}

export interface WorkerPoolOptions {
  createWorker: CreateWorker;
  size: number;
  /** A cancelled task that has run this long has its worker replaced rather than waited for. */
  longRunningMs?: number;
  /** A worker that has answered before and does not acknowledge a request within this is dead; default 2000. */
  ackTimeoutMs?: number;
  /** The same for a worker's first request, which waits for the worker to load; default 20000. */
  startupTimeoutMs?: number;
}

/** Sends to a worker that never acknowledges them: the first, then one retry on a fresh worker. */
const MAX_ATTEMPTS = 2;

interface Entry {
  task: PoolTask;
  state: 'queued' | 'running' | 'done';
  /** When it joined the queue (again, after a send that was never acknowledged). */
  queuedAt: number;
  requestId: number;
  startedAt: number;
  slot: Slot | null;
  /** How many times the request has been sent (a retry after an unacknowledged send adds one). */
  attempts: number;
  /** The worker has confirmed receipt of the current send. */
  acked: boolean;
  ackTimer: ReturnType<typeof setTimeout> | null;
}

interface Slot extends PoolWorker {
  worker: WorkerLike;
  retainedKey: string | null;
  /** The entry whose response this worker owes, possibly already cancelled; null when idle. */
  entry: Entry | null;
  /** Has acknowledged or answered anything yet, i.e. has finished loading. */
  answered: boolean;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export function createWorkerPool({
  createWorker,
  size,
  longRunningMs = 50,
  ackTimeoutMs = 2000,
  startupTimeoutMs = 20_000,
}: WorkerPoolOptions): WorkerPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A worker pool needs at least 1 worker, got ${size}.`);
  const slots: Slot[] = [];
  /** Workers set aside while busy because a queued task waited too long (see the header). */
  const setAside = new Set<Slot>();
  let stallTimer: ReturnType<typeof setTimeout> | null = null;
  const queue: Entry[] = [];
  let nextRequestId = 1;
  let disposed: Error | null = null;
  let pumping = false;
  let pumpAgain = false;

  function spawn(): Slot {
    const worker = createWorker();
    const slot: Slot = { worker, retainedKey: null, entry: null, answered: false };
    worker.onmessage = (data) => onResponse(slot, data);
    worker.onerror = (error) => onDeath(slot, error);
    worker.onexit = (code) => onDeath(slot, new Error(`The worker exited with code ${code}.`));
    slots.push(slot);
    return slot;
  }

  /** Removes the slot and terminates its worker; undefined if it was already gone. */
  function retire(slot: Slot): { terminated: unknown } | undefined {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    else if (!setAside.delete(slot)) return undefined;
    slot.worker.onmessage = null;
    slot.worker.onerror = null;
    slot.worker.onexit = null;
    return { terminated: slot.worker.terminate() };
  }

  function onDeath(slot: Slot, cause: unknown): void {
    if (!retire(slot)) return;
    const entry = slot.entry;
    slot.entry = null;
    if (entry !== null) stopAckTimer(entry);
    if (entry !== null && entry.state === 'running') {
      entry.state = 'done';
      entry.task.reject(new AttentionWorkerError({ cause }));
    }
    pump();
  }

  function onResponse(slot: Slot, data: unknown): void {
    const entry = slot.entry;
    if (isAck(data)) {
      slot.answered = true; // its script runs (a warm-up ping's ack, or any request's)
      if (entry !== null && data.id === entry.requestId) confirmReceipt(slot, entry);
      return;
    }
    if (!isResponse(data) || entry === null || data.id !== entry.requestId) return;
    confirmReceipt(slot, entry);
    slot.entry = null;
    if (setAside.has(slot)) retire(slot); // it was alive after all; its place has been taken
    if (entry.state === 'running') {
      entry.state = 'done';
      if (data.ok) entry.task.resolve(data.result);
      else entry.task.reject(reviveError(data.error));
    }
    pump();
  }

  function confirmReceipt(slot: Slot, entry: Entry): void {
    slot.answered = true;
    entry.acked = true;
    stopAckTimer(entry);
  }

  function stopAckTimer(entry: Entry): void {
    if (entry.ackTimer !== null) clearTimeout(entry.ackTimer);
    entry.ackTimer = null;
  }

  /** Watches for the receipt of the request just sent to `slot`. */
  function awaitReceipt(entry: Entry, slot: Slot, limit: number): void {
    const due = performance.now() + limit;
    entry.ackTimer = setTimeout(() => {
      entry.ackTimer = null;
      if (slot.entry !== entry || entry.acked) return;
      // A timer that fires long after it was due means this thread was blocked (a long render,
      // a debugger): the receipt may be queued right behind it, so look again a little later.
      const late = performance.now() - due;
      if (late > Math.min(limit, 1000) / 2) return awaitReceipt(entry, slot, Math.min(limit, 500));
      onUnresponsive(slot, entry, limit);
    }, limit);
    // A pending check must not keep a Node process alive (tests, scripts).
    (entry.ackTimer as { unref?: () => void }).unref?.();
  }

  function onUnresponsive(slot: Slot, entry: Entry, limit: number): void {
    retire(slot);
    slot.entry = null;
    // Idle workers are suspect too (see the header); replacing them costs a few worker starts.
    for (const other of [...slots]) if (other.entry === null) retire(other);
    if (entry.state === 'running') {
      if (entry.attempts < MAX_ATTEMPTS) {
        // It never started, so it is safe to send again; first in line, so it goes to a fresh worker.
        entry.state = 'queued';
        entry.queuedAt = performance.now();
        entry.slot = null;
        queue.unshift(entry);
      } else {
        entry.state = 'done';
        entry.task.reject(new AttentionWorkerError({ reason: 'unresponsive', cause: new Error(`No acknowledgement within ${limit} ms.`) }));
      }
    }
    pump();
  }

  function start(entry: Entry, slot: Slot): void {
    let prepared: PreparedRequest;
    try {
      prepared = entry.task.prepare(slot);
    } catch (error) {
      entry.state = 'done';
      entry.task.reject(toError(error));
      return;
    }
    const { op, args, retain, transfer } = prepared;
    const request: AttentionRequest = { id: nextRequestId++, op, args, ...(retain ? { retain } : {}) };
    const previousKey = slot.retainedKey;
    entry.requestId = request.id;
    entry.state = 'running';
    entry.startedAt = performance.now();
    entry.slot = slot;
    entry.acked = false;
    entry.attempts++;
    slot.entry = entry;
    if (retain) slot.retainedKey = retain.key;
    try {
      slot.worker.postMessage(request, transfer);
    } catch (error) {
      // Nothing was sent (e.g. an argument that cannot be cloned): the worker is still idle.
      slot.entry = null;
      slot.retainedKey = previousKey;
      entry.state = 'done';
      entry.task.reject(toError(error));
      return;
    }
    awaitReceipt(entry, slot, slot.answered ? ackTimeoutMs : startupTimeoutMs);
  }

  /** Starts the head of the queue if a worker can take it; false when none can. */
  function dispatchNext(): boolean {
    const entry = queue[0];
    const idle = slots.filter((s) => s.entry === null);
    let slot = idle.find((s) => entry.task.prefers?.(s) === true) ?? idle[0];
    if (slot === undefined) {
      if (slots.length >= size) return false;
      try {
        slot = spawn();
      } catch (error) {
        queue.shift();
        entry.state = 'done';
        entry.task.reject(toError(error));
        return true;
      }
    }
    queue.shift();
    start(entry, slot);
    return true;
  }

  // Task callbacks may submit or cancel tasks, re-entering here; the flag turns that into another lap.
  function pump(): void {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (disposed === null && queue.length > 0 && dispatchNext());
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    if (queue.length > 0 && disposed === null) watchForStall(queue[0].queuedAt + ackTimeoutMs);
  }

  /** Checks at `due` whether the head of the queue still waits behind busy workers. */
  function watchForStall(due: number): void {
    if (stallTimer !== null) return;
    const at = Math.max(due, performance.now());
    stallTimer = setTimeout(() => {
      stallTimer = null;
      if (queue.length === 0 || disposed !== null) return;
      const now = performance.now();
      // Late by much: this thread was blocked, and answers may be queued right behind the timer.
      if (now - at > Math.min(ackTimeoutMs, 1000) / 2) return watchForStall(now + Math.min(ackTimeoutMs, 500));
      if (now < queue[0].queuedAt + ackTimeoutMs) return watchForStall(queue[0].queuedAt + ackTimeoutMs);
      const busy = slots.flatMap((slot) => (slot.entry !== null && slot.entry.acked ? [{ slot, entry: slot.entry }] : []));
      const since = Math.min(...busy.map(({ entry }) => entry.startedAt));
      if (setAside.size >= size || !(now - since >= ackTimeoutMs)) return watchForStall(Number.isFinite(since) && setAside.size < size ? since + ackTimeoutMs : now + ackTimeoutMs);
      // Busy at least that long: work nobody waits for goes first, then the oldest.
      const unwaited = (e: Entry) => (e.state === 'done' || e.task.background === true ? 0 : 1);
      const [{ slot }] = busy
        .filter(({ entry }) => now - entry.startedAt >= ackTimeoutMs)
        .sort((a, b) => unwaited(a.entry) - unwaited(b.entry) || a.entry.startedAt - b.entry.startedAt);
      slots.splice(slots.indexOf(slot), 1);
      setAside.add(slot);
      pump();
    }, at - performance.now());
    (stallTimer as { unref?: () => void }).unref?.();
  }

  return {
    size,

    submit(task) {
      const entry: Entry = { task, state: 'queued', queuedAt: performance.now(), requestId: 0, startedAt: 0, slot: null, attempts: 0, acked: false, ackTimer: null };
      if (disposed !== null) {
        entry.state = 'done';
        task.reject(disposed);
      } else {
        queue.push(entry);
        pump();
      }
      return {
        cancel(error, terminate) {
          if (entry.state === 'queued') {
            queue.splice(queue.indexOf(entry), 1);
            entry.state = 'done';
            task.reject(error);
          } else if (entry.state === 'running') {
            entry.state = 'done';
            task.reject(error);
            const slot = entry.slot;
            const long = performance.now() - entry.startedAt > longRunningMs;
            const unwanted = terminate === 'always' || long || (slot !== null && setAside.has(slot));
            if (slot !== null && slot.entry === entry && unwanted) {
              stopAckTimer(entry);
              retire(slot);
              pump();
            }
          }
        },
      };
    },

    warm(count = size) {
      const target = Math.min(size, Math.max(0, Math.floor(count)));
      try {
        while (disposed === null && slots.length < target) spawn().worker.postMessage({ id: 0, op: PING_OP, args: [] } satisfies AttentionRequest, []);
      } catch {
        // A worker that cannot start now is reported when a request needs one (dispatchNext).
      }
      pump();
    },

    release(key) {
      for (const slot of slots) {
        if (slot.retainedKey !== key) continue;
        slot.retainedKey = null;
        slot.worker.postMessage({ id: 0, op: RELEASE_OP, args: [key] } satisfies AttentionRequest, []);
      }
    },

    async dispose(error) {
      if (disposed !== null) return;
      disposed = error;
      if (stallTimer !== null) clearTimeout(stallTimer);
      const busy = [...slots, ...setAside];
      const entries = [...queue, ...busy.map((s) => s.entry)].filter((e): e is Entry => e !== null && e.state !== 'done');
      queue.length = 0;
      const terminations = busy.map((slot) => retire(slot)?.terminated);
      for (const entry of entries) stopAckTimer(entry);
      for (const entry of entries) entry.state = 'done';
      for (const entry of entries) entry.task.reject(error);
      await Promise.all(terminations);
    },

    stats() {
      return { workers: slots.length, busy: slots.filter((s) => s.entry !== null).length, queued: queue.length };
    },
  };
}
