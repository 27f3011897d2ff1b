import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyReview } from '../lib/practice/fsrsScheduler';
import { mergeChangesNothing, mergeProgress } from '../lib/practice/progressMerge';
import type { ReviewRecord } from '../lib/practice/progressTypes';
import { answer, cardsFromReviews, mock, progress, review } from './support/progressFixtures';

const key = (r: ReviewRecord) => `${r.questionId}@${r.reviewedAt}`;

const r1 = review('softmax-basics', '2026-03-01T09:00:00.000Z', 3);
const r2 = review('softmax-basics', '2026-03-02T09:00:00.000Z', 1);
const r3 = review('kv-cache', '2026-03-01T10:00:00.000Z', 4);
const r4 = review('softmax-basics', '2026-03-03T09:00:00.000Z', 3);
const r5 = review('rope', '2026-03-04T09:00:00.000Z', 2);

describe('mergeProgress: reviews and cards', () => {
  test('union without duplicates, sorted by time', () => {
    const a = progress({ reviews: [r1, r2, r3] });
    const b = progress({ reviews: [r2, r3, r4, r5] });
    const { data, summary } = mergeProgress(a, b);
    assert.deepEqual(data.reviews.map(key), [
      'softmax-basics@2026-03-01T09:00:00.000Z',
      'kv-cache@2026-03-01T10:00:00.000Z',
      'softmax-basics@2026-03-02T09:00:00.000Z',
      'softmax-basics@2026-03-03T09:00:00.000Z',
      'rope@2026-03-04T09:00:00.000Z',
    ]);
    assert.equal(summary.addedReviews, 2);
  });

  test('idempotent: merge(a, a) equals a and changes nothing', () => {
    const a = progress({ reviews: [r1, r2, r3], mocks: [mock('m1', '2026-03-05T00:00:00.000Z')], settings: { newPerDay: 7, updatedAt: '2026-03-01T00:00:00.000Z' } });
    const { data, summary } = mergeProgress(a, structuredClone(a));
    assert.deepEqual(data, a);
    assert.deepEqual(summary, { addedReviews: 0, addedMocks: 0, addedPredictions: 0, rescheduled: 0, addedCards: 0, settingsChanged: false });
    assert.equal(mergeChangesNothing(summary), true);
  });

  test('commutative on reviews and cards', () => {
    const a = progress({ reviews: [r1, r3, r4] });
    const b = progress({ reviews: [r2, r3, r5] });
    const ab = mergeProgress(a, b).data;
    const ba = mergeProgress(b, a).data;
    assert.deepEqual(ab.reviews, ba.reviews);
    assert.deepEqual(ab.cards, ba.cards);
  });

  test('a question reviewed in both copies gets the card of its combined log replayed in time order', () => {
    // Tab A saw r1 and r4, tab B saw r2: the true history is r1, r2, r4.
    const a = progress({ reviews: [r1, r4] });
    const b = progress({ reviews: [r2] });
    const byHand = applyReview(applyReview(applyReview(undefined, 3, r1.reviewedAt), 1, r2.reviewedAt), 3, r4.reviewedAt);
    const { data, summary } = mergeProgress(a, b);
    assert.deepEqual(data.cards['softmax-basics'], byHand);
    assert.deepEqual(mergeProgress(b, a).data.cards['softmax-basics'], byHand);
    // Steps 1 min and 10 min: Good → step 1 (+10 min), Again → step 0 (+1 min), Good → step 1 (+10 min);
    // still learning, so Again is no lapse.
    assert.equal(byHand.state, 'learning');
    assert.equal(byHand.learningSteps, 1);
    assert.equal(byHand.due, '2026-03-03T09:10:00.000Z');
    assert.equal(byHand.reps, 3);
    assert.equal(byHand.lapses, 0);
    assert.equal(byHand.lastReview, '2026-03-03T09:00:00.000Z');
    assert.equal(summary.rescheduled, 1);
  });

  test('a question only in incoming keeps incoming\'s card', () => {
    const a = progress({ reviews: [r1] });
    // A card unlike any replay, so taking it (not recomputing it) is what is checked.
    const marker = { ...cardsFromReviews([r5])['rope'], stability: 123.456 };
    const b = progress({ reviews: [r5], cards: { rope: marker } });
    const { data, summary } = mergeProgress(a, b);
    assert.deepEqual(data.cards['rope'], marker);
    assert.deepEqual(data.cards['softmax-basics'], a.cards['softmax-basics']);
    assert.equal(summary.rescheduled, 0);
    assert.equal(summary.addedReviews, 1);
  });

  test('another tab\'s newer review of a question both know: incoming\'s card is taken, nothing replayed', () => {
    // Incoming's log of softmax-basics is current's plus r2: the merged log is incoming's own.
    const a = progress({ reviews: [r1, r3] });
    const marker = { ...cardsFromReviews([r1, r2])['softmax-basics'], stability: 77.7 };
    const b = progress({ reviews: [r1, r2, r3], cards: { ...cardsFromReviews([r1, r2, r3]), 'softmax-basics': marker } });
    const { data, summary } = mergeProgress(a, b);
    assert.deepEqual(data.cards['softmax-basics'], marker);
    assert.deepEqual(data.cards['kv-cache'], a.cards['kv-cache']);
    assert.equal(summary.rescheduled, 0);
    assert.equal(summary.addedReviews, 1);
  });

  test('a same-instant review where current\'s lower rating stays is replayed, not given incoming\'s card', () => {
    // Both rated kv-cache at 09:00 (current: Again, incoming: Easy) and incoming has a later review:
    // the merged log keeps current's Again, so it is incoming's log in no copy.
    const mine = review('kv-cache', '2026-03-01T09:00:00.000Z', 1);
    const theirs = review('kv-cache', '2026-03-01T09:00:00.000Z', 4);
    const later = review('kv-cache', '2026-03-02T09:00:00.000Z', 3);
    const marker = { ...cardsFromReviews([theirs, later])['kv-cache'], stability: 55.5 };
    const a = progress({ reviews: [mine] });
    const b = progress({ reviews: [theirs, later], cards: { 'kv-cache': marker } });
    const expected = cardsFromReviews([mine, later])['kv-cache'];
    const walked = mergeProgress(a, b);
    assert.deepEqual(walked.data.cards['kv-cache'], expected);
    assert.equal(walked.summary.rescheduled, 1);
    // The same out of order (merged by key).
    const keyed = mergeProgress(a, { ...b, reviews: [later, theirs] });
    assert.deepEqual(keyed.data.cards['kv-cache'], expected);
  });

  test('a question whose card was dropped (salvage) but whose reviews survive is replayed, not given incoming\'s card', () => {
    // Salvage can drop a damaged card and keep its reviews: current has r1 of softmax-basics but no card.
    const a = progress({ reviews: [r1], cards: {} });
    const b = progress({ reviews: [r2] });
    const byHand = applyReview(applyReview(undefined, 3, r1.reviewedAt), 1, r2.reviewedAt);
    assert.deepEqual(mergeProgress(a, b).data.cards['softmax-basics'], byHand);
  });

  test('a question only in current keeps current\'s card', () => {
    const a = progress({ reviews: [r1, r3] });
    const b = progress({ reviews: [r3] });
    assert.deepEqual(mergeProgress(a, b).data.cards, a.cards);
  });

  test('the inputs are not changed', () => {
    const a = progress({ reviews: [r1, r4] });
    const b = progress({ reviews: [r2, r5] });
    const [ca, cb] = [structuredClone(a), structuredClone(b)];
    mergeProgress(a, b);
    assert.deepEqual(a, ca);
    assert.deepEqual(b, cb);
  });

  test(
    'two records of one question at the same instant with different ratings merge the same both ways',
    () => {
      const a = progress({ reviews: [review('kv-cache', '2026-03-01T09:00:00.000Z', 1)] });
      const b = progress({ reviews: [review('kv-cache', '2026-03-01T09:00:00.000Z', 4)] });
      assert.deepEqual(mergeProgress(a, b).data.reviews, mergeProgress(b, a).data.reviews);
    },
  );
});

