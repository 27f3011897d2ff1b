import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bin } from 'd3-array';
import {
  computeSqrtDExperiment,
  computeSqrtDSweep,
  histogramCounts,
  isSaturated,
  rowEntropy,
  symmetricEdges,
  DEFAULT_SWEEP_DS,
  SQRT_D_MAX_WORK,
} from '../lib/calculators/sqrtDExperiment';
import { mulberry32, normalSampler } from '../lib/random';
import { throwsInput } from './support/assertions';

describe('helpers, worked by hand', () => {
  test('rowEntropy', () => {
    // (½, ¼, ¼): ½·ln 2 + 2·¼·ln 4 = ½ ln 2 + ln 2 = 1.5 ln 2
    assert.ok(Math.abs(rowEntropy([0.5, 0.25, 0.25]) - 1.5 * Math.log(2)) < 1e-15, 'H(½,¼,¼) = 1.5 ln 2');
    // uniform over 4: ln 4; one-hot: 0 (0·ln 0 = 0, not NaN)
    assert.ok(Math.abs(rowEntropy([0.25, 0.25, 0.25, 0.25]) - Math.log(4)) < 1e-15, 'uniform');
    assert.equal(rowEntropy([0, 1, 0]), 0);
    throwsInput(() => rowEntropy([0.5, -0.5]), /finite and ≥ 0/);
  });

  test('isSaturated: strictly above 0.99', () => {
    assert.equal(isSaturated([0.995, 0.003, 0.002]), true);
    assert.equal(isSaturated([0.99, 0.01]), false, 'exactly 0.99 is not above it');
    assert.equal(isSaturated([0.5, 0.5]), false);
    // logits (ln 999, 0): weights (999/1000, 1/1000), saturated
    const e = [999, 1].map((x) => x / 1000);
    assert.equal(isSaturated(e), true);
    assert.equal(isSaturated([0.6, 0.4], 0.5), true);
  });

  test('symmetricEdges and histogramCounts on a tiny sample', () => {
    const edges = symmetricEdges(2, 4);
    assert.deepEqual(edges, [-2, -1, 0, 1, 2]);
    // [−2,−1): −2, −1.5 | [−1,0): −1 | [0,1): 0, 0.5 | [1,2]: 1, 2 (last bin closed) | 2.5, −3 outside
    assert.deepEqual(histogramCounts([-2, -1.5, -1, 0, 0.5, 1, 2, 2.5, -3], edges), [2, 1, 2, 2]);
    assert.deepEqual(histogramCounts([], edges), [0, 0, 0, 0]);
    throwsInput(() => histogramCounts([1], [0, 0]), /increasing/);
  });

  test('histogramCounts agrees with d3-array bin (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        (values, bins) => {
          const edges = symmetricEdges(5, bins);
          const d3 = bin()
            .domain([-5, 5])
            .thresholds(edges.slice(1, -1))(values);
          assert.deepEqual(
            histogramCounts(values, edges),
            d3.map((b) => b.length),
          );
        },
      ),
    );
  });
});

