/**
 * The "multi-head attention" calculator: a few tokens, d_model, a number of heads and a seed; the
 * worker builds the inputs, runs the core's `multiHeadAttention` and returns what the page draws:
 * each head's weights and output, the concatenation of the head outputs, the output projection,
 * and what h heads of width d/h cost against one head of the full width d.
 *
 * The inputs are built deterministically from the compact state (a share link carries a seed, not
 * matrices):
 * - X (n × d_model): each token's embedding plus the sinusoidal position encoding, as in
 *   "Attention Is All You Need". The embedding is N(0, 1) seeded by the seed and the token's text,
 *   so a repeated word has the same embedding (and differs only by its position), and editing one
 *   token changes only its row.
 * - Wq, Wk, Wv, Wo (d_model × d_model): N(0, 1/d_model) from seeds derived from the seed, so the
 *   projected vectors keep about the scale of X (Xavier-like), and the softmax is neither flat nor
 *   saturated at any d_model. Or, when the learner typed them, exactly the typed numbers
 *   (`projections`); X still comes from the seed.
 *
 * The core's conventions apply (lib/attention.ts): projections multiply on the right (Q = X·Wq),
 * head h owns columns [h·dₕ, (h+1)·dₕ) of Q, K and V, its scale is 1/√dₕ, and the output is
 * concat(head outputs) · Wo, no biases.
 *
 * Cost: the split is the point. Each head's QKᵀ and weights·V cost 2·n²·dₕ FLOPs each, so h heads
 * cost 4·n²·h·dₕ = 4·n²·d, exactly one full-width head; only the softmax (5 FLOPs per pair, per
 * head) grows with h, and the projections (4 · 2·n·d²) do not depend on h at all.
 */
import { multiHeadAttention, type HeadResult, type MultiHeadWeights } from '../attention';
import { attentionCost, type AttentionCost } from '../costModel';
import { AttentionInputError } from '../errors';
import { assertInteger, type Matrix } from '../matrix';
import { sinusoidalPositionalEncoding } from '../positionalEncoding';
import { randomNormalMatrix } from '../random';

export const MULTI_HEAD_MIN_D_MODEL = 4;
export const MULTI_HEAD_MAX_D_MODEL = 64;
export const MULTI_HEAD_MAX_TOKENS = 16;
export const MULTI_HEAD_MAX_TOKEN_LENGTH = 24;
export const MULTI_HEAD_MAX_SEED = 2 ** 31 - 1;

export interface MultiHeadExplorerInput {
  tokens: string[];
  dModel: number;
  heads: number;
  seed: number;
  /** Each token attends only itself and earlier tokens (a decoder). */
  causal?: boolean;
  /** Typed Wq, Wk, Wv, Wo (each d_model × d_model, rows of numbers); absent: seeded from `seed`. */
  projections?: TypedProjections;
}

export const PROJECTION_NAMES = ['wq', 'wk', 'wv', 'wo'] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];
export type TypedProjections = Record<ProjectionName, number[][]>;

/** How the page and every message write a projection's name ("Wq"). */
export function projectionLabel(name: ProjectionName): string {
  return `W${name.slice(1)}`;
}

export interface MultiHeadCostComparison {
  /** h heads of width d / h. */
  multiHead: AttentionCost;
  /** One head of width d. */
  singleHead: AttentionCost;
  /** multiHead.flops / singleHead.flops: 1 + 5(h − 1) / (4d + 5), close to 1. */
  ratio: number;
}

export interface MultiHeadExplorerResult {
  tokens: string[];
  dModel: number;
  heads: number;
  /** d_model / heads. */
  headDim: number;
  /** 1 / √dₕ. */
  scale: number;
  causal: boolean;
  /** Where Wq, Wk, Wv, Wo came from. */
  projections: 'seed' | 'typed';
  /** n × d_model: embeddings + positions. */
  x: Matrix;
  weights: MultiHeadWeights;
  /** X·Wq, X·Wk, X·Wv (n × d_model); head h reads columns [h·dₕ, (h+1)·dₕ). */
  projected: { q: Matrix; k: Matrix; v: Matrix };
  perHead: HeadResult[];
  /** n × d_model: the head outputs side by side, head 1 first. */
  concat: Matrix;
  /** n × d_model: concat · Wo. */
  output: Matrix;
  cost: MultiHeadCostComparison;
}

