/**
 * An import from start to merge, as one pure function the import worker runs
 * (lib/worker/progressImport.worker.ts): read the file strictly (progressFile.ts, the same
 * messages as ever), then merge it into the learner's current data (progressMerge.ts). Nothing is
 * written here: the page stores the result through its usual save, so a refused file, or a tab
 * closed half-way, leaves what is saved as it was.
 *
 * `onProgress` hears where it is, for the page's progress bar: reading (JSON.parse, one step
 * that cannot report), checking (records checked of all records), merging.
 */
import { progressFromFile } from './progressFile';
import { mergeProgress, type MergeSummary } from './progressMerge';
import type { ProgressData } from './progressTypes';

export type ImportPhase = 'reading' | 'checking' | 'merging';

export interface ImportProgress {
  phase: ImportPhase;
  /** Records done and in all, while checking; 0 and 0 when the phase cannot count. */
  done: number;
  total: number;
}

export type PreparedImport =
  | { ok: true; data: ProgressData; summary: MergeSummary; unknown: string[] }
  | { ok: false; reason: string };

export function prepareImport(text: string, current: ProgressData, onProgress: (progress: ImportProgress) => void = () => {}): PreparedImport {
  onProgress({ phase: 'reading', done: 0, total: 0 });
  const file = progressFromFile(text, (done, total) => onProgress({ phase: 'checking', done, total }));
  if (!file.ok) return file;
  onProgress({ phase: 'merging', done: 0, total: 0 });
  const { data, summary } = mergeProgress(current, file.data);
  return { ok: true, data, summary, unknown: file.unknown };
}

/** What the page says while an import runs, e.g. "checking 40,000 of 200,000 records". */
export function describeImportProgress({ phase, done, total }: ImportProgress): string {
  if (phase === 'reading') return 'reading the file';
  if (phase === 'merging') return 'merging it with your progress';
  return total > 0 ? `checking ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records` : 'checking the records';
}
