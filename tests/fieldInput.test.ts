import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asSentence,
  describeRange,
  enterMessage,
  mustBeMessage,
  numberInRange,
  parseFieldInput,
  rangeOf,
} from '../lib/calculators/fieldInput';
import { maskPatternSpec } from '../lib/calculators/maskPatternSpec';
import { positionalEncodingSpec } from '../lib/calculators/positionalEncodingSpec';

test('numberInRange reads a number in range and refuses blanks, non-numbers and out-of-range values', () => {
  const whole = { min: 2, max: 16, integer: true };
  assert.equal(numberInRange('8', whole), 8);
  assert.equal(numberInRange(' 16 ', whole), 16);
  assert.equal(numberInRange('', whole), null);
  assert.equal(numberInRange('   ', whole), null, 'blank is not 0');
  assert.equal(numberInRange('1', whole), null);
  assert.equal(numberInRange('17', whole), null);
  assert.equal(numberInRange('2.5', whole), null);
  assert.equal(numberInRange('abc', whole), null);
  const real = { min: 0, max: 1 };
  assert.equal(numberInRange('0.25', real), 0.25);
  assert.equal(numberInRange('1e-1', real), 0.1);
  assert.equal(numberInRange('Infinity', { min: -Infinity, max: Infinity }), null);
  assert.equal(numberInRange('NaN', real), null);
});

test('the messages name the label and the range in the words the calculators use', () => {
  const whole = { min: 1, max: 64, integer: true };
  assert.equal(describeRange(whole), 'a whole number from 1 to 64');
  assert.equal(describeRange({ min: 0, max: 1 }), 'a number from 0 to 1');
  assert.equal(mustBeMessage('n', { min: 8, max: 4096, integer: true }), 'n must be a whole number from 8 to 4096.');
  assert.equal(enterMessage('Tokens n', { min: 2, max: 16, integer: true }), 'Tokens n: enter a whole number from 2 to 16.');
  assert.equal(enterMessage('d', whole, true), 'd: Enter a whole number from 1 to 64.');
  assert.equal(enterMessage('Base lr', { min: 1e-6, max: 10 }), 'Base lr: enter a number from 0.000001 to 10.');
  assert.equal(asSentence('the minimum must be below lr'), 'The minimum must be below lr.');
});

test('rangeOf reads an int or number field of a schema', () => {
  assert.deepEqual(rangeOf({ kind: 'int', min: 1, max: 4 }), { min: 1, max: 4, integer: true });
  assert.deepEqual(rangeOf({ kind: 'number', min: 0, max: 1 }), { min: 0, max: 1, integer: false });
});

test('parseFieldInput checks the field range, then the rules across fields', () => {
  const s = maskPatternSpec.presets['sliding-window'];
  assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', '1024'), { ok: true, value: 1024 });
  assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', '5000'), { ok: false, message: 'n must be a whole number from 8 to 4096.' });
  assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', ''), { ok: false, message: 'n must be a whole number from 8 to 4096.' });
  assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'validFraction', '0.5', 'Real-token share'), { ok: true, value: 0.5 });
  // d = 100 does not split into 8 heads: the rule blames heads, but typing d brought it.
  const d = parseFieldInput(maskPatternSpec, s, 'd', '100');
  assert.equal(d.ok, false);
  assert.match(d.ok ? '' : d.message, /multiple of heads/);
  assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'globalTokens', '0, 7 9'), { ok: true, value: [0, 7, 9] });
  assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'pattern', 'causal'), { ok: false, message: 'Pattern cannot be typed as text.' });
  const p = positionalEncodingSpec.presets.basic;
  assert.deepEqual(parseFieldInput(positionalEncodingSpec, p, 'theta', '7', 'θ'), { ok: false, message: 'θ must be a number from -6.283 to 6.283.' });
});
