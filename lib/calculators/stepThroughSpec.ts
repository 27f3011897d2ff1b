/**
 * The step-through calculator's state (what a share link carries) and presets. Matrices come from
 * a seed unless the learner typed them; typed matrices travel in the link, seeded ones do not
 * (their fields then hold a 1×1 placeholder).
 */
import { randomNormalMatrix } from '../random';
import type { Matrix } from '../matrix';
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';
import { ATTENTION_STAGES, type AttentionStagesInput } from './stepThrough';
import { moveRows, tokenRowSources } from './tokenRows';

export const STEP_THROUGH_MAX_TOKENS = 12;
export const STEP_THROUGH_MAX_D = 8;
export const PLAY_SPEEDS = ['slow', 'normal', 'fast'] as const;
export const PLAY_INTERVAL_MS: Readonly<Record<(typeof PLAY_SPEEDS)[number], number>> = { slow: 3000, normal: 1800, fast: 900 };

const schema = {
  tokens: { kind: 'textList', minItems: 1, maxItems: STEP_THROUGH_MAX_TOKENS, maxLength: 16 },
  source: { kind: 'choice', options: ['seed', 'typed'] as const },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1 },
  d: { kind: 'int', min: 1, max: STEP_THROUGH_MAX_D },
  q: { kind: 'numberMatrix', maxRows: STEP_THROUGH_MAX_TOKENS, maxCols: STEP_THROUGH_MAX_D },
  k: { kind: 'numberMatrix', maxRows: STEP_THROUGH_MAX_TOKENS, maxCols: STEP_THROUGH_MAX_D },
  v: { kind: 'numberMatrix', maxRows: STEP_THROUGH_MAX_TOKENS, maxCols: STEP_THROUGH_MAX_D },
  scale: { kind: 'choice', options: ['inv-sqrt-d', 'one', 'custom'] as const },
  customScale: { kind: 'number', min: 0.001, max: 100 },
  temperature: { kind: 'number', min: 0.05, max: 20 },
  causal: { kind: 'boolean' },
  /** Keys 1…validKeys are real tokens, the rest padding. */
  validKeys: { kind: 'int', min: 1, max: STEP_THROUGH_MAX_TOKENS },
  stage: { kind: 'choice', options: ATTENTION_STAGES },
  /** The selected cell of the current stage's result (0-based). */
  row: { kind: 'int', min: 0, max: STEP_THROUGH_MAX_TOKENS - 1 },
  col: { kind: 'int', min: 0, max: STEP_THROUGH_MAX_TOKENS - 1 },
  speed: { kind: 'choice', options: PLAY_SPEEDS },
} as const;

export type StepThroughState = StateOf<typeof schema>;

/** What the page calls each field (components/calculators/StepThroughCalculator.tsx shows these). */
export const STEP_THROUGH_LABELS = {
  tokens: 'Tokens',
  source: 'Q, K, V',
  seed: 'Seed',
  d: 'd',
  q: 'Q',
  k: 'K',
  v: 'V',
  scale: 'Scale',
  customScale: 'Custom scale',
  temperature: 'Temperature',
  causal: 'Causal mask',
  validKeys: 'Real keys',
  stage: 'Stage',
  row: 'Selected row',
  col: 'Selected column',
  speed: 'Speed',
} as const satisfies Record<keyof typeof schema, string>;

const placeholder = [[0]];
const base: StepThroughState = {
  tokens: ['the', 'cat', 'sat', 'down'],
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
  validKeys: 4,
  stage: 'inputs',
  row: 0,
  col: 0,
  speed: 'normal',
};

export const stepThroughSpec = defineCalculator({
  name: 'step-through',
  title: 'Step through scaled dot-product attention',
  stateVersion: 1,
  schema,
  labels: STEP_THROUGH_LABELS,
  presets: {
    basic: base,
    causal: { ...base, tokens: ['I', 'like', 'green', 'tea', 'a', 'lot'], seed: 11, causal: true, validKeys: 6, stage: 'maskedScores', row: 2 },
    padding: { ...base, tokens: ['short', 'one', '<pad>', '<pad>'], seed: 5, validKeys: 2, stage: 'weights' },
    // Values a class can check by hand: two-dimensional one-hot-ish queries and keys.
    'by-hand': {
      ...base,
      tokens: ['a', 'b', 'c'],
      source: 'typed',
      d: 2,
      q: [[1, 0], [0, 1], [1, 1]],
      k: [[1, 0], [0, 1], [1, -1]],
      v: [[1, 2], [3, 4], [5, 6]],
      validKeys: 3,
      stage: 'rawScores',
    },
  },
  defaultPreset: 'basic',
  check: checkStepThrough,
});

