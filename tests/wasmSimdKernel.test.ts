import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { mulberry32, normalSampler } from '../lib/random';
import type { SdpaBlockJob } from '../lib/kernels/sdpaKernel';
import { describeEachWasmBuild, WASM_BUILDS } from './support/wasmBuilds';
import {
  WASM_SDPA_BLOCK_ROWS,
  wasmExpf32,
  wasmKernelMemoryBytes,
  wasmMatmulKernel,
  wasmSdpaKernel,
  setWasmKernelBuild,
  wasmKernelBuild,
  wasmSimdAvailable,
} from '../lib/kernels/wasmSimdKernel';

// ---------------------------------------------------------------------------------------------
// Independent float64 reference: nested number arrays, one row at a time, allowed keys gathered
// into a list first (the kernel instead masks whole rows with -Infinity).

interface Reference {
  scores: number[][];
  weights: number[][];
  output: number[][];
}

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

function referenceSdpa(job: SdpaBlockJob): Reference {
  const { rowCount, nk, d, dv } = job;
  const at = (a: ArrayLike<number>, r: number, c: number, cols: number): number => a[r * cols + c];
  const scores: number[][] = [];
  const weights: number[][] = [];
  const output: number[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const allowed: number[] = [];
    for (let j = 0; j < nk; j++) {
      const masked = job.mask !== null && (job.mask as Uint8Array)[r * nk + j] === 0;
      const future = job.causal && j > job.rowOffset + r;
      if (!masked && !future) allowed.push(j);
    }
    const scoreRow = new Array<number>(nk).fill(-Infinity);
    for (const j of allowed) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += at(job.q, r, c, d) * at(job.k, j, c, d);
      scoreRow[j] = job.scale * dot;
    }
    const weightRow = new Array<number>(nk).fill(0);
    if (allowed.length > 0) {
      const top = Math.max(...allowed.map((j) => scoreRow[j]));
      let total = 0;
      for (const j of allowed) total += Math.exp(scoreRow[j] - top);
      for (const j of allowed) weightRow[j] = Math.exp(scoreRow[j] - top) / total;
    }
    const outRow = new Array<number>(dv).fill(0);
    for (const j of allowed) for (let c = 0; c < dv; c++) outRow[c] += weightRow[j] * at(job.v, j, c, dv);
    scores.push(scoreRow);
    weights.push(weightRow);
    output.push(outRow);
  }
  return { scores, weights, output };
}

// ---------------------------------------------------------------------------------------------
// Jobs and comparison.

interface JobSpec {
  nq: number;
  nk: number;
  d: number;
  dv: number;
  seed: number;
  causal?: boolean;
  rowOffset?: number;
  /** Fraction of mask entries that are 0 (blocked); undefined = no mask. */
  blockedFraction?: number;
  /** Query rows (0-based) whose mask row is all zeros. */
  fullyBlockedRows?: number[];
  scale?: number;
  std?: number;
}

function makeJob(spec: JobSpec): SdpaBlockJob {
  const random = mulberry32(spec.seed);
  const normal = normalSampler(random);
  const std = spec.std ?? 1;
  const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => normal() * std);
  let mask: Uint8Array | null = null;
  if (spec.blockedFraction !== undefined || spec.fullyBlockedRows) {
    const fraction = spec.blockedFraction ?? 0;
    mask = Uint8Array.from({ length: spec.nq * spec.nk }, () => (random() < fraction ? 0 : 1 + Math.floor(random() * 254)));
    for (const r of spec.fullyBlockedRows ?? []) mask.fill(0, r * spec.nk, (r + 1) * spec.nk);
  }
  return {
    q: fill(spec.nq * spec.d),
    k: fill(spec.nk * spec.d),
    v: fill(spec.nk * spec.dv),
    rowCount: spec.nq,
    nk: spec.nk,
    d: spec.d,
    dv: spec.dv,
    rowOffset: spec.rowOffset ?? 0,
    scale: spec.scale ?? 1 / Math.sqrt(spec.d),
    mask,
    causal: spec.causal ?? false,
    // NaN-filled, so a cell the kernel forgets to write cannot pass as a zero.
    scores: new Float32Array(spec.nq * spec.nk).fill(NaN),
    weights: new Float32Array(spec.nq * spec.nk).fill(NaN),
    output: new Float32Array(spec.nq * spec.dv).fill(NaN),
  };
}

