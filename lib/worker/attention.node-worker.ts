/**
 * Node entry of the attention worker (worker_threads), started by nodeWorker.ts. A thin shell:
 * the logic is in workerEndpoint.ts / handleRequest.ts.
 */
import { parentPort } from 'node:worker_threads';
import { createWorkerEndpoint } from './workerEndpoint';

const port = parentPort;
if (port === null) throw new Error('attention.node-worker.ts must be started as a worker thread (see nodeWorker.ts).');

const onMessage = createWorkerEndpoint({
  post: (message, transfer) => port.postMessage(message, transfer),
  // Inside a worker thread, process.exit ends only this thread (exit code reaches the 'exit' event).
  exit: () => process.exit(1),
});
port.on('message', onMessage);
