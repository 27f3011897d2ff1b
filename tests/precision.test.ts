import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { fromRows, toRows, type Matrix } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import {
  dequantizeInt8,
  FORMAT_MAX,
  quantizeInt8Symmetric,
  roundToFormat,
  simulateAttentionPrecision,
  type FloatFormat,
} from '../lib/precision';
import { throwsInput } from './support/assertions';


/**
 * Independent reference: every non-negative finite value of a 16-bit format, decoded from its bit
 * pattern and listed in bit order (which is value order), followed by the first overflowing value
 * (the all-ones exponent with mantissa 0, an even pattern) standing for Infinity.
 */
function fp16Table(): Float64Array {
  const t = new Float64Array(0x7c01);
  for (let b = 0; b <= 0x7c00; b++) {
    const e = (b >> 10) & 0x1f;
    const m = b & 0x3ff;
    t[b] = e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15);
  }
  return t;
}

function bf16Table(): Float64Array {
  const t = new Float64Array(0x7f81);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let b = 0; b <= 0x7f7f; b++) {
    u[0] = b << 16;
    t[b] = f[0];
  }
  t[0x7f80] = 2 ** 128;
  return t;
}

/** Nearest table value to |x| by binary search, ties to the even bit pattern; the last entry means overflow. */
function nearestIn(table: Float64Array, x: number): number {
  const a = Math.abs(x);
  let lo = 0;
  let hi = table.length - 1;
  if (a >= table[hi]) return Math.sign(x) * Infinity;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table[mid] <= a) lo = mid;
    else hi = mid;
  }
  const below = a - table[lo];
  const above = table[hi] - a;
  const pick = below < above ? lo : above < below ? hi : lo % 2 === 0 ? lo : hi;
  const magnitude = pick === table.length - 1 ? Infinity : table[pick];
  return x < 0 || Object.is(x, -0) ? -magnitude : magnitude;
}

const FP16 = fp16Table();
const BF16 = bf16Table();

