/**
 * Numbers as a learner types them and as the site shows a key, read and compared in decimal.
 *
 * Why decimal: the key is shown as the decimal the author wrote (0.6652, never "0.665"), and the
 * learner types a decimal; comparing those two decimals exactly is what "within 0.0005" means to a
 * person. Binary floating point would put 0.6647 against 0.6652 ± 0.0005 a few ulps on either
 * side of the edge, so the verdict at the edge would depend on the digits. Here both sides are
 * exact decimals (a BigInt mantissa and a power of ten), so what is shown is what is graded.
 *
 * Separators. A space or "_" groups digits ("1 024", "1_000_000"). A comma is read only when it
 * cannot mean two things:
 * - "0,6652", "3,5", ",5", "12,75": one comma, no dot, and not followed by exactly three digits
 *   after a non-zero whole part: a decimal comma (and the reader is told "read as 0.6652");
 * - "1,024,000", "12,345.5": commas every three digits (two or more groups, or with a decimal
 *   dot): digit groups;
 * - "1,024": one comma followed by exactly three digits could be 1024 or 1.024, so it is refused
 *   with a hint to write either; "1.234,5", "1,2,3": refused too. Nothing is ever silently misread.
 */

/** An exact decimal: mantissa × 10^exponent. */
export interface Decimal {
  mantissa: bigint;
  exponent: number;
}

export type NumberReading =
  | { kind: 'empty' }
  | { kind: 'number'; value: number; decimal: Decimal; /** Set when the text was read in a way worth saying (a decimal comma). */ note: string | null }
  /** `unfinished`: a prefix of a number ("-", "1e", "0,"): worth a warning on submit, not while typing. */
  | { kind: 'invalid'; hint: string; unfinished: boolean };

const PLAIN = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;
/** Text that stops where a number could go on: a lone sign, or a trailing separator or exponent mark. */
const UNFINISHED = /^[-+]$|\d[.,]$|\d[eE][-+]?$/;
/** Powers of ten beyond this are not finite in float64, or are 0: no key is written that way. */
const MAX_EXPONENT = 400;

const NOT_A_NUMBER = 'Type a number, such as 0.25, 1e-3 or 1024.';

export function readNumber(text: string): NumberReading {
  // A typographic minus (U+2212) is a minus.
  const trimmed = text.trim().replace(/\u2212/g, '-');
  if (trimmed === '') return { kind: 'empty' };
  const unfinished = UNFINISHED.test(trimmed);
  // Grouping by spaces (any, including no-break ones) and underscores.
  const ungrouped = trimmed.replace(/(?<=\d)[\s_]+(?=\d)/g, '');
  const comma = readCommas(ungrouped);
  if ('hint' in comma) return { kind: 'invalid', hint: unfinished ? NOT_A_NUMBER : comma.hint, unfinished };
  const plain = comma.text;
  const m = PLAIN.exec(plain);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { kind: 'invalid', hint: NOT_A_NUMBER, unfinished };
  const [, sign, whole, fraction = '', exp = '0'] = m;
  const value = Number(plain);
  if (!Number.isFinite(value) || Math.abs(Number(exp)) > MAX_EXPONENT) return { kind: 'invalid', hint: 'That number is too large or too small to check.', unfinished: false };
  const digits = BigInt(`${whole}${fraction}` || '0');
  const decimal = { mantissa: sign === '-' ? -digits : digits, exponent: Number(exp) - fraction.length };
  return { kind: 'number', value, decimal, note: comma.decimalComma ? `Read as ${plain.replace(/^\+/, '')} (decimal comma).` : null };
}

