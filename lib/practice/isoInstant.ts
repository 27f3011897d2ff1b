/**
 * ISO instants as progress stores them: "2026-06-01T12:00:00.000Z", one spelling per instant, so
 * that comparing the strings (as sorting and merging do) compares times. Checking a saved value
 * meets one of these per review: 20,000 of them on every page open, 200,000 in a large import.
 * `new Date(s).toISOString()` for each was a third of the check's time, so a string already in
 * the canonical spelling with every field in range is recognised from its characters, and only
 * other spellings ("…:00Z" without milliseconds, "T24:00:00Z", "02-30") go the slow way, with the same result as before.
 */

const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** The number in `s` from `from` to `to` (exclusive), or -1 when a character there is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * True when `s` is exactly what `new Date(s).toISOString()` would give back. Plain character
 * codes, no iteration helpers or arrays: in Chromium a version looping over tables of positions
 * allocated per call and took most of a 20,000-review check (a CPU profile of /progress/).
 */
function isCanonical(s: string): boolean {
  if (s.length !== 24) return false;
  // "-", "-", "T", ":", ":", ".", "Z" at 4, 7, 10, 13, 16, 19, 23.
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || digits(s, 20, 23) < 0) return false;
  return day <= daysIn(year, month);
}

/** The canonical spelling of `value` when it is an ISO instant in UTC ("Z"), else null. */
export function canonicalInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (isCanonical(value)) return value;
  if (!ISO_PATTERN.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
