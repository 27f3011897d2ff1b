/**
 * Keyboard movement in the heatmap grid as a pure function, following the WAI-ARIA grid pattern:
 * arrows move one cell (stopping at edges, no wrap), Home/End go to the first/last cell of the
 * row, Ctrl+Home/Ctrl+End to the first/last cell of the grid, PageUp/PageDown move pageRows rows.
 */
export interface Cell {
  row: number;
  col: number;
}

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/** Rows PageUp/PageDown jump: a tenth of the grid, at least 1, at most 64. */
export function pageRowsFor(rows: number): number {
  return Math.max(1, Math.min(64, Math.round(rows / 10)));
}

/**
 * The cell after pressing key at cell, or null when the key is not a grid key (so the caller
 * lets the browser handle it). A missing cell (nothing focused yet) starts at (0, 0).
 */
export function nextCell(
  cell: Cell | null,
  input: KeyInput,
  rows: number,
  cols: number,
  pageRows = pageRowsFor(rows),
): Cell | null {
  if (rows <= 0 || cols <= 0) return null;
  const clampRow = (r: number) => Math.max(0, Math.min(rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(cols - 1, c));
  const from: Cell = cell ? { row: clampRow(cell.row), col: clampCol(cell.col) } : { row: 0, col: 0 };
  const toCorner = input.ctrlKey || input.metaKey;
  switch (input.key) {
    case 'ArrowUp':
      return { row: clampRow(from.row - 1), col: from.col };
    case 'ArrowDown':
      return { row: clampRow(from.row + 1), col: from.col };
    case 'ArrowLeft':
      return { row: from.row, col: clampCol(from.col - 1) };
    case 'ArrowRight':
      return { row: from.row, col: clampCol(from.col + 1) };
    case 'Home':
      return toCorner ? { row: 0, col: 0 } : { row: from.row, col: 0 };
    case 'End':
      return toCorner ? { row: rows - 1, col: cols - 1 } : { row: from.row, col: cols - 1 };
    case 'PageUp':
      return { row: clampRow(from.row - pageRows), col: from.col };
    case 'PageDown':
      return { row: clampRow(from.row + pageRows), col: from.col };
    default:
      return null;
  }
}