/** The numbers of heads that split d_model evenly. */
export function divisorsOf(n: number): number[] {
  const divisors: number[] = [];
  for (let h = 1; h <= n; h++) if (n % h === 0) divisors.push(h);
  return divisors;
}

/** Why `heads` cannot split `dModel`, in a learner's words, or null when it can. */
export function headsProblem(dModel: number, heads: number): string | null {
  if (!Number.isInteger(dModel) || !Number.isInteger(heads) || heads < 1) return null;
  if (dModel % heads === 0) return null;
  return `${heads} heads cannot split d_model = ${dModel}: each head takes d_model / heads columns, so heads must divide ${dModel} (${divisorsOf(dModel).join(', ')}).`;
}

/** FNV-1a of a string, mixed with a seed: the seed of one token's embedding or one matrix. */
export function derivedSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // One more avalanche so seeds 1 and 2 give unrelated streams.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** n × d: N(0, 1) embedding of each token (by seed and text) plus the sinusoidal position code. */
export function tokenEmbeddings(tokens: string[], dModel: number, seed: number): Matrix {
  const n = tokens.length;
  const positions = sinusoidalPositionalEncoding(n, dModel);
  const data = new Float64Array(n * dModel);
  tokens.forEach((token, i) => {
    const embedding = randomNormalMatrix(derivedSeed(seed, `token:${token}`), 1, dModel);
    for (let c = 0; c < dModel; c++) data[i * dModel + c] = embedding.data[c] + positions.data[i * dModel + c];
  });
  return { rows: n, cols: dModel, data };
}

/** Wq, Wk, Wv, Wo: N(0, 1/d_model) each, from seeds derived from `seed` and `prefix`. */
export function seededProjections(dModel: number, seed: number, prefix = ''): MultiHeadWeights {
  const std = 1 / Math.sqrt(dModel);
  const make = (name: string) => randomNormalMatrix(derivedSeed(seed, `${prefix}${name}`), dModel, dModel, { std });
  return { wq: make('wq'), wk: make('wk'), wv: make('wv'), wo: make('wo') };
}

export function checkTokens(tokens: unknown, name: string): asserts tokens is string[] {
  if (!Array.isArray(tokens) || tokens.length < 1 || tokens.length > MULTI_HEAD_MAX_TOKENS) {
    throw new AttentionInputError('out-of-range', `Give 1 to ${MULTI_HEAD_MAX_TOKENS} ${name} tokens.`, { input: name });
  }
  tokens.forEach((token, i) => {
    if (typeof token !== 'string' || token.length === 0 || token.length > MULTI_HEAD_MAX_TOKEN_LENGTH) {
      throw new AttentionInputError(
        'invalid-argument',
        `${name} token ${i + 1} must be 1 to ${MULTI_HEAD_MAX_TOKEN_LENGTH} characters.`,
        { input: name },
      );
    }
  });
}

/**
 * Typed rows as the core's matrices, checked: each must be d_model × d_model of finite numbers;
 * a message names the matrix (and the cell) that is wrong.
 */
export function typedProjectionWeights(projections: unknown, dModel: number): MultiHeadWeights {
  if (typeof projections !== 'object' || projections === null) {
    throw new AttentionInputError('invalid-argument', 'Typed projections need Wq, Wk, Wv and Wo.', { input: 'projections' });
  }
  const toMatrix = (name: ProjectionName): Matrix => {
    const label = projectionLabel(name);
    const rows = (projections as Record<string, unknown>)[name];
    const shape = Array.isArray(rows) ? `${rows.length}×${Array.isArray(rows[0]) ? rows[0].length : 0}` : 'missing';
    if (!Array.isArray(rows) || rows.length !== dModel || !rows.every((row) => Array.isArray(row) && row.length === dModel)) {
      throw new AttentionInputError('shape', `${label} is ${shape} but must be d_model × d_model = ${dModel}×${dModel}.`, { input: label });
    }
    const data = new Float64Array(dModel * dModel);
    (rows as unknown[][]).forEach((row, i) =>
      row.forEach((x, j) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) {
          throw new AttentionInputError('not-finite', `${label} row ${i + 1}, column ${j + 1} must be a finite number.`, { input: label, row: i, col: j });
        }
        data[i * dModel + j] = x;
      }),
    );
    return { rows: dModel, cols: dModel, data };
  };
  return { wq: toMatrix('wq'), wk: toMatrix('wk'), wv: toMatrix('wv'), wo: toMatrix('wo') };
}