describe('roundToFormat by hand', () => {
  test('fp16', () => {
    // 1/3 lies in [2⁻², 2⁻¹), spacing 2⁻¹², 1/3 · 2¹² = 1365.33… → 1365 · 2⁻¹² = 0.333251953125
    assert.equal(roundToFormat(1 / 3, 'fp16'), 0.333251953125);
    assert.equal(roundToFormat(65504, 'fp16'), 65504); // largest finite: (2 − 2⁻¹⁰) · 2¹⁵
    // Spacing at the top is 32; 65520 is halfway between 65504 (odd mantissa 2047) and 65536
    // (mantissa 2048, even, but out of range), so the tie goes up and overflows.
    assert.equal(roundToFormat(65519.99, 'fp16'), 65504);
    assert.equal(roundToFormat(65520, 'fp16'), Infinity);
    assert.equal(roundToFormat(-65520, 'fp16'), -Infinity);
    assert.equal(roundToFormat(1e6, 'fp16'), Infinity);
    assert.equal(roundToFormat(2 ** -24, 'fp16'), 2 ** -24); // smallest subnormal
    assert.equal(roundToFormat(2 ** -25, 'fp16'), 0); // halfway to 0 and 2⁻²⁴: tie to even, 0
    assert.equal(roundToFormat(2 ** -25 * 1.0001, 'fp16'), 2 ** -24);
    assert.equal(roundToFormat(3 * 2 ** -26, 'fp16'), 2 ** -24); // 0.75 of a step rounds up
    assert.ok(Object.is(roundToFormat(-(2 ** -26), 'fp16'), -0)); // underflow keeps the sign
    assert.equal(roundToFormat(1 + 2 ** -11, 'fp16'), 1); // half a step above 1: tie to even, 1
    assert.equal(roundToFormat(1 + 3 * 2 ** -11, 'fp16'), 1 + 2 ** -9); // 1.5 steps: tie to even mantissa 2
    assert.equal(roundToFormat(0.1, 'fp16'), 0.0999755859375); // 0.1 · 2¹⁴ = 1638.4 → 1638 · 2⁻¹⁴
  });

  test('bf16', () => {
    assert.equal(roundToFormat(1.00390625, 'bf16'), 1); // 1 + 2⁻⁸ is half a step (2⁻⁷): tie to even, 1
    assert.equal(roundToFormat(1.01171875, 'bf16'), 1.015625); // 1 + 3·2⁻⁸ = 1.5 steps: tie to 2 steps, 1 + 2⁻⁶
    assert.equal(roundToFormat(1.0078125, 'bf16'), 1.0078125); // 1 + 2⁻⁷ is representable
    assert.equal(roundToFormat(FORMAT_MAX.bf16, 'bf16'), FORMAT_MAX.bf16);
    assert.equal(roundToFormat(3.4e38, 'bf16'), Infinity); // past (2 − 2⁻⁸) · 2¹²⁷ ≈ 3.3962e38
    assert.equal(roundToFormat(-3.4e38, 'bf16'), -Infinity);
    assert.equal(roundToFormat(1e300, 'bf16'), Infinity);
    // Same exponent range as fp32: 1e-30 survives (fp16 flushes it to 0).
    assert.ok(Math.abs(roundToFormat(1e-30, 'bf16') / 1e-30 - 1) < 2 ** -8);
    assert.equal(roundToFormat(1e-30, 'fp16'), 0);
  });

  test('fp32 and fp64, and special values', () => {
    assert.equal(roundToFormat(0.1, 'fp32'), 0.10000000149011612);
    assert.equal(roundToFormat(0.1, 'fp64'), 0.1);
    for (const f of ['fp64', 'fp32', 'fp16', 'bf16'] as const) {
      assert.ok(Number.isNaN(roundToFormat(Number.NaN, f)));
      assert.equal(roundToFormat(Infinity, f), Infinity);
      assert.equal(roundToFormat(-Infinity, f), -Infinity);
      assert.ok(Object.is(roundToFormat(-0, f), -0));
    }
  });

  test('validation', () => {
    throwsInput(() => roundToFormat(1, 'fp8' as FloatFormat), /format is "fp8"/, 'format');
    throwsInput(() => roundToFormat('1' as unknown as number, 'fp16'), /x is 1/, 'x');
  });
});

