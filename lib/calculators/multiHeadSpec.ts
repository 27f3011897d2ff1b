/**
 * The multi-head attention calculator's state: a few tokens, d_model, heads, a seed, whether the
 * attention is causal, and where the projections come from. Seeded projections are rebuilt from the
 * seed (lib/calculators/multiHeadExplorer.ts), so such a link stays short: its four matrix fields
 * hold a 1×1 placeholder. Typed projections travel in the link, every number of them, which is why
 * typed mode stops at d_model = 16 (4 × 16 × 16 numbers).
 *
 * Version 2 added `projections` and the four matrices; version-1 links open the example with a notice.
 */
import type { Matrix } from '../matrix';
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';
import {
  MULTI_HEAD_MAX_D_MODEL,
  MULTI_HEAD_MAX_SEED,
  MULTI_HEAD_MAX_TOKEN_LENGTH,
  MULTI_HEAD_MAX_TOKENS,
  MULTI_HEAD_MIN_D_MODEL,
  PROJECTION_NAMES,
  headsProblem,
  projectionLabel,
  seededProjections,
  type MultiHeadExplorerInput,
  type TypedProjections,
} from './multiHeadExplorer';

/** The widest model whose projections may be typed (and carried in a link). */
export const MULTI_HEAD_MAX_TYPED_D_MODEL = 16;

const typedMatrix = { kind: 'numberMatrix', maxRows: MULTI_HEAD_MAX_TYPED_D_MODEL, maxCols: MULTI_HEAD_MAX_TYPED_D_MODEL } as const;

export const multiHeadSchema = {
  tokens: { kind: 'textList', minItems: 1, maxItems: MULTI_HEAD_MAX_TOKENS, maxLength: MULTI_HEAD_MAX_TOKEN_LENGTH },
  dModel: { kind: 'int', min: MULTI_HEAD_MIN_D_MODEL, max: MULTI_HEAD_MAX_D_MODEL },
  heads: { kind: 'int', min: 1, max: MULTI_HEAD_MAX_D_MODEL },
  seed: { kind: 'int', min: 0, max: MULTI_HEAD_MAX_SEED },
  causal: { kind: 'boolean' },
  /** 'seed': Wq, Wk, Wv, Wo drawn from the seed; 'typed': the four matrices below. */
  projections: { kind: 'choice', options: ['seed', 'typed'] as const },
  wq: typedMatrix,
  wk: typedMatrix,
  wv: typedMatrix,
  wo: typedMatrix,
} as const;

export type MultiHeadState = StateOf<typeof multiHeadSchema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const MULTI_HEAD_LABELS = {
  tokens: 'Tokens',
  dModel: 'd_model',
  heads: 'Heads',
  seed: 'Seed',
  causal: 'Causal (decoder)',
  projections: 'Projections',
  wq: 'Wq',
  wk: 'Wk',
  wv: 'Wv',
  wo: 'Wo',
} as const satisfies Record<keyof typeof multiHeadSchema, string>;

const SENTENCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
/** What the matrix fields hold while the projections come from the seed. */
const PLACEHOLDER = [[0]];
const seeded = { projections: 'seed', wq: PLACEHOLDER, wk: PLACEHOLDER, wv: PLACEHOLDER, wo: PLACEHOLDER } as const;

const twoHeads: MultiHeadState = { tokens: SENTENCE, dModel: 8, heads: 2, seed: 7, causal: false, ...seeded };

export const multiHeadSpec = defineCalculator({
  name: 'multi-head',
  title: 'Multi-head attention',
  stateVersion: 2,
  schema: multiHeadSchema,
  labels: MULTI_HEAD_LABELS,
  presets: {
    'two-heads': twoHeads,
    'one-head': { ...twoHeads, heads: 1 },
    'four-heads': { ...twoHeads, dModel: 16, heads: 4 },
    'eight-heads-causal': { ...twoHeads, dModel: 32, heads: 8, causal: true },
    // Hand-made projections a class can reason about: identity Wq, Wk, Wv, Wo (the heads attend on
    // the embeddings' own columns), so the weights come from X alone.
    'typed-identity': { ...twoHeads, dModel: 4, projections: 'typed', ...identityProjections(4) },
  },
  defaultPreset: 'two-heads',
  check: checkMultiHead,
});

