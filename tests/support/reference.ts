/**
 * An independent float64 reference for the attention core, written differently on purpose:
 * nested number[][] arrays, explicit transposes, and softmax through log-sum-exp. It never
 * imports lib/, so a bug there cannot hide in here too.
 */
export type Rows = number[][];

export function matmul(a: Rows, b: Rows): Rows {
  const bt = transposeRows(b);
  return a.map((row) => bt.map((col) => row.reduce((s, x, p) => s + x * col[p], 0)));
}

export function transposeRows(a: Rows): Rows {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function logSumExpSoftmax(row: number[]): number[] {
  const finite = row.filter((x) => x !== -Infinity);
  if (finite.length === 0) return row.map(() => 0);
  const m = Math.max(...finite);
  const lse = m + Math.log(finite.reduce((s, x) => s + Math.exp(x - m), 0));
  return row.map((x) => (x === -Infinity ? 0 : Math.exp(x - lse)));
}

export function referenceAttention(
  q: Rows,
  k: Rows,
  v: Rows,
  { mask, causal = false, scale }: { mask?: Rows; causal?: boolean; scale?: number } = {},
): { scores: Rows; weights: Rows; output: Rows } {
  const s = scale ?? 1 / Math.sqrt(q[0].length);
  const raw = matmul(q, transposeRows(k));
  const scores = raw.map((row, i) =>
    row.map((x, j) => ((mask && mask[i][j] === 0) || (causal && j > i) ? -Infinity : x * s)),
  );
  const weights = scores.map(logSumExpSoftmax);
  return { scores, weights, output: matmul(weights, v) };
}

export function referenceMultiHead(
  xq: Rows,
  xkv: Rows,
  w: { wq: Rows; wk: Rows; wv: Rows; wo: Rows },
  heads: number,
  opts: { mask?: Rows; causal?: boolean } = {},
): { output: Rows; headWeights: Rows[] } {
  const q = matmul(xq, w.wq);
  const k = matmul(xkv, w.wk);
  const v = matmul(xkv, w.wv);
  const dh = q[0].length / heads;
  const slice = (m: Rows, h: number) => m.map((row) => row.slice(h * dh, (h + 1) * dh));
  const concat: Rows = q.map(() => []);
  const headWeights: Rows[] = [];
  for (let h = 0; h < heads; h++) {
    const r = referenceAttention(slice(q, h), slice(k, h), slice(v, h), { ...opts, scale: 1 / Math.sqrt(dh) });
    headWeights.push(r.weights);
    r.output.forEach((row, i) => concat[i].push(...row));
  }
  return { output: matmul(concat, w.wo), headWeights };
}

/** Largest |a − b| over two equally shaped row arrays, treating equal infinities as 0 apart. */
export function maxAbsDiff(a: Rows, b: Rows): number {
  let worst = 0;
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      const y = b[i][j];
      const diff = x === y ? 0 : Math.abs(x - y);
      if (!(diff <= worst)) worst = diff;
    }),
  );
  return worst;
}