describe('computeSqrtDExperiment', () => {
  test('variance ≈ d raw and ≈ 1 scaled, within 5 standard errors', () => {
    // x = q·k with q, k ~ N(0, I_d), S queries × K keys sharing each query. Given q, the x's of one
    // row are i.i.d. N(0, |q|²), so Var(mean x²) = 2(d² + 2d)/(S·K) + 2d/S; relative to d that is
    // √(2(1 + 2/d)/(S·K) + 2/(d·S)). d = 64, S = 2000, K = 64: √(1.6e-5 + 1.6e-5) = 0.57 %.
    const S = 2000;
    const K = 64;
    for (const d of [1, 64]) {
      const r = computeSqrtDExperiment({ d, samples: S, keys: K, seed: 42, temperature: 1 });
      const relSE = Math.sqrt((2 * (1 + 2 / d)) / (S * K) + 2 / (d * S));
      assert.ok(Math.abs(r.rawVariance / d - 1) < 5 * relSE, `d=${d}: raw variance ${r.rawVariance} vs ${d} (5 SE = ${5 * relSE})`);
      assert.ok(Math.abs(r.scaledVariance - 1) < 5 * relSE, `d=${d}: scaled variance ${r.scaledVariance} vs 1`);
      // mean: the N = S·K dot products are uncorrelated with variance d → SE √(d/N)
      assert.ok(Math.abs(r.rawMean) < 5 * Math.sqrt(d / (S * K)), `d=${d}: raw mean ${r.rawMean}`);
      assert.equal(r.expectedRawVariance, d);
      assert.equal(r.expectedScaledVariance, 1);
    }
  });

  test('a tiny run against the documented draw order, recomputed here', () => {
    const d = 3;
    const samples = 4;
    const keys = 5;
    const T = 0.7;
    const r = computeSqrtDExperiment({ d, samples, keys, seed: 9, temperature: T, bins: 6 });
    const next = normalSampler(mulberry32(9));
    const dots: number[] = [];
    let hU = 0;
    let hS = 0;
    let satU = 0;
    let satS = 0;
    const softmax = (xs: number[]) => {
      const m = Math.max(...xs);
      const lse = m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
      return xs.map((x) => Math.exp(x - lse));
    };
    const entropy = (p: number[]) => p.reduce((s, x) => (x > 0 ? s - x * Math.log(x) : s), 0);
    for (let s = 0; s < samples; s++) {
      const q = Array.from({ length: d }, next);
      const row = Array.from({ length: keys }, () => Array.from({ length: d }, next).reduce((acc, kc, c) => acc + kc * q[c], 0));
      dots.push(...row);
      const pu = softmax(row.map((x) => x / T));
      const ps = softmax(row.map((x) => x / Math.sqrt(d) / T));
      hU += entropy(pu);
      hS += entropy(ps);
      if (Math.max(...pu) > 0.99) satU++;
      if (Math.max(...ps) > 0.99) satS++;
    }
    const mean = dots.reduce((a, b) => a + b) / dots.length;
    const variance = dots.reduce((a, x) => a + (x - mean) ** 2, 0) / dots.length;
    assert.ok(Math.abs(r.rawMean - mean) < 1e-12, 'mean');
    assert.ok(Math.abs(r.rawVariance - variance) < 1e-12, 'variance (ddof 0)');
    assert.ok(Math.abs(r.unscaledMeanEntropy - hU / samples) < 1e-12, 'unscaled entropy');
    assert.ok(Math.abs(r.scaledMeanEntropy - hS / samples) < 1e-12, 'scaled entropy');
    assert.equal(r.unscaledSaturatedShare, satU / samples);
    assert.equal(r.scaledSaturatedShare, satS / samples);
    assert.equal(r.maxEntropy, Math.log(keys));
    // shared edges over ±max|raw|; every dot product is counted once in each histogram
    const rMax = Math.max(...dots.map(Math.abs));
    assert.equal(r.rawHistogram.edges[0], -rMax);
    assert.equal(r.rawHistogram.edges[6], rMax);
    assert.deepEqual(r.scaledHistogram.edges, r.rawHistogram.edges);
    assert.deepEqual(r.rawHistogram.counts, histogramCounts(dots, r.rawHistogram.edges));
    assert.equal(r.scaledHistogram.counts.reduce((a, b) => a + b), samples * keys);
  });

  test('unscaled softmax saturates as d grows, scaled does not', () => {
    const r = computeSqrtDExperiment({ d: 512, samples: 300, keys: 16, seed: 3, temperature: 1 });
    assert.ok(r.unscaledSaturatedShare > 0.5, `unscaled saturated share ${r.unscaledSaturatedShare}`);
    assert.ok(r.scaledSaturatedShare < 0.05, `scaled saturated share ${r.scaledSaturatedShare}`);
    assert.ok(r.scaledMeanEntropy > 2 * r.unscaledMeanEntropy, 'scaled rows keep their entropy');
    // all the scaled mass sits in the middle of the shared axis
    const mid = r.scaledHistogram.counts.slice(10, 30).reduce((a, b) => a + b);
    assert.equal(mid, 300 * 16);
  });

  test('deterministic and cloneable; a different seed differs', () => {
    const input = { d: 8, samples: 50, keys: 8, seed: 1, temperature: 1 };
    const a = computeSqrtDExperiment(input);
    assert.deepEqual(computeSqrtDExperiment(input), a);
    assert.deepEqual(structuredClone(a), a);
    assert.notEqual(computeSqrtDExperiment({ ...input, seed: 2 }).rawMean, a.rawMean);
  });

  test('refuses bad input with a clear message', () => {
    const ok = { d: 8, samples: 10, keys: 8, seed: 1, temperature: 1 };
    throwsInput(() => computeSqrtDExperiment({ ...ok, d: 1024, samples: 2000, keys: 16 }), /multiply-adds; the most per run is 20,000,000/, 'samples');
    throwsInput(() => computeSqrtDExperiment({ ...ok, samples: 1_000_000, keys: 2, d: 1 }), /dot products; the most here/, 'samples');
    throwsInput(() => computeSqrtDExperiment({ ...ok, temperature: 0 }), /temperature is 0/, 'temperature');
    throwsInput(() => computeSqrtDExperiment({ ...ok, d: 0 }), /d is 0/, 'd');
    throwsInput(() => computeSqrtDExperiment({ ...ok, bins: 1000 }), /bins is 1000/);
    throwsInput(() => computeSqrtDExperiment({ ...ok, seed: 1.5 }), /seed is 1.5/, 'seed');
    throwsInput(() => computeSqrtDExperiment(null as never), /needs/);
  });
});

