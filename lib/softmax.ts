import { AttentionInputError, human } from './errors';
import { assertMatrix, resultArrayType, type Matrix } from './matrix';

/**
 * Row-wise softmax of `x / temperature`, numerically stable: each row's maximum is subtracted
 * before exponentiating, so logits of ±1e4 neither overflow nor underflow to 0/0.
 *
 * `-Infinity` marks a blocked position and gets weight exactly 0. A row that is blocked everywhere
 * gets all-zero weights (PyTorch's F.scaled_dot_product_attention does the same since 2.5; a plain
 * torch.softmax over a row of -inf, and nn.MultiheadAttention's returned weights, give NaN there).
 * NaN and +Infinity are refused: they mean the logits are already broken.
 * Any temperature > 0 works, subnormal ones included: rows are divided by T, never multiplied by
 * 1/T, which overflows below T ≈ 5.6e-309.
 */
export function softmaxRows(x: Matrix, temperature = 1): Matrix {
  assertMatrix(x, 'logits', { finite: false });
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new AttentionInputError(
      'out-of-range',
      `The temperature is ${String(temperature)}: it must be a finite number greater than 0 (1 leaves the logits unchanged).`,
      { input: 'temperature' },
    );
  }
  const { rows, cols, data } = x;
  for (let idx = 0; idx < data.length; idx++) {
    const v = data[idx];
    if (Number.isNaN(v) || v === Infinity) {
      const row = Math.floor(idx / cols);
      const col = idx % cols;
      throw new AttentionInputError(
        'not-finite',
        `logits row ${human(row)}, column ${human(col)} is ${String(v)}: logits must be finite, or -Infinity for a blocked position.`,
        { input: 'logits', row, col },
      );
    }
  }
  const out = new (resultArrayType(x))(rows * cols);
  const row = new Float64Array(cols);
  const shifted = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, data[offset + j]);
    if (max === -Infinity) {
      row.fill(0);
    } else {
      // (x − max) / T, divided rather than multiplied by 1/T: below T ≈ 5.6e-309 the reciprocal
      // overflows to Infinity and 0 · Infinity would make the top weight NaN. The quotient only
      // overflows to −Infinity, whose weight is 0, as it is in the limit.
      for (let j = 0; j < cols; j++) shifted[j] = (data[offset + j] - max) / temperature;
      softmaxRowInto(shifted, 0, cols, 1, row);
    }
    out.set(row, offset);
  }
  return { rows, cols, data: out };
}

/**
 * softmax(src[offset .. offset+n) · invTemperature) into `dst` (length ≥ n), in float64.
 * Returns false (and zero-fills) when every entry is -Infinity.
 */
export function softmaxRowInto(
  src: ArrayLike<number>,
  offset: number,
  n: number,
  invTemperature: number,
  dst: Float64Array,
): boolean {
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = src[offset + j];
    if (v > max) max = v;
  }
  if (max === -Infinity) {
    dst.fill(0, 0, n);
    return false;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) {
    // exp(-Infinity) is exactly 0, so blocked positions need no special case.
    const e = Math.exp((src[offset + j] - max) * invTemperature);
    dst[j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < n; j++) dst[j] *= inv;
  return true;
}
