import { AttentionInputError, human } from '../errors';
import type { FloatArray } from '../matrix';

/**
 * The slow path for a score that came out ±Infinity or NaN from finite inputs. A plain dot product
 * overflows as soon as one product or partial sum passes the largest float (1e200 · 1e200), even
 * when the scaled result fits (scale 1e-300) or the terms cancel (1e200·1e200 − 1e200·1e200 = 0).
 * Here each vector is divided by its largest |entry| first, so every term is at most 1 in size,
 * and the factors are multiplied back in an order that keeps the running product near 1.
 *
 * The result is the score if `storage` can hold it; otherwise the input is refused with an
 * `AttentionInputError` naming the score, its size and what to do. So attention never turns finite
 * input into NaN weights, nor mistakes an overflowed score (−Infinity) for a blocked position.
 */
export function overflowSafeScore(
  a: ArrayLike<number>,
  aBase: number,
  b: ArrayLike<number>,
  bBase: number,
  length: number,
  scale: number,
  where: { row: number; col: number; storage: 'float32' | 'float64'; wording?: ScoreWording },
): number {
  let aMax = 0;
  let bMax = 0;
  for (let c = 0; c < length; c++) {
    aMax = Math.max(aMax, Math.abs(a[aBase + c]));
    bMax = Math.max(bMax, Math.abs(b[bBase + c]));
  }
  if (!(Number.isFinite(aMax) && Number.isFinite(bMax) && Number.isFinite(scale))) {
    // Not reachable through the public functions, which check their inputs first.
    throw new AttentionInputError('not-finite', `The inputs of score row ${human(where.row)}, column ${human(where.col)} are not finite.`, {
      input: 'scores',
      row: where.row,
      col: where.col,
    });
  }
  if (aMax === 0 || bMax === 0 || scale === 0) return 0;
  let unitDot = 0;
  for (let c = 0; c < length; c++) unitDot += (a[aBase + c] / aMax) * (b[bBase + c] / bMax);
  if (unitDot === 0) return 0;
  const value = productNearOne(unitDot, [scale, aMax, bMax]);
  const stored = where.storage === 'float32' ? Math.fround(value) : value;
  if (Number.isFinite(stored)) return stored;
  const log10 = Math.log10(Math.abs(unitDot)) + Math.log10(Math.abs(scale)) + Math.log10(aMax) + Math.log10(bMax);
  throw scoreOverflowError(where.row, where.col, Math.sign(value) * log10, where.storage, where.wording);
}

/**
 * x · f₁ · f₂ · …, taking next the factor that pulls the running product towards 1 (the smallest
 * when it is ≥ 1, the largest otherwise), so no partial product overflows or underflows unless
 * the whole product does.
 */
function productNearOne(x: number, factors: number[]): number {
  const left = factors.slice();
  let p = x;
  while (left.length > 0) {
    let pick = 0;
    for (let t = 1; t < left.length; t++) {
      const better = Math.abs(p) >= 1 ? Math.abs(left[t]) < Math.abs(left[pick]) : Math.abs(left[t]) > Math.abs(left[pick]);
      if (better) pick = t;
    }
    p *= left[pick];
    left.splice(pick, 1);
  }
  return p;
}

/** The largest finite number of each storage type, as messages show it. */
export const LARGEST_FINITE = { float32: '3.4e38', float64: '1.8e308' } as const;

/**
 * "Scores overflow: …" for the score at (row, col), whose size is 10^|signedLog10| with the sign
 * of `signedLog10` (−40 means about −1e40). `formula` and `advice` fit the scoring function.
 */
export interface ScoreWording {
  /** How the score is computed, e.g. 'scale · Q·Kᵀ'. */
  formula: string;
  /** What the learner can change. */
  advice: string;
}

const DOT_PRODUCT_WORDING: ScoreWording = { formula: 'scale · Q·Kᵀ', advice: 'Scale Q or K down, or use a smaller scale.' };

export function scoreOverflowError(
  row: number,
  col: number,
  signedLog10: number,
  storage: 'float32' | 'float64',
  { formula, advice }: ScoreWording = DOT_PRODUCT_WORDING,
): AttentionInputError {
  let exponent = Math.floor(Math.abs(signedLog10));
  let mantissa = Number((10 ** (Math.abs(signedLog10) - exponent)).toFixed(1));
  if (mantissa >= 10) {
    mantissa = 1;
    exponent += 1;
  }
  const size = `${signedLog10 < 0 ? '−' : ''}${mantissa}e${exponent}`;
  return new AttentionInputError(
    'out-of-range',
    `Scores overflow: ${formula} reaches about ${size} in row ${human(row)}, column ${human(col)} (query ${human(row)} with key ${human(col)}), beyond the largest ${storage} number (${LARGEST_FINITE[storage]}). ${advice}`,
    { input: 'scores', row, col },
  );
}

/** The storage a typed array stands for, as error messages name it. */
export function storageOf(array: FloatArray): 'float32' | 'float64' {
  return array instanceof Float32Array ? 'float32' : 'float64';
}