function checkStepThrough(state: StepThroughState): FieldProblem[] {
  const n = state.tokens.length;
  const problems: FieldProblem[] = [];
  if (state.validKeys > n) problems.push({ field: 'validKeys', message: `${STEP_THROUGH_LABELS.validKeys} is ${state.validKeys} but there are only ${n} tokens` });
  if (state.source === 'typed') {
    for (const name of ['q', 'k', 'v'] as const) {
      const m = state[name];
      const wantCols = name === 'v' ? m[0].length : state.d;
      if (m.length !== n || m[0].length !== wantCols) {
        problems.push({
          field: name,
          message: `${name.toUpperCase()} is ${m.length}×${m[0].length} but needs one row per token (${n})${name === 'v' ? '' : ` and d = ${state.d} columns`}`,
        });
      }
    }
  }
  return problems;
}

/** Stage result's shape: weights-like stages are n × n, the output n × dv. */
export function selectedCellLimit(state: StepThroughState): { rows: number; cols: number } {
  const n = state.tokens.length;
  const dv = state.source === 'typed' ? state.v[0].length : state.d;
  if (state.stage === 'inputs') return { rows: n, cols: state.d };
  return { rows: n, cols: state.stage === 'output' ? dv : n };
}

const toMatrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });

/** The core's input for a state: seeded or typed matrices, the scale, temperature and masks. */
export function stepThroughInput(state: StepThroughState): AttentionStagesInput {
  const n = state.tokens.length;
  const seeded = state.source === 'seed';
  const q = seeded ? randomNormalMatrix(state.seed, n, state.d) : toMatrix(state.q);
  const k = seeded ? randomNormalMatrix(state.seed + 1, n, state.d) : toMatrix(state.k);
  const v = seeded ? randomNormalMatrix(state.seed + 2, n, state.d) : toMatrix(state.v);
  const scale = state.scale === 'one' ? 1 : state.scale === 'custom' ? state.customScale : undefined;
  const input: AttentionStagesInput = { q, k, v, temperature: state.temperature, causal: state.causal };
  if (scale !== undefined) input.scale = scale;
  if (state.validKeys < n) {
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < state.validKeys; j++) data[i * n + j] = 1;
    input.mask = { rows: n, cols: n, data };
  }
  return input;
}

/** Rounded seeded matrices as typed rows: switching to "typed" starts from what was shown. */
export function seededRows(state: StepThroughState): { q: number[][]; k: number[][]; v: number[][] } {
  const n = state.tokens.length;
  const round = (m: Matrix) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (x) => Math.round(x * 100) / 100));
  return {
    q: round(randomNormalMatrix(state.seed, n, state.d)),
    k: round(randomNormalMatrix(state.seed + 1, n, state.d)),
    v: round(randomNormalMatrix(state.seed + 2, n, state.d)),
  };
}

/**
 * The state with a new token list. With typed matrices, Q, K and V gain or lose the matching rows
 * together and every other row keeps its numbers (lib/calculators/tokenRows.ts says which row is
 * which). A new token's rows are zeros: a zero query scores 0 against every key (even weights), a
 * zero key scores 0 for every query and a zero value adds nothing, so the newcomer is visibly
 * neutral until its numbers are typed, and nothing depends on a seed the page no longer shows.
 * All keys real stays all keys real; otherwise the count of real keys is kept (at most n).
 */
export function withTokens(state: StepThroughState, tokens: string[]): StepThroughState {
  const validKeys = state.validKeys === state.tokens.length ? tokens.length : Math.min(state.validKeys, tokens.length);
  let next: StepThroughState = { ...state, tokens, validKeys };
  if (state.source === 'typed') {
    const sources = tokenRowSources(state.tokens, tokens);
    const zeros = (cols: number) => () => new Array<number>(cols).fill(0);
    next = { ...next, q: moveRows(state.q, sources, zeros(state.d)), k: moveRows(state.k, sources, zeros(state.d)), v: moveRows(state.v, sources, zeros(state.v[0].length)) };
  }
  const { rows, cols } = selectedCellLimit(next);
  return { ...next, row: Math.min(state.row, rows - 1), col: Math.min(state.col, cols - 1) };
}
