/**
 * node --import tsx bench/maskPatterns.bench.ts [--quick]
 *
 * What a mask pattern saves in practice versus on paper, for the "masks and long sequences"
 * calculator: float32 scaledDotProductAttention at n = 4096 (--quick: 1024), d = 64, one thread,
 * each pattern timed against full attention (no mask) in the same run, full and masked runs
 * alternating so a change in the machine's load hits both. Median of a few pairs.
 *
 * Two ratios per pattern:
 * - "call / full": the public call as a caller makes it, fresh result buffers and all. Its nq × nk
 *   scores must hold -Infinity wherever the mask blocks, so every pattern touches at least the
 *   scores' pages: where first touches of fresh memory are slow (page faults), that floor shows.
 * - "kernel / full": the same call writing into result buffers it was handed back (`into`, as the
 *   worker pool reuses them): the kernel's work alone.
 * The targets (issue 13) apply to "call / full": time over full within 2× the cost model's FLOP
 * ratio plus 0.05; sliding window r = 128 at n = 4096 at most 0.17; causal given as a mask at most 0.6.
 * Masks are given as the 0/1 Matrix of the public contract unless the name says "pattern".
 */
import os from 'node:os';
import { attentionRowBlock, scaledDotProductAttention, type AttentionOptions, type Matrix } from '../lib/attention';
import { computeMaskCost, explorerMaskMatrix, type ExplorerPattern } from '../lib/calculators/maskExplorer';
import { setKernelPreference } from '../lib/kernels/activeKernels';
import { wasmSimdAvailable } from '../lib/kernels/wasmSimdKernel';
import type { MaskPattern } from '../lib/masks';
import { randomNormalMatrix } from '../lib/random';

const QUICK = process.argv.includes('--quick');
const n = QUICK ? 1024 : 4096;
const d = 64;
/** Stop taking more pairs of one case after this much time. */
const BUDGET_MS = QUICK ? 3000 : 8000;
const MAX_PAIRS = 5;

