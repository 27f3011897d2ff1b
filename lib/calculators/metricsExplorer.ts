/**
 * The "evaluation metrics" calculator: a synthetic classifier's scores, a threshold slider, the
 * confusion matrix and accuracy / precision / recall / F1 at that threshold, and the PR and ROC
 * curves with the current threshold marked on them. All metric math is lib/metrics.ts
 * (scikit-learn's definitions); this module only generates data and joins the pieces.
 *
 * - `syntheticClassifier`: exactly round(n · positiveShare) positives, placed at random positions
 *   (Fisher–Yates with mulberry32(seed)). Each sample has a latent score z ~ N(+separation/2, 1)
 *   for positives and N(−separation/2, 1) for negatives, so the classes' means are `separation`
 *   standard deviations apart (separation 0: no signal, ROC AUC ≈ ½; 3: AUC ≈ Φ(3/√2) ≈ 0.98).
 *   The reported score is the logistic 1 / (1 + e^(−z)), in (0, 1) like a predicted probability.
 *   It is a monotone map, so curves and AUC are those of z.
 * - A sample is predicted positive when score ≥ threshold, as scikit-learn's curves count it.
 * - `pointOnCurves` reads the curve points for a threshold t from the curves alone: the PR point
 *   of the smallest distinct score ≥ t, or sklearn's final point (recall 0, precision 1) when t is
 *   above every score; the ROC point of the largest curve threshold ≥ t (the first point (0, 0)
 *   when t is above every score). There precision 1 is the curve's convention, whereas
 *   `metricsAtThreshold` reports precision 0 with nothing predicted positive (zero_division).
 */
import { AttentionInputError } from '../errors';
import { assertFiniteNumber, assertInteger } from '../matrix';
import {
  averagePrecision,
  classificationMetrics,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  type ClassificationMetrics,
  type PrecisionRecallCurve,
  type RocCurve,
} from '../metrics';
import { mulberry32, normalSampler } from '../random';

export const SYNTHETIC_MAX_SAMPLES = 100_000;
export const MAX_SEPARATION = 10;

function assertInputObject(input: unknown, fn: string, fields: string): asserts input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', `${fn} needs { ${fields} }.`, { input: 'input' });
  }
}

export interface SyntheticClassifierInput {
  n: number;
  /** Share of positives, 0 … 1. */
  positiveShare: number;
  /** Distance between the class means of the latent score, in standard deviations, 0 … 10. */
  separation: number;
  seed: number;
}

export interface SyntheticClassifierResult {
  /** 0/1 labels. */
  yTrue: number[];
  /** In (0, 1). */
  scores: number[];
  positives: number;
}

export function syntheticClassifier(input: SyntheticClassifierInput): SyntheticClassifierResult {
  assertInputObject(input, 'syntheticClassifier', 'n, positiveShare, separation, seed');
  const { n, positiveShare, separation, seed } = input;
  assertInteger(n, 'n', 1, SYNTHETIC_MAX_SAMPLES);
  if (typeof positiveShare !== 'number' || !(positiveShare >= 0 && positiveShare <= 1)) {
    throw new AttentionInputError(
      'out-of-range',
      `positiveShare is ${String(positiveShare)}: the share of positives must be a number from 0 to 1.`,
      { input: 'positiveShare' },
    );
  }
  if (typeof separation !== 'number' || !(separation >= 0 && separation <= MAX_SEPARATION)) {
    throw new AttentionInputError(
      'out-of-range',
      `separation is ${String(separation)}: the distance between the classes must be a number from 0 to ${MAX_SEPARATION} standard deviations.`,
      { input: 'separation' },
    );
  }
  assertInteger(seed, 'seed', 0, 2 ** 32 - 1);
  const positives = Math.round(n * positiveShare);
  const random = mulberry32(seed);
  const yTrue = new Array<number>(n);
  for (let i = 0; i < n; i++) yTrue[i] = i < positives ? 1 : 0;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = yTrue[i];
    yTrue[i] = yTrue[j];
    yTrue[j] = t;
  }
  const normal = normalSampler(random);
  const scores = yTrue.map((y) => logistic(normal() + (y === 1 ? separation / 2 : -separation / 2)));
  return { yTrue, scores, positives };
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface MetricsAtThresholdResult extends ClassificationMetrics {
  threshold: number;
}

