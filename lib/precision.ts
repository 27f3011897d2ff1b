/**
 * Low-precision number formats, simulated exactly in float64 so a lesson can show what fp16, bf16
 * and int8 do to attention.
 *
 * - `roundToFormat` rounds one float64 value to the nearest fp64/fp32/fp16/bf16 value, ties to
 *   even (IEEE 754's default, which PyTorch's casts use). fp16 rounds the float64 value directly
 *   (one rounding); casting a float32 tensor to half in PyTorch gives the same result for float32
 *   inputs. bf16 follows the hardware/PyTorch path: float64 → float32 (Math.fround) → bf16 by
 *   round-to-nearest-even on the float32 bits, so a float64 input can, rarely, land one bf16 step
 *   away from a single direct rounding (double rounding). NaN stays NaN, ±Infinity stays ±Infinity.
 * - `quantizeInt8Symmetric` is per-tensor absmax quantization: scale = max|x| / 127, values
 *   round(x / scale) in −127 … 127, zero-point 0. Rounding is half to even, as PyTorch's
 *   quantize_per_tensor (std::nearbyint): 63.5 → 64 but 62.5 → 62 and −63.5 → −64 (JavaScript's
 *   Math.round would give 63 for 62.5 and −63 for −63.5, biasing towards +∞). PyTorch's
 *   MinMaxObserver in symmetric mode divides by 127.5 instead of 127 and can use −128; the /127
 *   convention used here (and by LLM.int8) keeps the grid symmetric.
 * - `simulateAttentionPrecision` runs scaled dot-product attention twice: in float64 as the
 *   reference, and with inputs and intermediates rounded to a format; see its comment for exactly
 *   what is rounded where.
 */
import { AttentionInputError, human } from './errors';
import { MAX_MODEL_DIM, MAX_SCORE_CELLS } from './limits';
import { assertFiniteNumber, assertMatrix, assertOptions, type Matrix } from './matrix';

export type FloatFormat = 'fp64' | 'fp32' | 'fp16' | 'bf16';
export type SimulatedFormat = FloatFormat | 'int8';

export const FLOAT_FORMATS: readonly FloatFormat[] = ['fp64', 'fp32', 'fp16', 'bf16'];
export const SIMULATED_FORMATS: readonly SimulatedFormat[] = ['fp64', 'fp32', 'fp16', 'bf16', 'int8'];

/** Largest finite value of each format. */
export const FORMAT_MAX: Readonly<Record<FloatFormat, number>> = {
  fp64: Number.MAX_VALUE,
  fp32: 3.4028234663852886e38, // (2 − 2⁻²³) · 2¹²⁷
  fp16: 65504, // (2 − 2⁻¹⁰) · 2¹⁵
  bf16: 3.3895313892515355e38, // (2 − 2⁻⁷) · 2¹²⁷
};

/**
 * The simulation holds four score-sized float64 matrices (reference and simulated scores and
 * weights), so it takes an eighth of the core's cell budget: 2048 × 2048 score cells.
 */
export const MAX_SIMULATION_SCORE_CELLS = MAX_SCORE_CELLS / 8;

/** x rounded to the nearest value of `format`, ties to even; overflow gives ±Infinity. */
export function roundToFormat(x: number, format: FloatFormat): number {
  if (typeof x !== 'number') {
    throw new AttentionInputError('invalid-argument', `x is ${String(x)}: roundToFormat rounds a number.`, { input: 'x' });
  }
  switch (format) {
    case 'fp64':
      return x;
    case 'fp32':
      return Math.fround(x);
    case 'fp16':
      return roundToFp16(x);
    case 'bf16':
      return roundToBf16(x);
    default:
      throw new AttentionInputError(
        'invalid-argument',
        `format is ${JSON.stringify(format)}: it must be one of ${FLOAT_FORMATS.join(', ')}.`,
        { input: 'format' },
      );
  }
}

const f64View = new DataView(new ArrayBuffer(8));

/**
 * IEEE binary16: 10 stored mantissa bits, exponents −14 … 15, subnormals down to 2⁻²⁴.
 * Within the binade [2^e, 2^(e+1)) the spacing is 2^(e−10); subnormals share the spacing of the
 * lowest binade, 2⁻²⁴. Dividing by that spacing is exact (a power of two), so rounding the
 * quotient to an integer is the one and only rounding.
 */
