import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyReview } from '../lib/practice/fsrsScheduler';
import { changedKeys } from '../lib/practice/progressChanges';
import { entriesFor, entriesSize, indexValue, monthKey, PREDICTIONS_KEY, progressToEntries, PROGRESS_KEY, questionKey, SETTINGS_KEY } from '../lib/practice/progressKeys';
import { listSetAside, loadProgress, newSession, saveProgress, serializeProgress, SET_ASIDE_PREFIX } from '../lib/practice/progressStorage';
import type { ProgressData } from '../lib/practice/progressTypes';
import { createProgressStore } from '../lib/stores/progressStore';
import { memoryStorage, type MemoryStorage } from './support/memoryStorage';
import { answer, card, mock, prediction, progress, review } from './support/progressFixtures';
import { keyedForm, storedProgress } from './support/storedProgress';

const NOW = '2026-03-10T12:00:00.000Z';
const r1 = review('softmax-basics', '2026-03-01T09:00:00.000Z', 3);
const r2 = review('kv-cache', '2026-03-02T09:00:00.000Z', 4);
const r3 = review('rope', '2026-03-03T09:00:00.000Z', 2);
const r4 = review('softmax-basics', '2026-03-04T09:00:00.000Z', 1);
const setAsideKeys = (s: MemoryStorage) => [...s.map.keys()].filter((k) => k.startsWith(SET_ASIDE_PREFIX));

const ids = ['softmax-basics', 'kv-cache', 'rope', 'constructor', 'alibi'];
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
/** Progress as the site could hold it: any reviews (unique by question and time), cards with or without reviews, mocks across months, predictions, settings. */
const progressArb: fc.Arbitrary<ProgressData> = fc
  .record({
    reviews: fc.uniqueArray(
      fc.record({ questionId: fc.constantFrom(...ids), reviewedAt: fc.integer({ min: 0, max: 60 * 24 * 120 }).map(at), rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const), correct: fc.constantFrom(true, false, null), seconds: fc.integer({ min: 0, max: 3600 }) }),
      { selector: (r) => `${r.questionId} ${r.reviewedAt}`, maxLength: 40 },
    ).map((reviews) => reviews.map((r) => ({ ...r }))),
    lonelyCards: fc.uniqueArray(fc.constantFrom('never-reviewed', 'kv-cache', 'constructor'), { maxLength: 2 }),
    mocks: fc.uniqueArray(fc.integer({ min: 0, max: 60 * 24 * 120 }), { maxLength: 6 }).map((starts) => starts.map((m, i) => mock(`m${i}`, at(m), [answer('rope', { selfScore: i % 2 ? 0.5 : null, gradedAt: i % 2 ? at(m + 30) : null })]))),
    predictions: fc.uniqueArray(fc.integer({ min: 0, max: 60 * 24 * 120 }), { maxLength: 5 }).map((times) => times.map((m, i) => prediction(`p${i}`, at(m)))),
    newPerDay: fc.integer({ min: 0, max: 200 }),
    filtered: fc.boolean(),
  })
  .map(({ reviews, lonelyCards, mocks, predictions, newPerDay, filtered }) => {
    const data = progress({ reviews, mocks, predictions, settings: { newPerDay, updatedAt: at(5), ...(filtered ? { filters: { topics: ['attention'], lessons: [], types: ['numeric' as const], difficulties: [2 as const], onlyWrong: true } } : {}) } });
    for (const id of lonelyCards) if (!Object.hasOwn(data.cards, id)) Object.defineProperty(data.cards, id, { value: card(), enumerable: true, writable: true, configurable: true });
    return data;
  });

