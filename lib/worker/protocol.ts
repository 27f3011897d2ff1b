/**
 * The messages between the page (or Node's main thread) and an attention worker.
 *
 * Request  { id, op, args, retain? }        op names a function in the operations table
 * Ack      { id, ack: true }                sent the moment a request arrives, before any work
 * Response { id, ok: true, result }
 *        | { id, ok: false, error }         error: a serialized AttentionInputError, or {name, message}
 *
 * The ack is how the pool tells a dead worker from a busy one: a browser gives no event when a
 * worker is terminated or closes itself, so a request posted to it just vanishes. A live worker
 * acks within milliseconds however long the computation then takes (workerPool.ts).
 *
 * Matrices travel as they are ({ rows, cols, data }) and every typed array's buffer goes in the
 * transfer list, in both directions: a 4096×1024 float32 matrix moves in microseconds instead of
 * being cloned (or, worse, JSON-encoded, which would also turn -Infinity scores into null).
 *
 * `retain` lets one split job send K and V to a worker once rather than with every block of
 * query rows: the worker keeps `retain.values` until told to release them (RELEASE_OP) or until
 * the next `retain` replaces them, and arguments of the form { $retained: name } refer to them.
 */
import { AttentionInputError, type SerializedAttentionInputError } from '../errors';

export interface AttentionRequest {
  id: number;
  op: string;
  args: unknown[];
  retain?: RetainedValues;
}

export interface RetainedValues {
  /** Names the job the values belong to; a release for another key leaves them alone. */
  key: string;
  values: Record<string, unknown>;
}

/** Stands, as a top-level argument, for a value kept from an earlier request's `retain`. */
export interface RetainedRef {
  $retained: string;
  key: string;
}

export interface SerializedError {
  name: string;
  message: string;
}

export type AttentionResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: SerializedAttentionInputError | SerializedError };

/** "Request `id` has arrived; working on it." Sent for every request except RELEASE_OP. */
export interface AttentionAck {
  id: number;
  ack: true;
}

/** Drops the worker's retained values for args[0] (a key). Has no response. */
export const RELEASE_OP = '__release';

/**
 * Acknowledged like any request, with no response: the pool's warm-up sends it so a worker whose
 * script has loaded is known to be alive, and its first real request gets the short ack limit
 * rather than the startup one (a warmed worker that then dies is found in seconds).
 */
export const PING_OP = '__ping';

/**
 * Test-only: makes the worker die, so tests can check that the pool recovers. args[0] is 'throw'
 * (an uncaught error; the worker is then terminated by the pool) or 'exit' (the thread or worker
 * ends itself; browsers give no event for that, so only a timeout notices). Never answered.
 */
export const CRASH_OP = '__crash';
export type CrashMode = 'throw' | 'exit';

export function isRequest(message: unknown): message is AttentionRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<AttentionRequest>;
  return typeof m.id === 'number' && typeof m.op === 'string' && Array.isArray(m.args);
}

export function isResponse(message: unknown): message is AttentionResponse {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<AttentionResponse>;
  return typeof m.id === 'number' && typeof m.ok === 'boolean';
}

export function isAck(message: unknown): message is AttentionAck {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<AttentionAck>;
  return typeof m.id === 'number' && m.ack === true;
}

/** The crash a test asked for, or null for an ordinary message. */
export function crashRequested(message: unknown): CrashMode | null {
  if (!isRequest(message) || message.op !== CRASH_OP) return null;
  return message.args[0] === 'exit' ? 'exit' : 'throw';
}

export function isRetainedRef(value: unknown): value is RetainedRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RetainedRef).$retained === 'string' &&
    typeof (value as RetainedRef).key === 'string'
  );
}

export function serializeError(error: unknown): SerializedAttentionInputError | SerializedError {
  if (error instanceof AttentionInputError) return error.toJSON();
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The error a worker reported, rebuilt on this side: input errors come back as real AttentionInputErrors. */
export function reviveError(error: unknown): Error {
  if (AttentionInputError.isSerialized(error)) return AttentionInputError.fromJSON(error);
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as Partial<SerializedError>;
  const revived = new Error(typeof message === 'string' ? message : 'The attention worker reported an unknown error.');
  if (typeof name === 'string') revived.name = name;
  return revived;
}

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` whose typed arrays are fresh, tightly sized copies, with their buffers listed
 * for transfer. The caller's own arrays are never detached: posting a copy costs one memcpy,
 * posting the original would leave the caller holding an empty array.
 */
export function copyForTransfer<T>(value: T, transfer: ArrayBuffer[] = []): { value: T; transfer: ArrayBuffer[] } {
  // An array passed twice (self-attention: K and V, or xq and xkv, are often the same) is copied
  // once; listing one buffer twice for transfer would make postMessage throw.
  const copies = new Map<TypedArray, TypedArray>();
  const copy = (x: unknown): unknown => {
    if (isTypedArray(x)) {
      let fresh = copies.get(x);
      if (fresh === undefined) {
        fresh = x.slice();
        copies.set(x, fresh);
        transfer.push(fresh.buffer as ArrayBuffer);
      }
      return fresh;
    }
    if (Array.isArray(x)) return x.map(copy);
    if (isPlainObject(x)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(x)) out[key] = copy(x[key]);
      return out;
    }
    return x;
  };
  return { value: copy(value) as T, transfer };
}

/**
 * The buffers of every typed array inside `value`, each once, for a transfer list. Buffers in
 * `keep` are left out (they stay usable on this side and are cloned instead); so are shared
 * buffers, which are shared rather than moved anyway.
 */
export function collectTransferables(value: unknown, keep: ReadonlySet<ArrayBufferLike> = new Set()): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (typeof x !== 'object' || x === null || seen.has(x)) return;
    seen.add(x);
    if (isTypedArray(x)) {
      const buffer = x.buffer;
      if (buffer instanceof ArrayBuffer && !keep.has(buffer)) found.add(buffer);
      return;
    }
    if (Array.isArray(x)) x.forEach(walk);
    else if (isPlainObject(x)) Object.values(x).forEach(walk);
  };
  walk(value);
  return [...found];
}
