/**
 * The little a worker pool needs from a worker, so one pool serves browser Web Workers and Node's
 * worker_threads alike (see browserWorker.ts and nodeWorker.ts for the adapters). The pool sets
 * the callbacks; an adapter forwards its environment's events to them.
 */
export interface WorkerLike {
  /** Sends `message`; each buffer in `transfer` moves to the worker and is detached here. */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Stops the worker at once, even in the middle of a computation (Node: resolves once it has). */
  terminate(): void | Promise<unknown>;
  /** A message from the worker (the payload, not the event). */
  onmessage: ((data: unknown) => void) | null;
  /** The worker failed outside any request: an uncaught error, a message that could not be read. */
  onerror: ((error: unknown) => void) | null;
  /**
   * The worker's thread ended (Node). Browsers have no such event: a worker that stops itself
   * with close() just goes silent, which only a timeout can catch.
   */
  onexit?: ((code: number) => void) | null;
}

/** How a pool makes a new worker: called lazily, and again whenever a worker is replaced. */
export type CreateWorker = () => WorkerLike;