describe('computeSqrtDSweep', () => {
  test('each point is the single experiment at that d (same seed)', () => {
    const base = { samples: 40, keys: 8, seed: 5, temperature: 1.5 };
    const sweep = computeSqrtDSweep({ ...base, ds: [1, 4, 16] });
    assert.deepEqual(
      sweep.points.map((p) => p.d),
      [1, 4, 16],
    );
    for (const p of sweep.points) {
      const { rawHistogram: _r, scaledHistogram: _s, samples: _a, keys: _b, seed: _c, temperature: _t, ...summary } = computeSqrtDExperiment({ ...base, d: p.d });
      assert.deepEqual(p, summary, `d=${p.d}`);
    }
    assert.deepEqual(structuredClone(sweep), sweep);
  });

  test('the default ds 1 … 1024 fit the budget at a modest sample size; unscaled entropy falls', () => {
    const sweep = computeSqrtDSweep({ ds: [...DEFAULT_SWEEP_DS], samples: 200, keys: 32, seed: 1, temperature: 1 });
    const first = sweep.points[0];
    const last = sweep.points[sweep.points.length - 1];
    assert.ok(last.unscaledMeanEntropy < first.unscaledMeanEntropy, 'unscaled entropy falls from d=1 to d=1024');
    assert.ok(Math.abs(last.scaledMeanEntropy - first.scaledMeanEntropy) < 0.2, 'scaled entropy stays about the same');
    throwsInput(() => computeSqrtDSweep({ ds: [], samples: 1, keys: 1, seed: 1, temperature: 1 }), /ds must list/, 'ds');
    throwsInput(() => computeSqrtDSweep({ ds: [1, 0], samples: 1, keys: 1, seed: 1, temperature: 1 }), /ds entry 2 is 0/);
    const tooMuch = Math.ceil(SQRT_D_MAX_WORK / (2047 * 32)) + 1;
    throwsInput(() => computeSqrtDSweep({ ds: [...DEFAULT_SWEEP_DS], samples: tooMuch, keys: 32, seed: 1, temperature: 1 }), /sum of ds = 2047/);
  });
});
