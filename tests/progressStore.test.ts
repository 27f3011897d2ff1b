import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyReview } from '../lib/practice/fsrsScheduler';
import { mergeProgress } from '../lib/practice/progressMerge';
import { entriesSize, progressToEntries, questionKey, type StoredEntries } from '../lib/practice/progressKeys';
import { PROGRESS_KEY, SET_ASIDE_PREFIX, serializeProgress } from '../lib/practice/progressStorage';
import { emptyProgress } from '../lib/practice/progressTypes';
import { createProgressStore } from '../lib/stores/progressStore';
import { memoryStorage, type MemoryStorage } from './support/memoryStorage';
import { answer, envelope, mock, progress, review, v1Fixture } from './support/progressFixtures';
import { keyedForm, storedProgress } from './support/storedProgress';

const NOW = '2026-03-10T12:00:00.000Z';
const now = () => NOW;
/** Lets queued microtasks and tasks (merge-backs, forced writes) and the persist promise chain run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
/** The store's pause between steps as a timer, so `settle` (queued after it) runs after it: FIFO. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const r1 = review('softmax-basics', '2026-03-01T09:00:00.000Z', 3);
const r2 = review('kv-cache', '2026-03-02T09:00:00.000Z', 4);
const r3 = review('rope', '2026-03-03T09:00:00.000Z', 2);

async function openTab(storage: MemoryStorage) {
  const store = createProgressStore({ storage: () => storage, now, pause });
  await store.persist.rehydrate();
  await settle();
  return store;
}

const stored = storedProgress;
/** Another tab's save in the keyed form, each value spelled as this tab would not (indented), so a test can tell whose write storage holds. */
const respelled = (entries: StoredEntries): StoredEntries => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, JSON.stringify(JSON.parse(v), null, 1)]));
const writeAsOtherTab = (storage: MemoryStorage, entries: StoredEntries) => {
  for (const [key, value] of Object.entries(entries)) storage.setItem(key, value);
};

describe('progressStore: hydration', () => {
  test('before rehydrate: not hydrated, empty, and nothing is written even when recording', async () => {
    const storage = memoryStorage(progressToEntries(progress({ reviews: [r1] })));
    const store = createProgressStore({ storage: () => storage, now });
    assert.equal(store.getState().hydrated, false);
    assert.deepEqual(store.getState().data, emptyProgress());
    store.getState().setNewPerDay(30, NOW);
    await settle();
    assert.deepEqual(storage.setCalls, []);
    assert.deepEqual(stored(storage).reviews, [r1]);
  });

  test('after rehydrate: data equals what is stored, no notices', async () => {
    const data = progress({ reviews: [r1, r2], mocks: [mock('m1', '2026-03-04T00:00:00.000Z')], settings: { newPerDay: 33, updatedAt: '2026-03-01T00:00:00.000Z' } });
    const storage = memoryStorage(progressToEntries(data));
    const store = await openTab(storage);
    const s = store.getState();
    assert.equal(s.hydrated, true);
    assert.equal(s.writable, true);
    assert.deepEqual(s.notices, []);
    assert.deepEqual(s.data, data);
    // Reading does not rewrite an unchanged value.
    assert.deepEqual(storage.setCalls, []);
  });

  test('empty storage: hydrated with empty progress', async () => {
    const store = await openTab(memoryStorage());
    assert.equal(store.getState().hydrated, true);
    assert.deepEqual(store.getState().data, emptyProgress());
  });

  test('v1 stored: hydrated migrated, backup kept, no notice', async () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: envelope(v1Fixture(), 1) });
    const store = await openTab(storage);
    assert.deepEqual(store.getState().notices, []);
    assert.equal(store.getState().data.reviews.length, 2);
    assert.ok([...storage.map.keys()].some((k) => k.startsWith(SET_ASIDE_PREFIX) && k.includes('before-upgrade')));
  });

  test(
    'a review recorded before hydration is not lost by it',
    async () => {
      const storage = memoryStorage(progressToEntries(progress({ reviews: [r1] })));
      const store = createProgressStore({ storage: () => storage, now });
      store.getState().recordReview(r2);
      await store.persist.rehydrate();
      await settle();
      assert.deepEqual(store.getState().data.reviews, [r1, r2]);
    },
  );
});

