/**
 * npm run bench — times the attention core against its peers, all measured in this one run, and
 * prints ratios (never absolute thresholds: machines differ, ratios within one run do not).
 *
 * Peers: a plain scalar triple loop over Float32Array, and mathjs with its own matrices.
 * Ours: the readable TypeScript kernel, the WebAssembly SIMD kernel (one thread), and the worker
 * pool (one worker per core, capped).
 */
import os from 'node:os';
import { multiHeadAttention, scaledDotProductAttention, type AttentionResult, type Matrix } from '../lib/attention';
import { setKernelPreference } from '../lib/kernels/activeKernels';
import { wasmKernelBuild, wasmSimdAvailable } from '../lib/kernels/wasmSimdKernel';
import { DEFAULT_SPLIT_THRESHOLD } from '../lib/worker/splitPlan';
import { randomNormalMatrix } from '../lib/random';
import type { AttentionClient } from '../lib/worker/attentionClient';
import { createNodeAttentionClient } from '../lib/worker/nodeWorker';
import { mathjsAttention, mathjsInputs, mathjsMultiHead, plainLoopAttention, plainLoopMultiHead } from './peers';

const QUICK = process.argv.includes('--quick');
// Only the calibration and the interleaved split-decision section (a minute instead of many).
const SPLIT_ONLY = process.argv.includes('--split-only');

interface Timing {
  median: number;
  runs: number;
}

/** Median wall time in ms: at least `minRuns` runs, more while under `budgetMs`, one warm-up. */
async function time(fn: () => unknown | Promise<unknown>, { minRuns = 3, maxRuns = 15, budgetMs = 1500, warmup = true } = {}): Promise<Timing> {
  if (warmup) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || (samples.length < maxRuns && performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], runs: samples.length };
}

const f32 = (m: Matrix): Float32Array => Float32Array.from(m.data);
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const gflops = (flops: number, ms: number) => (flops / (ms * 1e6)).toFixed(2);

interface Row {
  name: string;
  flops: number;
  results: Record<string, Timing>;
}

