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
 * Since stored form 5 progress is many small values (progressKeys.ts): a save writes only the
 * values that changed, the index last; a read lists the values and trusts them over the index.
 * Each value is checked, and set aside if damaged, on its own.
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
import { changedKeys } from './progressChanges';
import { asIndex, assembleParts, checkPart, decodePart, describeKey, entriesFor, indexValue, isProgressPartKey, keysOf, PROGRESS_KEY, restampedKeys, type DecodedPart, type StoredEntries } from './progressKeys';

export { PROGRESS_KEY } from './progressKeys';

/** The part of the Web Storage API used here, so tests can hand in a fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

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

/** The envelope of the single-key form (versions 1–4, and set-aside copies of it): `{ state, version }`. */
export interface StoredEnvelope {
  state: { data: ProgressData };
  version: number;
}

/** `data` in the single-key form of versions 1–4 (tests and benches make older storage with it). */
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
 * What one page (one store) last read or wrote, so a save writes only what changed and reads back
 * only keys another tab wrote meanwhile. Each store keeps its own; without one, a save reads and
 * merges every stored key and writes every key whose value differs.
 */
export interface StorageSession {
  /** The last value this page read or wrote under each key of the keyed form (index included). */
  raws: Map<string, string>;
  /**
   * The data whose keyed form is what `raws` holds: a save writes only the keys where the data
   * saved differs from it (compared by reference, progressKeys.ts changedKeys). Null: not known.
   */
  lastData?: ProgressData | null;
  /**
   * `data` already serialised elsewhere (the import worker does it for a large import): a save of
   * that very object takes its values from `entries` instead of stringifying megabytes again.
   */
  prepared?: { data: ProgressData; entries: StoredEntries } | null;
}

export function newSession(): StorageSession {
  return { raws: new Map(), lastData: null, prepared: null };
}

/** Every value of the keyed form in storage, and the index. Throws where storage does. */
interface Snapshot {
  index: string | null;
  parts: Map<string, string>;
}

function readSnapshot(storage: KeyValueStorage): Snapshot {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && isProgressPartKey(key)) keys.push(key);
  }
  const parts = new Map<string, string>();
  for (const key of keys.sort()) {
    const raw = storage.getItem(key);
    if (raw !== null) parts.set(key, raw);
  }
  return { index: storage.getItem(PROGRESS_KEY), parts };
}

/** A value that must be copied aside before it is written over or removed. */
interface Loss {
  key: string;
  raw: string;
  label: string;
  /** null: an upgrade's backup, which is no news to the learner. */
  notice: { reason: string; problems: string[]; salvaged: boolean; unknownFields: boolean } | null;
}

/** A snapshot read: the data, and what has to happen in storage before it is written. */
interface Decoded {
  data: ProgressData;
  losses: Loss[];
  /** The keys to write after the losses are kept aside (the index last); empty when storage is as it should be. */
  rewrite: string[];
}

/** The first step of reading storage: JSON.parse of every value (the cost that grows with the log). */
function parseSnapshot(snapshot: Snapshot): { index: ReturnType<typeof readStoredJson> | null; parts: Map<string, ReturnType<typeof readStoredJson>> } {
  const parts = new Map<string, ReturnType<typeof readStoredJson>>();
  for (const [key, raw] of snapshot.parts) parts.set(key, readStoredJson(raw));
  return { index: snapshot.index === null ? null : readStoredJson(snapshot.index), parts };
}

type Checked = { key: string; data: ProgressData }[];