/** Commas resolved: a dot-decimal text, or a hint why the commas cannot be read safely. */
function readCommas(text: string): { text: string; decimalComma: boolean } | { hint: string } {
  if (!text.includes(',')) return { text, decimalComma: false };
  const m = /^([-+]?)([\d,]*)(\.\d*)?([eE][-+]?\d+)?$/.exec(text);
  if (!m) return { hint: 'Use a dot for decimals (0.25), or one comma alone (0,25).' };
  const [, sign, body, dotPart = '', exp = ''] = m;
  const groups = body.split(',');
  const grouped = /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
  if (groups.length === 2 && dotPart === '') {
    const [whole, fraction] = groups;
    const ambiguous = fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole);
    if (ambiguous) {
      return { hint: `“${text}” could mean ${sign}${whole}${fraction} or ${sign}${whole}.${fraction}: write it without the comma, or with a dot for decimals.` };
    }
    if (/^\d*$/.test(whole) && /^\d+$/.test(fraction)) return { text: `${sign}${whole}.${fraction}${exp}`, decimalComma: true };
  }
  if (grouped && (groups.length > 2 || dotPart !== '')) return { text: `${sign}${groups.join('')}${dotPart}${exp}`, decimalComma: false };
  return { hint: 'Use a dot for decimals (0.25); commas only between groups of three digits (1,024,000).' };
}

/**
 * The shortest decimal that reads back as `x` (what the author wrote in the question file, for any
 * value written with up to 15 significant digits), without exponent notation: 1e-7 is
 * "0.0000001", so the key and the tolerance read alike.
 */
export function formatExact(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`formatExact: ${x} is not a finite number`);
  return formatDecimal(toDecimal(x));
}

/** `x` as the exact decimal of its shortest round-trip spelling. */
export function toDecimal(x: number): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(String(x));
  if (!m) throw new Error(`toDecimal: cannot read ${x}`);
  const [, sign, whole, fraction = '', exp = '0'] = m;
  const digits = BigInt(whole + fraction);
  return { mantissa: sign === '-' ? -digits : digits, exponent: Number(exp) - fraction.length };
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.exponent, b.exponent);
  return [a.mantissa * 10n ** BigInt(a.exponent - e), b.mantissa * 10n ** BigInt(b.exponent - e), e];
}

function add(a: Decimal, b: Decimal, sign: 1n | -1n): Decimal {
  const [x, y, exponent] = aligned(a, b);
  return { mantissa: x + sign * y, exponent };
}

/** Exactly |x − key| ≤ tolerance, all three as decimals. */
export function withinTolerance(x: Decimal, key: Decimal, tolerance: Decimal): boolean {
  const diff = add(x, key, -1n);
  const [d, t] = aligned({ mantissa: diff.mantissa < 0n ? -diff.mantissa : diff.mantissa, exponent: diff.exponent }, tolerance);
  return d <= t;
}

function formatDecimal(d: Decimal): string {
  // Through the exact digits, not a float: key ± tolerance is printed as the decimal it is.
  const negative = d.mantissa < 0n;
  const digits = (negative ? -d.mantissa : d.mantissa).toString();
  let out: string;
  if (d.exponent >= 0) out = digits === '0' ? '0' : digits + '0'.repeat(d.exponent);
  else {
    const point = digits.length + d.exponent;
    out = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
    out = out.replace(/\.?0+$/, '');
  }
  return negative ? `-${out}` : out;
}

/** The key as shown, its tolerance, and the range of answers that count, all exact. */
export function describeKey({ answer, tolerance }: { answer: number; tolerance: number }): { answer: string; tolerance: string; low: string; high: string } {
  const key = toDecimal(answer);
  const tol = toDecimal(tolerance);
  return { answer: formatExact(answer), tolerance: formatExact(tolerance), low: formatDecimal(add(key, tol, -1n)), high: formatDecimal(add(key, tol, 1n)) };
}

/** The sentence that states a numeric key: "0.6652 ± 0.0005 (anything from 0.6647 to 0.6657 counts)". */
export function keySentence(numeric: { answer: number; tolerance: number; unit?: string }): string {
  const k = describeKey(numeric);
  const unit = numeric.unit ? ` ${numeric.unit}` : '';
  return numeric.tolerance === 0 ? `${k.answer}${unit} exactly` : `${k.answer}${unit} ± ${k.tolerance} (anything from ${k.low} to ${k.high} counts)`;
}
