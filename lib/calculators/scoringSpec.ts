/**
 * The scoring-functions calculator's state (what a share link carries), its presets, and the
 * mapping from a state to the input of computeScoringComparison. Nothing but the seed travels:
 * the token embeddings X (n×d), the separate queries and the scoring parameters are all drawn
 * from it, each from its own stream, so they are not copies of one another:
 *   X = N(0, 1) from `seed`, separate queries from `seed + 1`, W, W1, W2, vₐ from `seed + 2`.
 * With "queries = the tokens" this is self-attention without projections: Q = K = V = X. With a
 * separate query count, Q is its own seeded matrix and K = V = X (the tokens are the keys).
 */
import type { Matrix } from '../matrix';
import { randomNormalMatrix } from '../random';
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';
import type { ScoringComparisonInput, ScoringMethod } from './scoringComparison';

export const SCORING_MAX_TOKENS = 16;
export const SCORING_MAX_D = 64;
export const SCORING_MAX_HIDDEN = 64;
/** Seeds stay below 2³² − 2 so `seed + 2` is still a valid seed of the parameters. */
export const SCORING_MAX_SEED = 2 ** 31 - 1;

const schema = {
  /** Labels of the keys (= values); one row of X each. */
  tokens: { kind: 'textList', minItems: 1, maxItems: SCORING_MAX_TOKENS, maxLength: 16 },
  /** 'tokens': Q = K = V = X. 'separate': `queryCount` seeded queries against the tokens. */
  queries: { kind: 'choice', options: ['tokens', 'separate'] as const },
  queryCount: { kind: 'int', min: 1, max: SCORING_MAX_TOKENS },
  d: { kind: 'int', min: 1, max: SCORING_MAX_D },
  hidden: { kind: 'int', min: 1, max: SCORING_MAX_HIDDEN },
  seed: { kind: 'int', min: 0, max: SCORING_MAX_SEED },
  causal: { kind: 'boolean' },
} as const;

export type ScoringState = StateOf<typeof schema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const SCORING_LABELS = {
  tokens: 'Tokens (keys and values)',
  queries: 'Queries',
  queryCount: 'Number of queries',
  d: 'd',
  hidden: 'Hidden size h (additive)',
  seed: 'Seed',
  causal: 'Causal mask',
} as const satisfies Record<keyof typeof schema, string>;

const base: ScoringState = {
  tokens: ['the', 'cat', 'sat', 'on', 'the', 'mat'],
  queries: 'tokens',
  queryCount: 3,
  d: 8,
  hidden: 8,
  seed: 3,
  causal: false,
};

export const scoringSpec = defineCalculator({
  name: 'scoring-functions',
  title: 'Scoring functions side by side',
  stateVersion: 1,
  schema,
  labels: SCORING_LABELS,
  presets: {
    basic: base,
    // d = 64: q·k has variance 64, so the unscaled softmax is nearly one-hot.
    // Separate queries: with Q = K the diagonal (q·q ≈ d) would dominate both dot products.
    'large-d': { ...base, queries: 'separate', queryCount: 6, d: 64, hidden: 16 },
    'small-d': { ...base, d: 2, hidden: 2 },
    causal: { ...base, tokens: ['I', 'like', 'green', 'tea', 'a', 'lot'], seed: 11, causal: true },
    separate: { ...base, tokens: ['le', 'chat', 'est', 'assis'], queries: 'separate', queryCount: 3, seed: 5 },
  },
  defaultPreset: 'basic',
  check: checkScoring,
});

/** Every field is independent here; only the schema's ranges apply. Kept for the framework's shape. */
export function checkScoring(_state: ScoringState): FieldProblem[] {
  return [];
}

/** Query labels: the tokens themselves, or q1 … qm. */
export function queryLabels(state: ScoringState): string[] {
  return state.queries === 'tokens' ? [...state.tokens] : Array.from({ length: state.queryCount }, (_, i) => `q${i + 1}`);
}

/** The seeded matrices (float64) and options for computeScoringComparison. */
export function scoringInput(state: ScoringState): ScoringComparisonInput {
  const n = state.tokens.length;
  const x = randomNormalMatrix(state.seed, n, state.d) as Matrix;
  const q = state.queries === 'tokens' ? x : (randomNormalMatrix(state.seed + 1, state.queryCount, state.d) as Matrix);
  return { q, k: x, v: x, seed: state.seed + 2, hidden: state.hidden, causal: state.causal };
}

/** A cheap key that changes exactly when scoringInput's result does. */
export function scoringKey(state: ScoringState): string {
  return JSON.stringify([state.tokens.length, state.queries === 'tokens' ? 0 : state.queryCount, state.d, state.hidden, state.seed, state.causal]);
}

export interface ScoringReadingInput {
  d: number;
  /** Q = K (the tokens are their own queries). */
  selfAttention: boolean;
  meanEntropy: Readonly<Record<ScoringMethod, number>>;
  maxEntropy: number;
}

/**
 * The one line a learner should take away, from the numbers on screen. The comparison that
 * matters most is dot against scaled dot: the same ranking of keys, but the unscaled logits are √d
 * times larger, so the softmax is sharper (lower entropy), and the gap grows with d.
 */
export function scoringReading({ d, selfAttention, meanEntropy, maxEntropy }: ScoringReadingInput): string {
  const dot = meanEntropy.dot;
  const scaled = meanEntropy.scaledDot;
  const nats = (x: number) => x.toFixed(2);
  if (d === 1) {
    return `With d = 1, √d = 1: dot and scaled dot product are the same function (mean entropy ${nats(dot)} nats of at most ${nats(maxEntropy)}). Raise d to see them part.`;
  }
  if (maxEntropy === 0) return 'With a single key every method gives it weight 1; add tokens to compare.';
  if (dot < 0.1 * maxEntropy && scaled < 0.1 * maxEntropy) {
    const why = selfAttention
      ? ' With Q = K every token is its own best key: q·q = |q|² grows like d while q·k with another key grows like √d, so the diagonal wins with or without the scaling. Pick "a separate set of queries" to see what the scaling alone does.'
      : ' The scores are far apart even after dividing by √d; a smaller d or more similar keys spread the weight.';
    return `Both dot products put nearly all the weight on one key (mean entropy ${nats(dot)} and ${nats(scaled)} nats of at most ${nats(maxEntropy)}).${why}`;
  }
  const gap = scaled - dot;
  if (gap > 0.05 * maxEntropy) {
    return `The unscaled dot product is sharper: its mean entropy is ${nats(dot)} nats against ${nats(scaled)} for the scaled one (uniform would be ${nats(maxEntropy)}), because its logits are √${d} ≈ ${(Math.sqrt(d)).toFixed(1)} times larger. Raise d and the gap grows.`;
  }
  return `At d = ${d} the two dot products are still close (mean entropy ${nats(dot)} against ${nats(scaled)} nats): the logits differ by a factor of only √${d} ≈ ${Math.sqrt(d).toFixed(1)}. Raise d and the unscaled one turns sharper.`;
}
