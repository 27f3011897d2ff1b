import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkProgress, MAX_REVIEWS } from '../lib/practice/progressSchema';
import { emptyProgress, PROGRESS_VERSION } from '../lib/practice/progressTypes';
import { answer, card, mock, progress, review } from './support/progressFixtures';

const clean = () =>
  progress({
    reviews: [
      review('softmax-basics', '2026-03-01T09:00:00.000Z', 3),
      review('scaled-dot-product', '2026-03-01T09:05:00.000Z', 1, { correct: false }),
      review('softmax-basics', '2026-03-02T09:00:00.000Z', 4, { correct: true, seconds: 12.5 }),
      review('kv-cache', '2026-03-03T09:00:00.000Z', 2),
      review('kv-cache', '2026-03-04T09:00:00.000Z', 3),
    ],
    mocks: [mock('m-1', '2026-03-05T10:00:00.000Z', [answer('softmax-basics', { selfScore: 0.5, gradedAt: '2026-03-05T10:20:00.000Z' })])],
    settings: { newPerDay: 20, updatedAt: '2026-03-01T08:00:00.000Z' },
  });

/** A deep copy with one path changed, as JSON would carry it. */
function withChange(data: unknown, change: (d: any) => void): unknown {
  const copy = JSON.parse(JSON.stringify(data));
  change(copy);
  return copy;
}

describe('checkProgress: clean data', () => {
  test('a clean v2 value passes unchanged, with no problems', () => {
    const data = clean();
    const result = checkProgress(JSON.parse(JSON.stringify(data)));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.data, data);
  });

  test('empty progress passes', () => {
    assert.deepEqual(checkProgress(emptyProgress()), { data: emptyProgress(), problems: [], unknown: [] });
  });

  test('the result is a copy: changing it does not change the input', () => {
    const input = JSON.parse(JSON.stringify(clean()));
    const result = checkProgress(input);
    result.data!.reviews[0].rating = 4;
    result.data!.cards['kv-cache'].reps = 99;
    assert.equal(input.reviews[0].rating, 3);
    assert.notEqual(input.cards['kv-cache'].reps, 99);
  });
});

