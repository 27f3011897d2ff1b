import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeDecayFactor, FSRS6_DEFAULT_DECAY } from 'ts-fsrs';
import { dueForecast, progressDashboard, reviewHistory, studyNext, studyStreak, topicMastery } from '../lib/practice/progressStats';
import { prediction } from './support/progressFixtures';
import { emptyProgress, type MockInterviewRecord, type PracticeQuestionInfo, type ProgressData, type ReviewCard, type ReviewRecord } from '../lib/practice/progressTypes';

const close = (actual: number, expected: number, tol = 1e-6, msg?: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, msg ?? `${actual} is not within ${tol} of ${expected}`);

const DAY = 86_400_000;
const NOW = '2026-03-10T12:00:00.000Z';
const before = (days: number, from = NOW) => new Date(Date.parse(from) - days * DAY).toISOString();

/**
 * FSRS-6's forgetting curve with its default decay, written out here: R(t, S) = (1 + f·t/S)^(−d),
 * d = 0.1542, f = 0.9^(−1/d) − 1 ≈ 0.98035, chosen so that R(S, S) = 0.9. t in whole days.
 */
const DECAY = 0.1542;
const FACTOR = Math.pow(0.9, -1 / DECAY) - 1;
const R = (t: number, S: number) => Math.pow(1 + (FACTOR * t) / S, -DECAY);

const card = (over: Partial<ReviewCard>): ReviewCard => ({
  due: NOW,
  stability: 10,
  difficulty: 5,
  scheduledDays: 10,
  learningSteps: 0,
  reps: 3,
  lapses: 0,
  state: 'review',
  lastReview: before(1),
  ...over,
});
const q = (id: string, topic: string, lesson: string): PracticeQuestionInfo => ({ id, topic, lesson, type: 'single-choice', difficulty: 2 });
const progressWith = (over: Partial<ProgressData>): ProgressData => ({ ...emptyProgress(), ...over });
const review = (reviewedAt: string, rating: 1 | 2 | 3 | 4 = 3, correct: boolean | null = true, questionId = 's1'): ReviewRecord => ({ questionId, reviewedAt, rating, correct, seconds: 10 });

// Topics in bank order: scaling, masks, heads (not started), positional (not started).
const bank: PracticeQuestionInfo[] = [
  q('s1', 'scaling', 'L1'),
  q('m1', 'masks', 'L3'),
  q('s2', 'scaling', 'L2'),
  q('s3', 'scaling', 'L2'),
  q('m2', 'masks', 'L4'),
  q('h1', 'heads', 'L5'),
  q('p1', 'positional', 'L6'),
];
const masteryProgress = progressWith({
  cards: {
    s1: card({ stability: 20, lastReview: before(5), due: before(-15), state: 'review' }), // R(5, 20) ≈ 0.9668, mastered
    s2: card({ stability: 10, lastReview: before(30), due: before(-2), state: 'review' }), // R(30, 10) ≈ 0.8094, not mastered
    // s3: never reviewed, recall 0
    m1: card({ stability: 2, lastReview: before(1), due: before(1 / 24), state: 'learning' }), // R(1, 2) ≈ 0.9403, learning: not mastered; due an hour ago
    m2: card({ stability: 0, lastReview: null, state: 'new', reps: 0 }), // a card never rated: unseen
    old: card({ stability: 50, lastReview: before(2), due: NOW }), // retired question: left out
  },
});

describe('the forgetting curve we compute by hand', () => {
  test('matches ts-fsrs exports and R(S, S) = 0.9', () => {
    assert.equal(FSRS6_DEFAULT_DECAY, DECAY);
    const { decay, factor } = computeDecayFactor(FSRS6_DEFAULT_DECAY);
    assert.equal(decay, -DECAY);
    close(factor, FACTOR, 1e-8);
    close(R(10, 10), 0.9, 1e-12);
    close(R(5, 20), 0.96676, 1e-5);
    close(R(30, 10), 0.80939, 1e-5);
    close(R(1, 2), 0.94034, 1e-5);
  });
});

