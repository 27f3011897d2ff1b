import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaledDotProductAttention } from '../lib/attention';
import { overridePreset, presetState } from '../lib/calculators/calculatorSpec';
import {
  ALIGNED_SHARPNESS,
  alignedSourceVectors,
  alignmentProblem,
  computeCrossAttention,
  resolveAlignment,
  type CrossAttentionInput,
} from '../lib/calculators/crossAttentionExplorer';
import { crossAttentionSpec } from '../lib/calculators/crossAttentionSpec';
import { matmul } from '../lib/calculators/multiHeadExplorer';
import type { Matrix } from '../lib/matrix';
import { crossAttentionCalculatorSnippet, crossAttentionWeightsCsv } from '../lib/snippets/multiHeadCalculatorSnippets';

const SOURCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
const TARGET = ['le', 'chat', 'était', 'assis', 'sur', 'le', 'tapis'];
const base: CrossAttentionInput = { source: SOURCE, target: TARGET, dModel: 16, seed: 3, mode: 'random' };

function assertClose(actual: Matrix, expected: Matrix, tol = 1e-12, what = 'matrix'): void {
  assert.equal(actual.rows, expected.rows, `${what} rows`);
  assert.equal(actual.cols, expected.cols, `${what} cols`);
  for (let i = 0; i < actual.data.length; i++) {
    assert.ok(Math.abs(actual.data[i] - expected.data[i]) <= tol, `${what}[${i}]: ${actual.data[i]} vs ${expected.data[i]}`);
  }
}

test('shapes: self-attention is target × target, cross-attention target × source', () => {
  const r = computeCrossAttention(base);
  assert.deepEqual([r.self.weights.rows, r.self.weights.cols], [7, 7]);
  assert.deepEqual([r.cross.weights.rows, r.cross.weights.cols], [7, 6]);
  assert.deepEqual([r.cross.output.rows, r.cross.output.cols], [7, 16]);
  assert.match(r.note, /queries come from the target \(the decoder\) and the keys and values from the source \(the encoder\)/);
});

test('queries from the target, keys and values from the source: SDPA on the projected rows', () => {
  const r = computeCrossAttention(base);
  const { wq, wk, wv, wo } = r.cross.projections;
  const sdpa = scaledDotProductAttention(matmul(r.xTarget, wq), matmul(r.xSource, wk), matmul(r.xSource, wv));
  assertClose(r.cross.weights, sdpa.weights, 1e-12, 'cross weights');
  assertClose(r.cross.output, matmul(sdpa.output, wo), 1e-12, 'cross output');
});

test('the target self-attention is causal and uses only the target', () => {
  const r = computeCrossAttention(base);
  const n = TARGET.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      if (j > i) assert.equal(r.self.weights.data[i * n + j], 0);
      sum += r.self.weights.data[i * n + j];
    }
    assert.ok(Math.abs(sum - 1) < 1e-12);
  }
  const { wq, wk, wv } = r.self.projections;
  const sdpa = scaledDotProductAttention(matmul(r.xTarget, wq), matmul(r.xTarget, wk), matmul(r.xTarget, wv), { causal: true });
  assertClose(r.self.weights, sdpa.weights, 1e-12, 'self weights');
  // Another source sentence changes the cross-attention, never the target's self-attention.
  const other = computeCrossAttention({ ...base, source: ['a', 'dog', 'ran'] });
  assert.deepEqual(other.self.weights.data, r.self.weights.data);
  assert.notDeepEqual(computeCrossAttention({ ...base, seed: 4 }).cross.weights.data, r.cross.weights.data);
});

