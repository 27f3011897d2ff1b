/**
 * The scaled dot-product attention calculator ("attention", the first lesson's): tokens; Q, K, V
 * drawn from a seed or typed; the scale (1/√d, 1 or a custom number), a softmax temperature, a
 * causal and a padding mask; which panels to show (scores, weights, output). This module is its
 * state (what a share link carries), presets and rules, and the pure step from a state to the
 * core's arguments; the component is components/calculators/AttentionCalculator.tsx and the core
 * runs in the worker (scaledDotProductAttention).
 *
 * Seeded matrices are rebuilt from the seed, so their fields hold a 1×1 placeholder and such a
 * link stays short; typed ones travel in the link, every number of them, which is why typing
 * stops at ATTENTION_MAX_TYPED_D columns.
 */
import type { AttentionOptions } from '../attention';
import type { Matrix } from '../matrix';
import { randomNormalMatrix } from '../random';
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';

export const ATTENTION_MAX_TOKENS = 64;
export const ATTENTION_MAX_TOKEN_LENGTH = 24;
export const ATTENTION_MAX_D = 512;
/** The widest Q, K or V that may be typed (and carried in a link); wider ones come from a seed. */
export const ATTENTION_MAX_TYPED_D = 64;
export const ATTENTION_PANELS = ['scores', 'weights', 'output'] as const;
export type AttentionPanel = (typeof ATTENTION_PANELS)[number];

const TYPED_NAMES = ['q', 'k', 'v'] as const;
const typedMatrix = { kind: 'numberMatrix', maxRows: ATTENTION_MAX_TOKENS, maxCols: ATTENTION_MAX_TYPED_D } as const;

export const attentionSchema = {
  tokens: { kind: 'textList', minItems: 1, maxItems: ATTENTION_MAX_TOKENS, maxLength: ATTENTION_MAX_TOKEN_LENGTH },
  /** 'seed': Q, K, V are N(0, 1) from seed, seed + 1, seed + 2; 'typed': the three matrices below. */
  source: { kind: 'choice', options: ['seed', 'typed'] as const },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1 },
  /** Width of the seeded Q, K and V (typed ones have their own). */
  d: { kind: 'int', min: 1, max: ATTENTION_MAX_D },
  q: typedMatrix,
  k: typedMatrix,
  v: typedMatrix,
  scale: { kind: 'choice', options: ['inv-sqrt-d', 'one', 'custom'] as const },
  customScale: { kind: 'number', min: 0.001, max: 1000 },
  temperature: { kind: 'number', min: 0.01, max: 100 },
  causal: { kind: 'boolean' },
  /** A padding mask: keys 1…validKeys are real tokens, the rest padding. */
  padding: { kind: 'boolean' },
  validKeys: { kind: 'int', min: 0, max: ATTENTION_MAX_TOKENS },
  /** The panels shown, any of ATTENTION_PANELS (an author's choice; the learner cannot change it). */
  show: { kind: 'textList', minItems: 1, maxItems: ATTENTION_PANELS.length, maxLength: 16 },
} as const;

export type AttentionState = StateOf<typeof attentionSchema>;

/** What the page calls each field (components/calculators/AttentionCalculator.tsx shows these). */
export const ATTENTION_LABELS = {
  tokens: 'Tokens',
  source: 'Q, K and V',
  seed: 'Seed',
  d: 'd',
  q: 'Q',
  k: 'K',
  v: 'V',
  scale: 'Scale',
  customScale: 'Custom scale',
  temperature: 'Temperature',
  causal: 'Causal mask',
  padding: 'Padding mask',
  validKeys: 'Real keys',
  show: 'Panels',
} as const satisfies Record<keyof typeof attentionSchema, string>;

const SENTENCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
const placeholder = [[0]];
const base: AttentionState = {
  tokens: SENTENCE,
  source: 'seed',
  seed: 7,
  d: 4,
  q: placeholder,
  k: placeholder,
  v: placeholder,
  scale: 'inv-sqrt-d',
  customScale: 1,
  temperature: 1,
  causal: false,
  padding: false,
  validKeys: SENTENCE.length,
  show: [...ATTENTION_PANELS],
};

export const attentionSpec = defineCalculator({
  name: 'attention',
  title: 'Scaled dot-product attention',
  stateVersion: 1,
  schema: attentionSchema,
  labels: ATTENTION_LABELS,
  presets: {
    // Six tokens, d = 4, no mask: the plain softmax(QKᵀ/√d)·V.
    'sdpa-basic': base,
    // The same sentence with a causal mask: each token sees only itself and earlier ones.
    'causal-lm': { ...base, causal: true },
    // Two padding tokens: no query may attend to them, and their own rows still attend to the real keys.
    padding: { ...base, tokens: ['the', 'cat', 'sat', '<pad>', '<pad>'], padding: true, validKeys: 3 },
    // Unscaled dot products grow like √d, so with d = 64 and scale 1 the softmax saturates to near
    // one-hot rows; choosing 1/√d shows the fix.
    'large-d': { ...base, d: 64, scale: 'one', show: ['scores', 'weights'] },
    // The lesson's worked example (plus a third token): the first two queries give weights
    // 0.401, 0.198, 0.401 and 0.198, 0.401, 0.401, outputs (3, 4) and (3.41, 4.41).
    'worked-example': {
      ...base,
      tokens: ['a', 'b', 'c'],
      source: 'typed',
      d: 2,
      q: [[1, 0], [0, 1], [1, 1]],
      k: [[1, 0], [0, 1], [1, 1]],
      v: [[1, 2], [3, 4], [5, 6]],
      validKeys: 3,
    },
  },
  defaultPreset: 'sdpa-basic',
  check: checkAttention,
});

