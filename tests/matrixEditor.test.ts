import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { toRows } from '../lib/matrix';
import type { ExpressionEvaluator } from '../lib/matrixText';
import { mulberry32, normalSampler } from '../lib/random';
import { loadExpressionEvaluator } from '../lib/safeExpression';
import {
  FOCUS_KEYS,
  moveFocus,
  parsePastedBlock,
  pasteBlock,
  randomFillCells,
  resizeCells,
  validateCells,
  type Cells,
  type FocusKey,
} from '../lib/matrixEditor';

let evaluate: ExpressionEvaluator;
before(async () => {
  evaluate = await loadExpressionEvaluator();
});

const shapeArb = fc.record({ rows: fc.integer({ min: 1, max: 12 }), cols: fc.integer({ min: 1, max: 12 }) });
const numberText = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -100, max: 100, noNaN: true }).map((x) => String(Math.round(x * 1000) / 1000)),
);
const cellsArb = (maxRows = 8, maxCols = 8) =>
  fc.integer({ min: 1, max: maxCols }).chain((cols) => fc.array(fc.array(numberText, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: maxRows }));

describe('moveFocus', () => {
  const shape = { rows: 3, cols: 4 };
  test('hand-worked moves in a 3×4 grid', () => {
    const at = (row: number, col: number) => ({ row, col });
    assert.deepEqual(moveFocus(at(1, 1), 'ArrowUp', shape), at(0, 1));
    assert.deepEqual(moveFocus(at(0, 1), 'ArrowUp', shape), at(0, 1), 'clamps at the top');
    assert.deepEqual(moveFocus(at(2, 1), 'ArrowDown', shape), at(2, 1), 'clamps at the bottom');
    assert.deepEqual(moveFocus(at(1, 0), 'ArrowLeft', shape), at(1, 0), 'clamps at the left');
    assert.deepEqual(moveFocus(at(1, 3), 'ArrowRight', shape), at(1, 3), 'clamps at the right');
    assert.deepEqual(moveFocus(at(1, 2), 'Tab', shape), at(1, 3));
    assert.deepEqual(moveFocus(at(1, 3), 'Tab', shape), at(2, 0), 'Tab wraps to the next row');
    assert.deepEqual(moveFocus(at(2, 3), 'Tab', shape), at(2, 3), 'Tab stays at the last cell');
    assert.deepEqual(moveFocus(at(1, 0), 'ShiftTab', shape), at(0, 3), 'Shift+Tab wraps to the previous row');
    assert.deepEqual(moveFocus(at(0, 0), 'ShiftTab', shape), at(0, 0));
    assert.deepEqual(moveFocus(at(0, 2), 'Enter', shape), at(1, 2), 'Enter moves down');
    assert.deepEqual(moveFocus(at(2, 2), 'Enter', shape), at(2, 2));
    assert.deepEqual(moveFocus(at(2, 2), 'ShiftEnter', shape), at(1, 2));
    assert.deepEqual(moveFocus(at(1, 2), 'Home', shape), at(1, 0));
    assert.deepEqual(moveFocus(at(1, 1), 'End', shape), at(1, 3));
  });
  test('bad input is refused', () => {
    assert.throws(() => moveFocus({ row: 3, col: 0 }, 'Tab', shape), (e) => e instanceof AttentionInputError && /inside the 3×4 matrix/.test(e.message));
    assert.throws(() => moveFocus({ row: 0, col: 0 }, 'PageDown' as FocusKey, shape), /not a navigation key/);
    assert.throws(() => moveFocus({ row: 0, col: 0 }, 'Tab', { rows: 0, cols: 2 }), /rows from 1/);
  });
  test('properties: stays in bounds; Tab walks every cell in reading order; Tab then Shift+Tab returns', () => {
    fc.assert(
      fc.property(shapeArb, fc.nat(), fc.nat(), fc.array(fc.constantFrom(...FOCUS_KEYS), { maxLength: 30 }), ({ rows, cols }, r, c, keys) => {
        let pos = { row: r % rows, col: c % cols };
        for (const key of keys) {
          pos = moveFocus(pos, key, { rows, cols });
          assert.ok(pos.row >= 0 && pos.row < rows && pos.col >= 0 && pos.col < cols, `in bounds after ${key}`);
        }
      }),
    );
    fc.assert(
      fc.property(shapeArb, ({ rows, cols }) => {
        let pos = { row: 0, col: 0 };
        for (let n = 1; n < rows * cols; n++) {
          const next = moveFocus(pos, 'Tab', { rows, cols });
          assert.equal(next.row * cols + next.col, n, 'Tab visits cells in reading order');
          assert.deepEqual(moveFocus(next, 'ShiftTab', { rows, cols }), pos, 'Shift+Tab undoes Tab');
          pos = next;
        }
      }),
    );
  });
});

