import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  isQuotaError,
  listSetAside,
  loadProgress,
  loadProgressInSteps,
  mergeNotices,
  newSession,
  parseStoredProgress,
  PROGRESS_KEY,
  saveProgress,
  serializeProgress,
  SET_ASIDE_PREFIX,
} from '../lib/practice/progressStorage';
import { emptyProgress, PROGRESS_VERSION } from '../lib/practice/progressTypes';
import { progressToEntries, QUESTION_PREFIX, SETTINGS_KEY } from '../lib/practice/progressKeys';
import { memoryStorage, quotaError } from './support/memoryStorage';
import { keyedForm, storedProgress } from './support/storedProgress';
import { envelope, mock, progress, review, v1Fixture } from './support/progressFixtures';

const NOW = '2026-03-10T12:00:00.000Z';
const r1 = review('softmax-basics', '2026-03-01T09:00:00.000Z', 3);
const r2 = review('kv-cache', '2026-03-02T09:00:00.000Z', 4);
const r3 = review('softmax-basics', '2026-03-03T09:00:00.000Z', 1);
const setAsideKeys = (s: { map: Map<string, string> }) => [...s.map.keys()].filter((k) => k.startsWith(SET_ASIDE_PREFIX));

describe('loadProgressInSteps', () => {
  const cases: [string, Record<string, string>][] = [
    ['nothing stored', {}],
    ['current data (keyed)', progressToEntries(progress({ reviews: [r1, r2] }))],
    ['version 4 (backed up, then written keyed)', { [PROGRESS_KEY]: serializeProgress(progress({ reviews: [r1, r2] })) }],
    ['version 1 (backed up, then upgraded)', { [PROGRESS_KEY]: envelope(v1Fixture(), 1) }],
    ['not JSON (set aside)', { [PROGRESS_KEY]: '{"state":' }],
  ];
  for (const [name, initial] of cases) {
    test(`${name}: the same data, notices and writes as loadProgress, with a pause in between`, async () => {
      const once = memoryStorage(initial);
      const stepped = memoryStorage(initial);
      let pauses = 0;
      const session = newSession();
      const expected = loadProgress(once, NOW, session);
      const { raws, stored, ...result } = await loadProgressInSteps(stepped, NOW, async () => void pauses++);
      assert.deepEqual(result, expected);
      assert.deepEqual([...stepped.map], [...once.map]);
      assert.equal(pauses, Object.keys(initial).length === 0 ? 0 : 2);
      // `raws` is what storage holds, `stored` the data that holds exactly that: what loadProgress tells its session.
      assert.deepEqual(raws, session.lastData ? session.raws : null);
      assert.deepEqual(stored, session.lastData ?? null);
    });
  }
});

