/**
 * The precision-and-pruning calculator's state (what a share link carries), presets, and the
 * mapping from state to the worker's inputs. Q, K, V always come from the seed (a link carries
 * five numbers, not matrices): Q and K have entries N(0, spread²), so a larger spread gives larger
 * scores, a sharper softmax and, far enough, fp16 overflow; V is N(0, 1).
 */
import type { Matrix } from '../matrix';
import { randomNormalMatrix } from '../random';
import type { StateOf } from '../share/stateSchema';
import { defineCalculator } from './calculatorSpec';
import type { AttentionInputs } from './precisionPruning';

export const PRECISION_MAX_TOKENS = 16;
export const PRECISION_MAX_D = 16;
/** Points of the sparsity–error curve besides the current threshold (the core takes up to 64). */
export const SWEEP_POINTS = 40;

const schema = {
  n: { kind: 'int', min: 2, max: PRECISION_MAX_TOKENS },
  d: { kind: 'int', min: 1, max: PRECISION_MAX_D },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1 },
  spread: { kind: 'number', min: 0.1, max: 400 },
  causal: { kind: 'boolean' },
  threshold: { kind: 'number', min: 0, max: 1 },
} as const;

export type PrecisionPruningState = StateOf<typeof schema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const PRECISION_PRUNING_LABELS = {
  n: 'Tokens n',
  d: 'd',
  seed: 'Seed',
  spread: 'Spread of Q, K',
  causal: 'Causal',
  threshold: 'Threshold',
} as const satisfies Record<keyof typeof schema, string>;

const base: PrecisionPruningState = { n: 8, d: 8, seed: 3, spread: 1, causal: false, threshold: 0.05 };

export const precisionPruningSpec = defineCalculator({
  name: 'precision-pruning',
  title: 'Precision and pruning',
  stateVersion: 1,
  schema,
  labels: PRECISION_PRUNING_LABELS,
  presets: {
    basic: base,
    // Scores in the hundreds: the softmax is nearly one-hot and int8's grid (steps of ~1/127)
    // moves weights by about 0.1.
    'large-scores': { ...base, spread: 12, d: 16, seed: 5 },
    // Scores have standard deviation spread² = 90 000: some exceed fp16's 65504 and overflow.
    'fp16-overflow': { ...base, spread: 300, threshold: 0 },
    causal: { ...base, n: 12, causal: true, threshold: 0.1 },
    'heavy-pruning': { ...base, n: 16, threshold: 0.1 },
    // Spread 2: scores have standard deviation 4, so each row's weight sits on a few keys and a
    // threshold of 0.01 drops about two thirds of the weights while the output moves ~2.5 %.
    peaked: { ...base, n: 16, spread: 2, threshold: 0.01 },
  },
  defaultPreset: 'basic',
});

/** The seeded inputs: Q from seed, K from seed + 1, V from seed + 2 (float64). */
export function precisionInputs(state: PrecisionPruningState): AttentionInputs {
  const q = randomNormalMatrix(state.seed, state.n, state.d, { std: state.spread }) as Matrix;
  const k = randomNormalMatrix(state.seed + 1, state.n, state.d, { std: state.spread }) as Matrix;
  const v = randomNormalMatrix(state.seed + 2, state.n, state.d) as Matrix;
  return { q, k, v, causal: state.causal };
}

/**
 * Thresholds of the sweep: (i / SWEEP_POINTS)² for i = 0 … SWEEP_POINTS (dense near 0, where
 * the curve changes fastest) plus the current threshold, sorted, without repeats.
 */
export function sweepThresholds(threshold: number): number[] {
  const grid = Array.from({ length: SWEEP_POINTS + 1 }, (_, i) => (i / SWEEP_POINTS) ** 2);
  return [...new Set([...grid, threshold])].sort((a, b) => a - b);
}