describe('checkProgress: a bad record is named by its path and dropped, the rest survives', () => {
  const badReviews: [string, (r: any) => void, RegExp][] = [
    ['rating 5', (r) => (r.rating = 5), /^reviews\[3\] ?\.rating must be 1, 2, 3 or 4, got 5; dropped$/],
    ['rating 0', (r) => (r.rating = 0), /^reviews\[3\] ?\.rating /],
    ['rating as text', (r) => (r.rating = '3'), /^reviews\[3\] ?\.rating /],
    ['missing rating', (r) => delete r.rating, /^reviews\[3\] ?\.rating /],
    ['question id with capitals', (r) => (r.questionId = 'Kv-Cache'), /^reviews\[3\] ?\.questionId must be a question id/],
    ['question id missing', (r) => delete r.questionId, /^reviews\[3\] ?\.questionId /],
    ['reviewedAt not ISO', (r) => (r.reviewedAt = '3 March 2026'), /^reviews\[3\] ?\.reviewedAt must be an ISO time/],
    ['reviewedAt with an offset', (r) => (r.reviewedAt = '2026-03-03T09:00:00+01:00'), /^reviews\[3\] ?\.reviewedAt /],
    ['reviewedAt impossible date', (r) => (r.reviewedAt = '2026-13-45T09:00:00.000Z'), /^reviews\[3\] ?\.reviewedAt /],
    ['correct as text', (r) => (r.correct = 'yes'), /^reviews\[3\] ?\.correct must be true, false or null/],
    ['correct missing', (r) => delete r.correct, /^reviews\[3\] ?\.correct /],
    ['negative seconds', (r) => (r.seconds = -1), /^reviews\[3\] ?\.seconds must be a number from 0 to 3600, got -1/],
    ['seconds over an hour', (r) => (r.seconds = 3601), /^reviews\[3\] ?\.seconds /],
    ['seconds as text', (r) => (r.seconds = '20'), /^reviews\[3\] ?\.seconds /],
    ['not an object', (r) => Object.keys(r).forEach((k) => delete r[k]), /^reviews\[3\] ?\.questionId /],
  ];
  for (const [name, change, message] of badReviews) {
    test(`review with ${name}`, () => {
      const data = clean();
      const result = checkProgress(withChange(data, (d) => change(d.reviews[3])));
      assert.equal(result.problems.length, 1, result.problems.join('\n'));
      assert.match(result.problems[0], message);
      assert.deepEqual(result.data!.reviews, data.reviews.filter((_, i) => i !== 3));
      assert.deepEqual(result.data!.cards, data.cards);
      assert.deepEqual(result.data!.mocks, data.mocks);
    });
  }

  test('a review that is not an object at all', () => {
    const result = checkProgress(withChange(clean(), (d) => (d.reviews[1] = 'softmax-basics')));
    assert.deepEqual(result.problems, ['reviews[1] must be an object; dropped']);
    assert.equal(result.data!.reviews.length, 4);
  });

  test('several bad reviews: each named, all dropped', () => {
    const result = checkProgress(
      withChange(clean(), (d) => {
        d.reviews[0].rating = 9;
        d.reviews[4] = null;
      }),
    );
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0], /^reviews\[0\] ?\.rating/);
    assert.match(result.problems[1], /^reviews\[4\] must be an object/);
    assert.deepEqual(
      result.data!.reviews.map((r) => `${r.questionId}@${r.reviewedAt}`),
      ['scaled-dot-product@2026-03-01T09:05:00.000Z', 'softmax-basics@2026-03-02T09:00:00.000Z', 'kv-cache@2026-03-03T09:00:00.000Z'],
    );
  });

  const badCards: [string, (c: any) => void, RegExp][] = [
    ['due not ISO', (c) => (c.due = 'tomorrow'), /^cards\["kv-cache"\] ?\.due must be an ISO time/],
    ['negative stability', (c) => (c.stability = -0.1), /^cards\["kv-cache"\] ?\.stability /],
    ['difficulty over 10', (c) => (c.difficulty = 10.5), /^cards\["kv-cache"\] ?\.difficulty must be a number from 0 to 10/],
    ['negative scheduledDays', (c) => (c.scheduledDays = -1), /^cards\["kv-cache"\] ?\.scheduledDays /],
    ['fractional reps', (c) => (c.reps = 1.5), /^cards\["kv-cache"\] ?\.reps must be a whole number/],
    ['negative lapses', (c) => (c.lapses = -1), /^cards\["kv-cache"\] ?\.lapses /],
    ['missing learningSteps (a v1 card)', (c) => delete c.learningSteps, /^cards\["kv-cache"\] ?\.learningSteps /],
    ['unknown state', (c) => (c.state = 'suspended'), /^cards\["kv-cache"\] ?\.state must be one of new, learning, review, relearning/],
    ['state as number', (c) => (c.state = 2), /^cards\["kv-cache"\] ?\.state /],
    ['lastReview missing', (c) => delete c.lastReview, /^cards\["kv-cache"\] ?\.lastReview must be an ISO time or null/],
  ];
  for (const [name, change, message] of badCards) {
    test(`card with ${name}`, () => {
      const data = clean();
      const result = checkProgress(withChange(data, (d) => change(d.cards['kv-cache'])));
      assert.equal(result.problems.length, 1, result.problems.join('\n'));
      assert.match(result.problems[0], message);
      assert.match(result.problems[0], /; dropped$/);
      const { 'kv-cache': _gone, ...rest } = data.cards;
      assert.deepEqual(result.data!.cards, rest);
      assert.deepEqual(result.data!.reviews, data.reviews);
    });
  }

  test('a card under a key that is not a question id is dropped', () => {
    const data = clean();
    const result = checkProgress(withChange(data, (d) => (d.cards['Not An Id'] = card())));
    assert.deepEqual(result.problems, ['cards["Not An Id"] is not a question id; dropped']);
    assert.deepEqual(result.data!.cards, data.cards);
  });

  test('a card that is not an object', () => {
    const result = checkProgress(withChange(clean(), (d) => (d.cards['kv-cache'] = 7)));
    assert.deepEqual(result.problems, ['cards["kv-cache"] must be an object; dropped']);
  });

  const badMocks: [string, (m: any) => void, RegExp][] = [
    ['empty id', (m) => (m.id = ''), /^mocks\[0\] ?\.id must be a short text/],
    ['startedAt not ISO', (m) => (m.startedAt = 1), /^mocks\[0\] ?\.startedAt /],
    ['finishedAt missing', (m) => delete m.finishedAt, /^mocks\[0\] ?\.finishedAt /],
    ['20 minutes', (m) => (m.minutes = 20), /^mocks\[0\] ?\.minutes must be 15, 30 or 45, got 20/],
    ['negative seed', (m) => (m.seed = -1), /^mocks\[0\] ?\.seed /],
    ['timedOut as text', (m) => (m.timedOut = 'no'), /^mocks\[0\] ?\.timedOut /],
    ['answers not a list', (m) => (m.answers = {}), /^mocks\[0\] ?\.answers must be a list/],
    ['answer selfScore over 1', (m) => (m.answers[0].selfScore = 1.5), /^mocks\[0\] ?\.answers\[0\]\.selfScore must be a number from 0 to 1/],
    ['answer gradedAt not ISO', (m) => (m.answers[0].gradedAt = 'now'), /^mocks\[0\] ?\.answers\[0\]\.gradedAt /],
    ['answer answered missing', (m) => delete m.answers[0].answered, /^mocks\[0\] ?\.answers\[0\]\.answered /],
    ['answer seconds too long', (m) => (m.answers[0].seconds = 7200), /^mocks\[0\] ?\.answers\[0\] ?\.seconds /],
    ['answer bad question id', (m) => (m.answers[0].questionId = 'a b'), /^mocks\[0\] ?\.answers\[0\] ?\.questionId /],
  ];
  for (const [name, change, message] of badMocks) {
    test(`mock with ${name}`, () => {
      const data = clean();
      const result = checkProgress(withChange(data, (d) => change(d.mocks[0])));
      assert.equal(result.problems.length, 1, result.problems.join('\n'));
      assert.match(result.problems[0], message);
      assert.match(result.problems[0], /; dropped$/);
      assert.deepEqual(result.data!.mocks, []);
      assert.deepEqual(result.data!.reviews, data.reviews);
      assert.deepEqual(result.data!.cards, data.cards);
    });
  }
});

