/**
 * The "positional encodings" calculator: the sinusoidal table as a heatmap, how similar two
 * positions' encodings are (PE[p]·PE[q], which for even d depends only on p − q:
 * Σᵢ cos((p − q)·ωᵢ)), and rotary embedding in two dimensions, where a learner can watch q and k
 * rotate and see that q·k depends only on the offset between their positions.
 *
 * The 2-D rotary demo calls the core's `applyRotary` on a single pair. With d = 2 the core's
 * frequency is θ₀ = base⁰ = 1, so it rotates a row by exactly its "position"; passing
 * position · theta as that position gives the rotation by angle position·θ for any θ the learner
 * picks. Angles are in radians.
 */
import { AttentionInputError } from '../errors';
import { MAX_MODEL_DIM } from '../limits';
import { assertFiniteNumber, assertInteger } from '../matrix';
import { applyRotary, sinusoidalPositionalEncoding } from '../positionalEncoding';

/** The similarity matrix is n × n float64; 1024² is 8 MiB. */
export const POSITION_SIMILARITY_MAX_N = 1024;
export const POSITIONAL_MAX_D = 1024;
/** The heatmap table is n × d; the same 8 MiB bound. */
export const SINUSOIDAL_TABLE_MAX_CELLS = 1024 * 1024;

function assertInputObject(input: unknown, fn: string, fields: string): asserts input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', `${fn} needs { ${fields} }.`, { input: 'input' });
  }
}

export interface SinusoidalTableResult {
  n: number;
  d: number;
  base: number;
  /** n × d row-major, PE[p, c]; every value lies in [−1, 1]. */
  values: Float64Array;
  /** Wavelength 2π·base^(2i/d) of each column (column pairs share one). */
  wavelengths: Float64Array;
}

/** Heatmap data: the encoding table and each column's wavelength in positions. */
export function computeSinusoidalTable(input: { n: number; d: number; base?: number }): SinusoidalTableResult {
  assertInputObject(input, 'computeSinusoidalTable', 'n, d, base?');
  const { n, d, base = 10000 } = input;
  assertInteger(d, 'd', 1, Math.min(POSITIONAL_MAX_D, MAX_MODEL_DIM));
  assertInteger(n, 'n', 1, Math.floor(SINUSOIDAL_TABLE_MAX_CELLS / d));
  return { n, d, base, ...sinusoidalTableParts(n, d, base) };
}

function sinusoidalTableParts(n: number, d: number, base: number): Pick<SinusoidalTableResult, 'values' | 'wavelengths'> {
  const table = sinusoidalPositionalEncoding(n, d, { base });
  const wavelengths = new Float64Array(d);
  for (let c = 0; c < d; c++) wavelengths[c] = 2 * Math.PI * Math.pow(base, (2 * Math.floor(c / 2)) / d);
  return { values: table.data as Float64Array, wavelengths };
}

/**
 * The table's numbers, drawn again in the browser rather than carried by the page: 128 × 512
 * encodings are 512 KiB of float64, far over a page's budget for precomputed results, and a
 * millisecond of sines and cosines. So the wide example's heatmap is in the build's HTML and
 * its box does not grow by 600 px when it hydrates.
 */
export function sinusoidalTableDerivedParts([input]: [{ n: number; d: number; base?: number }]): Pick<SinusoidalTableResult, 'values' | 'wavelengths'> {
  const { n, d, base = 10000 } = input;
  assertInteger(d, 'd', 1, Math.min(POSITIONAL_MAX_D, MAX_MODEL_DIM));
  assertInteger(n, 'n', 1, Math.floor(SINUSOIDAL_TABLE_MAX_CELLS / d));
  return sinusoidalTableParts(n, d, base);
}

export interface PositionSimilarityResult {
  n: number;
  d: number;
  base: number;
  /** n × n row-major: PE[p]·PE[q]. */
  similarity: Float64Array;
  reference: number;
  /** q − reference for q = 0 … n−1 (negative: q before the reference). */
  distances: Int32Array;
  /** PE[reference]·PE[q], aligned with `distances`. */
  similarityAtDistance: Float64Array;
}

/**
 * Dot products of sinusoidal encodings. For even d each row has squared norm d/2, so the diagonal
 * is d/2 and every entry lies in [−d/2, d/2].
 */
export function positionSimilarity(input: { n: number; d: number; base?: number; reference?: number }): PositionSimilarityResult {
  assertInputObject(input, 'positionSimilarity', 'n, d, base?, reference?');
  const { n, d, base = 10000 } = input;
  assertInteger(n, 'n', 1, POSITION_SIMILARITY_MAX_N);
  assertInteger(d, 'd', 1, POSITIONAL_MAX_D);
  const reference = input.reference ?? Math.floor(n / 2);
  assertInteger(reference, 'reference', 0, n - 1);
  const pe = sinusoidalPositionalEncoding(n, d, { base }).data;
  const similarity = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += pe[p * d + c] * pe[q * d + c];
      similarity[p * n + q] = dot;
      similarity[q * n + p] = dot;
    }
  }
  const distances = new Int32Array(n);
  const similarityAtDistance = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    distances[q] = q - reference;
    similarityAtDistance[q] = similarity[reference * n + q];
  }
  return { n, d, base, similarity, reference, distances, similarityAtDistance };
}