describe('progressStore: recording', () => {
  test('recordReview updates the card (as applyReview) and persists for the next visit', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    store.getState().recordReview(r1);
    const later = review('softmax-basics', '2026-03-05T09:00:00.000Z', 4);
    store.getState().recordReview(later);
    await settle();
    const expectedCard = applyReview(applyReview(undefined, 3, r1.reviewedAt), 4, later.reviewedAt);
    assert.deepEqual(store.getState().data.cards['softmax-basics'], expectedCard);
    assert.deepEqual(store.getState().data.reviews, [r1, later]);
    const next = await openTab(storage);
    assert.deepEqual(next.getState().data.reviews, [r1, later]);
    assert.deepEqual(next.getState().data.cards, { 'softmax-basics': expectedCard });
  });

  test('a review with an earlier clock is sorted into place', async () => {
    const store = await openTab(memoryStorage());
    store.getState().recordReview(r2);
    store.getState().recordReview(r1);
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
  });

  test('recordMock, gradeMockAnswer and setNewPerDay persist', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    store.getState().recordMock(mock('m1', '2026-03-04T00:00:00.000Z', [answer('rope'), answer('kv-cache')]));
    store.getState().gradeMockAnswer('m1', 'rope', 1.7, '2026-03-04T01:00:00.000Z');
    store.getState().setNewPerDay(500, '2026-03-04T02:00:00.000Z');
    await settle();
    const data = stored(storage);
    assert.deepEqual(data.mocks[0].answers[0], answer('rope', { selfScore: 1, gradedAt: '2026-03-04T01:00:00.000Z' }));
    assert.deepEqual(data.mocks[0].answers[1], answer('kv-cache'));
    assert.deepEqual(data.settings, { newPerDay: 200, updatedAt: '2026-03-04T02:00:00.000Z' });
  });

  test('setFilters persists the filters with the settings, and a reload (new store) reads them back', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    const filters = { topics: ['masking'], lessons: [], types: ['numeric' as const], difficulties: [2 as const], onlyWrong: true };
    store.getState().setFilters(filters, '2026-03-04T03:00:00.000Z');
    await settle();
    assert.deepEqual(stored(storage).settings, { newPerDay: 10, updatedAt: '2026-03-04T03:00:00.000Z', filters });
    const reloaded = await openTab(storage);
    assert.deepEqual(reloaded.getState().data.settings.filters, filters);
    // Changing the daily limit keeps the filters.
    reloaded.getState().setNewPerDay(12, '2026-03-04T04:00:00.000Z');
    await settle();
    assert.deepEqual(stored(storage).settings.filters, filters);
  });

  test('importProgress merges and returns a summary, and persists', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    store.getState().recordReview(r1);
    const summary = store.getState().importProgress(progress({ reviews: [r1, r2], mocks: [mock('m1', '2026-03-04T00:00:00.000Z')] }));
    assert.deepEqual(summary, { addedReviews: 1, addedMocks: 1, addedPredictions: 0, rescheduled: 0, addedCards: 0, settingsChanged: false });
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
    await settle();
    assert.deepEqual(stored(storage).reviews, [r1, r2]);
    assert.equal(stored(storage).mocks.length, 1);
    // Importing the same again changes nothing.
    assert.deepEqual(store.getState().importProgress(progress({ reviews: [r2] })), { addedReviews: 0, addedMocks: 0, addedPredictions: 0, rescheduled: 0, addedCards: 0, settingsChanged: false });
  });
  test('acceptImport takes in a merge made elsewhere and stores the serialised form it came with', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    store.getState().recordReview(r1);
    await settle();
    const base = store.getState().data;
    const merged = mergeProgress(base, progress({ reviews: [r2] })).data;
    // The worker's own serialisation, recognisable: the store writes it rather than its own.
    const fromWorker = respelled(progressToEntries(merged));
    store.getState().acceptImport(base, merged, fromWorker);
    assert.equal(store.getState().data, merged);
    // What the import changed (kv-cache's question, and the index) is written from the worker's strings; nothing else is rewritten.
    const plain = progressToEntries(merged);
    const changed = Object.keys(keyedForm(storage)).filter((key) => storage.map.get(key) === fromWorker[key] && fromWorker[key] !== plain[key]);
    assert.deepEqual(changed, [PROGRESS_KEY, questionKey('kv-cache')]);
    assert.deepEqual(stored(storage).reviews, [r1, r2]);
    // Only for that object: the next change is serialised as usual, and only its question is written.
    const writes = storage.setCalls.length;
    store.getState().recordReview(r3);
    await settle();
    assert.deepEqual(storage.setCalls.slice(writes).map((c) => c.key), [questionKey('rope'), PROGRESS_KEY]);
    assert.equal(storage.map.get(questionKey('rope')), progressToEntries(store.getState().data)[questionKey('rope')]);
  });

  test('acceptImport of more than storage can hold: refused, and neither the state nor storage changes', async () => {
    const storage = memoryStorage({}, { quotaChars: 4000 });
    const store = await openTab(storage);
    store.getState().recordReview(r1);
    await settle();
    const base = store.getState().data;
    const before = new Map(storage.map);
    const big = progress({ reviews: Array.from({ length: 60 }, (_, i) => review('kv-cache', new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString(), 3)) });
    const merged = mergeProgress(base, big).data;
    const serialized = progressToEntries(merged);
    assert.ok(entriesSize(serialized) > 4000, 'fixture');
    // The size said counts every key's name too, as browsers do.
    assert.deepEqual(store.getState().acceptImport(base, merged, serialized), { ok: false, full: true, characters: entriesSize(serialized) });
    await settle();
    assert.equal(store.getState().data, base);
    assert.deepEqual(store.getState().notices, [], 'the import says why; no "storage full" notice for data that was never taken in');
    assert.deepEqual(storage.map, before);
    // Answers given afterwards are saved as ever.
    store.getState().recordReview(r2);
    await settle();
    assert.deepEqual(stored(storage).reviews, [r1, r2]);
  });

  test('acceptImport after the data changed meanwhile merges the import in, losing neither side', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    const base = store.getState().data;
    const merged = mergeProgress(base, progress({ reviews: [r2] })).data;
    store.getState().recordReview(r1); // answered while the worker ran
    store.getState().acceptImport(base, merged, progressToEntries(merged));
    await settle();
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
    assert.deepEqual(stored(storage).reviews, [r1, r2]);
  });
});

