/**
 * Turns what a learner types or pastes into a matrix: numbers separated by spaces or commas, one
 * row a line, or JSON (`[[1, 2], [3, 4]]`). Cells may be arithmetic (`1/sqrt(2)`, `pi/4`, `e^-1`);
 * those go to an evaluator the caller supplies (see safeExpression.ts, loaded lazily), so plain
 * numbers never pay for a parser. Every problem names the row and column, 1-based, as a learner
 * counts, and `where` carries them 0-based for the UI to highlight the cell.
 */
import { AttentionInputError, human } from './errors';

export type ExpressionEvaluator = (expression: string) => number;

export type MatrixTextResult =
  | { ok: true; rows: number[][] }
  | { ok: false; error: AttentionInputError }
  /** Some cell is an expression and no evaluator was given: load one and parse again. */
  | { ok: false; needsEvaluator: true };

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
export const MAX_TEXT_ROWS = 512;
export const MAX_TEXT_COLS = 512;

export function parseMatrixText(text: string, name: string, evaluate?: ExpressionEvaluator): MatrixTextResult {
  const fail = (message: string, row?: number, col?: number): MatrixTextResult => ({
    ok: false,
    error: new AttentionInputError('not-a-matrix', message, { input: name, ...(row !== undefined ? { row } : {}), ...(col !== undefined ? { col } : {}) }),
  });
  const trimmed = text.trim();
  if (trimmed === '') return fail(`${name} is empty: type one row of numbers per line.`);

  let cells: string[][];
  if (trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      return fail(`${name} starts with "[" but is not valid JSON: write [[1, 2], [3, 4]], or plain rows of numbers.`);
    }
    if (!Array.isArray(json) || !json.every(Array.isArray)) {
      return fail(`${name} as JSON must be a list of rows, like [[1, 2], [3, 4]].`);
    }
    cells = (json as unknown[][]).map((row) => row.map((x) => (typeof x === 'number' ? String(x) : typeof x === 'string' ? x : '\u0000')));
  } else {
    cells = trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => line.split(/\s*[,;\t]\s*|\s+/).filter((c) => c !== ''));
  }
  if (cells.length > MAX_TEXT_ROWS) return fail(`${name} has ${cells.length} rows; at most ${MAX_TEXT_ROWS} can be typed in (generate bigger ones from a seed).`);
  const width = cells[0].length;
  if (width === 0) return fail(`${name} row 1 is empty.`, 0);
  if (width > MAX_TEXT_COLS) return fail(`${name} has ${width} columns; at most ${MAX_TEXT_COLS} can be typed in.`, 0);

  const rows: number[][] = [];
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].length !== width) {
      return fail(`${name} row ${human(i)} has ${cells[i].length} numbers but row 1 has ${width}: every row needs the same number of columns.`, i);
    }
    const row: number[] = [];
    for (let j = 0; j < width; j++) {
      const cell = cells[i][j];
      let value: number;
      if (PLAIN_NUMBER.test(cell)) {
        value = Number(cell);
      } else {
        if (cell === '\u0000') return fail(`${name} row ${human(i)}, column ${human(j)} is not a number.`, i, j);
        if (evaluate === undefined) return { ok: false, needsEvaluator: true };
        try {
          value = evaluate(cell);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          return fail(`${name} row ${human(i)}, column ${human(j)}: "${cell}" — ${why}`, i, j);
        }
      }
      if (!Number.isFinite(value)) {
        return fail(`${name} row ${human(i)}, column ${human(j)} is ${String(value)}: every entry must be a finite number.`, i, j);
      }
      row.push(value);
    }
    rows.push(row);
  }
  return { ok: true, rows };
}

/** The inverse, for showing a matrix in an editable text box: one row a line, trimmed digits. */
export function formatMatrixText(rows: ArrayLike<number>[], digits = 4): string {
  return rows.map((row) => Array.from(row, (x) => String(Number(x.toFixed(digits)))).join(' ')).join('\n');
}