function roundToFp16(x: number): number {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return x;
  f64View.setFloat64(0, a);
  const exponent = Math.max(((f64View.getUint32(0) >>> 20) & 0x7ff) - 1023, -14);
  const spacing = Math.pow(2, exponent - 10);
  const rounded = roundHalfToEven(a / spacing) * spacing;
  // Ties at the top go to 2¹⁶ (mantissa 2048 is even), which is out of range: 65520 → Infinity.
  const magnitude = rounded > FORMAT_MAX.fp16 ? Infinity : rounded;
  return x < 0 ? -magnitude : magnitude;
}

const f32Buffer = new Float32Array(1);
const u32Buffer = new Uint32Array(f32Buffer.buffer);

/** bfloat16 is the top 16 bits of a float32; round the low 16 bits away, ties to even. */
function roundToBf16(x: number): number {
  if (Number.isNaN(x)) return x;
  f32Buffer[0] = x;
  const bits = u32Buffer[0];
  const lowestKeptBit = (bits >>> 16) & 1;
  // Adding 0x7fff (+1 when the kept part is odd) carries into bit 16 exactly when the dropped half
  // is more than half an ulp, or exactly half with an odd kept part. A carry out of the mantissa
  // bumps the exponent, which is right, up to Infinity.
  u32Buffer[0] = ((bits + 0x7fff + lowestKeptBit) >>> 0) & 0xffff0000;
  return f32Buffer[0];
}

function roundHalfToEven(y: number): number {
  const floor = Math.floor(y);
  const fraction = y - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface Int8Quantized {
  values: Int8Array;
  /** x ≈ values · scale. 1 for an all-zero tensor (any positive scale would do; 1 avoids 0/0). */
  scale: number;
}

/** Per-tensor symmetric int8: scale = max|x| / 127, values = round-half-even(x / scale). */
export function quantizeInt8Symmetric(data: ArrayLike<number>, name = 'data'): Int8Quantized {
  if (typeof data !== 'object' || data === null || typeof data.length !== 'number') {
    throw new AttentionInputError('invalid-argument', `${name} must be an array of numbers.`, { input: name });
  }
  if (data.length > MAX_SCORE_CELLS) {
    throw new AttentionInputError('out-of-range', `${name} has ${data.length} numbers; the most supported here is ${MAX_SCORE_CELLS}.`, {
      input: name,
    });
  }
  let maxAbs = 0;
  for (let idx = 0; idx < data.length; idx++) {
    const x = data[idx];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new AttentionInputError(
        'not-finite',
        `${name} entry ${human(idx)} is ${String(x)}: int8 quantization needs finite numbers.`,
        { input: name },
      );
    }
    const a = Math.abs(x);
    if (a > maxAbs) maxAbs = a;
  }
  const values = new Int8Array(data.length);
  if (maxAbs === 0) return { values, scale: 1 };
  for (let idx = 0; idx < data.length; idx++) {
    // x / maxAbs first so that huge inputs cannot overflow; |x / maxAbs| ≤ 1 exactly.
    const q = roundHalfToEven((data[idx] / maxAbs) * 127);
    values[idx] = Math.max(-127, Math.min(127, q));
  }
  return { values, scale: maxAbs / 127 };
}

/** values · scale, in float64. */
export function dequantizeInt8(values: ArrayLike<number>, scale: number): Float64Array {
  assertFiniteNumber(scale, 'scale');
  const out = new Float64Array(values.length);
  for (let idx = 0; idx < values.length; idx++) out[idx] = values[idx] * scale;
  return out;
}

export interface PrecisionOptions {
  format: SimulatedFormat;
  /** Query i may attend key j only when j ≤ i (top-left aligned, as PyTorch's is_causal). */
  causal?: boolean;
  /** nq × nk; non-zero = may attend, 0 = blocked (as the attention core reads it). */
  mask?: Matrix;
  /** Multiplies q·kᵀ; defaults to 1/√d. */
  scale?: number;
}

export interface AttentionTensors {
  /** nq × nk: scale · q·kᵀ, −Infinity where blocked. */
  scores: Matrix;
  /** nq × nk; each row sums to 1 (up to rounding), or is all zero when fully blocked. */
  weights: Matrix;
  /** nq × dv */
  output: Matrix;
}

export interface ErrorStats {
  /** Largest |simulated − reference| over the cells compared. */
  maxAbs: number;
  meanAbs: number;
  /** maxAbs / (largest |reference| over those cells): a norm-wise relative error, 0 when both are 0. */
  maxRel: number;
}