function checkAttention(state: AttentionState): FieldProblem[] {
  const n = state.tokens.length;
  const problems: FieldProblem[] = [];
  if (state.padding && state.validKeys > n) {
    problems.push({ field: 'validKeys', message: `${ATTENTION_LABELS.validKeys} is ${state.validKeys} but there are only ${n} tokens` });
  }
  const unknown = state.show.filter((panel) => !(ATTENTION_PANELS as readonly string[]).includes(panel));
  if (unknown.length > 0 || new Set(state.show).size !== state.show.length) {
    problems.push({ field: 'show', message: `${ATTENTION_LABELS.show} must list some of ${ATTENTION_PANELS.map((p) => `"${p}"`).join(', ')}, each once` });
  }
  if (state.source === 'typed') {
    const { q, k } = state;
    const rowsOf = { q: 'query', k: 'key', v: 'value' } as const;
    for (const name of TYPED_NAMES) {
      const rows = state[name].length;
      if (rows !== n) {
        problems.push({ field: name, message: `${ATTENTION_LABELS[name]} has ${rows} rows but there are ${n} tokens: one ${rowsOf[name]} row per token` });
      }
    }
    if (k[0].length !== q[0].length) {
      problems.push({ field: 'k', message: `K has ${k[0].length} columns but Q has ${q[0].length}: Q and K must have the same width d` });
    }
  }
  return problems;
}

/** The width of Q and K: the seeded d, or the typed Q's columns. */
export function widthOf(state: AttentionState): number {
  return state.source === 'typed' ? state.q[0].length : state.d;
}

/** The scale chosen, before the temperature: 1/√d, 1 or the custom number. */
export function chosenScale(state: Pick<AttentionState, 'scale' | 'customScale'>, d: number): number {
  return state.scale === 'inv-sqrt-d' ? 1 / Math.sqrt(d) : state.scale === 'one' ? 1 : state.customScale;
}

const toMatrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });

function seededMatrices(state: AttentionState): { q: Matrix; k: Matrix; v: Matrix } {
  const n = state.tokens.length;
  return {
    q: randomNormalMatrix(state.seed, n, state.d),
    k: randomNormalMatrix(state.seed + 1, n, state.d),
    v: randomNormalMatrix(state.seed + 2, n, state.d),
  };
}

export interface AttentionCall {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Multiplies Q·Kᵀ, with the temperature folded in: chosen scale / T (see lib/attention.ts). */
  options: AttentionOptions;
  /** The chosen scale and the temperature separately, for the NumPy and PyTorch exports. */
  scale: number;
  temperature: number;
  /** The padding mask (n × n, 1 = may attend), when there is one. */
  mask?: Matrix;
}

/** The core's arguments for a state (which passed the spec's check). */
export function attentionCall(state: AttentionState): AttentionCall {
  const n = state.tokens.length;
  const { q, k, v } = state.source === 'seed' ? seededMatrices(state) : { q: toMatrix(state.q), k: toMatrix(state.k), v: toMatrix(state.v) };
  const scale = chosenScale(state, q.cols);
  let mask: Matrix | undefined;
  if (state.padding) {
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < Math.min(state.validKeys, n); j++) data[i * n + j] = 1;
    mask = { rows: n, cols: n, data };
  }
  const options: AttentionOptions = { scale: scale / state.temperature, causal: state.causal, ...(mask ? { mask } : {}) };
  return { q, k, v, options, scale, temperature: state.temperature, ...(mask ? { mask } : {}) };
}

/** The seeded matrices rounded to 3 decimals, as typed rows: switching to typing starts from the example. */
export function switchToTyped(state: AttentionState): Partial<AttentionState> {
  const round = (m: Matrix) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (x) => Number(x.toFixed(3))));
  const { q, k, v } = seededMatrices(state);
  return { source: 'typed', q: round(q), k: round(k), v: round(v) };
}

/** Back to seeded matrices: the typed numbers leave the state (and the link). */
export function switchToSeed(): Partial<AttentionState> {
  return { source: 'seed', q: placeholder, k: placeholder, v: placeholder };
}

/** Padding on keeps all but the last key real (at least one); off leaves the count for next time. */
export function togglePadding(state: AttentionState, on: boolean): Partial<AttentionState> {
  return on ? { padding: true, validKeys: Math.max(1, state.tokens.length - 1) } : { padding: false };
}

/** The formula of the current setting, in KaTeX syntax. */
export function attentionFormula(state: AttentionState): string {
  const d = widthOf(state);
  const scale = state.scale === 'inv-sqrt-d' ? `\\frac{1}{\\sqrt{${d}}}` : state.scale === 'one' ? '' : `${state.customScale}\\,`;
  const temperature = state.temperature === 1 ? '' : `\\frac{1}{${state.temperature}}\\,`;
  const masked = state.causal || state.padding ? ' + M' : '';
  return `\\mathrm{softmax}\\!\\left(${temperature}${scale}QK^\\top${masked}\\right)V`;
}