/** float32 accumulation over d ≤ ~300 terms of unit-scale inputs stays well inside this. */
const TOLERANCE = 1e-5;
const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

function assertClose(got: number, want: number, what: string, allowance = 0): void {
  if (want === -Infinity || got === -Infinity) {
    assert.equal(got, want, `${what}: expected ${want}, got ${got}`);
    return;
  }
  if (!(Math.abs(got - want) <= TOLERANCE * (1 + Math.abs(want)) + allowance)) assert.fail(`${what}: expected ${want}, got ${got}`);
}

/**
 * Large inputs make a float32 kernel's error grow with them, not with the result: a score is a
 * float32 sum of d products, off by up to about d·u·scale·Σ|q_i·k_i| (u = 2⁻²⁴); a weight moves by
 * up to twice that, relatively; an output Σ_j w_j·v_j moves by that times Σ_j w_j·|v_j|, which
 * cancellation can make far larger than the output itself (std 2.9 gave 2e-5 on an output of −0.98).
 */
function assertMatchesReference(job: SdpaBlockJob, label = ''): void {
  const ref = referenceSdpa(job);
  const { rowCount, nk, d, dv, q, k, v, scale } = job;
  for (let r = 0; r < rowCount; r++) {
    let scoreMagnitude = 0;
    for (let j = 0; j < nk; j++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += Math.abs(q[r * d + i] * k[j * d + i]);
      scoreMagnitude = Math.max(scoreMagnitude, Math.abs(scale) * sum);
    }
    const scoreError = (d + 2) * FLOAT32_UNIT_ROUNDOFF * scoreMagnitude;
    for (let j = 0; j < nk; j++) {
      assertClose(job.scores[r * nk + j], ref.scores[r][j], `${label} scores[${r}][${j}]`, scoreError);
      assertClose(job.weights[r * nk + j], ref.weights[r][j], `${label} weights[${r}][${j}]`, 4 * scoreError * ref.weights[r][j]);
      // Blocked positions get exactly zero weight, not merely a tiny one.
      if (ref.scores[r][j] === -Infinity && !Object.is(job.weights[r * nk + j], 0)) assert.fail(`${label} weights[${r}][${j}] not +0`);
    }
    for (let c = 0; c < dv; c++) {
      let spread = 0;
      for (let j = 0; j < nk; j++) spread += ref.weights[r][j] * Math.abs(v[j * dv + c]);
      assertClose(job.output[r * dv + c], ref.output[r][c], `${label} output[${r}][${c}]`, (4 * scoreError + nk * FLOAT32_UNIT_ROUNDOFF) * spread);
    }
  }
}

function runAndCheck(spec: JobSpec, label = JSON.stringify(spec)): SdpaBlockJob {
  const job = makeJob(spec);
  assert.ok(wasmSdpaKernel.accepts(job));
  wasmSdpaKernel.run(job);
  assertMatchesReference(job, label);
  return job;
}

// ---------------------------------------------------------------------------------------------

