/**
 * Python source text for numbers, strings and matrices, written so that Python reads back exactly
 * the value the lab used: `pythonFloat` gives the shortest decimal that parses to the same double
 * (JavaScript's Number→string already is the shortest round trip; only the spelling differs), and
 * float32 literals use the fewest digits that round back to the same float32 (values are first
 * rounded to float32, as the lab's float32 path does). NaN has no literal and is refused: a
 * snippet never reproduces a NaN the lab would not produce.
 */
import { AttentionInputError, human } from '../errors';
import { assertMatrix, type Matrix } from '../matrix';

export type PythonDtype = 'float32' | 'float64';

/** Longest line the literals aim for (PEP 8's 79, with room for the indent of the caller). */
const LINE_WIDTH = 88;
/** Numbers a single literal may hold: a snippet is for reading and pasting, not for bulk data. */
export const MAX_LITERAL_CELLS = 16384;

export function pythonFloat(x: number): string {
  if (typeof x !== 'number' || Number.isNaN(x)) {
    throw new AttentionInputError('not-finite', `${String(x)} has no Python float literal: only numbers (and ±Infinity) can be written.`, {
      input: 'value',
    });
  }
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "-float('inf')";
  if (Object.is(x, -0)) return '-0.0';
  return pythonize(String(x));
}

/** The fewest significant digits (1–9) that read back as the same float32 as `x`. */
export function pythonFloat32(x: number): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return pythonFloat(x);
  const target = Math.fround(x);
  if (!Number.isFinite(target)) return pythonFloat(target); // beyond float32's range, as numpy would round it
  if (Object.is(target, -0)) return '-0.0';
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return pythonize(String(candidate));
  }
  return pythonize(String(target)); // unreachable: 9 significant digits always round-trip a float32
}

/** JavaScript's shortest spelling, made a Python *float* literal ("3" would be an int). */
function pythonize(s: string): string {
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** A Python str literal; non-ASCII stays readable, control characters and lone surrogates are escaped. */
export function pythonString(s: string): string {
  if (typeof s !== 'string') throw new AttentionInputError('invalid-argument', 'Expected text for a Python string.', { input: 'text' });
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd'; // a lone surrogate cannot be printed by Python
    else if (code === 0x2028 || code === 0x2029 || code === 0x85) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

export type MatrixLike = Matrix | number[][];

/** Rows of a Matrix or number[][], checked (rectangular, within MAX_LITERAL_CELLS). Not-finite entries are left to the formatter. */
export function literalRows(matrix: MatrixLike, name: string): number[][] {
  if (Array.isArray(matrix)) {
    if (matrix.length === 0 || !Array.isArray(matrix[0]) || matrix[0].length === 0) {
      throw new AttentionInputError('not-a-matrix', `${name} has no numbers: give at least one row.`, { input: name });
    }
    const cols = matrix[0].length;
    if (matrix.length * cols > MAX_LITERAL_CELLS) throw tooBig(name, matrix.length * cols);
    matrix.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new AttentionInputError('not-a-matrix', `${name} row ${human(i)} has ${Array.isArray(row) ? row.length : 0} numbers but row 1 has ${cols}.`, {
          input: name,
          row: i,
        });
      }
      row.forEach((x, j) => {
        if (typeof x !== 'number') {
          throw new AttentionInputError('not-a-matrix', `${name} row ${human(i)}, column ${human(j)} is not a number.`, { input: name, row: i, col: j });
        }
      });
    });
    return matrix.map((row) => row.slice());
  }
  assertMatrix(matrix, name, { finite: false });
  if (matrix.rows * matrix.cols > MAX_LITERAL_CELLS) throw tooBig(name, matrix.rows * matrix.cols);
  const rows: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) rows.push(Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)));
  return rows;
}

function tooBig(name: string, cells: number): AttentionInputError {
  return new AttentionInputError(
    'out-of-range',
    `${name} has ${cells} numbers; at most ${MAX_LITERAL_CELLS} can be copied as code. Generate big inputs from a seed in the script instead.`,
    { input: name },
  );
}

function formatNumber(x: number, dtype: PythonDtype, name: string, row: number, col: number): string {
  if (Number.isNaN(x)) {
    throw new AttentionInputError('not-finite', `${name} row ${human(row)}, column ${human(col)} is NaN, which cannot be copied as code.`, {
      input: name,
      row,
      col,
    });
  }
  return dtype === 'float32' ? pythonFloat32(x) : pythonFloat(x);
}

/**
 * A nested Python list of the rows, one row a line when it does not fit on one line, and rows
 * longer than a line wrapped with a deeper indent. `prefix` is what precedes the list on its
 * first line (e.g. "np.array("), so the one-line form can be judged on the full line.
 */
export function nestedListLiteral(rows: string[][], prefix: string, suffix: string, indent = ''): string {
  const oneLine = `[${rows.map((r) => `[${r.join(', ')}]`).join(', ')}]`;
  if (indent.length + prefix.length + oneLine.length + suffix.length <= LINE_WIDTH) return `${prefix}${oneLine}${suffix}`;
  const inner = `${indent}    `;
  const lines = [`${prefix}[`];
  for (const row of rows) {
    const flat = `${inner}[${row.join(', ')}],`;
    if (flat.length <= LINE_WIDTH) {
      lines.push(flat);
      continue;
    }
    lines.push(`${inner}[`);
    let line = `${inner}    `;
    for (const cell of row) {
      const piece = `${cell}, `;
      if (line.trim() !== '' && line.length + piece.length - 1 > LINE_WIDTH) {
        lines.push(line.trimEnd());
        line = `${inner}    `;
      }
      line += piece;
    }
    lines.push(line.trimEnd());
    lines.push(`${inner}],`);
  }
  lines.push(`${indent}]${suffix}`);
  return lines.join('\n');
}

function numberCells(matrix: MatrixLike, dtype: PythonDtype, name: string): string[][] {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new AttentionInputError('invalid-argument', `dtype is ${String(dtype)}: use "float32" or "float64".`, { input: 'dtype' });
  }
  return literalRows(matrix, name).map((row, i) => row.map((x, j) => formatNumber(x, dtype, name, i, j)));
}

/** `np.array([[…], …], dtype=np.float32)`; with `name`, it appears in error messages. */
export function numpyArrayLiteral(matrix: MatrixLike, dtype: PythonDtype, name = 'matrix'): string {
  return nestedListLiteral(numberCells(matrix, dtype, name), 'np.array(', `, dtype=np.${dtype})`);
}

/** `torch.tensor([[…], …], dtype=torch.float32)`. */
export function torchTensorLiteral(matrix: MatrixLike, dtype: PythonDtype, name = 'matrix'): string {
  return nestedListLiteral(numberCells(matrix, dtype, name), 'torch.tensor(', `, dtype=torch.${dtype})`);
}

/** 0/1 cells for a boolean mask (non-zero = 1), as the core reads masks. */
export function maskCells(matrix: MatrixLike, name = 'mask'): string[][] {
  return literalRows(matrix, name).map((row) => row.map((x) => (x !== 0 && !Number.isNaN(x) ? '1' : '0')));
}

/** The opening imports of the PyTorch scripts that use SDPA (json for the last line, math for √d). */
export const TORCH_SCRIPT_IMPORTS: readonly string[] = ['import json', 'import math', '', 'import torch', 'import torch.nn.functional as F', ''];
