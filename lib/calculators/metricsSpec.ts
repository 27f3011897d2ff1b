/**
 * The evaluation-metrics calculator's state (what a share link carries), presets, and the pure
 * pieces between state and drawing: parsing typed "label score" lines, and the PR curve as the
 * step function whose area is exactly the average precision. A synthetic classifier travels as
 * its five parameters; typed data travels as the text the learner typed.
 */
import type { PrecisionRecallCurve } from '../metrics';
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';

/** Typed samples: enough to see a curve, few enough to edit (and to carry in a link). */
export const TYPED_MAX_SAMPLES = 200;
export const TYPED_MAX_CHARS = 6000;
/** Synthetic samples: a smooth curve, and a NumPy snippet that still pastes. */
export const SYNTHETIC_MAX_N = 2000;
export const THRESHOLD_LIMIT = 1e6;

const schema = {
  mode: { kind: 'choice', options: ['synthetic', 'typed'] as const },
  n: { kind: 'int', min: 4, max: SYNTHETIC_MAX_N },
  positiveShare: { kind: 'number', min: 0.01, max: 0.99 },
  separation: { kind: 'number', min: 0, max: 10 },
  seed: { kind: 'int', min: 0, max: 2 ** 32 - 1 },
  threshold: { kind: 'number', min: -THRESHOLD_LIMIT, max: THRESHOLD_LIMIT },
  /** "label score" lines; empty while mode is synthetic (keeps the link short). */
  typed: { kind: 'text', maxLength: TYPED_MAX_CHARS },
} as const;

export type MetricsState = StateOf<typeof schema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const METRICS_LABELS = {
  mode: 'Data',
  n: 'Samples',
  positiveShare: 'Share of positives',
  separation: 'Separation',
  seed: 'Seed',
  threshold: 'Threshold',
  typed: 'Labels and scores',
} as const satisfies Record<keyof typeof schema, string>;

const base: MetricsState = { mode: 'synthetic', n: 200, positiveShare: 0.3, separation: 1.5, seed: 1, threshold: 0.5, typed: '' };

/** Ten spam-filter verdicts a class can count by hand. */
export const EXAMPLE_TYPED = ['1 0.95', '1 0.85', '0 0.80', '1 0.70', '0 0.55', '1 0.45', '0 0.40', '0 0.30', '1 0.20', '0 0.10'].join('\n');

export const metricsSpec = defineCalculator({
  name: 'evaluation-metrics',
  title: 'Evaluation metrics: confusion matrix, PR and ROC',
  stateVersion: 1,
  schema,
  labels: METRICS_LABELS,
  presets: {
    synthetic: base,
    'well-separated': { ...base, separation: 3 },
    'no-signal': { ...base, separation: 0 },
    imbalanced: { ...base, n: 1000, positiveShare: 0.05, separation: 2, threshold: 0.7 },
    'by-hand': { ...base, mode: 'typed', threshold: 0.5, typed: EXAMPLE_TYPED },
  },
  defaultPreset: 'synthetic',
  check: checkMetrics,
});

export function checkMetrics(state: MetricsState): FieldProblem[] {
  if (state.mode !== 'typed') return [];
  const parsed = parseLabelScores(state.typed);
  return parsed.problems.length > 0 ? [{ field: 'typed', message: `${METRICS_LABELS.typed}, ${parsed.problems[0]}` }] : [];
}

export interface ParsedSamples {
  yTrue: number[];
  scores: number[];
  /** Readable problems naming the line, e.g. "line 3: the label must be 0 or 1, not 2". */
  problems: string[];
}

/**
 * "label score" per line (spaces, tabs, a comma or a semicolon between them); blank lines and
 * lines starting with # are skipped. Labels are 0 or 1; scores any finite number.
 */
export function parseLabelScores(text: string): ParsedSamples {
  const yTrue: number[] = [];
  const scores: number[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${index + 1}`;
    const parts = line.split(/[\s,;]+/).filter(Boolean);
    if (parts.length !== 2) {
      problems.push(`${where}: write a label and a score, like "1 0.8" (found ${parts.length} ${parts.length === 1 ? 'value' : 'values'})`);
      return;
    }
    const [labelText, scoreText] = parts;
    if (labelText !== '0' && labelText !== '1') {
      problems.push(`${where}: the label must be 0 or 1, not "${labelText.slice(0, 20)}"`);
      return;
    }
    const score = Number(scoreText);
    if (!Number.isFinite(score) || Math.abs(score) > THRESHOLD_LIMIT) {
      problems.push(`${where}: the score must be a number between −${THRESHOLD_LIMIT} and ${THRESHOLD_LIMIT}, not "${scoreText.slice(0, 20)}"`);
      return;
    }
    yTrue.push(Number(labelText));
    scores.push(score);
  });
  if (problems.length === 0 && yTrue.length === 0) problems.push('type at least one "label score" line');
  if (yTrue.length > TYPED_MAX_SAMPLES) problems.push(`at most ${TYPED_MAX_SAMPLES} samples can be typed (there are ${yTrue.length}); use the synthetic classifier for more`);
  return { yTrue, scores, problems };
}

/** Samples as "label score" lines, scores to 4 decimals: switching to typed starts from what was shown. */
export function formatLabelScores(yTrue: ArrayLike<number>, scores: ArrayLike<number>, max = TYPED_MAX_SAMPLES): string {
  const lines: string[] = [];
  for (let i = 0; i < Math.min(yTrue.length, max); i++) lines.push(`${yTrue[i]} ${Number(scores[i].toFixed(4))}`);
  return lines.join('\n');
}

/**
 * The PR curve as drawn: a step function with precision Pₙ over recall (Rₙ₋₁, Rₙ], which is the
 * function whose area is scikit-learn's average precision Σ (Rₙ − Rₙ₋₁)·Pₙ (straight segments
 * between the points would overstate it). Points run from recall 0 upwards.
 */
export function prStepPoints(curve: PrecisionRecallCurve): { x: number; y: number }[] {
  // sklearn's arrays run from the lowest threshold (recall 1) to the extra point (recall 0, precision 1).
  const recall = [...curve.recall].reverse();
  const precision = [...curve.precision].reverse();
  const points = [{ x: recall[0], y: precision[0] }];
  for (let k = 1; k < recall.length; k++) {
    if (recall[k] === recall[k - 1]) continue;
    points.push({ x: recall[k - 1], y: precision[k] }, { x: recall[k], y: precision[k] });
  }
  return points;
}

/** Area under a polyline by the trapezoid rule (for checking the step curve against AP). */
export function areaUnder(points: readonly { x: number; y: number }[]): number {
  let area = 0;
  for (let k = 1; k < points.length; k++) area += ((points[k].x - points[k - 1].x) * (points[k].y + points[k - 1].y)) / 2;
  return area;
}

/** The range the threshold slider covers: (0, 1) for the synthetic scores, the typed scores' span otherwise. */
export function thresholdRange(mode: MetricsState['mode'], scores: readonly number[] | null): { min: number; max: number; step: number } {
  if (mode === 'synthetic' || !scores || scores.length === 0) return { min: 0, max: 1, step: 0.001 };
  let lo = Math.min(...scores);
  let hi = Math.max(...scores);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  const step = Number(((hi - lo) / 500).toPrecision(1));
  return { min: lo - pad, max: hi + pad, step };
}
