import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildReviewQueue, LEARN_AHEAD_MINUTES, matchesFilters, NO_FILTERS, wrongQuestionIds, type PracticeFilters } from '../lib/practice/reviewQueue';
import {
  emptyProgress,
  type CardState,
  type MockAnswer,
  type MockInterviewRecord,
  type PracticeQuestionInfo,
  type ProgressData,
  type ReviewCard,
  type ReviewRating,
  type ReviewRecord,
} from '../lib/practice/progressTypes';

// ---- Hand-built fixtures ----

type QType = PracticeQuestionInfo['type'];

function q(id: string, topic = 'basics', lesson = 'intro', type: QType = 'single-choice', difficulty: 1 | 2 | 3 = 1): PracticeQuestionInfo {
  return { id, topic, lesson, type, difficulty };
}

function card(due: string, state: CardState = 'review'): ReviewCard {
  return { due, stability: 3, difficulty: 5, scheduledDays: 3, learningSteps: 0, reps: 2, lapses: 0, state, lastReview: '2026-03-01T00:00:00.000Z' };
}

function rev(questionId: string, reviewedAt: string, rating: ReviewRating = 3, correct: boolean | null = null): ReviewRecord {
  return { questionId, reviewedAt, rating, correct, seconds: 20 };
}

function answer(questionId: string, correct: boolean | null): MockAnswer {
  return { questionId, correct, selfScore: null, gradedAt: null, answered: correct !== null, seconds: 30 };
}

function mock(startedAt: string, finishedAt: string, answers: MockAnswer[]): MockInterviewRecord {
  return { id: `${startedAt}-1`, startedAt, finishedAt, minutes: 15, seed: 1, answers, timedOut: false };
}

function progress(parts: { cards?: Record<string, ReviewCard>; reviews?: ReviewRecord[]; mocks?: MockInterviewRecord[]; newPerDay?: number }): ProgressData {
  const p = emptyProgress();
  p.cards = parts.cards ?? {};
  p.reviews = parts.reviews ?? [];
  p.mocks = parts.mocks ?? [];
  if (parts.newPerDay !== undefined) p.settings.newPerDay = parts.newPerDay;
  return p;
}

const NOW = '2026-03-10T12:00:00.000Z';

function filters(f: Partial<PracticeFilters>): PracticeFilters {
  return { ...NO_FILTERS, ...f };
}

