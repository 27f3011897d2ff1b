/**
 * The colour policy of every heatmap and stage table (lib/heatmap/colourPolicy.ts): weights on a
 * fixed 0–1 scale, signed values centred on 0, one policy over a group, stretching only on request,
 * masked cells hatched in greys no value can have. Expected values are worked out here by hand or
 * with d3's palettes directly, not through the policy.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { interpolateRdBu, interpolateViridis, rgb } from 'd3';
import { MASKED_DARK, MASKED_LIGHT, buildColourLut, colourScale, interpolatorFor, relativeLuminance } from '../lib/heatmap/colour';
import { MASK_HATCH, colourPolicy, colourPolicyNote, finiteRange, maskHatchCss } from '../lib/heatmap/colourPolicy';
import { rasterizeHeatmap } from '../lib/heatmap/raster';
import { computeAttentionStages } from '../lib/calculators/stepThrough';
import { STAGE_COLOUR_GROUP, stageBlocked, stageColours } from '../lib/calculators/stepThroughColours';
import { fromRows } from '../lib/matrix';

const f64 = (xs: number[]) => Float64Array.from(xs);
const luminance = (css: string) => {
  const c = rgb(css);
  return relativeLuminance(c.r, c.g, c.b);
};
/** Softmax of one row at temperature T, written out. */
const softmax = (logits: number[], t: number) => {
  const e = logits.map((x) => Math.exp(x / t));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
};
const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

describe('weights: a fixed 0–1 scale by default', () => {
  test('the domain is [0, 1] whatever the values, and a weight gets viridis at its own value', () => {
    for (const data of [[0.3, 0.37, 0.33], [0.09, 0.67, 0.24], [0, 0], []]) {
      const policy = colourPolicy('sequential', [{ data: f64(data) }]);
      assert.deepEqual(policy, { scale: 'sequential', domain: [0, 1], range: 'fixed' });
    }
    const colour = colourScale('sequential', colourPolicy('sequential', [{ data: f64([0.3, 0.37]) }]).domain);
    assert.equal(rgb(colour(0.5)).toString(), rgb(interpolateViridis(0.5)).toString());
    assert.equal(rgb(colour(0.37)).toString(), rgb(interpolateViridis(0.37)).toString());
  });

  test('temperature 10 flattens the colours as it flattens the weights', () => {
    const logits = [2.4, -0.3, 0.9, -1.2];
    const sharp = softmax(logits, 1); // 0.72, 0.05, 0.16, 0.02 (rounded)
    const flat = softmax(logits, 10); // 0.30, 0.23, 0.26, 0.21
    assert.ok(spread(sharp) > 0.6 && spread(flat) < 0.1, 'the example is peaked at T = 1 and nearly uniform at T = 10');
    const colourOf = (weights: number[]) => colourScale('sequential', colourPolicy('sequential', [{ data: f64(weights) }]).domain);
    const lumSpread = (weights: number[]) => spread(weights.map((w) => luminance(colourOf(weights)(w))));
    assert.ok(lumSpread(flat) < lumSpread(sharp) / 4, `luminance spread ${lumSpread(flat)} at T = 10 vs ${lumSpread(sharp)} at T = 1`);
    // Stretched, the flat row would span the whole palette: what the fixed scale prevents.
    const stretched = colourScale('sequential', colourPolicy('sequential', [{ data: f64(flat) }], { stretch: true }).domain);
    assert.ok(spread(flat.map((w) => luminance(stretched(w)))) > 0.7);
  });
});

describe('stretching: only when asked, over the unmasked finite values', () => {
  test('the range of the values, masked and non-finite cells left out', () => {
    const policy = colourPolicy('sequential', [{ data: f64([0.3, 0.9, 0.37, Number.NaN, -Infinity]), blocked: Uint8Array.from([0, 1, 0, 0, 0]) }], {
      stretch: true,
    });
    assert.deepEqual(policy, { scale: 'sequential', domain: [0.3, 0.37], range: 'stretched' });
  });

  test('a group stretches over all its matrices', () => {
    const policy = colourPolicy('sequential', [{ data: f64([0.2, 0.4]) }, { data: f64([0.1, 0.3]) }], { stretch: true });
    assert.deepEqual(policy.domain, [0.1, 0.4]);
  });

  test('equal values have no range to stretch: the scale stays fixed, and says so', () => {
    assert.equal(colourPolicy('sequential', [{ data: f64([0.25, 0.25, 0.25]) }], { stretch: true }).range, 'fixed');
    assert.equal(colourPolicy('sequential', [], { stretch: true }).range, 'fixed');
  });
});