/** The second step: each value checked on its own, so a damaged one costs only itself. */
function checkSnapshot(snapshot: Snapshot, parsed: ReturnType<typeof parseSnapshot>): { parts: Checked; losses: Loss[]; legacy: ParsedProgress | null; indexOk: boolean } {
  const parts: Checked = [];
  const losses: Loss[] = [];
  for (const [key, json] of parsed.parts) {
    const raw = snapshot.parts.get(key)!;
    const part = json.ok ? checkPart(key, json.value) : { ok: false as const, reason: `${describeKey(key)} is not valid JSON`, problems: [] };
    if (part.ok) parts.push({ key, data: part.data });
    const loss = lossOfPart(part);
    if (loss) losses.push({ key, raw, label: loss.unknownFields ? 'unknown-fields' : 'unreadable', notice: loss });
  }
  let legacy: ParsedProgress | null = null;
  let indexOk = false;
  if (parsed.index && snapshot.index !== null) {
    const json = parsed.index;
    if (json.ok && asIndex(json.value)) indexOk = true;
    else {
      // Not an index: a value of the single-key form (an older version's, or one a tab still on
      // old code wrote over the index), or something damaged.
      legacy = json.ok ? checkStoredValue(json.value) : json;
      const loss = lossOf(legacy);
      if (loss) losses.push({ key: PROGRESS_KEY, raw: snapshot.index, label: loss.unknownFields ? 'unknown-fields' : 'unreadable', notice: { ...loss, salvaged: legacy.ok } });
      else if (legacy.ok) losses.push({ key: PROGRESS_KEY, raw: snapshot.index, label: `before-upgrade-from-v${legacy.migratedFrom}`, notice: null });
    }
  }
  return { parts, losses, legacy, indexOk };
}

/** The last step: the values put together, with a single-key value's records merged in. */
function assembleSnapshot(snapshot: Snapshot, checked: ReturnType<typeof checkSnapshot>): Decoded {
  let data = assembleParts(checked.parts);
  if (checked.legacy?.ok) data = checked.parts.length === 0 ? checked.legacy.data : mergeProgress(data, checked.legacy.data).data;
  const { losses } = checked;
  let rewrite: string[] = [];
  if (checked.legacy || (!checked.indexOk && snapshot.index !== null)) rewrite = keysOf(data);
  else if (losses.length > 0) rewrite = [...losses.map((l) => l.key), PROGRESS_KEY];
  // No index but values (a save cut short, or the index removed): the values are the truth; the index is rebuilt.
  else if (snapshot.index === null && snapshot.parts.size > 0) rewrite = [PROGRESS_KEY];
  return { data, losses, rewrite };
}

function decodeSnapshot(snapshot: Snapshot): Decoded {
  return assembleSnapshot(snapshot, checkSnapshot(snapshot, parseSnapshot(snapshot)));
}

/**
 * Why one value must be set aside, or null. `salvaged` is always true: whatever became of this
 * value, the rest of the learner's progress is in other keys and was kept, which is what the
 * notice tells them ("Everything else was kept", not "you start from an empty record").
 */
function lossOfPart(part: DecodedPart): { reason: string; problems: string[]; salvaged: boolean; unknownFields: boolean } | null {
  const loss = lossOf(part.ok ? { ...part, migratedFrom: PROGRESS_VERSION } : part);
  return loss ? { ...loss, salvaged: true } : null;
}

/**
 * Storage as the snapshot says, then what `decoded` needs: each lost value copied aside (all of
 * them first; if one cannot be, nothing is written), then the values rewritten, the index last.
 */
function settle(storage: KeyValueStorage, snapshot: Snapshot, decoded: Decoded, now: string, session: StorageSession): LoadResult {
  const { data, losses, rewrite } = decoded;
  const notices: StorageNotice[] = [];
  const before = new Map<string, string | null>([[PROGRESS_KEY, snapshot.index], ...snapshot.parts]);
  for (const loss of losses) {
    const kept = setAside(storage, loss.raw, now, loss.label);
    if (!kept.ok) {
      const notice: StorageNotice = loss.notice
        ? { kind: 'notSetAside', reason: `${loss.notice.reason}; it could not be copied aside, so it is left as it is`, detail: kept.detail, problems: loss.notice.problems }
        : { kind: 'notSetAside', reason: 'progress saved by an older version could not be backed up before upgrading', detail: kept.detail, problems: [] };
      return { data, notices: [...notices, notice], writable: false };
    }
    if (loss.notice) notices.push({ kind: 'setAside', key: kept.key, reason: loss.notice.reason, problems: loss.notice.problems, salvaged: loss.notice.salvaged, ...(loss.notice.unknownFields ? { unknownFields: true } : {}) });
  }
  session.raws = new Map([...before].filter((e): e is [string, string] => e[1] !== null));
  session.lastData = data;
  if (rewrite.length === 0) return { data, notices, writable: true };
  try {
    // The copies are safe, so the damaged values can go: left in place, the next read would set
    // them aside again (and on a nearly full storage, the rewrite would fail for good).
    for (const loss of losses) {
      storage.removeItem(loss.key);
      before.set(loss.key, null);
      session.raws.delete(loss.key);
    }
    const values = entriesFor(data, rewrite);
    writeAll(storage, values, before);
    for (const [key, value] of Object.entries(values)) session.raws.set(key, value);
  } catch (error) {
    session.lastData = null;
    notices.push(isQuotaError(error) ? { kind: 'full', detail: describe(error) } : { kind: 'unavailable', detail: describe(error) });
  }
  return { data, notices, writable: true };
}

