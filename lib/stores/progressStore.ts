/**
 * The learner's progress: the one persisted store of the site (reviews, cards, mock interviews,
 * settings), in localStorage through lib/practice/progressStorage.ts.
 *
 * Pages are prerendered, so the store starts empty with `hydrated: false` and the page asks it to
 * read storage after mounting (`skipHydration`, then `persist.rehydrate()` in ProgressSync); until
 * then components show a placeholder, never the numbers of an empty store.
 *
 * Writes merge with what is stored (another tab may have written since), and a `storage` event
 * from another tab rehydrates with a merge instead of a replace, so two tabs never erase each
 * other's reviews. Reading storage is split into tasks (parse | check | merge | state), each
 * short at 20,000 reviews, so neither opening a page nor another tab's save holds the page for
 * one long task (issue 13). Notices (storage full, unavailable, data set aside) go into `notices` for the
 * page to show; the store itself keeps working in memory whatever storage does.
 */
import { createStore } from 'zustand/vanilla';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import { applyReview } from '../practice/fsrsScheduler';
import { mergeChangesNothing, mergeProgress, type MergeSummary } from '../practice/progressMerge';
import { comparePredictions, compareReviews } from '../practice/progressSchema';
import { entriesSize, type StoredEntries } from '../practice/progressKeys';
import { loadProgressInSteps, mergeNotices, newSession, PROGRESS_KEY, readStoredChange, saveProgress, type KeyValueStorage, type StorageNotice } from '../practice/progressStorage';
import { nextTask } from '../nextTask';
import { emptyProgress, MAX_NEW_PER_DAY, PROGRESS_VERSION, type MockInterviewRecord, type PracticeFilters, type PredictionRecord, type ProgressData, type ReviewRecord } from '../practice/progressTypes';

export interface ProgressState {
  data: ProgressData;
  /** False until storage has been read: show no progress numbers before then. */
  hydrated: boolean;
  /** False when writes are off (storage unusable, or unreadable data that could not be kept aside). */
  writable: boolean;
  notices: StorageNotice[];
  recordReview(review: ReviewRecord): void;
  recordMock(mock: MockInterviewRecord): void;
  /** Checked guesses of the step-through's "Predict, then check": activity, not reviews (no card). */
  recordPredictions(predictions: readonly PredictionRecord[]): void;
  /** Self-grading after a mock interview: the share of rubric points for one answer. */
  gradeMockAnswer(mockId: string, questionId: string, selfScore: number, at: string): void;
  setNewPerDay(newPerDay: number, at: string): void;
  /** /practice's filters, kept with the settings so a reload (or another tab) keeps them. */
  setFilters(filters: PracticeFilters, at: string): void;
  importProgress(incoming: ProgressData): MergeSummary;
  /**
   * Takes in what another tab saved, as its storage events name the keys (ProgressSync): just
   * those values are read and merged, not the whole of storage.
   */
  syncStorage(keys: readonly string[]): void;
  /**
   * Takes in an import merged elsewhere (the import worker): `merged` is `base` with the file
   * merged in, and `serialized` its stored form (every key's value) when the worker made it. If the data changed
   * since `base` was handed out (another tab wrote meanwhile), `merged` is merged into it instead.
   * With `serialized`, it is saved first: an import that storage cannot hold is refused
   * (`{ ok: false }`), and neither the state nor storage changes.
   */
  acceptImport(base: ProgressData, merged: ProgressData, serialized?: StoredEntries | null): ImportAcceptance;
  dismissNotice(index: number): void;
}

type Persisted = { data: ProgressData };

/**
 * Whether an import was taken in. `full`: saving it failed for lack of space (`characters`, its
 * stored size, keys included): kept in memory only, it would be lost at the end of the visit together with
 * every answer given meanwhile, and each answer would try to write it all again.
 */
export type ImportAcceptance = { ok: true } | { ok: false; full: true; characters: number };

/** What the storage's getItem hands to `merge`: the data read, and what was worked out around it. */
interface Hydration extends Persisted {
  /** What storage held (every value), and the data that holds exactly that; null: not known. */
  raws: Map<string, string> | null;
  stored: ProgressData | null;
  /** A later read (another tab wrote): the merge with the state as it was, made in a task of its own. */
  premerged?: { base: ProgressData; forward: ReturnType<typeof mergeProgress>; backward: MergeSummary };
}

export interface ProgressStoreOptions {
  /** Where to store; null for none. Called lazily, so the server never touches `window`. */
  storage: () => KeyValueStorage | null;
  now?: () => string;
  /** Ends the current task between the steps of reading storage (tests may hand in a plain promise). */
  pause?: () => Promise<void>;
}

