/**
 * The self-versus-cross attention calculator's state: two sentences, d_model, a seed, how the
 * inputs are built ('random' projections or the 'aligned' toy) and, for the toy, which source
 * position each target token matches (1-based; empty = the same position).
 */
import { defineCalculator, type FieldProblem } from './calculatorSpec';
import { CROSS_ATTENTION_MODES, alignmentProblem } from './crossAttentionExplorer';
import {
  MULTI_HEAD_MAX_D_MODEL,
  MULTI_HEAD_MAX_SEED,
  MULTI_HEAD_MAX_TOKEN_LENGTH,
  MULTI_HEAD_MAX_TOKENS,
  MULTI_HEAD_MIN_D_MODEL,
} from './multiHeadExplorer';

const tokenList = { kind: 'textList', minItems: 1, maxItems: MULTI_HEAD_MAX_TOKENS, maxLength: MULTI_HEAD_MAX_TOKEN_LENGTH } as const;

export const crossAttentionSchema = {
  source: tokenList,
  target: tokenList,
  dModel: { kind: 'int', min: MULTI_HEAD_MIN_D_MODEL, max: MULTI_HEAD_MAX_D_MODEL },
  seed: { kind: 'int', min: 0, max: MULTI_HEAD_MAX_SEED },
  mode: { kind: 'choice', options: CROSS_ATTENTION_MODES },
  alignment: { kind: 'numberList', minItems: 0, maxItems: MULTI_HEAD_MAX_TOKENS },
} as const;

/** What the page calls each field: its label, and the name every message about it uses. */
export const CROSS_ATTENTION_LABELS = {
  source: 'Source (encoder)',
  target: 'Target (decoder)',
  dModel: 'd_model',
  seed: 'Seed',
  mode: 'Projections',
  alignment: 'Alignment',
} as const satisfies Record<keyof typeof crossAttentionSchema, string>;

const SOURCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
const TARGET = ['le', 'chat', 'était', 'assis', 'sur', 'le', 'tapis'];
/** le→the, chat→cat, était→sat, assis→sat, sur→on, le→the, tapis→mat. */
const WORD_ALIGNMENT = [1, 2, 3, 3, 4, 5, 6];

export const crossAttentionSpec = defineCalculator({
  name: 'cross-attention',
  title: 'Self versus cross attention',
  stateVersion: 1,
  schema: crossAttentionSchema,
  labels: CROSS_ATTENTION_LABELS,
  presets: {
    'random-projections': { source: SOURCE, target: TARGET, dModel: 16, seed: 3, mode: 'random', alignment: [] },
    'toy-aligned': { source: SOURCE, target: TARGET, dModel: 16, seed: 3, mode: 'aligned', alignment: WORD_ALIGNMENT },
    'toy-diagonal': { source: SOURCE, target: TARGET, dModel: 16, seed: 3, mode: 'aligned', alignment: [] },
  },
  defaultPreset: 'random-projections',
  check(state) {
    const problems: FieldProblem[] = [];
    // The alignment is kept while in 'random' mode (so switching back restores it) but only checked in 'aligned'.
    if (state.mode === 'aligned') {
      const problem = alignmentProblem(state.alignment, state.target.length, state.source.length);
      if (problem !== null) problems.push({ field: 'alignment', message: problem });
    }
    return problems;
  },
});
