import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computePrecisionComparison, pruneWeights, pruningSweep } from '../lib/calculators/precisionPruning';
import { fromRows } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { throwsInput } from './support/assertions';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

describe('computePrecisionComparison', () => {
  test('by hand: equal scores, V = (1, 1/3): only V and the output round', () => {
    // q = 0 makes both scores 0 in every format, so the weights are exactly (½, ½) everywhere
    // (int8: ½ quantizes to 127 · (½/127) = ½). Reference output: ½ + ½·⅓ = ⅔.
    const r = computePrecisionComparison({ q: fromRows([[0]]), k: fromRows([[1], [2]]), v: fromRows([[1], [1 / 3]]) });
    assert.deepEqual(
      r.formats.map((f) => f.format),
      ['fp32', 'fp16', 'bf16', 'int8'],
    );
    close(r.referenceOutput[0], 2 / 3, 1e-16, 'reference');
    for (const f of r.formats) assert.equal(f.weightsError.maxAbs, 0, `${f.format} weights exact`);
    const out = Object.fromEntries(r.formats.map((f) => [f.format, f.output[0]]));
    // fp32: ⅓ → 0.3333333432674408; ½ + ½·that = 0.66666667163… lies 1.49e-8 below the float32
    // 0.6666666865348816 and 4.47e-8 above 0.6666666269302368 → 0.6666666865348816.
    assert.equal(out.fp32, 0.6666666865348816);
    // fp16: ⅓ · 2¹² = 1365.33 → 1365 · 2⁻¹² = 0.333251953125; ½ + ½·that = 0.6666259765625;
    // · 2¹¹ = 1365.25 → 1365 · 2⁻¹¹ = 0.66650390625.
    assert.equal(out.fp16, 0.66650390625);
    // bf16: ⅓ · 2⁹ = 170.67 → 171 · 2⁻⁹ = 0.333984375; ½ + ½·that = 0.6669921875;
    // · 2⁸ = 170.75 → 171 · 2⁻⁸ = 0.66796875.
    assert.equal(out.bf16, 0.66796875);
    // int8: scale 1/127, ⅓ → round(42.33) = 42 → 42/127; output fround(½ + 21/127) = fround(0.6653543…).
    assert.equal(out.int8, Math.fround(0.5 + 21 / 127));
    close(r.formats[1].outputError.maxAbs, 2 / 3 - 0.66650390625, 1e-16, 'fp16 output error');
  });

  test('errors grow fp32 < fp16 < bf16 on a typical random input', () => {
    const q = randomNormalMatrix(1, 8, 16);
    const k = randomNormalMatrix(2, 8, 16);
    const v = randomNormalMatrix(3, 8, 16);
    const r = computePrecisionComparison({ q, k, v, causal: true });
    const e = Object.fromEntries(r.formats.map((f) => [f.format, f.outputError.maxAbs]));
    assert.ok(e.fp32 < e.fp16 && e.fp16 < e.bf16, `output errors ${JSON.stringify(e)}`);
    assert.deepEqual(structuredClone(r), r);
  });

  test('refuses too many cells', () => {
    throwsInput(
      () => computePrecisionComparison({ q: randomNormalMatrix(1, 300, 2), k: randomNormalMatrix(1, 300, 2), v: randomNormalMatrix(1, 300, 2) }),
      /300 queries × 300 keys/,
      'Q',
    );
  });
});