describe('roundToFormat against decoded bit patterns', () => {
  const fp16Midpoint = fc.integer({ min: 0, max: 0x7bff }).map((b) => (FP16[b] + FP16[b + 1]) / 2);
  const bf16Midpoint = fc.integer({ min: 0, max: 0x7f7f }).map((b) => (BF16[b] + BF16[b + 1]) / 2);

  test('fp16 is the nearest fp16 value, ties to even (random values, midpoints, tiny values)', () => {
    const values = fc.oneof(
      fc.double({ min: -70000, max: 70000, noNaN: true }),
      fc.double({ min: -1e-4, max: 1e-4, noNaN: true }),
      fc.tuple(fp16Midpoint, fc.boolean()).map(([m, neg]) => (neg ? -m : m)),
      fc.integer({ min: 0, max: 0x7bff }).map((b) => FP16[b]),
    );
    fc.assert(
      fc.property(values, (x) => {
        assert.ok(Object.is(roundToFormat(x, 'fp16'), nearestIn(FP16, x)), `x = ${x}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('bf16 is the nearest bf16 value to the float32 value, ties to even', () => {
    const values = fc.oneof(
      fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround),
      fc.tuple(bf16Midpoint, fc.boolean()).map(([m, neg]) => (neg ? -m : m)),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }).map(Math.fround),
    );
    fc.assert(
      fc.property(values, (x) => {
        assert.equal(x, Math.fround(x)); // the reference assumes float32 input
        assert.ok(Object.is(roundToFormat(x, 'bf16'), nearestIn(BF16, x)), `x = ${x}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('idempotent, odd-symmetric and monotone in every format', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.double({ noNaN: true }),
        fc.constantFrom<FloatFormat>('fp64', 'fp32', 'fp16', 'bf16'),
        (x, y, f) => {
          const r = roundToFormat(x, f);
          assert.ok(Object.is(roundToFormat(r, f), r));
          assert.ok(Object.is(roundToFormat(-x, f), -r));
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          assert.ok(roundToFormat(lo, f) <= roundToFormat(hi, f));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('int8 quantization', () => {
  test('[−2, 1, 0.5]: scale 2/127; 1 → 63.5 → 64, 0.5 → 31.75 → 32', () => {
    const { values, scale } = quantizeInt8Symmetric([-2, 1, 0.5]);
    assert.equal(scale, 2 / 127);
    assert.deepEqual(Array.from(values), [-127, 64, 32]);
    const back = dequantizeInt8(values, scale);
    // 64 · 2/127 = 1.00787…: off by half a step (1/127) at most.
    assert.ok(Math.abs(back[1] - 1) <= scale / 2 + 1e-15);
  });

  test('ties go to even, as PyTorch (nearbyint), not half up as Math.round', () => {
    // max |x| = 127 makes scale 1, so values are just the rounded inputs.
    const { values, scale } = quantizeInt8Symmetric([-127, 62.5, -63.5, 0.5, 1.5, -0.5]);
    assert.equal(scale, 1);
    // Math.round would give 63, −63, 1, 2, −0.
    assert.deepEqual(Array.from(values), [-127, 62, -64, 0, 2, 0]);
  });

  test('all-zero tensor: scale 1, values 0; empty tensor too', () => {
    assert.deepEqual(quantizeInt8Symmetric([0, 0, -0]), { values: new Int8Array(3), scale: 1 });
    assert.deepEqual(quantizeInt8Symmetric([]), { values: new Int8Array(0), scale: 1 });
  });

  test('round trip error is at most half a step; extremes map to ±127', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const { values, scale } = quantizeInt8Symmetric(xs);
        const back = dequantizeInt8(values, scale);
        const maxAbs = Math.max(...xs.map(Math.abs));
        for (let i = 0; i < xs.length; i++) {
          assert.ok(values[i] >= -127 && values[i] <= 127);
          assert.ok(Math.abs(back[i] - xs[i]) <= scale / 2 * (1 + 1e-12) + 1e-300, `entry ${i}`);
          if (maxAbs > 0 && Math.abs(xs[i]) === maxAbs) assert.equal(Math.abs(values[i]), 127);
        }
      }),
    );
  });

  test('validation', () => {
    throwsInput(() => quantizeInt8Symmetric([1, Number.NaN]), /data entry 2 is NaN/, 'data');
    throwsInput(() => quantizeInt8Symmetric(null as unknown as number[]), /array of numbers/);
    throwsInput(() => dequantizeInt8([1], Infinity), /scale is Infinity/);
  });
});

/** Independent float64 SDPA: arrays of rows, log-sum-exp softmax. */
function referenceSdpa(q: number[][], k: number[][], v: number[][], allowed: (i: number, j: number) => boolean, scale: number) {
  return q.map((qi, i) => {
    const logits = k.map((kj, j) => (allowed(i, j) ? scale * qi.reduce((s, x, c) => s + x * kj[c], 0) : -Infinity));
    const finite = logits.filter((x) => x !== -Infinity);
    if (finite.length === 0) return { weights: logits.map(() => 0), out: v[0].map(() => 0) };
    const m = Math.max(...finite);
    const lse = m + Math.log(finite.reduce((s, x) => s + Math.exp(x - m), 0));
    const weights = logits.map((x) => (x === -Infinity ? 0 : Math.exp(x - lse)));
    const out = v[0].map((_, c) => weights.reduce((s, w, j) => s + w * v[j][c], 0));
    return { weights, out };
  });
}

describe('simulateAttentionPrecision', () => {
  const q = randomNormalMatrix(10, 6, 8);
  const k = randomNormalMatrix(11, 7, 8);
  const v = randomNormalMatrix(12, 7, 5);

  test('hand-worked: softmax of [1, 0] and its output, in float64', () => {
    const r = simulateAttentionPrecision(fromRows([[1, 0]]), fromRows([[1, 0], [0, 1]]), fromRows([[1, 2], [3, 4]]), {
      format: 'fp64',
      scale: 1,
    });
    // weights: e/(e+1) = 0.7310585786300049, 1/(e+1) = 0.2689414213699951
    const w = toRows(r.reference.weights)[0];
    assert.ok(Math.abs(w[0] - 0.7310585786300049) < 1e-15 && Math.abs(w[1] - 0.2689414213699951) < 1e-15);
    // output: [1·0.7311 + 3·0.2689, 2·0.7311 + 4·0.2689] = [1.5378828427399902, 2.5378828427399902]
    const o = toRows(r.reference.output)[0];
    assert.ok(Math.abs(o[0] - 1.5378828427399902) < 1e-14 && Math.abs(o[1] - 2.5378828427399902) < 1e-14);
  });

  test('hand-worked fp16: Q = 0.1 becomes 0.0999755859375 and every stage rounds', () => {
    const r = simulateAttentionPrecision(fromRows([[0.1]]), fromRows([[1], [2]]), fromRows([[1], [0]]), {
      format: 'fp16',
      scale: 1,
    });
    // q̃ = 1638 · 2⁻¹⁴ = 0.0999755859375; scores q̃·1 and q̃·2 are fp16 already.
    assert.deepEqual(toRows(r.simulated.scores), [[0.0999755859375, 0.199951171875]]);
    // softmax: w₀ = 1/(1 + e^{0.0999755859375}) = 0.47502690080700…; in [2⁻², 2⁻¹) the step is 2⁻¹²:
    // 0.475026… · 4096 = 1945.71 → 1946 · 2⁻¹² = 0.47509765625.
    // w₁ = 0.52497309919… in [2⁻¹, 1), step 2⁻¹¹: 1075.14 → 1075 · 2⁻¹¹ = 0.52490234375.
    assert.deepEqual(toRows(r.simulated.weights), [[0.47509765625, 0.52490234375]]);
    // output = w̃₀ · 1 + w̃₁ · 0 = 0.47509765625, already fp16.
    assert.deepEqual(toRows(r.simulated.output), [[0.47509765625]]);
    // reference output 1/(1 + e^{0.1}) = 0.47502081252106
    assert.ok(Math.abs(r.reference.output.data[0] - 0.47502081252106) < 1e-14);
    assert.ok(Math.abs(r.error.output.maxAbs - (0.47509765625 - 0.47502081252106)) < 1e-14);
    assert.equal(r.overflowedScores, 0);
  });

  test('the reference matches an independent float64 SDPA, with causal and a mask', () => {
    const maskRows = Array.from({ length: 6 }, (_, i) => Array.from({ length: 7 }, (_, j) => ((i + 2 * j) % 3 === 1 ? 0 : 1)));
    maskRows[4] = [0, 0, 0, 0, 0, 0, 0]; // a fully blocked row
    const mask = fromRows(maskRows);
    const r = simulateAttentionPrecision(q, k, v, { format: 'bf16', causal: true, mask });
    const expected = referenceSdpa(toRows(q), toRows(k), toRows(v), (i, j) => j <= i && maskRows[i][j] === 1, 1 / Math.sqrt(8));
    const weights = toRows(r.reference.weights);
    const out = toRows(r.reference.output);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 7; j++) assert.ok(Math.abs(weights[i][j] - expected[i].weights[j]) < 1e-12);
      for (let c = 0; c < 5; c++) assert.ok(Math.abs(out[i][c] - expected[i].out[c]) < 1e-12);
    }
    // Blocked cells are −Infinity in both score matrices; the blocked row has zero weights and output.
    // The mask keeps every diagonal cell ((i + 2i) mod 3 = 0), so causal's j ≤ i matters there.
    assert.ok(Number.isFinite(r.reference.scores.data[0]));
    assert.equal(r.reference.scores.data[0 * 7 + 1], -Infinity);
    assert.equal(r.simulated.scores.data[0 * 7 + 1], -Infinity);
    assert.deepEqual(toRows(r.simulated.weights)[4], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(toRows(r.simulated.output)[4], [0, 0, 0, 0, 0]);
    assert.ok(Number.isFinite(r.error.scores.maxAbs));
  });

  test('large logits stay finite (softmax subtracts the row maximum)', () => {
    // scores 40·40 = 1600 and 40·39 = 1560: exp(1600) overflows, exp(1600 − 1600) does not.
    const r = simulateAttentionPrecision(fromRows([[40]]), fromRows([[40], [39]]), fromRows([[1], [0]]), {
      format: 'fp64',
      scale: 1,
    });
    // w₁ = e^{−40} / (1 + e^{−40}) = 4.248354255291589e-18
    assert.ok(Math.abs(r.reference.weights.data[1] - 4.248354255291589e-18) < 1e-30);
    assert.equal(r.reference.weights.data[0], 1);
  });

  test('fp64 rounds nothing: simulation equals the reference exactly', () => {
    const r = simulateAttentionPrecision(q, k, v, { format: 'fp64', causal: true });
    assert.deepEqual(r.simulated.output.data, r.reference.output.data);
    assert.deepEqual(r.simulated.weights.data, r.reference.weights.data);
    for (const e of [r.error.scores, r.error.weights, r.error.output]) assert.deepEqual(e, { maxAbs: 0, meanAbs: 0, maxRel: 0 });
  });

  test('error grows as the format shrinks: fp32 tiny, then fp16, then bf16', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const [a, b, c] = [randomNormalMatrix(seed, 8, 16), randomNormalMatrix(seed + 1, 8, 16), randomNormalMatrix(seed + 2, 8, 16)];
        const err = (format: 'fp32' | 'fp16' | 'bf16' | 'int8') => simulateAttentionPrecision(a, b, c, { format }).error;
        const [e32, e16, eb16, e8] = [err('fp32'), err('fp16'), err('bf16'), err('int8')];
        assert.ok(e32.weights.maxAbs < 1e-6 && e32.output.maxAbs < 1e-6);
        // 24-bit vs 11-bit vs 8-bit significands: each step is orders of magnitude.
        assert.ok(e32.output.maxAbs < e16.output.maxAbs);
        assert.ok(e16.output.meanAbs < eb16.output.meanAbs);
        assert.ok(e8.output.maxAbs > e32.output.maxAbs);
        assert.ok(eb16.output.maxRel < 0.05 && e8.output.maxRel < 0.2);
      }),
      { numRuns: 30 },
    );
  });

  test('simulated values lie on the format grid', () => {
    const r = simulateAttentionPrecision(q, k, v, { format: 'fp16' });
    for (const m of [r.simulated.q, r.simulated.scores, r.simulated.weights, r.simulated.output])
      for (const x of m.data) assert.ok(Object.is(roundToFormat(x, 'fp16'), x));
    const r8 = simulateAttentionPrecision(q, k, v, { format: 'int8' });
    const s = r8.int8Scales!;
    assert.equal(s.q, Math.max(...Array.from(q.data, Math.abs)) / 127);
    for (const [m, scale] of [
      [r8.simulated.q, s.q],
      [r8.simulated.v, s.v],
      [r8.simulated.weights, s.weights],
    ] as [Matrix, number][])
      for (const x of m.data) {
        const steps = x / scale;
        assert.ok(Math.abs(steps - Math.round(steps)) < 1e-9 && Math.abs(steps) <= 127 + 1e-9);
      }
    for (const x of r8.simulated.output.data) assert.equal(Math.fround(x), x);
  });

  test('fp16 score overflow: no NaN; +Infinity takes the weight, all −Infinity share it', () => {
    // scores 300 · 300 = 90000 > 65504 → +Infinity, and 300 · 1 = 300.
    const up = simulateAttentionPrecision(fromRows([[300]]), fromRows([[300], [1]]), fromRows([[1], [2]]), {
      format: 'fp16',
      scale: 1,
    });
    assert.equal(up.overflowedScores, 1);
    assert.deepEqual(toRows(up.simulated.weights), [[1, 0]]);
    assert.deepEqual(toRows(up.simulated.output), [[1]]);
    assert.equal(up.error.scores.maxAbs, Infinity);
    // Two +Infinity scores tie and split the weight.
    const tie = simulateAttentionPrecision(fromRows([[300]]), fromRows([[300], [400], [1]]), fromRows([[1], [3], [5]]), {
      format: 'fp16',
      scale: 1,
    });
    assert.equal(tie.overflowedScores, 2);
    assert.deepEqual(toRows(tie.simulated.weights), [[0.5, 0.5, 0]]);
    assert.deepEqual(toRows(tie.simulated.output), [[2]]);
    // scores −90000 and −75000 both overflow to −Infinity.
    const down = simulateAttentionPrecision(fromRows([[300]]), fromRows([[-300], [-250]]), fromRows([[1], [3]]), {
      format: 'fp16',
      scale: 1,
    });
    assert.equal(down.overflowedScores, 2);
    assert.deepEqual(toRows(down.simulated.weights), [[0.5, 0.5]]);
    assert.deepEqual(toRows(down.simulated.output), [[2]]);
    assert.deepEqual(toRows(down.reference.weights), [[0, 1]]); // e^(−15000) underflows to 0
  });

  test('validation', () => {
    throwsInput(() => simulateAttentionPrecision(q, randomNormalMatrix(1, 7, 3), v, { format: 'fp16' }), /K has 3 columns but Q has 8/, 'K');
    throwsInput(() => simulateAttentionPrecision(q, k, randomNormalMatrix(1, 6, 5), { format: 'fp16' }), /V has 6 rows but K has 7/, 'V');
    throwsInput(
      () => simulateAttentionPrecision(q, k, v, { format: 'fp16', mask: fromRows([[1]]) }),
      /mask is 1×1 but the scores are 6×7/,
      'mask',
    );
    throwsInput(() => simulateAttentionPrecision(q, k, v, { format: 'fp8' as 'fp16' }), /format is "fp8"/, 'format');
    throwsInput(() => simulateAttentionPrecision(q, k, v, { format: 'fp16', scale: Number.NaN }), /scale is NaN/, 'scale');
    throwsInput(() => simulateAttentionPrecision(q, k, v, { format: 'fp16', causal: 1 as unknown as boolean }), /causal is 1/);
    assert.throws(
      () => simulateAttentionPrecision(fromRows([[1, 70000]]), fromRows([[1, 1]]), fromRows([[1]]), { format: 'fp16' }),
      (e: unknown) =>
        e instanceof AttentionInputError &&
        /Q row 1, column 2 is 70000, beyond fp16's largest value 65504/.test(e.message) &&
        e.where?.row === 0 &&
        e.where?.col === 1,
    );
    throwsInput(
      () => simulateAttentionPrecision(fromRows([[1e200]]), fromRows([[1e200]]), fromRows([[1]]), { format: 'int8' }),
      /could overflow even float64/,
    );
    throwsInput(() => simulateAttentionPrecision(randomNormalMatrix(1, 2049, 1), randomNormalMatrix(1, 2048, 1), randomNormalMatrix(1, 2048, 1), { format: 'fp16' }), /at most 4194304/);
  });
});