describe('loadProgress', () => {
  test('empty storage: empty progress, writable, no notices, nothing written', () => {
    const storage = memoryStorage();
    assert.deepEqual(loadProgress(storage, NOW), { data: emptyProgress(), notices: [], writable: true });
    assert.equal(storage.setCalls.length, 0);
  });

  test('round trip: saveProgress then loadProgress gives the data back', () => {
    const storage = memoryStorage();
    const data = progress({ reviews: [r1, r2, r3], mocks: [mock('m1', '2026-03-04T00:00:00.000Z')], settings: { newPerDay: 25, updatedAt: '2026-03-01T00:00:00.000Z' } });
    const saved = saveProgress(storage, data, NOW);
    assert.equal(saved.ok, true);
    assert.deepEqual(saved.notices, []);
    assert.deepEqual(keyedForm(storage), progressToEntries(data));
    assert.deepEqual(loadProgress(storage, NOW), { data, notices: [], writable: true });
  });

  test('invalid JSON: set aside with the exact text, notice setAside, data empty, the main value replaced by a readable one', () => {
    const raw = '{"state":{"data":{"version":2,"cards":{}';
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = loadProgress(storage, NOW);
    assert.deepEqual(result.data, emptyProgress());
    assert.equal(result.writable, true);
    assert.equal(result.notices.length, 1);
    const notice = result.notices[0];
    assert.equal(notice.kind, 'setAside');
    if (notice.kind !== 'setAside') return;
    assert.ok(notice.key.startsWith(SET_ASIDE_PREFIX));
    assert.equal(notice.salvaged, false);
    assert.match(notice.reason, /not valid JSON/);
    assert.equal(storage.map.get(notice.key), raw);
    // The copy is safe, so the damaged value is replaced: a later save must not set it aside again.
    assert.deepEqual(keyedForm(storage), progressToEntries(emptyProgress()));
    assert.ok(!storage.removeCalls.includes(notice.key));
    assert.deepEqual(listSetAside(storage), [{ key: notice.key, savedAt: NOW, characters: raw.length }]);
  });

  test('two set-asides in the same millisecond do not overwrite each other', () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: 'first' });
    const one = loadProgress(storage, NOW).notices[0];
    storage.map.set(PROGRESS_KEY, 'second');
    const two = loadProgress(storage, NOW).notices[0];
    assert.ok(one.kind === 'setAside' && two.kind === 'setAside');
    assert.notEqual(one.key, two.key);
    assert.equal(storage.map.get(one.key), 'first');
    assert.equal(storage.map.get(two.key), 'second');
  });

  test('a value that is JSON but not our envelope is set aside', () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: '{"theme":"dark"}' });
    const result = loadProgress(storage, NOW);
    assert.equal(result.notices[0].kind, 'setAside');
    assert.deepEqual(result.data, emptyProgress());
    assert.equal(setAsideKeys(storage).length, 1);
  });

  test('a newer version is set aside, not read, and the reason says newer', () => {
    const raw = envelope({ ...emptyProgress(), version: PROGRESS_VERSION + 1 }, PROGRESS_VERSION + 1);
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = loadProgress(storage, NOW);
    assert.equal(result.notices[0].kind, 'setAside');
    assert.match(result.notices[0].kind === 'setAside' ? result.notices[0].reason : '', /newer/);
    assert.equal(storage.map.get(setAsideKeys(storage)[0]), raw);
  });

  test('partly bad data: salvaged, notice salvaged: true with the problems, original set aside', () => {
    const good = progress({ reviews: [r1, r2] });
    const stored = JSON.parse(JSON.stringify(good));
    stored.reviews.push({ ...r3, rating: 7 });
    const raw = envelope(stored);
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = loadProgress(storage, NOW);
    assert.deepEqual(result.data, good);
    assert.equal(result.writable, true);
    assert.equal(result.notices.length, 1);
    const notice = result.notices[0];
    assert.ok(notice.kind === 'setAside');
    assert.equal(notice.salvaged, true);
    assert.equal(notice.problems.length, 1);
    assert.match(notice.problems[0], /^reviews\[2\] ?\.rating/);
    assert.equal(notice.reason, '1 saved record was damaged and left out');
    assert.equal(storage.map.get(notice.key), raw);
    assert.deepEqual(keyedForm(storage), progressToEntries(good));
  });

  test('v1 stored: migrated, a backup set aside as before-upgrade, no notice', () => {
    const raw = envelope(v1Fixture(), 1);
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = loadProgress(storage, NOW);
    assert.deepEqual(result.notices, []);
    assert.equal(result.writable, true);
    assert.equal(result.data.version, PROGRESS_VERSION);
    assert.deepEqual(result.data.settings, { newPerDay: 15, updatedAt: '1970-01-01T00:00:00.000Z' });
    assert.equal(result.data.cards['scaled-dot-product'].learningSteps, 0);
    assert.equal(result.data.reviews.length, 2);
    const keys = setAsideKeys(storage);
    assert.equal(keys.length, 1);
    assert.ok(keys[0].includes('before-upgrade'), keys[0]);
    assert.ok(keys[0].includes('v1'), keys[0]);
    assert.equal(storage.map.get(keys[0]), raw);
    // Upgraded: written in the keyed form, the index last.
    assert.deepEqual(keyedForm(storage), progressToEntries(result.data));
    assert.equal(storage.setCalls.at(-1)?.key, PROGRESS_KEY);
  });

  test('v1 stored but no room for the backup: notSetAside, not writable, data still read', () => {
    const raw = envelope(v1Fixture(), 1);
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    storage.full = true;
    const result = loadProgress(storage, NOW);
    assert.equal(result.writable, false);
    assert.equal(result.notices[0].kind, 'notSetAside');
    assert.equal(result.data.reviews.length, 2);
    assert.equal(storage.map.get(PROGRESS_KEY), raw);
  });

  test('set-aside impossible (quota on the copy): notSetAside, not writable, original untouched', () => {
    const raw = 'not json at all, but the learner\'s only copy';
    // Room for the original, not for a second copy of it.
    const storage = memoryStorage({ [PROGRESS_KEY]: raw }, { quotaChars: PROGRESS_KEY.length + raw.length + 20 });
    const result = loadProgress(storage, NOW);
    assert.equal(result.writable, false);
    assert.equal(result.notices.length, 1);
    const notice = result.notices[0];
    assert.equal(notice.kind, 'notSetAside');
    assert.match(notice.kind === 'notSetAside' ? notice.detail : '', /QuotaExceededError/);
    assert.equal(storage.map.get(PROGRESS_KEY), raw);
    assert.deepEqual(setAsideKeys(storage), []);
    assert.ok(storage.setCalls.length >= 1, 'the copy was attempted');
    assert.ok(storage.setCalls.every((c) => c.key !== PROGRESS_KEY), 'the main value was never written');
  });

  test('getItem throwing (blocked storage): unavailable, not writable', () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: serializeProgress(progress({ reviews: [r1] })) });
    storage.blocked = true;
    const result = loadProgress(storage, NOW);
    assert.deepEqual(result.data, emptyProgress());
    assert.equal(result.writable, false);
    assert.equal(result.notices.length, 1);
    assert.equal(result.notices[0].kind, 'unavailable');
    assert.match(result.notices[0].kind === 'unavailable' ? result.notices[0].detail : '', /SecurityError/);
  });

  test('null storage: unavailable', () => {
    const result = loadProgress(null, NOW);
    assert.deepEqual(result.data, emptyProgress());
    assert.equal(result.writable, false);
    assert.deepEqual(result.notices.map((n) => n.kind), ['unavailable']);
  });
});

