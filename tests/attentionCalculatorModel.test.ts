import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scaledDotProductAttention, toRows } from '../lib/attention';
import {
  buildAttentionCall,
  currentFormula,
  seededText,
  tokenize,
  type AttentionCalculatorInputs,
} from '../lib/calculator/attentionCalculatorModel';
import { loadExpressionEvaluator } from '../lib/safeExpression';

const base: AttentionCalculatorInputs = {
  tokens: ['the', 'cat', 'sat'],
  source: 'seed',
  seed: 7,
  d: 4,
  dv: 4,
  text: { Q: '', K: '', V: '' },
  scaleMode: 'inv-sqrt-d',
  customScale: 1,
  temperature: 1,
  causal: false,
  paddingValidKeys: null,
};

describe('buildAttentionCall', () => {
  test('seeded: one row per token, d columns, scale 1/√d divided by the temperature', () => {
    const r = buildAttentionCall({ ...base, temperature: 2 });
    assert.ok(r.ok, 'builds');
    assert.equal(r.call.q.rows, 3);
    assert.equal(r.call.q.cols, 4);
    // 1/√4 = 0.5, temperature 2 → 0.25
    assert.equal(r.call.scale, 0.25);
  });

  test('typed matrices with arithmetic, worked by hand', async () => {
    const evaluate = await loadExpressionEvaluator();
    const inputs: AttentionCalculatorInputs = {
      ...base,
      tokens: ['a', 'b'],
      source: 'typed',
      text: { Q: '1 0\n0 1', K: '1 0\n0 1', V: '10\n20' },
      scaleMode: 'custom',
      customScale: 1,
    };
    // Row 1: scores [1, 0] → weights [e/(e+1), 1/(e+1)] = [0.7310586, 0.2689414] → 7.310586 + 5.378828 = 12.689414
    const r = buildAttentionCall({ ...inputs, text: { ...inputs.text, Q: '2-1 0\n0 sqrt(1)' } }, evaluate);
    assert.ok(r.ok, 'builds');
    const out = scaledDotProductAttention(r.call.q, r.call.k, r.call.v, { scale: r.call.scale });
    assert.ok(Math.abs(toRows(out.output)[0][0] - 12.689414213699951) < 1e-9, 'output row 1');
    assert.deepEqual(buildAttentionCall({ ...inputs, text: { ...inputs.text, Q: '1/2 0\n0 1' } }), { ok: false, errors: [], needsEvaluator: true });
  });

  test('errors land on the field to fix, with row and column', async () => {
    const evaluate = await loadExpressionEvaluator();
    const typed = (text: Partial<AttentionCalculatorInputs['text']>) =>
      buildAttentionCall({ ...base, tokens: ['a', 'b'], source: 'typed', text: { Q: '1 2\n3 4', K: '1 2\n3 4', V: '1\n2', ...text } }, evaluate);
    const bad = typed({ K: '1 2\n3 x4' });
    assert.ok(!bad.ok && bad.errors.length === 1, 'one error');
    assert.deepEqual({ ...bad.errors[0], message: undefined }, { field: 'K', row: 1, col: 1, message: undefined });
    const wide = typed({ K: '1 2 3\n4 5 6' });
    assert.ok(!wide.ok && /K has 3 columns but Q has 2/.test(wide.errors[0].message), 'width');
    const short = typed({ V: '1' });
    assert.ok(!short.ok && short.errors[0].field === 'V', 'V rows');
    const rows = typed({ Q: '1 2' });
    assert.ok(!rows.ok && /Q has 1 rows but there are 2 tokens/.test(rows.errors[0].message), 'Q rows vs tokens');
    const noTokens = buildAttentionCall({ ...base, tokens: [] });
    assert.ok(!noTokens.ok && noTokens.errors[0].field === 'tokens', 'tokens');
    const pad = buildAttentionCall({ ...base, paddingValidKeys: 5 });
    assert.ok(!pad.ok && pad.errors[0].field === 'padding', 'padding range');
    const temp = buildAttentionCall({ ...base, temperature: 0 });
    assert.ok(!temp.ok && temp.errors[0].field === 'temperature', 'temperature');
  });

  test('a temperature so small that 1/T overflows is refused at the temperature, not left to the core as "the scale is Infinity"', () => {
    for (const temperature of [1e-320, Number.MIN_VALUE]) {
      const r = buildAttentionCall({ ...base, temperature });
      assert.ok(!r.ok, String(temperature));
      assert.deepEqual(r.errors.map((e) => e.field), ['temperature']);
      assert.match(r.errors[0].message, /^The temperature .* is too small/);
      assert.doesNotMatch(r.errors[0].message, /Infinity/);
    }
    // 1/T is finite but a custom scale of 100 times it is not: still the temperature's field.
    const product = buildAttentionCall({ ...base, scaleMode: 'custom', customScale: 100, temperature: 1e-307 });
    assert.ok(!product.ok && product.errors[0].field === 'temperature' && /overflows/.test(product.errors[0].message), 'scale / T');
    const tiny = buildAttentionCall({ ...base, temperature: 1e-300 });
    assert.ok(tiny.ok && Number.isFinite(tiny.call.scale), 'the smallest temperature offered still computes');
  });

  test('padding blocks the keys at and after the valid count', () => {
    const r = buildAttentionCall({ ...base, paddingValidKeys: 2 });
    assert.ok(r.ok && r.call.mask, 'has a mask');
    assert.deepEqual(toRows(r.call.mask!), [[1, 1, 0], [1, 1, 0], [1, 1, 0]]);
  });
});

test('seededText shows the seeded matrices, so switching to typing keeps the example', () => {
  const text = seededText(7, 3, 4, 4);
  assert.equal(text.Q.split('\n').length, 3);
  assert.equal(text.Q.split('\n')[0].split(' ').length, 4);
});

test('tokenize and the formula', () => {
  assert.deepEqual(tokenize('  the  cat\nsat '), ['the', 'cat', 'sat']);
  assert.equal(currentFormula({ ...base }, 4), '\\mathrm{softmax}\\!\\left(\\frac{1}{\\sqrt{4}}QK^\\top\\right)V');
  assert.match(currentFormula({ ...base, causal: true, temperature: 2 }, 4), /\\frac\{1\}\{2\}.*\+ M/);
});