/**
 * Writes `values` in their order (the index last), skipping those storage already holds. If one
 * write fails, the ones made are undone (to `before`), so that a save is all or nothing: an
 * import that does not fit leaves storage as it was. Then rethrows.
 */
function writeAll(storage: KeyValueStorage, values: StoredEntries, before: ReadonlyMap<string, string | null>): void {
  const done: string[] = [];
  try {
    for (const key of Object.keys(values)) {
      if (before.get(key) === values[key]) continue;
      storage.setItem(key, values[key]);
      done.push(key);
    }
  } catch (error) {
    for (const key of done.reverse()) {
      try {
        const old = before.get(key);
        if (old === null || old === undefined) storage.removeItem(key);
        else storage.setItem(key, old);
      } catch {
        // Undoing a write frees space or restores what fitted before; if even that fails there is nothing more to try.
      }
    }
    throw error;
  }
}

export function loadProgress(storage: KeyValueStorage | null, now: string, session: StorageSession = newSession()): LoadResult {
  if (!storage) return { data: emptyProgress(), notices: [{ kind: 'unavailable', detail: 'this browser gives the page no storage' }], writable: false };
  let snapshot: Snapshot;
  try {
    snapshot = readSnapshot(storage);
  } catch (error) {
    return { data: emptyProgress(), notices: [{ kind: 'unavailable', detail: describe(error) }], writable: false };
  }
  if (snapshot.index === null && snapshot.parts.size === 0) {
    session.raws = new Map();
    session.lastData = null;
    return { data: emptyProgress(), notices: [], writable: true };
  }
  return settle(storage, snapshot, decodeSnapshot(snapshot), now, session);
}

/**
 * What loadProgressInSteps gives: `raws`, the values storage holds, and `stored`, the data they
 * hold exactly (null: not known, e.g. nothing could be read).
 */
export interface SteppedLoadResult extends LoadResult {
  raws: Map<string, string> | null;
  stored: ProgressData | null;
}

/**
 * loadProgress in steps with a pause between them (parse | check | put together), so that at
 * 20,000 reviews no step makes a long task of its own on the page (issue 13: each under 50 ms).
 * Nothing is written to a session: the caller records `raws` once `data` is in its state, since a
 * save made in a pause must still read and merge what storage holds. Stored data that needs
 * writing (an upgrade, a damaged value, a missing index) is rare: that path reads storage again
 * and runs loadProgress as it is, so its writes start from what storage holds after the pauses.
 */