export function metricsAtThreshold(input: { yTrue: ArrayLike<number>; scores: ArrayLike<number>; threshold: number }): MetricsAtThresholdResult {
  assertInputObject(input, 'metricsAtThreshold', 'yTrue, scores, threshold');
  const { yTrue, scores, threshold } = input;
  assertFiniteNumber(threshold, 'threshold');
  if (typeof scores !== 'object' || scores === null || typeof scores.length !== 'number') {
    throw new AttentionInputError('invalid-argument', 'scores must be an array of numbers.', { input: 'scores' });
  }
  const yPred = new Array<number>(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      throw new AttentionInputError(
        'not-finite',
        `scores[${i}] (entry ${i + 1}) is ${String(s)}: every score must be a finite number.`,
        { input: 'scores', row: i },
      );
    }
    yPred[i] = s >= threshold ? 1 : 0;
  }
  return { threshold, ...classificationMetrics(yTrue, yPred) };
}

export interface MetricsCurves {
  pr: PrecisionRecallCurve;
  averagePrecision: number;
  roc: RocCurve;
  auc: number;
}

/** Both curves need positives and negatives; a one-class sample is refused with a message. */
export function computeMetricsCurves(input: { yTrue: ArrayLike<number>; scores: ArrayLike<number> }): MetricsCurves {
  assertInputObject(input, 'computeMetricsCurves', 'yTrue, scores');
  const { yTrue, scores } = input;
  // ROC first: its message names the missing class, whichever it is.
  const roc = rocCurve(yTrue, scores);
  return {
    pr: precisionRecallCurve(yTrue, scores),
    averagePrecision: averagePrecision(yTrue, scores),
    roc,
    auc: rocAuc(yTrue, scores),
  };
}

export interface CurvePoints {
  threshold: number;
  pr: { precision: number; recall: number; index: number };
  roc: { fpr: number; tpr: number; index: number };
}

/** The PR and ROC points of the current threshold (see the header); `index` is into the curve arrays. */
export function pointOnCurves(curves: MetricsCurves, threshold: number): CurvePoints {
  if (
    typeof curves !== 'object' ||
    curves === null ||
    !Array.isArray(curves.pr?.thresholds) ||
    !Array.isArray(curves.pr?.precision) ||
    curves.pr.precision.length !== curves.pr.thresholds.length + 1 ||
    !Array.isArray(curves.roc?.thresholds) ||
    curves.roc.thresholds.length === 0 ||
    curves.roc.fpr?.length !== curves.roc.thresholds.length
  ) {
    throw new AttentionInputError('invalid-argument', 'curves must be the result of computeMetricsCurves.', { input: 'curves' });
  }
  assertFiniteNumber(threshold, 'threshold');
  // PR thresholds increase: first index with thresholds[i] ≥ t, or the final extra point.
  const prT = curves.pr.thresholds;
  let lo = 0;
  let hi = prT.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prT[mid] >= threshold) hi = mid;
    else lo = mid + 1;
  }
  const prIndex = lo;
  // ROC thresholds decrease from +Infinity: last index with thresholds[k] ≥ t.
  const rocT = curves.roc.thresholds;
  lo = 0;
  hi = rocT.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (rocT[mid] >= threshold) lo = mid;
    else hi = mid - 1;
  }
  const rocIndex = lo;
  return {
    threshold,
    pr: { precision: curves.pr.precision[prIndex], recall: curves.pr.recall[prIndex], index: prIndex },
    roc: { fpr: curves.roc.fpr[rocIndex], tpr: curves.roc.tpr[rocIndex], index: rocIndex },
  };
}