describe('checkProgress: path format', () => {
  // The module's own comment promises "reviews[12].rating must be …": a path a developer can paste.
  const cases: [string, (d: any) => void, string][] = [
    ['review field', (d) => (d.reviews[3].rating = 5), 'reviews[3].rating must be 1, 2, 3 or 4, got 5; dropped'],
    ['card field', (d) => (d.cards['kv-cache'].reps = -1), 'cards["kv-cache"].reps must be a whole number ≥ 0, got -1; dropped'],
    ['mock field', (d) => (d.mocks[0].minutes = 20), 'mocks[0].minutes must be 15, 30 or 45, got 20; dropped'],
    ['mock answer field', (d) => (d.mocks[0].answers[0].answered = 1), 'mocks[0].answers[0].answered must be true or false; dropped'],
  ];
  for (const [name, change, expected] of cases) {
    test(
      `${name}: the path has no space before the dot`,
      () => {
        assert.deepEqual(checkProgress(withChange(clean(), change)).problems, [expected]);
      },
    );
  }
});

describe('checkProgress: whole-shape failures give data null', () => {
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /^progress must be an object, got null$/],
    ['a list', [], /^progress must be an object/],
    ['a string', 'progress', /^progress must be an object/],
    ['version 1 (not migrated)', { ...emptyProgress(), version: 1 }, new RegExp(`^version must be ${PROGRESS_VERSION}, got 1$`)],
    ['a newer version', { ...emptyProgress(), version: PROGRESS_VERSION + 1 }, new RegExp(`^version must be ${PROGRESS_VERSION}, got ${PROGRESS_VERSION + 1}$`)],
    ['version missing', (({ version: _v, ...rest }) => rest)(emptyProgress()), new RegExp(`^version must be ${PROGRESS_VERSION}, got undefined$`)],
    ['version as text', { ...emptyProgress(), version: String(PROGRESS_VERSION) }, new RegExp(`^version must be ${PROGRESS_VERSION}, got "${PROGRESS_VERSION}"$`)],
    ['cards a list', { ...emptyProgress(), cards: [] }, /^cards must be an object/],
    ['cards null', { ...emptyProgress(), cards: null }, /^cards must be an object/],
    ['reviews an object', { ...emptyProgress(), reviews: {} }, /^reviews must be a list$/],
    ['mocks missing', (({ mocks: _m, ...rest }) => rest)(emptyProgress()), /^mocks must be a list$/],
    ['settings missing', (({ settings: _s, ...rest }) => rest)(emptyProgress()), /^settings must be an object$/],
    ['settings.newPerDay negative', { ...emptyProgress(), settings: { newPerDay: -1, updatedAt: '2026-01-01T00:00:00.000Z' } }, /^settings\.newPerDay must be a whole number from 0 to 200, got -1$/],
    ['settings.newPerDay 201', { ...emptyProgress(), settings: { newPerDay: 201, updatedAt: '2026-01-01T00:00:00.000Z' } }, /^settings\.newPerDay /],
    ['settings.newPerDay fractional', { ...emptyProgress(), settings: { newPerDay: 2.5, updatedAt: '2026-01-01T00:00:00.000Z' } }, /^settings\.newPerDay /],
    ['settings.updatedAt bad', { ...emptyProgress(), settings: { newPerDay: 10, updatedAt: 'yesterday' } }, /^settings\.updatedAt must be an ISO time/],
  ];
  for (const [name, value, message] of cases) {
    test(name, () => {
      const result = checkProgress(value);
      assert.equal(result.data, null);
      assert.ok(result.problems.length >= 1);
      assert.match(result.problems[0], message);
    });
  }

  test('every whole-shape problem is listed, not only the first', () => {
    const result = checkProgress({ version: 4, cards: [], reviews: null, mocks: 'x', settings: 1 });
    assert.equal(result.data, null);
    assert.deepEqual(result.problems, ['cards must be an object keyed by question id', 'reviews must be a list', 'mocks must be a list', 'settings must be an object']);
  });

  test('more reviews than the site ever writes is refused whole', () => {
    const reviews = new Array(MAX_REVIEWS + 1).fill(review('kv-cache', '2026-03-01T09:00:00.000Z'));
    const result = checkProgress({ ...emptyProgress(), reviews });
    assert.equal(result.data, null);
    assert.match(result.problems[0], /^reviews has 500001 entries/);
  });
});