describe('scores and logits: diverging, centred on 0', () => {
  test('±largest |value| over the whole group; stretch changes nothing', () => {
    assert.deepEqual(colourPolicy('diverging', [{ data: f64([-1, 3, 2]) }]).domain, [-3, 3]);
    assert.deepEqual(colourPolicy('diverging', [{ data: f64([-1, 0.5]) }, { data: f64([-2, -Infinity]) }]).domain, [-2, 2]);
    assert.deepEqual(colourPolicy('diverging', [{ data: f64([-5, 1]) }], { stretch: true }), { scale: 'diverging', domain: [-5, 5], range: 'centred' });
    assert.deepEqual(colourPolicy('diverging', [{ data: f64([0, 0]) }]).domain, [-1, 1], 'all zeros is not degenerate');
  });

  test('0 is the neutral middle of RdBu; negative blue, positive red', () => {
    const colour = colourScale('diverging', colourPolicy('diverging', [{ data: f64([-0.7, 2]) }]).domain);
    assert.equal(rgb(colour(0)).toString(), rgb(interpolateRdBu(0.5)).toString());
    const neg = rgb(colour(-2));
    const pos = rgb(colour(2));
    assert.ok(neg.b > neg.r && pos.r > pos.b);
  });

  test('property: the domain holds every unmasked finite value, symmetric for diverging', () => {
    const matrix = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(-Infinity)), { maxLength: 20 });
    fc.assert(
      fc.property(fc.array(matrix, { minLength: 1, maxLength: 4 }), fc.boolean(), (datas, stretch) => {
        const sources = datas.map((d) => ({ data: f64(d) }));
        for (const scale of ['sequential', 'diverging'] as const) {
          const { domain } = colourPolicy(scale, sources, { stretch });
          const values = datas.flat().filter(Number.isFinite);
          if (scale === 'diverging') {
            assert.equal(domain[0], -domain[1]);
            for (const v of values) assert.ok(Math.abs(v) <= domain[1]);
          } else if (!stretch) {
            assert.deepEqual(domain, [0, 1]);
          } else if (colourPolicy(scale, sources, { stretch }).range === 'stretched') {
            for (const v of values) assert.ok(v >= domain[0] && v <= domain[1]);
          }
        }
      }),
    );
  });

  test('finiteRange skips masked, NaN and infinite cells; none left is null', () => {
    assert.deepEqual(finiteRange([{ data: f64([Infinity, 2, -3, Number.NaN]) }]), [-3, 2]);
    assert.equal(finiteRange([{ data: f64([5]), blocked: Uint8Array.of(1) }]), null);
  });
});

describe('legend sentences', () => {
  test('each says which scale it is, with its numbers and who shares it', () => {
    assert.equal(
      colourPolicyNote({ scale: 'sequential', domain: [0, 1], range: 'fixed' }, 'weight', 'the 2 heads'),
      'Fixed scale from 0 to 1, shared by the 2 heads: a colour means the same weight in every picture.',
    );
    const stretched = colourPolicyNote({ scale: 'sequential', domain: [0.3, 0.37], range: 'stretched' }, 'weight');
    assert.match(stretched, /^Stretched to the range of this matrix, 0\.3000 to 0\.3700/);
    assert.match(colourPolicyNote({ scale: 'diverging', domain: [-3, 3], range: 'centred' }, 'score'), /^Centred on 0: .*±3/);
  });
});