export async function loadProgressInSteps(storage: KeyValueStorage | null, now: string, pause: () => Promise<void>): Promise<SteppedLoadResult> {
  let snapshot: Snapshot | null = null;
  try {
    snapshot = storage ? readSnapshot(storage) : null;
  } catch {
    snapshot = null;
  }
  if (storage && snapshot && (snapshot.index !== null || snapshot.parts.size > 0)) {
    const parsed = parseSnapshot(snapshot);
    await pause();
    const checked = checkSnapshot(snapshot, parsed);
    await pause();
    const decoded = assembleSnapshot(snapshot, checked);
    if (decoded.losses.length === 0 && decoded.rewrite.length === 0) {
      const raws = new Map(snapshot.parts);
      raws.set(PROGRESS_KEY, snapshot.index!);
      return { data: decoded.data, notices: [], writable: true, raws, stored: decoded.data };
    }
  }
  const session = newSession();
  const result = loadProgress(storage, now, session);
  return { ...result, raws: session.lastData ? session.raws : null, stored: session.lastData ?? null };
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
 * Writes what changed in `data` since the session's last read or write: at 20,000 reviews a
 * rating writes its question's value (a few KB) and the index, never the whole log. Each key
 * written is first read back: if another tab wrote it since, what it holds is merged in, since a
 * blind write would erase that tab's reviews. The index is written last (see progressKeys.ts).
 * If the index holds a value of the single-key form (a tab still on old code saved), it is set
 * aside like any upgrade, merged in, and everything is written in the keyed form again.
 */
export function saveProgress(storage: KeyValueStorage | null, data: ProgressData, now: string, session: StorageSession = newSession()): SaveResult {
  if (!storage) return { data, changed: false, notices: [{ kind: 'unavailable', detail: 'this browser gives the page no storage' }], ok: false };
  let merged = data;
  let changed = false;
  const notices: StorageNotice[] = [];
  const s = session;
  try {
    const indexRaw = storage.getItem(PROGRESS_KEY);
    let everything = !s.lastData;
    let older: ProgressData | null = null;
    if (indexRaw !== null && indexRaw !== s.raws.get(PROGRESS_KEY)) {
      const json = readStoredJson(indexRaw);
      if (!(json.ok && asIndex(json.value))) {
        const legacy = json.ok ? checkStoredValue(json.value) : json;
        const loss = lossOf(legacy);
        const kept = setAside(storage, indexRaw, now, loss ? (loss.unknownFields ? 'unknown-fields' : 'unreadable') : `before-upgrade-from-v${(legacy as { migratedFrom: number }).migratedFrom}`);
        if (!kept.ok) return { data, changed: false, notices: [{ kind: 'notSetAside', reason: `${loss?.reason ?? 'progress saved by an older version could not be backed up'}; it could not be copied aside`, detail: kept.detail, problems: loss?.problems ?? [] }], ok: false };
        if (loss) notices.push({ kind: 'setAside', key: kept.key, reason: loss.reason, problems: loss.problems, salvaged: legacy.ok, ...(loss.unknownFields ? { unknownFields: true } : {}) });
        if (legacy.ok) older = legacy.data;
        everything = true;
      }
    }
    const stored = new Map<string, string | null>([[PROGRESS_KEY, indexRaw]]);
    let keys: string[];
    if (everything) {
      const present = readSnapshot(storage).parts;
      for (const [key, raw] of present) stored.set(key, raw);
      keys = [...new Set([...present.keys(), ...keysOf(data).filter((k) => k !== PROGRESS_KEY)])];
    } else {
      keys = [...changedKeys(s.lastData!, data)];
      // Nothing of this page's changed (another tab's index is no reason to write one).
      if (keys.length === 0) return { data, changed: false, notices, ok: true };
    }
    // What storage holds under those keys, where another tab wrote since this page last knew.
    const theirs: { key: string; data: ProgressData }[] = [];
    for (const key of keys) {
      const raw = stored.has(key) ? stored.get(key)! : storage.getItem(key);
      stored.set(key, raw);
      if (raw === null || raw === s.raws.get(key)) continue;
      const part = decodePart(key, raw);
      if (part.ok) theirs.push({ key, data: part.data });
      const loss = lossOfPart(part);
      if (!loss) continue;
      const kept = setAside(storage, raw, now, loss.unknownFields ? 'unknown-fields' : 'unreadable');
      if (!kept.ok) return { data, changed: false, notices: [...notices, { kind: 'notSetAside', reason: `${loss.reason}; it could not be copied aside`, detail: kept.detail, problems: loss.problems }], ok: false };
      notices.push({ kind: 'setAside', key: kept.key, reason: loss.reason, problems: loss.problems, salvaged: loss.salvaged, ...(loss.unknownFields ? { unknownFields: true } : {}) });
    }
    if (theirs.length > 0 || older) {
      let incoming = assembleParts(theirs);
      if (older) incoming = theirs.length === 0 ? older : mergeProgress(incoming, older).data;
      const result = mergeProgress(data, incoming);
      changed = !mergeChangesNothing(result.summary);
      if (changed) merged = result.data;
    }
    if (everything) {
      for (const key of keysOf(merged)) if (!stored.has(key)) stored.set(key, storage.getItem(key));
      keys = [...new Set([...keys, ...keysOf(merged).filter((k) => k !== PROGRESS_KEY)])];
    }
    const prepared = s.prepared && s.prepared.data === data && merged === data ? s.prepared.entries : null;
    const values: StoredEntries = {};
    const fresh = prepared ? null : entriesFor(merged, keys);
    for (const key of keys) {
      const value = prepared ? prepared[key] : fresh![key];
      if (value !== undefined) values[key] = value;
    }
    values[PROGRESS_KEY] = prepared?.[PROGRESS_KEY] ?? indexValue(merged);
    writeAll(storage, values, stored);
    for (const [key, value] of Object.entries(values)) s.raws.set(key, value);
    // Until the caller takes in the merge, its data lacks what these values brought: its next save
    // must read and merge them again rather than write them over.
    if (changed && older) s.raws.clear();
    else if (changed) for (const { key } of theirs) s.raws.delete(key);
    s.lastData = merged;
    return { data: merged, changed, notices, ok: true };
  } catch (error) {
    const full = isQuotaError(error);
    notices.push(full ? { kind: 'full', detail: describe(error) } : { kind: 'unavailable', detail: describe(error) });
    return { data: merged, changed, notices, ok: false };
  }
}

/** What another tab's save brought, read for the keys its storage events named. */
export type StoredChange =
  /** The index holds something else than an index (a tab on old code saved, or it was removed): read everything again. */
  | { kind: 'reload' }
  /** `data`: the changed values put together (null: none changed); `raws`: what they were read as. */
  | { kind: 'parts'; data: ProgressData | null; raws: Map<string, string>; notices: StorageNotice[] };

/**
 * The values of `keys` that differ from what this page last knew: another tab's save, as its
 * storage events name it (a rating: its question's key, then the index). For the index, the keys
 * whose stamps moved are read too, in case their own events were missed. Damaged values are set
 * aside on their own; the rest is returned for the caller to merge.
 */
export function readStoredChange(storage: KeyValueStorage | null, keys: readonly string[], session: StorageSession, now: string): StoredChange {
  if (!storage) return { kind: 'parts', data: null, raws: new Map(), notices: [] };
  const raws = new Map<string, string>();
  const notices: StorageNotice[] = [];
  try {
    const wanted = new Set(keys.filter(isProgressPartKey));
    if (keys.includes(PROGRESS_KEY)) {
      const indexRaw = storage.getItem(PROGRESS_KEY);
      if (indexRaw !== session.raws.get(PROGRESS_KEY)) {
        const json = indexRaw === null ? null : readStoredJson(indexRaw);
        const index = json?.ok ? asIndex(json.value) : null;
        if (!index) return { kind: 'reload' };
        const knownRaw = session.raws.get(PROGRESS_KEY);
        const knownJson = knownRaw === undefined ? null : readStoredJson(knownRaw);
        for (const key of restampedKeys(knownJson?.ok ? asIndex(knownJson.value) : null, index)) wanted.add(key);
        raws.set(PROGRESS_KEY, indexRaw!);
      }
    }
    const parts: { key: string; data: ProgressData }[] = [];
    for (const key of wanted) {
      const raw = storage.getItem(key);
      if (raw === null || raw === session.raws.get(key)) continue;
      raws.set(key, raw);
      const part = decodePart(key, raw);
      if (part.ok) parts.push({ key, data: part.data });
      const loss = lossOfPart(part);
      if (!loss) continue;
      const kept = setAside(storage, raw, now, loss.unknownFields ? 'unknown-fields' : 'unreadable');
      if (kept.ok) notices.push({ kind: 'setAside', key: kept.key, reason: loss.reason, problems: loss.problems, salvaged: loss.salvaged, ...(loss.unknownFields ? { unknownFields: true } : {}) });
      // Not kept aside: this page's next save of that key would write over it, so forget it was read.
      else raws.delete(key);
    }
    return { kind: 'parts', data: parts.length > 0 ? assembleParts(parts) : null, raws, notices };
  } catch {
    return { kind: 'parts', data: null, raws: new Map(), notices };
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