describe('progressStore: two tabs on one storage', () => {
  test('each records a different review, then each rehydrates: both have both, and so does storage', async () => {
    const storage = memoryStorage();
    const a = await openTab(storage);
    const b = await openTab(storage);
    a.getState().recordReview(r1);
    await settle();
    b.getState().recordReview(r2);
    await settle();
    // The storage events.
    await a.persist.rehydrate();
    await settle();
    await b.persist.rehydrate();
    await settle();
    const all = progress({ reviews: [r1, r2] });
    assert.deepEqual(a.getState().data.reviews, all.reviews);
    assert.deepEqual(b.getState().data.reviews, all.reviews);
    assert.deepEqual(a.getState().data.cards, all.cards);
    assert.deepEqual(b.getState().data.cards, all.cards);
    assert.deepEqual(stored(storage), all);
  });

  test('a tab that rehydrates after the other wrote keeps its own unsaved-elsewhere review in storage', async () => {
    const storage = memoryStorage();
    const a = await openTab(storage);
    const b = await openTab(storage);
    b.getState().recordReview(r2);
    // A's writes fail on a full disk for a while, so only A has r1.
    storage.full = true;
    a.getState().recordReview(r1);
    await settle();
    storage.full = false;
    assert.deepEqual(stored(storage).reviews, [r2]);
    assert.deepEqual(a.getState().notices.map((n) => n.kind), ['full']);
    await a.persist.rehydrate();
    await settle();
    assert.deepEqual(a.getState().data.reviews, [r1, r2]);
    assert.deepEqual(stored(storage).reviews, [r1, r2]);
  });

  test('several reviews in one tick while the other tab has written: none lost in memory or storage', async () => {
    const storage = memoryStorage();
    const a = await openTab(storage);
    const b = await openTab(storage);
    a.getState().recordReview(r1);
    b.getState().recordReview(r2);
    b.getState().recordReview(r3);
    await settle();
    await settle();
    assert.deepEqual(b.getState().data.reviews, [r1, r2, r3]);
    assert.deepEqual(stored(storage).reviews, [r1, r2, r3]);
  });
});