describe('parsePastedBlock', () => {
  test('hand-worked formats', () => {
    // A spreadsheet copy: tabs, CRLF, a trailing newline, an empty cell, a quoted cell with a tab.
    assert.deepEqual(parsePastedBlock('1\t2\t3\r\n4\t\t"a\tb"\r\n'), [['1', '2', '3'], ['4', '', 'a\tb']]);
    assert.deepEqual(parsePastedBlock('1, 2\n"3,5", " x "\n'), [['1', '2'], ['3,5', ' x ']]);
    assert.deepEqual(parsePastedBlock('1;2\n3;4'), [['1', '2'], ['3', '4']]);
    assert.deepEqual(parsePastedBlock('  1  2 \n\n 3   4\n'), [['1', '2'], ['3', '4']]);
    assert.deepEqual(parsePastedBlock('[[1, 2.5], ["1/sqrt(2)", true]]'), [['1', '2.5'], ['1/sqrt(2)', 'true']]);
    assert.deepEqual(parsePastedBlock('[1, -2]'), [['1', '-2']], 'a flat JSON array is one row');
    assert.deepEqual(parsePastedBlock('1\t2\n3'), [['1', '2'], ['3']], 'ragged rows are kept as they are');
    assert.deepEqual(parsePastedBlock(' \n '), []);
    assert.deepEqual(parsePastedBlock('7'), [['7']]);
    assert.deepEqual(parsePastedBlock('[a\tb'), [['[a', 'b']], 'a spreadsheet cell may start with "["');
  });
  test('refusals', () => {
    assert.throws(() => parsePastedBlock('[[1, 2]'), (e) => e instanceof AttentionInputError && /not valid JSON/.test(e.message));
    assert.throws(() => parsePastedBlock('[[1], 2]'), /mixes rows/);
    assert.throws(() => parsePastedBlock('1\n'.repeat(600)), /600 rows; at most 512/);
    assert.throws(() => parsePastedBlock('x'.repeat(2_000_001)), /at most 2000000/);
  });
  test('property: cells written as TSV, CSV, whitespace or JSON read back the same', () => {
    fc.assert(
      fc.property(cellsArb(), (cells) => {
        assert.deepEqual(parsePastedBlock(cells.map((r) => r.join('\t')).join('\r\n') + '\r\n'), cells, 'TSV');
        assert.deepEqual(parsePastedBlock(cells.map((r) => r.join(',')).join('\n')), cells, 'CSV');
        assert.deepEqual(parsePastedBlock(cells.map((r) => r.join('   ')).join('\n')), cells, 'whitespace');
        assert.deepEqual(parsePastedBlock(JSON.stringify(cells)), cells, 'JSON of strings');
      }),
    );
    // Arbitrary text in TSV cells, quoted as spreadsheets do, survives too.
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ minLength: 1 }).map((s) => s.trim()).filter((s) => s !== ''), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4 }), (cells) => {
        const quote = (s: string) => (/[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
        assert.deepEqual(parsePastedBlock(cells.map((r) => r.map(quote).join('\t')).join('\n')), cells);
      }),
    );
  });
});

