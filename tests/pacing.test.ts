import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { describePace, elapsedMs, formatClock, formatWallClock, IDLE_TIMER, pace, pauseTimer, resumeTimer, startTimer } from '../lib/present/pacing';

const MIN = 60_000;

test('the budget is the planned minutes spread evenly over the steps', () => {
  assert.equal(pace({ elapsedMs: 0, plannedMinutes: 20, stepCount: 10, step: 0 }).stepBudgetMs, 2 * MIN);
});

test('inside the current step\'s window is on pace', () => {
  // 10 steps in 20 minutes: step 3 (0-based) owns minutes 6 to 8.
  for (const at of [6, 7, 8]) assert.equal(pace({ elapsedMs: at * MIN, plannedMinutes: 20, stepCount: 10, step: 3 }).status, 'on-pace', `${at} min`);
});

test('still on step 3 at minute 9 is one minute behind; reaching it at minute 5 is one minute ahead', () => {
  assert.deepEqual(
    pick(pace({ elapsedMs: 9 * MIN, plannedMinutes: 20, stepCount: 10, step: 3 })),
    { status: 'behind', byMs: MIN, remainingMs: 11 * MIN },
  );
  assert.deepEqual(pick(pace({ elapsedMs: 5 * MIN, plannedMinutes: 20, stepCount: 10, step: 3 })), { status: 'ahead', byMs: MIN, remainingMs: 15 * MIN });
});

test('over time, the time left is negative', () => {
  const p = pace({ elapsedMs: 23 * MIN, plannedMinutes: 20, stepCount: 10, step: 9 });
  assert.equal(p.remainingMs, -3 * MIN);
  assert.equal(describePace(p), '03:00 behind');
});

test('a step outside the deck is clamped, not a crash', () => {
  assert.equal(pace({ elapsedMs: 0, plannedMinutes: 10, stepCount: 5, step: 99 }).status, 'ahead');
  assert.equal(pace({ elapsedMs: 0, plannedMinutes: 10, stepCount: 0, step: -1 }).status, 'on-pace');
});

const pick = (p: ReturnType<typeof pace>) => ({ status: p.status, byMs: p.byMs, remainingMs: p.remainingMs });

test('clock strings: mm:ss under an hour, h:mm:ss from an hour, seconds rounded down', () => {
  assert.equal(formatClock(0), '00:00');
  assert.equal(formatClock(59_999), '00:59');
  assert.equal(formatClock(7 * MIN + 5_000), '07:05');
  assert.equal(formatClock(59 * MIN + 59_999), '59:59');
  assert.equal(formatClock(60 * MIN), '1:00:00');
  assert.equal(formatClock(62 * MIN + 3_000), '1:02:03');
  assert.equal(formatClock(-65_000), '\u221201:05');
  assert.equal(formatClock(Number.NaN), '--:--');
});

test('the wall clock is the local time of day', () => {
  assert.equal(formatWallClock(new Date(2026, 11, 7, 9, 5, 59)), '09:05');
  assert.equal(formatWallClock(new Date(2026, 11, 7, 23, 0)), '23:00');
});

test('the timer counts from its start, not while paused', () => {
  assert.equal(elapsedMs(IDLE_TIMER, 123), 0);
  let timer = startTimer(1_000);
  assert.equal(elapsedMs(timer, 61_000), MIN);
  timer = pauseTimer(timer, 61_000);
  assert.equal(elapsedMs(timer, 500_000), MIN, 'frozen while paused');
  assert.equal(pauseTimer(timer, 70_000), timer, 'pausing twice changes nothing');
  timer = resumeTimer(timer, 121_000);
  assert.equal(elapsedMs(timer, 181_000), 2 * MIN);
  assert.equal(resumeTimer(timer, 200_000), timer, 'resuming a running timer changes nothing');
  assert.equal(elapsedMs(startTimer(10_000), 5_000), 0, 'a clock set back does not give negative time');
});

test('property: ahead, on pace and behind partition the time, and byMs is the distance to the step\'s window', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 180 }), fc.integer({ min: 1, max: 30 }), fc.nat(30), fc.nat(200 * MIN), (minutes, count, rawStep, elapsed) => {
      const step = rawStep % count;
      const p = pace({ elapsedMs: elapsed, plannedMinutes: minutes, stepCount: count, step });
      const start = step * p.stepBudgetMs;
      const end = start + p.stepBudgetMs;
      if (p.status === 'on-pace') assert.ok(elapsed >= start && elapsed <= end && p.byMs === 0);
      if (p.status === 'ahead') assert.ok(Math.abs(p.byMs - (start - elapsed)) < 1e-6 && p.byMs > 0);
      if (p.status === 'behind') assert.ok(Math.abs(p.byMs - (elapsed - end)) < 1e-6 && p.byMs > 0);
      assert.equal(p.remainingMs, minutes * MIN - elapsed);
    }),
  );
});

test('property: formatClock reads back as the whole seconds it was given', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100 * 3600 * 1000 }), (ms) => {
      const parts = formatClock(ms).split(':').map(Number);
      const seconds = parts.reduce((total, part) => total * 60 + part, 0);
      assert.equal(seconds, Math.floor(ms / 1000));
    }),
  );
});
