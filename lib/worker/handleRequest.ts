/**
 * The worker's logic, apart from any worker global so that Node tests can drive it directly:
 * one request in, one response (plus the buffers to transfer with it) out. The only state is the
 * values a split job asked the worker to retain (see protocol.ts).
 */
import { operations } from './operations';
import {
  PING_OP,
  RELEASE_OP,
  collectTransferables,
  isRequest,
  isRetainedRef,
  serializeError,
  type AttentionResponse,
  type RetainedValues,
} from './protocol';

export interface HandledRequest {
  response: AttentionResponse;
  /** Buffers of the result, worker-owned, to move rather than copy. */
  transfer: ArrayBuffer[];
}

// `any`: arguments arrive untyped from another thread, and every op validates its own.
type AnyOperation = (...args: any[]) => unknown;

/**
 * Returns the handler; null from it means "nothing to send back" (a release, or not a request).
 * An op may be async (one that loads a module on first use, like typesetting): its answer is then
 * a promise. Every other op answers synchronously, so the math pays no extra turn of the loop.
 */
export function createRequestHandler(
  ops: Readonly<Record<string, AnyOperation>> = operations,
): (message: unknown) => HandledRequest | Promise<HandledRequest> | null {
  let retained: RetainedValues | null = null;

  const resolve = (arg: unknown): unknown => {
    if (!isRetainedRef(arg)) return arg;
    if (retained === null || retained.key !== arg.key || !Object.hasOwn(retained.values, arg.$retained)) {
      // Only a pool bug gets here: it tracks which worker holds which job's values.
      throw new Error(`The attention worker no longer holds "${arg.$retained}" for job ${arg.key}.`);
    }
    return retained.values[arg.$retained];
  };

  return (message) => {
    if (!isRequest(message)) return null;
    if (message.op === RELEASE_OP) {
      if (retained !== null && retained.key === message.args[0]) retained = null;
      return null;
    }
    if (message.op === PING_OP) return null;
    const { id } = message;
    const failed = (error: unknown): HandledRequest => ({ response: { id, ok: false, error: serializeError(error) }, transfer: [] });
    const answered = (result: unknown): HandledRequest => {
      // A result that reuses a retained buffer must not take it away from later blocks.
      const keep = new Set(retained === null ? [] : collectTransferables(retained.values));
      return { response: { id, ok: true, result }, transfer: collectTransferables(result, keep) };
    };
    try {
      if (message.retain) retained = message.retain;
      const op = Object.hasOwn(ops, message.op) ? ops[message.op] : undefined;
      if (op === undefined) throw new Error(`The attention worker has no operation "${message.op}".`);
      const result = op(...message.args.map(resolve));
      return result instanceof Promise ? result.then(answered, failed) : answered(result);
    } catch (error) {
      return failed(error);
    }
  };
}
