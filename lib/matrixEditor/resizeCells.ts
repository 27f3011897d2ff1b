/**
 * Changing the size of the edited matrix keeps every cell that is still inside it (the top-left
 * overlap) and fills new cells with `fill`, so shrinking then growing back loses only what was cut.
 */
import { AttentionInputError } from '../errors';
import { assertCells, assertShape, type Cells } from './cells';

export function resizeCells(cells: Cells, rows: number, cols: number, fill = '0'): Cells {
  assertCells(cells, 'cells');
  assertShape(rows, cols, 'The new size');
  if (typeof fill !== 'string') throw new AttentionInputError('invalid-argument', 'The fill value must be text, like "0".', { input: 'fill' });
  const out: Cells = [];
  for (let i = 0; i < rows; i++) {
    const source = cells[i];
    const row: string[] = new Array(cols);
    for (let j = 0; j < cols; j++) row[j] = source !== undefined && j < source.length ? source[j] : fill;
    out.push(row);
  }
  return out;
}
