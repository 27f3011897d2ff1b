/**
 * Attention workers for Node (tests, benchmarks): worker_threads running attention.node-worker.ts.
 *
 * Node 20 does not apply the parent's `--import tsx` to a worker's entry module (it fails with
 * "Unknown file extension .ts"), so each worker starts from a small bootstrap that registers tsx
 * inside the worker and then imports the TypeScript entry. tsx must therefore be installed, which
 * it is wherever these sources run without a build step.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { MAX_DEFAULT_WORKERS, createAttentionClient, type AttentionClient, type AttentionClientOptions } from './attentionClient';
import type { WorkerLike } from './workerLike';

const ENTRY = new URL('./attention.node-worker.ts', import.meta.url);

// CommonJS, as Node runs eval'd worker code; the dynamic import()s load ESM all the same.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((error) => { setTimeout(() => { throw error; }); });
`;

export function createNodeWorker(): WorkerLike {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { entry: ENTRY.href, tsxApi: import.meta.resolve('tsx/esm/api') },
  });
  const like: WorkerLike = {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
    onexit: null,
  };
  worker.on('message', (data: unknown) => like.onmessage?.(data));
  worker.on('error', (error) => like.onerror?.(error));
  worker.on('messageerror', (error) => like.onerror?.(error));
  worker.on('exit', (code) => like.onexit?.(code));
  return like;
}

/** min(os.availableParallelism(), MAX_DEFAULT_WORKERS). */
export function nodeWorkerCount(): number {
  return Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS);
}

export function createNodeAttentionClient(options: Partial<AttentionClientOptions> = {}): AttentionClient {
  return createAttentionClient({ createWorker: createNodeWorker, workers: nodeWorkerCount(), ...options });
}
