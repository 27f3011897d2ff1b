/**
 * Which stored values (lib/practice/progressKeys.ts) a change to the progress touches, so that a
 * save writes those and nothing else. Found by comparing references, never by serialising: the
 * store replaces what it changes (a new card, a longer log, a new settings object) and keeps the
 * rest as it was, so a rating at 20,000 reviews costs one walk along the log, not a 2.4 MB diff.
 */
import { monthKey, monthOf, PREDICTIONS_KEY, questionKey, SETTINGS_KEY } from './progressKeys';
import type { ProgressData } from './progressTypes';

/**
 * Keys whose value differs between `before` (what storage holds) and `after`, found by comparing
 * references, never by serialising: a card replaced, a stretch of the log that is not the same
 * records (an answer appended is one question), a mock or a prediction list replaced. The index
 * is not included.
 */
export function changedKeys(before: ProgressData, after: ProgressData): Set<string> {
  const keys = new Set<string>();
  if (before.cards !== after.cards) {
    for (const id of Object.keys(after.cards)) if (!Object.hasOwn(before.cards, id) || before.cards[id] !== after.cards[id]) keys.add(questionKey(id));
    for (const id of Object.keys(before.cards)) if (!Object.hasOwn(after.cards, id)) keys.add(questionKey(id));
  }
  for (const r of differingStretch(before.reviews, after.reviews)) keys.add(questionKey(r.questionId));
  for (const m of differingStretch(before.mocks, after.mocks)) keys.add(monthKey(monthOf(m)));
  if (before.predictions !== after.predictions) keys.add(PREDICTIONS_KEY);
  if (before.settings !== after.settings) keys.add(SETTINGS_KEY);
  return keys;
}

/** The records of both lists between their common start and common end (compared by reference). */
function differingStretch<T>(a: readonly T[], b: readonly T[]): T[] {
  if (a === b) return [];
  let start = 0;
  const shorter = Math.min(a.length, b.length);
  while (start < shorter && a[start] === b[start]) start++;
  let end = 0;
  while (end < shorter - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return [...a.slice(start, a.length - end), ...b.slice(start, b.length - end)];
}