describe('the keyed form (stored form 5)', () => {
  test('round trip: ProgressData → its keys → loadProgress gives the same data, with nothing written', () => {
    fc.assert(
      fc.property(progressArb, (data) => {
        const storage = memoryStorage(progressToEntries(data));
        const loaded = loadProgress(storage, NOW);
        assert.deepEqual(loaded, { data, notices: [], writable: true });
        assert.equal(storage.setCalls.length, 0);
      }),
      { numRuns: 150 },
    );
  });

  test('upgrade: a version 4 value loads as the same data, is set aside as before-upgrade-from-v4, and storage then holds the keyed form', () => {
    fc.assert(
      fc.property(progressArb, (data) => {
        const v4 = serializeProgress(data);
        const storage = memoryStorage({ [PROGRESS_KEY]: v4 });
        const loaded = loadProgress(storage, NOW);
        assert.deepEqual(loaded, { data, notices: [], writable: true });
        assert.deepEqual(setAsideKeys(storage), [`${SET_ASIDE_PREFIX}${NOW}~before-upgrade-from-v4`]);
        assert.equal(storage.map.get(setAsideKeys(storage)[0]), v4);
        assert.deepEqual(keyedForm(storage), progressToEntries(data));
        // The index is written after every value, so a write cut short never leaves an index ahead of its values.
        assert.equal(storage.setCalls.at(-1)?.key, PROGRESS_KEY);
      }),
      { numRuns: 100 },
    );
  });

  test('a rating changes one question\'s key (and the index), found by reference, not by serialising', () => {
    const data = progress({ reviews: [r1, r2, r3], mocks: [mock('m1', '2026-02-04T00:00:00.000Z')] });
    assert.deepEqual([...changedKeys(data, data)], []);
    const rated = { ...data, cards: { ...data.cards, 'softmax-basics': applyReview(data.cards['softmax-basics'], 1, r4.reviewedAt) }, reviews: [...data.reviews, r4] };
    assert.deepEqual([...changedKeys(data, rated)], [questionKey('softmax-basics')]);
    assert.deepEqual([...changedKeys(data, { ...data, settings: { ...data.settings } })], [SETTINGS_KEY]);
    assert.deepEqual([...changedKeys(data, { ...data, mocks: [...data.mocks, mock('m2', '2026-03-05T00:00:00.000Z')] })], [monthKey('2026-03')]);
    assert.deepEqual([...changedKeys(data, { ...data, predictions: [prediction('p1', NOW)] })], [PREDICTIONS_KEY]);
    // The log alone, with no card changed (a card this site did not write, or none): still found.
    const cardless = { ...data, cards: {} };
    assert.deepEqual([...changedKeys(cardless, { ...cardless, reviews: [...data.reviews, r4] })], [questionKey('softmax-basics')]);
    // A review inserted in the middle of the log (a merge) marks its question, and those after it.
    const merged = progress({ reviews: [r1, r2, r3] });
    assert.ok(changedKeys(progress({ reviews: [r1, r3] }), merged).has(questionKey('kv-cache')));
  });

  test('a session\'s save of one rating writes that question, then the index, and reads nothing else', () => {
    const data = progress({ reviews: [r1, r2, r3] });
    const storage = memoryStorage(progressToEntries(data));
    const session = newSession();
    const loaded = loadProgress(storage, NOW, session).data;
    const rated = { ...loaded, cards: { ...loaded.cards, 'softmax-basics': applyReview(loaded.cards['softmax-basics'], 1, r4.reviewedAt) }, reviews: [...loaded.reviews, r4] };
    const saved = saveProgress(storage, rated, NOW, session);
    assert.equal(saved.ok, true);
    assert.deepEqual(storage.setCalls.map((c) => c.key), [questionKey('softmax-basics'), PROGRESS_KEY]);
    assert.deepEqual(storedProgress(storage), rated);
  });
});

