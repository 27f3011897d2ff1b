/**
 * Which stage tables of the step-through share one colour scale, and that scale
 * (lib/heatmap/colourPolicy.ts). Matrices of one kind share it whether or not they are on screen,
 * so stepping from S to L = S · scale / T shows the logits shrinking, and at a high temperature
 * the weights look as flat as they are:
 * - vectors: Q, K, V and the output O = AV (a mix of V's rows), centred on 0;
 * - scores: S, L and M, centred on 0 (M's −∞ cells are masked, not values);
 * - weights: A, fixed 0–1 unless stretched;
 * - mask: 0/1, fixed 0–1.
 */
import { assertOptions } from '../matrix';
import { colourPolicy, type ColourPolicy, type ColourSource } from '../heatmap/colourPolicy';
import type { AttentionStages, StageMatrixName } from './stepThrough';

export type StageColourGroup = 'vectors' | 'scores' | 'weights' | 'mask';

export const STAGE_COLOUR_GROUP: Readonly<Record<StageMatrixName, StageColourGroup>> = {
  q: 'vectors',
  k: 'vectors',
  v: 'vectors',
  output: 'vectors',
  rawScores: 'scores',
  scaledScores: 'scores',
  maskedScores: 'scores',
  weights: 'weights',
  mask: 'mask',
};

/** The legend's words for each group: what a value is, and which tables share it. */
export const STAGE_COLOUR_LEGEND: Readonly<Record<StageColourGroup, { valueLabel: string; these: string }>> = {
  vectors: { valueLabel: 'entry of Q, K, V or O', these: 'Q, K, V and O' },
  scores: { valueLabel: 'score or logit', these: 'S, L and M' },
  weights: { valueLabel: 'weight', these: 'this matrix' },
  mask: { valueLabel: 'mask (1 = may attend)', these: 'this matrix' },
};

/** Masked cells of a stage's matrix (1 = masked): where the mask blocks, for M and A; else null. */
export function stageBlocked(stages: AttentionStages, name: StageMatrixName): Uint8Array | null {
  if (!stages.mask || (name !== 'maskedScores' && name !== 'weights')) return null;
  const allowed = stages.mask.data;
  const out = new Uint8Array(allowed.length);
  for (let k = 0; k < allowed.length; k++) out[k] = allowed[k] === 0 ? 1 : 0;
  return out;
}

/** One policy per group, over every matrix of the group; `stretch` applies to the weights. */
export function stageColours(stages: AttentionStages, options: { stretch?: boolean } = {}): Record<StageColourGroup, ColourPolicy> {
  assertOptions(options, '{ stretch }', { optional: true });
  const source = (name: StageMatrixName, m: { data: ArrayLike<number> }): ColourSource => ({ data: m.data, blocked: stageBlocked(stages, name) });
  const { q, k, v } = stages.inputs;
  return {
    vectors: colourPolicy('diverging', [source('q', q), source('k', k), source('v', v), source('output', stages.output)]),
    scores: colourPolicy('diverging', [source('rawScores', stages.rawScores), source('scaledScores', stages.scaledScores), source('maskedScores', stages.maskedScores)]),
    weights: colourPolicy('sequential', [source('weights', stages.weights)], { stretch: options.stretch }),
    mask: colourPolicy('sequential', stages.mask ? [source('mask', stages.mask)] : []),
  };
}