export type Vec2 = [number, number];

export interface RotaryPairInput {
  /** Radians per position. */
  theta: number;
  positionQ: number;
  positionK: number;
  q2: Vec2;
  k2: Vec2;
}

export interface RotaryPairResult {
  /** positionQ·θ and positionK·θ, radians. */
  angleQ: number;
  angleK: number;
  qRotated: Vec2;
  kRotated: Vec2;
  /** q·k before rotation. */
  dotUnrotated: number;
  /** R(angleQ)q · R(angleK)k = q · R((positionK − positionQ)·θ)k. */
  dot: number;
  /** (positionK − positionQ)·θ: the only thing the rotated dot product depends on. */
  relativeAngle: number;
}

function assertVec2(x: unknown, name: string): asserts x is Vec2 {
  if (!Array.isArray(x) || x.length !== 2) {
    throw new AttentionInputError('shape', `${name} must be a 2-D vector [x, y].`, { input: name });
  }
  x.forEach((value, idx) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new AttentionInputError(
        'not-finite',
        `${name} entry ${idx + 1} is ${String(value)}: both coordinates must be finite numbers.`,
        { input: name, col: idx },
      );
    }
  });
}

/** Positions up to a million and |θ| up to 2π keep angles where cos and sin are accurate. */
const MAX_ROTARY_POSITION = 1_000_000;

function assertRotaryInput(input: unknown): asserts input is RotaryPairInput {
  assertInputObject(input, 'rotaryPairDemo', 'theta, positionQ, positionK, q2, k2');
  assertFiniteNumber(input.theta, 'theta');
  if (Math.abs(input.theta as number) > 2 * Math.PI) {
    throw new AttentionInputError('out-of-range', `theta is ${String(input.theta)}: give an angle per position between −2π and 2π radians.`, {
      input: 'theta',
    });
  }
  for (const name of ['positionQ', 'positionK'] as const) {
    assertFiniteNumber(input[name], name);
    if (Math.abs(input[name] as number) > MAX_ROTARY_POSITION) {
      throw new AttentionInputError('out-of-range', `${name} is ${String(input[name])}: positions must lie within ±${MAX_ROTARY_POSITION}.`, {
        input: name,
      });
    }
  }
  assertVec2(input.q2, 'q2');
  assertVec2(input.k2, 'k2');
}

function rotate(v: Vec2, angle: number): Vec2 {
  const out = applyRotary({ rows: 1, cols: 2, data: Float64Array.from(v) }, { positions: [angle] }).data;
  return [out[0], out[1]];
}

export function rotaryPairDemo(input: RotaryPairInput): RotaryPairResult {
  assertRotaryInput(input);
  const { theta, positionQ, positionK, q2, k2 } = input;
  const angleQ = positionQ * theta;
  const angleK = positionK * theta;
  const qRotated = rotate(q2, angleQ);
  const kRotated = rotate(k2, angleK);
  return {
    angleQ,
    angleK,
    qRotated,
    kRotated,
    dotUnrotated: q2[0] * k2[0] + q2[1] * k2[1],
    dot: qRotated[0] * kRotated[0] + qRotated[1] * kRotated[1],
    relativeAngle: (positionK - positionQ) * theta,
  };
}

export interface RotaryOffsetResult {
  shifts: number[];
  /** q·k with both positions moved by shifts[i]. */
  dots: number[];
  /** max |dots[i] − dots at shift 0|: zero up to rounding. */
  maxDeviation: number;
}

/**
 * q·k after rotary embedding at positions (m + s, n + s) for each shift s: the same for every s,
 * because R(a)ᵀR(b) = R(b − a). Shift 0 is always included first.
 */
export function rotaryOffsetInvariance(input: RotaryPairInput & { shifts?: number[] }): RotaryOffsetResult {
  assertRotaryInput(input);
  const requested = input.shifts ?? [1, 2, 5, 10, 100];
  if (!Array.isArray(requested) || requested.length > 64) {
    throw new AttentionInputError('invalid-argument', 'shifts must be a list of at most 64 position offsets.', { input: 'shifts' });
  }
  requested.forEach((s, idx) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || Math.abs(s) > MAX_ROTARY_POSITION) {
      throw new AttentionInputError('out-of-range', `shifts entry ${idx + 1} is ${String(s)}: each shift must be a finite number within ±${MAX_ROTARY_POSITION}.`, {
        input: 'shifts',
        col: idx,
      });
    }
  });
  const shifts = [0, ...requested.filter((s) => s !== 0)];
  const dots = shifts.map(
    (s) => rotaryPairDemo({ ...input, positionQ: input.positionQ + s, positionK: input.positionK + s }).dot,
  );
  let maxDeviation = 0;
  for (const dot of dots) maxDeviation = Math.max(maxDeviation, Math.abs(dot - dots[0]));
  return { shifts, dots, maxDeviation };
}