describe('pasteBlock', () => {
  const base = (): Cells => [
    ['a', 'b', 'c'],
    ['d', 'e', 'f'],
  ];
  test('hand-worked: inside, clipped, grown, grown up to the limit', () => {
    // 2×2 block at (1,1) of a 2×3 matrix: (1,1),(1,2) land; row 2 is outside → 2 dropped.
    assert.deepEqual(pasteBlock(base(), { row: 1, col: 1 }, [['1', '2'], ['3', '4']], { maxRows: 8, maxCols: 8, grow: false }), {
      cells: [['a', 'b', 'c'], ['d', '1', '2']],
      dropped: 2,
    });
    // Growing: needs rows 1..2 and cols 1..3 → 3×4; new cells not covered get "0".
    assert.deepEqual(pasteBlock(base(), { row: 1, col: 1 }, [['1', '2', '3'], ['4']], { maxRows: 8, maxCols: 8, grow: true }), {
      cells: [['a', 'b', 'c', '0'], ['d', '1', '2', '3'], ['0', '4', '0', '0']],
      dropped: 0,
    });
    // Limit 3×3: the 4th column cannot be added → "3" dropped.
    assert.deepEqual(pasteBlock(base(), { row: 1, col: 1 }, [['1', '2', '3'], ['4']], { maxRows: 3, maxCols: 3, grow: true, fill: '' }), {
      cells: [['a', 'b', 'c'], ['d', '1', '2'], ['', '4', '']],
      dropped: 1,
    });
    // Rows capped: a 3-row block at row 1 would need 4 rows; with maxRows 3 the last row is dropped.
    assert.deepEqual(pasteBlock(base(), { row: 1, col: 0 }, [['1'], ['2'], ['3']], { maxRows: 3, maxCols: 3, grow: true }), {
      cells: [['a', 'b', 'c'], ['1', 'e', 'f'], ['2', '0', '0']],
      dropped: 1,
    });
    const original = base();
    pasteBlock(original, { row: 0, col: 0 }, [['z']], { maxRows: 8, maxCols: 8, grow: false });
    assert.equal(original[0][0], 'a', 'the input is not changed');
    assert.throws(() => pasteBlock(base(), { row: 2, col: 0 }, [['1']], { maxRows: 8, maxCols: 8, grow: false }), /paste position/);
  });
  test('property: a pasted block reads back at its place, the rest is unchanged, dropped counts the rest', () => {
    fc.assert(
      fc.property(cellsArb(6, 6), cellsArb(6, 6), fc.nat(), fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 10 }), (cells, block, r, c, grow, limit) => {
        const at = { row: r % cells.length, col: c % cells[0].length };
        const { cells: out, dropped } = pasteBlock(cells, at, block, { maxRows: limit, maxCols: limit, grow });
        let landed = 0;
        out.forEach((row, i) =>
          row.forEach((value, j) => {
            const bi = i - at.row;
            const bj = j - at.col;
            if (bi >= 0 && bi < block.length && bj >= 0 && bj < block[bi].length) {
              assert.equal(value, block[bi][bj], 'block cell');
              landed++;
            } else if (i < cells.length && j < cells[0].length) assert.equal(value, cells[i][j], 'untouched cell');
            else assert.equal(value, '0', 'filled cell');
          }),
        );
        assert.equal(landed + dropped, block.flat().length, 'every block value landed or was counted as dropped');
        assert.ok(out.length >= cells.length && out[0].length >= cells[0].length, 'never shrinks');
        assert.ok(out.length <= Math.max(cells.length, limit) && out[0].length <= Math.max(cells[0].length, limit), 'grows no further than the limit');
        if (!grow) assert.ok(out.length === cells.length && out[0].length === cells[0].length, 'no growth without grow');
      }),
    );
  });
});

