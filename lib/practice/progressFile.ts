/**
 * Progress as a file the learner keeps: export writes it, import reads it back. Import is strict
 * (a file with any problem is refused, with the reason, and changes nothing) because the learner
 * is there to choose another file, unlike stored data, which is salvaged. It also reads the raw
 * stored value that a notice offers for download, so set-aside data can be brought back.
 */
import { migrateProgress } from './progressMigrations';
import { checkProgress } from './progressSchema';
import { parseStoredProgress } from './progressStorage';
import type { ProgressData } from './progressTypes';
import { jsonErrorText } from './jsonErrorText';

export const PROGRESS_FILE_FORMAT = 'attention-lab-progress';
/** 20,000 reviews are about 2 MB; a file many times that is not one this site wrote. */
export const MAX_PROGRESS_FILE_BYTES = 50 * 1024 * 1024;

export interface ProgressFile {
  format: typeof PROGRESS_FILE_FORMAT;
  exportedAt: string;
  progress: ProgressData;
}

export function progressToFile(data: ProgressData, exportedAt: string): string {
  const file: ProgressFile = { format: PROGRESS_FILE_FORMAT, exportedAt, progress: data };
  return `${JSON.stringify(file, null, 1)}\n`;
}

export function progressFileName(exportedAt: string): string {
  return `attention-lab-progress-${exportedAt.slice(0, 10)}.json`;
}

/** `unknown`: fields the file has that this version does not use, left out (progressSchema.ts); the file keeps them. */
export type ImportResult = { ok: true; data: ProgressData; unknown: string[] } | { ok: false; reason: string };

/** `onProgress`: records checked so far, of all (see checkProgress). */
export function progressFromFile(text: string, onProgress?: (done: number, total: number) => void): ImportResult {
  if (text.length > MAX_PROGRESS_FILE_BYTES) return { ok: false, reason: `the file is ${(text.length / 1048576).toFixed(0)} MB, too large to be progress from this site` };
  let parsed: unknown;
  try {
    text = text.replace(/^\uFEFF/, '');
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      reason: `the file is not JSON (${jsonErrorText(text, error)}). If it is data the site set aside because it could not be read, it was damaged before it was set aside: a text editor may rescue part of it, or import an export you saved earlier`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'the file is not a progress export from Attention Lab' };
  const record = parsed as Record<string, unknown>;
  if (Object.hasOwn(record, 'state') && !Object.hasOwn(record, 'format')) {
    // Data downloaded from a "set aside" notice: the stored value as it was.
    const stored = parseStoredProgress(text);
    if (!stored.ok) return { ok: false, reason: stored.reason + (stored.problems.length ? `: ${stored.problems.slice(0, 3).join('; ')}` : '') };
    if (stored.problems.length > 0) return { ok: false, reason: describeProblems(stored.problems) };
    return { ok: true, data: stored.data, unknown: stored.unknown };
  }
  if (record.format !== PROGRESS_FILE_FORMAT) return { ok: false, reason: `the file is not a progress export from Attention Lab (its "format" is ${JSON.stringify(record.format) ?? 'missing'})` };
  const migrated = migrateProgress(record.progress);
  if (!migrated.ok) return { ok: false, reason: migrated.reason };
  const checked = checkProgress(migrated.value, onProgress);
  if (!checked.data) return { ok: false, reason: describeProblems(checked.problems) };
  if (checked.problems.length > 0) return { ok: false, reason: describeProblems(checked.problems) };
  return { ok: true, data: checked.data, unknown: checked.unknown };
}

function describeProblems(problems: string[]): string {
  const shown = problems.slice(0, 3).map((p) => p.replace(/; dropped$/, ''));
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return `the file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${shown.join('; ')}${more}`;
}