describe('progressStore: reading storage in steps', () => {
  /** A pause the test releases by hand, counting how often the store asked for one. */
  function gate() {
    const waiting: (() => void)[] = [];
    return {
      pause: () => new Promise<void>((resolve) => waiting.push(resolve)),
      get waiting() {
        return waiting.length;
      },
      releaseAll: async () => {
        for (let rounds = 0; rounds < 20; rounds++) {
          await settle();
          if (waiting.length === 0) return;
          waiting.splice(0).forEach((resolve) => resolve());
        }
      },
    };
  }

  test('opening parses, then checks in a later task; another tab\'s write also merges in a task of its own', async () => {
    const storage = memoryStorage(progressToEntries(progress({ reviews: [r1] })));
    const g = gate();
    const store = createProgressStore({ storage: () => storage, now, pause: g.pause });
    const opening = store.persist.rehydrate();
    await settle();
    assert.equal(g.waiting, 1, 'paused after JSON.parse');
    assert.equal(store.getState().hydrated, false, 'nothing shown before the checks ran');
    await g.releaseAll();
    await opening;
    assert.deepEqual(store.getState().data.reviews, [r1]);

    writeAsOtherTab(storage, progressToEntries(progress({ reviews: [r1, r2] })));
    const otherTab = store.persist.rehydrate();
    await settle();
    assert.equal(g.waiting, 1, 'paused after JSON.parse');
    g.releaseAll();
    await settle();
    await settle();
    await otherTab;
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
  });

  test('a review recorded while another tab\'s write is being read is kept in memory and in storage', async () => {
    const storage = memoryStorage();
    const g = gate();
    const store = createProgressStore({ storage: () => storage, now, pause: g.pause });
    const opening = store.persist.rehydrate();
    await g.releaseAll();
    await opening;
    // The other tab's save, then this tab's answer while the read of it is paused.
    writeAsOtherTab(storage, progressToEntries(progress({ reviews: [r2] })));
    const otherTab = store.persist.rehydrate();
    await settle();
    assert.ok(g.waiting > 0);
    store.getState().recordReview(r1);
    await g.releaseAll();
    await otherTab;
    await g.releaseAll();
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
    assert.deepEqual(stored(storage).reviews, [r1, r2]);
    assert.deepEqual(stored(storage).cards, progress({ reviews: [r1, r2] }).cards);
  });

  test('after another tab\'s write that holds all this tab has, a state change that keeps the data writes nothing', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    store.getState().recordReview(r1);
    await settle();
    // Spelled unlike this tab would spell it, so only a save that serialises the data writes.
    writeAsOtherTab(storage, respelled(progressToEntries(progress({ reviews: [r1, r2] }))));
    await store.persist.rehydrate();
    await settle();
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
    const writes = storage.setCalls.length;
    store.setState({ notices: [] });
    await settle();
    assert.equal(storage.setCalls.length, writes, 'no write (and no serialising) of data storage already holds');
    store.getState().recordReview(r3);
    await settle();
    assert.deepEqual(stored(storage).reviews, [r1, r2, r3]);
  });
});