describe('the keyed form: recovery', () => {
  const data = progress({ reviews: [r1, r2, r3], mocks: [mock('m1', '2026-02-04T00:00:00.000Z')], predictions: [prediction('p1', NOW)] });
  const damaged: [string, string, string, (d: ProgressData) => ProgressData, RegExp][] = [
    ['corrupt JSON', questionKey('kv-cache'), '{"card":{"due"', (d) => ({ ...d, cards: withoutCard(d.cards, 'kv-cache'), reviews: d.reviews.filter((r) => r !== r2) }), /the saved record of question “kv-cache” is not valid JSON/],
    ['not a question\'s shape', questionKey('kv-cache'), '[1,2,3]', (d) => ({ ...d, cards: withoutCard(d.cards, 'kv-cache'), reviews: d.reviews.filter((r) => r !== r2) }), /the saved record of question “kv-cache” is not a question's card and reviews/],
    ['a mock month that is not a list', monthKey('2026-02'), '{"m1":true}', (d) => ({ ...d, mocks: [] }), /mock interviews of 2026-02 is not a list/],
    ['predictions that are not a list', PREDICTIONS_KEY, '"p1"', (d) => ({ ...d, predictions: [] }), /predictions is not a list/],
  ];
  for (const [name, key, raw, expected, reason] of damaged) {
    test(`${name}: that value alone is set aside (listed in "Your data"), the rest loads`, () => {
      const storage = memoryStorage({ ...progressToEntries(data), [key]: raw });
      const loaded = loadProgress(storage, NOW);
      assert.deepEqual(loaded.data, expected(data));
      assert.equal(loaded.writable, true);
      assert.equal(loaded.notices.length, 1);
      const notice = loaded.notices[0];
      assert.ok(notice.kind === 'setAside');
      assert.match(notice.reason, reason);
      // The rest of the learner's progress was kept, and the notice says so.
      assert.equal(notice.salvaged, true);
      assert.equal(storage.map.get(notice.key), raw);
      assert.deepEqual(listSetAside(storage), [{ key: notice.key, savedAt: NOW, characters: raw.length }]);
      // The damaged value is gone (its copy is safe), so the next read is clean.
      assert.deepEqual(keyedForm(storage), progressToEntries(expected(data)));
      assert.deepEqual(loadProgress(storage, NOW).notices, []);
    });
  }

  test('a damaged record inside a question\'s value (a bad rating, another question\'s review): dropped and named, the rest of it kept', () => {
    const value = JSON.parse(progressToEntries(data)[questionKey('softmax-basics')]);
    value.reviews.push({ ...r4, rating: 9 }, { ...r2 });
    const raw = JSON.stringify(value);
    const storage = memoryStorage({ ...progressToEntries(data), [questionKey('softmax-basics')]: raw });
    const loaded = loadProgress(storage, NOW);
    assert.deepEqual(loaded.data, data);
    const notice = loaded.notices[0];
    assert.ok(notice.kind === 'setAside' && notice.salvaged);
    assert.deepEqual(notice.problems, ['the saved record of question “softmax-basics”: reviews[2] is not a review of softmax-basics; dropped', 'the saved record of question “softmax-basics”: reviews[1].rating must be 1, 2, 3 or 4, got 9; dropped']);
    assert.equal(storage.map.get(notice.key), raw);
  });

  test('missing index: progress is read from the question keys and the index rebuilt, with no notice', () => {
    const entries = progressToEntries(data);
    delete entries[PROGRESS_KEY];
    const storage = memoryStorage(entries);
    assert.deepEqual(loadProgress(storage, NOW), { data, notices: [], writable: true });
    assert.deepEqual(storage.setCalls.map((c) => c.key), [PROGRESS_KEY]);
    assert.equal(storage.map.get(PROGRESS_KEY), indexValue(data));
  });

  test('damaged index: set aside, progress recovered from the question keys', () => {
    const storage = memoryStorage({ ...progressToEntries(data), [PROGRESS_KEY]: '{"state":{"data":{"version":5' });
    const loaded = loadProgress(storage, NOW);
    assert.deepEqual(loaded.data, data);
    assert.equal(loaded.notices.length, 1);
    assert.ok(loaded.notices[0].kind === 'setAside');
    assert.deepEqual(keyedForm(storage), progressToEntries(data));
  });

  test('a save cut short after its question\'s value, before the index: the value is trusted, nothing is lost', () => {
    const storage = memoryStorage(progressToEntries(data));
    const rated = progress({ reviews: [r1, r2, r3, r4], mocks: data.mocks, predictions: data.predictions });
    storage.setItem(questionKey('softmax-basics'), entriesFor(rated, [questionKey('softmax-basics')])[questionKey('softmax-basics')]);
    assert.deepEqual(loadProgress(storage, NOW).data, rated);
  });

  test('quota on a question\'s write: the "full" notice, storage as it was, the data kept to save later', () => {
    const storage = memoryStorage(progressToEntries(data));
    const session = newSession();
    const loaded = loadProgress(storage, NOW, session).data;
    const before = new Map(storage.map);
    storage.quotaChars = storage.usedChars() + 10;
    const rated = { ...loaded, cards: { ...loaded.cards, 'softmax-basics': applyReview(loaded.cards['softmax-basics'], 1, r4.reviewedAt) }, reviews: [...loaded.reviews, r4] };
    const saved = saveProgress(storage, rated, NOW, session);
    assert.equal(saved.ok, false);
    assert.deepEqual(saved.notices.map((n) => n.kind), ['full']);
    assert.deepEqual(saved.data, rated);
    assert.deepEqual(storage.map, before);
    // Room again: the next save writes what the failed one could not.
    storage.quotaChars = Infinity;
    assert.equal(saveProgress(storage, rated, NOW, session).ok, true);
    assert.deepEqual(storedProgress(storage), rated);
  });

  test('a save that fails half-way undoes what it wrote (an import that does not fit changes nothing)', () => {
    const storage = memoryStorage(progressToEntries(data));
    const session = newSession();
    const loaded = loadProgress(storage, NOW, session).data;
    const before = new Map(storage.map);
    const big = progress({ reviews: [...loaded.reviews, ...Array.from({ length: 40 }, (_, i) => review(`q-${i}`, at(i)))] });
    storage.quotaChars = storage.usedChars() + 2000;
    assert.ok(entriesSize(progressToEntries(big)) > storage.quotaChars, 'fixture');
    assert.equal(saveProgress(storage, big, NOW, session).ok, false);
    assert.deepEqual(storage.map, before);
  });
});

describe('the keyed form and a tab still on version 4', () => {
  const mine = progress({ reviews: [r1, r2], predictions: [prediction('p1', NOW)] });
  const theirs = progress({ reviews: [r1, r3], settings: { newPerDay: 44, updatedAt: '2026-03-09T00:00:00.000Z' } });
  const both = progress({ reviews: [r1, r2, r3], predictions: [prediction('p1', NOW)], settings: theirs.settings });

  test('loading: the old tab\'s value under the index is set aside, merged with the keyed values, and the keyed form written again', () => {
    // This version wrote the keyed form; the old tab then refused the index and wrote its own whole value over it.
    const storage = memoryStorage({ ...progressToEntries(mine), [PROGRESS_KEY]: serializeProgress(theirs) });
    const loaded = loadProgress(storage, NOW);
    assert.deepEqual(loaded, { data: both, notices: [], writable: true });
    assert.deepEqual(setAsideKeys(storage), [`${SET_ASIDE_PREFIX}${NOW}~before-upgrade-from-v4`]);
    assert.deepEqual(keyedForm(storage), progressToEntries(both));
  });

  test('saving: a tab on this version that finds the old tab\'s value merges it in before writing, losing neither side', () => {
    const storage = memoryStorage(progressToEntries(mine));
    const session = newSession();
    const loaded = loadProgress(storage, NOW, session).data;
    storage.setItem(PROGRESS_KEY, serializeProgress(theirs));
    const r5 = review('kv-cache', '2026-03-05T09:00:00.000Z', 3);
    const rated = { ...loaded, cards: { ...loaded.cards, 'kv-cache': applyReview(loaded.cards['kv-cache'], 3, r5.reviewedAt) }, reviews: [...loaded.reviews, r5] };
    const saved = saveProgress(storage, rated, NOW, session);
    assert.equal(saved.ok, true);
    assert.equal(saved.changed, true);
    const all = progress({ reviews: [r1, r2, r3, r5], predictions: mine.predictions, settings: theirs.settings });
    assert.deepEqual(saved.data, all);
    assert.deepEqual(storedProgress(storage), all);
    assert.ok(setAsideKeys(storage).some((k) => k.endsWith('before-upgrade-from-v4')));
    // Its next save, from its own copy that has not taken in the merge yet, still loses nothing.
    const r6 = review('rope', '2026-03-06T09:00:00.000Z', 3);
    saveProgress(storage, { ...rated, reviews: [...rated.reviews, r6], cards: { ...rated.cards, rope: applyReview(undefined, 3, r6.reviewedAt) } }, NOW, session);
    assert.deepEqual(storedProgress(storage).reviews, [r1, r2, r3, r5, r6]);
  });

  test('the store: the old tab\'s write (its storage event names the index) is read again, merged, and written keyed', async () => {
    const storage = memoryStorage(progressToEntries(mine));
    const store = createProgressStore({ storage: () => storage, now: () => NOW, pause: () => new Promise((resolve) => setTimeout(resolve, 0)) });
    await store.persist.rehydrate();
    storage.setItem(PROGRESS_KEY, serializeProgress(theirs));
    store.getState().syncStorage([PROGRESS_KEY]);
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(store.getState().data, both);
    assert.deepEqual(storedProgress(storage), both);
    assert.ok(storage.map.get(PROGRESS_KEY)!.includes('"version":5'));
  });
});

describe('the store: another tab\'s save, by the keys its events name', () => {
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const openTab = async (storage: MemoryStorage) => {
    const store = createProgressStore({ storage: () => storage, now: () => NOW, pause: () => new Promise((resolve) => setTimeout(resolve, 0)) });
    await store.persist.rehydrate();
    await settle();
    return store;
  };

  test('a rating in tab B reaches tab A through its question\'s key; A reads only that, writes nothing back', async () => {
    const storage = memoryStorage(progressToEntries(progress({ reviews: [r1, r2, r3] })));
    const a = await openTab(storage);
    const b = await openTab(storage);
    const writes = storage.setCalls.length;
    b.getState().recordReview(r4);
    await settle();
    const written = storage.setCalls.slice(writes).map((c) => c.key);
    assert.deepEqual(written, [questionKey('softmax-basics'), PROGRESS_KEY]);
    const reads: string[] = [];
    const getItem = storage.getItem;
    storage.getItem = (key) => (reads.push(key), getItem.call(storage, key));
    a.getState().syncStorage(written);
    await settle();
    storage.getItem = getItem;
    assert.deepEqual(a.getState().data, b.getState().data);
    assert.deepEqual([...new Set(reads)].sort(), [PROGRESS_KEY, questionKey('softmax-basics')]);
    assert.equal(storage.setCalls.length, writes + 2, 'A wrote nothing back');
  });

  test('a missed event: the index\'s stamps name the question that changed', async () => {
    const storage = memoryStorage(progressToEntries(progress({ reviews: [r1, r2] })));
    const a = await openTab(storage);
    const b = await openTab(storage);
    b.getState().recordReview(r3);
    await settle();
    a.getState().syncStorage([PROGRESS_KEY]);
    await settle();
    assert.deepEqual(a.getState().data.reviews, [r1, r2, r3]);
  });

  test('A answers while B\'s save is unread: A\'s next save merges B\'s value of that question, nothing lost', async () => {
    const storage = memoryStorage(progressToEntries(progress({ reviews: [r1] })));
    const a = await openTab(storage);
    const b = await openTab(storage);
    b.getState().recordReview(r4);
    await settle();
    a.getState().recordReview(review('softmax-basics', '2026-03-05T09:00:00.000Z', 3));
    await settle();
    assert.deepEqual(storedProgress(storage).reviews.map((r) => r.reviewedAt), [r1.reviewedAt, r4.reviewedAt, '2026-03-05T09:00:00.000Z']);
    assert.deepEqual(a.getState().data.reviews.length, 3);
  });
});

function withoutCard(cards: ProgressData['cards'], id: string): ProgressData['cards'] {
  const copy = { ...cards };
  delete copy[id];
  return copy;
}