describe('wasmSimdAvailable / accepts', () => {
  test('Node 20 runs WebAssembly SIMD, so the kernel is available', () => {
    assert.equal(wasmSimdAvailable(), true);
  });

  test('the relaxed build runs where the engine validates relaxed SIMD (here with the flag on), else the plain one', () => {
    assert.deepEqual(WASM_BUILDS, ['plain', 'relaxed'], 'node 20 with --experimental-wasm-relaxed-simd runs both builds');
    assert.equal(wasmKernelBuild(), 'relaxed');
    setWasmKernelBuild('plain');
    assert.equal(wasmKernelBuild(), 'plain');
    setWasmKernelBuild('auto');
    assert.equal(wasmKernelBuild(), 'relaxed');
  });

  test('without relaxed SIMD (node 20 without the flag) the plain build is chosen and works', () => {
    const script = [
      "import('./lib/kernels/wasmSimdKernel.ts').then(({ wasmKernelBuild, wasmMatmulKernel }) => {",
      '  const out = new Float32Array(1);',
      '  wasmMatmulKernel.matmul(new Float32Array([2, 3]), new Float32Array([4, 5]), 1, 2, 1, out);',
      '  process.stdout.write(JSON.stringify([wasmKernelBuild(), out[0]]));',
      '});',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ['plain', 23]);
  });

  test('the relaxed build multiplies and adds in one instruction, fused or not: both roundings are allowed', () => {
    // −1 + (1 + 2⁻¹²)² = 2⁻¹¹ + 2⁻²⁴ exactly; rounding the product first (ties to even) loses 2⁻²⁴.
    const e = 1 + 2 ** -12;
    const product = (build: 'plain' | 'relaxed'): number => {
      setWasmKernelBuild(build);
      const out = new Float32Array(1);
      try {
        wasmMatmulKernel.matmul(new Float32Array([-1, e]), new Float32Array([1, e]), 1, 2, 1, out);
      } finally {
        setWasmKernelBuild('auto');
      }
      return out[0];
    };
    assert.equal(product('plain'), 2 ** -11);
    assert.ok([2 ** -11, 2 ** -11 + 2 ** -24].includes(product('relaxed')));
  });

  test('accepts float32 jobs only', () => {
    const job = makeJob({ nq: 2, nk: 3, d: 4, dv: 5, seed: 1 });
    assert.equal(wasmSdpaKernel.accepts(job), true);
    assert.equal(wasmSdpaKernel.accepts({ ...job, q: Float64Array.from(job.q) }), false);
    assert.equal(wasmSdpaKernel.accepts({ ...job, output: new Float64Array(job.output.length) }), false);
    const a = new Float32Array(6);
    assert.equal(wasmMatmulKernel.accepts(a, a, a), true);
    assert.equal(wasmMatmulKernel.accepts(a, new Float64Array(6), a), false);
  });
});

describeEachWasmBuild('wasmSdpaKernel worked by hand', () => {
  // q = [1, 0]; k0 = [1, 0], k1 = [0, 1]; v0 = [1, 2], v1 = [3, 4]; scale = 1.
  // scores = [1·1 + 0·0, 1·0 + 0·1] = [1, 0]
  // weights = [e, 1] / (e + 1) = [2.718281828/3.718281828, 1/3.718281828] = [0.7310585786, 0.2689414214]
  // output = 0.7310585786·[1, 2] + 0.2689414214·[3, 4] = [1.5378828428, 2.5378828428]
  const base = (): SdpaBlockJob => ({
    q: Float32Array.of(1, 0),
    k: Float32Array.of(1, 0, 0, 1),
    v: Float32Array.of(1, 2, 3, 4),
    rowCount: 1,
    nk: 2,
    d: 2,
    dv: 2,
    rowOffset: 0,
    scale: 1,
    mask: null,
    causal: false,
    scores: new Float32Array(2),
    weights: new Float32Array(2),
    output: new Float32Array(2),
  });

  test('two keys, no masking', () => {
    const job = base();
    wasmSdpaKernel.run(job);
    assert.deepEqual(Array.from(job.scores), [1, 0]);
    assertClose(job.weights[0], 0.7310585786, 'w0');
    assertClose(job.weights[1], 0.2689414214, 'w1');
    assertClose(job.output[0], 1.5378828428, 'o0');
    assertClose(job.output[1], 2.5378828428, 'o1');
  });

  test('scale multiplies the dot products: scale 2 gives scores [2, 0] and weights [e²/(e²+1), 1/(e²+1)]', () => {
    // e² = 7.3890560989; weights = [0.8807970780, 0.1192029220]
    const job = { ...base(), scale: 2 };
    wasmSdpaKernel.run(job);
    assert.deepEqual(Array.from(job.scores), [2, 0]);
    assertClose(job.weights[0], 0.880797078, 'w0');
    assertClose(job.output[0], 0.880797078 * 1 + 0.119202922 * 3, 'o0');
  });

  test('causal, row 0: key 1 is in the future, so scores = [1, -Infinity], weights = [1, 0], output = v0', () => {
    const job = { ...base(), causal: true };
    wasmSdpaKernel.run(job);
    assert.deepEqual(Array.from(job.scores), [1, -Infinity]);
    assert.deepEqual(Array.from(job.weights), [1, 0]);
    assert.deepEqual(Array.from(job.output), [1, 2]);
  });

  test('causal with rowOffset 1: global row 1 may see keys 0 and 1, same as no masking', () => {
    const job = { ...base(), causal: true, rowOffset: 1 };
    wasmSdpaKernel.run(job);
    assert.deepEqual(Array.from(job.scores), [1, 0]);
    assertClose(job.weights[0], 0.7310585786, 'w0');
  });

  test('mask [0, 1] blocks key 0: weights [0, 1], output = v1', () => {
    const job = { ...base(), mask: Uint8Array.of(0, 1) };
    wasmSdpaKernel.run(job);
    assert.deepEqual(Array.from(job.scores), [-Infinity, 0]);
    assert.deepEqual(Array.from(job.weights), [0, 1]);
    assert.deepEqual(Array.from(job.output), [3, 4]);
  });

  test('mask [0, 0] blocks everything: zero weights and zero output, scores all -Infinity', () => {
    const job = { ...base(), mask: Uint8Array.of(0, 0) };
    wasmSdpaKernel.run(job);
    assert.deepEqual(Array.from(job.scores), [-Infinity, -Infinity]);
    assert.deepEqual(Array.from(job.weights), [0, 0]);
    assert.deepEqual(Array.from(job.output), [0, 0]);
  });
});

