/**
 * The scoring calculator's PyTorch snippet and weights CSV. torch is not installed here: the test
 * checks that the snippet parses as Python, holds exactly the numbers of the NumPy snippet (run
 * against the lab in tests/scoringSpec.test.ts), computes the four scores and uses
 * F.scaled_dot_product_attention for the three dot-product methods. The CSV is read back.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { computeScoringComparison, SCORING_METHODS } from '../lib/calculators/scoringComparison';
import { queryLabels, scoringInput, scoringSpec, type ScoringState } from '../lib/calculators/scoringSpec';
import { toRows } from '../lib/matrix';
import { numpyScoringSnippet, pytorchScoringSnippet, scoringWeightsCsv, type ScoringSnippetInput } from '../lib/snippets/scoringSnippets';

const pythonMissing = spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not installed here: the snippet was not parsed' : false;

function inputFor(state: ScoringState): ScoringSnippetInput {
  const input = scoringInput(state);
  const result = computeScoringComparison(input);
  return {
    q: input.q,
    k: input.k,
    v: input.v,
    ...result.parameters,
    causal: state.causal,
    queryLabels: queryLabels(state),
    keyLabels: state.tokens,
    selfAttention: state.queries === 'tokens',
  };
}

/** The nested list of `name = np.array(…)` / `torch.tensor(…)`, read back as numbers. */
function literal(script: string, name: string): unknown {
  const m = new RegExp(`^${name} = (?:np\\.array|torch\\.tensor)\\((\\[[\\s\\S]*?\\]), dtype=`, 'm').exec(script);
  assert.ok(m, `${name} literal missing`);
  return JSON.parse(m[1].replace(/,\s*\]/g, ']'));
}

const PRESETS = ['basic', 'causal', 'separate', 'large-d'];

test('scoring PyTorch: exactly the NumPy snippet\'s inputs and parameters, as float64 tensors', () => {
  for (const preset of PRESETS) {
    const state = presetState(scoringSpec, preset);
    const input = inputFor(state);
    const code = pytorchScoringSnippet(input);
    const np = numpyScoringSnippet(input);
    const names = state.queries === 'tokens' ? ['X', 'W', 'W1', 'W2', 'va'] : ['Q', 'K', 'W', 'W1', 'W2', 'va'];
    for (const name of names) assert.deepEqual(literal(code, name), literal(np, name), `${preset}: ${name}`);
    assert.deepEqual(literal(code, 'va'), input.va, `${preset}: va read back exactly`);
    assert.deepEqual(literal(code, 'W'), toRows(input.w), `${preset}: W read back exactly`);
    for (const line of ['queries = ', 'keys = ', 'd = ', 'causal = ']) {
      const pick = (s: string) => s.split('\n').find((l) => l.startsWith(line));
      assert.equal(pick(code), pick(np), `${preset}: ${line}`);
    }
    assert.ok(!code.includes('np.'), 'no NumPy left over');
  }
});

test('scoring PyTorch: four scores, the masked softmax, SDPA for the dot-product methods, JSON last', () => {
  const code = pytorchScoringSnippet(inputFor(presetState(scoringSpec, 'causal')));
  for (const method of SCORING_METHODS) assert.ok(code.includes(`"${method}":`), method);
  for (const call of [
    '"dot": Q @ K.T',
    '"scaledDot": Q @ K.T / math.sqrt(d)',
    '"general": Q @ W @ K.T',
    'torch.tanh((Q @ W1)[:, None, :] + (K @ W2)[None, :, :]) @ va',
    'allowed.tril()',
    'masked_fill(~allowed, -math.inf)',
    'F.scaled_dot_product_attention(Q, K, V, is_causal=causal, scale=1.0)',
    'F.scaled_dot_product_attention(Q, K, V, is_causal=causal)',
    'F.scaled_dot_product_attention(Q @ W, K, V, is_causal=causal, scale=1.0)',
    'torch.special.entr(',
  ]) {
    assert.ok(code.includes(call), call);
  }
  assert.ok(code.includes('causal = True'));
  assert.match(code.trimEnd().split('\n').slice(-5).join('\n'), /^print\(json\.dumps\(\{\n {4}"weights".*\n {4}"entropy".*\n {4}"differences": differences,\n\}\)\)$/);
});

test('scoring PyTorch: parses as Python', { skip: pythonMissing }, () => {
  for (const preset of PRESETS) {
    const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: pytorchScoringSnippet(inputFor(presetState(scoringSpec, preset))), encoding: 'utf8' });
    assert.equal(r.status, 0, `${preset}: ${r.stderr}`);
  }
});

test('scoring CSV: one labelled block per method, read back to the lab\'s weights', () => {
  const state = presetState(scoringSpec, 'causal');
  const result = computeScoringComparison(scoringInput(state));
  const rows = queryLabels(state);
  const csv = scoringWeightsCsv(result.methods, rows, state.tokens);
  assert.ok(csv.endsWith('\r\n') && !/[^\r]\n/.test(csv), 'CRLF line ends');
  const blocks = csv.split('\r\n\r\n');
  assert.equal(blocks.length, SCORING_METHODS.length);
  blocks.forEach((block, b) => {
    const m = result.methods[b];
    const lines = block.trimEnd().split('\r\n');
    assert.equal(lines[0], `method,${m.method},${m.label}`);
    assert.equal(lines[1], ['', ...state.tokens].join(','));
    assert.equal(lines.length, 2 + m.weights.rows);
    lines.slice(2).forEach((line, i) => {
      const [label, ...cells] = line.split(',');
      assert.equal(label, rows[i]);
      assert.deepEqual(cells.map(Number), toRows(m.weights)[i], `${m.method} row ${i}`);
    });
  });
  // Labels that a spreadsheet would run as a formula, or that need quoting.
  const tricky = scoringWeightsCsv([{ method: 'dot', label: '=SUM(A1), "x"', weights: { rows: 1, cols: 1, data: new Float64Array([1]) } }], ['q'], ['k']);
  assert.equal(tricky.split('\r\n')[0], `method,dot,"'=SUM(A1), ""x"""`);
});
