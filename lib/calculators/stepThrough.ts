/**
 * The "step-through scaled dot-product" calculator: attention taken apart into the stages
 * Q, K, V → S = QKᵀ → L = S·scale/T → M (blocked = −∞) → A = softmax(M) → O = AV, with every
 * intermediate matrix kept so a learner can click a cell and see where it came from.
 *
 * Temperature composes with the scale as one factor: L = QKᵀ · (scale / T). That is the factor
 * handed to the core as its `scale`, so the logits here are the core's scores bit for bit.
 *
 * Every stage is float64, whatever the input type: float32 inputs are widened first. The weights
 * and output are then exactly `scaledDotProductAttention` on the widened inputs (they come from
 * it), and the masked scores equal its `scores` (same loop order, same single multiply). A float32
 * input run through the core directly takes the float32 SIMD path and differs in the last bits.
 *
 * A query row blocked everywhere gets zero weights and a zero output, as PyTorch ≥ 2.5 SDPA.
 * Sizes are capped tighter than the core (STEP_THROUGH_MAX_SCORE_CELLS): four nq×nk float64
 * matrices are kept, and a step-through is read cell by cell anyway.
 */
import { scaledDotProductAttention } from '../attention';
import { AttentionInputError, human } from '../errors';
import { MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH } from '../limits';
import { causalMask } from '../masks';
import { assertMatrix, type Matrix } from '../matrix';
import { softmaxRows } from '../softmax';

export const ATTENTION_STAGES = ['inputs', 'rawScores', 'scaledScores', 'maskedScores', 'weights', 'output'] as const;
export type AttentionStage = (typeof ATTENTION_STAGES)[number];

/** Every matrix a cell can be picked in or come from. */
export type StageMatrixName = 'q' | 'k' | 'v' | 'mask' | 'rawScores' | 'scaledScores' | 'maskedScores' | 'weights' | 'output';

/** The matrix each stage produces (its cells can be picked or predicted); the inputs stage, none. */
export const STAGE_RESULT: Readonly<Record<AttentionStage, StageMatrixName | null>> = {
  inputs: null,
  rawScores: 'rawScores',
  scaledScores: 'scaledScores',
  maskedScores: 'maskedScores',
  weights: 'weights',
  output: 'output',
};

export interface AttentionStageInfo {
  title: string;
  /** KaTeX source. */
  formulaTex: string;
  /** One sentence for a learner. */
  description: string;
}

export const ATTENTION_STAGE_INFO: Readonly<Record<AttentionStage, AttentionStageInfo>> = {
  inputs: {
    title: 'Queries, keys, values',
    formulaTex: 'Q \\in \\mathbb{R}^{n_q \\times d},\\; K \\in \\mathbb{R}^{n_k \\times d},\\; V \\in \\mathbb{R}^{n_k \\times d_v}',
    description: 'Each query row asks a question, each key row describes a token, and each value row is what that token hands over.',
  },
  rawScores: {
    title: 'Raw scores',
    formulaTex: 'S = QK^\\top',
    description: 'Every query is compared with every key by a dot product: a large score means the two vectors point the same way.',
  },
  scaledScores: {
    title: 'Scaled logits',
    formulaTex: 'L = \\frac{S \\cdot \\text{scale}}{T}, \\quad \\text{scale} = \\tfrac{1}{\\sqrt{d}}',
    description: 'The scores are multiplied by the scale (1/√d by default) and divided by the temperature, so their spread does not grow with d.',
  },
  maskedScores: {
    title: 'Masked logits',
    formulaTex: 'M_{ij} = \\begin{cases} L_{ij} & \\text{allowed} \\\\ -\\infty & \\text{blocked} \\end{cases}',
    description: 'Pairs the mask forbids (a future token, padding) are set to −∞ so they will get exactly zero weight.',
  },
  weights: {
    title: 'Attention weights',
    formulaTex: 'A_{ij} = \\frac{e^{M_{ij} - \\max_k M_{ik}}}{\\sum_{l} e^{M_{il} - \\max_k M_{ik}}}',
    description: 'Each row is turned into probabilities by softmax: positive, summing to 1, largest where the logit is largest.',
  },
  output: {
    title: 'Output',
    formulaTex: 'O = AV',
    description: 'Each output row is the weighted average of the value rows, using that query’s attention weights.',
  },
};

