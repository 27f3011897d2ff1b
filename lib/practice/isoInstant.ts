/**
 * ISO instants as progress stores them: "2026-06-01T12:00:00.000Z", one spelling per instant, so
 * that comparing the strings (as sorting and merging do) compares times. Checking a saved value
 * meets one of these per review: 20,000 of them on every page open, 200,000 in a large import.
 * `new Date(s).toISOString()` for each was a third of the check's time, so a string already in
 * the canonical spelling with every field in range is recognised from its characters, and only
 * other spellings ("…:00Z" without milliseconds, "T24:00:00Z", "02-30") go the slow way, with the same result as before.
 */

const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const SEPARATORS: readonly [number, string][] = [
  [4, '-'],
  [7, '-'],
  [10, 'T'],
  [13, ':'],
  [16, ':'],
  [19, '.'],
  [23, 'Z'],
];

function number(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when `s` is exactly what `new Date(s).toISOString()` would give back. */
function isCanonical(s: string): boolean {
  if (s.length !== 24) return false;
  for (const i of DIGIT_AT) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  for (const [i, ch] of SEPARATORS) if (s[i] !== ch) return false;
  const year = number(s, 0, 4);
  const month = number(s, 5, 7);
  const day = number(s, 8, 10);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && number(s, 11, 13) < 24 && number(s, 14, 16) < 60 && number(s, 17, 19) < 60;
}

/** The canonical spelling of `value` when it is an ISO instant in UTC ("Z"), else null. */
export function canonicalInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (isCanonical(value)) return value;
  if (!ISO_PATTERN.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
