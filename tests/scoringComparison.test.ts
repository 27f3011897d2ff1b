import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  computeScoringComparison,
  meanRowEntropy,
  scoringParameters,
  SCORING_MAX_SCORE_CELLS,
  SCORING_METHODS,
  weightDifference,
  type ScoringMethod,
} from '../lib/calculators/scoringComparison';
import { fromRows, toRows, type Matrix } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { throwsInput } from './support/assertions';

function close(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}] = ${actual[i]}, expected ${expected[i]}`);
  }
}

const identity = (n: number): Matrix => {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
};

describe('computeScoringComparison', () => {
  // One query q = (2, 0), keys e₁, e₂, values e₁, e₂ (so output = weights).
  const q = fromRows([[2, 0]]);
  const k = fromRows([
    [1, 0],
    [0, 1],
  ]);
  const v = fromRows([
    [1, 0],
    [0, 1],
  ]);
  const swap = fromRows([
    [0, 1],
    [1, 0],
  ]);
  const r = computeScoringComparison({ q, k, v, seed: 7, overrides: { w: swap, w1: identity(2), w2: identity(2), va: [1, 1] } });
  const by = (m: ScoringMethod) => r.methods.find((x) => x.method === m)!;

  test('worked example, each method by hand', () => {
    assert.deepEqual(
      r.methods.map((m) => m.method),
      [...SCORING_METHODS],
    );
    // dot: scores (2, 0); weights (σ(2), σ(−2)) = (0.880797, 0.119203)
    close(by('dot').scores.data, [2, 0], 0, 'dot scores');
    close(by('dot').weights.data, [0.8807970779778823, 0.11920292202211769], 1e-15, 'dot weights');
    close(by('dot').output.data, [0.8807970779778823, 0.11920292202211769], 1e-15, 'dot output');
    // scaled: scores (2/√2, 0) = (1.41421, 0); weight σ(√2) = 0.804430
    close(by('scaledDot').scores.data, [Math.SQRT2, 0], 1e-15, 'scaled scores');
    close(by('scaledDot').weights.data, [0.8044296825069569, 1 - 0.8044296825069569], 1e-15, 'scaled weights');
    // general, W swaps the axes: q·W = (0, 2) → scores (0, 2)
    close(by('general').scores.data, [0, 2], 0, 'general scores');
    // additive, W1 = W2 = I, vₐ = (1, 1): score_j = Σ tanh(q + k_j)
    //   key 1: tanh(3) + tanh(0) = 0.995055; key 2: tanh(2) + tanh(1) = 0.964028 + 0.761594 = 1.725622
    //   weight 1 = σ(0.995055 − 1.725622) = 0.325070
    close(by('additive').scores.data, [0.9950547536867305, 1.7256217360315818], 1e-15, 'additive scores');
    close(by('additive').weights.data, [0.32507031937843184, 1 - 0.32507031937843184], 1e-15, 'additive weights');
  });

  test('differences and entropies by hand', () => {
    const dg = r.differences.find((x) => x.a === 'dot' && x.b === 'general')!;
    // (0.8808, 0.1192) vs (0.1192, 0.8808): |Δ| = 0.761594 = tanh(1) in both cells, TV = ½·2·0.761594
    close([dg.maxAbsWeightDiff, dg.meanTotalVariation], [Math.tanh(1), Math.tanh(1)], 1e-15, 'dot vs general');
    assert.equal(r.differences.length, 6);
    // H(p) = −p ln p − (1−p) ln(1−p): p = σ(2) → 0.365334; p = σ(√2) → 0.494200
    close([by('dot').meanEntropy, by('scaledDot').meanEntropy], [0.36533385508720784, 0.49419991697801746], 1e-14, 'entropy');
    assert.equal(by('dot').meanEntropy, by('general').meanEntropy, 'swapped weights, same entropy');
    assert.equal(r.maxEntropy, Math.log(2));
  });

  test('d = 1: dot and scaled dot give the same weights (1/√1 = 1)', () => {
    const q1 = randomNormalMatrix(1, 4, 1);
    const k1 = randomNormalMatrix(2, 5, 1);
    const v1 = randomNormalMatrix(3, 5, 2);
    const c = computeScoringComparison({ q: q1, k: k1, v: v1, seed: 1, causal: true });
    assert.deepEqual(Array.from(c.methods[0].weights.data), Array.from(c.methods[1].weights.data));
    const d = c.differences.find((x) => x.a === 'dot' && x.b === 'scaledDot')!;
    assert.equal(d.maxAbsWeightDiff, 0);
    assert.equal(d.meanTotalVariation, 0);
  });

  test('general with W = I is dot product exactly; for d > 1 scaled dot differs', () => {
    const q4 = randomNormalMatrix(11, 3, 4);
    const k4 = randomNormalMatrix(12, 6, 4);
    const v4 = randomNormalMatrix(13, 6, 3);
    const c = computeScoringComparison({ q: q4, k: k4, v: v4, seed: 5, overrides: { w: identity(4) } });
    assert.deepEqual(Array.from(c.methods[2].scores.data), Array.from(c.methods[0].scores.data));
    assert.deepEqual(Array.from(c.methods[2].weights.data), Array.from(c.methods[0].weights.data));
    const d = c.differences.find((x) => x.a === 'dot' && x.b === 'scaledDot')!;
    assert.ok(d.maxAbsWeightDiff > 1e-3, `dividing by √4 changes the weights (${d.maxAbsWeightDiff})`);
  });

  test('general and additive against an independent float64 reference', () => {
    const q3 = randomNormalMatrix(21, 3, 3);
    const k3 = randomNormalMatrix(22, 4, 3);
    const v3 = randomNormalMatrix(23, 4, 2);
    const c = computeScoringComparison({ q: q3, k: k3, v: v3, seed: 99, hidden: 5 });
    const { w, w1, w2, va } = c.parameters;
    const Q = toRows(q3);
    const K = toRows(k3);
    const W = toRows(w);
    const W1 = toRows(w1);
    const W2 = toRows(w2);
    // general: Σ_a Σ_b q_a W_ab k_b, summed in the other order from the module's (q·W)·k
    const general = Q.flatMap((qi) => K.map((kj) => kj.reduce((s, kb, b) => s + kb * qi.reduce((t, qa, a) => t + qa * W[a][b], 0), 0)));
    close(c.methods[2].scores.data, general, 1e-12, 'general scores');
    const additive = Q.flatMap((qi) =>
      K.map((kj) =>
        va.reduce((s, vt, t) => s + vt * Math.tanh(qi.reduce((x, qa, a) => x + qa * W1[a][t], 0) + kj.reduce((x, kb, b) => x + kb * W2[b][t], 0)), 0),
      ),
    );
    close(c.methods[3].scores.data, additive, 1e-12, 'additive scores');
  });

  test('properties: rows sum to 1, causal zeros, TV in [0,1] and ≥ max |Δ| for one query, entropy in [0, ln nk]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.boolean(),
        (nq, nk, d, seed, causal) => {
          const c = computeScoringComparison({
            q: randomNormalMatrix(seed ^ 1, nq, d),
            k: randomNormalMatrix(seed ^ 2, nk, d),
            v: randomNormalMatrix(seed ^ 3, nk, 2),
            seed,
            causal,
          });
          for (const m of c.methods) {
            for (let i = 0; i < nq; i++) {
              let sum = 0;
              for (let j = 0; j < nk; j++) {
                const x = m.weights.data[i * nk + j];
                if (causal && j > i) assert.equal(x, 0, `${m.method} causal ${i},${j}`);
                sum += x;
              }
              assert.ok(Math.abs(sum - 1) < 1e-12, `${m.method} row ${i} sums to ${sum}`);
            }
            assert.ok(m.meanEntropy >= 0 && m.meanEntropy <= Math.log(nk) + 1e-12, `${m.method} entropy ${m.meanEntropy}`);
          }
          for (const diff of c.differences) {
            assert.ok(diff.meanTotalVariation >= 0 && diff.meanTotalVariation <= 1 + 1e-12, `TV ${diff.meanTotalVariation}`);
            if (nq === 1) assert.ok(diff.maxAbsWeightDiff <= diff.meanTotalVariation + 1e-15, 'one row: max |Δ| ≤ TV');
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test('structured-cloneable', () => {
    assert.deepEqual(structuredClone(r), r);
  });

  test('refuses bad input', () => {
    throwsInput(() => computeScoringComparison({ q, k: fromRows([[1, 2, 3]]), v: fromRows([[1]]), seed: 1 }), /same width d/, 'K');
    throwsInput(() => computeScoringComparison({ q, k, v, seed: -1 }), /seed is -1/, 'seed');
    throwsInput(() => computeScoringComparison({ q, k, v, seed: 1, hidden: 0 }), /hidden size h is 0/);
    throwsInput(() => computeScoringComparison({ q, k, v, seed: 1, overrides: { w: identity(3) } }), /W is 3×3 but must be 2×2/, 'W');
    throwsInput(() => computeScoringComparison({ q, k, v, seed: 1, overrides: { va: [1] } }), /va must be 2/, 'va');
    const n = Math.sqrt(SCORING_MAX_SCORE_CELLS) + 1;
    const big = { rows: n, cols: 1, data: new Float64Array(n) };
    throwsInput(() => computeScoringComparison({ q: big, k: big, v: big, seed: 1 }), /fewer queries or keys/, 'size');
    const tall = { rows: 200, cols: 1, data: new Float64Array(200) };
    throwsInput(() => computeScoringComparison({ q: tall, k: tall, v: tall, seed: 1, hidden: 1000 }), /tanh evaluations/, 'hidden');
  });
});

describe('scoringParameters', () => {
  test('a seed reproduces them; std is 1/√d for W, W1, W2 and 1/√h for vₐ', () => {
    const a = scoringParameters(3, 64, 64);
    assert.deepEqual(scoringParameters(3, 64, 64), a);
    assert.notDeepEqual(scoringParameters(4, 64, 64).w, a.w);
    // 4096 draws: the sample std has relative SE ≈ 1/√(2·4096) = 1.1%; allow 5%
    for (const [name, m] of [['w', a.w], ['w1', a.w1], ['w2', a.w2]] as const) {
      const std = Math.sqrt(Array.from(m.data).reduce((s, x) => s + x * x, 0) / m.data.length);
      assert.ok(Math.abs(std - 1 / 8) < 0.05 / 8, `${name} std ${std}`);
    }
    assert.equal(a.va.length, 64);
  });
  test('an override leaves the other seeded parameters where they were', () => {
    const q = randomNormalMatrix(1, 2, 3);
    const base = computeScoringComparison({ q, k: q, v: q, seed: 8 });
    const over = computeScoringComparison({ q, k: q, v: q, seed: 8, overrides: { w: identity(3) } });
    assert.deepEqual(over.parameters.w1, base.parameters.w1);
    assert.deepEqual(over.parameters.va, base.parameters.va);
  });
});

describe('helpers', () => {
  test('weightDifference and meanRowEntropy by hand', () => {
    const a = fromRows([
      [0.5, 0.5],
      [1, 0],
    ]);
    const b = fromRows([
      [0.25, 0.75],
      [1, 0],
    ]);
    // row 1: |Δ| = 0.25, 0.25 → TV 0.25; row 2: TV 0 → mean 0.125
    assert.deepEqual(weightDifference(a, b), { maxAbsWeightDiff: 0.25, meanTotalVariation: 0.125 });
    // H(½,½) = ln 2, H(1,0) = 0 → mean ln2 / 2
    assert.equal(meanRowEntropy(a), Math.log(2) / 2);
    throwsInput(() => weightDifference(a, fromRows([[1, 0]])), /same shape/);
  });
});
