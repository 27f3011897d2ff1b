/**
 * The multi-head attention calculator's state: a few tokens, d_model, heads, a seed and whether
 * the attention is causal. The matrices are rebuilt from the seed (lib/calculators/multiHeadExplorer.ts),
 * so a share link stays short.
 */
import { defineCalculator } from './calculatorSpec';
import {
  MULTI_HEAD_MAX_D_MODEL,
  MULTI_HEAD_MAX_SEED,
  MULTI_HEAD_MAX_TOKEN_LENGTH,
  MULTI_HEAD_MAX_TOKENS,
  MULTI_HEAD_MIN_D_MODEL,
  headsProblem,
} from './multiHeadExplorer';

export const multiHeadSchema = {
  tokens: { kind: 'textList', minItems: 1, maxItems: MULTI_HEAD_MAX_TOKENS, maxLength: MULTI_HEAD_MAX_TOKEN_LENGTH },
  dModel: { kind: 'int', min: MULTI_HEAD_MIN_D_MODEL, max: MULTI_HEAD_MAX_D_MODEL },
  heads: { kind: 'int', min: 1, max: MULTI_HEAD_MAX_D_MODEL },
  seed: { kind: 'int', min: 0, max: MULTI_HEAD_MAX_SEED },
  causal: { kind: 'boolean' },
} as const;

const SENTENCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'];

export const multiHeadSpec = defineCalculator({
  name: 'multi-head',
  title: 'Multi-head attention',
  stateVersion: 1,
  schema: multiHeadSchema,
  presets: {
    'two-heads': { tokens: SENTENCE, dModel: 8, heads: 2, seed: 7, causal: false },
    'one-head': { tokens: SENTENCE, dModel: 8, heads: 1, seed: 7, causal: false },
    'four-heads': { tokens: SENTENCE, dModel: 16, heads: 4, seed: 7, causal: false },
    'eight-heads-causal': { tokens: SENTENCE, dModel: 32, heads: 8, seed: 7, causal: true },
  },
  defaultPreset: 'two-heads',
  check(state) {
    const problem = headsProblem(state.dModel, state.heads);
    return problem === null ? [] : [{ field: 'heads', message: problem }];
  },
});
