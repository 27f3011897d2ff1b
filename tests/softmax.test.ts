import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fromRows, toRows } from '../lib/matrix';
import { softmaxRows } from '../lib/softmax';
import { AttentionInputError } from '../lib/errors';
import { logSumExpSoftmax } from './support/reference';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('softmaxRows', () => {
  test('worked example: [1, 2, 3]', () => {
    // e^1 = 2.718281828, e^2 = 7.389056099, e^3 = 20.085536923; sum = 30.192874850
    // weights = 0.0900305732, 0.2447284711, 0.6652409558
    const [w] = toRows(softmaxRows(fromRows([[1, 2, 3]])));
    close(w[0], 0.09003057317038046);
    close(w[1], 0.24472847105479764);
    close(w[2], 0.6652409557748219);
  });

  test('temperature 2 on [0, 2] equals plain softmax on [0, 1]', () => {
    // softmax([0, 1]) = [1/(1+e), e/(1+e)] = [0.2689414214, 0.7310585786]
    const [w] = toRows(softmaxRows(fromRows([[0, 2]]), 2));
    close(w[0], 0.2689414213699951);
    close(w[1], 0.7310585786300049);
  });

  test('logits of ±1e4 neither overflow nor give NaN', () => {
    const [a, b] = toRows(softmaxRows(fromRows([[1e4, 1e4 - 1, -1e4], [-1e4, -1e4, -1e4]])));
    // Row 1: exp(0), exp(-1), exp(-2e4) → [1/(1+e⁻¹), e⁻¹/(1+e⁻¹), 0] = [0.7310585786, 0.2689414214, 0]
    close(a[0], 0.7310585786300049);
    close(a[1], 0.2689414213699951);
    assert.equal(a[2], 0);
    b.forEach((x) => close(x, 1 / 3));
  });

  test('-Infinity is a blocked position; a fully blocked row is all zeros', () => {
    const [a, b] = toRows(softmaxRows(fromRows([[0, -Infinity, 0], [-Infinity, -Infinity, -Infinity]])));
    assert.deepEqual(a, [0.5, 0, 0.5]);
    assert.deepEqual(b, [0, 0, 0]);
  });

  test('rejects NaN, +Infinity and bad temperatures with a located message', () => {
    assert.throws(() => softmaxRows(fromRows([[0, 1], [NaN, 0]])), (e: unknown) => {
      assert.ok(e instanceof AttentionInputError);
      assert.deepEqual(e.where, { input: 'logits', row: 1, col: 0 });
      assert.match(e.message, /row 2, column 1 is NaN/);
      return true;
    });
    assert.throws(() => softmaxRows(fromRows([[Infinity]])), AttentionInputError);
    for (const t of [0, -1, NaN, Infinity]) assert.throws(() => softmaxRows(fromRows([[1]]), t), /temperature/);
  });

  const logits = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }))
    .chain(([r, c]) =>
      fc.array(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: c, maxLength: c }), {
        minLength: r,
        maxLength: r,
      }),
    );

  test('property: rows sum to 1 and match a log-sum-exp reference', () => {
    fc.assert(
      fc.property(logits, fc.double({ min: 0.05, max: 20, noNaN: true }), (rows, t) => {
        const got = toRows(softmaxRows(fromRows(rows), t));
        got.forEach((row, i) => {
          close(row.reduce((s, x) => s + x, 0), 1, 1e-12);
          const ref = logSumExpSoftmax(rows[i].map((x) => x / t));
          row.forEach((x, j) => close(x, ref[j], 1e-12));
        });
      }),
    );
  });

  test('property: adding a constant to a row changes nothing', () => {
    fc.assert(
      fc.property(logits, fc.double({ min: -1000, max: 1000, noNaN: true }), (rows, shift) => {
        const a = toRows(softmaxRows(fromRows(rows)));
        const b = toRows(softmaxRows(fromRows(rows.map((r) => r.map((x) => x + shift)))));
        a.forEach((row, i) => row.forEach((x, j) => close(x, b[i][j], 1e-9)));
      }),
    );
  });

  test('temperatures whose reciprocal overflows (below 5.6e-309) give the limit, not NaN', () => {
    // 1/1e-310 is Infinity, and 0 · Infinity made every weight NaN. Expected values from numpy:
    // e = np.exp((x - x.max()) / T); e / e.sum().
    assert.equal(1 / 1e-310, Infinity);
    assert.deepEqual(toRows(softmaxRows(fromRows([[1, 2, 3], [3, 1, 3], [1e308, -1e308, 0]]), 1e-310)), [
      [0, 0, 1],
      [0.5, 0, 0.5],
      [1, 0, 0],
    ]);
    // Differences as tiny as the temperature still count: (−1e-320 − 0) / 1e-310 = −1e-10.
    const [near] = toRows(softmaxRows(fromRows([[0, 1e-320, -1e-320]]), 1e-310));
    [0.3333333333333333, 0.33333333336666626, 0.33333333330000037].forEach((x, j) => close(near[j], x, 1e-15));
    assert.deepEqual(toRows(softmaxRows(fromRows([[0, 1e-320, -1e-320, -Infinity]]), 5e-324)), [[0, 1, 0, 0]]);
  });

  test('property: any positive temperature and finite logits give finite weights that match a float64 reference', () => {
    const anyLogit = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -30, max: 30, noNaN: true }));
    // Temperatures log-uniform from the smallest subnormal (5e-324) to 1e300.
    const temperature = fc.double({ min: -323.3, max: 300, noNaN: true }).map((e) => Math.max(5e-324, 10 ** e));
    fc.assert(
      fc.property(fc.array(fc.array(anyLogit, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }), temperature, (rows, t) => {
        const got = toRows(softmaxRows(fromRows(rows), t));
        got.forEach((row, i) => {
          row.forEach((x) => assert.ok(Number.isFinite(x), `weight ${x} at T = ${t}`));
          close(row.reduce((s, x) => s + x, 0), 1, 1e-12);
          // The reference shifts by the row maximum, divides by T, and takes log-sum-exp.
          const top = Math.max(...rows[i]);
          const ref = logSumExpSoftmax(rows[i].map((x) => (x - top) / t));
          row.forEach((x, j) => close(x, ref[j], 1e-12));
        });
      }),
      { numRuns: 500 },
    );
  });

  test('float32 input gives float32 output', () => {
    const out = softmaxRows({ rows: 1, cols: 2, data: new Float32Array([0, 1]) });
    assert.ok(out.data instanceof Float32Array);
  });
});
