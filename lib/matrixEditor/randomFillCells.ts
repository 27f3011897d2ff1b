/**
 * Cells of N(0, std²) samples from a seed, rounded to `digits` decimals so they are short enough
 * to read in the editor. Same seed, same cells, on every machine (lib/random.ts's randomNormalMatrix,
 * the generator the calculators use for seeded inputs).
 */
import { AttentionInputError } from '../errors';
import { assertInteger, assertOptions } from '../matrix';
import { randomNormalMatrix } from '../random';
import { assertShape, type Cells } from './cells';

export function randomFillCells(rows: number, cols: number, seed: number, options: { std?: number; digits?: number } = {}): Cells {
  assertShape(rows, cols, 'The random matrix');
  assertInteger(seed, 'seed', 0, 2 ** 32 - 1, 'The seed');
  assertOptions(options, '{ std, digits }', { optional: true });
  const { std = 1, digits = 3 } = options;
  if (typeof std !== 'number' || !Number.isFinite(std) || std <= 0 || std > 1e6) {
    throw new AttentionInputError('out-of-range', `The standard deviation is ${String(std)}: use a number above 0 and at most 1e6.`, { input: 'std' });
  }
  assertInteger(digits, 'digits', 0, 10, 'The number of decimals');
  const { data } = randomNormalMatrix(seed, rows, cols, { std });
  const out: Cells = [];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    // Number() trims trailing zeros and turns "-0.000" into 0, which prints as "0", never "-0".
    for (let j = 0; j < cols; j++) row.push(String(Number(data[i * cols + j].toFixed(digits))));
    out.push(row);
  }
  return out;
}
