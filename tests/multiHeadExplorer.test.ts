import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaledDotProductAttention } from '../lib/attention';
import { overridePreset, presetState } from '../lib/calculators/calculatorSpec';
import {
  compareHeadCost,
  computeMultiHeadExplorer,
  divisorsOf,
  headsProblem,
  matmul,
  tokenEmbeddings,
  type MultiHeadExplorerInput,
} from '../lib/calculators/multiHeadExplorer';
import { multiHeadInput, multiHeadSpec } from '../lib/calculators/multiHeadSpec';
import type { Matrix } from '../lib/matrix';
import { multiHeadCalculatorSnippet, multiHeadWeightsCsv } from '../lib/snippets/multiHeadCalculatorSnippets';

const SENTENCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
const base: MultiHeadExplorerInput = { tokens: SENTENCE, dModel: 8, heads: 2, seed: 7 };

function assertClose(actual: Matrix, expected: Matrix, tol = 1e-12, what = 'matrix'): void {
  assert.equal(actual.rows, expected.rows, `${what} rows`);
  assert.equal(actual.cols, expected.cols, `${what} cols`);
  for (let i = 0; i < actual.data.length; i++) {
    assert.ok(Math.abs(actual.data[i] - expected.data[i]) <= tol, `${what}[${i}]: ${actual.data[i]} vs ${expected.data[i]}`);
  }
}

function columns(m: Matrix, start: number, width: number): Matrix {
  const data = new Float64Array(m.rows * width);
  for (let i = 0; i < m.rows; i++) for (let c = 0; c < width; c++) data[i * width + c] = m.data[i * m.cols + start + c];
  return { rows: m.rows, cols: width, data };
}

test('concat of the per-head outputs · Wo equals the output', () => {
  for (const heads of [1, 2, 4, 8]) {
    const r = computeMultiHeadExplorer({ ...base, heads });
    assertClose(matmul(r.concat, r.weights.wo), r.output, 1e-12, `heads=${heads}`);
  }
});

test('heads = 1 is single-head SDPA on the projected inputs, then · Wo', () => {
  const r = computeMultiHeadExplorer({ ...base, heads: 1 });
  const sdpa = scaledDotProductAttention(r.projected.q, r.projected.k, r.projected.v);
  assertClose(r.perHead[0].weights, sdpa.weights, 1e-12, 'weights');
  assertClose(r.perHead[0].output, sdpa.output, 1e-12, 'head output');
  assertClose(r.output, matmul(sdpa.output, r.weights.wo), 1e-12, 'output');
  assert.equal(r.scale, 1 / Math.sqrt(8));
});

test('head h is SDPA on columns [h·dₕ, (h+1)·dₕ) of Q, K, V with scale 1/√dₕ, and concat places it there', () => {
  const r = computeMultiHeadExplorer({ ...base, dModel: 12, heads: 3, causal: true });
  assert.equal(r.headDim, 4);
  for (let h = 0; h < 3; h++) {
    const cols = (m: Matrix) => columns(m, h * 4, 4);
    const sdpa = scaledDotProductAttention(cols(r.projected.q), cols(r.projected.k), cols(r.projected.v), { scale: 1 / 2, causal: true });
    assertClose(r.perHead[h].weights, sdpa.weights, 1e-12, `head ${h + 1} weights`);
    assertClose(columns(r.concat, h * 4, 4), sdpa.output, 1e-12, `head ${h + 1} in concat`);
  }
});

test('weights are rows of probabilities; causal heads see no future token', () => {
  const r = computeMultiHeadExplorer({ ...base, dModel: 16, heads: 4, causal: true });
  const n = SENTENCE.length;
  r.perHead.forEach((head, h) => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const w = head.weights.data[i * n + j];
        if (j > i) assert.equal(w, 0, `head ${h + 1} (${i}, ${j})`);
        sum += w;
      }
      assert.ok(Math.abs(sum - 1) < 1e-12);
    }
    assert.equal(head.weights.data[0], 1, 'the first token sees only itself');
  });
});

