/**
 * Reading and writing progress in the browser's localStorage, guarded: every call can throw
 * there (private mode, a full quota, storage switched off), and what is stored can be anything
 * (an old version, another site's data, a half-written value edited by hand).
 *
 * Why localStorage rather than IndexedDB: progress is small (20,000 reviews are about 2 MB of
 * JSON, under the 5 MB a site gets), it is read synchronously right after the page mounts so the
 * numbers appear without an extra async step, and its `storage` event tells other tabs about a
 * write, which is how two open tabs keep each other's reviews (see saveProgress).
 *
 * Rules: data that cannot be read whole is copied aside under its own key before anything is
 * written over it, and is never deleted here; if it cannot be copied aside, nothing is written
 * at all and progress lives only in memory for this visit. "Whole" includes fields this version
 * does not use (progressSchema.ts, `unknown`): a write would drop them, so they are kept aside
 * first too. Each problem becomes one notice the page shows, however often storage is read
 * (mergeNotices).
 */
import { mergeProgress, mergeChangesNothing } from './progressMerge';
import { migrateProgress } from './progressMigrations';
import { checkProgress } from './progressSchema';
import { emptyProgress, PROGRESS_VERSION, type ProgressData } from './progressTypes';

/** The part of the Web Storage API used here, so tests can hand in a fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

export const PROGRESS_KEY = 'attention-lab:progress';
export const SET_ASIDE_PREFIX = 'attention-lab:progress:set-aside:';

export type StorageNotice =
  /** Storage cannot be used at all: practice works for this visit only. */
  | { kind: 'unavailable'; detail: string }
  /** A write failed for lack of space: the latest answers are only in memory. */
  | { kind: 'full'; detail: string }
  /**
   * Stored data could not be read whole; the original is kept under `key`. `unknownFields`: what
   * was left out is only fields this version does not use (the rest is all there).
   */
  | { kind: 'setAside'; key: string; reason: string; problems: string[]; salvaged: boolean; unknownFields?: boolean }
  /**
   * Stored data could not be read whole and could not be copied aside, so it is left untouched.
   * `reason` is the same each time the same data is read; `detail` (the browser's error) need not be.
   */
  | { kind: 'notSetAside'; reason: string; detail: string; problems: string[] };

/**
 * `existing` plus those of `incoming` that say something new. Storage is read again on every other
 * tab's write, and each read reports the same trouble afresh (with a new time in the error text):
 * one notice per problem, not one per read.
 */
export function mergeNotices(existing: readonly StorageNotice[], incoming: readonly StorageNotice[]): StorageNotice[] {
  const known = new Set(existing.map(noticeIdentity));
  const merged = [...existing];
  for (const notice of incoming) {
    const id = noticeIdentity(notice);
    if (known.has(id)) continue;
    known.add(id);
    merged.push(notice);
  }
  return merged;
}

/** What makes two notices the same news: the copy they point at, the data they are about, or just their kind. */
function noticeIdentity(notice: StorageNotice): string {
  if (notice.kind === 'setAside') return `setAside:${notice.key}`;
  if (notice.kind === 'notSetAside') return `notSetAside:${notice.reason}`;
  return notice.kind;
}

export interface LoadResult {
  data: ProgressData;
  notices: StorageNotice[];
  /** False when writing would destroy data that is not yet safe elsewhere, or cannot work. */
  writable: boolean;
}

/** The envelope zustand's persist middleware reads and writes: `{ state, version }`. */
export interface StoredEnvelope {
  state: { data: ProgressData };
  version: number;
}

export function serializeProgress(data: ProgressData): string {
  const envelope: StoredEnvelope = { state: { data }, version: PROGRESS_VERSION };
  return JSON.stringify(envelope);
}

export type ParsedProgress =
  | { ok: true; data: ProgressData; problems: string[]; unknown: string[]; migratedFrom: number }
  | { ok: false; reason: string; problems: string[] };

