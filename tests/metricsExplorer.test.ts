import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  computeMetricsCurves,
  metricsAtThreshold,
  pointOnCurves,
  syntheticClassifier,
} from '../lib/calculators/metricsExplorer';
import { rocAuc } from '../lib/metrics';
import { throwsInput } from './support/assertions';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

// Eight samples, worked by hand below. Positives: 0.9, 0.7, 0.6, 0.3; negatives: 0.8, 0.55, 0.4, 0.2.
const yTrue = [1, 0, 1, 1, 0, 0, 1, 0];
const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];

describe('metricsAtThreshold', () => {
  test('threshold 0.5: predicted positive 0.9 … 0.55 → tp 3, fp 2, tn 2, fn 1', () => {
    const m = metricsAtThreshold({ yTrue, scores, threshold: 0.5 });
    assert.deepEqual([m.tp, m.fp, m.tn, m.fn], [3, 2, 2, 1]);
    assert.equal(m.accuracy, 5 / 8);
    assert.equal(m.precision, 3 / 5);
    assert.equal(m.recall, 3 / 4);
    assert.equal(m.f1, 6 / 9); // 2·3 / (2·3 + 2 + 1)
    assert.equal(m.threshold, 0.5);
  });

  test('score = threshold counts as positive: at 0.6, tp 3, fp 1, tn 3, fn 1', () => {
    const m = metricsAtThreshold({ yTrue, scores, threshold: 0.6 });
    assert.deepEqual([m.tp, m.fp, m.tn, m.fn], [3, 1, 3, 1]);
    assert.equal(m.precision, 3 / 4);
  });

  test('refuses a bad threshold or score', () => {
    throwsInput(() => metricsAtThreshold({ yTrue, scores, threshold: NaN }), /threshold is NaN/, 'threshold');
    throwsInput(() => metricsAtThreshold({ yTrue: [1], scores: [Infinity], threshold: 0 }), /scores\[0\] \(entry 1\)/, 'scores');
  });
});

describe('computeMetricsCurves and pointOnCurves', () => {
  const curves = computeMetricsCurves({ yTrue, scores });

  test('AP and AUC by hand', () => {
    // Descending, AP adds ΔR·P at each positive: ¼·1 (0.9) + ¼·⅔ (0.7) + ¼·¾ (0.6) + ¼·4/7 (0.3)
    // = 84/336 + 56/336 + 63/336 + 48/336 = 251/336.
    close(curves.averagePrecision, 251 / 336, 1e-15, 'AP');
    // Positive beats negative: 0.9 beats 4, 0.7 beats 3, 0.6 beats 3, 0.3 beats 1 → 11 of 16.
    assert.equal(curves.auc, 11 / 16);
    assert.deepEqual(curves.roc.fpr, [0, 0, 0.25, 0.25, 0.25, 0.5, 0.75, 0.75, 1]);
    assert.deepEqual(curves.roc.tpr, [0, 0.25, 0.25, 0.5, 0.75, 0.75, 0.75, 1, 1]);
    assert.deepEqual(structuredClone(curves), curves);
  });

  test('threshold 0.5 lands on the 0.55 points: PR (P ⅗, R ¾), ROC (½, ¾)', () => {
    const p = pointOnCurves(curves, 0.5);
    assert.deepEqual(p.pr, { precision: 3 / 5, recall: 3 / 4, index: 3 });
    assert.deepEqual(p.roc, { fpr: 0.5, tpr: 0.75, index: 5 });
  });

  test('above every score: PR end point (1, 0) and ROC origin; below every score: recall 1', () => {
    const high = pointOnCurves(curves, 0.95);
    assert.deepEqual(high.pr, { precision: 1, recall: 0, index: 8 });
    assert.deepEqual(high.roc, { fpr: 0, tpr: 0, index: 0 });
    const low = pointOnCurves(curves, 0);
    assert.deepEqual(low.pr, { precision: 0.5, recall: 1, index: 0 });
    assert.deepEqual(low.roc, { fpr: 1, tpr: 1, index: 8 });
  });

  test('property: the curve point agrees with the confusion matrix at any threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 10 }).map((s) => s / 10)), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: -2, max: 12 }).map((t) => t / 10),
        (samples, t) => {
          const y = samples.map((s) => s[0]);
          const sc = samples.map((s) => s[1]);
          fc.pre(y.includes(0) && y.includes(1));
          const p = pointOnCurves(computeMetricsCurves({ yTrue: y, scores: sc }), t);
          const m = metricsAtThreshold({ yTrue: y, scores: sc, threshold: t });
          close(p.pr.recall, m.recall, 1e-15, 'recall');
          close(p.roc.tpr, m.recall, 1e-15, 'tpr');
          close(p.roc.fpr, m.fp / (m.fp + m.tn), 1e-15, 'fpr');
          if (m.tp + m.fp > 0) close(p.pr.precision, m.precision, 1e-15, 'precision');
          else assert.equal(p.pr.precision, 1, 'nothing predicted positive: the curve says 1');
        },
      ),
      { numRuns: 200 },
    );
  });

  test('one class is refused with a message naming the missing class', () => {
    throwsInput(() => computeMetricsCurves({ yTrue: [1, 1], scores: [0.2, 0.4] }), /no negatives/, 'yTrue');
    throwsInput(() => pointOnCurves({} as never, 0.5), /computeMetricsCurves/, 'curves');
  });
});

describe('syntheticClassifier', () => {
  test('exactly round(n·share) positives, scores in (0, 1), repeatable from the seed', () => {
    const a = syntheticClassifier({ n: 101, positiveShare: 0.3, separation: 2, seed: 7 });
    assert.equal(a.positives, 30); // round(30.3)
    assert.equal(a.yTrue.reduce((s, y) => s + y, 0), 30);
    assert.ok(a.scores.every((s) => s > 0 && s < 1), 'scores in (0, 1)');
    assert.deepEqual(syntheticClassifier({ n: 101, positiveShare: 0.3, separation: 2, seed: 7 }), a);
    assert.notDeepEqual(syntheticClassifier({ n: 101, positiveShare: 0.3, separation: 2, seed: 8 }).yTrue, a.yTrue);
  });

  test('AUC follows the separation: ½ at 0, Φ(3/√2) ≈ 0.9831 at 3', () => {
    // For two unit normals whose means differ by δ, P(pos > neg) = Φ(δ/√2); Φ(2.1213) = 0.98305.
    const none = syntheticClassifier({ n: 20000, positiveShare: 0.5, separation: 0, seed: 1 });
    close(rocAuc(none.yTrue, none.scores), 0.5, 0.015, 'separation 0');
    const three = syntheticClassifier({ n: 20000, positiveShare: 0.5, separation: 3, seed: 2 });
    close(rocAuc(three.yTrue, three.scores), 0.98305, 0.005, 'separation 3');
  });

  test('refuses bad parameters', () => {
    throwsInput(() => syntheticClassifier({ n: 10, positiveShare: 1.2, separation: 1, seed: 1 }), /positiveShare is 1.2/, 'positiveShare');
    throwsInput(() => syntheticClassifier({ n: 10, positiveShare: 0.5, separation: -1, seed: 1 }), /separation is -1/, 'separation');
    throwsInput(() => syntheticClassifier({ n: 0, positiveShare: 0.5, separation: 1, seed: 1 }), /n is 0/, 'n');
  });
});