function checkMultiHead(state: MultiHeadState): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const heads = headsProblem(state.dModel, state.heads);
  if (heads !== null) problems.push({ field: 'heads', message: heads });
  if (state.projections === 'typed') {
    if (state.dModel > MULTI_HEAD_MAX_TYPED_D_MODEL) {
      problems.push({ field: 'dModel', message: typedTooWideMessage(state.dModel) });
      return problems;
    }
    for (const name of PROJECTION_NAMES) {
      const m = state[name];
      if (m.length !== state.dModel || m[0].length !== state.dModel) {
        problems.push({
          field: name,
          message: `${projectionLabel(name)} is ${m.length}×${m[0].length} but must be d_model × d_model = ${state.dModel}×${state.dModel}`,
        });
      }
    }
  }
  return problems;
}

/** Why d_model is too wide for typed projections, in a learner's words. */
export function typedTooWideMessage(dModel: number): string {
  return `Typed projections go up to d_model = ${MULTI_HEAD_MAX_TYPED_D_MODEL} (a link carries every typed number); d_model is ${dModel}. Lower d_model, or choose projections from the seed.`;
}

/** The worker's input for a state: typed matrices only in typed mode, exactly as stored. */
export function multiHeadInput(state: MultiHeadState): MultiHeadExplorerInput {
  const input: MultiHeadExplorerInput = { tokens: state.tokens, dModel: state.dModel, heads: state.heads, seed: state.seed, causal: state.causal };
  if (state.projections === 'typed') input.projections = { wq: state.wq, wk: state.wk, wv: state.wv, wo: state.wo };
  return input;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const rowsOf = (m: Matrix, map: (x: number) => number): number[][] =>
  Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), map));

/** The seeded projections rounded to 2 decimals: where typed mode starts, and "Fill from the seed". */
export function seededProjectionRows(dModel: number, seed: number): TypedProjections {
  const w = seededProjections(dModel, seed);
  return { wq: rowsOf(w.wq, round2), wk: rowsOf(w.wk, round2), wv: rowsOf(w.wv, round2), wo: rowsOf(w.wo, round2) };
}

function identityProjections(dModel: number): TypedProjections {
  const eye = () => Array.from({ length: dModel }, (_, i) => Array.from({ length: dModel }, (_, j) => (i === j ? 1 : 0)));
  return { wq: eye(), wk: eye(), wv: eye(), wo: eye() };
}

/**
 * The change that switches to typed projections, starting from the seeded ones rounded to
 * 2 decimals; or why it cannot (d_model too wide).
 */
export function switchToTyped(state: MultiHeadState): { patch: Partial<MultiHeadState> } | { problem: string } {
  if (state.dModel > MULTI_HEAD_MAX_TYPED_D_MODEL) return { problem: typedTooWideMessage(state.dModel) };
  return { patch: { projections: 'typed', ...seededProjectionRows(state.dModel, state.seed) } };
}

/** The change back to seeded projections: the matrices become placeholders again, so the link is short. */
export function switchToSeed(): Partial<MultiHeadState> {
  return { ...seeded };
}

/** Rows resized to n × n: the top-left overlap is kept, new cells are 0. */
export function resizeSquare(rows: number[][], n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => rows[i]?.[j] ?? 0));
}

/**
 * A candidate state with its typed matrices fitted to its d_model (a new d_model while typed
 * resizes them; new cells are 0). Left alone when seeded, or when d_model is too wide to type
 * (the check then explains that).
 */
export function fitTypedProjections(state: MultiHeadState): MultiHeadState {
  if (state.projections !== 'typed' || state.dModel > MULTI_HEAD_MAX_TYPED_D_MODEL) return state;
  const n = state.dModel;
  if (PROJECTION_NAMES.every((name) => state[name].length === n && state[name][0].length === n)) return state;
  return { ...state, wq: resizeSquare(state.wq, n), wk: resizeSquare(state.wk, n), wv: resizeSquare(state.wv, n), wo: resizeSquare(state.wo, n) };
}
