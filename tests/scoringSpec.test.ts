/**
 * The scoring-functions calculator: state → input (seeded, separate streams), the share-link round
 * trip, the one-line reading, and the NumPy snippet run with python3 against the lab's numbers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { computeScoringComparison, SCORING_METHODS, type ScoringMethod } from '../lib/calculators/scoringComparison';
import { queryLabels, scoringInput, scoringKey, scoringReading, scoringSpec, type ScoringState } from '../lib/calculators/scoringSpec';
import { toRows } from '../lib/matrix';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { numpyScoringSnippet } from '../lib/snippets/scoringSnippets';

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here: the NumPy snippet was not run' : false;

function runPython(script: string): any {
  const r = spawnSync('python3', ['-W', 'error', '-'], { input: script, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `python3 failed:\n${r.stderr}\n--- script ---\n${script}`);
  const lines = r.stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function snippetFor(state: ScoringState) {
  const input = scoringInput(state);
  const result = computeScoringComparison(input);
  const text = numpyScoringSnippet({
    q: input.q,
    k: input.k,
    v: input.v,
    ...result.parameters,
    causal: state.causal,
    queryLabels: queryLabels(state),
    keyLabels: state.tokens,
    selfAttention: state.queries === 'tokens',
  });
  return { text, result };
}

describe('scoringSpec', () => {
  test('every preset passes its own rules and computes', () => {
    for (const name of Object.keys(scoringSpec.presets)) {
      const state = presetState(scoringSpec, name);
      const r = computeScoringComparison(scoringInput(state));
      assert.equal(r.methods.length, 4, name);
      assert.equal(r.methods[0].weights.rows, queryLabels(state).length, name);
      assert.equal(r.methods[0].weights.cols, state.tokens.length, name);
    }
  });

  test('self-attention uses X for Q, K and V; separate queries come from another stream, and so do the parameters', () => {
    const base = presetState(scoringSpec, 'basic');
    const self = scoringInput(base);
    assert.equal(self.q, self.k);
    assert.equal(self.k, self.v);
    assert.equal(self.q.rows, base.tokens.length);
    assert.equal(self.q.cols, base.d);
    assert.equal(self.seed, base.seed + 2);
    const separate = scoringInput({ ...base, queries: 'separate', queryCount: 2 });
    assert.equal(separate.q.rows, 2);
    assert.notDeepEqual(toRows(separate.q)[0], toRows(separate.k)[0]);
    assert.deepEqual(queryLabels({ ...base, queries: 'separate', queryCount: 2 }), ['q1', 'q2']);
    assert.deepEqual(queryLabels(base), base.tokens);
    // The key changes with anything that changes the input, not with token spelling.
    assert.equal(scoringKey(base), scoringKey({ ...base, tokens: base.tokens.map((t) => t.toUpperCase()) }));
    assert.notEqual(scoringKey(base), scoringKey({ ...base, d: base.d + 1 }));
    assert.notEqual(scoringKey(base), scoringKey({ ...base, causal: !base.causal }));
  });

  test('a share link round-trips; a tampered state opens the fallback with reasons', () => {
    const state = { ...presetState(scoringSpec, 'basic'), d: 32, hidden: 5, causal: true, queries: 'separate' as const, queryCount: 4 };
    const fragment = encodeShareFragment('scoring', { calculator: scoringSpec.name, version: scoringSpec.stateVersion, state });
    assert.ok(fragment.length < 200, `compact link fragment (${fragment.length} characters)`);
    const decoded = decodeShareFragment(fragment);
    assert.ok(decoded.ok);
    if (!decoded.ok) return;
    const opened = stateFromLink(scoringSpec, decoded, presetState(scoringSpec));
    assert.deepEqual(opened.problems, []);
    assert.deepEqual(opened.state, state);
    const bad = stateFromLink(scoringSpec, { calculator: scoringSpec.name, version: 1, state: { ...state, d: 1000 } }, presetState(scoringSpec));
    assert.ok(bad.problems.length > 0);
    assert.deepEqual(bad.state, presetState(scoringSpec));
  });

  test('the reading names the sharper unscaled dot product at large d and the equality at d = 1', () => {
    const entropies = (dot: number, scaledDot: number): Record<ScoringMethod, number> => ({ dot, scaledDot, general: 1, additive: 1 });
    assert.match(scoringReading({ d: 64, selfAttention: false, meanEntropy: entropies(0.1, 1.5), maxEntropy: Math.log(6) }), /unscaled dot product is sharper.*0\.10 nats against 1\.50.*√64 ≈ 8\.0/);
    assert.match(scoringReading({ d: 1, selfAttention: true, meanEntropy: entropies(1, 1), maxEntropy: Math.log(6) }), /same function/);
    assert.match(scoringReading({ d: 4, selfAttention: false, meanEntropy: entropies(1.5, 1.52), maxEntropy: Math.log(6) }), /still close/);
    assert.match(scoringReading({ d: 64, selfAttention: true, meanEntropy: entropies(0, 0.04), maxEntropy: Math.log(6) }), /Both dot products.*its own best key/);
    // On the real preset at d = 64 the lab's numbers give the "sharper" reading.
    const r = computeScoringComparison(scoringInput(presetState(scoringSpec, 'large-d')));
    const byMethod = Object.fromEntries(r.methods.map((m) => [m.method, m.meanEntropy])) as Record<ScoringMethod, number>;
    assert.ok(byMethod.dot < byMethod.scaledDot);
    assert.match(scoringReading({ d: 64, selfAttention: false, meanEntropy: byMethod, maxEntropy: r.maxEntropy }), /sharper/);
  });
});

describe('numpyScoringSnippet', () => {
  test('writes the parameters as literals and names all four methods', () => {
    const { text, result } = snippetFor(presetState(scoringSpec, 'basic'));
    for (const name of ['W = np.array(', 'W1 = np.array(', 'W2 = np.array(', 'va = np.array(', 'Q, K, V = X, X, X']) assert.ok(text.includes(name), name);
    for (const method of SCORING_METHODS) assert.ok(text.includes(`"${method}"`), method);
    assert.ok(text.includes(String(result.parameters.va[0])), 'vₐ printed from the result');
    const separate = snippetFor({ ...presetState(scoringSpec, 'separate') }).text;
    assert.ok(separate.includes('V = K  # the tokens are keys and values'));
  });

  for (const preset of ['basic', 'causal', 'separate', 'large-d']) {
    test(`python3 reproduces the lab's weights, entropies and differences (${preset})`, { skip: numpyMissing }, () => {
      const { text, result } = snippetFor(presetState(scoringSpec, preset));
      const out = runPython(text);
      for (const m of result.methods) {
        const rows = toRows(m.weights);
        rows.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(out.weights[m.method][i][j] - x) <= 1e-12, `${m.method}[${i}][${j}]: ${out.weights[m.method][i][j]} vs ${x}`)));
        assert.ok(Math.abs(out.entropy[m.method] - m.meanEntropy) <= 1e-12, `${m.method} entropy`);
      }
      result.differences.forEach((diff, i) => {
        assert.equal(out.differences[i].a, diff.a);
        assert.equal(out.differences[i].b, diff.b);
        assert.ok(Math.abs(out.differences[i].maxAbsWeightDiff - diff.maxAbsWeightDiff) <= 1e-12);
        assert.ok(Math.abs(out.differences[i].meanTotalVariation - diff.meanTotalVariation) <= 1e-12);
      });
    });
  }
});
