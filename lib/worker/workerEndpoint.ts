/**
 * The message handler both worker entries install (attention.worker.ts in browsers,
 * attention.node-worker.ts in Node): acknowledge each request on arrival, answer it, transferring
 * the result's buffers, and honour the test-only crash request.
 */
import { createRequestHandler } from './handleRequest';
import { RELEASE_OP, crashRequested, isRequest, type AttentionAck } from './protocol';

export interface WorkerEndpointHost {
  /** The worker's own postMessage (self.postMessage, parentPort.postMessage). */
  post(message: unknown, transfer: ArrayBuffer[]): void;
  /** Ends this worker from the inside (close() in browsers, process.exit in a Node thread). */
  exit(): void;
}

export function createWorkerEndpoint(host: WorkerEndpointHost): (message: unknown) => void {
  const handleRequest = createRequestHandler();
  return (message) => {
    // First, before any work: the pool's proof that this worker is alive (protocol.ts).
    if (isRequest(message) && message.op !== RELEASE_OP) host.post({ id: message.id, ack: true } satisfies AttentionAck, []);
    const crash = crashRequested(message);
    if (crash === 'exit') return host.exit();
    if (crash === 'throw') throw new Error('Test-only crash of the attention worker (__crash).');
    const handled = handleRequest(message);
    if (handled instanceof Promise) void handled.then(({ response, transfer }) => host.post(response, transfer));
    else if (handled !== null) host.post(handled.response, handled.transfer);
  };
}
