import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { AttentionInputError } from '../lib/errors';
import { formatMatrixText, parseMatrixText, type ExpressionEvaluator } from '../lib/matrixText';
import { validateCells } from '../lib/matrixEditor/validateCells';
import { loadExpressionEvaluator, unfinishedNumber } from '../lib/safeExpression';

let evaluate: ExpressionEvaluator;
before(async () => {
  evaluate = await loadExpressionEvaluator();
});

const rowsOf = (text: string) => {
  const r = parseMatrixText(text, 'Q', evaluate);
  assert.ok(r.ok, `expected ${JSON.stringify(text)} to parse`);
  return r.rows;
};
const errorOf = (text: string) => {
  const r = parseMatrixText(text, 'Q', evaluate);
  assert.ok(!r.ok && 'error' in r, `expected ${JSON.stringify(text)} to be refused`);
  assert.ok(r.error instanceof AttentionInputError, 'an AttentionInputError');
  return r.error;
};

describe('parseMatrixText', () => {
  test('spaces, commas, semicolons and tabs separate cells; lines separate rows', () => {
    assert.deepEqual(rowsOf('1 2 3\n4,5,6\n7; 8\t9'), [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    assert.deepEqual(rowsOf('  1.5e2 , -.5 \n\n +3 4 \n'), [[150, -0.5], [3, 4]]);
  });
  test('JSON', () => {
    assert.deepEqual(rowsOf('[[1, 2], [3, 4]]'), [[1, 2], [3, 4]]);
    assert.match(errorOf('[[1, 2], [3, 4]').message, /not valid JSON/);
    assert.match(errorOf('[[1, true]]').message, /row 1, column 2 is not a number/);
  });
  test('plain numbers need no evaluator; expressions ask for one', () => {
    assert.deepEqual(parseMatrixText('1 2', 'K'), { ok: true, rows: [[1, 2]] });
    assert.deepEqual(parseMatrixText('1 sqrt(2)', 'K'), { ok: false, needsEvaluator: true });
  });
  test('arithmetic in cells: 1/sqrt(2), -0.5*3, pi/4, e^-1', () => {
    const [row] = rowsOf('1/sqrt(2) -0.5*3 pi/4 e^-1 2^3 tanh(0)');
    // 1/√2 = 0.7071067811865475, −0.5·3 = −1.5, π/4 = 0.7853981633974483, e⁻¹ = 0.36787944117144233
    [Math.SQRT1_2, -1.5, Math.PI / 4, Math.exp(-1), 8, 0].forEach((want, j) => assert.ok(Math.abs(row[j] - want) < 1e-15, `cell ${j}: ${row[j]} vs ${want}`));
  });
  test('ragged rows and bad cells are located, 1-based in words and 0-based in where', () => {
    const ragged = errorOf('1 2 3\n4 5');
    assert.match(ragged.message, /^Q row 2 has 2 numbers but row 1 has 3/);
    assert.deepEqual(ragged.where, { input: 'Q', row: 1 });
    const bad = errorOf('1 2\n3 abc');
    assert.match(bad.message, /^Q row 2, column 2: "abc" — "abc" is not a known constant/);
    assert.deepEqual(bad.where, { input: 'Q', row: 1, col: 1 });
    assert.match(errorOf('1 1/0').message, /row 1, column 2: "1\/0" — evaluates to Infinity/);
    assert.match(errorOf('').message, /Q is empty/);
  });
  test('half-typed exponents are refused as unfinished numbers, not read as a product with e', () => {
    // mathjs alone reads "1e" as 1·e = 2.718 (implicit multiplication by the constant e).
    const cases: [string, RegExp][] = [
      ['1e', /^Q row 1, column 2: "1e" — an unfinished number: write 1e3 for 1 × 10³, or 1\*e for 1 × e$/],
      ['2e', /^Q row 1, column 2: "2e" — an unfinished number: write 2e3 .*, or 2\*e for 2 × e$/],
      ['1.5e', /"1\.5e" — an unfinished number: write 1\.5e3 for 1\.5 × 10³, or 1\.5\*e/],
      ['1e+', /"1e\+" — an unfinished number: write 1e\+3 for 1 × 10³$/],
      ['3E-', /"3E-" — an unfinished number: write 3e-3 for 3 × 10⁻³$/],
      ['.5e', /write 0\.5e3 for 0\.5 × 10³, or 0\.5\*e/],
      ['-2e', /"-2e" — "2e" is an unfinished number/],
      ['2e*3', /"2e\*3" — "2e" is an unfinished number/],
      ['1e3e', /"1e3e" — a number with a stray e after it: write 1e3 alone, or 1e3\*e/],
    ];
    for (const [cell, message] of cases) {
      const error = errorOf(`0 ${cell}\n0 0`);
      assert.match(error.message, message, cell);
      assert.deepEqual(error.where, { input: 'Q', row: 0, col: 1 }, cell);
    }
    // The matrix editor's cells go through the same evaluator.
    const edited = validateCells([['1', '1e']], 'K', evaluate);
    assert.equal(edited.matrix, null);
    assert.deepEqual(edited.errors.map((e) => [e.row, e.col]), [[0, 1]]);
    assert.match(edited.errors[0].message, /^K row 1, column 2: "1e" — an unfinished number: write 1e3/);
  });
  test('the constant e and finished exponents still work', () => {
    const [row] = rowsOf('e 2*e e^2 1e3 1E-3 2.5e+2 e*1e1 2exp(1) exp(1)*e 2pi (2)e');
    const e = Math.E;
    [e, 2 * e, e * e, 1000, 0.001, 250, 10 * e, 2 * e, e * e, 2 * Math.PI, 2 * e].forEach((want, j) =>
      assert.ok(Math.abs(row[j] - want) < 1e-12, `cell ${j + 1}: ${row[j]} vs ${want}`),
    );
    assert.equal(unfinishedNumber('0x1e'), null, 'not the e of a longer token');
  });
  test('hostile or absurd expressions are refused, not run', () => {
    for (const cell of [
      'import({},{})',
      'createUnit("x")',
      'evaluate("1")',
      'parse("1")',
      'f(x)=x',
      'a=1',
      '[1,2]',
      '{a:1}',
      'x.constructor',
      '"str"',
      '1?2:3',
      '5!',
      'cos.constructor("return 1")()',
      '9^9^9',
      'sqrt(-1)',
      'x'.repeat(200),
    ]) {
      const r = parseMatrixText(cell, 'V', evaluate);
      assert.ok(!r.ok && 'error' in r, `${cell} must be refused`);
    }
  });
});

describe('formatMatrixText', () => {
  test('round-trips through parseMatrixText at the given precision', () => {
    const text = formatMatrixText([[1, 0.70710678], [-2.5, 3]], 4);
    assert.equal(text, '1 0.7071\n-2.5 3');
    assert.deepEqual(rowsOf(text), [[1, 0.7071], [-2.5, 3]]);
  });
});
