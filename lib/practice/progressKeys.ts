/**
 * Progress as localStorage holds it since stored form 5: many small values instead of one, so
 * that an answer rewrites a few KB rather than the whole log (at 20,000 reviews the single value
 * was 2.4 MB, and each rating stringified and wrote all of it: a 110 ms main-thread task).
 *
 *  - `attention-lab:progress`: the index, `{ state: { data: ProgressIndex }, version: 5 }`:
 *    a stamp per question, mock month, the predictions and the settings. It is written last, so
 *    it also marks a finished save; the envelope makes a tab still running stored form 4 refuse it
 *    as "saved by a newer version" (and set it aside) rather than read it as empty.
 *  - `attention-lab:progress:q:<id>`: `{ card, reviews }`, one question's card and its log.
 *  - `attention-lab:progress:mocks:<yyyy-mm>`: the mock interviews started that month.
 *  - `attention-lab:progress:settings` and `attention-lab:progress:predictions`.
 *
 * Settings and predictions have keys of their own (not the index, as first designed): a tab on
 * the old code overwrites the index with its whole value, and nothing of the new form may sit
 * where that write lands. Records keep every field they have in ProgressData (a review keeps its
 * questionId), so each value is checked by checkProgress as it is.
 *
 * A reader trusts the values over the index: it finds them by listing storage's keys, and a
 * stamp only tells which values changed since a reader last saw the index.
 */
import { checkProgress, compareReviews } from './progressSchema';
import { emptyProgress, PROGRESS_VERSION, type MockInterviewRecord, type PredictionRecord, type PracticeSettings, type ProgressData, type ReviewCard, type ReviewRecord } from './progressTypes';

export const PROGRESS_KEY = 'attention-lab:progress';
/** The stored form of the index and its values; ProgressData itself (files, memory) stays version 4. */
export const STORED_FORM_VERSION = 5;
export const QUESTION_PREFIX = `${PROGRESS_KEY}:q:`;
export const MOCKS_PREFIX = `${PROGRESS_KEY}:mocks:`;
export const SETTINGS_KEY = `${PROGRESS_KEY}:settings`;
export const PREDICTIONS_KEY = `${PROGRESS_KEY}:predictions`;

export const questionKey = (id: string) => `${QUESTION_PREFIX}${id}`;
export const monthKey = (month: string) => `${MOCKS_PREFIX}${month}`;
export const monthOf = (mock: MockInterviewRecord) => mock.startedAt.slice(0, 7);

/** A value of the keyed form, or the index (set-aside copies and other sites' keys are not). */
export function isProgressPartKey(key: string): boolean {
  return key.startsWith(QUESTION_PREFIX) || key.startsWith(MOCKS_PREFIX) || key === SETTINGS_KEY || key === PREDICTIONS_KEY;
}

/** [reviews, last reviewedAt] of a question; [mocks, latest startedAt] of a month. */
export type Stamp = [number, string | null];

export interface ProgressIndex {
  version: typeof STORED_FORM_VERSION;
  questions: Record<string, Stamp>;
  mocks: Record<string, Stamp>;
  predictions: Stamp;
  /** settings.updatedAt */
  settings: string;
}

/** Key → stored string; the index, when present, is written after every other key. */
export type StoredEntries = Record<string, string>;

/** Each question's reviews, in log order. */
export function reviewsByQuestion(reviews: readonly ReviewRecord[]): Map<string, ReviewRecord[]> {
  const byId = new Map<string, ReviewRecord[]>();
  for (const r of reviews) {
    const log = byId.get(r.questionId);
    if (log) log.push(r);
    else byId.set(r.questionId, [r]);
  }
  return byId;
}

export function mocksByMonth(mocks: readonly MockInterviewRecord[]): Map<string, MockInterviewRecord[]> {
  const byMonth = new Map<string, MockInterviewRecord[]>();
  for (const m of mocks) {
    const month = monthOf(m);
    const list = byMonth.get(month);
    if (list) list.push(m);
    else byMonth.set(month, [m]);
  }
  return byMonth;
}

export function questionValue(card: ReviewCard | undefined, reviews: readonly ReviewRecord[]): string {
  return JSON.stringify({ card: card ?? null, reviews });
}

