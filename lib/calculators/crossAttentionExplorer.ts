/**
 * The "self versus cross attention" calculator: a source sentence (what an encoder read) and a
 * target sentence (what a decoder is writing, e.g. the translation). Two attentions of a decoder
 * layer are computed, each by the core's `multiHeadAttention` with one head:
 * - the target's self-attention, causal: target token i attends target tokens 0..i only, because
 *   while generating, later target tokens do not exist yet;
 * - cross-attention: the queries come from the target (decoder), the keys and values from the
 *   source (encoder). The weights are target × source; the source side needs no causal mask, as
 *   the whole source sentence is known before decoding starts.
 *
 * Two ways to build the inputs (the state stays a seed and a few small fields):
 * - 'random': embeddings as in the multi-head calculator (seeded by token text, plus positions),
 *   projections N(0, 1/d). The pattern of the weights is then arbitrary: nothing was learned, so
 *   there is no reason for "chat" to look at "cat". The page says so.
 * - 'aligned' (toy): every source position j gets a vector eⱼ; the vectors are orthogonal when
 *   there are at most d_model source tokens (Gram–Schmidt of seeded random vectors), else merely
 *   random unit directions. Target token i gets the vector of the source token it translates,
 *   `alignment[i]` (1-based; by default the same position, clipped to the source length). All
 *   projections are the identity, so the cross score of (i, j) is eₐ₍ᵢ₎·eⱼ/√d: large for the
 *   aligned word, zero (orthogonal) for the others. The vectors have squared length
 *   ALIGNED_SHARPNESS·√d, so an aligned pair has logit ALIGNED_SHARPNESS whatever d is. This
 *   is a hand-built picture of what training achieves, not a trained model.
 */
import { multiHeadAttention, type MultiHeadWeights } from '../attention';
import { AttentionInputError } from '../errors';
import { assertInteger, type Matrix } from '../matrix';
import { randomNormalMatrix } from '../random';
import {
  MULTI_HEAD_MAX_D_MODEL,
  MULTI_HEAD_MAX_SEED,
  MULTI_HEAD_MIN_D_MODEL,
  checkTokens,
  derivedSeed,
  seededProjections,
  tokenEmbeddings,
} from './multiHeadExplorer';

export const CROSS_ATTENTION_MODES = ['random', 'aligned'] as const;
export type CrossAttentionMode = (typeof CROSS_ATTENTION_MODES)[number];

/** The logit of an aligned pair in the toy mode: e^6 against a handful of e^0 is ≈ 0.99. */
export const ALIGNED_SHARPNESS = 6;

export const CROSS_ATTENTION_NOTE =
  'In cross-attention the queries come from the target (the decoder) and the keys and values from the source (the encoder): each target token asks which source tokens it needs and takes a weighted mix of their values. Self-attention takes queries, keys and values from one sequence.';

export interface CrossAttentionInput {
  source: string[];
  target: string[];
  dModel: number;
  seed: number;
  mode: CrossAttentionMode;
  /** 'aligned' only: for each target token, the 1-based source position it matches; [] = the same position. */
  alignment?: number[];
}

export interface AttentionPart {
  /** Rows: queries; columns: keys. */
  weights: Matrix;
  /** The head's output after Wo: one row per query, d_model wide. */
  output: Matrix;
  projections: MultiHeadWeights;
}

export interface CrossAttentionResult {
  source: string[];
  target: string[];
  dModel: number;
  mode: CrossAttentionMode;
  /** ns × d_model: encoder side. */
  xSource: Matrix;
  /** nt × d_model: decoder side. */
  xTarget: Matrix;
  /** nt × nt, causal: target attends earlier target tokens. */
  self: AttentionPart;
  /** nt × ns: target queries, source keys and values. */
  cross: AttentionPart;
  /** 'aligned': 0-based source position for each target token; null for 'random'. */
  alignment: number[] | null;
  /** 'aligned': whether the source vectors are exactly orthogonal (ns ≤ d_model). */
  orthogonal: boolean | null;
  note: string;
}

/** Why an alignment list does not fit the sentences, or null. Empty means "same position". */
export function alignmentProblem(alignment: readonly number[], targetLength: number, sourceLength: number): string | null {
  if (alignment.length === 0) return null;
  if (alignment.length !== targetLength) {
    return `The alignment needs one source position per target token: ${targetLength} numbers, got ${alignment.length}.`;
  }
  const bad = alignment.findIndex((a) => !Number.isInteger(a) || a < 1 || a > sourceLength);
  if (bad >= 0) {
    return `Alignment entry ${bad + 1} is ${alignment[bad]}: each must be a source position from 1 to ${sourceLength}.`;
  }
  return null;
}