describe('masked cells: hatched in neutral greys that no value colour is', () => {
  test('no entry of either palette is within 20 levels of a hatch grey in every channel', () => {
    for (const scale of ['sequential', 'diverging'] as const) {
      const lut = buildColourLut(interpolatorFor(scale));
      for (let k = 0; k < lut.length; k += 4) {
        for (const grey of [MASKED_LIGHT, MASKED_DARK]) {
          const far = Math.max(Math.abs(lut[k] - grey[0]), Math.abs(lut[k + 1] - grey[1]), Math.abs(lut[k + 2] - grey[2]));
          assert.ok(far > 20, `${scale} entry ${k / 4} is close to grey ${grey}`);
        }
      }
    }
  });

  test('the CSS hatch of table cells uses the same greys and period as the SVG pattern', () => {
    assert.equal(maskHatchCss(), 'repeating-linear-gradient(45deg, rgb(150,150,150) 0 2.5px, rgb(200,200,200) 2.5px 6px)');
    assert.equal(MASK_HATCH.period, 6);
  });
});

describe('the worker picture follows the same policy', () => {
  const rows = 3;
  const cols = 3;
  const data = f64([0.3, 0.35, 0.35, 0.32, 0.36, 0.32, 0.33, 0.33, 0.34]);
  const base = { rows, cols, data, rowFactor: 1, colFactor: 1, pooling: 'mean' as const, scale: 'sequential' as const, blocked: null, blockedRule: null };

  test('fixed by default, stretched on request, a shared policy as given', () => {
    assert.deepEqual(rasterizeHeatmap(base).policy, { scale: 'sequential', domain: [0, 1], range: 'fixed' });
    assert.deepEqual(rasterizeHeatmap({ ...base, stretch: true }).domain, [0.3, 0.36]);
    const shared = { scale: 'sequential' as const, domain: [0.1, 0.5] as [number, number], range: 'stretched' as const };
    assert.deepEqual(rasterizeHeatmap({ ...base, colours: shared }).policy, shared);
  });

  test('masked cells of a small picture are the hatch greys, never a value colour', () => {
    const raster = rasterizeHeatmap({ ...base, blockedRule: 'causal' });
    // (0, 1) is masked: cell i + j = 1, not a stripe, so the light grey.
    assert.deepEqual([...raster.rgba.subarray(4, 7)], [...MASKED_LIGHT]);
  });
});

describe('step-through: one scale per kind of stage', () => {
  // Q = K = [[1, 0], [0, 2]], V = I, scale 1/√2, temperature 2, causal.
  const q = fromRows([
    [1, 0],
    [0, 2],
  ]);
  const v = fromRows([
    [1, 0],
    [0, 1],
  ]);
  const stages = computeAttentionStages({ q, k: q, v, temperature: 2, causal: true });

  test('S, L and M share ±max|S| = 4, so the scaled logits look smaller', () => {
    // S = QQᵀ = [[1, 0], [0, 4]]; L = S / (√2 · 2).
    const colours = stageColours(stages);
    assert.deepEqual(colours.scores.domain, [-4, 4]);
    assert.equal(colours.scores.range, 'centred');
    // Q, K, V and O: the largest |entry| is Q's 2.
    assert.deepEqual(colours.vectors.domain, [-2, 2]);
    assert.deepEqual(colours.weights, { scale: 'sequential', domain: [0, 1], range: 'fixed' });
    for (const name of ['rawScores', 'scaledScores', 'maskedScores'] as const) assert.equal(STAGE_COLOUR_GROUP[name], 'scores');
  });

  test('the weights are masked where the mask blocks; stretching leaves the masked zeros out', () => {
    assert.deepEqual([...stageBlocked(stages, 'weights')!], [0, 1, 0, 0]);
    assert.equal(stageBlocked(stages, 'rawScores'), null);
    // A = [[1, 0 (masked)], [w, 1 − w]] with w = softmax of [0, 4/(2√2)] = 1 / (1 + e^√2).
    const w = 1 / (1 + Math.exp(Math.SQRT2));
    const stretched = stageColours(stages, { stretch: true }).weights;
    assert.equal(stretched.range, 'stretched');
    assert.ok(Math.abs(stretched.domain[0] - w) < 1e-6 && Math.abs(stretched.domain[1] - 1) < 1e-6, `${stretched.domain}`);
  });
});
