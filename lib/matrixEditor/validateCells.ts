/**
 * The matrix the edited cells stand for, or every cell's problem at once (a learner fixing one
 * cell at a time should not discover the next error only after fixing the first). Cells hold a
 * plain number or arithmetic (`1/sqrt(2)`, `pi/4`): plain numbers are read here with the same rule
 * as lib/matrixText.ts; arithmetic goes to the safe evaluator from lib/safeExpression.ts, which the
 * caller loads lazily and passes in. Without one, `needsEvaluator` says to load it and validate again.
 * Messages name the matrix and the cell 1-based; `row`/`col` are 0-based for highlighting.
 */
import { AttentionInputError } from '../errors';
import type { Matrix } from '../matrix';
import type { ExpressionEvaluator } from '../matrixText';
import { MAX_EXPRESSION_LENGTH } from '../safeExpression';
import { assertCells, type Cells } from './cells';

export interface CellError {
  row: number;
  col: number;
  message: string;
}

export interface CellsValidation {
  /** float64, rows × cols; null while any cell has a problem or an evaluator is needed. */
  matrix: Matrix | null;
  errors: CellError[];
  /** Some cell is arithmetic and no evaluator was passed: load it and call again. */
  needsEvaluator: boolean;
}

/** The same plain-number syntax parseMatrixText accepts. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function validateCells(cells: Cells, name: string, evaluate?: ExpressionEvaluator): CellsValidation {
  assertCells(cells, name);
  if (typeof name !== 'string' || name === '') throw new AttentionInputError('invalid-argument', 'validateCells needs the matrix name for its messages.', { input: 'name' });
  if (evaluate !== undefined && typeof evaluate !== 'function') {
    throw new AttentionInputError('invalid-argument', 'The expression evaluator must be a function (see loadExpressionEvaluator).', { input: 'evaluate' });
  }
  const rows = cells.length;
  const cols = cells[0].length;
  const data = new Float64Array(rows * cols);
  const errors: CellError[] = [];
  let needsEvaluator = false;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const cell = cells[i][j].trim();
      const at = `${name} row ${i + 1}, column ${j + 1}`;
      const fail = (message: string) => errors.push({ row: i, col: j, message });
      if (cell === '') {
        fail(`${at} is empty: type a number.`);
        continue;
      }
      let value: number;
      if (PLAIN_NUMBER.test(cell)) {
        value = Number(cell);
      } else if (cell.length > MAX_EXPRESSION_LENGTH) {
        fail(`${at} is ${cell.length} characters long; expressions are limited to ${MAX_EXPRESSION_LENGTH}.`);
        continue;
      } else if (evaluate === undefined) {
        needsEvaluator = true;
        continue;
      } else {
        try {
          value = evaluate(cell);
        } catch (e) {
          fail(`${at}: "${cell}" — ${e instanceof Error ? e.message : String(e)}.`);
          continue;
        }
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail(`${at} is ${String(value)}: every entry must be a finite number.`);
        continue;
      }
      data[i * cols + j] = value;
    }
  }
  const ok = errors.length === 0 && !needsEvaluator;
  return { matrix: ok ? { rows, cols, data } : null, errors, needsEvaluator };
}
