/**
 * A matrix as CSV for a spreadsheet or pandas: RFC 4180 (CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled). Labels are learner text, so a label starting with
 * = + - @ (or a tab or carriage return) gets a leading apostrophe: otherwise Excel, LibreOffice and
 * Sheets would run it as a formula (OWASP "CSV injection"). Numbers are never altered that way.
 * ±Infinity is written `inf` / `-inf` and NaN `nan`, which pandas and NumPy read back as floats.
 */
import { AttentionInputError } from '../errors';
import { assertOptions } from '../matrix';
import { literalRows, type MatrixLike } from './pythonLiterals';

export interface CsvOptions {
  rowLabels?: string[];
  colLabels?: string[];
  /** Decimals to round to (0–15); shortest round-trip spelling when omitted. */
  digits?: number;
}

export function matrixToCsv(matrix: MatrixLike, options: CsvOptions = {}): string {
  assertOptions(options, '{ rowLabels, colLabels, digits }', { optional: true });
  const { rowLabels, colLabels, digits } = options;
  const rows = literalRows(matrix, 'matrix');
  const cols = rows[0].length;
  checkLabels(rowLabels, rows.length, 'rowLabels', 'row');
  checkLabels(colLabels, cols, 'colLabels', 'column');
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 0 || digits > 15)) {
    throw new AttentionInputError('out-of-range', `digits is ${String(digits)}: use a whole number from 0 to 15.`, { input: 'digits' });
  }
  const lines: string[] = [];
  if (colLabels !== undefined) lines.push([...(rowLabels !== undefined ? [''] : []), ...colLabels.map(labelField)].join(','));
  rows.forEach((row, i) => {
    const values = row.map((x) => formatValue(x, digits));
    lines.push([...(rowLabels !== undefined ? [labelField(rowLabels[i])] : []), ...values].join(','));
  });
  return lines.join('\r\n') + '\r\n';
}

function checkLabels(labels: string[] | undefined, count: number, name: string, what: string): void {
  if (labels === undefined) return;
  if (!Array.isArray(labels) || labels.length !== count || !labels.every((l) => typeof l === 'string')) {
    throw new AttentionInputError('shape', `${name} must be ${count} texts, one per ${what}.`, { input: name });
  }
}

function labelField(label: string): string {
  const safe = /^[=+\-@\t\r]/.test(label) ? `'${label}` : label;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function formatValue(x: number, digits: number | undefined): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  // Number(...) drops trailing zeros and turns "-0.000" into 0, so a tiny negative never shows as "-0".
  const value = digits === undefined ? x : Number(x.toFixed(digits));
  return Object.is(value, -0) ? '0' : String(value);
}