describe('checkProgress: cleaning', () => {
  test('foreign extra fields are stripped at every level', () => {
    const data = clean();
    const dirty = withChange(data, (d) => {
      d.extra = 'top';
      d.settings.theme = 'dark';
      d.cards['kv-cache'].elapsedDays = 4;
      d.reviews[0].note = 'hi';
      d.mocks[0].label = 'first';
      d.mocks[0].answers[0].text = 'my answer';
    });
    const result = checkProgress(dirty);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.data, data);
    assert.equal(JSON.stringify(result.data).includes('elapsedDays'), false);
  });

  test('reviews come back sorted by time, then question id', () => {
    const unsorted = [
      review('b-question', '2026-03-02T00:00:00.000Z'),
      review('c-question', '2026-03-01T00:00:00.000Z'),
      review('a-question', '2026-03-02T00:00:00.000Z'),
    ];
    const result = checkProgress({ ...emptyProgress(), reviews: unsorted });
    assert.deepEqual(
      result.data!.reviews.map((r) => r.questionId),
      ['c-question', 'a-question', 'b-question'],
    );
  });

  test('mocks come back sorted by start time', () => {
    const result = checkProgress({ ...emptyProgress(), mocks: [mock('late', '2026-03-09T00:00:00.000Z'), mock('early', '2026-03-01T00:00:00.000Z')] });
    assert.deepEqual(result.data!.mocks.map((m) => m.id), ['early', 'late']);
  });

  test(
    'reviews with and without milliseconds are ordered by instant',
    () => {
      const result = checkProgress({
        ...emptyProgress(),
        reviews: [review('kv-cache', '2026-03-01T09:00:00.500Z', 3), review('kv-cache', '2026-03-01T09:00:00Z', 1)],
      });
      assert.deepEqual(result.data!.reviews.map((r) => r.rating), [1, 3]);
    },
  );

  test('property: any valid reviews come back the same set, sorted', () => {
    const ids = ['softmax-basics', 'kv-cache', 'rope'];
    const arb = fc.array(
      fc.record({
        questionId: fc.constantFrom(...ids),
        reviewedAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms).toISOString()),
        rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
        correct: fc.constantFrom(true, false, null),
        seconds: fc.integer({ min: 0, max: 3600 }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (reviews) => {
        const result = checkProgress({ ...emptyProgress(), reviews });
        assert.deepEqual(result.problems, []);
        const out = result.data!.reviews;
        assert.equal(out.length, reviews.length);
        for (let i = 1; i < out.length; i++) {
          const a = out[i - 1];
          const b = out[i];
          assert.ok(a.reviewedAt < b.reviewedAt || (a.reviewedAt === b.reviewedAt && a.questionId <= b.questionId));
        }
        const key = (r: object) => JSON.stringify(r);
        assert.deepEqual(out.map(key).sort(), reviews.map(key).sort());
      }),
    );
  });
});
