/**
 * The precision-and-pruning calculator's PyTorch snippet. torch is not installed here: the test
 * checks that it parses as Python, holds the seeded Q, K, V exactly (as float64 tensors, the same
 * numbers as the NumPy snippet), rounds at the stages lib/precision.ts rounds with the casts and
 * the written-out fp16 / int8 rounding, uses F.scaled_dot_product_attention, prunes as
 * lib/calculators/precisionPruning.ts does, and prints JSON last.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { precisionInputs, precisionPruningSpec } from '../lib/calculators/precisionPruningSpec';
import { toRows } from '../lib/matrix';
import { numpyPrecisionPruningSnippet, pytorchPrecisionPruningSnippet } from '../lib/snippets/precisionPruningSnippets';

const pythonMissing = spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not installed here: the snippet was not parsed' : false;

function literal(script: string, name: string): unknown {
  const m = new RegExp(`^${name} = (?:np\\.array|torch\\.tensor)\\((\\[[\\s\\S]*?\\]), dtype=`, 'm').exec(script);
  assert.ok(m, `${name} literal missing`);
  return JSON.parse(m[1].replace(/,\s*\]/g, ']'));
}

function snippets(preset: string) {
  const state = presetState(precisionPruningSpec, preset);
  const inputs = precisionInputs(state);
  const args = { q: inputs.q, k: inputs.k, v: inputs.v, causal: state.causal, threshold: state.threshold };
  return { state, inputs, code: pytorchPrecisionPruningSnippet(args), np: numpyPrecisionPruningSnippet(args) };
}

test('precision PyTorch: the seeded Q, K, V exactly, and the same causal flag and threshold as the NumPy snippet', () => {
  for (const preset of Object.keys(precisionPruningSpec.presets)) {
    const { state, inputs, code, np } = snippets(preset);
    for (const [name, m] of [['Q', inputs.q], ['K', inputs.k], ['V', inputs.v]] as const) {
      assert.deepEqual(literal(code, name), toRows(m), `${preset}: ${name}`);
      assert.deepEqual(literal(code, name), literal(np, name), `${preset}: ${name} as in NumPy`);
    }
    assert.match(code, /^Q = torch\.tensor\(\[/m);
    assert.ok(code.includes(`causal = ${state.causal ? 'True' : 'False'}\n`), preset);
    const threshold = (s: string) => s.split('\n').find((l) => l.startsWith('threshold = '));
    assert.equal(threshold(code), threshold(np), preset);
  }
});

test('precision PyTorch: rounds where lib/precision.ts rounds, SDPA for float64, pruning with renormalisation, JSON last', () => {
  const { code } = snippets('fp16-overflow');
  for (const call of [
    'import torch.nn.functional as F',
    'F.scaled_dot_product_attention(Q, K, V, is_causal=causal)',
    'F.scaled_dot_product_attention(Q.to(dtype), K.to(dtype), V.to(dtype), is_causal=causal)',
    // fp32 and bf16 by casts; bf16 through float32 as the lab (and PyTorch) does it.
    'cast(torch.float32)',
    'x.to(torch.float32).to(torch.bfloat16).double()',
    // fp16 rounded once, ties to even, overflow to inf.
    'torch.frexp(a)',
    'exponent.clamp(min=-14) - 10',
    'torch.round(a / spacing) * spacing',
    'rounded > 65504',
    'inputs.to(torch.float16)',
    // int8: symmetric per tensor, /127, half to even, clamp ±127; weights rounded to float32 first.
    'torch.round(x / max_abs * 127).clamp(-127, 127).to(torch.int8), max_abs / 127',
    '"int8": (int8_round_trip, to_fp32, lambda w: int8_round_trip(to_fp32(w)), to_fp32)',
    // The stages: inputs, each score, each weight, each output.
    'q, k, v = r_in(q), r_in(k), r_in(v)',
    'r_score(scale * (q @ k.T))',
    'r_weight(softmax_rows(scores))',
    'r_out(weights @ v)',
    'scale = 1 / math.sqrt(d)',
    // softmax's limit where fp16 scores overflowed.
    '(s == math.inf).double() / (s == math.inf).sum()',
    // Pruning: strictly below the threshold is dropped, a row with nothing left keeps its maximum.
    'keep = nonzero & (row >= t)',
    'keep = nonzero & (row == row.max())',
    'out[i] /= out[i].sum()',
    'delta = pruned @ V - ref_out',
  ]) {
    assert.ok(code.includes(call), call);
  }
  for (const format of ['"fp32"', '"fp16"', '"bf16"', '"int8"']) assert.ok(code.includes(`${format}: (`), format);
  const last = code.trimEnd().split('\n').slice(-2).join('\n');
  assert.match(last, /^print\(json\.dumps\(\{"formats": errors, "pruning": \{"sparsity": sparsity/);
  for (const key of ['weightsMax', 'weightsMean', 'outputMax', 'outputMean', 'overflowedScores', 'maxAbsError', 'relativeError', 'rowsKeptAtMax']) {
    assert.ok(code.includes(`"${key}"`), key);
  }
});

test('precision PyTorch: parses as Python', { skip: pythonMissing }, () => {
  for (const preset of Object.keys(precisionPruningSpec.presets)) {
    const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: snippets(preset).code, encoding: 'utf8' });
    assert.equal(r.status, 0, `${preset}: ${r.stderr}`);
  }
});