test('toy aligned: each target token puts e^6 / (e^6 + ns − 1) on its source word', () => {
  const alignment = [1, 2, 3, 3, 4, 5, 6];
  const r = computeCrossAttention({ ...base, mode: 'aligned', alignment });
  assert.equal(r.orthogonal, true);
  assert.deepEqual(r.alignment, [0, 1, 2, 2, 3, 4, 5]);
  // Worked value: orthogonal source vectors, so the aligned logit is 6 and the others 0.
  const expected = Math.exp(ALIGNED_SHARPNESS) / (Math.exp(ALIGNED_SHARPNESS) + 5);
  assert.ok(Math.abs(expected - 0.98776) < 1e-5);
  const ns = SOURCE.length;
  alignment.forEach((a, i) => {
    for (let j = 0; j < ns; j++) {
      const w = r.cross.weights.data[i * ns + j];
      assert.ok(Math.abs(w - (j === a - 1 ? expected : (1 - expected) / 5)) < 1e-12, `(${i}, ${j}) = ${w}`);
    }
  });
  // "était" and "assis" both translate "sat", so they have one vector: the causal self-attention
  // of "assis" splits between the two, e^6 / (2e^6 + 2) each (the orthogonal others score 0).
  const n = TARGET.length;
  const half = Math.exp(ALIGNED_SHARPNESS) / (2 * Math.exp(ALIGNED_SHARPNESS) + 2);
  assert.ok(Math.abs(r.self.weights.data[3 * n + 2] - half) < 1e-12);
  assert.ok(Math.abs(r.self.weights.data[3 * n + 3] - half) < 1e-12);
});

test('the aligned source vectors are orthogonal with squared length sharpness·√d while ns ≤ d', () => {
  const e = alignedSourceVectors(8, 8, 5);
  for (let a = 0; a < 8; a++) {
    for (let b = 0; b < 8; b++) {
      let dot = 0;
      for (let c = 0; c < 8; c++) dot += e.data[a * 8 + c] * e.data[b * 8 + c];
      assert.ok(Math.abs(dot - (a === b ? ALIGNED_SHARPNESS * Math.sqrt(8) : 0)) < 1e-9, `(${a}, ${b}) = ${dot}`);
    }
  }
  assert.equal(computeCrossAttention({ ...base, dModel: 4, mode: 'aligned' }).orthogonal, false);
});

test('alignment: empty means the same position (clipped), a bad list is explained', () => {
  assert.deepEqual(resolveAlignment([], 7, 6), [0, 1, 2, 3, 4, 5, 5]);
  assert.match(alignmentProblem([1, 2], 7, 6)!, /7 numbers, got 2/);
  assert.match(alignmentProblem([1, 2, 3, 4, 5, 6, 9], 7, 6)!, /entry 7 is 9: each must be a source position from 1 to 6/);
  assert.throws(() => computeCrossAttention({ ...base, mode: 'aligned', alignment: [0, 1, 1, 1, 1, 1, 1] }), /entry 1 is 0/);
  // Random mode ignores the alignment.
  assert.doesNotThrow(() => computeCrossAttention({ ...base, alignment: [99] }));
});

test('spec: presets valid; a wrong alignment is blamed on alignment only in aligned mode', () => {
  for (const name of Object.keys(crossAttentionSpec.presets)) computeCrossAttention(presetState(crossAttentionSpec, name));
  const bad = overridePreset(crossAttentionSpec, 'toy-aligned', { alignment: [1, 2] });
  assert.equal(bad.problems[0]?.field, 'alignment');
  assert.equal(overridePreset(crossAttentionSpec, 'random-projections', { alignment: [1, 2] }).problems.length, 0);
  assert.ok(JSON.stringify(presetState(crossAttentionSpec, 'toy-aligned')).length < 200);
});

test('snippet has both parts; CSV is target × source', () => {
  const r = computeCrossAttention(base);
  const code = crossAttentionCalculatorSnippet('numpy', r);
  assert.match(code, /Part 1 of 2/);
  assert.match(code, /Part 2 of 2/);
  assert.match(code, /Xkv = np\.array/);
  assert.match(code, /source_tokens = \["the", "cat"/);
  const torch = crossAttentionCalculatorSnippet('pytorch', r);
  assert.match(torch, /tril\(\)/);
  const csv = crossAttentionWeightsCsv(r).trimEnd().split('\r\n');
  assert.equal(csv.length, 8);
  assert.equal(csv[0], ',the,cat,sat,on,the,mat');
  assert.ok(csv[2].startsWith('chat,'));
});
