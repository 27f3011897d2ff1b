/**
 * The step-through calculator's state → the core's input: seeded or typed matrices, the scale
 * setting, padding as a mask, and the rules a share link must also obey.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { computeAttentionStages } from '../lib/calculators/stepThrough';
import { seededRows, selectedCellLimit, stepThroughInput, stepThroughSpec, withTokens } from '../lib/calculators/stepThroughSpec';
import { toRows } from '../lib/matrix';

test('typed matrices, scale 1 and padding reach the core as written; the weights match a hand computation', () => {
  const state = { ...presetState(stepThroughSpec, 'by-hand'), scale: 'one' as const, validKeys: 2 };
  const input = stepThroughInput(state);
  assert.deepEqual(toRows(input.q), [[1, 0], [0, 1], [1, 1]]);
  assert.equal(input.scale, 1);
  // Keys 1–2 real, key 3 padding: every row may attend keys 1 and 2 only.
  assert.deepEqual(toRows(input.mask!), [[1, 1, 0], [1, 1, 0], [1, 1, 0]]);
  // Query c = [1, 1]: scores with a = [1, 0] and b = [0, 1] are 1 and 1 → weights ½, ½;
  // output = ½·[1, 2] + ½·[3, 4] = [2, 3].
  const stages = computeAttentionStages(input);
  assert.deepEqual(Array.from(stages.weights.data.subarray(6, 9)), [0.5, 0.5, 0]);
  assert.deepEqual(Array.from(stages.output.data.subarray(4, 6)), [2, 3]);
});

test('the default scale is left to the core (1/√d); custom uses the number; no padding means no mask', () => {
  const base = presetState(stepThroughSpec, 'basic');
  assert.equal(stepThroughInput(base).scale, undefined);
  assert.equal(stepThroughInput(base).mask, undefined);
  assert.equal(stepThroughInput({ ...base, scale: 'custom', customScale: 0.25 }).scale, 0.25);
});

test('a seed gives the same matrices every time, and "as numbers" starts from them rounded', () => {
  const base = presetState(stepThroughSpec, 'basic');
  assert.deepEqual(stepThroughInput(base).q, stepThroughInput({ ...base }).q);
  assert.notDeepEqual(toRows(stepThroughInput(base).q), toRows(stepThroughInput({ ...base, seed: 8 }).q));
  const typed = seededRows(base);
  const exact = toRows(stepThroughInput(base).k);
  assert.equal(typed.k.length, base.tokens.length);
  typed.k.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - exact[i][j]) <= 0.005, `k[${i}][${j}] rounded to 2 decimals`)));
});

test('rules: padding within the tokens, typed matrices one row per token and d columns', () => {
  const check = stepThroughSpec.check!;
  const base = presetState(stepThroughSpec, 'by-hand');
  assert.deepEqual(check(base), []);
  assert.deepEqual(check({ ...base, validKeys: 4 }).map((p) => p.field), ['validKeys']);
  assert.deepEqual(check({ ...base, q: [[1, 0], [0, 1]] }).map((p) => p.field), ['q']);
  assert.deepEqual(check({ ...base, k: [[1], [0], [1]] }).map((p) => p.field), ['k']);
  assert.deepEqual(check({ ...base, v: [[1], [0], [1]] }), [], 'V may have its own width');
});

test('the selectable cell of each stage: n × d for inputs, n × n for scores and weights, n × dv for the output', () => {
  const base = presetState(stepThroughSpec, 'by-hand');
  assert.deepEqual(selectedCellLimit({ ...base, stage: 'inputs' }), { rows: 3, cols: 2 });
  assert.deepEqual(selectedCellLimit({ ...base, stage: 'weights' }), { rows: 3, cols: 3 });
  assert.deepEqual(selectedCellLimit({ ...base, stage: 'output', v: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] }), { rows: 3, cols: 3 });
});

test('typed matrices: adding or removing a token adds or removes the rows of Q, K and V together and keeps the typed numbers', () => {
  const check = stepThroughSpec.check!;
  const base = { ...presetState(stepThroughSpec, 'by-hand'), v: [[1, 2, 7], [3, 4, 8], [5, 6, 9]], stage: 'output' as const, row: 2, col: 2 };
  const added = withTokens(base, ['a', 'b', 'c', 'd']);
  assert.deepEqual(added.q, [[1, 0], [0, 1], [1, 1], [0, 0]]);
  assert.deepEqual(added.k, [[1, 0], [0, 1], [1, -1], [0, 0]]);
  assert.deepEqual(added.v, [[1, 2, 7], [3, 4, 8], [5, 6, 9], [0, 0, 0]], 'V keeps its own width');
  assert.equal(added.validKeys, 4, 'all keys real stays all keys real');
  assert.deepEqual(check(added), [], 'a state a share link may carry');
  assert.ok(stepThroughSpec.schema.q.maxRows >= added.q.length);

  const removed = withTokens(base, ['a', 'c']);
  assert.deepEqual(removed.q, [[1, 0], [1, 1]], 'the middle row went with its token');
  assert.deepEqual(removed.v, [[1, 2, 7], [5, 6, 9]]);
  assert.deepEqual([removed.row, removed.col], [1, 2], 'the selected cell stays inside the output');
  assert.deepEqual(check(removed), []);
  assert.deepEqual(withTokens(removed, ['a', 'b', 'c']).q, [[1, 0], [0, 0], [1, 1]]);

  const padded = withTokens({ ...base, validKeys: 2 }, ['a', 'b', 'c', 'd']);
  assert.equal(padded.validKeys, 2, 'padding keeps its count of real keys');
  const seeded = withTokens(presetState(stepThroughSpec, 'basic'), ['x', 'y']);
  assert.deepEqual(seeded.q, [[0]], 'seeded matrices stay out of the state');
  assert.equal(seeded.validKeys, 2);
});
