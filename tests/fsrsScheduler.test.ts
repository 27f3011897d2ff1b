/**
 * Our FSRS wrapper against values known without it: FSRS-6's published default weights (the
 * initial stability of a first rating is w[rating − 1]), the definition of stability (recall is
 * exactly 90 % when the elapsed time equals S), ts-fsrs's learning steps, and ts-fsrs itself
 * called directly with Date objects, so the conversion to our ISO shape is checked end to end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createEmptyCard, fsrs, generatorParameters, Rating, State } from 'ts-fsrs';
import { applyReview, fromFsrsCard, newReviewCard, previewDue, replayReviews, retrievability, toFsrsCard } from '../lib/practice/fsrsScheduler';
import type { ReviewRating, ReviewRecord } from '../lib/practice/progressTypes';

const T0 = '2026-01-05T09:00:00.000Z';
const plusMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
const plusDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();

test('a first rating sets stability to FSRS-6 default weight w[rating − 1]', () => {
  // w0..w3 of FSRS-6's defaults: 0.212, 1.2931, 2.3065, 8.2956.
  assert.equal(applyReview(undefined, 1, T0).stability, 0.212);
  assert.equal(applyReview(undefined, 2, T0).stability, 1.2931);
  assert.equal(applyReview(undefined, 3, T0).stability, 2.3065);
  assert.equal(applyReview(undefined, 4, T0).stability, 8.2956);
});

test('new cards go through the learning steps (1 min, 10 min); Easy graduates at once', () => {
  const again = applyReview(undefined, 1, T0);
  assert.deepEqual([again.state, again.due], ['learning', plusMinutes(T0, 1)]);
  const hard = applyReview(undefined, 2, T0);
  // Hard on the first step waits halfway between the first two steps: (1 + 10) / 2 = 5.5 → 6 min.
  assert.deepEqual([hard.state, hard.due], ['learning', plusMinutes(T0, 6)]);
  const good = applyReview(undefined, 3, T0);
  assert.deepEqual([good.state, good.due, good.reps, good.lastReview], ['learning', plusMinutes(T0, 10), 1, T0]);
  const easy = applyReview(undefined, 4, T0);
  // At 90 % target retention the interval equals the stability: round(8.2956) = 8 days.
  assert.deepEqual([easy.state, easy.scheduledDays, easy.due], ['review', 8, plusDays(T0, 8)]);
});

test('Good on the last learning step graduates; Again on a review card is a lapse', () => {
  const step1 = applyReview(undefined, 3, T0);
  const graduated = applyReview(step1, 3, step1.due);
  assert.equal(graduated.state, 'review');
  assert.equal(graduated.reps, 2);
  const lapsed = applyReview(graduated, 1, graduated.due);
  assert.deepEqual([lapsed.state, lapsed.lapses, lapsed.due], ['relearning', 1, plusMinutes(graduated.due, 10)]);
});

test('matches ts-fsrs called directly with Date objects, for every rating sequence', () => {
  const direct = fsrs(generatorParameters({ enable_fuzz: false }));
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 60 * 24 * 40 })), { minLength: 1, maxLength: 12 }), (steps) => {
      let ours = undefined as ReturnType<typeof applyReview> | undefined;
      let theirs = createEmptyCard(new Date(T0));
      let at = T0;
      for (const [rating, minutes] of steps) {
        ours = applyReview(ours, rating as ReviewRating, at);
        theirs = direct.next(theirs, new Date(at), rating as 1 | 2 | 3 | 4).card;
        assert.equal(ours.due, theirs.due.toISOString());
        assert.equal(ours.stability, theirs.stability);
        assert.equal(ours.difficulty, theirs.difficulty);
        assert.equal(ours.reps, theirs.reps);
        assert.equal(ours.lapses, theirs.lapses);
        assert.equal(ours.state, ['new', 'learning', 'review', 'relearning'][theirs.state]);
        at = plusMinutes(at, minutes);
      }
    }),
    { numRuns: 200 },
  );
});

test('recall follows the FSRS-6 forgetting curve in whole days: 90 % when t = S', () => {
  // R(t, S) = (1 + F·t/S)^(−d) with d = 0.1542 and F = 0.9^(−1/d) − 1, so R(S, S) = 0.9 exactly.
  const d = 0.1542;
  const F = Math.pow(0.9, -1 / d) - 1;
  const R = (t: number, S: number) => Math.pow(1 + (F * t) / S, -d);
  assert.ok(Math.abs(R(7.5, 7.5) - 0.9) < 1e-12);
  const card = applyReview(undefined, 4, T0); // S = 8.2956 days
  // ts-fsrs counts elapsed time in whole days, as our dashboard does.
  for (const days of [1, 8, 9, 20]) assert.ok(Math.abs(retrievability(card, plusDays(T0, days)) - R(days, 8.2956)) < 1e-6, `day ${days}`);
  assert.ok(Math.abs(retrievability(card, plusDays(T0, 8.9)) - R(8, 8.2956)) < 1e-6);
  assert.ok(retrievability(card, plusDays(T0, 9)) < 0.9 && retrievability(card, plusDays(T0, 8)) > 0.9);
  assert.equal(retrievability(undefined, T0), 0);
  assert.equal(retrievability(newReviewCard(T0), T0), 0);
});

test('our card shape converts to ts-fsrs and back unchanged, with ISO dates', () => {
  const card = applyReview(applyReview(undefined, 3, T0), 2, plusMinutes(T0, 10));
  assert.deepEqual(fromFsrsCard(toFsrsCard(card)), card);
  const fsrsCard = toFsrsCard(card, plusDays(T0, 3));
  assert.equal(fsrsCard.state, State.Learning);
  assert.ok(fsrsCard.due instanceof Date);
  assert.equal(newReviewCard(T0).state, 'new');
  assert.equal(newReviewCard(T0).lastReview, null);
});

test('the preview of each rating is where applyReview would put the card', () => {
  const card = applyReview(applyReview(undefined, 3, T0), 3, plusMinutes(T0, 10));
  const now = plusDays(T0, 3);
  const preview = previewDue(card, now);
  for (const r of [1, 2, 3, 4] as const) assert.equal(preview[r], applyReview(card, r, now).due);
  assert.ok(preview[1] < preview[2] && preview[2] < preview[3] && preview[3] < preview[4]);
  assert.equal(Rating.Good, 3);
});

test('replaying a log gives the card of applying its reviews in order', () => {
  const log: ReviewRecord[] = [
    { questionId: 'q', reviewedAt: T0, rating: 3, correct: true, seconds: 5 },
    { questionId: 'q', reviewedAt: plusMinutes(T0, 10), rating: 3, correct: true, seconds: 5 },
    { questionId: 'q', reviewedAt: plusDays(T0, 3), rating: 1, correct: false, seconds: 5 },
  ];
  const byHand = applyReview(applyReview(applyReview(undefined, 3, log[0].reviewedAt), 3, log[1].reviewedAt), 1, log[2].reviewedAt);
  assert.deepEqual(replayReviews(log), byHand);
  assert.equal(replayReviews([]), undefined);
});
