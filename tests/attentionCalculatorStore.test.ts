import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../lib/matrix';
import { createAttentionCalculatorStore } from '../lib/stores/attentionCalculatorStore';
import type { AttentionCalculatorInputs } from '../lib/calculator/attentionCalculatorModel';

const inputs: AttentionCalculatorInputs = {
  tokens: ['a', 'b'],
  source: 'seed',
  seed: 1,
  d: 2,
  dv: 2,
  text: { Q: '', K: '', V: '' },
  scaleMode: 'inv-sqrt-d',
  customScale: 1,
  temperature: 1,
  causal: false,
  paddingValidKeys: null,
};

test('two calculators on one page are independent; errors keep the last good result; reset restores the preset', () => {
  const store = createAttentionCalculatorStore();
  const s = () => store.getState();
  s().register('one', inputs);
  s().register('two', { ...inputs, causal: true });
  s().update('one', { temperature: 3 });
  assert.equal(s().calculators.one.inputs.temperature, 3);
  assert.equal(s().calculators.two.inputs.temperature, 1, 'the other calculator is untouched');
  const m = fromRows([[1]]);
  s().setResult('one', { scores: m, weights: m, output: m }, ['a']);
  s().setErrors('one', [{ field: 'Q', message: 'bad', row: 0, col: 0 }]);
  assert.ok(s().calculators.one.result !== null, 'last good result stays');
  s().register('one', { ...inputs, seed: 99 });
  assert.equal(s().calculators.one.inputs.temperature, 3, 're-registering keeps the state');
  s().reset('one');
  assert.equal(s().calculators.one.inputs.temperature, 1);
  assert.deepEqual(s().calculators.one.errors, []);
});