type Given = 'mask' | 'pattern' | 'flag';
const cases: { name: string; pattern: ExplorerPattern; given: Given; target?: { limit: number; why: string } }[] = [
  { name: 'causal (mask)', pattern: { kind: 'causal' }, given: 'mask', target: { limit: 0.6, why: 'causal mask ≤ 0.6' } },
  { name: 'causal (flag)', pattern: { kind: 'causal' }, given: 'flag' },
  { name: 'padding 50%', pattern: { kind: 'padding', validFraction: 0.5 }, given: 'mask' },
  { name: 'sliding window r=128', pattern: { kind: 'slidingWindow', radius: 128 }, given: 'mask', target: { limit: 0.17, why: 'r=128 at n=4096 ≤ 0.17' } },
  { name: 'sliding window r=128 (pattern)', pattern: { kind: 'slidingWindow', radius: 128 }, given: 'pattern', target: { limit: 0.17, why: 'r=128 at n=4096 ≤ 0.17' } },
  { name: 'dilated r=64 ×2', pattern: { kind: 'dilatedWindow', radius: 64, dilation: 2 }, given: 'mask' },
  { name: 'global [0] + local r=128', pattern: { kind: 'globalLocal', radius: 128, globalTokens: [0] }, given: 'mask' },
  {
    name: 'block sparse 64, w1 g1 r3',
    pattern: { kind: 'blockSparse', blockSize: 64, windowBlocks: 1, globalBlocks: 1, randomBlocks: 3, seed: 1 },
    given: 'mask',
  },
  { name: 'strided 64', pattern: { kind: 'strided', stride: 64 }, given: 'mask' },
  { name: 'strided 64 (pattern)', pattern: { kind: 'strided', stride: 64 }, given: 'pattern' },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternates full and masked runs; medians of each. One warm-up pair first. */
function timePairs(full: () => unknown, masked: () => unknown): { fullMs: number; maskedMs: number; pairs: number } {
  full();
  masked();
  const fulls: number[] = [];
  const maskeds: number[] = [];
  const start = performance.now();
  while (fulls.length < MAX_PAIRS && (fulls.length < 3 || performance.now() - start < BUDGET_MS)) {
    let t = performance.now();
    full();
    fulls.push(performance.now() - t);
    t = performance.now();
    masked();
    maskeds.push(performance.now() - t);
  }
  return { fullMs: median(fulls), maskedMs: median(maskeds), pairs: fulls.length };
}

function main(): void {
  setKernelPreference('auto');
  console.log(`Mask patterns — node ${process.version}, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load ${os.loadavg()[0].toFixed(1)}`);
  console.log(`n = ${n}, d = ${d}, float32, one thread; WebAssembly SIMD ${wasmSimdAvailable() ? 'available' : 'NOT available'}.\n`);

  const mk = (seed: number): Matrix => randomNormalMatrix(seed, n, d, { float32: true });
  const q = mk(1);
  const k = mk(2);
  const v = mk(3);
  const into = { scores: new Float32Array(n * n), weights: new Float32Array(n * n), output: new Float32Array(n * d) };

  const header = ['pattern', 'density', 'model FLOP ratio', 'full ms', 'call ms', 'call / full', 'kernel / full', 'target', 'call', 'kernel'];
  const rows: string[][] = [];
  const started = performance.now();
  for (const c of cases) {
    const mask = c.given === 'mask' ? explorerMaskMatrix(n, c.pattern) : undefined;
    const opts: AttentionOptions = c.given === 'flag' ? { causal: true } : mask ? { mask } : { mask: c.pattern as MaskPattern };
    const cost = computeMaskCost({ n, d, heads: 1, precision: 'fp32', pattern: c.pattern });
    try {
      scaledDotProductAttention(q, k, v, opts);
    } catch (err) {
      // A core from before masks could be patterns (kept so this file can time an older checkout).
      rows.push([c.name, cost.pattern.density.toFixed(4), cost.flopRatio.toFixed(4), '—', '—', '—', '—', 'not supported', '—', '—']);
      process.stdout.write(`  ${c.name}: not supported (${err instanceof Error ? err.message.slice(0, 60) : String(err)})\n`);
      continue;
    }
    const call = timePairs(
      () => scaledDotProductAttention(q, k, v),
      () => scaledDotProductAttention(q, k, v, opts),
    );
    const kernel = timePairs(
      () => attentionRowBlock(q, k, v, { rowOffset: 0, into }),
      () => attentionRowBlock(q, k, v, { ...opts, rowOffset: 0, into }),
    );
    const ratio = call.maskedMs / call.fullMs;
    const kernelRatio = kernel.maskedMs / kernel.fullMs;
    const modelLimit = 2 * cost.flopRatio + 0.05;
    let limit = modelLimit;
    let why = `2×model+0.05`;
    if (c.target && (c.target.limit < limit || c.name.startsWith('causal'))) {
      // Sliding r = 128 at n = 4096 has its own target (only at that n); causal given as a mask too.
      if (!c.name.startsWith('sliding') || n === 4096) {
        limit = Math.min(limit, c.target.limit);
        why = c.target.why;
      }
    }
    rows.push([
      c.name,
      cost.pattern.density.toFixed(4),
      cost.flopRatio.toFixed(4),
      call.fullMs.toFixed(0),
      call.maskedMs.toFixed(0),
      ratio.toFixed(2),
      kernelRatio.toFixed(2),
      `≤ ${limit.toFixed(2)} (${why})`,
      ratio <= limit ? 'PASS' : 'FAIL',
      kernelRatio <= limit ? 'PASS' : 'FAIL',
    ]);
    process.stdout.write(`  measured ${c.name}: ${call.maskedMs.toFixed(0)} ms vs full ${call.fullMs.toFixed(0)} ms (${call.pairs} pairs)\n`);
  }

  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === 7 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log('');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
  const measured = rows.filter((r) => r[8] !== '—').length;
  const passed = (col: number) => rows.filter((r) => r[col] === 'PASS').length;
  console.log(`\nTargets met: ${passed(8)} of ${measured} by the call, ${passed(9)} of ${measured} by the kernel. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  console.log('"model FLOP ratio" is lib/costModel.ts counting only allowed pairs. "call / full": scaledDotProductAttention into fresh');
  console.log('result buffers; "kernel / full": into buffers handed back, i.e. without first touches of fresh memory.');
  console.log('The targets are issue 13\'s, stated for the call; "kernel" applies the same limit to the kernel\'s ratio.');
}

main();