describe('mergeProgress: mocks and settings', () => {
  test('mocks: union by id, sorted by start', () => {
    const a = progress({ mocks: [mock('m2', '2026-03-02T00:00:00.000Z'), mock('m3', '2026-03-03T00:00:00.000Z')] });
    const b = progress({ mocks: [mock('m1', '2026-03-01T00:00:00.000Z'), mock('m3', '2026-03-03T00:00:00.000Z')] });
    const { data, summary } = mergeProgress(a, b);
    assert.deepEqual(data.mocks.map((m) => m.id), ['m1', 'm2', 'm3']);
    assert.equal(summary.addedMocks, 1);
  });

  test('the later gradedAt wins per answer', () => {
    const start = '2026-03-01T00:00:00.000Z';
    const mine = mock('m1', start, [
      answer('q-one', { selfScore: 0.25, gradedAt: '2026-03-01T01:00:00.000Z' }),
      answer('q-two', { selfScore: 1, gradedAt: '2026-03-01T05:00:00.000Z' }),
      answer('q-three'),
    ]);
    const theirs = mock('m1', start, [
      answer('q-one', { selfScore: 0.75, gradedAt: '2026-03-01T02:00:00.000Z' }),
      answer('q-two', { selfScore: 0, gradedAt: '2026-03-01T03:00:00.000Z' }),
      answer('q-three', { correct: true, selfScore: 0.5, gradedAt: '2026-03-01T04:00:00.000Z' }),
    ]);
    const expected = [
      answer('q-one', { selfScore: 0.75, gradedAt: '2026-03-01T02:00:00.000Z' }),
      answer('q-two', { selfScore: 1, gradedAt: '2026-03-01T05:00:00.000Z' }),
      answer('q-three', { correct: true, selfScore: 0.5, gradedAt: '2026-03-01T04:00:00.000Z' }),
    ];
    const ab = mergeProgress(progress({ mocks: [mine] }), progress({ mocks: [theirs] }));
    const ba = mergeProgress(progress({ mocks: [theirs] }), progress({ mocks: [mine] }));
    assert.deepEqual(ab.data.mocks[0].answers, expected);
    assert.deepEqual(ba.data.mocks[0].answers, expected);
    assert.equal(ab.summary.addedMocks, 1);
  });

  test('an ungraded answer in incoming does not erase a grade', () => {
    const start = '2026-03-01T00:00:00.000Z';
    const graded = mock('m1', start, [answer('q-one', { selfScore: 0.5, gradedAt: '2026-03-01T01:00:00.000Z' })]);
    const ungraded = mock('m1', start, [answer('q-one')]);
    const { data, summary } = mergeProgress(progress({ mocks: [graded] }), progress({ mocks: [ungraded] }));
    assert.deepEqual(data.mocks, [graded]);
    assert.equal(summary.addedMocks, 0);
  });

  test('later settings win, either way round', () => {
    const early = { newPerDay: 5, updatedAt: '2026-03-01T00:00:00.000Z' };
    const late = { newPerDay: 30, updatedAt: '2026-03-02T00:00:00.000Z' };
    const m1 = mergeProgress(progress({ settings: early }), progress({ settings: late }));
    const m2 = mergeProgress(progress({ settings: late }), progress({ settings: early }));
    assert.deepEqual(m1.data.settings, late);
    assert.deepEqual(m2.data.settings, late);
    assert.equal(m1.summary.settingsChanged, true);
    assert.equal(m2.summary.settingsChanged, false);
  });

  test('summary counts', () => {
    const a = progress({ reviews: [r1, r3], mocks: [mock('m1', '2026-03-01T00:00:00.000Z')] });
    const b = progress({
      reviews: [r1, r2, r4, r5],
      mocks: [mock('m1', '2026-03-01T00:00:00.000Z'), mock('m2', '2026-03-02T00:00:00.000Z'), mock('m3', '2026-03-03T00:00:00.000Z')],
      settings: { newPerDay: 12, updatedAt: '2026-03-05T00:00:00.000Z' },
    });
    const { summary } = mergeProgress(a, b);
    // r2, r4 (softmax-basics) and r5 (rope): incoming holds each question's whole merged log, so
    // its cards are kept and nothing is replayed.
    assert.deepEqual(summary, { addedReviews: 3, addedMocks: 2, addedPredictions: 0, rescheduled: 0, addedCards: 0, settingsChanged: true });
    assert.equal(mergeChangesNothing(summary), false);
  });
});