/** 1024 × 1024: four float64 score-sized matrices stay at 32 MiB. */
export const STEP_THROUGH_MAX_SCORE_CELLS = 1024 * 1024;

export interface AttentionStagesInput {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Multiplies QKᵀ; default 1/√d. */
  scale?: number;
  /** Divides the scaled scores; default 1. */
  temperature?: number;
  causal?: boolean;
  /** nq × nk, non-zero = may attend. */
  mask?: Matrix;
}

export interface AttentionStages {
  inputs: { q: Matrix; k: Matrix; v: Matrix };
  /** nq × nk: QKᵀ. */
  rawScores: Matrix;
  /** nq × nk: QKᵀ · scale / T, every cell (blocked ones too). */
  scaledScores: Matrix;
  /** nq × nk: scaledScores with −Infinity where blocked. */
  maskedScores: Matrix;
  /** nq × nk: row softmax of maskedScores; a fully blocked row is zeros. */
  weights: Matrix;
  /** nq × dv: weights · V. */
  output: Matrix;
  /** The scale used (1/√d unless given), before the temperature. */
  scale: number;
  temperature: number;
  /** scale / temperature: the one factor QKᵀ is multiplied by. */
  effectiveScale: number;
  /** nq × nk 0/1 (float32): causal ∧ mask; null when nothing is blocked. */
  mask: Matrix | null;
  /** Query rows (0-based) with every key blocked. */
  fullyBlockedRows: number[];
}

