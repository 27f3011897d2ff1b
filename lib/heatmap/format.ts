/**
 * Numbers and sentences the heatmap shows: the readout ("the → cat: 0.4011"), the short number
 * printed on a cell, the full-precision title, the caption. d3-format with its true minus sign
 * (U+2212) so negative scores line up and screen readers say "minus".
 *
 * Readouts, tooltips and titles all go through formatDigits at the calculator's digits (4
 * significant, 8 with the suite's "More digits"), and show every stored digit (formatFull) only
 * with "More digits": 17 digits by default read as noise, not as precision.
 */
import { format } from 'd3';

/** Significant digits a calculator shows, and with its "More digits" toggle. */
export const DEFAULT_DIGITS = 4;
export const MORE_DIGITS = 8;

const fourSignificant = format('.4g');
const twoDecimals = format('.2f');
const threeSignificantSi = format('.3~s');

/** Exact-enough value for the readout: 4 significant digits, ∞ and NaN spelled out. */
export function formatValue(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v !== v) return 'NaN';
  if (v === 0) return '0';
  return fourSignificant(v);
}

/** Every digit the stored number has (shortest round-trip form), for titles and the table. */
export function formatFull(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  return String(v).replace(/-/g, '−');
}

/**
 * A value at the calculator's precision: `digits` significant digits without trailing zeros
 * (0.5, not 0.5000), in exponent form below 0.001 and from a million, true minus signs.
 */
export function formatDigits(x: number, digits: number = DEFAULT_DIGITS): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const text = abs >= 1e-3 && abs < 1e6 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
  return text.replace(/-/g, '−');
}

/** Whether `digits` is the "More digits" choice, the only one that shows full precision. */
export function showsFullPrecision(digits: number): boolean {
  return digits > DEFAULT_DIGITS;
}

/**
 * The "exact" line of a tooltip: every stored digit, only with "More digits", and only when it
 * says more than the readout's own number (null otherwise).
 */
export function exactText(x: number, digits: number): string | null {
  if (!showsFullPrecision(digits) || !Number.isFinite(x)) return null;
  const full = formatFull(x);
  return full === formatDigits(x, digits) ? null : full;
}

/** A cell's native title: the calculator's digits, or every stored digit with "More digits". */
export function titleNumber(x: number, digits: number): string {
  return showsFullPrecision(digits) && Number.isFinite(x) ? formatFull(x) : formatDigits(x, digits);
}

/** What fits on a cell: two decimals below 100 ("0.40", "−3.25"), else 3 significant SI ("1.23k"). */
export function formatCellValue(v: number): string {
  if (!Number.isFinite(v)) return formatValue(v);
  return Math.abs(v) < 99.995 ? twoDecimals(v) : threeSignificantSi(v);
}

export interface ReadoutInput {
  row: number;
  col: number;
  value: number;
  blocked: boolean;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  valueLabel?: string;
  /** Significant digits of the value (the calculator's; default DEFAULT_DIGITS). */
  digits?: number;
}

/** Token of a query row / key column, or a 1-based position when there are no labels. */
export function tokenName(labels: readonly string[] | undefined, index: number, axis: 'query' | 'key'): string {
  const label = labels?.[index];
  return label !== undefined && label !== '' ? label : `${axis} ${index + 1}`;
}

/**
 * "the → cat: weight 0.4011" (query token → key token: value, at the calculator's digits); masked
 * cells say "masked" instead of a number, since their value is not a weight the model computed.
 */
export function readoutText(r: ReadoutInput): string {
  const from = tokenName(r.rowLabels, r.row, 'query');
  const to = tokenName(r.colLabels, r.col, 'key');
  const what = r.blocked ? 'masked' : `${r.valueLabel ? `${r.valueLabel} ` : ''}${formatDigits(r.value, r.digits)}`;
  return `${from} → ${to}: ${what}`;
}

/** Position in words for assistive tech and titles: "row 2 of 8, column 5 of 8". */
export function positionText(row: number, col: number, rows: number, cols: number): string {
  return `row ${row + 1} of ${rows}, column ${col + 1} of ${cols}`;
}

/** Labels longer than maxChars are cut with an ellipsis; the full text goes in a <title>. */
export function truncateLabel(label: string, maxChars: number): string {
  const chars = Array.from(label);
  return chars.length <= maxChars ? label : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}