export interface PrecisionSimulation {
  format: SimulatedFormat;
  reference: AttentionTensors;
  /** The simulated run; q, k, v are the inputs after rounding (int8: after quantize + dequantize). */
  simulated: AttentionTensors & { q: Matrix; k: Matrix; v: Matrix };
  error: {
    /** Over the allowed (not blocked) cells only. */
    scores: ErrorStats;
    weights: ErrorStats;
    output: ErrorStats;
  };
  /** Allowed simulated scores that overflowed the format to ±Infinity (fp16 above 65504). */
  overflowedScores: number;
  /** int8 only: the per-tensor scales used. */
  int8Scales?: { q: number; k: number; v: number; weights: number };
}

/**
 * Scaled dot-product attention in float64 (the reference) and in `format` (the simulation).
 *
 * What the simulation rounds, for fp32/fp16/bf16 (R = roundToFormat; fp64 rounds nothing, so its
 * error is exactly 0):
 *   1. the inputs Q, K, V, each entry;
 *   2. each score, once: R(scale · Σ q·k) with the dot product accumulated in float64 (real kernels
 *      accumulate fp16/bf16 products in fp32, so this is the accumulator's best case);
 *   3. each weight, once: softmax is computed in float64 from the rounded scores, then rounded;
 *   4. each output entry, once: R(Σ w·v), accumulated in float64 from the rounded w and v.
 * For int8:
 *   1. Q, K and V are each quantized per tensor (`quantizeInt8Symmetric`) and dequantized;
 *   2. scores are float32: fround(scale · Σ q·k);
 *   3. weights are softmax in float64, rounded to float32, then quantized per tensor to int8 and
 *      dequantized (with the largest weight often near 1, the grid step is ~1/127, so small
 *      weights become 0);
 *   4. outputs are float32: fround(Σ w·v).
 * An fp16 score above 65504 overflows to ±Infinity (counted in `overflowedScores`). A real kernel
 * that materialises fp16 scores then gets NaN from softmax (Infinity − Infinity); this simulation
 * takes softmax's limit instead: the +Infinity entries of a row share its weight equally, and a
 * row whose allowed scores all overflowed to −Infinity is spread evenly over them. Fused kernels
 * (FlashAttention) keep scores in fp32 and do not overflow there.
 * Inputs that do not fit the format (e.g. |x| > 65504 for fp16) are refused.
 * A row with every key blocked gets zero weights and a zero output, as PyTorch ≥ 2.5's SDPA.
 */
