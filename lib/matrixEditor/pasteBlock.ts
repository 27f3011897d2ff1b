/**
 * Pasting a block of cells into the editor at the focused cell. With `grow`, the matrix gets the
 * rows and columns the block needs, up to maxRows × maxCols; what still does not fit (or
 * everything outside the matrix, without `grow`) is dropped and counted, so the component can say
 * "3 values did not fit". New cells outside the block get `fill`.
 */
import { AttentionInputError } from '../errors';
import { assertOptions } from '../matrix';
import { assertCells, assertPosition, assertShape, type Cells, type CellPosition } from './cells';
import { resizeCells } from './resizeCells';

export interface PasteOptions {
  maxRows: number;
  maxCols: number;
  grow: boolean;
  /** Text of cells that growing creates but the block does not cover. */
  fill?: string;
}

export interface PasteResult {
  cells: Cells;
  /** Values of the block that landed outside the (possibly grown) matrix. */
  dropped: number;
}

export function pasteBlock(cells: Cells, at: CellPosition, block: Cells, options: PasteOptions): PasteResult {
  assertCells(cells, 'cells');
  assertOptions(options, '{ maxRows, maxCols, grow, fill }', { optional: false });
  const { maxRows, maxCols, grow, fill = '0' } = options;
  const rows = cells.length;
  const cols = cells[0].length;
  assertPosition(at, { rows, cols }, 'paste position');
  assertShape(maxRows, maxCols, 'The largest matrix');
  if (typeof grow !== 'boolean') throw new AttentionInputError('invalid-argument', 'grow must be true or false.', { input: 'grow' });
  if (!Array.isArray(block) || !block.every((row) => Array.isArray(row) && row.every((c) => typeof c === 'string'))) {
    throw new AttentionInputError('not-a-matrix', 'The pasted block must be rows of text cells.', { input: 'paste' });
  }
  const blockCols = block.reduce((w, row) => Math.max(w, row.length), 0);
  const newRows = grow ? Math.max(rows, Math.min(at.row + block.length, maxRows)) : rows;
  const newCols = grow ? Math.max(cols, Math.min(at.col + blockCols, maxCols)) : cols;
  const out = resizeCells(cells, newRows, newCols, fill);
  let dropped = 0;
  block.forEach((line, i) =>
    line.forEach((value, j) => {
      const r = at.row + i;
      const c = at.col + j;
      if (r < newRows && c < newCols) out[r][c] = value;
      else dropped++;
    }),
  );
  return { cells: out, dropped };
}
