import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dueState, dueSummary, dueTodaySummary, LEARN_AHEAD_MINUTES } from '../lib/practice/dueNow';
import { progressDashboard } from '../lib/practice/progressStats';
import type { CardState, PracticeQuestionInfo } from '../lib/practice/progressTypes';
import { buildReviewQueue, NO_FILTERS } from '../lib/practice/reviewQueue';
import { card, progress } from './support/progressFixtures';

const NOW = '2026-03-10T12:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const bank: PracticeQuestionInfo[] = Array.from({ length: 12 }, (_, i) => ({ id: `q-${i}`, topic: `t${i % 3}`, lesson: 'l', type: 'numeric', difficulty: 1 }));

describe('dueState: one definition of "due"', () => {
  test('due now, in learning within the learn-ahead window, otherwise not due', () => {
    const nowMs = Date.parse(NOW);
    assert.equal(dueState(card({ due: at(-60) }), nowMs), 'now');
    assert.equal(dueState(card({ due: NOW }), nowMs), 'now');
    assert.equal(dueState(card({ due: at(5), state: 'learning' }), nowMs), 'learning');
    assert.equal(dueState(card({ due: at(LEARN_AHEAD_MINUTES), state: 'relearning' }), nowMs), 'learning');
    assert.equal(dueState(card({ due: at(LEARN_AHEAD_MINUTES + 1), state: 'learning' }), nowMs), null);
    // Later today is not due: a review card due in 5 minutes waits, whatever the calendar day.
    assert.equal(dueState(card({ due: at(5), state: 'review' }), nowMs), null);
  });

  test('the words both pages print', () => {
    assert.equal(dueSummary({ dueNow: 1, inLearning: 5 }), '1 due, 5 in learning');
    assert.equal(dueSummary({ dueNow: 3, inLearning: 0 }), '3 due');
  });

  test('the issue’s case: 1 due and 5 learning cards minutes away read the same on /practice and /progress', () => {
    const cards: Record<string, ReturnType<typeof card>> = { 'q-0': card({ due: at(-30) }) };
    for (let i = 1; i <= 5; i++) cards[`q-${i}`] = card({ due: at(i * 2), state: 'learning', scheduledDays: 0 });
    const data = progress({ cards });
    const queue = buildReviewQueue({ questions: bank, progress: data, now: NOW, timeZoneOffsetMinutes: 0, filters: NO_FILTERS });
    const dashboard = progressDashboard({ questions: bank, progress: data, now: NOW, timeZoneOffsetMinutes: 0, lessonTitles: {} });
    assert.deepEqual(dashboard.due, { dueNow: 1, inLearning: 5 });
    assert.deepEqual({ dueNow: queue.dueNow, inLearning: queue.dueLater.length }, dashboard.due);
  });

  test('property: the review queue (no filters) and the dashboard always count the same', () => {
    const states: CardState[] = ['learning', 'review', 'relearning'];
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.record({ minutes: fc.integer({ min: -3000, max: 3000 }), state: fc.constantFrom(...states) }), { nil: undefined }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: -720, max: 720 }),
        (spec, offset) => {
          const cards: Record<string, ReturnType<typeof card>> = {};
          spec.forEach((s, i) => {
            if (s) cards[`q-${i}`] = card({ due: at(s.minutes), state: s.state });
          });
          const data = progress({ cards });
          const queue = buildReviewQueue({ questions: bank, progress: data, now: NOW, timeZoneOffsetMinutes: offset, filters: NO_FILTERS });
          const dashboard = progressDashboard({ questions: bank, progress: data, now: NOW, timeZoneOffsetMinutes: offset, lessonTitles: {} });
          assert.deepEqual({ dueNow: queue.dueNow, inLearning: queue.dueLater.length }, dashboard.due);
        },
      ),
    );
  });
});

test("the forecast's today bar is explained in the summary's words", () => {
  assert.equal(dueTodaySummary(7, { dueNow: 0, inLearning: 7 }), `0 due now, 7 in learning (back within ${LEARN_AHEAD_MINUTES} minutes)`);
  assert.equal(dueTodaySummary(10, { dueNow: 2, inLearning: 5 }), `2 due now, 5 in learning (back within ${LEARN_AHEAD_MINUTES} minutes), 3 later today`);
  assert.equal(dueTodaySummary(4, { dueNow: 4, inLearning: 0 }), '4 due now');
  assert.equal(dueTodaySummary(0, { dueNow: 0, inLearning: 0 }), '0 due now');
});