describe('buildReviewQueue: due reviews', () => {
  test('overdue first, then by due time; ties in bank order (not id order); not-yet-due review cards wait; new after due', () => {
    // Bank order c, e, d, a, b, then three new ones. a and e are due at the same instant: e comes
    // first in the bank, so it comes first in the queue although "a" sorts first by id.
    const questions = [q('c'), q('e'), q('d'), q('a'), q('b'), q('n1'), q('n2'), q('n3')];
    const p = progress({
      cards: {
        a: card('2026-03-10T11:00:00.000Z'),
        b: card('2026-03-08T09:00:00.000Z'), // two days overdue
        c: card('2026-03-10T12:00:00.000Z'), // due exactly now
        d: card('2026-03-10T13:00:00.000Z'), // a review card due in an hour: no learn-ahead
        e: card('2026-03-10T11:00:00.000Z'),
      },
    });
    const r = buildReviewQueue({ questions, progress: p, now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.deepEqual(r.due, ['b', 'e', 'a', 'c']);
    assert.deepEqual(r.fresh, ['n1', 'n2', 'n3']);
    assert.deepEqual(r.queue, ['b', 'e', 'a', 'c', 'n1', 'n2', 'n3']);
    assert.deepEqual(r.dueLater, []);
    assert.deepEqual(r.retired, []);
    assert.equal(r.newIntroducedToday, 0);
    assert.equal(r.newLeftToday, 10);
  });

  test(`learn-ahead: learning/relearning cards due within ${LEARN_AHEAD_MINUTES} min count as due (20 min in, 21 out); review cards never`, () => {
    assert.equal(LEARN_AHEAD_MINUTES, 20);
    const questions = [q('l21'), q('r20'), q('l20'), q('v5'), q('l5'), q('lpast')];
    const p = progress({
      cards: {
        lpast: card('2026-03-10T11:59:00.000Z', 'learning'),
        l5: card('2026-03-10T12:05:00.000Z', 'learning'),
        l20: card('2026-03-10T12:20:00.000Z', 'learning'),
        r20: card('2026-03-10T12:20:00.000Z', 'relearning'),
        l21: card('2026-03-10T12:21:00.000Z', 'learning'),
        v5: card('2026-03-10T12:05:00.000Z', 'review'),
      },
    });
    const r = buildReviewQueue({ questions, progress: p, now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    // r20 and l20 tie at 12:20: r20 is earlier in the bank.
    assert.deepEqual(r.due, ['lpast', 'l5', 'r20', 'l20']);
    assert.deepEqual(r.dueLater, [
      { id: 'l5', due: '2026-03-10T12:05:00.000Z' },
      { id: 'r20', due: '2026-03-10T12:20:00.000Z' },
      { id: 'l20', due: '2026-03-10T12:20:00.000Z' },
    ]);
    assert.deepEqual(r.queue, ['lpast', 'l5', 'r20', 'l20']);
  });

  test('a session asks what is due now, then new questions, then learning cards a few minutes early', () => {
    const questions = [q('soon'), q('past'), q('new1'), q('new2')];
    const p = progress({ cards: { soon: card('2026-03-10T12:05:00.000Z', 'learning'), past: card('2026-03-10T11:00:00.000Z', 'review') }, newPerDay: 5 });
    const r = buildReviewQueue({ questions, progress: p, now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.deepEqual(r.queue, ['past', 'soon', 'new1', 'new2']);
    assert.deepEqual(r.sessionOrder, ['past', 'new1', 'new2', 'soon']);
    assert.equal(r.dueNow, 1);
  });

  test('retired: cards whose question left the bank are listed, sorted, and never queued even when due', () => {
    const p = progress({ cards: { kept: card('2026-03-09T00:00:00.000Z'), gone1: card('2026-03-09T00:00:00.000Z'), gone0: card('2026-03-01T00:00:00.000Z', 'learning') } });
    const r = buildReviewQueue({ questions: [q('kept'), q('new1')], progress: p, now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.deepEqual(r.retired, ['gone0', 'gone1']);
    assert.deepEqual(r.queue, ['kept', 'new1']);
  });
});

describe('buildReviewQueue: daily cap on new questions', () => {
  // x: first seen yesterday, again today (not new today). y: first seen today, twice (counts once).
  // z: first seen today. old: left the bank, first seen today (still a new question learned today).
  const reviews = [
    rev('x', '2026-03-09T10:00:00.000Z'),
    rev('old', '2026-03-10T07:00:00.000Z'),
    rev('y', '2026-03-10T08:00:00.000Z', 1),
    rev('x', '2026-03-10T09:00:00.000Z'),
    rev('y', '2026-03-10T10:00:00.000Z'),
    rev('z', '2026-03-10T11:00:00.000Z'),
  ];
  const cards = {
    x: card('2026-03-15T00:00:00.000Z'),
    y: card('2026-03-11T00:00:00.000Z'),
    z: card('2026-03-11T00:00:00.000Z'),
    old: card('2026-03-11T00:00:00.000Z'),
  };
  const questions = [q('x'), q('n1'), q('y'), q('n2'), q('z'), q('n3'), q('n4')];

  test('counts distinct questions whose first review is today; new ones taken in bank order', () => {
    const r = buildReviewQueue({ questions, progress: progress({ cards, reviews, newPerDay: 5 }), now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.equal(r.newIntroducedToday, 3);
    assert.equal(r.newLeftToday, 2);
    assert.deepEqual(r.fresh, ['n1', 'n2']);
    assert.deepEqual(r.queue, ['n1', 'n2']);
  });

  test('never negative when the cap was lowered below what was already introduced', () => {
    const r = buildReviewQueue({ questions, progress: progress({ cards, reviews, newPerDay: 2 }), now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.equal(r.newIntroducedToday, 3);
    assert.equal(r.newLeftToday, 0);
    assert.deepEqual(r.fresh, []);
  });

  test('the next day, the same log introduced nothing', () => {
    const r = buildReviewQueue({ questions, progress: progress({ cards, reviews, newPerDay: 2 }), now: '2026-03-11T12:00:00.000Z', timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.equal(r.newIntroducedToday, 0);
    assert.deepEqual(r.fresh, ['n1', 'n2']);
    // y, z and x's cards: y and z due 2026-03-11T00:00, in bank order.
    assert.deepEqual(r.due, ['y', 'z']);
  });

  test('local day boundary: offset −120 (UTC+2) puts 23:30 UTC of the day before into today', () => {
    // now 08:00 UTC = 10:00 local on the 10th. 23:30 UTC on the 9th = 01:30 local on the 10th (today);
    // 21:30 UTC on the 9th = 23:30 local on the 9th (yesterday).
    const log = [rev('early', '2026-03-09T21:30:00.000Z'), rev('late', '2026-03-09T23:30:00.000Z')];
    const p = progress({ cards: { early: card('2026-03-12T00:00:00.000Z'), late: card('2026-03-12T00:00:00.000Z') }, reviews: log, newPerDay: 10 });
    const qs = [q('early'), q('late'), q('n1')];
    const local = buildReviewQueue({ questions: qs, progress: p, now: '2026-03-10T08:00:00.000Z', timeZoneOffsetMinutes: -120, filters: NO_FILTERS });
    assert.equal(local.newIntroducedToday, 1);
    assert.equal(local.newLeftToday, 9);
    // In UTC both reviews were yesterday.
    const utc = buildReviewQueue({ questions: qs, progress: p, now: '2026-03-10T08:00:00.000Z', timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    assert.equal(utc.newIntroducedToday, 0);
  });

  test('local day boundary: offset +300 (UTC−5) keeps the evening in the same local day', () => {
    // now 03:00 UTC on the 10th = 22:00 local on the 9th; a review at 06:00 UTC on the 9th is 01:00 local on the 9th.
    const p = progress({ cards: { a: card('2026-03-12T00:00:00.000Z') }, reviews: [rev('a', '2026-03-09T06:00:00.000Z')] });
    const r = buildReviewQueue({ questions: [q('a')], progress: p, now: '2026-03-10T03:00:00.000Z', timeZoneOffsetMinutes: 300, filters: NO_FILTERS });
    assert.equal(r.newIntroducedToday, 1);
    // 04:59 UTC on the 9th = 23:59 local on the 8th: yesterday.
    const p2 = progress({ cards: { a: card('2026-03-12T00:00:00.000Z') }, reviews: [rev('a', '2026-03-09T04:59:00.000Z')] });
    assert.equal(buildReviewQueue({ questions: [q('a')], progress: p2, now: '2026-03-10T03:00:00.000Z', timeZoneOffsetMinutes: 300, filters: NO_FILTERS }).newIntroducedToday, 0);
  });
});

describe('filters', () => {
  // Due: d1 (attention/l1/numeric/2), d2 (masks/l2/ordering/3). New: n1 (attention/l1/free-recall/1), n2 (masks/l3/numeric/2).
  const questions = [
    q('d1', 'attention', 'l1', 'numeric', 2),
    q('n1', 'attention', 'l1', 'free-recall', 1),
    q('d2', 'masks', 'l2', 'ordering', 3),
    q('n2', 'masks', 'l3', 'numeric', 2),
  ];
  const p = progress({ cards: { d1: card('2026-03-10T10:00:00.000Z'), d2: card('2026-03-10T09:00:00.000Z') } });
  const run = (f: Partial<PracticeFilters>) => buildReviewQueue({ questions, progress: p, now: NOW, timeZoneOffsetMinutes: 0, filters: filters(f) }).queue;

  test('no filters', () => assert.deepEqual(run({}), ['d2', 'd1', 'n1', 'n2']));
  test('topics', () => assert.deepEqual(run({ topics: ['attention'] }), ['d1', 'n1']));
  test('lessons (any of several)', () => assert.deepEqual(run({ lessons: ['l2', 'l3'] }), ['d2', 'n2']));
  test('types', () => assert.deepEqual(run({ types: ['numeric'] }), ['d1', 'n2']));
  test('difficulties', () => assert.deepEqual(run({ difficulties: [1, 3] }), ['d2', 'n1']));
  test('fields combine with AND', () => assert.deepEqual(run({ topics: ['masks'], types: ['numeric'] }), ['n2']));
  test('a filter matching nothing', () => assert.deepEqual(run({ topics: ['nope'] }), []));

  test('the cap counts before filtering: filters pick among the new ones, not past the allowance', () => {
    // newPerDay 1, nothing introduced: n1 is filtered out, so n2 is the one new question shown.
    const capped = progress({ cards: p.cards, newPerDay: 1 });
    const r = buildReviewQueue({ questions, progress: capped, now: NOW, timeZoneOffsetMinutes: 0, filters: filters({ topics: ['masks'] }) });
    assert.deepEqual(r.fresh, ['n2']);
  });

  test('matchesFilters on one question', () => {
    const one = q('x', 'attention', 'l1', 'numeric', 2);
    assert.equal(matchesFilters(one, NO_FILTERS, new Set()), true);
    assert.equal(matchesFilters(one, filters({ difficulties: [2] }), new Set()), true);
    assert.equal(matchesFilters(one, filters({ difficulties: [1] }), new Set()), false);
    assert.equal(matchesFilters(one, filters({ onlyWrong: true }), new Set()), false);
    assert.equal(matchesFilters(one, filters({ onlyWrong: true }), new Set(['x'])), true);
  });

  test('NO_FILTERS cannot be changed by accident', () => {
    assert.throws(() => (NO_FILTERS.topics as string[]).push('x'));
    assert.equal(NO_FILTERS.topics.length, 0);
  });
});

describe('wrongQuestionIds and onlyWrong', () => {
  const reviews = [
    rev('p', '2026-03-01T10:00:00.000Z', 1), // Again, then later right: cleared
    rev('q', '2026-03-01T11:00:00.000Z', 3, false), // rated Good but graded incorrect: wrong
    rev('r', '2026-03-01T12:00:00.000Z', 3, true),
    rev('u', '2026-03-02T09:00:00.000Z', 1), // Again, then right in a later mock: cleared
    rev('p', '2026-03-03T10:00:00.000Z', 3, true),
    rev('r', '2026-03-03T11:00:00.000Z', 1), // right, then Again: wrong
    rev('s', '2026-03-03T12:00:00.000Z', 2, null), // Hard, self-graded: not wrong
    rev('v', '2026-03-06T09:00:00.000Z', 3, true), // wrong in an earlier mock, right now: cleared
  ];
  const mocks = [
    mock('2026-03-04T09:00:00.000Z', '2026-03-04T09:15:00.000Z', [answer('t', false), answer('u', true), answer('v', false), answer('w', false)]),
    // w's latest mock has no verdict for it (not answered): the earlier wrong answer no longer counts.
    mock('2026-03-05T09:00:00.000Z', '2026-03-05T09:15:00.000Z', [answer('w', null), answer('y', null)]),
  ];

  test('latest verdict per question, across reviews and mocks', () => {
    const wrong = wrongQuestionIds(progress({ reviews, mocks }));
    assert.deepEqual([...wrong].sort(), ['q', 'r', 't']);
  });

  test('the latest mock is found by startedAt, not by its place in the list', () => {
    assert.deepEqual([...wrongQuestionIds(progress({ reviews, mocks: [...mocks].reverse() }))].sort(), ['q', 'r', 't']);
    const wrongLast = [mock('2026-03-05T09:00:00.000Z', '2026-03-05T09:15:00.000Z', [answer('m', false)]), mock('2026-03-04T09:00:00.000Z', '2026-03-04T09:15:00.000Z', [answer('m', true)])];
    assert.deepEqual([...wrongQuestionIds(progress({ mocks: wrongLast }))], ['m']);
  });

  test('a later correct review clears an Again', () => {
    assert.deepEqual([...wrongQuestionIds(progress({ reviews: [rev('a', '2026-03-01T00:00:00.000Z', 1)] }))], ['a']);
    assert.deepEqual([...wrongQuestionIds(progress({ reviews: [rev('a', '2026-03-01T00:00:00.000Z', 1), rev('a', '2026-03-02T00:00:00.000Z', 3, true)] }))], []);
  });

  test('onlyWrong filters due and new alike', () => {
    // q and r have due cards; t was only ever seen in a mock, so it has no card and is new.
    const questions = [q('p'), q('q'), q('r'), q('s'), q('t'), q('n')];
    const due = '2026-03-09T00:00:00.000Z';
    const p = progress({ cards: { p: card(due), q: card(due), r: card(due), s: card(due) }, reviews, mocks });
    const r = buildReviewQueue({ questions, progress: p, now: NOW, timeZoneOffsetMinutes: 0, filters: filters({ onlyWrong: true }) });
    assert.deepEqual(r.due, ['q', 'r']);
    assert.deepEqual(r.fresh, ['t']);
    assert.deepEqual(r.queue, ['q', 'r', 't']);
  });
});

describe('argument checks', () => {
  const base = { questions: [q('a')], progress: progress({}), now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS };
  test('throws on a duplicate bank id, a bad now, a bad newPerDay, a card with a bad due', () => {
    assert.throws(() => buildReviewQueue({ ...base, questions: [q('a'), q('a')] }), /appears twice/);
    assert.throws(() => buildReviewQueue({ ...base, now: 'yesterday' }), /now/);
    assert.throws(() => buildReviewQueue({ ...base, timeZoneOffsetMinutes: NaN }), /timeZoneOffsetMinutes/);
    assert.throws(() => buildReviewQueue({ ...base, progress: progress({ newPerDay: -1 }) }), /newPerDay/);
    assert.throws(() => buildReviewQueue({ ...base, progress: progress({ cards: { a: card('soon') } }) }), /due/);
  });
});

// ---- Properties ----

const MINUTE = 60_000;
const NOW_MS = Date.parse(NOW);
const TYPES: QType[] = ['single-choice', 'multiple-choice', 'numeric', 'free-recall', 'spot-the-bug', 'ordering'];

/** The local calendar day, straight from the definition (shift by the offset, read the UTC date). */
const dayOf = (ms: number, offset: number) => new Date(ms - offset * MINUTE).toISOString().slice(0, 10);

const scenario = fc
  .record({
    n: fc.integer({ min: 0, max: 25 }),
    extraCards: fc.integer({ min: 0, max: 3 }),
    newPerDay: fc.integer({ min: 0, max: 12 }),
    offset: fc.integer({ min: -14 * 60, max: 12 * 60 }),
  })
  .chain(({ n, extraCards, newPerDay, offset }) =>
    fc.record({
      newPerDay: fc.constant(newPerDay),
      offset: fc.constant(offset),
      questions: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            id: fc.constant<string>(`q${i}`),
            topic: fc.constantFrom('t1', 't2'),
            lesson: fc.constantFrom('l1', 'l2', 'l3'),
            type: fc.constantFrom(...TYPES),
            difficulty: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
          }),
        ),
      ),
      // For each bank question and a few retired ids: a card or none (due within ±3 days of now).
      cards: fc.tuple(
        ...Array.from({ length: n + extraCards }, () =>
          fc.option(fc.record({ dueMin: fc.integer({ min: -3 * 1440, max: 3 * 1440 }), state: fc.constantFrom<CardState>('learning', 'review', 'relearning') }), { nil: undefined }),
        ),
      ),
      reviews: fc.array(
        fc.record({ which: fc.nat({ max: n + extraCards + 1 }), atMin: fc.integer({ min: -3 * 1440, max: 0 }), rating: fc.constantFrom<ReviewRating>(1, 2, 3, 4), correct: fc.constantFrom(true, false, null) }),
        { maxLength: 40 },
      ),
      filters: fc.record({
        topics: fc.subarray(['t1', 't2']),
        lessons: fc.subarray(['l1', 'l2', 'l3']),
        types: fc.subarray(TYPES),
        difficulties: fc.subarray<1 | 2 | 3>([1, 2, 3]),
        onlyWrong: fc.boolean(),
      }),
    }),
  )
  .map((s) => {
    const cards: Record<string, ReviewCard> = {};
    s.cards.forEach((c, i) => {
      if (c) cards[i < s.questions.length ? `q${i}` : `gone${i}`] = card(new Date(NOW_MS + c.dueMin * MINUTE).toISOString(), c.state);
    });
    const ids = [...s.questions.map((x) => x.id), ...s.cards.map((_, i) => `gone${i}`)];
    const reviews = s.reviews
      .map((r) => rev(ids[r.which] ?? 'q-unknown', new Date(NOW_MS + r.atMin * MINUTE).toISOString(), r.rating, r.correct))
      .sort((a, b) => (a.reviewedAt < b.reviewedAt ? -1 : a.reviewedAt > b.reviewedAt ? 1 : a.questionId.localeCompare(b.questionId)));
    return { ...s, progress: progress({ cards, reviews, newPerDay: s.newPerDay }) };
  });

describe('buildReviewQueue properties', () => {
  test('queue is due then fresh, without repeats, drawn from the bank, within the day’s allowance, all matching the filters', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = buildReviewQueue({ questions: s.questions, progress: s.progress, now: NOW, timeZoneOffsetMinutes: s.offset, filters: s.filters });
        const bank = new Set(s.questions.map((x) => x.id));
        assert.equal(new Set(r.queue).size, r.queue.length, 'no id twice');
        for (const id of r.queue) assert.ok(bank.has(id), `${id} not in the bank`);
        assert.deepEqual(r.queue, [...r.due, ...r.fresh], 'every due id precedes every new id');

        // Introduced today, by brute force: each question's earliest review, on today's local day.
        const today = dayOf(NOW_MS, s.offset);
        const introduced = new Set(
          s.progress.reviews.filter((x) => dayOf(Date.parse(x.reviewedAt), s.offset) === today && !s.progress.reviews.some((y) => y.questionId === x.questionId && y.reviewedAt < x.reviewedAt)).map((x) => x.questionId),
        ).size;
        assert.equal(r.newIntroducedToday, introduced);
        assert.ok(r.fresh.length <= Math.max(0, s.newPerDay - introduced));
        for (const id of r.fresh) assert.ok(!(id in s.progress.cards), `${id} has a card but is in fresh`);

        const wrong = wrongQuestionIds(s.progress);
        const info = new Map(s.questions.map((x) => [x.id, x]));
        for (const id of r.queue) assert.ok(matchesFilters(info.get(id)!, s.filters, wrong), `${id} does not match the filters`);

        const dueMs = r.due.map((id) => Date.parse(s.progress.cards[id].due));
        for (let i = 1; i < dueMs.length; i++) assert.ok(dueMs[i - 1] <= dueMs[i], 'due sorted by due time');
        assert.deepEqual(r.retired, Object.keys(s.progress.cards).filter((id) => id.startsWith('gone')).sort());
      }),
      { numRuns: 300 },
    );
  });

  test('with no filters, every bank question with a card due ≤ now is due, and as many new questions as allowed are fresh', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = buildReviewQueue({ questions: s.questions, progress: s.progress, now: NOW, timeZoneOffsetMinutes: s.offset, filters: NO_FILTERS });
        const due = new Set(r.due);
        for (const x of s.questions) {
          const c = s.progress.cards[x.id];
          if (c && Date.parse(c.due) <= NOW_MS) assert.ok(due.has(x.id), `${x.id} due ${c.due} is missing`);
        }
        const newOnes = s.questions.filter((x) => !(x.id in s.progress.cards)).map((x) => x.id);
        assert.deepEqual(r.fresh, newOnes.slice(0, r.newLeftToday));
      }),
      { numRuns: 300 },
    );
  });
});
