/**
 * Attention workers for the browser: module Web Workers running attention.worker.ts. The
 * `new Worker(new URL(..., import.meta.url), { type: 'module' })` form is what bundlers (Next.js /
 * Turbopack, webpack, Vite) recognise to bundle the worker entry. Nothing here may import a Node
 * builtin, or the page bundle would try to pull in worker_threads.
 */
import { MAX_DEFAULT_WORKERS, createAttentionClient, type AttentionClient, type AttentionClientOptions } from './attentionClient';
import type { WorkerLike } from './workerLike';
import { afterLoadWhenIdle } from '../afterLoadWhenIdle';

export function createBrowserWorker(): WorkerLike {
  const worker = new Worker(new URL('./attention.worker.ts', import.meta.url), { type: 'module' });
  const like: WorkerLike = {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
  };
  worker.onmessage = (event) => like.onmessage?.(event.data);
  worker.onerror = (event) => {
    event.preventDefault(); // handled: the pool replaces the worker and rejects its request
    like.onerror?.(event.error ?? new Error(event.message));
  };
  worker.onmessageerror = () => like.onerror?.(new Error('A message from the attention worker could not be read.'));
  return like;
}

/**
 * Split results that come back as blocks are copied into the full matrix on the page, one block
 * per task; at 1 MiB a block's copy stays a few milliseconds even into fresh memory, where 4 MiB
 * blocks made 50–150 ms tasks at n = 4096 on a busy 2-core machine.
 */
export const BROWSER_MAX_BLOCK_BYTES = 1024 * 1024;

export function createBrowserAttentionClient(options: Partial<AttentionClientOptions> = {}): AttentionClient {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency >= 1 ? navigator.hardwareConcurrency : 1;
  return createAttentionClient({
    createWorker: createBrowserWorker,
    workers: Math.min(cores, MAX_DEFAULT_WORKERS),
    maxBlockBytes: BROWSER_MAX_BLOCK_BYTES,
    whenIdle: pageIdle,
    ...options,
  });
}

/** The page's next idle period once it has loaded (at most a second away). */
function pageIdle(): Promise<void> {
  return new Promise((resolve) => void afterLoadWhenIdle(window, resolve, 1000));
}
