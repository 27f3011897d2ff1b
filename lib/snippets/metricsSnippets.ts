/**
 * Take-away code for the evaluation-metrics calculator: the labels and scores as literals, then
 * scikit-learn computing what the calculator shows — the confusion matrix and accuracy /
 * precision / recall / F1 at the threshold (a sample is positive when score ≥ threshold), average
 * precision, ROC AUC, and both curves. zero_division=0 is what lib/metrics.ts does when a ratio
 * has nothing to divide by (sklearn's default also returns 0, with a warning).
 * ROC AUC: the lab counts tied pairs exactly; sklearn's trapezoid sum can differ in the last bit.
 */
import { AttentionInputError } from '../errors';
import { pythonFloat } from './pythonLiterals';

/** Longest literal line. */
const LINE_WIDTH = 88;

/** `name = np.array([a, b, …])` wrapped at LINE_WIDTH with a 4-space continuation indent. */
export function wrappedArrayLiteral(name: string, values: readonly string[], dtype: string): string {
  const head = `${name} = np.array([`;
  const tail = `], dtype=${dtype})`;
  const oneLine = `${head}${values.join(', ')}${tail}`;
  if (oneLine.length <= LINE_WIDTH) return oneLine;
  const lines: string[] = [];
  let line = '   ';
  for (const v of values) {
    const piece = ` ${v},`;
    if (line.length + piece.length > LINE_WIDTH && line.trim() !== '') {
      lines.push(line);
      line = '   ';
    }
    line += piece;
  }
  if (line.trim() !== '') lines.push(line);
  return [head, ...lines, tail].join('\n');
}

export interface MetricsSnippetInput {
  yTrue: ArrayLike<number>;
  scores: ArrayLike<number>;
  threshold: number;
}

export function sklearnMetricsSnippet({ yTrue, scores, threshold }: MetricsSnippetInput): string {
  if (yTrue.length !== scores.length || yTrue.length === 0) {
    throw new AttentionInputError('shape', 'labels and scores must be two lists of the same, non-zero length.', { input: 'scores' });
  }
  const labels = Array.from(yTrue, (y) => String(y));
  const scoreText = Array.from(scores, (s) => pythonFloat(s));
  const lines = [
    '# Classification metrics from Attention Lab, with scikit-learn.',
    'import numpy as np',
    'from sklearn.metrics import (',
    '    accuracy_score,',
    '    average_precision_score,',
    '    confusion_matrix,',
    '    f1_score,',
    '    precision_recall_curve,',
    '    precision_score,',
    '    recall_score,',
    '    roc_auc_score,',
    '    roc_curve,',
    ')',
    '',
    wrappedArrayLiteral('y_true', labels, 'int'),
    wrappedArrayLiteral('scores', scoreText, 'np.float64'),
    `threshold = ${pythonFloat(threshold)}`,
    '',
    '# Positive when score >= threshold, as precision_recall_curve and roc_curve count it.',
    'y_pred = (scores >= threshold).astype(int)',
    'tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()',
    'print(f"TP {tp}  FP {fp}  FN {fn}  TN {tn}")',
    'print("accuracy ", accuracy_score(y_true, y_pred))',
    '# zero_division=0: with no predicted positives precision is 0/0; report 0, as the lab does.',
    'print("precision", precision_score(y_true, y_pred, zero_division=0))',
    'print("recall   ", recall_score(y_true, y_pred, zero_division=0))',
    'print("F1       ", f1_score(y_true, y_pred, zero_division=0))',
    '',
    'precision, recall, pr_thresholds = precision_recall_curve(y_true, scores)',
    'fpr, tpr, roc_thresholds = roc_curve(y_true, scores, drop_intermediate=False)',
    'print("average precision", average_precision_score(y_true, scores))',
    'print("ROC AUC          ", roc_auc_score(y_true, scores))',
    '',
    '# The curve points at this threshold (the marks on the lab\'s charts).',
    'k = np.searchsorted(pr_thresholds, threshold)  # first curve threshold >= threshold',
    'print("PR point:  recall", recall[k], "precision", precision[k])',
    'j = np.flatnonzero(roc_thresholds >= threshold).max()',
    'print("ROC point: FPR", fpr[j], "TPR", tpr[j])',
  ];
  return lines.join('\n') + '\n';
}