function printTable(rows: Row[], columns: string[]): void {
  const header = ['case', ...columns.map((c) => `${c} ms (GFLOP/s)`)];
  const lines = rows.map((r) => [
    r.name,
    ...columns.map((c) => (r.results[c] ? `${fmtMs(r.results[c].median)} (${gflops(r.flops, r.results[c].median)})` : '—')),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  const cores = os.availableParallelism();
  // 'pool': the fixed split threshold the pool had before calibration; 'calibrated': the pool as
  // the site runs it, its threshold measured at warm-up (lib/worker/splitCalibration.ts).
  const pool = createNodeAttentionClient({ splitThreshold: DEFAULT_SPLIT_THRESHOLD });
  const calibrated = createNodeAttentionClient();
  calibrated.warmUp();
  const calibration = await calibrated.calibrateSplit();
  console.log(`Attention Lab benchmark — node ${process.version}, ${cores} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(
    `WebAssembly SIMD kernel: ${wasmSimdAvailable() ? `${wasmKernelBuild()} build` : 'NOT available (TypeScript kernel used)'} ` +
      '(relaxed SIMD needs a flag in Node 20: `npm run bench:kernel-browser` times both builds in Chromium); ' +
      `pool: ${pool.size} workers`,
  );
  if (calibration) {
    const c = calibration;
    console.log(
      `Split calibration at warm-up: SDPA n=256 f32 ${c.aloneMs.toFixed(2)} ms alone, ${c.togetherMs.toFixed(2)} ms on every worker at once; ` +
        `overhead ${c.wholeOverheadMs.toFixed(2)} ms whole, ${c.splitOverheadMs.toFixed(2)} ms split → threshold ${calibrated.splitThreshold().toExponential(2)} ` +
        `(fixed rule: ${DEFAULT_SPLIT_THRESHOLD.toExponential(2)}; warm float32 SDPA n=1024 costs ${(1024 * 1024 * 128 / 20).toExponential(2)})`,
    );
  }
  console.log('FLOPs count a multiply-add as 2: full attention 4·n²·d, causal 4·d·n(n+1)/2. Median of repeated runs.\n');

  if (SPLIT_ONLY) {
    printSplitDecision(await splitDecisionInterleaved(pool, calibrated, [1024, 2048]));
    await Promise.all([pool.dispose(), calibrated.dispose()]);
    return;
  }
  const sizes = QUICK ? [256, 1024] : [256, 1024, 2048];
  const d = 64;
  const rows: Row[] = [];
  for (const n of sizes) {
    for (const causal of [false, true]) {
      const q = f32(randomNormalMatrix(1, n, d));
      const k = f32(randomNormalMatrix(2, n, d));
      const v = f32(randomNormalMatrix(3, n, d));
      const mq = (m: Float32Array): Matrix => ({ rows: n, cols: d, data: m });
      const pairs = causal ? (n * (n + 1)) / 2 : n * n;
      const row: Row = { name: `sdpa n=${n} d=${d} ${causal ? 'causal' : 'full'}`, flops: 4 * pairs * d, results: {} };
      const big = n >= 2048;
      row.results['plain loop'] = await time(() => plainLoopAttention(q, k, v, n, d, d, causal), big ? { minRuns: 1, maxRuns: 1, warmup: false } : {});
      if (!(QUICK && n > 256)) {
        const [mqm, mkm, mvm] = [mathjsInputs(q, n, d), mathjsInputs(k, n, d), mathjsInputs(v, n, d)];
        row.results.mathjs = await time(() => mathjsAttention(mqm, mkm, mvm, d, causal), n >= 1024 ? { minRuns: 1, maxRuns: 1, warmup: false } : { minRuns: 1, maxRuns: 3 });
      }
      setKernelPreference('typescript');
      row.results['ts kernel'] = await time(() => scaledDotProductAttention(mq(q), mq(k), mq(v), { causal }));
      setKernelPreference('auto');
      row.results['wasm kernel'] = await time(() => scaledDotProductAttention(mq(q), mq(k), mq(v), { causal }));
      row.results['pool fresh'] = await time(() => pool.scaledDotProductAttention(mq(q), mq(k), mq(v), { causal }));
      // As a calculator recomputing on every edit does: the previous result handed back for reuse.
      let previous: AttentionResult | undefined;
      row.results.pool = await time(async () => {
        previous = await pool.scaledDotProductAttention(mq(q), mq(k), mq(v), { causal }, { reuse: previous });
      });
      let previousCalibrated: AttentionResult | undefined;
      row.results.calibrated = await time(async () => {
        previousCalibrated = await calibrated.scaledDotProductAttention(mq(q), mq(k), mq(v), { causal }, { reuse: previousCalibrated });
      });
      rows.push(row);
      process.stdout.write(`  measured ${row.name}\n`);
    }
  }

  // 8-head self-attention, n = 512, d_model = 512: projections (4·2·n·d²) plus attention (4·n²·d).
  {
    const n = 512;
    const dm = 512;
    const heads = 8;
    const x = f32(randomNormalMatrix(4, n, dm));
    const ws = [5, 6, 7, 8].map((s) => f32(randomNormalMatrix(s, dm, dm, { std: 1 / Math.sqrt(dm) })));
    const m = (data: Float32Array, r: number, c: number): Matrix => ({ rows: r, cols: c, data });
    const weights = { wq: m(ws[0], dm, dm), wk: m(ws[1], dm, dm), wv: m(ws[2], dm, dm), wo: m(ws[3], dm, dm) };
    const row: Row = { name: `mha n=${n} d_model=${dm} heads=${heads}`, flops: 8 * n * dm * dm + 4 * n * n * dm, results: {} };
    row.results['plain loop'] = await time(() => plainLoopMultiHead(x, ws, n, dm, heads), { minRuns: 1, maxRuns: 3 });
    const xm = mathjsInputs(x, n, dm);
    const wm = ws.map((w) => mathjsInputs(w, dm, dm));
    row.results.mathjs = await time(() => mathjsMultiHead(xm, wm, n, dm, heads), { minRuns: 1, maxRuns: 1, warmup: false });
    setKernelPreference('typescript');
    row.results['ts kernel'] = await time(() => multiHeadAttention(m(x, n, dm), m(x, n, dm), weights, heads));
    setKernelPreference('auto');
    row.results['wasm kernel'] = await time(() => multiHeadAttention(m(x, n, dm), m(x, n, dm), weights, heads));
    row.results.pool = await time(() => pool.multiHeadAttention(m(x, n, dm), m(x, n, dm), weights, heads));
    row.results.calibrated = await time(() => calibrated.multiHeadAttention(m(x, n, dm), m(x, n, dm), weights, heads));
    rows.push(row);
  }
  const interleaved = await splitDecisionInterleaved(pool, calibrated, QUICK ? [1024] : [1024, 2048]);
  await pool.dispose();
  await calibrated.dispose();

  console.log('');
  printTable(rows, ['plain loop', 'mathjs', 'ts kernel', 'wasm kernel', 'pool fresh', 'pool', 'calibrated']);
  console.log("'pool fresh': every call into new result memory; 'pool': the previous result handed back (CallOptions.reuse), fixed split threshold;");
  console.log("'calibrated': as 'pool', with the split threshold measured at warm-up (before/after of issue 13's split decision).");

  console.log('\nRatios (higher is better; each measured in this run):');
  const ratio = (r: Row, a: string, b: string) => (r.results[a] && r.results[b] ? r.results[b].median / r.results[a].median : NaN);
  const ratioRows = rows.map((r) => ({
    name: r.name,
    'wasm/plain loop': ratio(r, 'wasm kernel', 'plain loop'),
    'ts/plain loop': ratio(r, 'ts kernel', 'plain loop'),
    'pool/wasm': ratio(r, 'pool', 'wasm kernel'),
    'calibrated/wasm': ratio(r, 'calibrated', 'wasm kernel'),
    'fresh/wasm': ratio(r, 'pool fresh', 'wasm kernel'),
    'wasm/mathjs': ratio(r, 'wasm kernel', 'mathjs'),
    'pool/mathjs': ratio(r, 'pool', 'mathjs'),
  }));
  const cols = ['wasm/plain loop', 'ts/plain loop', 'pool/wasm', 'calibrated/wasm', 'fresh/wasm', 'wasm/mathjs', 'pool/mathjs'] as const;
  const nameWidth = Math.max(...ratioRows.map((r) => r.name.length));
  console.log(['case'.padEnd(nameWidth), ...cols.map((c) => c.padStart(16))].join(''));
  for (const r of ratioRows) console.log([r.name.padEnd(nameWidth), ...cols.map((c) => (Number.isNaN(r[c]) ? '—' : `${r[c].toFixed(1)}×`).padStart(16))].join(''));

  const at1024 = rows.find((r) => r.name === `sdpa n=1024 d=${d} full`)!;
  const targets = [
    { what: 'single-thread kernel ≥ 6× plain loop at n=1024 (full)', value: ratio(at1024, 'wasm kernel', 'plain loop'), goal: 6 },
    { what: `pool ≥ 1.6× single-thread kernel at n=1024 (full), ${pool.size} workers, fixed threshold`, value: ratio(at1024, 'pool', 'wasm kernel'), goal: 1.6 },
    { what: `pool ≥ 1.6× single-thread kernel at n=1024 (full), ${pool.size} workers, calibrated threshold`, value: ratio(at1024, 'calibrated', 'wasm kernel'), goal: 1.6 },
    { what: 'kernel ≥ 30× mathjs at n=1024 (full)', value: ratio(at1024, 'wasm kernel', 'mathjs'), goal: 30 },
  ];
  printSplitDecision(interleaved);

  console.log('\nTargets:');
  for (const t of targets) console.log(`  ${t.value >= t.goal ? 'met ' : 'MISS'}  ${t.what}: ${Number.isNaN(t.value) ? 'not measured' : t.value.toFixed(1) + '×'}`);
}

function printSplitDecision(interleaved: Awaited<ReturnType<typeof splitDecisionInterleaved>>): void {
  console.log('\nSplit decision, interleaved (each round: one thread here, one worker, the pool with the fixed threshold, the calibrated pool;');
  console.log('float32, full, results reused; medians of per-round speed-ups over one thread here):');
  for (const r of interleaved) {
    console.log(
      `  n=${r.n}: one worker ${r.worker.toFixed(2)}×, fixed ${r.fixed.toFixed(2)}× (${r.fixedSplit ? 'splits' : 'whole'}), ` +
        `calibrated ${r.calibrated.toFixed(2)}× (${r.calibratedSplit ? 'splits' : 'whole'}); ${r.rounds} rounds; ` +
        `fixed rule per round ${r.fixedRange}; split over one worker: fixed ${r.fixedOverWorker.toFixed(2)}×, calibrated ${r.calibratedOverWorker.toFixed(2)}×`,
    );
  }
}

/**
 * The pool's speed-up over one thread with and without calibration, the three timed in turn each
 * round so that a shared machine's load falls on all of them alike; medians of per-round ratios.
 */
async function splitDecisionInterleaved(fixed: AttentionClient, calibrated: AttentionClient, sizes: number[]) {
  const out: {
    n: number;
    rounds: number;
    worker: number;
    fixed: number;
    calibrated: number;
    fixedOverWorker: number;
    calibratedOverWorker: number;
    fixedSplit: boolean;
    calibratedSplit: boolean;
    fixedRange: string;
  }[] = [];
  // The pool never splitting: one worker does the whole job (what a split must beat, since the
  // page never computes on its main thread).
  const single = createNodeAttentionClient({ splitThreshold: Infinity });
  const d = 64;
  const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const n of sizes) {
    const [q, k, v] = [11, 12, 13].map((seed) => randomNormalMatrix(seed, n, d, { float32: true }));
    let a = await fixed.scaledDotProductAttention(q, k, v);
    let b = await calibrated.scaledDotProductAttention(q, k, v);
    let c = await single.scaledDotProductAttention(q, k, v);
    const rounds = n >= 2048 ? 9 : 15;
    const ratios = { worker: [] as number[], fixed: [] as number[], calibrated: [] as number[], fixedOverWorker: [] as number[], calibratedOverWorker: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      scaledDotProductAttention(q, k, v);
      const one = performance.now() - t0;
      t0 = performance.now();
      c = await single.scaledDotProductAttention(q, k, v, {}, { reuse: c });
      const worker = performance.now() - t0;
      ratios.worker.push(one / worker);
      t0 = performance.now();
      a = await fixed.scaledDotProductAttention(q, k, v, {}, { reuse: a });
      const fixedMs = performance.now() - t0;
      t0 = performance.now();
      b = await calibrated.scaledDotProductAttention(q, k, v, {}, { reuse: b });
      const calibratedMs = performance.now() - t0;
      ratios.fixed.push(one / fixedMs);
      ratios.calibrated.push(one / calibratedMs);
      ratios.fixedOverWorker.push(worker / fixedMs);
      ratios.calibratedOverWorker.push(worker / calibratedMs);
    }
    const cost = (n * n * 2 * d) / 20;
    const sorted = [...ratios.fixed].sort((x, y) => x - y);
    out.push({
      n,
      rounds,
      worker: medianOf(ratios.worker),
      fixed: medianOf(ratios.fixed),
      calibrated: medianOf(ratios.calibrated),
      fixedOverWorker: medianOf(ratios.fixedOverWorker),
      calibratedOverWorker: medianOf(ratios.calibratedOverWorker),
      fixedSplit: cost >= fixed.splitThreshold(),
      calibratedSplit: cost >= calibrated.splitThreshold(),
      fixedRange: `${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}×`,
    });
  }
  await single.dispose();
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
