import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scaledDotProductAttention, toRows } from '../lib/attention';
import {
  attentionCall,
  attentionFormula,
  attentionSpec,
  switchToSeed,
  switchToTyped,
  togglePadding,
  type AttentionState,
} from '../lib/calculators/attentionSpec';
import { presetState } from '../lib/calculators/calculatorSpec';
import { randomNormalMatrix } from '../lib/random';

const basic = presetState(attentionSpec, 'sdpa-basic');
const check = (state: AttentionState) => attentionSpec.check!(state);
const run = (state: AttentionState) => {
  const { q, k, v, options } = attentionCall(state);
  return scaledDotProductAttention(q, k, v, options);
};

describe('attentionCall', () => {
  test('seeded: one row per token, d columns from seeds s, s + 1, s + 2; scale 1/√d divided by the temperature', () => {
    const call = attentionCall({ ...basic, temperature: 2 });
    assert.equal(call.q.rows, 6);
    assert.equal(call.q.cols, 4);
    assert.deepEqual(Array.from(call.k.data), Array.from(randomNormalMatrix(8, 6, 4).data), 'K from seed + 1');
    assert.deepEqual(Array.from(call.v.data), Array.from(randomNormalMatrix(9, 6, 4).data), 'V from seed + 2');
    // 1/√4 = 0.5, temperature 2 → 0.25 for the core; the exports get both halves.
    assert.equal(call.options.scale, 0.25);
    assert.equal(call.scale, 0.5);
    assert.equal(call.temperature, 2);
    assert.equal(call.mask, undefined);
    assert.equal(attentionCall({ ...basic, scale: 'one' }).options.scale, 1);
    assert.equal(attentionCall({ ...basic, scale: 'custom', customScale: 3, temperature: 0.5 }).options.scale, 6);
  });

  test('the worked-example preset gives the lesson\'s numbers', () => {
    const state = presetState(attentionSpec, 'worked-example');
    assert.deepEqual(check(state), []);
    const { weights, output } = run(state);
    const w = toRows(weights).map((row) => row.map((x) => Number(x.toFixed(3))));
    const o = toRows(output).map((row) => row.map((x) => Number(x.toFixed(2))));
    assert.deepEqual(w.slice(0, 2), [
      [0.401, 0.198, 0.401],
      [0.198, 0.401, 0.401],
    ]);
    assert.deepEqual(o.slice(0, 2), [
      [3, 4],
      [3.41, 4.41],
    ]);
  });

  test('padding blocks the keys from validKeys on, in every row; off, there is no mask', () => {
    const state: AttentionState = { ...basic, tokens: ['a', 'b', 'c'], padding: true, validKeys: 2 };
    assert.deepEqual(toRows(attentionCall(state).mask!), [
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(toRows(run(state).weights).map((row) => row[2]), [0, 0, 0], 'no weight on the padding key');
    assert.equal(attentionCall({ ...state, padding: false }).mask, undefined);
    // No real key at all: every row is fully blocked and comes out as zeros, not NaN.
    assert.deepEqual(toRows(run({ ...state, validKeys: 0 }).weights).flat(), Array(9).fill(0));
  });
});

describe('the rules, each on the field to fix', () => {
  const typed = (patch: Partial<AttentionState>): AttentionState => ({
    ...basic,
    tokens: ['a', 'b'],
    source: 'typed',
    q: [[1, 2], [3, 4]],
    k: [[1, 2], [3, 4]],
    v: [[1], [2]],
    ...patch,
  });

  test('typed matrices need one row per token and Q, K of one width; V\'s width is free', () => {
    assert.deepEqual(check(typed({})), []);
    const fields = (state: AttentionState) => check(state).map((p) => p.field);
    assert.deepEqual(fields(typed({ q: [[1, 2]] })), ['q']);
    assert.match(check(typed({ q: [[1, 2]] }))[0].message, /^Q has 1 rows but there are 2 tokens/);
    assert.deepEqual(fields(typed({ k: [[1, 2, 3], [4, 5, 6]] })), ['k']);
    assert.match(check(typed({ k: [[1, 2, 3], [4, 5, 6]] }))[0].message, /K has 3 columns but Q has 2/);
    assert.deepEqual(fields(typed({ v: [[1]] })), ['v']);
    assert.deepEqual(fields(typed({ tokens: ['a', 'b', 'c'] })), ['q', 'k', 'v'], 'a new token asks for a row in each');
    // Seeded, the matrix fields are placeholders and are not checked.
    assert.deepEqual(check({ ...basic, q: [[0]], k: [[0, 0]] }), []);
  });

  test('real keys at most the number of tokens, only while padding is on; panels from the known three, once each', () => {
    assert.deepEqual(check({ ...basic, padding: true, validKeys: 7 }).map((p) => p.field), ['validKeys']);
    assert.deepEqual(check({ ...basic, padding: false, validKeys: 7 }), []);
    assert.deepEqual(check({ ...basic, show: ['weights', 'heat'] }).map((p) => p.field), ['show']);
    assert.deepEqual(check({ ...basic, show: ['weights', 'weights'] }).map((p) => p.field), ['show']);
    assert.deepEqual(check({ ...basic, show: ['output'] }), []);
  });
});

test('switching to typing starts from the seeded numbers, rounded; switching back drops them', () => {
  const patch = switchToTyped(basic);
  const state = { ...basic, ...patch } as AttentionState;
  assert.equal(state.source, 'typed');
  assert.equal(state.q.length, 6);
  assert.equal(state.q[0].length, 4);
  assert.equal(state.q[0][0], Number(randomNormalMatrix(7, 6, 4).data[0].toFixed(3)));
  assert.deepEqual(check(state), []);
  // Same picture as the seeded example, up to the rounding.
  const seeded = toRows(run(basic).weights).flat();
  toRows(run(state).weights)
    .flat()
    .forEach((x, i) => assert.ok(Math.abs(x - seeded[i]) < 5e-3, `weight ${i}`));
  assert.deepEqual(switchToSeed(), { source: 'seed', q: [[0]], k: [[0]], v: [[0]] });
});

test('padding on leaves the last key as padding (one real key at least)', () => {
  assert.deepEqual(togglePadding(basic, true), { padding: true, validKeys: 5 });
  assert.deepEqual(togglePadding({ ...basic, tokens: ['a'] }, true), { padding: true, validKeys: 1 });
  assert.deepEqual(togglePadding(basic, false), { padding: false });
});

test('the formula follows the scale, the temperature and the masks', () => {
  assert.equal(attentionFormula(basic), '\\mathrm{softmax}\\!\\left(\\frac{1}{\\sqrt{4}}QK^\\top\\right)V');
  assert.match(attentionFormula({ ...basic, causal: true, temperature: 2 }), /\\frac\{1\}\{2\}.*\+ M/);
  assert.match(attentionFormula({ ...basic, padding: true }), /\+ M/);
  assert.match(attentionFormula(presetState(attentionSpec, 'worked-example')), /\\sqrt\{2\}/, 'typed: d is the width of Q');
  assert.match(attentionFormula({ ...basic, scale: 'custom', customScale: 0.3 }), /0\.3\\,QK/);
});
