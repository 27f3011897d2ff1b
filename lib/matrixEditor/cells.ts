/**
 * The editor's model: a matrix as the text the learner typed, cell by cell (`string[][]`), so a
 * half-typed "1/sq" is kept as typed until it is valid. Shared checks for the editor functions.
 */
import { AttentionInputError } from '../errors';
import { MAX_TEXT_COLS, MAX_TEXT_ROWS } from '../matrixText';

export type Cells = string[][];

export interface CellPosition {
  row: number;
  col: number;
}

export interface GridShape {
  rows: number;
  cols: number;
}

/** Editable matrices are as large as typed ones (matrixText.ts); bigger come from a seed. */
export const MAX_EDITOR_ROWS = MAX_TEXT_ROWS;
export const MAX_EDITOR_COLS = MAX_TEXT_COLS;

export function assertShape(rows: unknown, cols: unknown, name = 'The matrix'): void {
  for (const [value, what, max] of [
    [rows, 'rows', MAX_EDITOR_ROWS],
    [cols, 'columns', MAX_EDITOR_COLS],
  ] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      throw new AttentionInputError('out-of-range', `${name} needs a whole number of ${what} from 1 to ${max}; got ${String(value)}.`, {
        input: name,
      });
    }
  }
}

/** Rectangular, non-empty, strings only, within the editor's limits. */
export function assertCells(cells: unknown, name = 'cells'): asserts cells is Cells {
  if (!Array.isArray(cells) || cells.length === 0 || !Array.isArray(cells[0]) || cells[0].length === 0) {
    throw new AttentionInputError('not-a-matrix', `${name} has no cells: an editable matrix has at least one row and one column.`, { input: name });
  }
  const cols = (cells[0] as unknown[]).length;
  assertShape(cells.length, cols, name);
  cells.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new AttentionInputError('not-a-matrix', `${name} row ${i + 1} has ${Array.isArray(row) ? row.length : 0} cells but row 1 has ${cols}.`, {
        input: name,
        row: i,
      });
    }
    row.forEach((cell: unknown, j) => {
      if (typeof cell !== 'string') {
        throw new AttentionInputError('not-a-matrix', `${name} row ${i + 1}, column ${j + 1} is not text.`, { input: name, row: i, col: j });
      }
    });
  });
}

export function assertPosition(pos: unknown, shape: GridShape, name = 'position'): asserts pos is CellPosition {
  const p = pos as Partial<CellPosition> | null;
  if (
    typeof p !== 'object' ||
    p === null ||
    !Number.isInteger(p.row) ||
    !Number.isInteger(p.col) ||
    (p.row as number) < 0 ||
    (p.col as number) < 0 ||
    (p.row as number) >= shape.rows ||
    (p.col as number) >= shape.cols
  ) {
    throw new AttentionInputError(
      'out-of-range',
      `The ${name} must be a cell inside the ${shape.rows}×${shape.cols} matrix (row 1–${shape.rows}, column 1–${shape.cols}).`,
      { input: name },
    );
  }
}