export function indexOf(data: ProgressData): ProgressIndex {
  const questions: Record<string, Stamp> = {};
  const stamp = (record: Record<string, Stamp>, key: string, at: string) => {
    const s = Object.hasOwn(record, key) ? record[key] : null;
    if (s) {
      s[0]++;
      if (s[1] === null || at > s[1]) s[1] = at;
    } else Object.defineProperty(record, key, { value: [1, at] as Stamp, enumerable: true, writable: true, configurable: true });
  };
  for (const id of Object.keys(data.cards)) Object.defineProperty(questions, id, { value: [0, null] as Stamp, enumerable: true, writable: true, configurable: true });
  for (const r of data.reviews) stamp(questions, r.questionId, r.reviewedAt);
  const mocks: Record<string, Stamp> = {};
  for (const m of data.mocks) stamp(mocks, monthOf(m), m.startedAt);
  const last = data.predictions.at(-1);
  // In key order, so that the same data always gives the same index, however its cards were put together.
  return { version: STORED_FORM_VERSION, questions: sortedKeys(questions), mocks: sortedKeys(mocks), predictions: [data.predictions.length, last?.predictedAt ?? null], settings: data.settings.updatedAt };
}

function sortedKeys(record: Record<string, Stamp>): Record<string, Stamp> {
  const sorted: Record<string, Stamp> = {};
  for (const key of Object.keys(record).sort()) Object.defineProperty(sorted, key, { value: record[key], enumerable: true, writable: true, configurable: true });
  return sorted;
}

export function indexValue(data: ProgressData): string {
  return JSON.stringify({ state: { data: indexOf(data) }, version: STORED_FORM_VERSION });
}

/**
 * The values of `keys` (any of the keyed form's, the index included) for `data`. A question or
 * month with nothing in `data` gets no value (it is left as stored).
 */
export function entriesFor(data: ProgressData, keys: Iterable<string>): StoredEntries {
  const wanted = [...keys];
  const entries: StoredEntries = {};
  const questions = wanted.filter((k) => k.startsWith(QUESTION_PREFIX));
  // One pass over the log for many questions; a filter for a few (a rating is one).
  const logs = questions.length > 8 ? reviewsByQuestion(data.reviews) : null;
  const months = wanted.some((k) => k.startsWith(MOCKS_PREFIX)) ? mocksByMonth(data.mocks) : null;
  for (const key of wanted) {
    if (key.startsWith(QUESTION_PREFIX)) {
      const id = key.slice(QUESTION_PREFIX.length);
      const card = Object.hasOwn(data.cards, id) ? data.cards[id] : undefined;
      const log = logs ? (logs.get(id) ?? []) : data.reviews.filter((r) => r.questionId === id);
      if (card || log.length > 0) entries[key] = questionValue(card, log);
    } else if (key.startsWith(MOCKS_PREFIX)) {
      const list = months!.get(key.slice(MOCKS_PREFIX.length));
      if (list) entries[key] = JSON.stringify(list);
    } else if (key === SETTINGS_KEY) entries[key] = JSON.stringify(data.settings);
    else if (key === PREDICTIONS_KEY) entries[key] = JSON.stringify(data.predictions);
  }
  if (wanted.includes(PROGRESS_KEY)) entries[PROGRESS_KEY] = indexValue(data);
  return entries;
}

/** Every key `data` has a value under, the index last. */
export function keysOf(data: ProgressData): string[] {
  const ids = new Set(Object.keys(data.cards));
  for (const r of data.reviews) ids.add(r.questionId);
  const months = new Set(data.mocks.map(monthOf));
  return [...[...ids].map(questionKey), ...[...months].map(monthKey), SETTINGS_KEY, PREDICTIONS_KEY, PROGRESS_KEY];
}

/** The whole keyed form of `data` (the import worker makes it, off the main thread). */
export function progressToEntries(data: ProgressData): StoredEntries {
  return entriesFor(data, keysOf(data));
}

/** What the entries take in storage: browsers count the keys' characters too (about 40 a key here). */
export function entriesSize(entries: StoredEntries): number {
  let n = 0;
  for (const key in entries) n += key.length + entries[key].length;
  return n;
}

export type DecodedPart =
  | { ok: true; data: ProgressData; problems: string[]; unknown: string[] }
  | { ok: false; reason: string; problems: string[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One stored value of the keyed form (not the index), as the ProgressData it holds, checked by
 * checkProgress like any progress: a damaged record is dropped and named, a value that is not
 * the key's shape is refused. Problems are named by key, so the notice says which question.
 */
export function decodePart(key: string, raw: string): DecodedPart {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `${describeKey(key)} is not valid JSON (${(error as Error).message})`, problems: [] };
  }
  return checkPart(key, value);
}

