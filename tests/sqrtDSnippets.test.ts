/**
 * The "why √d" calculator's PyTorch snippet. torch is not installed here: the test checks that it
 * parses as Python, says that its samples differ but its statistics agree, carries the state's
 * numbers like the NumPy snippet (run against the lab in tests/sqrtDSpec.test.ts) and prints the
 * same JSON keys last.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { SQRT_D_DIMENSIONS, sqrtDSpec } from '../lib/calculators/sqrtDSpec';
import { numpySqrtDSnippet, pytorchSqrtDSnippet } from '../lib/snippets/sqrtDSnippets';

const pythonMissing = spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not installed here: the snippet was not parsed' : false;

/** Lines that set the experiment's parameters: the same text in both snippets. */
const PARAMETER_LINE = /^(d|samples|keys|temperature|seed|bins|SATURATED) = .*$/gm;

test('sqrt-d PyTorch: the same parameters as the NumPy snippet, torch\'s generator, and the caveat', () => {
  const state = { ...presetState(sqrtDSpec), temperature: 0.3, seed: 11 };
  const code = pytorchSqrtDSnippet(state);
  assert.deepEqual(code.match(PARAMETER_LINE), numpySqrtDSnippet(state).match(PARAMETER_LINE));
  assert.ok(code.includes('temperature = 0.3') && code.includes('seed = 11') && code.includes(`d = ${state.d}\n`));
  assert.match(code, /samples differ from the site's/);
  assert.match(code, /statistics .* agree/s);
  for (const call of ['torch.Generator().manual_seed(seed)', 'torch.randn(', 'generator=generator', 'torch.einsum("sd,skd->sk", q, k)', 'torch.softmax(', 'var(correction=0)', 'torch.special.entr(', 'torch.histogram(']) {
    assert.ok(code.includes(call), call);
  }
  assert.ok(code.includes(`for dd in [${SQRT_D_DIMENSIONS.join(', ')}]`));
  assert.equal(code.trimEnd().split('\n').pop(), 'print(json.dumps({"stats": stats, "sweep": sweep}))');
  assert.equal(pytorchSqrtDSnippet(state, { sweep: false }).trimEnd().split('\n').pop(), 'print(json.dumps({"stats": stats}))');
  for (const key of ['rawVariance', 'scaledVariance', 'unscaledMeanEntropy', 'scaledMeanEntropy', 'unscaledSaturatedShare', 'scaledSaturatedShare']) {
    assert.ok(code.includes(`"${key}"`), key);
  }
});

test('sqrt-d PyTorch: parses as Python', { skip: pythonMissing }, () => {
  for (const name of Object.keys(sqrtDSpec.presets)) {
    for (const sweep of [true, false]) {
      const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: pytorchSqrtDSnippet(presetState(sqrtDSpec, name), { sweep }), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  }
});