describe('progressStore: storage trouble', () => {
  test('corrupt storage: hydrated with a setAside notice, original kept, and reviews still recorded', async () => {
    const raw = '{"state":{"data":';
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const store = await openTab(storage);
    const s = store.getState();
    assert.equal(s.hydrated, true);
    assert.ok(s.notices.length >= 1);
    const notice = s.notices[0];
    assert.ok(notice.kind === 'setAside');
    assert.equal(storage.map.get(notice.key), raw);
    store.getState().recordReview(r1);
    await settle();
    assert.deepEqual(store.getState().data.reviews, [r1]);
    assert.deepEqual(stored(storage).reviews, [r1]);
    const count = store.getState().notices.length;
    store.getState().dismissNotice(0);
    assert.equal(store.getState().notices.length, count - 1);
  });

  // Once set aside, the damaged value is replaced, so the first save does not copy it again.
  test('corrupt storage: set aside once, one notice', async () => {
    const raw = '{"state":{"data":';
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const store = await openTab(storage);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['setAside']);
    assert.equal([...storage.map.keys()].filter((k) => k.startsWith(SET_ASIDE_PREFIX)).length, 1);
  });

  test('partly bad storage: salvaged, set aside once, one notice', async () => {
    const bad = JSON.parse(serializeProgress(progress({ reviews: [r1] })));
    bad.state.data.reviews.push({ ...r2, rating: 0 });
    const storage = memoryStorage({ [PROGRESS_KEY]: JSON.stringify(bad) });
    const store = await openTab(storage);
    assert.deepEqual(store.getState().data.reviews, [r1]);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['setAside']);
    assert.equal([...storage.map.keys()].filter((k) => k.startsWith(SET_ASIDE_PREFIX)).length, 1);
  });

  test(
    'corrupt storage with room for one copy of it: reviews are saved after all',
    async () => {
      const raw = 'x'.repeat(1000);
      const storage = memoryStorage({ [PROGRESS_KEY]: raw }, { quotaChars: 2 * (raw.length + 80) + 400 });
      const store = await openTab(storage);
      store.getState().recordReview(r1);
      await settle();
      assert.deepEqual(store.getState().notices.map((n) => n.kind), ['setAside']);
      assert.deepEqual(stored(storage).reviews, [r1]);
    },
  );

  test('unreadable storage that cannot be set aside: not writable, never written, still works in memory', async () => {
    const raw = 'garbage';
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    storage.full = true;
    const store = await openTab(storage);
    assert.equal(store.getState().writable, false);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['notSetAside']);
    storage.full = false;
    store.getState().recordReview(r1);
    await settle();
    assert.deepEqual(store.getState().data.reviews, [r1]);
    assert.equal(storage.map.get(PROGRESS_KEY), raw);
    assert.ok(storage.setCalls.every((c) => c.key !== PROGRESS_KEY));
  });

  test('quota full: notice full, the review is still in memory', async () => {
    const storage = memoryStorage();
    const store = await openTab(storage);
    storage.full = true;
    store.getState().recordReview(r1);
    await settle();
    assert.deepEqual(store.getState().data.reviews, [r1]);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['full']);
    // A second failure does not pile up the same notice.
    store.getState().recordReview(r2);
    await settle();
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['full']);
    assert.deepEqual(store.getState().data.reviews, [r1, r2]);
  });

  test('blocked storage: unavailable notice, works in memory', async () => {
    const storage = memoryStorage();
    storage.blocked = true;
    const store = await openTab(storage);
    assert.equal(store.getState().hydrated, true);
    assert.equal(store.getState().writable, false);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['unavailable']);
    store.getState().recordReview(r1);
    assert.deepEqual(store.getState().data.reviews, [r1]);
  });

  test('a storage factory that throws (window.localStorage blocked) counts as no storage', async () => {
    const store = createProgressStore({
      storage: () => {
        throw new Error('SecurityError');
      },
      now,
    });
    await store.persist.rehydrate();
    assert.equal(store.getState().hydrated, true);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['unavailable']);
    store.getState().recordReview(r1);
    assert.deepEqual(store.getState().data.reviews, [r1]);
  });
});

describe('progressStore: notices and question ids', () => {
  test('reading storage again (another tab wrote) does not repeat a notice', async () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: 'garbage' });
    storage.full = true;
    const store = await openTab(storage);
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['notSetAside']);
    await store.persist.rehydrate();
    await store.persist.rehydrate();
    await settle();
    assert.deepEqual(store.getState().notices.map((n) => n.kind), ['notSetAside']);
  });

  test('valid progress with unknown fields: hydrated with a notice, the original kept aside', async () => {
    const data = progress({ reviews: [r1] });
    const raw = JSON.stringify({ state: { data: { ...data, notes: 'mine' } }, version: 2 });
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const store = await openTab(storage);
    assert.deepEqual(store.getState().data, data);
    const notice = store.getState().notices[0];
    assert.ok(notice?.kind === 'setAside' && notice.unknownFields === true);
    assert.equal(storage.map.get(notice.key), raw);
  });

  test('a card keyed "constructor" is imported, and recording a review of it starts from no card', async () => {
    const store = await openTab(memoryStorage());
    const incoming = progress({ cards: JSON.parse(`{"constructor": ${JSON.stringify(applyReview(undefined, 3, '2026-03-01T09:00:00.000Z'))}}`) });
    const summary = store.getState().importProgress(incoming);
    assert.equal(summary.addedCards, 1);
    assert.ok(Object.hasOwn(store.getState().data.cards, 'constructor'));
    const fresh = await openTab(memoryStorage());
    fresh.getState().recordReview(review('constructor', '2026-03-02T09:00:00.000Z', 3));
    assert.deepEqual(fresh.getState().data.cards.constructor, applyReview(undefined, 3, '2026-03-02T09:00:00.000Z'));
  });
});
