import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  additiveAttention,
  attentionRowBlock,
  multiHeadAttention,
  multiHeadAttentionHeads,
  scaledDotProductAttention,
  type Matrix,
} from '../lib/attention';
import { AttentionInputError } from '../lib/errors';
import { setKernelPreference, setKernelPreference as setPreference, type KernelPreference } from '../lib/kernels/activeKernels';
import { setWasmKernelBuild } from '../lib/kernels/wasmSimdKernel';
import { MAX_SCORE_CELLS } from '../lib/limits';
import { fromRows, toRows } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { maxAbsDiff, referenceAttention, referenceMultiHead, type Rows } from './support/reference';
import './support/wasmBuilds';

after(() => setKernelPreference('auto'));

const f32 = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) });
const near = (a: Rows, b: Rows, tol: number, what = '') => {
  const diff = maxAbsDiff(a, b);
  assert.ok(diff <= tol, `${what} differs by ${diff} (tolerance ${tol})`);
};
const throwsInput = (fn: () => unknown, pattern: RegExp, where?: object) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AttentionInputError, `expected AttentionInputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    if (where) assert.deepEqual(e.where, where);
    return true;
  });

describe('scaledDotProductAttention: worked by hand', () => {
  // Q = [[1,0],[0,1]], K = [[1,0],[0,1],[1,1]], V = [[1,2],[3,4],[5,6]], d = 2, scale = 1/√2 = 0.70711.
  // Row 1: q·k = [1, 0, 1] → scores [0.70711, 0, 0.70711]; e^0.70711 = 2.02811, sum = 2·2.02811 + 1 = 5.05622
  //        → weights [0.40111, 0.19778, 0.40111] → output = 0.40111·(1,2) + 0.19778·(3,4) + 0.40111·(5,6) = (3, 4).
  // Row 2: q·k = [0, 1, 1] → weights [0.19778, 0.40111, 0.40111]
  //        → output = (0.19778 + 1.20333 + 2.00556, 0.39555 + 1.60444 + 2.40667) = (3.40667, 4.40667).
  // Without the 1/√2 scale row 1 would be softmax([1,0,1]) = [0.42232, 0.15536, 0.42232], so this checks the scale.
  const q = fromRows([[1, 0], [0, 1]]);
  const k = fromRows([[1, 0], [0, 1], [1, 1]]);
  const v = fromRows([[1, 2], [3, 4], [5, 6]]);
  for (const pref of ['auto', 'typescript'] as KernelPreference[]) {
    for (const precision of ['float64', 'float32'] as const) {
      test(`${precision}, ${pref} kernel`, () => {
        setKernelPreference(pref);
        const conv = precision === 'float32' ? f32 : (m: Matrix) => m;
        const r = scaledDotProductAttention(conv(q), conv(k), conv(v));
        const tol = precision === 'float32' ? 2e-6 : 1e-12;
        near(toRows(r.scores), [[Math.SQRT1_2, 0, Math.SQRT1_2], [0, Math.SQRT1_2, Math.SQRT1_2]], tol, 'scores');
        near(toRows(r.weights), [[0.4011120926797859, 0.1977758146404282, 0.4011120926797859], [0.1977758146404282, 0.4011120926797859, 0.4011120926797859]], tol, 'weights');
        near(toRows(r.output), [[3, 4], [3.4066725560787154, 4.406672556078716]], tol * 4, 'output');
        assert.ok(r.weights.data instanceof (precision === 'float32' ? Float32Array : Float64Array));
      });
    }
  }

  test('causal: query i sees keys j ≤ i', () => {
    // Q = K = [[1],[2],[3]], V = [[10],[20],[30]], scale 1.
    // Row 1 sees only key 1: weight 1, output 10.
    // Row 2: scores [2, 4] → weights [1/(1+e²), e²/(1+e²)] = [0.1192029, 0.8807971] → output 18.807971.
    const x = fromRows([[1], [2], [3]]);
    const r = scaledDotProductAttention(x, x, fromRows([[10], [20], [30]]), { causal: true, scale: 1 });
    const s = toRows(r.scores);
    assert.deepEqual(s[0], [1, -Infinity, -Infinity]);
    assert.deepEqual(s[1], [2, 4, -Infinity]);
    near(toRows(r.weights).slice(0, 2), [[1, 0, 0], [0.11920292202211755, 0.8807970779778823, 0]], 1e-12);
    near(toRows(r.output).slice(0, 2), [[10], [18.807970779778824]], 1e-12);
  });

  test('a fully masked row gives zero weights and zero output, scores of -Infinity', () => {
    const q = fromRows([[1, 2], [3, 4]]);
    const mask = fromRows([[1, 1, 0], [0, 0, 0]]);
    for (const pref of ['auto', 'typescript'] as KernelPreference[]) {
      setKernelPreference(pref);
      const r = scaledDotProductAttention(f32(q), f32(randomNormalMatrix(1, 3, 2)), f32(randomNormalMatrix(2, 3, 5)), { mask: f32(mask) });
      assert.deepEqual(toRows(r.scores)[1], [-Infinity, -Infinity, -Infinity]);
      assert.deepEqual(toRows(r.weights)[1], [0, 0, 0]);
      assert.deepEqual(toRows(r.output)[1], [0, 0, 0, 0, 0]);
      assert.equal(toRows(r.weights)[0][2], 0);
    }
  });

  test('non-square causal (nq < nk) is top-left aligned like PyTorch is_causal', () => {
    // torch.ones(L, S).tril(): row i allows columns 0..i even when S > L.
    const r = scaledDotProductAttention(randomNormalMatrix(3, 2, 4), randomNormalMatrix(4, 5, 4), randomNormalMatrix(5, 5, 3), { causal: true });
    const w = toRows(r.weights);
    assert.deepEqual(w[0].map((x) => x > 0), [true, false, false, false, false]);
    assert.deepEqual(w[1].map((x) => x > 0), [true, true, false, false, false]);
  });
});

// Random problems: shapes from 1 up, d not divisible by 4, masks with fully blocked rows.
const problem = fc
  .record({
    nq: fc.integer({ min: 1, max: 9 }),
    nk: fc.integer({ min: 1, max: 9 }),
    d: fc.integer({ min: 1, max: 11 }),
    dv: fc.integer({ min: 1, max: 7 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    causal: fc.boolean(),
    masked: fc.boolean(),
  })
  .map(({ nq, nk, d, dv, seed, causal, masked }) => {
    const q = randomNormalMatrix(seed, nq, d);
    const k = randomNormalMatrix(seed + 1, nk, d);
    const v = randomNormalMatrix(seed + 2, nk, dv);
    const m = randomNormalMatrix(seed + 3, nq, nk);
    const mask = masked ? { rows: nq, cols: nk, data: m.data.map((x) => (x > -0.3 ? 1 : 0)) } : undefined;
    return { q, k, v, mask, causal };
  });

describe('scaledDotProductAttention: properties', () => {
  for (const pref of ['auto', 'typescript'] as KernelPreference[]) {
    for (const precision of ['float64', 'float32'] as const) {
      test(`matches the float64 reference (${precision}, ${pref} kernel)`, () => {
        setKernelPreference(pref);
        const conv = precision === 'float32' ? f32 : (m: Matrix) => m;
        const tol = precision === 'float32' ? 2e-5 : 1e-12;
        fc.assert(
          fc.property(problem, ({ q, k, v, mask, causal }) => {
            const got = scaledDotProductAttention(conv(q), conv(k), conv(v), { mask: mask && conv(mask), causal });
            const ref = referenceAttention(toRows(q), toRows(k), toRows(v), { mask: mask && toRows(mask), causal });
            near(toRows(got.scores), ref.scores, tol, 'scores');
            near(toRows(got.weights), ref.weights, tol, 'weights');
            near(toRows(got.output), ref.output, tol * 10, 'output');
          }),
          { numRuns: 150 },
        );
      });
    }
  }

  test('rows of weights sum to 1 (or 0 when fully blocked) and blocked weights are exactly 0', () => {
    fc.assert(
      fc.property(problem, ({ q, k, v, mask, causal }) => {
        const r = scaledDotProductAttention(q, k, v, { mask, causal });
        toRows(r.weights).forEach((row, i) => {
          const allowed = row.map((_, j) => (!mask || mask.data[i * k.rows + j] !== 0) && (!causal || j <= i));
          row.forEach((w, j) => {
            if (!allowed[j]) assert.equal(w, 0);
            else assert.ok(w > 0);
          });
          const sum = row.reduce((s, w) => s + w, 0);
          assert.ok(Math.abs(sum - (allowed.some(Boolean) ? 1 : 0)) < 1e-12);
        });
      }),
    );
  });

  test('permuting queries permutes the output rows; permuting keys with their values changes nothing', () => {
    fc.assert(
      fc.property(problem, fc.integer({ min: 0, max: 1e6 }), ({ q, k, v }, seed) => {
        const permutation = (n: number) => {
          const p = [...Array(n).keys()];
          let s = seed;
          for (let i = n - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [p[i], p[j]] = [p[j], p[i]];
          }
          return p;
        };
        const base = scaledDotProductAttention(q, k, v);
        const pq = permutation(q.rows);
        const pk = permutation(k.rows);
        const qRows = toRows(q);
        const kRows = toRows(k);
        const vRows = toRows(v);
        const permuted = scaledDotProductAttention(
          fromRows(pq.map((i) => qRows[i])),
          fromRows(pk.map((j) => kRows[j])),
          fromRows(pk.map((j) => vRows[j])),
        );
        const out = toRows(base.output);
        near(toRows(permuted.output), pq.map((i) => out[i]), 1e-12, 'output');
        const w = toRows(base.weights);
        near(toRows(permuted.weights), pq.map((i) => pk.map((j) => w[i][j])), 1e-12, 'weights');
      }),
    );
  });

  test('row blocks computed apart concatenate to the full result (what the worker pool relies on)', () => {
    fc.assert(
      fc.property(problem, fc.integer({ min: 1, max: 8 }), ({ q, k, v, mask, causal }, cut) => {
        fc.pre(q.rows > 1);
        const at = Math.min(cut, q.rows - 1);
        const full = scaledDotProductAttention(q, k, v, { mask, causal });
        const slice = (m: Matrix, from: number, to: number): Matrix => ({
          rows: to - from,
          cols: m.cols,
          data: m.data.slice(from * m.cols, to * m.cols),
        });
        const top = attentionRowBlock(slice(q, 0, at), k, v, { mask: mask && slice(mask, 0, at), causal, rowOffset: 0 });
        const bottom = attentionRowBlock(slice(q, at, q.rows), k, v, {
          mask: mask && slice(mask, at, q.rows),
          causal,
          rowOffset: at,
        });
        assert.deepEqual([...top.weights.data, ...bottom.weights.data], [...full.weights.data]);
        assert.deepEqual([...top.output.data, ...bottom.output.data], [...full.output.data]);
      }),
    );
  });

  test('logits of ±1e4 stay finite and normalised', () => {
    // q·k = ±1e4 with scale 1: the largest score dominates but nothing overflows to Infinity/NaN.
    const q = fromRows([[100], [-100]]);
    const k = fromRows([[100], [-100], [99.99]]);
    for (const pref of ['auto', 'typescript'] as KernelPreference[]) {
      setKernelPreference(pref);
      for (const conv of [(m: Matrix) => m, f32]) {
        const r = scaledDotProductAttention(conv(q), conv(k), conv(fromRows([[1], [2], [3]])), { scale: 1 });
        // Row 1: scores [1e4, -1e4, 9999] → weights [1/(1+e⁻¹), 0, e⁻¹/(1+e⁻¹)] = [0.731059, 0, 0.268941].
        const w = toRows(r.weights);
        assert.ok(Math.abs(w[0][0] - 0.7310585786300049) < 1e-3 && w[0][1] === 0);
        for (const row of w) assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-6);
        for (const x of r.output.data) assert.ok(Number.isFinite(x));
      }
    }
  });
});

describe('scaledDotProductAttention: refuses bad input with a message a learner can act on', () => {
  const q = fromRows([[1, 2, 3], [4, 5, 6]]);
  const k4 = fromRows([[1, 2, 3, 4]]);
  test('shapes', () => {
    throwsInput(() => scaledDotProductAttention(q, k4, fromRows([[1]])), /^K has 4 columns but Q has 3: Q and K must have the same width d/, { input: 'K' });
    throwsInput(() => scaledDotProductAttention(q, q, fromRows([[1]])), /V has 1 rows but K has 2: V needs exactly one row per key/, { input: 'V' });
    throwsInput(() => scaledDotProductAttention(q, q, q, { mask: fromRows([[1, 1, 1]]) }), /mask is 1×3 but the scores are 2×2/);
  });
  test('non-finite cells are located', () => {
    const bad = fromRows([[1, 2, 3], [4, NaN, 6]]);
    throwsInput(() => scaledDotProductAttention(q, bad, q), /K row 2, column 2 is NaN/, { input: 'K', row: 1, col: 1 });
    throwsInput(() => scaledDotProductAttention(q, q, q, { scale: NaN }), /scale is NaN/);
    throwsInput(() => scaledDotProductAttention(q, q, q, { mask: fromRows([[1, Infinity], [1, 1]]) }), /mask row 1, column 2 is Infinity/);
  });
  test('malformed matrices', () => {
    throwsInput(() => scaledDotProductAttention({ rows: 2, cols: 3, data: new Float64Array(5) }, q, q), /Q says it is 2×3 \(6 numbers\) but holds 5/);
    throwsInput(() => fromRows([[1, 2], [3]], 'Q'), /Q row 2 has 1 numbers but row 1 has 2/, { input: 'Q', row: 1 });
    throwsInput(() => scaledDotProductAttention(undefined as unknown as Matrix, q, q), /Q is missing/);
  });
  test('sizes beyond the supported maximum are refused before any allocation', () => {
    const tall = { rows: 8192, cols: 1, data: new Float32Array(8192) };
    throwsInput(() => scaledDotProductAttention(tall, tall, tall), new RegExp(`most supported here is ${MAX_SCORE_CELLS.toLocaleString('en')}`));
    const huge = { rows: 9000, cols: 1, data: new Float32Array(9000) };
    throwsInput(() => scaledDotProductAttention(huge, huge, huge), /Q has 9000 rows; the most supported here is 8192/);
  });
});

describe('multiHeadAttention', () => {
  test('worked by hand: d_model = 2, 2 heads, identity projections', () => {
    // X = [[1, 2], [3, -1]], self-attention. Head 1 sees column 1 ([1], [3]), head 2 column 2 ([2], [-1]); dₕ = 1, scale 1.
    // Head 1, row 1: scores [1, 3] → w [0.1192029, 0.8807971] → 0.1192029·1 + 0.8807971·3 = 2.7615942
    //         row 2: scores [3, 9] → w [0.0024726, 0.9975274] → 2.9950548
    // Head 2, row 1: scores [4, -2] → w [0.9975274, 0.0024726] → 2·0.9975274 − 0.0024726 = 1.9925822
    //         row 2: scores [-2, 1] → w [0.0474259, 0.9525741] → 2·0.0474259 − 0.9525741 = −0.8577224
    const x = fromRows([[1, 2], [3, -1]]);
    const id = fromRows([[1, 0], [0, 1]]);
    const r = multiHeadAttention(x, x, { wq: id, wk: id, wv: id, wo: id }, 2);
    near(toRows(r.output), [[2.7615941559557644, 1.992582130530096], [2.995054753686731, -0.8577223804672998]], 1e-12);
    near(toRows(r.heads[0].weights), [[0.11920292202211755, 0.8807970779778823], [0.0024726231566347743, 0.9975273768433653]], 1e-12);
    // A non-identity wo mixes the concatenated heads: output = concat · wo.
    const swap = multiHeadAttention(x, x, { wq: id, wk: id, wv: id, wo: fromRows([[0, 1], [1, 0]]) }, 2);
    near(toRows(swap.output), [[1.992582130530096, 2.7615941559557644], [-0.8577223804672998, 2.995054753686731]], 1e-12);
  });

  const mhaProblem = fc
    .record({
      nq: fc.integer({ min: 1, max: 6 }),
      nk: fc.integer({ min: 1, max: 6 }),
      heads: fc.integer({ min: 1, max: 4 }),
      dh: fc.integer({ min: 1, max: 5 }),
      seed: fc.integer({ min: 0, max: 1e6 }),
      causal: fc.boolean(),
    })
    .map(({ nq, nk, heads, dh, seed, causal }) => {
      const dm = heads * dh;
      const w = (s: number) => randomNormalMatrix(s, dm, dm, { std: 1 / Math.sqrt(dm) });
      return {
        xq: randomNormalMatrix(seed, nq, dm),
        xkv: randomNormalMatrix(seed + 1, nk, dm),
        weights: { wq: w(seed + 2), wk: w(seed + 3), wv: w(seed + 4), wo: w(seed + 5) },
        heads,
        causal,
      };
    });

  for (const pref of ['auto', 'typescript'] as KernelPreference[]) {
    test(`matches a reference that projects first and slices heads after (${pref} kernel, float32 and float64)`, () => {
      setKernelPreference(pref);
      fc.assert(
        fc.property(mhaProblem, fc.boolean(), ({ xq, xkv, weights, heads, causal }, single) => {
          const conv = single ? f32 : (m: Matrix) => m;
          const got = multiHeadAttention(conv(xq), conv(xkv), {
            wq: conv(weights.wq),
            wk: conv(weights.wk),
            wv: conv(weights.wv),
            wo: conv(weights.wo),
          }, heads, { causal });
          const rows = (m: Matrix) => toRows(m);
          const ref = referenceMultiHead(rows(xq), rows(xkv), {
            wq: rows(weights.wq),
            wk: rows(weights.wk),
            wv: rows(weights.wv),
            wo: rows(weights.wo),
          }, heads, { causal });
          const tol = single ? 5e-5 : 1e-12;
          near(toRows(got.output), ref.output, tol, 'output');
          got.heads.forEach((h, i) => near(toRows(h.weights), ref.headWeights[i], tol, `head ${i} weights`));
        }),
        { numRuns: 120 },
      );
    });
  }

  test('disjoint head ranges add up to the full output (what the pool relies on)', () => {
    fc.assert(
      fc.property(mhaProblem, ({ xq, xkv, weights, heads, causal }) => {
        fc.pre(heads > 1);
        const full = multiHeadAttention(xq, xkv, weights, heads, { causal });
        const a = multiHeadAttentionHeads(xq, xkv, weights, heads, { causal, headStart: 0, headEnd: 1 });
        const b = multiHeadAttentionHeads(xq, xkv, weights, heads, { causal, headStart: 1, headEnd: heads });
        const sum = a.partialOutput.data.map((x, i) => x + b.partialOutput.data[i]);
        near([Array.from(sum)], [Array.from(full.output.data)], 1e-12);
        assert.equal(a.heads.length + b.heads.length, heads);
      }),
    );
  });

  test('refuses heads that do not divide d_model, and wrong projection shapes', () => {
    const x = randomNormalMatrix(1, 3, 6);
    const w = randomNormalMatrix(2, 6, 6);
    const ws = { wq: w, wk: w, wv: w, wo: w };
    throwsInput(() => multiHeadAttention(x, x, ws, 4), /d_model = 6 cannot be split into 4 heads.*for example 1, 2, 3, 6/, { input: 'heads' });
    throwsInput(() => multiHeadAttention(x, x, ws, 0), /number of heads is 0/);
    throwsInput(() => multiHeadAttention(x, x, { ...ws, wo: randomNormalMatrix(3, 6, 5) }, 2), /wo is 6×5 but must be d_model×d_model = 6×6/);
    throwsInput(() => multiHeadAttention(x, randomNormalMatrix(4, 3, 5), ws, 2), /key\/value input has 5 columns but the query input has 6/);
  });
});

describe('additiveAttention', () => {
  test('worked by hand', () => {
    // q = [1], k = [[1], [-1]], W1 = W2 = [[1]], va = [1]:
    // score(1,1) = tanh(1 + 1) = 0.9640276, score(1,2) = tanh(1 − 1) = 0
    // weights = [e^0.9640276, 1] / (e^0.9640276 + 1) = [0.7239275, 0.2760725]; V = [[2], [4]] → 2.5521451
    const r = additiveAttention(fromRows([[1]]), fromRows([[1], [-1]]), fromRows([[2], [4]]), {
      w1: fromRows([[1]]),
      w2: fromRows([[1]]),
      va: [1],
    });
    near(toRows(r.scores), [[Math.tanh(2), 0]], 1e-15);
    near(toRows(r.weights), [[0.7239274686640463, 0.27607253133595366]], 1e-12);
    near(toRows(r.output), [[2.552145062671907]], 1e-12);
  });

  test('matches a direct evaluation of va·tanh(q·W1 + k·W2) on random inputs, with masks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (seed, h, n) => {
        const q = toRows(randomNormalMatrix(seed, n, 3));
        const k = toRows(randomNormalMatrix(seed + 1, n + 1, 2));
        const v = toRows(randomNormalMatrix(seed + 2, n + 1, 2));
        const w1 = toRows(randomNormalMatrix(seed + 3, 3, h));
        const w2 = toRows(randomNormalMatrix(seed + 4, 2, h));
        const va = toRows(randomNormalMatrix(seed + 5, 1, h))[0];
        const r = additiveAttention(fromRows(q), fromRows(k), fromRows(v), { w1: fromRows(w1), w2: fromRows(w2), va }, { causal: true });
        const score = (i: number, j: number) =>
          va.reduce((s, a, t) => s + a * Math.tanh(q[i].reduce((x, qi, p) => x + qi * w1[p][t], 0) + k[j].reduce((x, kj, p) => x + kj * w2[p][t], 0)), 0);
        const expected = q.map((_, i) => k.map((_, j) => (j <= i ? score(i, j) : -Infinity)));
        near(toRows(r.scores), expected, 1e-12);
      }),
    );
  });

  test('refuses mismatched hidden sizes', () => {
    const one = fromRows([[1]]);
    throwsInput(() => additiveAttention(one, one, one, { w1: fromRows([[1, 2]]), w2: one, va: [1, 1] }), /W2 has 1 columns but W1 has 2/);
    throwsInput(() => additiveAttention(one, one, one, { w1: one, w2: one, va: [1, 2] }), /va has 2 entries but the hidden size h is 1/);
    throwsInput(() => additiveAttention(one, one, one, { w1: one, w2: one, va: [NaN] }), /va entry 1 is NaN/);
  });
});

describe('finite input gives finite weights or an AttentionInputError, never NaN', () => {
  // 'auto' runs the relaxed SIMD build here (tests/support/wasmBuilds turns it on); 'auto, plain
  // build' the plain one: both must hand overflow to the float64 kernel alike.
  const kernels = ['auto', 'auto, plain build', 'typescript'] as const;
  const setKernelPreference = (pref: (typeof kernels)[number]): void => {
    setWasmKernelBuild(pref === 'auto, plain build' ? 'plain' : 'auto');
    setPreference(pref === 'typescript' ? 'typescript' : 'auto');
  };
  after(() => setWasmKernelBuild('auto'));
  const overflow = (row: number, col: number, size: RegExp) => (e: unknown) => {
    assert.ok(e instanceof AttentionInputError, `expected AttentionInputError, got ${String(e)}`);
    assert.match(e.message, /^Scores overflow: scale · Q·Kᵀ reaches about /);
    assert.match(e.message, size);
    assert.match(e.message, /Scale Q or K down/);
    assert.deepEqual(e.where, { input: 'scores', row, col });
    return true;
  };

  for (const pref of kernels) {
    test(`float32 q = [1e20], k = [1e20, 1]: q·k = 1e40 > 3.4e38 is refused (${pref} kernel)`, () => {
      setKernelPreference(pref);
      const q = f32(fromRows([[1e20]]));
      const k = f32(fromRows([[1e20], [1]]));
      assert.throws(() => scaledDotProductAttention(q, k, k, { scale: 1 }), overflow(0, 0, /about 1e40 in row 1, column 1 .*float32 number \(3\.4e38\)/));
    });

    test(`scores that all overflow to −Infinity are refused, not taken for a blocked row (${pref} kernel)`, () => {
      setKernelPreference(pref);
      // Row 2: q·k = −1e200 · 1e200 = −1e400 for both keys; float32: −1e20 · 1e20 = −1e40.
      const q = fromRows([[1], [-1e200]]);
      const k = fromRows([[1e200], [1e200]]);
      assert.throws(() => scaledDotProductAttention(q, k, k, { scale: 1 }), overflow(1, 0, /about −1e400 .*float64/));
      const q32 = f32(fromRows([[1], [-1e20]]));
      const k32 = f32(fromRows([[1e20], [1e20]]));
      assert.throws(() => scaledDotProductAttention(q32, k32, k32, { scale: 1 }), overflow(1, 0, /about −1e40 .*float32/));
    });

    test(`an overflow at a position the mask blocks is no error: blocked stays blocked (${pref} kernel)`, () => {
      setKernelPreference(pref);
      for (const [big, conv] of [[1e200, (m: Matrix) => m], [1e20, f32]] as const) {
        const q = conv(fromRows([[big], [1]]));
        const k = conv(fromRows([[big], [big], [1]]));
        const v = conv(fromRows([[1], [2], [3]]));
        // Row 1's scores with keys 1–2 overflow (big²) but the mask blocks them: it attends key 3
        // alone. Row 2 may attend keys 1–2, with equal scores (big).
        const mask = fromRows([[0, 0, 1], [1, 1, 0]]);
        const r = scaledDotProductAttention(q, k, v, { scale: 1, mask });
        assert.deepEqual(toRows(r.weights), [[0, 0, 1], [0.5, 0.5, 0]]);
        assert.deepEqual(toRows(r.scores)[0].slice(0, 2), [-Infinity, -Infinity]);
      }
    });
  }

  test('float64 with scale 1e300: scores beyond 1.8e308 are refused with their size', () => {
    const q = fromRows([[1e10, 0]]);
    const k = fromRows([[1e10, 0], [1, 1]]);
    // scale · q·k = 1e300 · 1e20 = 1e320 for key 1; key 2 gives 1e300 · 1e10 = 1e310: both overflow.
    assert.throws(() => scaledDotProductAttention(q, k, k, { scale: 1e300 }), overflow(0, 0, /about 1e320 .*float64 number \(1\.8e308\)/));
  });

  test('a score whose products overflow but whose value fits is computed, not refused', () => {
    for (const pref of kernels) {
      setKernelPreference(pref);
      // float64: 1e200·1e200 overflows, yet scale 1e-300 brings q·k = 1e400 down to 1e100; and
      // 1e200·1e200 − 1e200·1e200 is exactly 0. Scores [1e100, 0] → weights [1, 0].
      const q = fromRows([[1e200, 1e200]]);
      const k = fromRows([[1e200, 0], [1e200, -1e200]]);
      const r = scaledDotProductAttention(q, k, k, { scale: 1e-300 });
      near(toRows(r.scores), [[1e100, 0]], 1e86, 'scores');
      assert.deepEqual(toRows(r.weights), [[1, 0]]);
      // Cancellation alone, scale 1: q·k1 = q·k2 = 0 exactly, so the weights are even.
      const r2 = scaledDotProductAttention(fromRows([[1e200, 1e200]]), fromRows([[1e200, -1e200], [-1e200, 1e200]]), fromRows([[2], [4]]), { scale: 1 });
      assert.deepEqual(toRows(r2.weights), [[0.5, 0.5]]);
      assert.deepEqual(toRows(r2.output), [[3]]);
      // float32 (the SIMD kernel under 'auto'): 1e20·1e20 overflows float32 on the way, but the terms
      // cancel: q·k1 = 0 and q·k2 = 2 (scale 1), so weights = softmax([0, 2]) = [0.1192029, 0.8807971].
      const r3 = scaledDotProductAttention(f32(fromRows([[1e20, 1e20]])), f32(fromRows([[1e20, -1e20], [1e-20, 1e-20]])), f32(fromRows([[1], [2]])), { scale: 1 });
      near(toRows(r3.weights), [[0.11920292202211755, 0.8807970779778823]], 1e-6, 'float32 weights');
    }
  });

  test('the SIMD kernel hands an overflowing row block to the float64 kernel and keeps the rows before it', () => {
    // 150 query rows (three 64-row sub-blocks); row 131 needs the slow path and the result must
    // equal the TypeScript kernel's, rows before and after included.
    const n = 150;
    const q = randomNormalMatrix(7, n, 4, { float32: true });
    const k = randomNormalMatrix(8, 20, 4, { float32: true });
    const v = randomNormalMatrix(9, 20, 3, { float32: true });
    q.data.set([1e20, 1e20, 0, 0], 131 * 4);
    k.data.set([1e20, -1e20, 0, 0], 5 * 4);
    setKernelPreference('typescript');
    const slow = scaledDotProductAttention(q, k, v, { causal: true });
    for (const build of ['auto', 'auto, plain build'] as const) {
      setKernelPreference(build);
      const fast = scaledDotProductAttention(q, k, v, { causal: true });
      for (const name of ['weights', 'output'] as const) {
        const rows = [toRows(fast[name]), toRows(slow[name])];
        near(rows[0], rows[1], 1e-5, `${build}: ${name}`);
        assert.ok(fast[name].data.every(Number.isFinite), `${build}: ${name} finite`);
      }
    }
  });

  test('multi-head: an overflowing projection is refused, naming it', () => {
    const x = fromRows([[1e200, 1], [1, 1]]);
    const w = fromRows([[1e200, 0], [0, 1]]);
    const id = fromRows([[1, 0], [0, 1]]);
    throwsInput(() => multiHeadAttention(x, x, { wq: w, wk: id, wv: id, wo: id }, 2), /^The projected queries Xq·Wq overflows in row 1, column 1: .*Scale Xq or wq down/, {
      input: 'wq',
      row: 0,
      col: 0,
    });
  });

  test('additive: an overflowing score va·tanh(…) is refused, or recomputed when it fits', () => {
    const one = fromRows([[1]]);
    const w = { w1: fromRows([[1, 1]]), w2: fromRows([[1, 1]]) };
    // tanh(2) = 0.9640276 on both hidden units; va = [1e308, 1e308] → 1.93e308 > 1.8e308.
    throwsInput(() => additiveAttention(one, one, one, { ...w, va: [1e308, 1e308] }), /^Scores overflow: va · tanh\(q·W1 \+ k·W2\) reaches about 1\.9e308 in row 1, column 1.*Scale va down/, {
      input: 'scores',
      row: 0,
      col: 0,
    });
    // va = [1e308, −1e308]: the sum passes 1.8e308 halfway but the score is exactly 0.
    const r = additiveAttention(one, fromRows([[1], [1]]), fromRows([[1], [2]]), { w1: fromRows([[1, 1]]), w2: fromRows([[1, 1]]), va: [1e308, -1e308] });
    assert.deepEqual(toRows(r.weights), [[0.5, 0.5]]);
    throwsInput(() => additiveAttention(fromRows([[1e200]]), one, one, { w1: fromRows([[1e200]]), w2: one, va: [1] }), /^Q·W1 overflows in row 1, column 1/, {
      input: 'W1',
      row: 0,
      col: 0,
    });
  });

  // Magnitudes spread over the whole float64 range, so products and sums overflow often.
  const wide = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, 1, -1, 1e20, -1e20, 1e160, -1e160, 1e300, -1e300),
  );
  const matrixOf = (rows: number, cols: number) => fc.array(fc.array(wide, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
  const job = fc
    .record({ nq: fc.integer({ min: 1, max: 5 }), nk: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 4 }) })
    .chain(({ nq, nk, d }) =>
      fc.record({
        q: matrixOf(nq, d),
        k: matrixOf(nk, d),
        v: matrixOf(nk, 2).map((rows) => rows.map((row) => row.map((x) => Math.max(-1e30, Math.min(1e30, x))))),
        mask: fc.option(fc.array(fc.array(fc.constantFrom(0, 1), { minLength: nk, maxLength: nk }), { minLength: nq, maxLength: nq }), { nil: undefined }),
        causal: fc.boolean(),
        scale: fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1, 1e-300, 1e300)), { nil: undefined }),
        float32: fc.boolean(),
      }),
    );

  for (const pref of kernels) {
    test(`property: weights are finite, rows sum to 1 unless fully blocked, or an overflow is reported at an allowed position (${pref} kernel)`, () => {
      setKernelPreference(pref);
      fc.assert(
        fc.property(job, ({ q, k, v, mask, causal, scale, float32 }) => {
          // float32 inputs must be finite float32 numbers to begin with.
          const conv = (rows: Rows): Matrix => {
            const m = fromRows(float32 ? rows.map((row) => row.map((x) => Math.max(-3e38, Math.min(3e38, x)))) : rows);
            return float32 ? f32(m) : m;
          };
          const opts = { causal, ...(mask ? { mask: fromRows(mask) } : {}), ...(scale !== undefined ? { scale } : {}) };
          const allowed = (i: number, j: number) => !(causal && j > i) && !(mask && mask[i][j] === 0);
          let r;
          try {
            r = scaledDotProductAttention(conv(q), conv(k), conv(v), opts);
          } catch (e) {
            assert.ok(e instanceof AttentionInputError, String(e));
            assert.equal(e.where?.input, 'scores', e.message);
            assert.ok(allowed(e.where.row!, e.where.col!), 'reported at an allowed position');
            return;
          }
          const w = toRows(r.weights);
          const s = toRows(r.scores);
          w.forEach((row, i) => {
            const any = row.some((_, j) => allowed(i, j));
            row.forEach((x, j) => {
              assert.ok(Number.isFinite(x) && x >= 0 && x <= 1, `weight ${x}`);
              if (allowed(i, j)) assert.ok(Number.isFinite(s[i][j]), `allowed score ${s[i][j]}`);
              else assert.ok(x === 0 && s[i][j] === -Infinity);
            });
            const sum = row.reduce((a, b) => a + b, 0);
            assert.ok(any ? Math.abs(sum - 1) < 1e-5 : sum === 0, `row ${i} sums to ${sum}`);
          });
          assert.ok(r.output.data.every(Number.isFinite));
        }),
        { numRuns: 400 },
      );
    });
  }

  test('property: the SIMD and TypeScript kernels refuse the same float32 inputs', () => {
    // Entries are powers of 1e10, so exact scores are far from float32's edge (3.4e38) and rounding
    // cannot tip one kernel over it and not the other.
    const entry = fc.constantFrom(0, 1, -1, 1e10, -1e10, 1e20, -1e20, 1e30, -1e30);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 1e-10, 1e10), fc.boolean(), fc.infiniteStream(entry), (n, d, scale, causal, stream) => {
        const take = (rows: number, cols: number) => f32(fromRows(Array.from({ length: rows }, () => Array.from({ length: cols }, () => stream.next().value))));
        const q = take(n, d);
        const k = take(n + 1, d);
        const v = take(n + 1, 1);
        const outcome = (pref: KernelPreference) => {
          setKernelPreference(pref);
          try {
            const r = scaledDotProductAttention(q, k, v, { scale, causal });
            assert.ok(r.weights.data.every(Number.isFinite));
            return 'ok';
          } catch (e) {
            assert.ok(e instanceof AttentionInputError, String(e));
            return JSON.stringify(e.where);
          }
        };
        assert.equal(outcome('auto'), outcome('typescript'));
      }),
      { numRuns: 300 },
    );
  });
});
