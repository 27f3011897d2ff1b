/**
 * Reading a fake storage the way a person's next visit would, without changing it: the stored
 * progress as a page would load it, and the keyed form's values (set-aside copies left out).
 */
import { isProgressPartKey, PROGRESS_KEY, type StoredEntries } from '../../lib/practice/progressKeys';
import { loadProgress } from '../../lib/practice/progressStorage';
import type { ProgressData } from '../../lib/practice/progressTypes';
import { memoryStorage, type MemoryStorage } from './memoryStorage';

/** What a fresh page would read from `storage` (a copy is read, so `storage` is not touched). */
export function storedProgress(storage: MemoryStorage): ProgressData {
  return loadProgress(memoryStorage(Object.fromEntries(storage.map)), '2026-01-01T00:00:00.000Z').data;
}

/** The index and every value of the keyed form, as stored. */
export function keyedForm(storage: MemoryStorage): StoredEntries {
  const entries: StoredEntries = {};
  for (const [key, value] of [...storage.map].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (key === PROGRESS_KEY || isProgressPartKey(key)) entries[key] = value;
  return entries;
}