export function computeAttentionStages(input: AttentionStagesInput): AttentionStages {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', 'computeAttentionStages needs { q, k, v, scale?, temperature?, causal?, mask? }.', {
      input: 'input',
    });
  }
  const { causal = false, temperature = 1 } = input;
  assertMatrix(input.q, 'Q', { maxCols: MAX_MODEL_DIM });
  assertMatrix(input.k, 'K', { maxCols: MAX_MODEL_DIM });
  assertMatrix(input.v, 'V', { maxCols: MAX_MODEL_DIM });
  const q = widen(input.q);
  const k = widen(input.k);
  const v = widen(input.v);
  const nq = q.rows;
  const nk = k.rows;
  const d = q.cols;
  if (nq * nk > STEP_THROUGH_MAX_SCORE_CELLS) {
    throw new AttentionInputError(
      'out-of-range',
      `This step-through would show ${nq}×${nk} = ${(nq * nk).toLocaleString('en')} scores; the most it shows is ${STEP_THROUGH_MAX_SCORE_CELLS.toLocaleString('en')} (for example 1024 × 1024). Use fewer queries or keys.`,
      { input: 'size' },
    );
  }
  if (typeof causal !== 'boolean') {
    throw new AttentionInputError('invalid-argument', `causal is ${String(causal)}: it must be true or false.`, { input: 'causal' });
  }
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new AttentionInputError(
      'out-of-range',
      `The temperature is ${String(temperature)}: it must be a finite number greater than 0 (1 leaves the logits unchanged).`,
      { input: 'temperature' },
    );
  }
  const scale = input.scale === undefined ? 1 / Math.sqrt(d) : input.scale;
  if (typeof scale !== 'number' || !Number.isFinite(scale)) {
    throw new AttentionInputError(
      'not-finite',
      `The scale is ${String(scale)}: it must be a finite number (the default is 1/√d = ${(1 / Math.sqrt(d)).toPrecision(4)}).`,
      { input: 'scale' },
    );
  }
  const effectiveScale = scale / temperature;
  if (!Number.isFinite(effectiveScale)) {
    throw new AttentionInputError(
      'out-of-range',
      `scale / temperature = ${scale} / ${temperature} overflows: use a larger temperature or a smaller scale.`,
      { input: 'temperature' },
    );
  }
  const mask = combinedMask(nq, nk, causal, input.mask);

  const raw = new Float64Array(nq * nk);
  const scaled = new Float64Array(nq * nk);
  const masked = new Float64Array(nq * nk);
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < nk; j++) {
      // Same loop order and the same single multiply as the core's kernel, so masked === scores.
      let dot = 0;
      for (let c = 0; c < d; c++) dot += q.data[i * d + c] * k.data[j * d + c];
      const at = i * nk + j;
      raw[at] = dot;
      scaled[at] = dot * effectiveScale;
      masked[at] = mask !== null && mask.data[at] === 0 ? -Infinity : scaled[at];
    }
  }
  for (let at = 0; at < scaled.length; at++) {
    if (!Number.isFinite(scaled[at])) {
      const row = Math.floor(at / nk);
      const col = at % nk;
      throw new AttentionInputError(
        'out-of-range',
        `The score of query ${human(row)} and key ${human(col)} overflows to ${String(scaled[at])}: the inputs are too large; scale them down.`,
        { input: 'scores', row, col },
      );
    }
  }
  const maskedScores: Matrix = { rows: nq, cols: nk, data: masked };
  const core = scaledDotProductAttention(q, k, v, { scale: effectiveScale, ...(mask === null ? {} : { mask }) });
  const fullyBlockedRows: number[] = [];
  if (mask !== null) {
    for (let i = 0; i < nq; i++) {
      let any = false;
      for (let j = 0; j < nk && !any; j++) any = mask.data[i * nk + j] !== 0;
      if (!any) fullyBlockedRows.push(i);
    }
  }
  return {
    inputs: { q, k, v },
    rawScores: { rows: nq, cols: nk, data: raw },
    scaledScores: { rows: nq, cols: nk, data: scaled },
    maskedScores,
    weights: core.weights,
    output: core.output,
    scale,
    temperature,
    effectiveScale,
    mask,
    fullyBlockedRows,
  };
}