export function simulateAttentionPrecision(q: Matrix, k: Matrix, v: Matrix, options: PrecisionOptions): PrecisionSimulation {
  assertMatrix(q, 'Q', { maxCols: MAX_MODEL_DIM });
  assertMatrix(k, 'K', { maxCols: MAX_MODEL_DIM });
  assertMatrix(v, 'V', { maxCols: MAX_MODEL_DIM });
  if (k.cols !== q.cols) {
    throw new AttentionInputError(
      'shape',
      `K has ${k.cols} columns but Q has ${q.cols}: Q and K must have the same width d.`,
      { input: 'K' },
    );
  }
  if (v.rows !== k.rows) {
    throw new AttentionInputError(
      'shape',
      `V has ${v.rows} rows but K has ${k.rows}: V needs one row per key.`,
      { input: 'V' },
    );
  }
  const nq = q.rows;
  const nk = k.rows;
  if (nq * nk > MAX_SIMULATION_SCORE_CELLS) {
    throw new AttentionInputError(
      'out-of-range',
      `${nq} queries × ${nk} keys is ${nq * nk} score cells; the precision simulation supports at most ${MAX_SIMULATION_SCORE_CELLS}.`,
      { input: 'Q' },
    );
  }
  assertOptions(options, "with at least a format, such as { format: 'fp16' }", { optional: false });
  const { format, causal = false, mask } = options;
  if (!SIMULATED_FORMATS.includes(format)) {
    throw new AttentionInputError(
      'invalid-argument',
      `format is ${JSON.stringify(format)}: it must be one of ${SIMULATED_FORMATS.join(', ')}.`,
      { input: 'format' },
    );
  }
  if (typeof causal !== 'boolean') {
    throw new AttentionInputError('invalid-argument', `causal is ${String(causal)}: it must be true or false.`, {
      input: 'causal',
    });
  }
  const scale = options.scale ?? 1 / Math.sqrt(q.cols);
  assertFiniteNumber(scale, 'scale');
  const allowed = allowedCells(nq, nk, causal, mask);

  assertNoFloat64Overflow(q, k, v, scale);

  const shape = { nq, nk, d: q.cols, dv: v.cols, scale, allowed };
  const reference = attend(toFloat64(q.data), toFloat64(k.data), toFloat64(v.data), shape, IDENTITY_STEPS);

  let sq: Float64Array;
  let sk: Float64Array;
  let sv: Float64Array;
  let steps: RoundingSteps;
  let int8Scales: PrecisionSimulation['int8Scales'];
  if (format === 'int8') {
    const qq = quantizeInt8Symmetric(q.data, 'Q');
    const qk = quantizeInt8Symmetric(k.data, 'K');
    const qv = quantizeInt8Symmetric(v.data, 'V');
    sq = dequantizeInt8(qq.values, qq.scale);
    sk = dequantizeInt8(qk.values, qk.scale);
    sv = dequantizeInt8(qv.values, qv.scale);
    int8Scales = { q: qq.scale, k: qk.scale, v: qv.scale, weights: 1 };
    const scales = int8Scales;
    steps = {
      score: Math.fround,
      weights: (w) => {
        for (let idx = 0; idx < w.length; idx++) w[idx] = Math.fround(w[idx]);
        const qw = quantizeInt8Symmetric(w, 'weights');
        scales.weights = qw.scale;
        w.set(dequantizeInt8(qw.values, qw.scale));
      },
      output: Math.fround,
    };
  } else {
    const round = (x: number) => roundToFormat(x, format);
    sq = roundedInput(q, 'Q', format);
    sk = roundedInput(k, 'K', format);
    sv = roundedInput(v, 'V', format);
    steps = {
      score: round,
      weights: (w) => {
        for (let idx = 0; idx < w.length; idx++) w[idx] = round(w[idx]);
      },
      output: round,
    };
  }
  const simulated = attend(sq, sk, sv, shape, steps);

  const result: PrecisionSimulation = {
    format,
    reference: reference.tensors,
    simulated: {
      ...simulated.tensors,
      q: { rows: nq, cols: q.cols, data: sq },
      k: { rows: nk, cols: k.cols, data: sk },
      v: { rows: nk, cols: v.cols, data: sv },
    },
    error: {
      scores: errorStats(simulated.tensors.scores.data, reference.tensors.scores.data, allowed),
      weights: errorStats(simulated.tensors.weights.data, reference.tensors.weights.data, null),
      output: errorStats(simulated.tensors.output.data, reference.tensors.output.data, null),
    },
    overflowedScores: simulated.overflowed,
  };
  if (int8Scales !== undefined) result.int8Scales = int8Scales;
  return result;
}

/** The rounding applied after each stage; the reference uses the identity everywhere. */
interface RoundingSteps {
  score: (x: number) => number;
  /** Rounds the whole nq × nk weight tensor in place (int8 needs the tensor for its scale). */
  weights: (w: Float64Array) => void;
  output: (x: number) => number;
}

const identity = (x: number) => x;
const IDENTITY_STEPS: RoundingSteps = { score: identity, weights: () => {}, output: identity };

interface AttendShape {
  nq: number;
  nk: number;
  d: number;
  dv: number;
  scale: number;
  allowed: Uint8Array;
}

/**
 * The float64 SDPA both runs share, so that with identity rounding the simulation reproduces the
 * reference bit for bit.
 */
function attend(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  { nq, nk, d, dv, scale, allowed }: AttendShape,
  steps: RoundingSteps,
): { tensors: AttentionTensors; overflowed: number } {
  const scores = new Float64Array(nq * nk);
  const weights = new Float64Array(nq * nk);
  let overflowed = 0;
  for (let i = 0; i < nq; i++) {
    const row = i * nk;
    let max = -Infinity;
    let allowedCount = 0;
    let plusInfinities = 0;
    for (let j = 0; j < nk; j++) {
      if (allowed[row + j] === 0) {
        scores[row + j] = -Infinity;
        continue;
      }
      let dot = 0;
      for (let c = 0; c < d; c++) dot += q[i * d + c] * k[j * d + c];
      const s = steps.score(scale * dot);
      scores[row + j] = s;
      allowedCount++;
      if (!Number.isFinite(s)) {
        overflowed++;
        if (s === Infinity) plusInfinities++;
      }
      if (s > max) max = s;
    }
    if (allowedCount === 0) continue;
    if (plusInfinities > 0) {
      // softmax's limit: the +Infinity entries dominate and tie.
      for (let j = 0; j < nk; j++) if (scores[row + j] === Infinity) weights[row + j] = 1 / plusInfinities;
    } else if (max === -Infinity) {
      // Every allowed score overflowed to −Infinity: they tie, so they share the row evenly.
      for (let j = 0; j < nk; j++) if (allowed[row + j] !== 0) weights[row + j] = 1 / allowedCount;
    } else {
      let sum = 0;
      for (let j = 0; j < nk; j++) {
        const e = allowed[row + j] === 0 ? 0 : Math.exp(scores[row + j] - max);
        weights[row + j] = e;
        sum += e;
      }
      for (let j = 0; j < nk; j++) weights[row + j] /= sum;
    }
  }
  steps.weights(weights);
  const output = new Float64Array(nq * dv);
  for (let i = 0; i < nq; i++) {
    for (let c = 0; c < dv; c++) {
      let acc = 0;
      for (let j = 0; j < nk; j++) acc += weights[i * nk + j] * v[j * dv + c];
      output[i * dv + c] = steps.output(acc);
    }
  }
  return {
    tensors: {
      scores: { rows: nq, cols: nk, data: scores },
      weights: { rows: nq, cols: nk, data: weights },
      output: { rows: nq, cols: dv, data: output },
    },
    overflowed,
  };
}