/** A stored string → progress at the current version, with whatever had to be dropped. */
export function parseStoredProgress(raw: string): ParsedProgress {
  const json = readStoredJson(raw);
  return json.ok ? checkStoredValue(json.value) : json;
}

/** The first half of parseStoredProgress: JSON.parse alone (one step that cannot be split). */
function readStoredJson(raw: string): { ok: true; value: unknown } | { ok: false; reason: string; problems: string[] } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, reason: `the saved progress is not valid JSON (${(error as Error).message})`, problems: [] };
  }
}

/** The second half: the envelope, migration and checks of the parsed value. */
function checkStoredValue(parsed: unknown): ParsedProgress {
  const envelope = parsed as Partial<StoredEnvelope> | null;
  const data = typeof envelope === 'object' && envelope !== null && typeof envelope.state === 'object' && envelope.state !== null ? (envelope.state as { data?: unknown }).data : undefined;
  if (data === undefined) return { ok: false, reason: 'the saved value is not progress saved by this site', problems: [] };
  const migrated = migrateProgress(data);
  if (!migrated.ok) return { ok: false, reason: migrated.reason, problems: [] };
  const checked = checkProgress(migrated.value);
  if (!checked.data) return { ok: false, reason: 'the saved progress has the wrong shape', problems: checked.problems };
  return { ok: true, data: checked.data, problems: checked.problems, unknown: checked.unknown, migratedFrom: migrated.from };
}

/** Why a stored value must be set aside before it is written over, or null when nothing would be lost. */
function lossOf(parsed: ParsedProgress): { reason: string; problems: string[]; unknownFields: boolean } | null {
  if (!parsed.ok) return { reason: parsed.reason, problems: parsed.problems, unknownFields: false };
  const { problems, unknown } = parsed;
  if (problems.length > 0) {
    const unknownNote = unknown.map((field) => `${field} is not a field this version uses; left out`);
    return { reason: `${problems.length} saved record${problems.length === 1 ? ' was' : 's were'} damaged and left out`, problems: [...problems, ...unknownNote], unknownFields: false };
  }
  if (unknown.length === 0) return null;
  const listed = unknown.slice(0, 4).join(', ') + (unknown.length > 4 ? ` and ${unknown.length - 4} more` : '');
  return { reason: `its fields ${listed} are not used by this version of the site, so they are left out`, problems: [], unknownFields: true };
}

/**
 * What one page (one store) last read or wrote. If storage still holds exactly that string, no
 * other tab has written since, so a save can skip parsing and merging what is stored: at 20,000
 * reviews that is most of the cost of a write (npm run bench). Each store keeps its own; without
 * one, every save reads and merges.
 */
export interface StorageSession {
  lastRaw: string | null;
  /**
   * The data that holds exactly what `lastRaw` holds, when the page has it: a save of that very
   * object while storage still holds `lastRaw` has nothing to write and skips serialising it.
   */
  lastData?: ProgressData | null;
  /**
   * `data` already serialised elsewhere (the import worker does it for a large import): a save of
   * that very object writes `raw` instead of stringifying megabytes on the main thread again.
   */
  prepared?: { data: ProgressData; raw: string } | null;
}

/** `serializeProgress(data)`, or the session's copy of it when it has one. */
function serializeFor(data: ProgressData, session: StorageSession | undefined): string {
  return session?.prepared?.data === data ? session.prepared.raw : serializeProgress(data);
}

