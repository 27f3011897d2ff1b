/**
 * The two peers every benchmark figure is a ratio against, measured in the same run:
 * - a plain scalar triple loop over Float32Array (what one writes first), and
 * - mathjs with its own matrices (what a user of our stack would reach for).
 * Both compute the same scores → softmax → weights·V as the core, including causal masking.
 */
import { create, all, type Matrix as MathMatrix } from 'mathjs';

const math = create(all, {});

export function plainLoopAttention(q: Float32Array, k: Float32Array, v: Float32Array, n: number, d: number, dv: number, causal: boolean) {
  const scale = 1 / Math.sqrt(d);
  const scores = new Float32Array(n * n);
  const weights = new Float32Array(n * n);
  const output = new Float32Array(n * dv);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (causal && j > i) {
        scores[i * n + j] = -Infinity;
        continue;
      }
      let s = 0;
      for (let c = 0; c < d; c++) s += q[i * d + c] * k[j * d + c];
      scores[i * n + j] = s * scale;
    }
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, scores[i * n + j]);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(scores[i * n + j] - max);
      weights[i * n + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) weights[i * n + j] /= sum;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dv; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += weights[i * n + j] * v[j * dv + c];
      output[i * dv + c] = s;
    }
  }
  return { scores, weights, output };
}

export function plainLoopMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] = s;
    }
  return out;
}

export function plainLoopMultiHead(x: Float32Array, w: Float32Array[], n: number, dm: number, heads: number) {
  const [wq, wk, wv, wo] = w;
  const qf = plainLoopMatmul(x, wq, n, dm, dm);
  const kf = plainLoopMatmul(x, wk, n, dm, dm);
  const vf = plainLoopMatmul(x, wv, n, dm, dm);
  const dh = dm / heads;
  const concat = new Float32Array(n * dm);
  const cols = (m: Float32Array, h: number) => {
    const out = new Float32Array(n * dh);
    for (let i = 0; i < n; i++) out.set(m.subarray(i * dm + h * dh, i * dm + (h + 1) * dh), i * dh);
    return out;
  };
  for (let h = 0; h < heads; h++) {
    const { output } = plainLoopAttention(cols(qf, h), cols(kf, h), cols(vf, h), n, dh, dh, false);
    for (let i = 0; i < n; i++) concat.set(output.subarray(i * dh, (i + 1) * dh), i * dm + h * dh);
  }
  return plainLoopMatmul(concat, wo, n, dm, dm);
}

type Rows = number[][];
const toNested = (a: Float32Array, rows: number, cols: number): Rows =>
  Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)));

export function mathjsInputs(a: Float32Array, rows: number, cols: number): MathMatrix {
  return math.matrix(toNested(a, rows, cols));
}

function mathjsSoftmaxRows(scores: MathMatrix, causal: boolean): MathMatrix {
  const rows = scores.toArray() as Rows;
  return math.matrix(
    rows.map((row, i) => {
      const masked = causal ? row.map((x, j) => (j > i ? -Infinity : x)) : row;
      const max = math.max(masked) as number;
      const e = masked.map((x) => Math.exp(x - max));
      const sum = math.sum(e) as number;
      return e.map((x) => x / sum);
    }),
  );
}

export function mathjsAttention(q: MathMatrix, k: MathMatrix, v: MathMatrix, d: number, causal: boolean) {
  const scores = math.multiply(math.multiply(q, math.transpose(k)), 1 / Math.sqrt(d)) as MathMatrix;
  const weights = mathjsSoftmaxRows(scores, causal);
  return { scores, weights, output: math.multiply(weights, v) as MathMatrix };
}

export function mathjsMultiHead(x: MathMatrix, w: MathMatrix[], n: number, dm: number, heads: number): MathMatrix {
  const [wq, wk, wv, wo] = w;
  const q = math.multiply(x, wq) as MathMatrix;
  const k = math.multiply(x, wk) as MathMatrix;
  const v = math.multiply(x, wv) as MathMatrix;
  const dh = dm / heads;
  const outputs: MathMatrix[] = [];
  for (let h = 0; h < heads; h++) {
    const cols = math.index(math.range(0, n), math.range(h * dh, (h + 1) * dh));
    const { output } = mathjsAttention(
      math.subset(q, cols) as MathMatrix,
      math.subset(k, cols) as MathMatrix,
      math.subset(v, cols) as MathMatrix,
      dh,
      false,
    );
    outputs.push(output);
  }
  return math.multiply(math.concat(...outputs, 1) as MathMatrix, wo) as MathMatrix;
}