describe('pruneWeights', () => {
  test('by hand: threshold 0.25', () => {
    const p = pruneWeights(fromRows([[0.5, 0.3, 0.2], [0.05, 0.05, 0.9]]), 0.25);
    // row 1 keeps 0.5, 0.3 (sum 0.8) → 0.625, 0.375; row 2 keeps 0.9 → 1
    [0.625, 0.375, 0, 0, 0, 1].forEach((w, idx) => close(p.weights.data[idx], w, 1e-16, `cell ${idx}`));
    assert.equal(p.dropped, 3);
    assert.equal(p.nonZero, 6);
    assert.equal(p.sparsity, 0.5);
    assert.deepEqual(p.rowsKeptAtMax, []);
  });

  test('a row losing everything keeps its maximum (ties share); zero rows stay zero', () => {
    const p = pruneWeights(fromRows([[0.4, 0.3, 0.3], [0.5, 0.5, 0], [0, 0, 0]]), 0.6);
    // row 1: all < 0.6, max 0.4 kept → (1, 0, 0); row 2: both 0.5 are the max → (½, ½, 0)
    assert.deepEqual(Array.from(p.weights.data), [1, 0, 0, 0.5, 0.5, 0, 0, 0, 0]);
    assert.deepEqual(p.rowsKeptAtMax, [0, 1]);
    assert.equal(p.dropped, 2); // 0.3 and 0.3
    assert.equal(p.nonZero, 5);
  });

  test('properties: non-zero rows sum to 1, threshold 0 returns the input bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, cols, seed, t) => {
        const x = randomNormalMatrix(seed, rows, cols, { std: 2 });
        const weights = pruningSweepWeights(x);
        const same = pruneWeights(weights, 0);
        assert.deepEqual(Array.from(same.weights.data), Array.from(weights.data));
        assert.equal(same.dropped, 0);
        const p = pruneWeights(weights, t);
        for (let i = 0; i < rows; i++) {
          let s = 0;
          for (let j = 0; j < cols; j++) s += p.weights.data[i * cols + j];
          close(s, 1, 1e-12, `row ${i} sum at threshold ${t}`);
        }
        assert.ok(p.sparsity >= 0 && p.sparsity < 1, `sparsity ${p.sparsity} in [0, 1): a row always keeps one weight`);
      }),
      { numRuns: 150 },
    );
  });

  test('refuses negative weights and bad thresholds', () => {
    throwsInput(() => pruneWeights(fromRows([[0.5, -0.1]]), 0.1), /row 1, column 2 is -0.1/, 'weights');
    throwsInput(() => pruneWeights(fromRows([[1]]), 1.5), /threshold is 1.5/, 'threshold');
  });
});

/** Softmax rows of x, written here independently of the core. */
function pruningSweepWeights(x: { rows: number; cols: number; data: Float64Array | Float32Array }) {
  const data = new Float64Array(x.rows * x.cols);
  for (let i = 0; i < x.rows; i++) {
    const row = Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols));
    const m = Math.max(...row);
    const e = row.map((z) => Math.exp(z - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((z, j) => (data[i * x.cols + j] = z / s));
  }
  return { rows: x.rows, cols: x.cols, data };
}

describe('pruningSweep', () => {
  test('by hand: scores (ln 3, 0) → weights (¾, ¼); V = (1, 3)', () => {
    // output ¾·1 + ¼·3 = 1.5. Threshold 0.3 drops ¼ → weights (1, 0), output 1:
    // max error 0.5, relative Frobenius 0.5 / 1.5 = ⅓, sparsity ½.
    const r = pruningSweep({ q: fromRows([[1]]), k: fromRows([[Math.log(3)], [0]]), v: fromRows([[1], [3]]), thresholds: [0, 0.3] });
    close(r.weights[0], 0.75, 1e-15, 'w₁');
    assert.equal(r.points[0].maxAbsError, 0, 'threshold 0 changes nothing');
    assert.equal(r.points[0].relativeFrobeniusError, 0);
    close(r.points[1].maxAbsError, 0.5, 1e-15, 'max error');
    close(r.points[1].relativeFrobeniusError, 1 / 3, 1e-15, 'relative error');
    assert.equal(r.points[1].sparsity, 0.5);
  });

  test('default sweep on a causal example: sparsity never falls as the threshold rises', () => {
    const r = pruningSweep({ q: randomNormalMatrix(4, 12, 8), k: randomNormalMatrix(5, 12, 8), v: randomNormalMatrix(6, 12, 8), causal: true });
    for (let t = 1; t < r.points.length; t++) {
      assert.ok(r.points[t].sparsity >= r.points[t - 1].sparsity, `sparsity at ${r.points[t].threshold}`);
    }
    assert.equal(r.points[0].maxAbsError, 0, 'threshold 0');
    assert.ok(r.points[r.points.length - 1].maxAbsError > 0, 'the largest threshold moves the output');
  });

  test('refuses a bad threshold list', () => {
    const m = fromRows([[1]]);
    throwsInput(() => pruningSweep({ q: m, k: m, v: m, thresholds: [0.1, -1] }), /thresholds entry 2 is -1/, 'thresholds');
    throwsInput(() => pruningSweep({ q: m, k: m, v: m, thresholds: [] }), /thresholds must be a list/, 'thresholds');
  });
});
