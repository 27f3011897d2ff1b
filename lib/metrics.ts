/**
 * Binary classification metrics (labels 0/1, class 1 positive), matching scikit-learn 1.3+ except
 * where noted:
 * - classificationMetrics: precision, recall and F1 are 0 when their denominator is 0, as with
 *   sklearn's default `zero_division` ("warn", which returns 0). F1 is the harmonic mean of
 *   precision and recall, computed as 2·tp / (2·tp + fp + fn).
 * - averagePrecision: sklearn's step-wise AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct scores, descending.
 *   Without positives sklearn warns and returns 0; we throw, because recall is undefined then.
 * - precisionRecallCurve: every distinct score is a threshold (no cut at full recall, as in
 *   sklearn ≥ 1.1); thresholds increase and precision/recall end with the extra point (1, 0).
 *   Without positives sklearn warns and sets recall to 1; we throw.
 * - rocCurve: drop_intermediate=false; thresholds start at +Infinity (sklearn ≥ 1.3). With only one
 *   class sklearn warns and returns NaN rates; we throw. Infinity does not survive JSON.stringify.
 * - rocAuc: area with ties counted one half (the Mann–Whitney U / (P·N)), computed from integer
 *   pair counts, so it can differ from sklearn's trapezoid sum in the last bit.
 * Error messages name entries as `yTrue[3] (entry 4)`; `where.row` holds the 0-based index.
 * Everything is O(n log n): one sort per class.
 */
import { AttentionInputError } from './errors';

/** Refuses inputs that would freeze the tab rather than anything the math needs. */
export const MAX_METRIC_SAMPLES = 1_000_000;

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface PrecisionRecallCurve {
  /** precision[i] is for score ≥ thresholds[i]; one extra final entry equal to 1. */
  precision: number[];
  /** Non-increasing; one extra final entry equal to 0. */
  recall: number[];
  /** Distinct scores, increasing. */
  thresholds: number[];
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** +Infinity, then the distinct scores decreasing. */
  thresholds: number[];
}

type Values = ArrayLike<number>;

function isArrayLikeOfNumbers(x: unknown): x is Values {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function assertVector(x: unknown, name: string): asserts x is Values {
  if (!isArrayLikeOfNumbers(x)) {
    throw new AttentionInputError('invalid-argument', `${name} must be an array of numbers.`, { input: name });
  }
  if (x.length === 0) {
    throw new AttentionInputError('shape', `${name} is empty: give at least one sample.`, { input: name });
  }
  if (x.length > MAX_METRIC_SAMPLES) {
    throw new AttentionInputError(
      'out-of-range',
      `${name} has ${x.length} samples; the most supported here is ${MAX_METRIC_SAMPLES}.`,
      { input: name },
    );
  }
}

function assertLabels(y: Values, name: string, what: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new AttentionInputError(
        'invalid-argument',
        `${name}[${i}] (entry ${i + 1}) is ${String(v)}: ${what} must be 0 or 1.`,
        { input: name, row: i },
      );
    }
  }
}

function assertSameLength(a: Values, aName: string, b: Values, bName: string): void {
  if (a.length !== b.length) {
    throw new AttentionInputError(
      'shape',
      `${bName} has ${b.length} entries but ${aName} has ${a.length}: give one per sample.`,
      { input: bName },
    );
  }
}

function validateScored(yTrue: unknown, scores: unknown): asserts scores is Values {
  assertVector(yTrue, 'yTrue');
  assertVector(scores, 'scores');
  assertSameLength(yTrue, 'yTrue', scores, 'scores');
  assertLabels(yTrue, 'yTrue', 'labels');
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      throw new AttentionInputError(
        'not-finite',
        `scores[${i}] (entry ${i + 1}) is ${String(s)}: every score must be a finite number.`,
        { input: 'scores', row: i },
      );
    }
  }
}

/** Hard-label counts and the rates built from them. */
export function classificationMetrics(yTrue: Values, yPred: Values): ClassificationMetrics {
  assertVector(yTrue, 'yTrue');
  assertVector(yPred, 'yPred');
  assertSameLength(yTrue, 'yTrue', yPred, 'yPred');
  assertLabels(yTrue, 'yTrue', 'labels');
  assertLabels(yPred, 'yPred', 'predictions (hard labels; threshold scores first)');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yPred[i] === 1) {
      if (yTrue[i] === 1) tp++;
      else fp++;
    } else if (yTrue[i] === 1) fn++;
    else tn++;
  }
  const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);
  return {
    accuracy: (tp + tn) / yTrue.length,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    // Same value as 2PR/(P+R) whenever that is defined, and needs no special case when tp = 0.
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    tp,
    fp,
    tn,
    fn,
  };
}

