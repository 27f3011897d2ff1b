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

/** `name = np.array([a, b, …])` (or another constructor, e.g. torch.tensor) wrapped at LINE_WIDTH with a 4-space continuation indent. */
export function wrappedArrayLiteral(name: string, values: readonly string[], dtype: string, constructor = 'np.array'): string {
  const head = `${name} = ${constructor}([`;
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

/**
 * "Copy as PyTorch": the same labels and scores as tensors and plain torch operations, no
 * torchmetrics: the confusion matrix and accuracy / precision / recall / F1 at the threshold
 * (positive when score ≥ threshold; a ratio with nothing to divide by is 0), then average precision
 * and ROC AUC with lib/metrics.ts's definitions — AP is scikit-learn's step sum Σ (Rₙ − Rₙ₋₁)·Pₙ
 * over the distinct scores from high to low, AUC counts a tied positive/negative pair one half
 * (twice the Mann–Whitney U in integers, over 2·P·N). Sums are taken in the lab's order, so the
 * numbers agree exactly. The last line prints them as JSON.
 */
export function pytorchMetricsSnippet({ yTrue, scores, threshold }: MetricsSnippetInput): string {
  if (yTrue.length !== scores.length || yTrue.length === 0) {
    throw new AttentionInputError('shape', 'labels and scores must be two lists of the same, non-zero length.', { input: 'scores' });
  }
  const labels = Array.from(yTrue, (y) => String(y));
  const scoreText = Array.from(scores, (s) => pythonFloat(s));
  const lines = [
    '# Classification metrics from Attention Lab, with plain PyTorch tensor operations.',
    'import json',
    '',
    'import torch',
    '',
    wrappedArrayLiteral('y_true', labels, 'torch.int64', 'torch.tensor'),
    wrappedArrayLiteral('scores', scoreText, 'torch.float64', 'torch.tensor'),
    `threshold = ${pythonFloat(threshold)}`,
    '',
    '',
    'def ratio(num, den):',
    '    return num / den if den else 0.0  # nothing to divide by: 0, as scikit-learn with zero_division=0',
    '',
    '',
    '# Positive when score >= threshold.',
    'y_pred = (scores >= threshold).long()',
    'tp = int(((y_pred == 1) & (y_true == 1)).sum())',
    'fp = int(((y_pred == 1) & (y_true == 0)).sum())',
    'fn = int(((y_pred == 0) & (y_true == 1)).sum())',
    'tn = int(((y_pred == 0) & (y_true == 0)).sum())',
    'accuracy = (tp + tn) / len(y_true)',
    'precision = ratio(tp, tp + fp)',
    'recall = ratio(tp, tp + fn)',
    'f1 = ratio(2 * tp, 2 * tp + fp + fn)  # = 2PR / (P + R) whenever that is defined',
    'print(f"TP {tp}  FP {fp}  FN {fn}  TN {tn}")',
    'print("accuracy ", accuracy)',
    'print("precision", precision)',
    'print("recall   ", recall)',
    'print("F1       ", f1)',
    '',
    '# Cumulative true and false positives at each distinct score, from high to low',
    "# (scikit-learn's _binary_clf_curve): the curves' points, one per threshold.",
    'order = torch.argsort(scores, descending=True, stable=True)',
    'sorted_scores, sorted_true = scores[order], y_true[order]',
    'last_of_run = torch.nonzero(sorted_scores[1:] != sorted_scores[:-1]).flatten()',
    'ends = torch.cat([last_of_run, torch.tensor([len(scores) - 1])])',
    'tps = torch.cumsum(sorted_true, dim=0)[ends]  # int64',
    'fps = ends + 1 - tps',
    'positives, negatives = int(tps[-1]), int(fps[-1])',
    '',
    '# Average precision: Σ (R_n − R_(n−1))·P_n, no interpolation. Summed in Python, in order,',
    '# so the float64 sum is the one the lab computes.',
    'new_tps = torch.diff(tps, prepend=torch.zeros(1, dtype=tps.dtype))',
    'terms = (new_tps.double() / positives) * (tps.double() / (tps + fps).double()) if positives else None',
    'average_precision = sum(terms.tolist()) if positives else None  # undefined without positives',
    '',
    '# ROC AUC: each negative beats the positives scored above it and ties those in its own',
    '# group (counted one half): twice the Mann–Whitney U, exact in integers.',
    'new_fps = torch.diff(fps, prepend=torch.zeros(1, dtype=fps.dtype))',
    'previous_tps = tps - new_tps',
    'twice_u = int((new_fps * (previous_tps + tps)).sum())',
    'roc_auc = twice_u / (2 * positives * negatives) if positives and negatives else None  # needs both classes',
    'print("average precision", average_precision)',
    'print("ROC AUC          ", roc_auc)',
    '',
    'print(json.dumps({"tp": tp, "fp": fp, "fn": fn, "tn": tn, "accuracy": accuracy, "precision": precision,',
    '                  "recall": recall, "f1": f1, "averagePrecision": average_precision, "rocAuc": roc_auc}))',
    '',
  ];
  return lines.join('\n');
}