test('the inputs are deterministic in the seed; a repeated word differs only by its position code', () => {
  const a = computeMultiHeadExplorer(base);
  const b = computeMultiHeadExplorer(base);
  assert.deepEqual(a.output.data, b.output.data);
  const c = computeMultiHeadExplorer({ ...base, seed: 8 });
  assert.notDeepEqual(a.output.data, c.output.data);
  // Worked value: the position code of position 0 is [sin 0, cos 0, …] = [0, 1, 0, 1], so rows 0 and 4
  // ("the" twice) differ by PE(0) − PE(4).
  const x = tokenEmbeddings(['the', 'the'], 4, 1);
  const alone = tokenEmbeddings(['the'], 4, 1);
  assert.deepEqual(Array.from(x.data.subarray(0, 4)), Array.from(alone.data));
  const diff = Array.from({ length: 4 }, (_, c) => x.data[4 + c] - x.data[c]);
  const expected = [Math.sin(1), Math.cos(1) - 1, Math.sin(1 / 100), Math.cos(1 / 100) - 1];
  diff.forEach((d, c) => assert.ok(Math.abs(d - expected[c]) < 1e-12, `column ${c}`));
});

test('heads must divide d_model; the message names the divisors', () => {
  assert.deepEqual(divisorsOf(12), [1, 2, 3, 4, 6, 12]);
  assert.equal(headsProblem(12, 4), null);
  assert.match(headsProblem(12, 5)!, /heads must divide 12 \(1, 2, 3, 4, 6, 12\)/);
  assert.throws(() => computeMultiHeadExplorer({ ...base, heads: 3 }), /1, 2, 4, 8/);
  assert.throws(() => computeMultiHeadExplorer({ ...base, tokens: [] }), /1 to 16 tokens/);
});

test('cost: h heads of width d/h cost what one head of width d does, up to the softmax', () => {
  // Worked value: n = 6, d = 8. QKᵀ and weights·V: 2 · 36 · 8 each = 576 + 576, for any h.
  // Softmax: 5 · 36 per head: 180 for one head, 360 for two.
  const { multiHead, singleHead, ratio } = compareHeadCost(6, 8, 2);
  assert.equal(singleHead.flops, 1332);
  assert.equal(multiHead.flops, 1512);
  assert.deepEqual(
    [multiHead.flopsBreakdown.qkT, multiHead.flopsBreakdown.weightsTimesV],
    [singleHead.flopsBreakdown.qkT, singleHead.flopsBreakdown.weightsTimesV],
  );
  assert.equal(multiHead.projectionFlops, singleHead.projectionFlops);
  assert.ok(Math.abs(ratio - (4 * 8 + 5 * 2) / (4 * 8 + 5)) < 1e-15);
  // At a realistic width the difference vanishes: d = 512, 8 heads.
  assert.ok(compareHeadCost(128, 512, 8).ratio < 1.02);
});

test('spec: presets are valid, heads that do not divide d_model are blamed on heads', () => {
  assert.equal(presetState(multiHeadSpec).heads, 2);
  const { problems } = overridePreset(multiHeadSpec, 'two-heads', { heads: 3 });
  assert.equal(problems.length, 1);
  assert.equal(problems[0].field, 'heads');
  assert.match(problems[0].message, /1, 2, 4, 8/);
  for (const name of Object.keys(multiHeadSpec.presets)) {
    const state = presetState(multiHeadSpec, name);
    const r = computeMultiHeadExplorer(multiHeadInput(state));
    assert.equal(r.perHead.length, state.heads);
  }
  // A seeded state's link is small: a seed, a few fields and 1×1 placeholders, not 32×32 matrices.
  assert.ok(JSON.stringify(presetState(multiHeadSpec, 'eight-heads-causal')).length < 200);
});

test('snippets and CSV carry the same matrices and every head', () => {
  const r = computeMultiHeadExplorer(base);
  const numpy = multiHeadCalculatorSnippet('numpy', r);
  assert.match(numpy, /heads = 2/);
  assert.match(numpy, /Xkv = Xq {2}# self-attention/);
  const torch = multiHeadCalculatorSnippet('pytorch', computeMultiHeadExplorer({ ...base, causal: true }));
  assert.match(torch, /allowed = torch\.ones\(.*\)\.tril\(\)/);
  const csv = multiHeadWeightsCsv(r).trimEnd().split('\r\n');
  assert.equal(csv.length, 1 + 2 * SENTENCE.length);
  assert.equal(csv[0], ',the,cat,sat,on,the,mat');
  assert.ok(csv[7].startsWith('head 2: the,'));
});