/** The check half of decodePart, for a value already parsed. */
export function checkPart(key: string, value: unknown): DecodedPart {
  const empty = emptyProgress();
  const shaped: Record<string, unknown> = { version: PROGRESS_VERSION, cards: {}, reviews: [], mocks: [], predictions: [], settings: { ...empty.settings } };
  const problems: string[] = [];
  const unknown: string[] = [];
  if (key.startsWith(QUESTION_PREFIX)) {
    const id = key.slice(QUESTION_PREFIX.length);
    if (!isObject(value) || !Array.isArray(value.reviews) || !(value.card === null || isObject(value.card))) return { ok: false, reason: `${describeKey(key)} is not a question's card and reviews`, problems: [] };
    for (const field of Object.keys(value)) if (field !== 'card' && field !== 'reviews') unknown.push(field);
    if (value.card !== null) shaped.cards = { [id]: value.card };
    shaped.reviews = value.reviews.filter((r, i) => {
      const mine = isObject(r) && r.questionId === id;
      if (!mine) problems.push(`reviews[${i}] is not a review of ${id}; dropped`);
      return mine;
    });
  } else if (key.startsWith(MOCKS_PREFIX)) {
    if (!Array.isArray(value)) return { ok: false, reason: `${describeKey(key)} is not a list of mock interviews`, problems: [] };
    shaped.mocks = value;
  } else if (key === PREDICTIONS_KEY) {
    if (!Array.isArray(value)) return { ok: false, reason: `${describeKey(key)} is not a list of predictions`, problems: [] };
    shaped.predictions = value;
  } else if (key === SETTINGS_KEY) {
    shaped.settings = value;
  } else return { ok: false, reason: `${key} is not a key of saved progress`, problems: [] };
  const checked = checkProgress(shaped);
  if (!checked.data) return { ok: false, reason: `${describeKey(key)} has the wrong shape`, problems: checked.problems };
  const all = [...problems, ...checked.problems];
  const where = describeKey(key);
  return { ok: true, data: checked.data, problems: all.map((p) => `${where}: ${p}`), unknown: [...unknown, ...checked.unknown].map((u) => `${where}: ${u}`) };
}

/** "the saved record of question “softmax-basics”", for notices. */
export function describeKey(key: string): string {
  if (key.startsWith(QUESTION_PREFIX)) return `the saved record of question “${key.slice(QUESTION_PREFIX.length)}”`;
  if (key.startsWith(MOCKS_PREFIX)) return `the saved mock interviews of ${key.slice(MOCKS_PREFIX.length)}`;
  if (key === SETTINGS_KEY) return 'the saved settings';
  if (key === PREDICTIONS_KEY) return 'the saved predictions';
  return 'the saved progress';
}

/** The index, when `value` (the index key's parsed value) is one; null for anything else, such as a stored form 4 value. */
export function asIndex(value: unknown): ProgressIndex | null {
  const data = isObject(value) && isObject(value.state) ? value.state.data : undefined;
  if (!isObject(data) || data.version !== STORED_FORM_VERSION || !isObject(data.questions) || !isObject(data.mocks)) return null;
  return data as unknown as ProgressIndex;
}

/**
 * Keys whose stamp differs between two indexes (`before` null: every key `after` names): the
 * values to read again after another tab's save, should their own storage events have been missed.
 */
export function restampedKeys(before: ProgressIndex | null, after: ProgressIndex): string[] {
  const same = (a: Stamp | undefined, b: Stamp | undefined) => !!a && !!b && a[0] === b[0] && a[1] === b[1];
  const own = (record: Record<string, Stamp> | undefined, key: string) => (record && Object.hasOwn(record, key) ? record[key] : undefined);
  const keys: string[] = [];
  for (const id of Object.keys(after.questions)) if (!same(own(before?.questions, id), after.questions[id])) keys.push(questionKey(id));
  for (const month of Object.keys(after.mocks)) if (!same(own(before?.mocks, month), after.mocks[month])) keys.push(monthKey(month));
  if (!before || !same(before.predictions, after.predictions)) keys.push(PREDICTIONS_KEY);
  if (!before || before.settings !== after.settings) keys.push(SETTINGS_KEY);
  return keys;
}

/**
 * The ProgressData of many decoded values put together: cards joined, logs merged into one sorted
 * log, settings and predictions from their own keys. Values hold disjoint records (a question's
 * reviews are only under its key), so nothing needs merging.
 */
export function assembleParts(parts: readonly { key: string; data: ProgressData }[]): ProgressData {
  const data = emptyProgress();
  const reviews: ReviewRecord[] = [];
  const mocks: MockInterviewRecord[] = [];
  let predictions: PredictionRecord[] = [];
  let settings: PracticeSettings = data.settings;
  for (const { key, data: part } of parts) {
    for (const id of Object.keys(part.cards)) Object.defineProperty(data.cards, id, { value: part.cards[id], enumerable: true, writable: true, configurable: true });
    for (const r of part.reviews) reviews.push(r);
    for (const m of part.mocks) mocks.push(m);
    if (key === PREDICTIONS_KEY) predictions = part.predictions;
    if (key === SETTINGS_KEY) settings = part.settings;
  }
  reviews.sort(compareReviews);
  mocks.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...data, reviews, mocks, predictions, settings };
}
