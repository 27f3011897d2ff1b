import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalInstant } from '../lib/practice/isoInstant';

/** What the check did before the fast path, for every string: the behaviour to keep. */
function slow(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('canonicalInstant', () => {
  test('a canonical instant is itself', () => {
    for (const s of ['2026-06-01T12:00:00.000Z', '2024-02-29T23:59:59.999Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2000-02-29T00:00:00.000Z']) assert.equal(canonicalInstant(s), s);
  });

  test('other spellings of a valid instant become the canonical one, as Date does it', () => {
    assert.equal(canonicalInstant('2026-06-01T12:00:00Z'), '2026-06-01T12:00:00.000Z');
    assert.equal(canonicalInstant('2026-06-01T12:00:00.5Z'), '2026-06-01T12:00:00.500Z');
    // Dates past the month's end and hour 24 roll over in Date.parse: same as before the fast path.
    assert.equal(canonicalInstant('2026-02-29T00:00:00.000Z'), slow('2026-02-29T00:00:00.000Z'));
    assert.equal(canonicalInstant('2026-04-31T00:00:00.000Z'), slow('2026-04-31T00:00:00.000Z'));
    assert.equal(canonicalInstant('2026-01-01T24:00:00.000Z'), slow('2026-01-01T24:00:00.000Z'));
    assert.equal(canonicalInstant('1900-02-29T00:00:00.000Z'), slow('1900-02-29T00:00:00.000Z'));
  });

  test('not an instant: null', () => {
    for (const v of [null, 3, '', 'yesterday', '2026-06-01', '2026-06-01T12:00:00.000+02:00', '2026-13-01T00:00:00.000Z', '2026-06-01T12:60:00.000Z', '2026-06-01T12:00:60.000Z', '2026-06-01 12:00:00.000Z', '2026-06-01T12:00:00.000z', '２026-06-01T12:00:00.000Z'])
      assert.equal(canonicalInstant(v), slow(v), String(v));
  });

  test('agrees with Date on every field value, in range or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 39 }),
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 0, max: 69 }),
        fc.integer({ min: 0, max: 69 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('.xxxZ', 'Z', '.xZ', '.xxZ'),
        (y, mo, d, h, mi, s, ms, tail) => {
          const frac = tail === 'Z' ? 'Z' : `.${pad(ms, 3).slice(0, tail.length - 2)}Z`;
          const value = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}`;
          assert.equal(canonicalInstant(value), slow(value), value);
        },
      ),
      { numRuns: 5000 },
    );
  });

  test('agrees with Date on canonical strings with one character changed', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true }), fc.nat({ max: 23 }), fc.constantFrom('0', '1', '2', '3', '5', '9', '-', ':', 'T', '.', 'Z', 'x', ' '), (date, at, ch) => {
        const iso = date.toISOString();
        const value = iso.slice(0, at) + ch + iso.slice(at + 1);
        assert.equal(canonicalInstant(value), slow(value), value);
      }),
      { numRuns: 3000 },
    );
  });
});
