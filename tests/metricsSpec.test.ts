/** The evaluation metrics calculator's state: presets, share links, rules, state → inputs, snippets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { computeMetricsCurves, syntheticClassifier } from '../lib/calculators/metricsExplorer';
import {
  EXAMPLE_TYPED,
  TYPED_MAX_SAMPLES,
  areaUnder,
  formatLabelScores,
  metricsSpec,
  parseLabelScores,
  prStepPoints,
  thresholdRange,
} from '../lib/calculators/metricsSpec';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { sklearnMetricsSnippet, wrappedArrayLiteral } from '../lib/snippets/metricsSnippets';

test('every preset survives a share link: encode, decode, validate, same state; links stay short', () => {
  for (const name of Object.keys(metricsSpec.presets)) {
    const state = presetState(metricsSpec, name);
    const fragment = encodeShareFragment('demo', { calculator: metricsSpec.name, version: metricsSpec.stateVersion, state });
    assert.ok(fragment.length < 700, `${name}: ${fragment.length} characters`);
    const decoded = decodeShareFragment(fragment);
    assert.ok(decoded.ok);
    if (!decoded.ok) continue;
    const opened = stateFromLink(metricsSpec, decoded, presetState(metricsSpec));
    assert.deepEqual(opened.problems, [], name);
    assert.deepEqual(opened.state, state);
  }
});

test('a link with a bad typed line opens the fallback, naming the line', () => {
  const typed = stateFromLink(metricsSpec, { calculator: metricsSpec.name, version: 1, state: { ...presetState(metricsSpec, 'by-hand'), typed: '1 0.5\n2 0.3' } }, presetState(metricsSpec));
  assert.match(typed.problems.join(' '), /line 2: the label must be 0 or 1/);
});

test('metrics: typed lines parse with their problems named by line', () => {
  const ok = parseLabelScores('# label score\n1 0.9\n\n0, 0.2\n1;-3e-1\n0\t7');
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.yTrue, [1, 0, 1, 0]);
  assert.deepEqual(ok.scores, [0.9, 0.2, -0.3, 7]);
  assert.match(parseLabelScores('1 0.9\n2 0.1').problems[0], /^line 2: the label must be 0 or 1/);
  assert.match(parseLabelScores('1 x').problems[0], /^line 1: the score must be a number/);
  assert.match(parseLabelScores('1 0.5 0.7').problems[0], /found 3 values/);
  assert.match(parseLabelScores('  \n').problems[0], /at least one/);
  const many = Array.from({ length: TYPED_MAX_SAMPLES + 1 }, () => '1 0.5').join('\n');
  assert.match(parseLabelScores(many).problems[0], /at most/);
  assert.equal(formatLabelScores([1, 0], [0.123456, 0.5]), '1 0.1235\n0 0.5');
  const round = parseLabelScores(formatLabelScores(ok.yTrue, ok.scores));
  assert.deepEqual(round.scores, ok.scores);
});

test('metrics: the PR step curve has exactly the area of average precision', () => {
  for (const [separation, share] of [[1.5, 0.3], [0, 0.5], [3, 0.05]] as const) {
    const data = syntheticClassifier({ n: 300, positiveShare: share, separation, seed: 4 });
    const curves = computeMetricsCurves(data);
    const steps = prStepPoints(curves.pr);
    assert.equal(steps[0].x, 0);
    assert.equal(steps[steps.length - 1].x, 1);
    assert.ok(Math.abs(areaUnder(steps) - curves.averagePrecision) < 1e-12, `separation ${separation}`);
  }
  const byHand = parseLabelScores(EXAMPLE_TYPED);
  const curves = computeMetricsCurves(byHand);
  assert.ok(Math.abs(areaUnder(prStepPoints(curves.pr)) - curves.averagePrecision) < 1e-12);
});

test('metrics: the threshold slider spans (0, 1) for synthetic scores and the typed scores otherwise', () => {
  assert.deepEqual(thresholdRange('synthetic', [5, 6]), { min: 0, max: 1, step: 0.001 });
  const r = thresholdRange('typed', [-2, 8]);
  assert.ok(r.min < -2 && r.max > 8 && r.step > 0);
  const flat = thresholdRange('typed', [3, 3]);
  assert.ok(flat.min < 3 && flat.max > 3);
});

test('metrics: the scikit-learn snippet holds the data exactly and computes what the calculator shows', () => {
  const data = parseLabelScores(EXAMPLE_TYPED);
  const code = sklearnMetricsSnippet({ ...data, threshold: 0.5 });
  assert.match(code, /y_true = np\.array\(\[1, 1, 0, 1, 0, 1, 0, 0, 1, 0\], dtype=int\)/);
  assert.match(code, /scores = np\.array\(\[\s*0\.95, 0\.85, 0\.8, 0\.7, 0\.55, 0\.45, 0\.4, 0\.3, 0\.2, 0\.1,?\s*\], dtype=np\.float64\)/);
  for (const fn of ['precision_recall_curve', 'average_precision_score', 'roc_auc_score', 'confusion_matrix']) assert.ok(code.includes(fn));
  assert.match(code, /zero_division=0/);
  const long = wrappedArrayLiteral('x', Array.from({ length: 100 }, (_, i) => String(i)), 'int');
  assert.ok(long.split('\n').every((line) => line.length <= 88));
  assert.ok(long.startsWith('x = np.array([\n') && long.endsWith('\n], dtype=int)'));
  assert.throws(() => sklearnMetricsSnippet({ yTrue: [1], scores: [], threshold: 0 }), /same/);
});