describe('saveProgress', () => {
  test('with a session: skips the merge only while storage holds what this page last saw', () => {
    const r4 = review('kv-cache', '2026-03-04T09:00:00.000Z', 3);
    const storage = memoryStorage();
    const tab = newSession();
    saveProgress(storage, progress({ reviews: [r1] }), NOW, tab);
    assert.equal(tab.raws.get(PROGRESS_KEY), storage.map.get(PROGRESS_KEY));
    // Another tab (no session) adds r2, and r2b to the question this tab answers next.
    const r2b = review('softmax-basics', '2026-03-02T10:00:00.000Z', 2);
    saveProgress(storage, progress({ reviews: [r1, r2, r2b] }), NOW);
    // This tab saves r3 without knowing either: the key it writes changed, so it merges that
    // question. r2's question is not read (its storage event brings it), and stays stored.
    const merged = saveProgress(storage, progress({ reviews: [r1, r3] }), NOW, tab);
    assert.deepEqual(merged.data.reviews, [r1, r2b, r3]);
    assert.equal(merged.changed, true);
    assert.deepEqual(loadProgress(storage, NOW).data.reviews, [r1, r2, r2b, r3]);
    // Before it takes in the merge it saves again from its own copy: r2 and r2b must survive.
    saveProgress(storage, progress({ reviews: [r1, r3, r4] }), NOW, tab);
    assert.deepEqual(loadProgress(storage, NOW).data.reviews, [r1, r2, r2b, r3, r4]);
    // Once its copy holds everything, saves write only what changed and still lose nothing.
    const all = progress({ reviews: [r1, r2, r2b, r3, r4] });
    saveProgress(storage, all, NOW, tab);
    assert.deepEqual(tab.raws, new Map(Object.entries(keyedForm(storage))));
    const r5 = review('softmax-basics', '2026-03-05T09:00:00.000Z', 4);
    const calls = storage.setCalls.length;
    saveProgress(storage, progress({ reviews: [r1, r2, r2b, r3, r4, r5] }), NOW, tab);
    assert.deepEqual(storage.setCalls.slice(calls).map((c) => c.key), [`${QUESTION_PREFIX}softmax-basics`, PROGRESS_KEY]);
    assert.deepEqual(loadProgress(storage, NOW).data.reviews, [r1, r2, r2b, r3, r4, r5]);
  });

  test('merges with what another tab wrote in between: no review lost', () => {
    const storage = memoryStorage();
    // Both tabs loaded r1; tab B then saved r2; tab A now saves r3.
    saveProgress(storage, progress({ reviews: [r1] }), NOW);
    saveProgress(storage, progress({ reviews: [r1, r2] }), NOW);
    const result = saveProgress(storage, progress({ reviews: [r1, r3] }), NOW);
    const all = progress({ reviews: [r1, r2, r3] });
    assert.equal(result.ok, true);
    assert.equal(result.changed, true);
    assert.deepEqual(result.data, all);
    assert.deepEqual(loadProgress(storage, NOW).data, all);
  });

  test('does not write when storage already holds everything', () => {
    const storage = memoryStorage();
    saveProgress(storage, progress({ reviews: [r1, r2, r3] }), NOW);
    const before = storage.setCalls.length;
    const same = saveProgress(storage, progress({ reviews: [r1, r2, r3] }), NOW);
    const subset = saveProgress(storage, progress({ reviews: [r1, r2] }), NOW);
    assert.equal(storage.setCalls.length, before);
    assert.deepEqual(same, { data: progress({ reviews: [r1, r2, r3] }), changed: false, notices: [], ok: true });
    // The older copy learns what storage had.
    assert.equal(subset.changed, true);
    assert.deepEqual(subset.data, progress({ reviews: [r1, r2, r3] }));
  });

  test('writes when only the settings are newer', () => {
    const storage = memoryStorage();
    saveProgress(storage, progress({ reviews: [r1] }), NOW);
    const before = storage.setCalls.length;
    const settings = { newPerDay: 40, updatedAt: '2026-03-09T00:00:00.000Z' };
    saveProgress(storage, progress({ reviews: [r1], settings }), NOW);
    // The settings, and the index that stamps them: nothing else.
    assert.deepEqual(storage.setCalls.slice(before).map((c) => c.key), [SETTINGS_KEY, PROGRESS_KEY]);
    assert.deepEqual(loadProgress(storage, NOW).data.settings, settings);
  });

  test('quota on write: notice full, ok false, and the returned data still has the reviews', () => {
    const storage = memoryStorage();
    saveProgress(storage, progress({ reviews: [r1] }), NOW);
    storage.full = true;
    const result = saveProgress(storage, progress({ reviews: [r1, r2] }), NOW);
    assert.equal(result.ok, false);
    assert.deepEqual(result.notices.map((n) => n.kind), ['full']);
    assert.deepEqual(result.data.reviews, [r1, r2]);
    assert.deepEqual(loadProgress(storage, NOW).data.reviews, [r1]);
  });

  test('quota by size: a value too big for what is left fails as full', () => {
    const storage = memoryStorage({}, { quotaChars: 300 });
    const result = saveProgress(storage, progress({ reviews: [r1, r2, r3] }), NOW);
    assert.equal(result.ok, false);
    assert.equal(result.notices[0].kind, 'full');
    assert.equal(storage.map.size, 0);
  });

  test('blocked storage on write: unavailable, ok false', () => {
    const storage = memoryStorage();
    storage.blocked = true;
    const result = saveProgress(storage, progress({ reviews: [r1] }), NOW);
    assert.equal(result.ok, false);
    assert.deepEqual(result.notices.map((n) => n.kind), ['unavailable']);
    assert.deepEqual(result.data.reviews, [r1]);
  });

  test('null storage: unavailable, ok false', () => {
    const data = progress({ reviews: [r1] });
    const result = saveProgress(null, data, NOW);
    assert.equal(result.ok, false);
    assert.deepEqual(result.data, data);
    assert.deepEqual(result.notices.map((n) => n.kind), ['unavailable']);
  });

  test('unreadable stored value: set aside before being written over', () => {
    const raw = '<<garbage>>';
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const data = progress({ reviews: [r1] });
    const result = saveProgress(storage, data, NOW);
    assert.equal(result.ok, true);
    assert.equal(result.notices[0].kind, 'setAside');
    assert.equal(storage.map.get(setAsideKeys(storage)[0]), raw);
    assert.deepEqual(loadProgress(storage, NOW).data, data);
  });

  test('unreadable stored value that cannot be set aside: nothing written', () => {
    const raw = '<<garbage>>';
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    storage.full = true;
    const result = saveProgress(storage, progress({ reviews: [r1] }), NOW);
    assert.equal(result.ok, false);
    assert.equal(result.notices[0].kind, 'notSetAside');
    assert.equal(storage.map.get(PROGRESS_KEY), raw);
  });

  test('partly bad stored value: its good records are merged in, the original set aside', () => {
    const stored = JSON.parse(JSON.stringify(progress({ reviews: [r2] })));
    stored.reviews.push({ questionId: 'BAD ID', reviewedAt: NOW, rating: 3, correct: null, seconds: 1 });
    const raw = envelope(stored);
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = saveProgress(storage, progress({ reviews: [r1] }), NOW);
    assert.equal(result.ok, true);
    assert.deepEqual(result.data, progress({ reviews: [r1, r2] }));
    const notice = result.notices[0];
    assert.ok(notice.kind === 'setAside' && notice.salvaged);
    assert.equal(storage.map.get(notice.key), raw);
  });
});