export function loadProgress(storage: KeyValueStorage | null, now: string, session?: StorageSession): LoadResult {
  if (!storage) return { data: emptyProgress(), notices: [{ kind: 'unavailable', detail: 'this browser gives the page no storage' }], writable: false };
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch (error) {
    return { data: emptyProgress(), notices: [{ kind: 'unavailable', detail: describe(error) }], writable: false };
  }
  if (raw === null) return { data: emptyProgress(), notices: [], writable: true };
  const parsed = parseStoredProgress(raw);
  const loss = lossOf(parsed);
  if (parsed.ok && loss === null) {
    if (parsed.migratedFrom === PROGRESS_VERSION && session) {
      session.lastRaw = raw;
      session.lastData = parsed.data;
    }
    // An upgrade rewrites the stored value; keep the old one until the learner clears it.
    if (parsed.migratedFrom !== PROGRESS_VERSION) {
      const kept = setAside(storage, raw, now, `before-upgrade-from-v${parsed.migratedFrom}`);
      if (!kept.ok) return { data: parsed.data, notices: [{ kind: 'notSetAside', reason: 'progress saved by an older version could not be backed up before upgrading', detail: kept.detail, problems: [] }], writable: false };
    }
    return { data: parsed.data, notices: [], writable: true };
  }
  const { reason, problems, unknownFields } = loss!;
  const kept = setAside(storage, raw, now, unknownFields ? 'unknown-fields' : 'unreadable');
  const data = parsed.ok ? parsed.data : emptyProgress();
  if (!kept.ok) return { data, notices: [{ kind: 'notSetAside', reason: `${reason}; it could not be copied aside, so it is left as it is`, detail: kept.detail, problems }], writable: false };
  const notices: StorageNotice[] = [{ kind: 'setAside', key: kept.key, reason, problems, salvaged: parsed.ok, ...(unknownFields ? { unknownFields } : {}) }];
  // The copy is safe, so the damaged value can go: left in place, the next save would find it
  // and set it aside a second time (and on a nearly full storage, fail for good).
  try {
    storage.removeItem(PROGRESS_KEY);
    const replacement = serializeProgress(data);
    storage.setItem(PROGRESS_KEY, replacement);
    if (session) {
      session.lastRaw = replacement;
      session.lastData = data;
    }
  } catch (error) {
    notices.push(isQuotaError(error) ? { kind: 'full', detail: describe(error) } : { kind: 'unavailable', detail: describe(error) });
  }
  return { data, notices, writable: true };
}

/** What loadProgressInSteps gives: `raw` is what storage holds that `data` holds all of (null: nothing known). */
export interface SteppedLoadResult extends LoadResult {
  raw: string | null;
}

/**
 * loadProgress with a pause between JSON.parse and the checks, so that at 20,000 reviews (2.4 MB)
 * neither half makes a long task of its own on the page (issue 13: each under 50 ms). Nothing is
 * written to a session: the caller records `raw` once `data` is in its state, since a save made
 * in the pause must still read and merge what storage holds. Stored data that needs writing
 * (an upgrade's backup, data set aside) is rare: that path reads storage again and runs
 * loadProgress as it is, so its writes start from what storage holds after the pause.
 */
export async function loadProgressInSteps(storage: KeyValueStorage | null, now: string, pause: () => Promise<void>): Promise<SteppedLoadResult> {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    raw = null;
  }
  if (storage && raw !== null) {
    const json = readStoredJson(raw);
    await pause();
    const parsed = json.ok ? checkStoredValue(json.value) : json;
    if (parsed.ok && parsed.migratedFrom === PROGRESS_VERSION && lossOf(parsed) === null) return { data: parsed.data, notices: [], writable: true, raw };
  }
  const session: StorageSession = { lastRaw: null };
  return { ...loadProgress(storage, now, session), raw: session.lastRaw };
}

export interface SaveResult {
  /** What was written (or would have been): `data` merged with anything another tab stored. */
  data: ProgressData;
  /** True when the merge brought in records `data` did not have. */
  changed: boolean;
  notices: StorageNotice[];
  ok: boolean;
}

/**
 * Writes `data`, first merging in whatever is stored now: another tab may have saved reviews
 * since this one loaded, and a blind write would erase them.
 */