describe('mergeProgress: properties', () => {
  const ids = ['softmax-basics', 'kv-cache', 'rope', 'alibi'];
  const reviewArb = fc.record({
    questionId: fc.constantFrom(...ids),
    // Minutes over a month: several reviews of one question, some close together.
    reviewedAt: fc.integer({ min: 0, max: 60 * 24 * 30 }).map((m) => new Date(Date.UTC(2026, 2, 1) + m * 60_000).toISOString()),
    rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
    correct: fc.constant(null),
    seconds: fc.constant(10),
  });
  // Unique by (question, time), each tagged with which copies hold it: 0 = a only, 1 = b only, 2 = both.
  const splitArb = fc.uniqueArray(fc.tuple(reviewArb, fc.integer({ min: 0, max: 2 })), { selector: ([r]) => key(r), maxLength: 25 });

  test('merging two copies gives the cards of replaying everything, and never loses a review', () => {
    fc.assert(
      fc.property(splitArb, (split) => {
        const all = split.map(([r]) => r);
        const a = progress({ reviews: split.filter(([, s]) => s !== 1).map(([r]) => r) });
        const b = progress({ reviews: split.filter(([, s]) => s !== 0).map(([r]) => r) });
        const everything = progress({ reviews: all });
        for (const [x, y] of [
          [a, b],
          [b, a],
        ]) {
          const { data } = mergeProgress(x, y);
          assert.deepEqual(data.cards, everything.cards);
          assert.deepEqual(data.reviews, everything.reviews);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('idempotent and commutative on random copies', () => {
    fc.assert(
      fc.property(splitArb, (split) => {
        const a = progress({ reviews: split.filter(([, s]) => s !== 1).map(([r]) => r) });
        const b = progress({ reviews: split.filter(([, s]) => s !== 0).map(([r]) => r) });
        assert.deepEqual(mergeProgress(a, a).data, a);
        const ab = mergeProgress(a, b).data;
        const ba = mergeProgress(b, a).data;
        assert.deepEqual(ab.reviews, ba.reviews);
        assert.deepEqual(ab.cards, ba.cards);
        // Merging again brings nothing new.
        assert.equal(mergeChangesNothing(mergeProgress(ab, b).summary), true);
      }),
      { numRuns: 100 },
    );
  });
  test('logs in order (merged by one walk) and the same logs out of order (merged by key) give the same merge', () => {
    // Each copy unique by key, but a key often sits in both with different ratings (few times, few ids).
    const closeArb = fc.record({
      questionId: fc.constantFrom('softmax-basics', 'kv-cache'),
      reviewedAt: fc.integer({ min: 0, max: 12 }).map((m) => new Date(Date.UTC(2026, 2, 1) + m * 60_000).toISOString()),
      rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
      correct: fc.constant(null),
      seconds: fc.constant(10),
    });
    const copyArb = fc.uniqueArray(closeArb, { selector: key, maxLength: 20 });
    const shuffled = <T,>(list: readonly T[], seed: number) => list.map((x, i) => [((i + 1) * (seed + 7919)) % 101, x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);
    fc.assert(
      fc.property(copyArb, copyArb, fc.nat(), (x, y, seed) => {
        const a = progress({ reviews: x });
        const b = progress({ reviews: y });
        const walked = mergeProgress(a, b);
        const keyed = mergeProgress({ ...a, reviews: shuffled(a.reviews, seed) }, { ...b, reviews: shuffled(b.reviews, seed + 1) });
        assert.deepEqual(walked.summary, keyed.summary);
        assert.deepEqual(walked.data.cards, keyed.data.cards);
        if (walked.summary.addedReviews > 0) assert.deepEqual(walked.data.reviews, keyed.data.reviews);
        else assert.equal(walked.data.reviews, a.reviews);
      }),
      { numRuns: 300 },
    );
  });
});

describe('mergeProgress: question ids that are also Object.prototype names', () => {
  const PROTO_IDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  /** A record with `id` as an own key, as JSON.parse makes it (an assignment to "__proto__" would set the prototype). */
  const cardsWith = (id: string) => JSON.parse(`{${JSON.stringify(id)}: ${JSON.stringify(applyReview(undefined, 3, '2026-03-01T09:00:00.000Z'))}}`);

  for (const id of PROTO_IDS) {
    test(`a card keyed ${JSON.stringify(id)} with no reviews is merged in and counted`, () => {
      const incoming = progress({ cards: cardsWith(id) });
      assert.ok(Object.hasOwn(incoming.cards, id), 'fixture');
      const { data, summary } = mergeProgress(progress(), incoming);
      assert.equal(summary.addedCards, 1);
      assert.equal(mergeChangesNothing(summary), false, 'not "you already had everything"');
      assert.ok(Object.hasOwn(data.cards, id));
      assert.deepEqual(Object.getOwnPropertyDescriptor(data.cards, id)!.value, incoming.cards[id]);
      assert.equal(Object.getPrototypeOf(data.cards), Object.prototype, 'no prototype was replaced');
      // And merging it again changes nothing.
      assert.equal(mergeChangesNothing(mergeProgress(data, incoming).summary), true);
    });

    test(`reviews of ${JSON.stringify(id)} are merged and its card replayed`, () => {
      const reviews = [review(id, '2026-03-01T09:00:00.000Z', 3), review(id, '2026-03-02T09:00:00.000Z', 1)];
      const { data, summary } = mergeProgress(progress({ reviews: reviews.slice(0, 1) }), progress({ reviews }));
      assert.equal(summary.addedReviews, 1);
      assert.ok(Object.hasOwn(data.cards, id));
      assert.deepEqual(Object.getOwnPropertyDescriptor(data.cards, id)!.value, cardsFromReviews(reviews)[id]);
    });
  }
});
