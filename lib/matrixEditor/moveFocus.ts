/**
 * Where the focus goes in the matrix editor for a navigation key, spreadsheet style:
 * - Arrow keys move one cell and stop at the edges (no wrap), as in a spreadsheet.
 * - Tab moves right and wraps to the first cell of the next row; Shift+Tab moves left and wraps to
 *   the last cell of the previous row. At the last (first) cell they stay put, so the component
 *   decides whether Tab then leaves the grid (it should: focus must not be trapped).
 * - Enter moves down, Shift+Enter up; both stop at the edges (Enter commits the cell, it does not wrap).
 * - Home / End go to the first / last column of the same row.
 */
import { AttentionInputError } from '../errors';
import { assertPosition, assertShape, type CellPosition, type GridShape } from './cells';

export type FocusKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Tab' | 'ShiftTab' | 'Enter' | 'ShiftEnter' | 'Home' | 'End';

export const FOCUS_KEYS: readonly FocusKey[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Tab', 'ShiftTab', 'Enter', 'ShiftEnter', 'Home', 'End'];

export function moveFocus(pos: CellPosition, key: FocusKey, shape: GridShape): CellPosition {
  assertShape(shape?.rows, shape?.cols, 'The matrix');
  assertPosition(pos, shape, 'focused cell');
  const { row, col } = pos;
  const lastRow = shape.rows - 1;
  const lastCol = shape.cols - 1;
  switch (key) {
    case 'ArrowUp':
    case 'ShiftEnter':
      return { row: Math.max(0, row - 1), col };
    case 'ArrowDown':
    case 'Enter':
      return { row: Math.min(lastRow, row + 1), col };
    case 'ArrowLeft':
      return { row, col: Math.max(0, col - 1) };
    case 'ArrowRight':
      return { row, col: Math.min(lastCol, col + 1) };
    case 'Tab':
      if (col < lastCol) return { row, col: col + 1 };
      return row < lastRow ? { row: row + 1, col: 0 } : { row, col };
    case 'ShiftTab':
      if (col > 0) return { row, col: col - 1 };
      return row > 0 ? { row: row - 1, col: lastCol } : { row, col };
    case 'Home':
      return { row, col: 0 };
    case 'End':
      return { row, col: lastCol };
    default:
      throw new AttentionInputError('invalid-argument', `"${String(key)}" is not a navigation key (use ${FOCUS_KEYS.join(', ')}).`, { input: 'key' });
  }
}
