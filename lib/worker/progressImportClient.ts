/**
 * The page's side of an import: the file and the learner's current progress go to a worker
 * (progressImport.worker.ts), which reads, checks and merges them off the main thread; its
 * progress and the merged data come back in slices, each read in a short task of its own. Where
 * no worker can be started, the same work runs here, on the main thread, as it always did.
 *
 * The outcome is what prepareImport gives (the same messages for a bad file), or `unreadable`
 * when the file itself could not be read, plus the merged data serialised for storage when the
 * worker made it.
 */
import { prepareImport, type ImportProgress, type PreparedImport } from '../practice/progressImport';
import type { MockInterviewRecord, PredictionRecord, ProgressData, ReviewRecord } from '../practice/progressTypes';
import type { StoredEntries } from '../practice/progressKeys';
import type { ImportMessage, ImportWorkerRequest } from './progressImportProtocol';

export type ImportOutcome = (PreparedImport & { serialized?: StoredEntries | null }) | { ok: false; unreadable: string };

/** The little used of a worker: tests hand in one that runs the protocol in-process. */
export interface ImportWorker {
  postMessage(request: ImportWorkerRequest): void;
  terminate(): void;
  onmessage: ((message: ImportMessage) => void) | null;
  onerror: ((error: unknown) => void) | null;
}

export function createBrowserImportWorker(): ImportWorker {
  const worker = new Worker(new URL('./progressImport.worker.ts', import.meta.url), { type: 'module' });
  const like: ImportWorker = {
    postMessage: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
  };
  worker.onmessage = (event) => like.onmessage?.(event.data as ImportMessage);
  worker.onerror = (event) => {
    event.preventDefault(); // handled: the import reports it
    like.onerror?.(event.error ?? new Error(event.message));
  };
  worker.onmessageerror = () => like.onerror?.(new Error('a message from the import worker could not be read'));
  return like;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Makes the worker; null (or a throw) runs the import on this thread instead. */
  createWorker?: (() => ImportWorker) | null;
}

export async function importProgressFile(file: Blob | string, current: ProgressData, { onProgress = () => {}, createWorker = defaultWorker() }: ImportOptions = {}): Promise<ImportOutcome> {
  let worker: ImportWorker | null = null;
  try {
    worker = createWorker ? createWorker() : null;
  } catch {
    worker = null;
  }
  if (!worker) {
    let text: string;
    try {
      text = typeof file === 'string' ? file : await file.text();
    } catch (error) {
      return { ok: false, unreadable: error instanceof Error ? error.message : String(error) };
    }
    return prepareImport(text, current, onProgress);
  }
  const w = worker;
  return new Promise<ImportOutcome>((resolve) => {
    const reviews: ReviewRecord[] = [];
    const mocks: MockInterviewRecord[] = [];
    const predictions: PredictionRecord[] = [];
    const finish = (outcome: ImportOutcome) => {
      w.onmessage = null;
      w.onerror = null;
      w.terminate();
      resolve(outcome);
    };
    w.onerror = (error) => finish({ ok: false, unreadable: `the import stopped (${error instanceof Error ? error.message : String(error)})` });
    w.onmessage = (message) => {
      switch (message.kind) {
        case 'progress':
          onProgress(message.progress);
          return;
        case 'refused':
          finish({ ok: false, reason: message.reason });
          return;
        case 'unreadable':
          finish({ ok: false, unreadable: message.message });
          return;
        case 'reviews':
          for (const r of message.reviews) reviews.push(r);
          return;
        case 'mocks':
          for (const m of message.mocks) mocks.push(m);
          return;
        case 'predictions':
          for (const p of message.predictions) predictions.push(p);
          return;
        case 'done': {
          const data: ProgressData = message.changed ? {
                version: current.version,
                cards: message.cards,
                reviews: message.sameReviews ? current.reviews : reviews,
                mocks: message.sameMocks ? current.mocks : mocks,
                predictions: message.samePredictions ? current.predictions : predictions,
                settings: message.settings,
              } : current;
          finish({ ok: true, data, summary: message.summary, unknown: message.unknown, serialized: message.serialized });
        }
      }
    };
    w.postMessage({ file, current });
  });
}

function defaultWorker(): (() => ImportWorker) | null {
  return typeof Worker === 'undefined' ? null : createBrowserImportWorker;
}
