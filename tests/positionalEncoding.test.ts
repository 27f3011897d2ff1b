import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { fromRows, type Matrix } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { applyRotary, sinusoidalPositionalEncoding } from '../lib/positionalEncoding';
import { throwsInput } from './support/assertions';


function close(actual: number, expected: number, tol = 1e-12, label = '') {
  assert.ok(Math.abs(actual - expected) <= tol, `${label} ${actual} vs ${expected}`);
}

const row = (m: Matrix, r: number) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('sinusoidalPositionalEncoding', () => {
  test('d = 4 by hand: column pairs have frequencies 1 and 10000^(−2/4) = 0.01', () => {
    const pe = sinusoidalPositionalEncoding(3, 4);
    assert.deepEqual(row(pe, 0), [0, 1, 0, 1]); // sin 0, cos 0, sin 0, cos 0
    close(pe.data[4 + 0], Math.sin(1)); // PE[1,0] = sin(1)    ≈ 0.841470984807897
    close(pe.data[4 + 1], Math.cos(1)); // PE[1,1] = cos(1)    ≈ 0.540302305868140
    close(pe.data[4 + 2], 0.009999833334166664); // sin(0.01) = 0.01 − 0.01³/6 + … 
    close(pe.data[4 + 3], 0.9999500004166653); // cos(0.01) = 1 − 0.01²/2 + …
    close(pe.data[8 + 2], Math.sin(0.02)); // PE[2,2] = sin(2 · 0.01)
  });

  test('matches an independent reference written as PyTorch tutorials do (exp of −ln(10000)·2i/d)', () => {
    for (const [n, d] of [
      [50, 16],
      [7, 5],
      [3, 1],
    ]) {
      const pe = sinusoidalPositionalEncoding(n, d);
      for (let p = 0; p < n; p++) {
        for (let i = 0; 2 * i < d; i++) {
          const divTerm = Math.exp(2 * i * (-Math.log(10000) / d));
          close(pe.data[p * d + 2 * i], Math.sin(p * divTerm), 1e-12, `sin p=${p} i=${i}`);
          if (2 * i + 1 < d) close(pe.data[p * d + 2 * i + 1], Math.cos(p * divTerm), 1e-12, `cos p=${p} i=${i}`);
        }
      }
    }
  });

  test('odd d: the last column is a sine with exponent (d − 1)/d', () => {
    const pe = sinusoidalPositionalEncoding(2, 3);
    // 10000^(2/3) = 464.158883361…, so PE[1,2] = sin(1 / 464.158883361…)
    close(pe.data[3 + 2], Math.sin(1 / 464.1588833612779));
  });

  test('every row of an even-width table has squared norm d/2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 32 }), (n, halfD) => {
        const d = 2 * halfD;
        const pe = sinusoidalPositionalEncoding(n, d);
        for (let p = 0; p < n; p++) close(dot(row(pe, p), row(pe, p)), d / 2, 1e-12);
      }),
    );
  });

  test('validation', () => {
    throwsInput(() => sinusoidalPositionalEncoding(0, 4), /n is 0/, 'n');
    throwsInput(() => sinusoidalPositionalEncoding(4, 4097), /d is 4097/, 'd');
    throwsInput(() => sinusoidalPositionalEncoding(4, 4, { base: 1 }), /base is 1/, 'base');
  });
});