export function computeMultiHeadExplorer(input: MultiHeadExplorerInput): MultiHeadExplorerResult {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', 'computeMultiHeadExplorer needs { tokens, dModel, heads, seed, causal?, projections? }.', { input: 'input' });
  }
  const { tokens, dModel, heads, seed, causal = false, projections } = input;
  checkTokens(tokens, 'tokens');
  assertInteger(dModel, 'd_model', MULTI_HEAD_MIN_D_MODEL, MULTI_HEAD_MAX_D_MODEL);
  assertInteger(heads, 'heads', 1, dModel, 'The number of heads');
  assertInteger(seed, 'seed', 0, MULTI_HEAD_MAX_SEED, 'The seed');
  const problem = headsProblem(dModel, heads);
  if (problem !== null) throw new AttentionInputError('invalid-argument', problem, { input: 'heads' });
  if (typeof causal !== 'boolean') throw new AttentionInputError('invalid-argument', 'causal must be true or false.', { input: 'causal' });

  const x = tokenEmbeddings(tokens, dModel, seed);
  const weights = projections === undefined ? seededProjections(dModel, seed) : typedProjectionWeights(projections, dModel);
  const { output, heads: perHead } = multiHeadAttention(x, x, weights, heads, { causal });
  const headDim = dModel / heads;
  const n = tokens.length;
  const concat = new Float64Array(n * dModel);
  perHead.forEach((head, h) => {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < headDim; c++) concat[i * dModel + h * headDim + c] = head.output.data[i * headDim + c];
    }
  });
  return {
    tokens: tokens.slice(),
    dModel,
    heads,
    headDim,
    scale: 1 / Math.sqrt(headDim),
    causal,
    projections: projections === undefined ? 'seed' : 'typed',
    x,
    weights,
    projected: { q: matmul(x, weights.wq), k: matmul(x, weights.wk), v: matmul(x, weights.wv) },
    perHead,
    concat: { rows: n, cols: dModel, data: concat },
    output,
    cost: compareHeadCost(n, dModel, heads, causal),
  };
}

/**
 * The result's fields the browser draws again rather than reading them from the page: seeded
 * Wq, Wk, Wv, Wo (four d × d matrices, 44 KiB of page text at d = 32, where the pictures are 20),
 * exactly as computeMultiHeadExplorer draws them. Typed projections travel in the state; none.
 */
export function multiHeadDerivedParts([input]: [MultiHeadExplorerInput]): Pick<MultiHeadExplorerResult, 'weights'> | null {
  return input.projections === undefined ? { weights: seededProjections(input.dModel, input.seed) } : null;
}

/** h heads of width d/h against one head of width d, for n tokens (fp32, the cost model's FLOPs). */
export function compareHeadCost(n: number, dModel: number, heads: number, causal = false): MultiHeadCostComparison {
  const pattern = causal ? ({ kind: 'causal' } as const) : ({ kind: 'full' } as const);
  const multiHead = attentionCost({ n, d: dModel, heads, precision: 'fp32', pattern });
  const singleHead = attentionCost({ n, d: dModel, heads: 1, precision: 'fp32', pattern });
  return { multiHead, singleHead, ratio: multiHead.flops / singleHead.flops };
}

/** a · b, float64 (small matrices: the calculator's sizes). */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new AttentionInputError('shape', `Cannot multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}.`, { input: 'matmul' });
  }
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}
