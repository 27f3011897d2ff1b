/**
 * Browser entry of the attention worker, loaded by browserWorker.ts as
 * `new Worker(new URL('./attention.worker.ts', import.meta.url), { type: 'module' })`.
 * A thin shell: the logic is in workerEndpoint.ts / handleRequest.ts.
 */
import { createWorkerEndpoint } from './workerEndpoint';

// The dedicated-worker global, typed by hand so lib/ needs no WebWorker lib (it clashes with DOM).
interface DedicatedWorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
  close(): void;
}

const scope = self as unknown as DedicatedWorkerScope;
const onMessage = createWorkerEndpoint({
  post: (message, transfer) => scope.postMessage(message, transfer),
  exit: () => scope.close(),
});
scope.onmessage = (event) => onMessage(event.data);