describeEachWasmBuild('wasmSdpaKernel against the float64 reference', () => {
  const shapes: [number, number, number, number][] = [
    // nq, nk, d, dv
    [1, 1, 1, 1],
    [1, 7, 3, 2],
    [5, 1, 5, 3],
    [3, 5, 1, 1],
    [7, 4, 5, 9],
    [4, 9, 3, 5],
    [17, 33, 63, 17],
    [6, 16, 64, 64],
    [9, 17, 16, 15],
    [13, 31, 65, 33],
  ];

  for (const [nq, nk, d, dv] of shapes) {
    test(`nq=${nq} nk=${nk} d=${d} dv=${dv}: plain, masked, causal`, () => {
      runAndCheck({ nq, nk, d, dv, seed: nq * 1000 + nk * 10 + d });
      runAndCheck({ nq, nk, d, dv, seed: 7 + d, blockedFraction: 0.4 });
      runAndCheck({ nq, nk, d, dv, seed: 11 + dv, causal: true });
      runAndCheck({ nq, nk, d, dv, seed: 13, causal: true, blockedFraction: 0.3 });
    });
  }

  test('masks with fully-blocked rows: those rows get zero weights and zero output, the others are normal', () => {
    const job = runAndCheck({ nq: 9, nk: 21, d: 6, dv: 7, seed: 21, blockedFraction: 0.2, fullyBlockedRows: [0, 4, 8] });
    for (const r of [0, 4, 8]) {
      assert.ok(job.scores.subarray(r * 21, (r + 1) * 21).every((s) => s === -Infinity));
      assert.ok(job.weights.subarray(r * 21, (r + 1) * 21).every((w) => Object.is(w, 0)));
      assert.ok(job.output.subarray(r * 7, (r + 1) * 7).every((o) => Object.is(o, 0)));
    }
    const rowSum = total(job.weights.subarray(21, 42));
    assert.ok(Math.abs(rowSum - 1) < 1e-6);
  });

  test('causal and mask together can block a whole row (row 0 sees only key 0, and the mask blocks it)', () => {
    const job = makeJob({ nq: 3, nk: 5, d: 4, dv: 2, seed: 5, causal: true, blockedFraction: 0 });
    (job.mask as Uint8Array)[0] = 0;
    wasmSdpaKernel.run(job);
    assertMatchesReference(job);
    assert.deepEqual(Array.from(job.weights.subarray(0, 5)), [0, 0, 0, 0, 0]);
  });

  test('causal block in the middle of a sequence (rowOffset > 0) equals those rows of the whole', () => {
    const n = 40;
    const whole = makeJob({ nq: n, nk: n, d: 7, dv: 6, seed: 31, causal: true });
    wasmSdpaKernel.run(whole);
    assertMatchesReference(whole, 'whole');
    for (const [first, count] of [
      [13, 9],
      [1, 1],
      [31, 9],
    ]) {
      const block: SdpaBlockJob = {
        ...whole,
        q: whole.q.slice(first * 7, (first + count) * 7),
        rowCount: count,
        rowOffset: first,
        scores: new Float32Array(count * n),
        weights: new Float32Array(count * n),
        output: new Float32Array(count * 6),
      };
      wasmSdpaKernel.run(block);
      assertMatchesReference(block, `block at ${first}`);
      assert.deepEqual(block.scores, whole.scores.slice(first * n, (first + count) * n));
      assert.deepEqual(block.weights, whole.weights.slice(first * n, (first + count) * n));
      assert.deepEqual(block.output, whole.output.slice(first * 6, (first + count) * 6));
    }
  });

  test('causal with nq ≠ nk and rowOffset past the last key (every key visible)', () => {
    runAndCheck({ nq: 5, nk: 3, d: 3, dv: 4, seed: 41, causal: true, rowOffset: 0 });
    runAndCheck({ nq: 4, nk: 19, d: 5, dv: 3, seed: 42, causal: true, rowOffset: 7 });
    runAndCheck({ nq: 3, nk: 6, d: 2, dv: 2, seed: 43, causal: true, rowOffset: 50 });
  });

  test('sub-block boundaries: nq around multiples of the block size, with mask and causal', () => {
    const b = WASM_SDPA_BLOCK_ROWS;
    // The wasm memory budget relies on small blocks (and the sizes below on the reference being cheap).
    assert.ok(b >= 2 && b <= 128, `block size ${b}`);
    for (const nq of [b - 1, b, b + 1, 2 * b + 1, 4 * b + 1]) {
      runAndCheck({ nq, nk: 19, d: 5, dv: 3, seed: nq, blockedFraction: 0.25 }, `nq=${nq} masked`);
      runAndCheck({ nq, nk: nq + 3, d: 3, dv: 5, seed: nq + 1, causal: true }, `nq=${nq} causal`);
    }
  });

  test('K and V larger than the staging area are packed in several chunks', () => {
    // One query row makes the block buffers tiny, so K (50 × 300 floats) goes in through many chunks.
    runAndCheck({ nq: 1, nk: 50, d: 300, dv: 7, seed: 51 });
    runAndCheck({ nq: 3, nk: 37, d: 5, dv: 200, seed: 52, causal: true, rowOffset: 10 });
  });

  test('scores of ±1e4 do not overflow: weights finite and each row sums to 1', () => {
    // d = 2, q = ±100·[1, 0], k_j = 100·[u_j, w_j] with |u_j| ≤ 1: scores up to ±1e4.
    const nq = 6;
    const nk = 37;
    const job = makeJob({ nq, nk, d: 2, dv: 3, seed: 61, scale: 1 });
    const random = mulberry32(62);
    for (let r = 0; r < nq; r++) job.q.set([r % 2 === 0 ? 100 : -100, 0], r * 2);
    for (let j = 0; j < nk; j++) job.k.set([100 * (2 * random() - 1), 100 * (2 * random() - 1)], j * 2);
    wasmSdpaKernel.run(job);
    const ref = referenceSdpa(job);
    assert.ok(Math.max(...job.scores.map(Math.abs)) > 5000);
    for (let r = 0; r < nq; r++) {
      const row = job.weights.subarray(r * nk, (r + 1) * nk);
      assert.ok(row.every(Number.isFinite));
      assert.ok(Math.abs(total(row) - 1) < 1e-6);
      // Scores this far apart make the row one-hot, at the reference's argmax.
      const argmax = ref.weights[r].indexOf(Math.max(...ref.weights[r]));
      assert.ok(row[argmax] > 0.999);
    }
    assert.ok(job.output.every(Number.isFinite));
  });

  test('property: random shapes, masks, causal blocks all match the reference; rows sum to 1 or 0', () => {
    fc.assert(
      fc.property(
        fc.record({
          nq: fc.integer({ min: 1, max: 24 }),
          nk: fc.integer({ min: 1, max: 40 }),
          d: fc.integer({ min: 1, max: 20 }),
          dv: fc.integer({ min: 1, max: 20 }),
          seed: fc.integer({ min: 0, max: 1e9 }),
          causal: fc.boolean(),
          rowOffset: fc.integer({ min: 0, max: 45 }),
          blockedFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
          std: fc.double({ min: 0.1, max: 3, noNaN: true }),
        }),
        (spec) => {
          const job = runAndCheck(spec);
          for (let r = 0; r < spec.nq; r++) {
            const sum = total(job.weights.subarray(r * spec.nk, (r + 1) * spec.nk));
            assert.ok(sum === 0 || Math.abs(sum - 1) < 1e-5, `row ${r} sums to ${sum}`);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  test('memory is reused across many calls of different sizes, interleaved with matmul', () => {
    const random = mulberry32(71);
    const sizes = [200, 3, 90, 1, 150, 17, 64, 129];
    for (let i = 0; i < sizes.length; i++) {
      const nq = sizes[i];
      const nk = sizes[(i + 3) % sizes.length];
      const d = 1 + Math.floor(random() * 40);
      const dv = 1 + Math.floor(random() * 40);
      runAndCheck({ nq, nk, d, dv, seed: 100 + i, causal: i % 2 === 0, blockedFraction: i % 3 === 0 ? 0.3 : undefined }, `call ${i}`);
      checkMatmul(1 + (nq % 37), d, dv, 200 + i);
    }
  });

  test('memory budget: for nq = nk = 2048, d = 64 the wasm memory stays far below one n×n float32 buffer', () => {
    const n = 2048;
    const job = makeJob({ nq: n, nk: n, d: 64, dv: 64, seed: 81, causal: true });
    wasmSdpaKernel.run(job);
    // K, V (0.5 MiB each) plus one block's scores and weights (64 × 2048 × 4 B = 0.5 MiB each).
    assert.ok(wasmKernelMemoryBytes() < 4 * 2 ** 20, `wasm memory is ${wasmKernelMemoryBytes()} bytes`);
    assert.ok(wasmKernelMemoryBytes() < (n * n * 4) / 4);
    // Spot-check a few rows against the reference (the whole would be slow in float64 loops).
    for (const r of [0, 1, 777, n - 1]) {
      const row: SdpaBlockJob = {
        ...job,
        q: job.q.slice(r * 64, (r + 1) * 64),
        rowCount: 1,
        rowOffset: r,
        scores: job.scores.slice(r * n, (r + 1) * n),
        weights: job.weights.slice(r * n, (r + 1) * n),
        output: job.output.slice(r * 64, (r + 1) * 64),
      };
      assertMatchesReference(row, `row ${r}`);
    }
  });

  test('validates buffer lengths with a message naming the buffer', () => {
    const job = makeJob({ nq: 2, nk: 3, d: 4, dv: 5, seed: 91 });
    assert.throws(() => wasmSdpaKernel.run({ ...job, k: new Float32Array(11) }), (err: unknown) => {
      assert.ok(err instanceof AttentionInputError);
      assert.match(err.message, /^K holds 11 numbers but should hold nk × d = 3 × 4 = 12/);
      return true;
    });
    assert.throws(() => wasmSdpaKernel.run({ ...job, mask: new Uint8Array(5) }), /mask holds 5 numbers/);
    assert.throws(() => wasmSdpaKernel.run({ ...job, scale: NaN }), /scale is NaN/);
    assert.throws(() => wasmMatmulKernel.matmul(new Float32Array(6), new Float32Array(6), 2, 3, 3, new Float32Array(6)), /B holds 6 numbers/);
  });

  test('rowCount 0 is a no-op', () => {
    const job = makeJob({ nq: 0, nk: 3, d: 2, dv: 2, seed: 92 });
    wasmSdpaKernel.run(job);
    assert.equal(job.scores.length, 0);
  });
});

describeEachWasmBuild('wasmExpf32 (the softmax exp)', () => {
  test('relative error ≤ 2e-7 against Math.exp over a dense sweep of [-88, 0]', () => {
    // 2^20 + 1 points, plus every float32 within 2^-10 of 0 and of -ln 2/2 (the reduction's edge).
    const count = (1 << 20) + 1;
    const xs = new Float32Array(count + 4096);
    for (let i = 0; i < count; i++) xs[i] = -88 * (i / (count - 1));
    const view = new Int32Array(xs.buffer);
    const edge = new Int32Array(Float32Array.of(-Math.LN2 / 2).buffer)[0];
    for (let i = 0; i < 2048; i++) view[count + i] = edge - 1024 + i;
    for (let i = 0; i < 2048; i++) xs[count + 2048 + i] = -i * 2 ** -21;
    const ys = wasmExpf32(xs);
    let worst = 0;
    let worstAt = 0;
    for (let i = 0; i < xs.length; i++) {
      const exact = Math.exp(xs[i]);
      const rel = Math.abs(ys[i] - exact) / exact;
      if (rel > worst) {
        worst = rel;
        worstAt = xs[i];
      }
    }
    assert.ok(worst <= 2e-7, `max relative error ${worst} at x = ${worstAt}`);
  });

  test('positive arguments up to 88 are accurate too', () => {
    const xs = Float32Array.from({ length: 100001 }, (_, i) => (88 * i) / 100000);
    const ys = wasmExpf32(xs);
    for (let i = 0; i < xs.length; i++) if (!(Math.abs(ys[i] / Math.exp(xs[i]) - 1) <= 2e-7)) assert.fail(`x = ${xs[i]}`);
  });

  test('subnormal results (x in [-104, -87.3]) are within one subnormal step; -Infinity and x < -104 give exactly 0', () => {
    const xs = Float32Array.from({ length: 20001 }, (_, i) => -104 + (16.7 * i) / 20000);
    const ys = wasmExpf32(xs);
    for (let i = 0; i < xs.length; i++) if (!(Math.abs(ys[i] - Math.exp(xs[i])) <= 2 ** -149)) assert.fail(`x = ${xs[i]}`);
    const edge = wasmExpf32(Float32Array.of(-Infinity, -1e30, -105, -104, 0, -0));
    assert.deepEqual(Array.from(edge), [0, 0, 0, 0, 1, 1]);
    // Lengths not divisible by 4 go through the scalar tail with the same code.
    assert.equal(wasmExpf32(Float32Array.of(-1))[0], Math.fround(Math.exp(-1)));
  });
});

// ---------------------------------------------------------------------------------------------

function checkMatmul(m: number, k: number, n: number, seed: number): void {
  const normal = normalSampler(mulberry32(seed));
  const a = Float32Array.from({ length: m * k }, normal);
  const b = Float32Array.from({ length: k * n }, normal);
  const out = new Float32Array(m * n).fill(NaN);
  wasmMatmulKernel.matmul(a, b, m, k, n, out);
  // Reference: inner products over columns of B (the kernel sums rank-1 updates).
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let t = 0; t < k; t++) {
        sum += a[i * k + t] * b[t * n + j];
        magnitude += Math.abs(a[i * k + t] * b[t * n + j]);
      }
      const got = out[i * n + j];
      if (!(Math.abs(got - sum) <= 1e-6 * (1 + magnitude))) assert.fail(`C[${i}][${j}] (m=${m} k=${k} n=${n}): expected ${sum}, got ${got}`);
    }
  }
}

describeEachWasmBuild('wasmMatmulKernel', () => {
  test('by hand: [[1,2,3],[4,5,6]] · [[1,0],[0,1],[1,1]] = [[4,5],[10,11]]', () => {
    // row 1: [1+0+3, 0+2+3] = [4, 5]; row 2: [4+0+6, 0+5+6] = [10, 11]
    const out = new Float32Array(4);
    wasmMatmulKernel.matmul(Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(1, 0, 0, 1, 1, 1), 2, 3, 2, out);
    assert.deepEqual(Array.from(out), [4, 5, 10, 11]);
  });

  test('shapes with odd rows and columns not divisible by 16', () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [3, 1, 5],
      [1, 7, 1],
      [5, 3, 17],
      [2, 64, 64],
      [33, 65, 31],
      [8, 100, 48],
    ]) {
      checkMatmul(m, k, n, m * 100 + k * 10 + n);
    }
  });

  test('A in several row blocks and B in several staging chunks', () => {
    // n = 70000 makes a row of C ~280 KB, so A goes two rows at a time and B two rows per chunk.
    checkMatmul(7, 5, 70000, 301);
    // (k + 16) · 4 B ≈ 8 KB per row: 130 rows per 1 MiB block, so 300 rows make three blocks.
    checkMatmul(300, 2000, 16, 302);
  });

  test('property: random shapes match the reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1e9 }),
        (m, k, n, seed) => checkMatmul(m, k, n, seed),
      ),
      { numRuns: 50 },
    );
  });
});
