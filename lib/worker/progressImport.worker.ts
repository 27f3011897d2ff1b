/**
 * Browser entry of the import worker, loaded by progressImportClient.ts as
 * `new Worker(new URL('./progressImport.worker.ts', import.meta.url), { type: 'module' })`.
 * A thin shell: the work is runImportWorkerRequest (progressImportProtocol.ts). One request per worker.
 */
import { runImportWorkerRequest, type ImportMessage, type ImportWorkerRequest } from './progressImportProtocol';

// The dedicated-worker global, typed by hand so lib/ needs no WebWorker lib (it clashes with DOM).
interface DedicatedWorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: ImportMessage): void;
}

const scope = self as unknown as DedicatedWorkerScope;
scope.onmessage = (event) => void runImportWorkerRequest(event.data as ImportWorkerRequest, (message) => scope.postMessage(message));
