import { AttentionInputError, human } from './errors';
import { MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH } from './limits';

/** A dense row-major matrix: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array;
}

export type FloatArray = Float32Array | Float64Array;
export type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Builds a float64 matrix from nested arrays, refusing ragged or non-numeric rows. */
export function fromRows(rows: number[][], name = 'matrix'): Matrix {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new AttentionInputError('not-a-matrix', `${name} has no rows: give at least one row of numbers.`, { input: name });
  }
  const first = rows[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw new AttentionInputError('not-a-matrix', `${name} row 1 is empty: every row needs at least one number.`, {
      input: name,
      row: 0,
    });
  }
  const cols = first.length;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== cols) {
      const got = Array.isArray(row) ? row.length : 0;
      throw new AttentionInputError(
        'not-a-matrix',
        `${name} row ${human(i)} has ${got} numbers but row 1 has ${cols}: every row must have the same length.`,
        { input: name, row: i },
      );
    }
    for (let j = 0; j < cols; j++) {
      const x = row[j];
      if (typeof x !== 'number') {
        throw new AttentionInputError('not-a-matrix', `${name} row ${human(i)}, column ${human(j)} is not a number.`, {
          input: name,
          row: i,
          col: j,
        });
      }
      data[i * cols + j] = x;
    }
  }
  return { rows: rows.length, cols, data };
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function zeros(rows: number, cols: number, Type: FloatArrayConstructor = Float64Array): Matrix {
  return { rows, cols, data: new Type(rows * cols) };
}

/** The typed-array type results should use: float32 only when every input is float32. */
export function resultArrayType(...inputs: (Matrix | undefined)[]): FloatArrayConstructor {
  return inputs.every((m) => m === undefined || m.data instanceof Float32Array) ? Float32Array : Float64Array;
}

export function transpose(m: Matrix): Matrix {
  const Type = m.data instanceof Float32Array ? Float32Array : Float64Array;
  const out = new Type(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data: out };
}

/**
 * Checks that `m` is a well-formed matrix with finite entries and sizes within the limits.
 * `maxRows`/`maxCols` default to the global limits; callers tighten them where it matters.
 */
export function assertMatrix(
  m: unknown,
  name: string,
  {
    maxRows = MAX_SEQUENCE_LENGTH,
    maxCols = Math.max(MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH),
    finite = true,
    rowOffset = 0,
  }: { maxRows?: number; maxCols?: number; finite?: boolean; /** added to row numbers in messages, for row blocks */ rowOffset?: number } = {},
): asserts m is Matrix {
  if (typeof m !== 'object' || m === null) {
    throw new AttentionInputError('not-a-matrix', `${name} is missing: expected a matrix.`, { input: name });
  }
  const { rows, cols, data } = m as Partial<Matrix>;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || (rows as number) < 1 || (cols as number) < 1) {
    throw new AttentionInputError(
      'not-a-matrix',
      `${name} has ${String(rows)}×${String(cols)} size: rows and columns must be whole numbers of at least 1.`,
      { input: name },
    );
  }
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new AttentionInputError('not-a-matrix', `${name}.data must be a Float32Array or Float64Array.`, { input: name });
  }
  const r = rows as number;
  const c = cols as number;
  if (data.length !== r * c) {
    throw new AttentionInputError(
      'not-a-matrix',
      `${name} says it is ${r}×${c} (${r * c} numbers) but holds ${data.length}.`,
      { input: name },
    );
  }
  if (r > maxRows) {
    throw new AttentionInputError('out-of-range', `${name} has ${r} rows; the most supported here is ${maxRows}.`, {
      input: name,
    });
  }
  if (c > maxCols) {
    throw new AttentionInputError('out-of-range', `${name} has ${c} columns; the most supported here is ${maxCols}.`, {
      input: name,
    });
  }
  if (finite) {
    for (let idx = 0; idx < data.length; idx++) {
      const x = data[idx];
      // x - x is NaN exactly when x is NaN or ±Infinity; cheaper than Number.isFinite in this loop.
      if (x - x !== 0) {
        const row = rowOffset + Math.floor(idx / c);
        const col = idx % c;
        throw new AttentionInputError(
          'not-finite',
          `${name} row ${human(row)}, column ${human(col)} is ${String(x)}: every entry must be a finite number.`,
          { input: name, row, col },
        );
      }
    }
  }
}

/**
 * `input` is the argument's name (`where.input`, which a UI matches against its fields: "heads");
 * `label` is how the message says it ("The number of heads"), the name itself by default.
 */
export function assertFiniteNumber(x: unknown, input: string, label: string = input): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new AttentionInputError('not-finite', `${label} is ${String(x)}: it must be a finite number.`, { input });
  }
}

/** See assertFiniteNumber for `input` and `label`. */
export function assertInteger(x: unknown, input: string, min: number, max: number, label: string = input): asserts x is number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    throw new AttentionInputError(
      'out-of-range',
      `${label} is ${String(x)}: it must be a whole number from ${min} to ${max}.`,
      { input },
    );
  }
}

/**
 * The options argument of a public function must be a plain object. A `= {}` default replaces
 * only undefined, so null, a number, a string, a list or a function would otherwise reach the
 * function body and fail there with a TypeError from destructuring (or, spread, silently count as
 * no options). `shape` lists the fields for the message, e.g. '{ lr, stepSize, gamma }'.
 * `optional`: whether leaving the argument out is fine (then it is undefined and passes).
 */
export function assertOptions(options: unknown, shape: string, { optional }: { optional: boolean }): asserts options is object {
  if (options === undefined && optional) return;
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) return;
  const what =
    options === undefined
      ? 'missing'
      : options === null
        ? 'null'
        : Array.isArray(options)
          ? 'a list'
          : typeof options === 'function'
            ? 'a function'
            : typeof options === 'string'
              ? `the text ${JSON.stringify(options.length > 20 ? `${options.slice(0, 20)}…` : options)}`
              : String(options);
  throw new AttentionInputError(
    'invalid-argument',
    `The options argument is ${what}: give an object ${shape}${optional ? ', or leave it out for the defaults' : ''}.`,
    { input: 'options' },
  );
}