describe('parseStoredProgress and isQuotaError', () => {
  test('reads a stored value of the current version with no problems', () => {
    const data = progress({ reviews: [r1] });
    assert.deepEqual(parseStoredProgress(serializeProgress(data)), { ok: true, data, problems: [], unknown: [], migratedFrom: PROGRESS_VERSION });
  });

  test('quota errors by name and code', () => {
    assert.equal(isQuotaError(quotaError()), true);
    assert.equal(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' }), true);
    assert.equal(isQuotaError({ code: 22 }), true);
    assert.equal(isQuotaError({ code: 1014 }), true);
    assert.equal(isQuotaError(new Error('quota')), false);
    assert.equal(isQuotaError('QuotaExceededError'), false);
    assert.equal(isQuotaError(null), false);
  });
});

describe('fields this version does not use are never dropped without a copy', () => {
  /** Sound progress, stored with a top-level `notes` and a review's `confidence` added by hand or by another tool. */
  const withExtras = () => {
    const data = progress({ reviews: [r1, r2] });
    const raw = JSON.parse(serializeProgress(data)) as { state: { data: Record<string, unknown> & { reviews: Record<string, unknown>[] } } };
    raw.state.data.notes = 'ask about RoPE';
    raw.state.data.reviews[1].confidence = 0.8;
    return { data, raw: JSON.stringify(raw) };
  };

  test('load: the original is set aside first, the learner is told which fields, and the data loads', () => {
    const { data, raw } = withExtras();
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = loadProgress(storage, NOW);
    assert.deepEqual(result.data, data, 'everything this version knows is loaded');
    assert.equal(result.writable, true);
    assert.equal(result.notices.length, 1);
    const notice = result.notices[0];
    assert.ok(notice.kind === 'setAside');
    assert.equal(notice.unknownFields, true);
    assert.equal(notice.salvaged, true);
    assert.equal(notice.reason, 'its fields notes, reviews[].confidence are not used by this version of the site, so they are left out');
    assert.deepEqual(setAsideKeys(storage), [`${SET_ASIDE_PREFIX}${NOW}~unknown-fields`]);
    assert.equal(storage.map.get(notice.key), raw, 'the set-aside copy is the original, byte for byte');
    // Storage now holds what this version writes, so the next read is clean and copies nothing again.
    assert.deepEqual(keyedForm(storage), progressToEntries(data));
    assert.deepEqual(loadProgress(storage, NOW).notices, []);
    assert.equal(setAsideKeys(storage).length, 1);
  });

  test('load: no room for the copy: not writable, the original left untouched', () => {
    const { data, raw } = withExtras();
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    storage.full = true;
    const result = loadProgress(storage, NOW);
    assert.equal(result.writable, false);
    assert.deepEqual(result.data, data);
    assert.equal(result.notices[0].kind, 'notSetAside');
    assert.equal(storage.map.get(PROGRESS_KEY), raw);
  });

  test('save: fields another tab stored are set aside before the write that would drop them', () => {
    const { raw } = withExtras();
    const storage = memoryStorage({ [PROGRESS_KEY]: raw });
    const result = saveProgress(storage, progress({ reviews: [r3] }), NOW);
    assert.equal(result.ok, true);
    assert.equal(result.notices.length, 1);
    const notice = result.notices[0];
    assert.ok(notice.kind === 'setAside' && notice.unknownFields === true);
    assert.equal(storage.map.get(notice.key), raw);
    assert.deepEqual(loadProgress(storage, NOW).data.reviews, [r1, r2, r3], 'the stored reviews were merged in');
  });

  test('unknown fields are counted by place, in cards, settings, mocks and their answers too', () => {
    const value = JSON.parse(serializeProgress(progress({ reviews: [r1, r2], mocks: [mock('m1', '2026-03-04T00:00:00.000Z')] }))).state.data;
    value.settings.theme = 'dark';
    for (const r of value.reviews) r.confidence = 1;
    for (const c of Object.values(value.cards) as Record<string, unknown>[]) c.note = 'x';
    value.mocks[0].answers[0].hint = true;
    const parsed = parseStoredProgress(JSON.stringify({ state: { data: value }, version: 2 }));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.unknown, ['settings.theme', 'cards[…].note (2 times)', 'reviews[].confidence (2 times)', 'mocks[].answers[].hint']);
  });
});

describe('mergeNotices: one notice per problem, however often storage is read', () => {
  test('the same unreadable value read twice (new times in the error) gives one notice', () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: 'garbage' });
    storage.full = true;
    const first = loadProgress(storage, '2026-03-10T12:00:00.000Z').notices;
    // A browser's quota error names the key it failed to write, which carries the time of the read.
    const second = loadProgress(storage, '2026-03-10T12:00:05.000Z').notices.map((n) => ({ ...n, detail: `QuotaExceededError: setting ${SET_ASIDE_PREFIX}2026-03-10T12:00:05.000Z~unreadable` }));
    assert.equal(first[0].kind, 'notSetAside');
    assert.notDeepEqual(first, second, 'the error text differs between reads');
    assert.equal(mergeNotices(first, second).length, 1);
    assert.equal(mergeNotices([], [...first, ...second]).length, 1, 'also within one batch');
    assert.equal(mergeNotices([{ kind: 'full', detail: 'a' }], [{ kind: 'full', detail: 'b' }]).length, 1);
    assert.equal(mergeNotices(first, [{ kind: 'full', detail: 'b' }]).length, 2, 'different news is kept');
  });
});