/** 0-based source position for each target token. */
export function resolveAlignment(alignment: readonly number[], targetLength: number, sourceLength: number): number[] {
  const problem = alignmentProblem(alignment, targetLength, sourceLength);
  if (problem !== null) throw new AttentionInputError('invalid-argument', problem, { input: 'alignment' });
  if (alignment.length === 0) return Array.from({ length: targetLength }, (_, i) => Math.min(i, sourceLength - 1));
  return alignment.map((a) => a - 1);
}

/**
 * ns vectors of squared length ALIGNED_SHARPNESS·√d: Gram–Schmidt of seeded normal vectors while
 * there is room (ns ≤ d), plain normalised random directions after that.
 */
export function alignedSourceVectors(sourceLength: number, dModel: number, seed: number): Matrix {
  const raw = randomNormalMatrix(derivedSeed(seed, 'aligned'), sourceLength, dModel);
  const data = new Float64Array(sourceLength * dModel);
  const length = Math.sqrt(ALIGNED_SHARPNESS * Math.sqrt(dModel));
  for (let j = 0; j < sourceLength; j++) {
    const v = Array.from(raw.data.subarray(j * dModel, (j + 1) * dModel));
    if (j < dModel) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let c = 0; c < dModel; c++) dot += v[c] * data[p * dModel + c];
        const scale = dot / (length * length);
        for (let c = 0; c < dModel; c++) v[c] -= scale * data[p * dModel + c];
      }
    }
    const norm = Math.hypot(...v);
    for (let c = 0; c < dModel; c++) data[j * dModel + c] = (v[c] / norm) * length;
  }
  return { rows: sourceLength, cols: dModel, data };
}

function identity(d: number): Matrix {
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) data[i * d + i] = 1;
  return { rows: d, cols: d, data };
}

export function computeCrossAttention(input: CrossAttentionInput): CrossAttentionResult {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', 'computeCrossAttention needs { source, target, dModel, seed, mode, alignment? }.', { input: 'input' });
  }
  const { source, target, dModel, seed, mode, alignment = [] } = input;
  checkTokens(source, 'source');
  checkTokens(target, 'target');
  assertInteger(dModel, 'd_model', MULTI_HEAD_MIN_D_MODEL, MULTI_HEAD_MAX_D_MODEL);
  assertInteger(seed, 'seed', 0, MULTI_HEAD_MAX_SEED, 'The seed');
  if (!(CROSS_ATTENTION_MODES as readonly string[]).includes(mode)) {
    throw new AttentionInputError('invalid-argument', `mode must be one of ${CROSS_ATTENTION_MODES.join(', ')}.`, { input: 'mode' });
  }
  if (!Array.isArray(alignment)) throw new AttentionInputError('invalid-argument', 'alignment must be a list of numbers.', { input: 'alignment' });
  const ns = source.length;
  const nt = target.length;

  let xSource: Matrix;
  let xTarget: Matrix;
  let selfProjections: MultiHeadWeights;
  let crossProjections: MultiHeadWeights;
  let resolved: number[] | null = null;
  if (mode === 'aligned') {
    resolved = resolveAlignment(alignment, nt, ns);
    xSource = alignedSourceVectors(ns, dModel, seed);
    const targetData = new Float64Array(nt * dModel);
    resolved.forEach((j, i) => targetData.set(xSource.data.subarray(j * dModel, (j + 1) * dModel), i * dModel));
    xTarget = { rows: nt, cols: dModel, data: targetData };
    const eye = identity(dModel);
    selfProjections = { wq: eye, wk: eye, wv: eye, wo: eye };
    crossProjections = selfProjections;
  } else {
    xSource = tokenEmbeddings(source, dModel, derivedSeed(seed, 'source'));
    xTarget = tokenEmbeddings(target, dModel, derivedSeed(seed, 'target'));
    // A decoder layer has separate weights for its self- and its cross-attention.
    selfProjections = seededProjections(dModel, seed, 'self:');
    crossProjections = seededProjections(dModel, seed, 'cross:');
  }
  const self = multiHeadAttention(xTarget, xTarget, selfProjections, 1, { causal: true });
  const cross = multiHeadAttention(xTarget, xSource, crossProjections, 1);
  return {
    source: source.slice(),
    target: target.slice(),
    dModel,
    mode,
    xSource,
    xTarget,
    self: { weights: self.heads[0].weights, output: self.output, projections: selfProjections },
    cross: { weights: cross.heads[0].weights, output: cross.output, projections: crossProjections },
    alignment: resolved,
    orthogonal: mode === 'aligned' ? ns <= dModel : null,
    note: CROSS_ATTENTION_NOTE,
  };
}