export function saveProgress(storage: KeyValueStorage | null, data: ProgressData, now: string, session?: StorageSession): SaveResult {
  if (!storage) return { data, changed: false, notices: [{ kind: 'unavailable', detail: 'this browser gives the page no storage' }], ok: false };
  let merged = data;
  let changed = false;
  const notices: StorageNotice[] = [];
  try {
    const raw = storage.getItem(PROGRESS_KEY);
    if (raw !== null && session && raw === session.lastRaw) {
      // Unchanged since this page's last read or write: `data` already holds all of it.
      if (data === session.lastData) return { data, changed: false, notices, ok: true };
      const serialized = serializeFor(data, session);
      if (serialized !== raw) {
        storage.setItem(PROGRESS_KEY, serialized);
        session.lastRaw = serialized;
      }
      session.lastData = data;
      return { data, changed: false, notices, ok: true };
    }
    if (raw !== null) {
      const stored = parseStoredProgress(raw);
      const loss = lossOf(stored);
      if (stored.ok && loss === null) {
        const result = mergeProgress(data, stored.data);
        merged = result.data;
        changed = !mergeChangesNothing(result.summary);
        // Nothing here that storage lacks: writing would only wake other tabs for nothing (and
        // each would answer with a write of its own).
        if (mergeChangesNothing(mergeProgress(stored.data, data).summary)) {
          if (session) {
            session.lastRaw = raw;
            session.lastData = changed ? null : data;
          }
          return { data: merged, changed, notices, ok: true };
        }
      } else {
        const { reason, problems, unknownFields } = loss!;
        const kept = setAside(storage, raw, now, unknownFields ? 'unknown-fields' : 'unreadable');
        if (!kept.ok) return { data, changed: false, notices: [{ kind: 'notSetAside', reason: `${reason}; it could not be copied aside`, detail: kept.detail, problems }], ok: false };
        if (stored.ok) {
          const result = mergeProgress(data, stored.data);
          merged = result.data;
          changed = !mergeChangesNothing(result.summary);
        }
        notices.push({ kind: 'setAside', key: kept.key, reason, problems, salvaged: stored.ok, ...(unknownFields ? { unknownFields } : {}) });
      }
    }
    const serialized = serializeFor(merged, session);
    storage.setItem(PROGRESS_KEY, serialized);
    // Only when the caller's data already holds everything written: until it takes in the merge,
    // the next save must read and merge again.
    if (session) {
      session.lastRaw = changed ? null : serialized;
      session.lastData = changed ? null : data;
    }
    return { data: merged, changed, notices, ok: true };
  } catch (error) {
    const full = isQuotaError(error);
    notices.push(full ? { kind: 'full', detail: describe(error) } : { kind: 'unavailable', detail: describe(error) });
    return { data: merged, changed, notices, ok: false };
  }
}

export interface SetAsideEntry {
  key: string;
  /** When it was set aside, from the key. */
  savedAt: string;
  characters: number;
}

export function listSetAside(storage: KeyValueStorage | null): SetAsideEntry[] {
  if (!storage) return [];
  const entries: SetAsideEntry[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(SET_ASIDE_PREFIX)) continue;
      entries.push({ key, savedAt: key.slice(SET_ASIDE_PREFIX.length).split('~')[0], characters: storage.getItem(key)?.length ?? 0 });
    }
  } catch {
    return entries;
  }
  return entries.sort((a, b) => (a.key < b.key ? -1 : 1));
}

function setAside(storage: KeyValueStorage, raw: string, now: string, label = 'unreadable'): { ok: true; key: string } | { ok: false; detail: string } {
  let key = `${SET_ASIDE_PREFIX}${now}~${label}`;
  try {
    // Two problems in the same millisecond must not overwrite each other.
    for (let n = 2; storage.getItem(key) !== null; n++) key = `${SET_ASIDE_PREFIX}${now}~${label}-${n}`;
    storage.setItem(key, raw);
    return { ok: true, key };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  // Chrome and Safari say QuotaExceededError (code 22); old Firefox said NS_ERROR_DOM_QUOTA_REACHED (1014).
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