export function createProgressStore({ storage, now = () => new Date().toISOString(), pause = nextTask }: ProgressStoreOptions) {
  let writable = true;
  /** Notices found while reading storage, handed to the state when hydration merges. */
  const pendingNotices: StorageNotice[] = [];
  let addNotices: (notices: StorageNotice[]) => void = () => {};
  let mergeRounds = 0;
  /** This store's last read or write, so a save writes only what changed (progressStorage.ts). */
  const session = newSession();
  /**
   * Persist's wrapped setState writes to storage; this forces a write of the current data, in a
   * later task than the merge and render that asked for it.
   */
  const writeSoon = () => void pause().then(() => store.setState({}));
  const store = createStore<ProgressState>()(
    persist(
      (set, get) => {
        addNotices = (notices: StorageNotice[]) => {
          const merged = mergeNotices(get().notices, notices);
          if (merged.length > get().notices.length) set({ notices: merged });
        };
        return {
          data: emptyProgress(),
          hydrated: false,
          writable: true,
          notices: [],
          recordReview: (review) =>
            set((s) => {
              const card = applyReview(Object.hasOwn(s.data.cards, review.questionId) ? s.data.cards[review.questionId] : undefined, review.rating, review.reviewedAt);
              const reviews = [...s.data.reviews, review];
              // Answers arrive in time order; sort only when a clock went backwards.
              if (reviews.length > 1 && compareReviews(reviews[reviews.length - 2], review) > 0) reviews.sort(compareReviews);
              return { data: { ...s.data, cards: { ...s.data.cards, [review.questionId]: card }, reviews } };
            }),
          recordPredictions: (records) =>
            set((s) => {
              const known = new Set(s.data.predictions.map((p) => p.id));
              const fresh = records.filter((p) => !known.has(p.id));
              if (fresh.length === 0) return {};
              const predictions = [...s.data.predictions, ...fresh];
              // Guesses arrive in time order; sort only when a clock went backwards.
              if (!predictions.every((p, i) => i === 0 || comparePredictions(predictions[i - 1], p) <= 0)) predictions.sort(comparePredictions);
              return { data: { ...s.data, predictions } };
            }),
          recordMock: (mock) => set((s) => ({ data: { ...s.data, mocks: [...s.data.mocks.filter((m) => m.id !== mock.id), mock].sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1)) } })),
          gradeMockAnswer: (mockId, questionId, selfScore, at) =>
            set((s) => ({
              data: {
                ...s.data,
                mocks: s.data.mocks.map((m) =>
                  m.id !== mockId ? m : { ...m, answers: m.answers.map((a) => (a.questionId === questionId ? { ...a, selfScore: Math.min(1, Math.max(0, selfScore)), gradedAt: at } : a)) },
                ),
              },
            })),
          setNewPerDay: (newPerDay, at) =>
            set((s) => ({ data: { ...s.data, settings: { ...s.data.settings, newPerDay: Math.round(Math.min(MAX_NEW_PER_DAY, Math.max(0, newPerDay))), updatedAt: at } } })),
          setFilters: (filters, at) =>
            set((s) => ({
              data: {
                ...s.data,
                settings: { ...s.data.settings, filters: { topics: [...filters.topics], lessons: [...filters.lessons], types: [...filters.types], difficulties: [...filters.difficulties], onlyWrong: filters.onlyWrong }, updatedAt: at },
              },
            })),
          importProgress: (incoming) => {
            const { data, summary } = mergeProgress(get().data, incoming);
            if (!mergeChangesNothing(summary)) set({ data });
            return summary;
          },
          acceptImport: (base, merged, serialized) => {
            if (merged === base) return { ok: true };
            if (get().data !== base) {
              set((s) => ({ data: mergeProgress(s.data, merged).data }));
              return { ok: true };
            }
            if (serialized && writable && get().hydrated) {
              // Saved before the state takes it: the same save as ever (it merges in what another
              // tab stored), of the worker's string.
              session.prepared = { data: merged, entries: serialized };
              const saved = saveProgress(safely(storage), merged, now(), session);
              session.prepared = null;
              if (!saved.ok && saved.notices.some((n) => n.kind === 'full')) return { ok: false, full: true, characters: entriesSize(serialized) };
              addNotices(saved.notices);
              // Stored now, so the write persist makes next finds nothing to do (session.lastData).
              set({ data: saved.data });
              return { ok: true };
            }
            session.prepared = serialized ? { data: merged, entries: serialized } : null;
            set({ data: merged });
            session.prepared = null;
            return { ok: true };
          },
          syncStorage: (keys) => {
            if (!get().hydrated) return;
            const change = readStoredChange(safely(storage), keys, session, now());
            if (change.kind === 'reload') {
              void store.persist.rehydrate();
              return;
            }
            addNotices(change.notices);
            const current = get().data;
            // Nothing unsaved here: storage then holds the merge exactly, and a save has nothing to write.
            const inStep = session.lastData === current;
            const merged = change.data ? mergeProgress(current, change.data) : null;
            const data = merged && !mergeChangesNothing(merged.summary) ? merged.data : current;
            if (inStep) {
              for (const [key, raw] of change.raws) session.raws.set(key, raw);
              session.lastData = data;
            }
            if (data !== current) set({ data });
          },
          dismissNotice: (index) => set((s) => ({ notices: s.notices.filter((_, i) => i !== index) })),
        };
      },
      {
        name: PROGRESS_KEY,
        version: PROGRESS_VERSION,
        skipHydration: true,
        partialize: (s): Persisted => ({ data: s.data }),
        storage: {
          getItem: async (): Promise<StorageValue<Persisted>> => {
            const result = await loadProgressInSteps(safely(storage), now(), pause);
            writable = result.writable;
            pendingNotices.push(...result.notices);
            const hydration: Hydration = { data: result.data, raws: result.raws, stored: result.stored };
            if (store.getState().hydrated) {
              // Another tab wrote: merge in a task of its own, apart from the parse and the render.
              await pause();
              const base = store.getState().data;
              hydration.premerged = { base, forward: mergeProgress(base, result.data), backward: mergeProgress(result.data, base).summary };
            }
            return { state: hydration, version: PROGRESS_VERSION };
          },
          setItem: (_name, value) => {
            if (!writable || !store.getState().hydrated) return;
            const result = saveProgress(safely(storage), value.state.data, now(), session);
            addNotices(result.notices);
            if (result.notices.some((n) => n.kind === 'notSetAside')) {
              // Unreadable data appeared that cannot be kept safe: stop writing over it.
              writable = false;
              store.setState({ writable: false });
              return;
            }
            // Another tab's reviews came in through the merge: show them too. The merge settles in
            // one round (storage then holds the union); the cap only guards against a bug looping.
            if (result.changed && mergeRounds < 3) {
              mergeRounds++;
              // Merged into the state as it is then: answers recorded meanwhile must stay.
              queueMicrotask(() => store.setState((s) => ({ data: mergeProgress(s.data, result.data).data })));
            } else mergeRounds = 0;
          },
          removeItem: () => {
            // Progress is never removed by the app; clearing it is the browser's business.
          },
        } satisfies PersistStorage<Persisted>,
        merge: (persisted, current) => {
          const hydration = persisted as Hydration | undefined;
          const incoming = hydration?.data ?? emptyProgress();
          const base = { ...current, writable, notices: mergeNotices(current.notices, pendingNotices.splice(0)) };
          // From here storage is known to hold `stored`: a save writes only where the state differs from it.
          const remember = () => {
            session.raws = hydration?.raws ?? new Map();
            session.lastData = hydration?.raws ? hydration.stored : null;
          };
          if (!current.hydrated) {
            // Anything recorded before the first read is kept (the pages wait, but a script may not).
            const first = current.data.reviews.length + current.data.mocks.length + current.data.predictions.length === 0 ? incoming : mergeProgress(incoming, current.data).data;
            remember();
            if (first !== incoming) writeSoon();
            return { ...base, data: first, hydrated: true };
          }
          // A later rehydrate (another tab wrote): merge, and write back what only this tab has.
          const premerged = hydration?.premerged?.base === current.data ? hydration.premerged : null;
          const forward = premerged?.forward ?? mergeProgress(current.data, incoming);
          const backward = premerged?.backward ?? mergeProgress(incoming, current.data).summary;
          if (mergeChangesNothing(backward)) {
            // Storage holds all this tab has: the state becomes what was read (the same records),
            // and a save has nothing to write until something changes.
            const data = mergeChangesNothing(forward.summary) ? current.data : incoming;
            remember();
            return { ...base, data };
          }
          remember();
          writeSoon();
          return { ...base, data: mergeChangesNothing(forward.summary) ? current.data : forward.data };
        },
      },
    ),
  );
  return store;
}

export type ProgressStore = ReturnType<typeof createProgressStore>;

/** Reading `window.localStorage` itself throws where storage is blocked; so can the factory. */
function safely(storage: () => KeyValueStorage | null): KeyValueStorage | null {
  try {
    return storage();
  } catch {
    return null;
  }
}

/** The page's store, on localStorage. */
export const progressStore = createProgressStore({ storage: () => (typeof window === 'undefined' ? null : window.localStorage) });
