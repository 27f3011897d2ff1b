import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { migrateProgress } from '../lib/practice/progressMigrations';
import { checkProgress } from '../lib/practice/progressSchema';
import { emptyProgress } from '../lib/practice/progressTypes';
import { v1Fixture } from './support/progressFixtures';

/**
 * The fixture lifted by hand: elapsedDays gone, learningSteps 0, newPerDay into settings at the
 * epoch, no mocks (v1 → v2); then version 3, whose only change is optional saved filters (none);
 * then version 4, which adds the step-through's predictions (none yet).
 */
const EXPECTED_V4 = {
  version: 4,
  cards: {
    'softmax-basics': {
      due: '2026-02-05T09:00:00.000Z',
      stability: 2.3065,
      difficulty: 2.1181,
      scheduledDays: 2,
      reps: 1,
      lapses: 0,
      state: 'review',
      lastReview: '2026-02-03T09:00:00.000Z',
      learningSteps: 0,
    },
    'scaled-dot-product': {
      due: '2026-02-03T10:10:00.000Z',
      stability: 0.40255,
      difficulty: 7.1949,
      scheduledDays: 0,
      reps: 1,
      lapses: 0,
      state: 'learning',
      lastReview: '2026-02-03T10:00:00.000Z',
      learningSteps: 0,
    },
  },
  reviews: [
    { questionId: 'softmax-basics', reviewedAt: '2026-02-03T09:00:00.000Z', rating: 3, correct: true, seconds: 31 },
    { questionId: 'scaled-dot-product', reviewedAt: '2026-02-03T10:00:00.000Z', rating: 1, correct: false, seconds: 55 },
  ],
  mocks: [],
  settings: { newPerDay: 15, updatedAt: '1970-01-01T00:00:00.000Z' },
  predictions: [],
};

describe('migrateProgress from each earlier version', () => {
  test('v1 → v4 gives exactly the expected value', () => {
    const result = migrateProgress(v1Fixture());
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.from, 1);
    assert.deepEqual(result.value, EXPECTED_V4);
  });

  test('v1 → v4 survives a JSON round trip the same (storage is text)', () => {
    const result = migrateProgress(JSON.parse(JSON.stringify(v1Fixture())));
    assert.ok(result.ok);
    assert.deepEqual(result.ok && result.value, EXPECTED_V4);
  });

  test('v1 → v4 does not change the input', () => {
    const input = v1Fixture();
    migrateProgress(input);
    assert.deepEqual(input, v1Fixture());
  });

  test('the migrated v1 value passes checkProgress with no problems', () => {
    const result = migrateProgress(v1Fixture());
    assert.ok(result.ok);
    const checked = checkProgress(result.ok ? result.value : null);
    assert.deepEqual(checked.problems, []);
    assert.deepEqual(checked.data, EXPECTED_V4);
  });

  test('a v1 card that is not an object is left for the check to drop, the rest survives', () => {
    const v1 = { ...v1Fixture(), cards: { ...v1Fixture().cards, broken: 'x' } } as unknown;
    const result = migrateProgress(v1);
    assert.ok(result.ok);
    const checked = checkProgress(result.ok ? result.value : null);
    assert.equal(checked.problems.length, 1);
    assert.match(checked.problems[0], /^cards\["broken"\] must be an object; dropped$/);
    assert.deepEqual(checked.data!.cards, EXPECTED_V4.cards);
  });

  test('v1 with no cards at all migrates to no cards', () => {
    const result = migrateProgress({ version: 1, reviews: [], newPerDay: 10 });
    assert.ok(result.ok);
    assert.deepEqual(result.ok && result.value, { version: 4, cards: {}, reviews: [], mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' }, predictions: [] });
  });
});

describe('migrateProgress: the current version and refusals', () => {
  test('v4 passes through as it is, from 4', () => {
    const data = emptyProgress();
    const result = migrateProgress(data);
    assert.deepEqual(result, { ok: true, value: data, from: 4 });
  });

  test('v2 → v4: settings kept as they were (no saved filters means none), and the result passes the check', () => {
    const v2 = { version: 2, cards: {}, reviews: [], mocks: [], settings: { newPerDay: 25, updatedAt: '2026-03-01T00:00:00.000Z' } };
    const before = JSON.parse(JSON.stringify(v2));
    const result = migrateProgress(v2);
    assert.deepEqual(result, { ok: true, value: { ...v2, version: 4, predictions: [] }, from: 2 });
    assert.deepEqual(v2, before, 'the input is not changed');
    const checked = checkProgress(result.ok ? result.value : null);
    assert.deepEqual(checked.problems, []);
    assert.equal(checked.data?.settings.filters, undefined);
  });

  test('v3 filters are checked: good ones kept, bad ones dropped and named, the rest of the data kept', () => {
    const filters = { topics: ['masking', 'masking'], lessons: ['self-attention'], types: ['numeric'], difficulties: [1, 3], onlyWrong: false };
    const good = checkProgress({ ...emptyProgress(), settings: { newPerDay: 10, updatedAt: '2026-03-01T00:00:00.000Z', filters } });
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.data?.settings.filters, { ...filters, topics: ['masking'] });
    const bad = checkProgress({ ...emptyProgress(), settings: { newPerDay: 10, updatedAt: '2026-03-01T00:00:00.000Z', filters: { ...filters, types: ['essay'] } } });
    assert.deepEqual(bad.problems, ['settings.filters.types must be a list of question types, got ["essay"]; dropped']);
    assert.deepEqual(bad.data?.settings, { newPerDay: 10, updatedAt: '2026-03-01T00:00:00.000Z' });
  });

  test('a newer version (5) is refused, saying so', () => {
    const result = migrateProgress({ ...emptyProgress(), version: 5 });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /newer/);
    assert.match(!result.ok ? result.reason : '', /data version 5/);
  });

  const garbage: [string, unknown][] = [
    ['missing version', { cards: {}, reviews: [] }],
    ['version 0', { version: 0 }],
    ['negative version', { version: -1 }],
    ['fractional version', { version: 1.5 }],
    ['version as text', { version: '1' }],
    ['version null', { version: null }],
  ];
  for (const [name, value] of garbage) {
    test(`${name} is refused`, () => {
      const result = migrateProgress(value);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', /not progress data from this site/);
    });
  }

  test('a missing version is reported as missing', () => {
    const result = migrateProgress({});
    assert.match(!result.ok ? result.reason : '', /"version" is missing/);
  });

  for (const value of [null, 'v1', 1, [], undefined]) {
    test(`${JSON.stringify(value) ?? 'undefined'} is refused as not an object`, () => {
      assert.deepEqual(migrateProgress(value), { ok: false, reason: 'this is not progress data (expected an object)' });
    });
  }
});