describe('resizeCells and randomFillCells', () => {
  test('hand-worked resize', () => {
    assert.deepEqual(resizeCells([['1', '2'], ['3', '4']], 3, 1), [['1'], ['3'], ['0']]);
    assert.deepEqual(resizeCells([['1']], 2, 2, ''), [['1', ''], ['', '']]);
    assert.throws(() => resizeCells([['1']], 0, 2), /rows from 1 to 512/);
    assert.throws(() => resizeCells([['1'], ['2', '3']], 2, 2), /row 2 has 2 cells but row 1 has 1/);
  });
  test('property: resize preserves the overlap, and shrinking then growing back keeps what was inside', () => {
    fc.assert(
      fc.property(cellsArb(), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), (cells, rows, cols) => {
        const out = resizeCells(cells, rows, cols);
        assert.equal(out.length, rows);
        out.forEach((row, i) => {
          assert.equal(row.length, cols);
          row.forEach((v, j) => assert.equal(v, i < cells.length && j < cells[0].length ? cells[i][j] : '0'));
        });
        const back = resizeCells(out, cells.length, cells[0].length);
        back.forEach((row, i) => row.forEach((v, j) => assert.equal(v, i < rows && j < cols ? cells[i][j] : '0')));
      }),
    );
  });
  test('randomFillCells: deterministic, rounded, drawn from the shared generator', () => {
    const a = randomFillCells(3, 4, 42, { std: 0.5, digits: 2 });
    assert.deepEqual(a, randomFillCells(3, 4, 42, { std: 0.5, digits: 2 }), 'same seed, same cells');
    assert.notDeepEqual(a, randomFillCells(3, 4, 43, { std: 0.5, digits: 2 }), 'another seed, other cells');
    // Independent reference: Box–Muller from mulberry32 directly, scaled and rounded by hand.
    const next = normalSampler(mulberry32(42));
    const expected = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => Math.round(next() * 0.5 * 100) / 100));
    a.forEach((row, i) => row.forEach((cell, j) => assert.ok(Math.abs(Number(cell) - expected[i][j]) < 1e-12, `cell ${i},${j}: ${cell} vs ${expected[i][j]}`)));
    assert.ok(a.flat().every((c) => /^-?\d+(\.\d{1,2})?$/.test(c) && c === String(Number(c))), `at most 2 decimals, no trailing zeros or "-0": ${a.flat().join(' ')}`);
    // std 0.001 with 2 decimals: most samples round to ±0.00, which must read "0", never "-0".
    assert.ok(randomFillCells(4, 4, 7, { std: 0.001, digits: 2 }).flat().every((c) => c === '0'), 'tiny values show as 0');
    assert.throws(() => randomFillCells(2, 2, -1), /seed/);
    assert.throws(() => randomFillCells(2, 2, 1, { std: 0 }), /standard deviation/);
  });
});

describe('validateCells', () => {
  test('plain numbers and arithmetic give the matrix', () => {
    const r = validateCells([['1', ' -2.5 '], ['1/sqrt(2)', '2^3']], 'Q', evaluate);
    assert.deepEqual(r.errors, []);
    assert.ok(r.matrix !== null, 'a matrix');
    // 1/√2 = 0.7071067811865475; 2³ = 8.
    assert.deepEqual(toRows(r.matrix), [[1, -2.5], [1 / Math.sqrt(2), 8]]);
    assert.ok(r.matrix.data instanceof Float64Array, 'float64');
  });
  test('every cell problem is reported, 1-based in messages and 0-based in row/col', () => {
    const r = validateCells([['1', ''], ['abc', '1/0'], ['2', 'x'.repeat(121)]], 'K', evaluate);
    assert.equal(r.matrix, null);
    assert.deepEqual(
      r.errors.map((e) => [e.row, e.col]),
      [[0, 1], [1, 0], [1, 1], [2, 1]],
    );
    assert.equal(r.errors[0].message, 'K row 1, column 2 is empty: type a number.');
    assert.match(r.errors[1].message, /^K row 2, column 1: "abc" — "abc" is not a known constant/);
    assert.match(r.errors[2].message, /^K row 2, column 2: "1\/0" — evaluates to Infinity/);
    assert.match(r.errors[3].message, /^K row 3, column 2 is 121 characters long/);
    assert.match(validateCells([['1e999']], 'V').errors[0].message, /V row 1, column 1 is Infinity/);
  });
  test('without an evaluator, arithmetic asks for one; plain numbers do not', () => {
    assert.deepEqual(validateCells([['1', 'pi']], 'Q'), { matrix: null, errors: [], needsEvaluator: true });
    const plain = validateCells([['1', '.5e1']], 'Q');
    assert.ok(plain.matrix !== null && !plain.needsEvaluator, 'plain numbers need no evaluator');
    assert.deepEqual(toRows(plain.matrix), [[1, 5]]);
  });
  test('property: cells of numbers read back as those numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const r = validateCells(rows.map((row) => row.map(String)), 'Q');
        assert.ok(r.matrix !== null, JSON.stringify(r.errors));
        assert.deepEqual(toRows(r.matrix), rows.map((row) => row.map((x) => x + 0)));
      }),
    );
  });
});
