import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInterval } from '../lib/practice/formatInterval';

const at = '2026-01-01T00:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(at) + ms).toISOString();

test('intervals read in the unit a learner thinks in', () => {
  assert.equal(formatInterval(at, plus(0)), '1 min');
  assert.equal(formatInterval(at, plus(10 * 60_000)), '10 min');
  assert.equal(formatInterval(at, plus(59 * 60_000)), '59 min');
  assert.equal(formatInterval(at, plus(60 * 60_000)), '1 h');
  assert.equal(formatInterval(at, plus(23 * 3_600_000)), '23 h');
  assert.equal(formatInterval(at, plus(86_400_000)), '1 d');
  assert.equal(formatInterval(at, plus(59 * 86_400_000)), '59 d');
  assert.equal(formatInterval(at, plus(90 * 86_400_000)), '3 mo');
  assert.equal(formatInterval(at, plus(730 * 86_400_000)), '2.0 y');
  // A due time already past (clock skew) is not a negative interval.
  assert.equal(formatInterval(at, plus(-5 * 60_000)), '1 min');
});