/**
 * Bounds every |scale · q·k| by max|Q| · max|K| · d · |scale| and every |output| by max|V|, so that
 * neither run can overflow float64 (and then make NaN from Infinity − Infinity). Rounding to a
 * format or int8 grid moves a value by far less than the margin left here.
 */
function assertNoFloat64Overflow(q: Matrix, k: Matrix, v: Matrix, scale: number): void {
  const LIMIT = 1e300;
  if (maxAbs(q.data) * maxAbs(k.data) * q.cols * Math.abs(scale) > LIMIT) {
    throw new AttentionInputError(
      'out-of-range',
      `Q and K are so large that scale · Q·Kᵀ could overflow even float64: scale the inputs down.`,
      { input: 'Q' },
    );
  }
  if (maxAbs(v.data) > LIMIT) {
    throw new AttentionInputError('out-of-range', `V has entries above ${LIMIT} in size: scale the inputs down.`, {
      input: 'V',
    });
  }
}

function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let idx = 0; idx < data.length; idx++) m = Math.max(m, Math.abs(data[idx]));
  return m;
}

function allowedCells(nq: number, nk: number, causal: boolean, mask: Matrix | undefined): Uint8Array {
  const allowed = new Uint8Array(nq * nk);
  if (mask !== undefined) {
    assertMatrix(mask, 'mask');
    if (mask.rows !== nq || mask.cols !== nk) {
      throw new AttentionInputError(
        'shape',
        `The mask is ${mask.rows}×${mask.cols} but the scores are ${nq}×${nk} (queries × keys): the mask needs one entry per query and key.`,
        { input: 'mask' },
      );
    }
  }
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < nk; j++) {
      const open = (!causal || j <= i) && (mask === undefined || mask.data[i * nk + j] !== 0);
      allowed[i * nk + j] = open ? 1 : 0;
    }
  }
  return allowed;
}

function roundedInput(m: Matrix, name: string, format: FloatFormat): Float64Array {
  const out = new Float64Array(m.data.length);
  for (let idx = 0; idx < out.length; idx++) {
    const x = m.data[idx];
    const r = roundToFormat(x, format);
    if (!Number.isFinite(r)) {
      const row = Math.floor(idx / m.cols);
      const col = idx % m.cols;
      throw new AttentionInputError(
        'out-of-range',
        `${name} row ${human(row)}, column ${human(col)} is ${x}, beyond ${format}'s largest value ${FORMAT_MAX[format]}: scale the inputs down.`,
        { input: name, row, col },
      );
    }
    out[idx] = r;
  }
  return out;
}

function toFloat64(data: Float32Array | Float64Array): Float64Array {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

function errorStats(simulated: Float64Array | Float32Array, reference: Float64Array | Float32Array, only: Uint8Array | null): ErrorStats {
  let maxAbs = 0;
  let sumAbs = 0;
  let maxRef = 0;
  let count = 0;
  for (let idx = 0; idx < reference.length; idx++) {
    if (only !== null && only[idx] === 0) continue;
    const err = Math.abs(simulated[idx] - reference[idx]);
    if (err > maxAbs) maxAbs = err;
    sumAbs += err;
    const r = Math.abs(reference[idx]);
    if (r > maxRef) maxRef = r;
    count++;
  }
  const maxRel = maxAbs === 0 ? 0 : maxRef === 0 ? Infinity : maxAbs / maxRef;
  return { maxAbs, meanAbs: count === 0 ? 0 : sumAbs / count, maxRel };
}