describe('topicMastery', () => {
  test('hand-worked: seen, mastered and mean recall per topic, bank order, retired left out', () => {
    const m = topicMastery(bank, masteryProgress, NOW);
    assert.deepEqual(m.map(({ meanRecall: _, ...rest }) => rest), [
      { topic: 'scaling', questions: 3, seen: 2, mastered: 1 },
      { topic: 'masks', questions: 2, seen: 1, mastered: 0 },
      { topic: 'heads', questions: 1, seen: 0, mastered: 0 },
      { topic: 'positional', questions: 1, seen: 0, mastered: 0 },
    ]);
    close(m[0].meanRecall, (R(5, 20) + R(30, 10) + 0) / 3); // ≈ 0.59205
    close(m[1].meanRecall, (R(1, 2) + 0) / 2); // ≈ 0.47017
    assert.equal(m[2].meanRecall, 0);
    assert.equal(m[3].meanRecall, 0);
  });

  test('a review card exactly at t = S recalls 0.9', () => {
    const m = topicMastery([q('x', 't', 'l')], progressWith({ cards: { x: card({ stability: 10, lastReview: before(10) }) } }), NOW);
    close(m[0].meanRecall, 0.9);
  });
});

describe('dueForecast', () => {
  // UTC+2 (offset −120): local midnight is 22:00 UTC the day before.
  const OFFSET = -120;
  const dueCards: Record<string, ReviewCard> = {
    a: card({ due: '2026-03-05T00:00:00.000Z' }), // overdue: today
    b: card({ due: '2026-03-10T21:59:00.000Z' }), // 23:59 local, 10 March: today
    c: card({ due: '2026-03-10T22:00:00.000Z' }), // 00:00 local, 11 March: tomorrow
    d: card({ due: '2026-03-12T23:00:00.000Z' }), // 01:00 local, 13 March (UTC would say the 12th): day 3
    e: card({ due: '2026-03-23T21:59:00.000Z' }), // 23:59 local, 23 March: day 13, the last
    f: card({ due: '2026-03-23T22:00:00.000Z' }), // 24 March local: past the 14 days
    gone: card({ due: '2026-03-10T13:00:00.000Z' }), // not in the bank
  };
  const forecastBank = ['a', 'b', 'c', 'd', 'e', 'f', 'unseen'].map((id) => q(id, 't', 'l'));

  test('hand-worked buckets over 14 local days with offset −120', () => {
    const f = dueForecast(forecastBank, progressWith({ cards: dueCards }), NOW, OFFSET);
    const expected = [2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    assert.deepEqual(
      f,
      expected.map((due, i) => ({ day: `2026-03-${String(10 + i).padStart(2, '0')}`, due })),
    );
  });

  test('in UTC the same cards fall on other days', () => {
    const f = dueForecast(forecastBank, progressWith({ cards: dueCards }), NOW, 0, 4);
    // a overdue, b 21:59 and c 22:00 both on the 10th; d on the 12th.
    assert.deepEqual(f, [
      { day: '2026-03-10', due: 3 },
      { day: '2026-03-11', due: 0 },
      { day: '2026-03-12', due: 1 },
      { day: '2026-03-13', due: 0 },
    ]);
  });

  test('rejects bad days and offsets', () => {
    assert.throws(() => dueForecast(bank, emptyProgress(), NOW, 0, 0), /days must be a whole number/);
    assert.throws(() => dueForecast(bank, emptyProgress(), NOW, NaN), /timeZoneOffsetMinutes/);
    assert.throws(() => dueForecast(bank, emptyProgress(), 'yesterday', 0), /not an ISO date/);
  });
});

describe('reviewHistory', () => {
  test('hand-worked counts per local day with offset −120', () => {
    const progress = progressWith({
      reviews: [
        review('2026-03-07T21:59:00.000Z', 3, true), // 7 March local: before the window
        review('2026-03-07T22:00:00.000Z', 3, true), // 00:00, 8 March local
        review('2026-03-08T10:00:00.000Z', 1, false), // 8 March
        review('2026-03-09T23:30:00.000Z', 1, null), // 01:30, 10 March local
        review('2026-03-10T11:00:00.000Z', 4, true), // 10 March
        review('2026-03-10T13:00:00.000Z', 3, true), // after now: not counted
      ],
    });
    assert.deepEqual(reviewHistory(progress, NOW, -120, 3), [
      { day: '2026-03-08', reviews: 2, correct: 1, again: 1, predictions: 0, predictionsRight: 0 },
      { day: '2026-03-09', reviews: 0, correct: 0, again: 0, predictions: 0, predictionsRight: 0 },
      { day: '2026-03-10', reviews: 2, correct: 1, again: 1, predictions: 0, predictionsRight: 0 },
    ]);
    const four = reviewHistory(progress, NOW, -120, 4);
    assert.equal(four.length, 4);
    assert.deepEqual(four[0], { day: '2026-03-07', reviews: 1, correct: 1, again: 0, predictions: 0, predictionsRight: 0 });
    assert.equal(reviewHistory(progress, NOW, -120).length, 28);
  });
});

describe('studyStreak', () => {
  const on = (...days: string[]) => progressWith({ reviews: days.map((d) => review(`${d}T09:00:00.000Z`)) });
  test('alive through today', () => {
    assert.deepEqual(studyStreak(on('2026-03-08', '2026-03-09', '2026-03-10', '2026-03-10'), NOW, 0), { current: 3, longest: 3, reviewedToday: true });
  });
  test('alive through yesterday until the learner studies today', () => {
    assert.deepEqual(studyStreak(on('2026-03-08', '2026-03-09'), NOW, 0), { current: 2, longest: 2, reviewedToday: false });
  });
  test('broken by a missed day', () => {
    assert.deepEqual(studyStreak(on('2026-03-07', '2026-03-08'), NOW, 0), { current: 0, longest: 2, reviewedToday: false });
    assert.deepEqual(studyStreak(emptyProgress(), NOW, 0), { current: 0, longest: 0, reviewedToday: false });
  });
  test('longest remembers an older, longer run', () => {
    const p = on('2026-02-01', '2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-07', '2026-03-09', '2026-03-10');
    assert.deepEqual(studyStreak(p, NOW, 0), { current: 2, longest: 5, reviewedToday: true });
  });
  test('a finished mock interview counts as a study day', () => {
    const mock: MockInterviewRecord = { id: 'm', startedAt: '2026-03-10T08:00:00.000Z', finishedAt: '2026-03-10T08:15:00.000Z', minutes: 15, seed: 1, answers: [], timedOut: false };
    assert.deepEqual(studyStreak({ ...on('2026-03-09'), mocks: [mock] }, NOW, 0), { current: 2, longest: 2, reviewedToday: true });
  });
  test('the local day decides: 23:30 UTC on the 9th is the 10th at UTC+2', () => {
    const p = progressWith({ reviews: [review('2026-03-09T23:30:00.000Z')] });
    assert.deepEqual(studyStreak(p, NOW, -120), { current: 1, longest: 1, reviewedToday: true });
    assert.deepEqual(studyStreak(p, NOW, 0), { current: 1, longest: 1, reviewedToday: false });
  });
});

describe('studyNext', () => {
  const titles = { L2: 'Scaling the dot product', L5: 'Multi-head attention' };
  test('two weakest started topics, then the first not started, each with its main lesson', () => {
    // masks ≈ 0.470 < scaling ≈ 0.592; heads not started; positional is the fourth, left out.
    assert.deepEqual(studyNext(bank, masteryProgress, NOW, titles), [
      { topic: 'masks', lesson: 'L3', title: 'L3', reason: '1 of 2 questions due' }, // L3 and L4 tie: first in the bank
      { topic: 'scaling', lesson: 'L2', title: 'Scaling the dot product', reason: '59 % mean recall' }, // nothing due
      { topic: 'heads', lesson: 'L5', title: 'Multi-head attention', reason: 'not started' },
    ]);
  });
  test('with many started topics, still one new topic in the three', () => {
    const many = [q('a', 'A', 'La'), q('b', 'B', 'Lb'), q('c', 'C', 'Lc'), q('d', 'D', 'Ld'), q('e', 'E', 'Le')];
    // Recall now: A R(1, 1) = 0.9, B R(30, 10) ≈ 0.809, C R(20, 1) ≈ 0.627, D R(5, 20) ≈ 0.967; E not started.
    const cards = {
      a: card({ stability: 1, lastReview: before(1), due: before(-1) }),
      b: card({ stability: 10, lastReview: before(30), due: before(-1) }),
      c: card({ stability: 1, lastReview: before(20), due: before(-1) }),
      d: card({ stability: 20, lastReview: before(5), due: before(-1) }),
    };
    close(R(20, 1), 0.627, 1e-3);
    assert.deepEqual(studyNext(many, progressWith({ cards }), NOW, {}).map((s) => [s.topic, s.reason]), [
      ['C', '63 % mean recall'],
      ['B', '81 % mean recall'],
      ['E', 'not started'],
    ]);
  });

  test('a topic with nothing due and recall at FSRS\'s target is not suggested', () => {
    const two = [q('a', 'A', 'La'), q('d', 'D', 'Ld'), q('e', 'E', 'Le')];
    // D: R(5, 20) ≈ 0.967 ≥ 0.9 and due tomorrow: fine as it is. A: R(1, 1) = 0.9 exactly, due now.
    const cards = { a: card({ stability: 1, lastReview: before(1), due: NOW }), d: card({ stability: 20, lastReview: before(5), due: before(-1) }) };
    close(R(5, 20), 0.967, 1e-3);
    assert.deepEqual(studyNext(two, progressWith({ cards }), NOW, {}).map((s) => [s.topic, s.reason]), [
      ['A', '1 of 1 questions due'],
      ['E', 'not started'],
    ]);
  });

  test('only started topics, or only new ones', () => {
    const started = bank.filter((x) => x.topic === 'scaling' || x.topic === 'masks');
    assert.deepEqual(studyNext(started, masteryProgress, NOW, titles).map((s) => s.topic), ['masks', 'scaling']);
    assert.deepEqual(studyNext(bank, emptyProgress(), NOW, titles).map((s) => s.topic), ['scaling', 'masks', 'heads']);
  });
});

describe('predictions on the dashboard', () => {
  // Offset −120 (UTC+2), now 12:00 UTC on 10 March.
  const predictions = [
    prediction('a', '2026-03-07T21:59:00.000Z', { stage: 'rawScores', correct: true }), // 7 March local
    prediction('b', '2026-03-07T22:00:00.000Z', { stage: 'rawScores', correct: false }), // 00:00, 8 March local
    prediction('c', '2026-03-09T23:30:00.000Z', { stage: 'weights', correct: true }), // 01:30, 10 March local
    prediction('d', '2026-03-09T23:30:00.000Z', { stage: 'weights', correct: true }), // the same stage's second cell
    prediction('e', '2026-03-10T11:00:00.000Z', { stage: 'output', correct: false }), // 10 March
  ];
  const progress = progressWith({ reviews: [review('2026-03-08T09:00:00.000Z')], predictions });

  test('hand-worked: totals, per stage in the step-through\'s order, per local day beside the reviews', () => {
    const d = progressDashboard({ questions: bank, progress, now: NOW, timeZoneOffsetMinutes: -120, lessonTitles: {} });
    assert.deepEqual(d.totals, { reviews: 1, questionsSeen: 0, retired: 0, predictions: 5, predictionsRight: 3 });
    assert.deepEqual(d.predictionStages, [
      { stage: 'rawScores', predictions: 2, right: 1 },
      { stage: 'weights', predictions: 2, right: 2 },
      { stage: 'output', predictions: 1, right: 0 },
    ]);
    assert.deepEqual(d.history.slice(-4), [
      { day: '2026-03-07', reviews: 0, correct: 0, again: 0, predictions: 1, predictionsRight: 1 },
      { day: '2026-03-08', reviews: 1, correct: 1, again: 0, predictions: 1, predictionsRight: 0 },
      { day: '2026-03-09', reviews: 0, correct: 0, again: 0, predictions: 0, predictionsRight: 0 },
      { day: '2026-03-10', reviews: 0, correct: 0, again: 0, predictions: 2 + 1, predictionsRight: 2 },
    ]);
  });

  test('a day with only predictions is a study day: they keep the streak', () => {
    // Study days (local): 7 March (a prediction only), 8 March, 10 March; none on the 9th.
    assert.deepEqual(studyStreak(progress, NOW, -120), { current: 1, longest: 2, reviewedToday: true });
    assert.deepEqual(studyStreak(progressWith({ predictions: [prediction('x', '2026-03-10T09:00:00.000Z')] }), NOW, 0), { current: 1, longest: 1, reviewedToday: true });
  });

  test('predictions make nothing seen, mastered or due', () => {
    const d = progressDashboard({ questions: bank, progress: progressWith({ predictions }), now: NOW, timeZoneOffsetMinutes: 0, lessonTitles: {} });
    assert.equal(d.totals.questionsSeen, 0);
    assert.ok(d.mastery.every((m) => m.seen === 0 && m.mastered === 0));
    assert.deepEqual(d.due, { dueNow: 0, inLearning: 0 });
    assert.equal(d.forecast.reduce((s, f) => s + f.due, 0), 0);
  });

  test('property: the history never counts more predictions (or right ones) than happened by now', () => {
    const day0 = Date.parse('2026-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(
        fc.array(fc.record({ minute: fc.integer({ min: 0, max: 60 * 24 * 60 }), correct: fc.boolean() }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        fc.integer({ min: -14 * 60, max: 12 * 60 }),
        (rows, nowMinute, offset) => {
          const list = rows
            .map((r, i) => prediction(`p${i}`, new Date(day0 + r.minute * 60_000).toISOString(), { correct: r.correct }))
            .sort((a, b) => a.predictedAt.localeCompare(b.predictedAt) || a.id.localeCompare(b.id));
          const now = new Date(day0 + nowMinute * 60_000).toISOString();
          const d = progressDashboard({ questions: bank, progress: progressWith({ predictions: list }), now, timeZoneOffsetMinutes: offset, lessonTitles: {} });
          const past = list.filter((p) => p.predictedAt <= now);
          const inHistory = d.history.reduce((s, h) => s + h.predictions, 0);
          assert.ok(inHistory <= past.length);
          for (const h of d.history) assert.ok(h.predictionsRight <= h.predictions);
          assert.equal(d.totals.predictions, list.length);
          assert.equal(d.totals.predictionsRight, list.filter((p) => p.correct).length);
          assert.equal(d.predictionStages.reduce((s, x) => s + x.predictions, 0), list.length);
          if (d.streak.reviewedToday) assert.ok(d.history[27].predictions > 0);
          assert.ok(d.streak.longest <= past.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('progressDashboard', () => {
  const progress: ProgressData = {
    ...masteryProgress,
    reviews: [review('2026-03-08T09:00:00.000Z'), review('2026-03-09T09:00:00.000Z', 1, false, 'm1'), review('2026-03-10T09:00:00.000Z', 3, true, 'old')],
  };
  test('hand-worked totals, and the parts agree with the separate functions', () => {
    const d = progressDashboard({ questions: bank, progress, now: NOW, timeZoneOffsetMinutes: -120, lessonTitles: {} });
    assert.deepEqual(d.totals, { reviews: 3, questionsSeen: 3, retired: 1, predictions: 0, predictionsRight: 0 });
    assert.deepEqual(d.predictionStages, []);
    assert.deepEqual(d.streak, { current: 3, longest: 3, reviewedToday: true });
    assert.deepEqual(d.mastery, topicMastery(bank, progress, NOW));
    assert.deepEqual(d.forecast, dueForecast(bank, progress, NOW, -120));
    assert.deepEqual(d.history, reviewHistory(progress, NOW, -120));
    assert.deepEqual(d.studyNext, studyNext(bank, progress, NOW, {}));
    assert.equal(d.forecast.length, 14);
    assert.equal(d.history.length, 28);
  });

  test('properties over random logs: history within the window, forecast never above the seen cards, streak bounds', () => {
    const day0 = Date.parse('2026-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(
        fc.array(fc.record({ minute: fc.integer({ min: 0, max: 90 * 24 * 60 }), rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const), q: fc.integer({ min: 0, max: 9 }) }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 90 * 24 * 60 }),
        fc.integer({ min: -14 * 60, max: 12 * 60 }),
        (rows, nowMinute, offset) => {
          const questions = Array.from({ length: 8 }, (_, i) => q(`q${i}`, `t${i % 3}`, `l${i % 2}`));
          const reviews = rows
            .map((r) => review(new Date(day0 + r.minute * 60_000).toISOString(), r.rating, r.rating > 1, `q${r.q}`))
            .sort((a, b) => a.reviewedAt.localeCompare(b.reviewedAt));
          const cards: Record<string, ReviewCard> = {};
          for (const r of reviews) cards[r.questionId] = card({ lastReview: r.reviewedAt, due: new Date(Date.parse(r.reviewedAt) + 3 * DAY).toISOString() });
          const now = new Date(day0 + nowMinute * 60_000).toISOString();
          const d = progressDashboard({ questions, progress: progressWith({ cards, reviews }), now, timeZoneOffsetMinutes: offset, lessonTitles: {} });
          const past = reviews.filter((r) => r.reviewedAt <= now).length;
          const inHistory = d.history.reduce((s, h) => s + h.reviews, 0);
          assert.ok(inHistory <= past, `${inHistory} in history, ${past} in the past`);
          for (const h of d.history) assert.ok(h.correct + h.again <= h.reviews, `${h.day}: correct + again > reviews`);
          assert.ok(d.forecast.reduce((s, f) => s + f.due, 0) <= d.totals.questionsSeen, 'more due than seen');
          assert.equal(d.totals.retired, Object.keys(cards).filter((id) => !questions.some((x) => x.id === id)).length);
          assert.ok(d.streak.current <= d.streak.longest, 'current streak above the longest');
          assert.ok(d.streak.longest <= past, 'longest streak above the number of reviews');
          if (d.streak.reviewedToday) assert.ok(d.history[27].reviews > 0, 'studied today but no review today');
          for (let i = 1; i < d.history.length; i++) assert.equal(Date.parse(d.history[i].day) - Date.parse(d.history[i - 1].day), DAY);
        },
      ),
      { numRuns: 200 },
    );
  });
});