/** A float64 copy, so every stage has one number type and the caller's arrays are untouched. */
function widen(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

function combinedMask(nq: number, nk: number, causal: boolean, given: Matrix | undefined): Matrix | null {
  const out = causal ? causalMask(nq, nk) : { rows: nq, cols: nk, data: new Float32Array(nq * nk).fill(1) };
  if (given !== undefined) {
    assertMatrix(given, 'mask');
    if (given.rows !== nq || given.cols !== nk) {
      throw new AttentionInputError(
        'shape',
        `The mask is ${given.rows}×${given.cols} but the scores are ${nq}×${nk} (queries × keys): the mask needs one entry per query and key.`,
        { input: 'mask' },
      );
    }
    for (let at = 0; at < out.data.length; at++) if (given.data[at] === 0) out.data[at] = 0;
  }
  return out.data.includes(0) ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Provenance: which cells of earlier matrices a picked cell was computed from.

export interface StageShapes {
  nq: number;
  nk: number;
  d: number;
  dv: number;
  /** Whether a mask took part; without one, masked scores come from the scaled scores alone. */
  hasMask: boolean;
}

/** Rows [rows[0], rows[1]) × columns [cols[0], cols[1]) of one matrix, 0-based, end exclusive. */
export interface CellRange {
  matrix: StageMatrixName;
  rows: [number, number];
  cols: [number, number];
}

export const STAGE_MATRIX_NAMES: readonly StageMatrixName[] = [
  'q',
  'k',
  'v',
  'mask',
  'rawScores',
  'scaledScores',
  'maskedScores',
  'weights',
  'output',
];

export function stageShapesOf(stages: AttentionStages): StageShapes {
  const { q, v } = stages.inputs;
  return { nq: q.rows, nk: stages.rawScores.cols, d: q.cols, dv: v.cols, hasMask: stages.mask !== null };
}

/** rows × cols of a stage matrix. */
export function stageMatrixShape(matrix: StageMatrixName, shapes: StageShapes): { rows: number; cols: number } {
  const { nq, nk, d, dv } = shapes;
  switch (matrix) {
    case 'q':
      return { rows: nq, cols: d };
    case 'k':
      return { rows: nk, cols: d };
    case 'v':
      return { rows: nk, cols: dv };
    case 'output':
      return { rows: nq, cols: dv };
    case 'mask':
    case 'rawScores':
    case 'scaledScores':
    case 'maskedScores':
    case 'weights':
      return { rows: nq, cols: nk };
    default:
      throw new AttentionInputError(
        'invalid-argument',
        `The matrix is ${JSON.stringify(matrix)}: it must be one of ${STAGE_MATRIX_NAMES.join(', ')}.`,
        { input: 'stage' },
      );
  }
}

/**
 * The cells of earlier matrices that produced cell (row, col) of `matrix`. Inputs (q, k, v, mask)
 * have no sources. Row and column are 0-based.
 */
export function stageCellSources(matrix: StageMatrixName, row: number, col: number, shapes: StageShapes): CellRange[] {
  assertShapes(shapes);
  const { rows, cols } = stageMatrixShape(matrix, shapes);
  assertCell(matrix, row, col, rows, cols);
  const { nk, d } = shapes;
  const one = (m: StageMatrixName): CellRange => ({ matrix: m, rows: [row, row + 1], cols: [col, col + 1] });
  switch (matrix) {
    case 'q':
    case 'k':
    case 'v':
    case 'mask':
      return [];
    case 'rawScores':
      // Row j of K is column j of Kᵀ.
      return [
        { matrix: 'q', rows: [row, row + 1], cols: [0, d] },
        { matrix: 'k', rows: [col, col + 1], cols: [0, d] },
      ];
    case 'scaledScores':
      return [one('rawScores')];
    case 'maskedScores':
      return shapes.hasMask ? [one('scaledScores'), one('mask')] : [one('scaledScores')];
    case 'weights':
      return [{ matrix: 'maskedScores', rows: [row, row + 1], cols: [0, nk] }];
    case 'output':
      return [
        { matrix: 'weights', rows: [row, row + 1], cols: [0, nk] },
        { matrix: 'v', rows: [0, nk], cols: [col, col + 1] },
      ];
  }
}

function assertShapes(shapes: unknown): asserts shapes is StageShapes {
  const s = shapes as Partial<StageShapes> | null;
  if (typeof s !== 'object' || s === null) {
    throw new AttentionInputError('invalid-argument', 'The shapes { nq, nk, d, dv, hasMask } are missing.', { input: 'shapes' });
  }
  for (const name of ['nq', 'nk', 'd', 'dv'] as const) {
    const x = s[name];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > Math.max(MAX_SEQUENCE_LENGTH, MAX_MODEL_DIM)) {
      throw new AttentionInputError('out-of-range', `shapes.${name} is ${String(x)}: it must be a whole number of at least 1.`, {
        input: 'shapes',
      });
    }
  }
  if (typeof s.hasMask !== 'boolean') {
    throw new AttentionInputError('invalid-argument', `shapes.hasMask is ${String(s.hasMask)}: it must be true or false.`, {
      input: 'shapes',
    });
  }
}

function assertCell(matrix: StageMatrixName, row: number, col: number, rows: number, cols: number): void {
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 0 || row >= rows) {
    throw new AttentionInputError(
      'out-of-range',
      `Row ${typeof row === 'number' ? human(row) : String(row)} is outside ${matrix}, which has rows 1 to ${rows}.`,
      { input: matrix, row: typeof row === 'number' ? row : undefined },
    );
  }
  if (typeof col !== 'number' || !Number.isInteger(col) || col < 0 || col >= cols) {
    throw new AttentionInputError(
      'out-of-range',
      `Column ${typeof col === 'number' ? human(col) : String(col)} is outside ${matrix}, which has columns 1 to ${cols}.`,
      { input: matrix, row, col: typeof col === 'number' ? col : undefined },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Explanations with the actual numbers.

/** Terms of a sum written out before "+ …". */
export const EXPLAIN_MAX_TERMS = 8;

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** 1-based subscript: (0, 1) → "₁₂"; a comma separates the indices once either has two digits. */
export function subscript(...indices: number[]): string {
  const parts = indices.map((i) => String(human(i)).replace(/\d/g, (c) => SUBSCRIPT_DIGITS[Number(c)]));
  return parts.join(indices.some((i) => human(i) >= 10) ? ',' : '');
}

/** 4 significant digits, no trailing zeros: 0.70710678 → "0.7071", 2 → "2", −∞ → "−∞". */
export function formatCompact(x: number): string {
  if (x === -Infinity) return '−∞';
  if (x === Infinity) return '∞';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const s = String(Number(x.toPrecision(4)));
  return s.replace('-', '−');
}

/** "1 key", "3 keys". */
function keysWord(count: number): string {
  return `${count} ${count === 1 ? 'key' : 'keys'}`;
}

/** A factor inside a product: negatives in parentheses, so "0.5×(−1)" reads right. */
function factor(x: number): string {
  return x < 0 ? `(${formatCompact(x)})` : formatCompact(x);
}

function sumOfProducts(pairs: [number, number][]): string {
  const shown = pairs.slice(0, EXPLAIN_MAX_TERMS).map(([a, b]) => `${factor(a)}×${factor(b)}`);
  return shown.join(' + ') + (pairs.length > EXPLAIN_MAX_TERMS ? ' + …' : '');
}

const SYMBOL: Record<StageMatrixName, string> = {
  q: 'Q',
  k: 'K',
  v: 'V',
  mask: 'mask',
  rawScores: 'S',
  scaledScores: 'L',
  maskedScores: 'M',
  weights: 'A',
  output: 'O',
};

/** The symbol a stage matrix goes by in the explanations and formulas (S, L, M, A, O, …). */
export function stageSymbol(matrix: StageMatrixName): string {
  stageMatrixShape(matrix, { nq: 1, nk: 1, d: 1, dv: 1, hasMask: false });
  return SYMBOL[matrix];
}

function stageMatrix(stages: AttentionStages, matrix: StageMatrixName): Matrix | null {
  switch (matrix) {
    case 'q':
    case 'k':
    case 'v':
      return stages.inputs[matrix];
    case 'mask':
      return stages.mask;
    default:
      return stages[matrix];
  }
}

/**
 * One line saying how cell (row, col) of `matrix` was computed, with the actual numbers, e.g.
 * "S₁₂ = q₁·k₂ = 0.5×1 + 0.25×3 = 1.25". Row and column are 0-based.
 */
export function explainCell(stages: AttentionStages, matrix: StageMatrixName, row: number, col: number): string {
  if (typeof stages !== 'object' || stages === null || typeof stages.inputs !== 'object') {
    throw new AttentionInputError('invalid-argument', 'explainCell needs the stages computeAttentionStages returned.', {
      input: 'stages',
    });
  }
  const shapes = stageShapesOf(stages);
  const { rows, cols } = stageMatrixShape(matrix, shapes);
  assertCell(matrix, row, col, rows, cols);
  const { nk, d } = shapes;
  const at = row * nk + col;
  const ij = subscript(row, col);
  const { q, k, v } = stages.inputs;
  switch (matrix) {
    case 'q':
    case 'k':
    case 'v': {
      const m = stageMatrix(stages, matrix) as Matrix;
      return `${SYMBOL[matrix]}${ij} = ${formatCompact(m.data[row * m.cols + col])}: an input.`;
    }
    case 'mask': {
      if (stages.mask === null) return `mask${ij} = 1: nothing is masked, query ${human(row)} may attend key ${human(col)}.`;
      return stages.mask.data[at] === 0
        ? `mask${ij} = 0: query ${human(row)} may not attend key ${human(col)}.`
        : `mask${ij} = 1: query ${human(row)} may attend key ${human(col)}.`;
    }
    case 'rawScores': {
      const pairs: [number, number][] = [];
      for (let c = 0; c < d; c++) pairs.push([q.data[row * d + c], k.data[col * d + c]]);
      return `S${ij} = q${subscript(row)}·k${subscript(col)} = ${sumOfProducts(pairs)} = ${formatCompact(stages.rawScores.data[at])}`;
    }
    case 'scaledScores': {
      const tail = stages.temperature === 1 ? '' : ` / ${formatCompact(stages.temperature)}`;
      return `L${ij} = S${ij} × scale${stages.temperature === 1 ? '' : ' / T'} = ${factor(stages.rawScores.data[at])} × ${formatCompact(stages.scale)}${tail} = ${formatCompact(stages.scaledScores.data[at])}`;
    }
    case 'maskedScores': {
      if (stages.maskedScores.data[at] === -Infinity) {
        return `M${ij} = −∞: mask${ij} = 0, so query ${human(row)} may not attend key ${human(col)} and its weight will be exactly 0.`;
      }
      const why = stages.mask === null ? 'nothing is masked' : `mask${ij} = 1`;
      return `M${ij} = L${ij} = ${formatCompact(stages.maskedScores.data[at])}: ${why}, so the logit passes unchanged.`;
    }
    case 'weights': {
      const m = stages.maskedScores.data;
      const w = stages.weights.data[at];
      if (stages.fullyBlockedRows.includes(row)) {
        return `A${ij} = 0: query ${human(row)} may attend no key at all, so its whole row of weights is 0 (as PyTorch ≥ 2.5 SDPA).`;
      }
      if (m[at] === -Infinity) return `A${ij} = exp(−∞)/Σ = 0: key ${human(col)} is blocked for query ${human(row)}.`;
      let max = -Infinity;
      for (let j = 0; j < nk; j++) max = Math.max(max, m[row * nk + j]);
      let sum = 0;
      // Blocked keys add exp(−∞) = 0: the sum is over the keys this query may attend, and says so.
      let open = 0;
      for (let j = 0; j < nk; j++) {
        if (m[row * nk + j] === -Infinity) continue;
        sum += Math.exp(m[row * nk + j] - max);
        open++;
      }
      const over = open === nk ? `its ${keysWord(nk)}` : `its ${keysWord(open)} not masked (of ${nk})`;
      return `A${ij} = exp(M${ij} − max)/Σ = exp(${formatCompact(m[at])} − ${factor(max)})/${formatCompact(sum)} = ${formatCompact(w)}, where max = ${formatCompact(max)} is the largest logit of row ${human(row)} and Σ sums exp(M${subscript(row)}ⱼ − max) over ${over}.`;
    }
    case 'output': {
      const dv = v.cols;
      const pairs: [number, number][] = [];
      for (let j = 0; j < nk; j++) pairs.push([stages.weights.data[row * nk + j], v.data[j * dv + col]]);
      return `O${ij} = Σⱼ A${subscript(row)}ⱼ·V${'ⱼ'}${subscript(col)} = ${sumOfProducts(pairs)} = ${formatCompact(stages.output.data[row * dv + col])}`;
    }
    default:
      throw new AttentionInputError('invalid-argument', `Unknown matrix ${JSON.stringify(matrix)}.`, { input: 'stage' });
  }
}
