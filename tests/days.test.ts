import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dayAxisLabel, dayFullLabel, labelledDay } from '../lib/practice/days';

describe('chart day labels', () => {
  test('axis: "Today", else day and month (not "7 Sat")', () => {
    assert.equal(dayAxisLabel('2026-11-28', '2026-11-28'), 'Today');
    assert.equal(dayAxisLabel('2026-11-07', '2026-11-28'), '7 Nov');
    assert.equal(dayAxisLabel('2026-10-31', '2026-11-28'), '31 Oct');
    assert.equal(dayAxisLabel('2025-12-31', '2026-01-10'), '31 Dec');
  });

  test('full: weekday, day and month, today said so', () => {
    assert.equal(dayFullLabel('2026-11-07', '2026-11-28'), 'Sat 7 Nov');
    assert.equal(dayFullLabel('2026-11-28', '2026-11-28'), 'Today, Sat 28 Nov');
  });

  test('a history labels every 7th day counted back from today, so today is always labelled', () => {
    const labelled = Array.from({ length: 28 }, (_, i) => i).filter((i) => labelledDay(i, 28, 7));
    assert.deepEqual(labelled, [6, 13, 20, 27]);
    const forecast = Array.from({ length: 14 }, (_, i) => i).filter((i) => labelledDay(i, 14, 2, true));
    assert.deepEqual(forecast, [0, 2, 4, 6, 8, 10, 12]);
  });
});
