/**
 * The metrics calculator's PyTorch snippet. torch is not installed here, so the test checks that
 * the script parses as Python, holds the same data literals as the scikit-learn snippet, uses the
 * torch operations the lab's definitions need (and no torchmetrics), and prints JSON last.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { syntheticClassifier } from '../lib/calculators/metricsExplorer';
import { EXAMPLE_TYPED, metricsSpec, parseLabelScores } from '../lib/calculators/metricsSpec';
import { pytorchMetricsSnippet, sklearnMetricsSnippet, wrappedArrayLiteral } from '../lib/snippets/metricsSnippets';

const pythonMissing = spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not installed here: the snippet was not parsed' : false;

function assertParses(script: string): void {
  const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: script, encoding: 'utf8' });
  assert.equal(r.status, 0, `not valid Python:\n${r.stderr}\n--- script ---\n${script}`);
}

/** The numbers inside `name = <ctor>([ … ], dtype=…)`, as written. */
function literalValues(script: string, name: string): string[] {
  const m = new RegExp(`^${name} = [\\w.]+\\(\\[([^\\]]*)\\], dtype=`, 'm').exec(script);
  assert.ok(m, `${name} literal missing`);
  return m[1].split(',').map((x) => x.trim()).filter((x) => x !== '');
}

test('metrics PyTorch: the same labels, scores and threshold as the scikit-learn snippet, as tensors', () => {
  const typed = parseLabelScores(EXAMPLE_TYPED);
  const synthetic = syntheticClassifier({ ...presetState(metricsSpec), seed: 7 });
  for (const [data, threshold] of [
    [typed, 0.5],
    [synthetic, 0.37],
  ] as const) {
    const code = pytorchMetricsSnippet({ ...data, threshold });
    const sk = sklearnMetricsSnippet({ ...data, threshold });
    assert.deepEqual(literalValues(code, 'y_true'), literalValues(sk, 'y_true'));
    assert.deepEqual(literalValues(code, 'scores'), literalValues(sk, 'scores'));
    assert.deepEqual(literalValues(code, 'scores').map(Number), Array.from(data.scores), 'scores read back exactly');
    assert.ok(code.includes(`threshold = ${threshold}\n`));
    assert.match(code, /^y_true = torch\.tensor\(\[/m);
    assert.match(code, /dtype=torch\.float64\)/);
    assert.ok(code.split('\n').every((line) => line.length <= 120), 'lines stay readable');
  }
});

test('metrics PyTorch: the lab\'s definitions in plain torch, JSON last, no torchmetrics or scikit-learn', () => {
  const code = pytorchMetricsSnippet({ ...parseLabelScores(EXAMPLE_TYPED), threshold: 0.5 });
  for (const call of ['import torch', 'scores >= threshold', 'torch.argsort(scores, descending=True, stable=True)', 'torch.cumsum(', 'torch.diff(', '2 * tp + fp + fn', 'twice_u / (2 * positives * negatives)']) {
    assert.ok(code.includes(call), call);
  }
  assert.ok(!/torchmetrics|sklearn/.test(code));
  const last = code.trimEnd().split('\n').slice(-2).join('\n');
  assert.match(last, /print\(json\.dumps\(\{"tp": tp, .*"averagePrecision": average_precision, "rocAuc": roc_auc\}\)\)/s);
  assert.throws(() => pytorchMetricsSnippet({ yTrue: [1], scores: [], threshold: 0 }), /same/);
  assert.equal(wrappedArrayLiteral('x', ['1', '2'], 'torch.int64', 'torch.tensor'), 'x = torch.tensor([1, 2], dtype=torch.int64)');
});

test('metrics PyTorch: parses as Python (typed and synthetic data, a long wrapped literal)', { skip: pythonMissing }, () => {
  assertParses(pytorchMetricsSnippet({ ...parseLabelScores(EXAMPLE_TYPED), threshold: 0.5 }));
  const big = syntheticClassifier({ ...presetState(metricsSpec, 'imbalanced') });
  assertParses(pytorchMetricsSnippet({ ...big, threshold: 0.7 }));
});