interface Counts {
  /** Distinct scores, decreasing. */
  thresholds: number[];
  /** Cumulative counts of positives / negatives with score ≥ thresholds[k]. */
  tps: number[];
  fps: number[];
  positives: number;
  negatives: number;
}

/**
 * sklearn's `_binary_clf_curve`. Sorting each class's scores separately and merging them lets
 * typed-array numeric sort do the work, with no index permutation or comparator.
 */
function countsAtThresholds(yTrue: Values, scores: Values): Counts {
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i];
  const negatives = yTrue.length - positives;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, n = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) pos[p++] = scores[i];
    else neg[n++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const v = Math.max(i >= 0 ? pos[i] : -Infinity, j >= 0 ? neg[j] : -Infinity);
    // === treats -0 and +0 as one score, as numpy's diff does; sort keeps them adjacent.
    while (i >= 0 && pos[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      fp++;
      j--;
    }
    thresholds.push(v);
    tps.push(tp);
    fps.push(fp);
  }
  return { thresholds, tps, fps, positives, negatives };
}

function requirePositives(c: Counts, what: string): void {
  if (c.positives === 0) {
    throw new AttentionInputError(
      'invalid-argument',
      `yTrue has no positives (no 1s): ${what} is undefined without them, since recall divides by the number of positives.`,
      { input: 'yTrue' },
    );
  }
}

function requireBothClasses(c: Counts, what: string): void {
  if (c.positives === 0 || c.negatives === 0) {
    const missing = c.positives === 0 ? 'positives (1s)' : 'negatives (0s)';
    throw new AttentionInputError(
      'invalid-argument',
      `yTrue has no ${missing}: ${what} needs both classes, since it compares positives against negatives.`,
      { input: 'yTrue' },
    );
  }
}

/** sklearn's `average_precision_score`: Σₙ (Rₙ − Rₙ₋₁)·Pₙ, step-wise, no interpolation. */
export function averagePrecision(yTrue: Values, scores: Values): number {
  validateScored(yTrue, scores);
  const c = countsAtThresholds(yTrue, scores);
  requirePositives(c, 'average precision');
  let sum = 0;
  let prevTp = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    const tp = c.tps[k];
    if (tp !== prevTp) sum += ((tp - prevTp) / c.positives) * (tp / (tp + c.fps[k]));
    prevTp = tp;
  }
  return sum;
}

/** Area under the ROC curve; a tied positive/negative pair counts one half. */
export function rocAuc(yTrue: Values, scores: Values): number {
  validateScored(yTrue, scores);
  const c = countsAtThresholds(yTrue, scores);
  requireBothClasses(c, 'ROC AUC');
  // Twice the Mann–Whitney U, in integers: each negative in a group beats-or-ties the positives
  // above it (2 each) and ties the positives in its own group (1 each).
  let twiceU = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    const dfp = c.fps[k] - prevFp;
    twiceU += dfp * (prevTp + c.tps[k]);
    prevTp = c.tps[k];
    prevFp = c.fps[k];
  }
  return twiceU / (2 * c.positives * c.negatives);
}

/** sklearn's `precision_recall_curve` (drop_intermediate=false). */
export function precisionRecallCurve(yTrue: Values, scores: Values): PrecisionRecallCurve {
  validateScored(yTrue, scores);
  const c = countsAtThresholds(yTrue, scores);
  requirePositives(c, 'the precision-recall curve');
  const m = c.thresholds.length;
  const precision = new Array<number>(m + 1);
  const recall = new Array<number>(m + 1);
  const thresholds = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    const r = m - 1 - k; // sklearn reverses so that thresholds increase
    precision[r] = c.tps[k] / (c.tps[k] + c.fps[k]);
    recall[r] = c.tps[k] / c.positives;
    thresholds[r] = c.thresholds[k];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}

/** sklearn's `roc_curve` with drop_intermediate=false. */
export function rocCurve(yTrue: Values, scores: Values): RocCurve {
  validateScored(yTrue, scores);
  const c = countsAtThresholds(yTrue, scores);
  requireBothClasses(c, 'the ROC curve');
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  for (let k = 0; k < c.thresholds.length; k++) {
    fpr.push(c.fps[k] / c.negatives);
    tpr.push(c.tps[k] / c.positives);
    thresholds.push(c.thresholds[k]);
  }
  return { fpr, tpr, thresholds };
}