describe('applyRotary', () => {
  test('a 2-D vector rotated by 90° (position π/2, θ₀ = 1)', () => {
    const x = fromRows([
      [1, 0],
      [0, 1],
      [3, 4],
    ]);
    const out = applyRotary(x, { positions: [Math.PI / 2, Math.PI / 2, Math.PI / 2] });
    // (a, b) ↦ (a cos φ − b sin φ, a sin φ + b cos φ) with cos = 0, sin = 1: (a, b) ↦ (−b, a).
    const expected = [0, 1, -1, 0, -4, 3];
    for (let i = 0; i < 6; i++) close(out.data[i], expected[i], 1e-15, `entry ${i}`);
  });

  test('d = 4 by hand at position 2: pair 0 turns by 2 rad, pair 1 by 2 · 0.01', () => {
    const x = fromRows([
      [9, 9, 9, 9],
      [9, 9, 9, 9],
      [1, 2, 3, 4],
    ]);
    const out = applyRotary(x);
    const [c2, s2, c02, s02] = [Math.cos(2), Math.sin(2), Math.cos(0.02), Math.sin(0.02)];
    const expected = [1 * c2 - 2 * s2, 1 * s2 + 2 * c2, 3 * c02 - 4 * s02, 3 * s02 + 4 * c02];
    row(out, 2).forEach((v, i) => close(v, expected[i], 1e-14, `col ${i}`));
  });

  test('position 0 is the identity, and default positions are 0 … n−1', () => {
    const x = randomNormalMatrix(1, 5, 8);
    const out = applyRotary(x);
    assert.deepEqual(row(out, 0), row(x, 0));
    assert.deepEqual(out.data, applyRotary(x, { positions: [0, 1, 2, 3, 4] }).data);
  });

  test('preserves every row norm', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 16 }), (seed, n, halfD) => {
        const x = randomNormalMatrix(seed, n, 2 * halfD);
        const out = applyRotary(x, { positions: Array.from({ length: n }, (_, i) => i * 37 + 0.5) });
        for (let r = 0; r < n; r++) close(dot(row(out, r), row(out, r)), dot(row(x, r), row(x, r)), 1e-9);
      }),
    );
  });

  test('(R_m q)·(R_n k) depends only on m − n', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -50, max: 50 }), fc.constantFrom('interleaved', 'half' as const), (seed, offset, pairing) => {
        const d = 8;
        const q = randomNormalMatrix(seed, 1, d);
        const k = randomNormalMatrix(seed + 1, 1, d);
        const scores = [0, 3, 17, 1000].map((n) => {
          const m = n + offset;
          const rq = applyRotary(q, { positions: [m], pairing });
          const rk = applyRotary(k, { positions: [n], pairing });
          return dot(row(rq, 0), row(rk, 0));
        });
        for (const s of scores) close(s, scores[0], 1e-9, `offset ${offset}`);
      }),
    );
    // …and it does depend on the offset: 1 and 2 apart give different scores.
    const q = randomNormalMatrix(5, 1, 8);
    const k = randomNormalMatrix(6, 1, 8);
    const at = (m: number, n: number) =>
      dot(row(applyRotary(q, { positions: [m] }), 0), row(applyRotary(k, { positions: [n] }), 0));
    assert.ok(Math.abs(at(1, 0) - at(2, 0)) > 1e-3);
  });

  test("'half' pairing (rotate_half) is the interleaved rotation under a feature permutation", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), (seed, n, half) => {
        const d = 2 * half;
        const x = randomNormalMatrix(seed, n, d);
        // halfLayout[i] and halfLayout[i + d/2] are interleaved[2i] and interleaved[2i + 1].
        const toInterleaved = (m: Matrix): Matrix => {
          const out = new Float64Array(m.data.length);
          for (let r = 0; r < n; r++)
            for (let i = 0; i < half; i++) {
              out[r * d + 2 * i] = m.data[r * d + i];
              out[r * d + 2 * i + 1] = m.data[r * d + i + half];
            }
          return { rows: n, cols: d, data: out };
        };
        const viaHalf = toInterleaved(applyRotary(x, { pairing: 'half' }));
        const viaInterleaved = applyRotary(toInterleaved(x), { pairing: 'interleaved' });
        assert.deepEqual(viaHalf.data, viaInterleaved.data);
      }),
    );
  });

  test('float32 in, float32 out', () => {
    const x = randomNormalMatrix(3, 2, 4, { float32: true });
    assert.ok(applyRotary(x).data instanceof Float32Array);
    assert.ok(applyRotary(randomNormalMatrix(3, 2, 4)).data instanceof Float64Array);
  });

  test('validation', () => {
    throwsInput(() => applyRotary(fromRows([[1, 2, 3]])), /x has 3 columns: .*d must be even/, 'x');
    throwsInput(() => applyRotary(fromRows([[1, 2]]), { positions: [0, 1] }), /positions is 2 entries but x has 1 rows/, 'positions');
    assert.throws(
      () => applyRotary(fromRows([[1, 2], [3, 4]]), { positions: [0, Number.NaN] }),
      (e: unknown) => e instanceof AttentionInputError && /positions entry 2 is NaN/.test(e.message) && e.where?.row === 1,
    );
    throwsInput(() => applyRotary(fromRows([[1, 2]]), { base: 0 }), /base is 0/, 'base');
    throwsInput(() => applyRotary(fromRows([[1, 2]]), { pairing: 'halves' as 'half' }), /pairing is "halves"/, 'pairing');
    throwsInput(() => applyRotary({ rows: 1, cols: 2, data: new Float64Array([1, Infinity]) }), /column 2 is Infinity/);
  });
});
