/**
 * The positional-encodings calculator's PyTorch snippet. torch is not installed here: the test
 * checks that it parses as Python, carries the same literals as the NumPy snippet (which
 * tests/positionalEncodingSpec.test.ts runs against the lab), uses torch for each step and prints
 * the same JSON keys last.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { positionalEncodingSpec, rotaryArgs, ROTARY_SHIFTS, similarityArgs } from '../lib/calculators/positionalEncodingSpec';
import { numpyPositionalSnippet, pytorchPositionalSnippet } from '../lib/snippets/positionalSnippets';
import { pythonFloat } from '../lib/snippets/pythonLiterals';

const pythonMissing = spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not installed here: the snippet was not parsed' : false;

function states() {
  const base = presetState(positionalEncodingSpec);
  return [base, { ...base, d: 7, n: 10, reference: 3, base: 100, theta: -2.5, positionQ: -4 }];
}

/** Lines that set inputs: the same text in both snippets. */
const LITERAL_LINE = /^(n, d, base|reference|theta|m, k_pos|shifts) = .*$/gm;

test('positional PyTorch: the same inputs as the NumPy snippet, computed with torch', () => {
  for (const s of states()) {
    const input = { ...similarityArgs(s), ...rotaryArgs(s), shifts: ROTARY_SHIFTS };
    const code = pytorchPositionalSnippet(input);
    const np = numpyPositionalSnippet(input);
    assert.deepEqual(code.match(LITERAL_LINE), np.match(LITERAL_LINE));
    assert.ok(code.includes(`n, d, base = ${s.n}, ${s.d}, `));
    const [q0, q1] = input.q2.map(pythonFloat);
    const [k0, k1] = input.k2.map(pythonFloat);
    assert.ok(code.includes(`q = torch.tensor([${q0}, ${q1}], dtype=torch.float64)`), 'q literal');
    assert.ok(code.includes(`k = torch.tensor([${k0}, ${k1}], dtype=torch.float64)`), 'k literal');
    assert.ok(np.includes(`q = np.array([${q0}, ${q1}])`) && np.includes(`k = np.array([${k0}, ${k1}])`), 'the NumPy snippet has the same pair');
    for (const call of ['import torch', 'torch.arange(n, dtype=torch.float64)', 'torch.sin(angle)', 'torch.cos(angle)', 'similarity = pe @ pe.T', 'torch.stack(', 'rotate(q, (m + s) * theta) @ rotate(k, (k_pos + s) * theta)']) {
      assert.ok(code.includes(call), call);
    }
    assert.ok(!code.includes('np.'), 'no NumPy left over');
    const json = code.trimEnd().split('\n').slice(-2).join('\n');
    for (const key of ['pe_row_1', 'similarity_to_reference', 'dot_unrotated', '"dot"', 'shifted_dots']) assert.ok(json.includes(key), key);
    assert.match(json, /^print\(json\.dumps\(/);
  }
});

test('positional PyTorch: parses as Python', { skip: pythonMissing }, () => {
  for (const s of states()) {
    const code = pytorchPositionalSnippet({ ...similarityArgs(s), ...rotaryArgs(s), shifts: ROTARY_SHIFTS });
    const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stderr}\n${code}`);
  }
});
