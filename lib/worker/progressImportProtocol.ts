/**
 * Messages between the page and the import worker, and the worker's side of them. The merged
 * progress comes back in slices (REVIEWS_PER_MESSAGE reviews, MOCKS_PER_MESSAGE mock interviews,
 * PREDICTIONS_PER_MESSAGE predictions per message): the page reads each message in a task of its own, where 200,000 reviews in one
 * message took one task of well over 50 ms to deserialise. The worker also sends the merged data
 * already serialised for storage, so the page's save need not stringify it again.
 */
import { progressToEntries, type StoredEntries } from '../practice/progressKeys';
import { prepareImport, type ImportProgress } from '../practice/progressImport';
import { mergeChangesNothing, type MergeSummary } from '../practice/progressMerge';
import type { MockInterviewRecord, PredictionRecord, ProgressData, ReviewRecord } from '../practice/progressTypes';

export const REVIEWS_PER_MESSAGE = 10_000;
export const MOCKS_PER_MESSAGE = 500;
export const PREDICTIONS_PER_MESSAGE = 10_000;

export interface ImportRequest {
  text: string;
  current: ProgressData;
}

/** What the page posts: the file itself (read in the worker, so its text is never copied across) or its text. */
export interface ImportWorkerRequest {
  file: Blob | string;
  current: ProgressData;
}

export type ImportMessage =
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'refused'; reason: string }
  /** The file itself could not be read (the browser's message). */
  | { kind: 'unreadable'; message: string }
  | { kind: 'reviews'; reviews: ReviewRecord[] }
  | { kind: 'mocks'; mocks: MockInterviewRecord[] }
  | { kind: 'predictions'; predictions: PredictionRecord[] }
  /**
   * The rest of the merged data; `changed` false means merging changed nothing (no slices were
   * sent). `sameReviews`/`sameMocks`/`samePredictions`: that list is the page's own, unchanged, so
   * it was not sent.
   */
  | { kind: 'done'; changed: boolean; sameReviews: boolean; sameMocks: boolean; samePredictions: boolean; summary: MergeSummary; unknown: string[]; cards: ProgressData['cards']; settings: ProgressData['settings']; serialized: StoredEntries | null };

/** The worker's whole job: read the file, then runImportRequest. */
export async function runImportWorkerRequest({ file, current }: ImportWorkerRequest, post: (message: ImportMessage) => void): Promise<void> {
  let text: string;
  try {
    text = typeof file === 'string' ? file : await file.text();
  } catch (error) {
    post({ kind: 'unreadable', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  runImportRequest({ text, current }, post);
}

/** Checks and merges one file's text, posting progress, then the result. */
export function runImportRequest(request: ImportRequest, post: (message: ImportMessage) => void): void {
  let last = 0;
  const result = prepareImport(request.text, request.current, (progress) => {
    // Enough to move the bar smoothly, few enough that the page is not kept busy reading them.
    if (progress.phase === 'checking' && progress.done !== progress.total && progress.done - last < 5000) return;
    last = progress.done;
    post({ kind: 'progress', progress });
  });
  if (!result.ok) {
    post({ kind: 'refused', reason: result.reason });
    return;
  }
  const { data, summary, unknown } = result;
  const changed = !mergeChangesNothing(summary);
  const sameReviews = data.reviews === request.current.reviews;
  const sameMocks = data.mocks === request.current.mocks;
  const samePredictions = data.predictions === request.current.predictions;
  if (changed && !sameReviews) for (let i = 0; i < data.reviews.length; i += REVIEWS_PER_MESSAGE) post({ kind: 'reviews', reviews: data.reviews.slice(i, i + REVIEWS_PER_MESSAGE) });
  if (changed && !sameMocks) for (let i = 0; i < data.mocks.length; i += MOCKS_PER_MESSAGE) post({ kind: 'mocks', mocks: data.mocks.slice(i, i + MOCKS_PER_MESSAGE) });
  if (changed && !samePredictions) for (let i = 0; i < data.predictions.length; i += PREDICTIONS_PER_MESSAGE) post({ kind: 'predictions', predictions: data.predictions.slice(i, i + PREDICTIONS_PER_MESSAGE) });
  post({ kind: 'done', changed, sameReviews, sameMocks, samePredictions, summary, unknown, cards: data.cards, settings: data.settings, serialized: changed ? progressToEntries(data) : null });
}
