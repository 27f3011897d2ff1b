/**
 * Position information for attention, which by itself is blind to token order.
 *
 * - `sinusoidalPositionalEncoding`: the fixed table added to token embeddings in "Attention Is All
 *   You Need" (Vaswani et al. 2017).
 * - `applyRotary`: rotary position embedding, RoPE (Su et al. 2021, "RoFormer"), which rotates
 *   queries and keys so that q·k depends on positions only through their difference.
 */
import { AttentionInputError, human } from './errors';
import { MAX_MODEL_DIM, MAX_SEQUENCE_LENGTH } from './limits';
import { assertInteger, assertMatrix, assertOptions, resultArrayType, type Matrix } from './matrix';

/**
 * The n × d table PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(p / base^(2i/d)), for
 * positions p = 0 … n−1 (base = 10000 in the paper). Column pair i is a sinusoid of wavelength
 * 2π · base^(2i/d), from 2π up to almost 2π · base.
 *
 * Odd d is allowed: the formula is applied column by column, so the last column d−1 = 2i is a sine
 * (exponent (d−1)/d) without a cosine partner. (The common PyTorch tutorial code fails for odd d.)
 * Each row of an even-width table has squared norm Σ (sin² + cos²) = d/2.
 */
export function sinusoidalPositionalEncoding(n: number, d: number, options: { base?: number } = {}): Matrix {
  assertInteger(n, 'n', 1, MAX_SEQUENCE_LENGTH);
  assertInteger(d, 'd', 1, MAX_MODEL_DIM);
  assertOptions(options, '{ base }', { optional: true });
  const { base = 10000 } = options;
  assertBase(base);
  const inverseWavelength = new Float64Array(d);
  for (let c = 0; c < d; c++) inverseWavelength[c] = Math.pow(base, -(2 * Math.floor(c / 2)) / d);
  const data = new Float64Array(n * d);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < d; c++) {
      const angle = p * inverseWavelength[c];
      data[p * d + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return { rows: n, cols: d, data };
}

export interface RotaryOptions {
  /** Position of each row of x; defaults to 0 … n−1. Fractional positions are allowed (as in position interpolation). */
  positions?: number[];
  /** θᵢ = base^(−2i/d); 10000 in the paper. */
  base?: number;
  /**
   * Which features form a rotating pair:
   * - 'interleaved' (default, the RoFormer paper): (x[2i], x[2i+1]);
   * - 'half' (GPT-NeoX, Llama's `rotate_half`): (x[i], x[i + d/2]).
   * Both rotate pair i by p·θᵢ; they differ only by a fixed permutation of the features, so they
   * give the same attention scores once q and k are laid out consistently.
   */
  pairing?: 'interleaved' | 'half';
}

/**
 * Rotates each row of x (n × d, d even) by its position: pair i of row r is rotated by the angle
 * positions[r] · θᵢ, θᵢ = base^(−2i/d):
 *   (a, b) ↦ (a·cos φ − b·sin φ, a·sin φ + b·cos φ).
 * Rotations keep norms, and (R_m q)·(R_n k) = q·(R_{n−m} k): attention scores see only m − n.
 * Returns float32 when x is float32, float64 otherwise; the arithmetic is float64 either way.
 */
export function applyRotary(x: Matrix, options: RotaryOptions = {}): Matrix {
  assertMatrix(x, 'x', { maxCols: MAX_MODEL_DIM });
  assertOptions(options, '{ positions, base, pairing }', { optional: true });
  const { positions, base = 10000, pairing = 'interleaved' } = options;
  const { rows: n, cols: d } = x;
  if (d % 2 !== 0) {
    throw new AttentionInputError(
      'shape',
      `x has ${d} columns: rotary embedding rotates features in pairs, so the width d must be even.`,
      { input: 'x' },
    );
  }
  assertBase(base);
  if (pairing !== 'interleaved' && pairing !== 'half') {
    throw new AttentionInputError('invalid-argument', `pairing is ${JSON.stringify(pairing)}: use 'interleaved' or 'half'.`, {
      input: 'pairing',
    });
  }
  const pos = positions === undefined ? null : checkedPositions(positions, n);
  const half = d / 2;
  const theta = new Float64Array(half);
  for (let i = 0; i < half; i++) theta[i] = Math.pow(base, -(2 * i) / d);
  const src = x.data;
  const out = new (resultArrayType(x))(n * d);
  for (let r = 0; r < n; r++) {
    const p = pos === null ? r : pos[r];
    const row = r * d;
    for (let i = 0; i < half; i++) {
      const ia = pairing === 'interleaved' ? 2 * i : i;
      const ib = pairing === 'interleaved' ? 2 * i + 1 : i + half;
      const angle = p * theta[i];
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const a = src[row + ia];
      const b = src[row + ib];
      out[row + ia] = a * cos - b * sin;
      out[row + ib] = a * sin + b * cos;
    }
  }
  return { rows: n, cols: d, data: out };
}

function checkedPositions(positions: unknown, n: number): number[] {
  if (!Array.isArray(positions) || positions.length !== n) {
    const got = Array.isArray(positions) ? `${positions.length} entries` : 'not a list';
    throw new AttentionInputError(
      'shape',
      `positions is ${got} but x has ${n} rows: give one position per row, or leave positions out for 0 … ${n - 1}.`,
      { input: 'positions' },
    );
  }
  for (let r = 0; r < n; r++) {
    const p: unknown = positions[r];
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw new AttentionInputError(
        'not-finite',
        `positions entry ${human(r)} is ${String(p)}: every position must be a finite number.`,
        { input: 'positions', row: r },
      );
    }
  }
  return positions as number[];
}

function assertBase(base: unknown): asserts base is number {
  if (typeof base !== 'number' || !Number.isFinite(base) || base <= 1) {
    throw new AttentionInputError(
      'out-of-range',
      `base is ${String(base)}: it must be a finite number greater than 1 (10000 in the papers).`,
      { input: 'base' },
    );
  }
}
