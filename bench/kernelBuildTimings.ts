/**
 * The plain and relaxed SIMD builds of the kernel timed against each other in one engine, in
 * interleaved rounds (plain, relaxed, plain, …) so a shared machine's load falls on both alike.
 * Runs in Node (bench/attention.bench.ts, bench/kernelBuilds.browser.bench.ts) and in a
 * Chromium worker (bench/kernelBuilds.worker.ts); it touches no Node or DOM API.
 */
import { scaledDotProductAttention, type Matrix } from '../lib/attention';
import { relaxedSimdSupported } from '../lib/kernels/relaxedSimd';
import { sdpaKernelFor } from '../lib/kernels/activeKernels';
import type { SdpaBlockJob } from '../lib/kernels/sdpaKernel';
import { setWasmKernelBuild, wasmKernelBuild, wasmMatmulKernel, wasmSdpaKernel, type WasmKernelBuild } from '../lib/kernels/wasmSimdKernel';
import { randomNormalMatrix } from '../lib/random';

export interface BuildCase {
  name: string;
  /** Floating-point operations of one call (a multiply-add counts 2). */
  flops: number;
  /** Median ms of one call per build; absent for a build this engine cannot run. */
  ms: Partial<Record<WasmKernelBuild, number>>;
  /** Fastest call per build: on a loaded machine, the closest to what each build can do. */
  best: Partial<Record<WasmKernelBuild, number>>;
}

export interface BuildTimings {
  /** The build 'auto' picks here. */
  chosen: WasmKernelBuild | null;
  /** The kernel scaledDotProductAttention's float32 job runs on here. */
  sdpaKernel: string;
  relaxedSupported: boolean;
  cases: BuildCase[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function timeInterleaved(builds: readonly WasmKernelBuild[], rounds: number, call: () => void): Pick<BuildCase, 'ms' | 'best'> {
  const samples: Partial<Record<WasmKernelBuild, number[]>> = {};
  for (const build of builds) {
    setWasmKernelBuild(build);
    call(); // compile, grow memory, warm the code
    samples[build] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const build of builds) {
      setWasmKernelBuild(build);
      const t0 = performance.now();
      call();
      samples[build]!.push(performance.now() - t0);
    }
  }
  setWasmKernelBuild('auto');
  const ms: BuildCase['ms'] = {};
  const best: BuildCase['best'] = {};
  for (const build of builds) {
    ms[build] = median(samples[build]!);
    best[build] = Math.min(...samples[build]!);
  }
  return { ms, best };
}

/** SDPA (d = 64, float32, one thread, through scaledDotProductAttention) at each n, and a 512³ matmul. */
export function timeKernelBuilds({ sizes = [1024], rounds = 15 }: { sizes?: number[]; rounds?: number } = {}): BuildTimings {
  setWasmKernelBuild('auto');
  const chosen = wasmKernelBuild();
  const builds: WasmKernelBuild[] = relaxedSimdSupported() ? ['plain', 'relaxed'] : ['plain'];
  const cases: BuildCase[] = [];
  const d = 64;
  let sdpaKernel = 'none';
  for (const n of sizes) {
    const [q, k, v] = [1, 2, 3].map((seed) => randomNormalMatrix(seed, n, d, { float32: true })) as [Matrix, Matrix, Matrix];
    // The kernel alone, into buffers it wrote before: what the two builds change, without the
    // public call's fresh result memory.
    const job: SdpaBlockJob = {
      q: q.data, k: k.data, v: v.data, rowCount: n, nk: n, d, dv: d, rowOffset: 0, scale: 1 / Math.sqrt(d), mask: null, causal: false,
      scores: new Float32Array(n * n), weights: new Float32Array(n * n), output: new Float32Array(n * d),
    };
    sdpaKernel = sdpaKernelFor(job).name;
    cases.push({ name: `sdpa kernel n=${n} d=${d} full`, flops: 4 * n * n * d, ...timeInterleaved(builds, rounds, () => wasmSdpaKernel.run(job)) });
    for (const causal of [false, true]) {
      const pairs = causal ? (n * (n + 1)) / 2 : n * n;
      cases.push({
        name: `sdpa n=${n} d=${d} ${causal ? 'causal' : 'full'}`,
        flops: 4 * pairs * d,
        ...timeInterleaved(builds, rounds, () => scaledDotProductAttention(q, k, v, { causal })),
      });
    }
  }
  const m = 512;
  const a = randomNormalMatrix(4, m, m, { float32: true }).data as Float32Array;
  const b = randomNormalMatrix(5, m, m, { float32: true }).data as Float32Array;
  const out = new Float32Array(m * m);
  cases.push({ name: `matmul ${m}×${m}×${m}`, flops: 2 * m * m * m, ...timeInterleaved(builds, rounds, () => wasmMatmulKernel.matmul(a, b, m, m, m, out)) });
  return { chosen, sdpaKernel, relaxedSupported: builds.length === 2, cases };
}

/** plain over relaxed time, i.e. relaxed's speed-up; NaN when a build is missing. */
export function relaxedSpeedup(times: Partial<Record<WasmKernelBuild, number>>): number {
  return times.plain !== undefined && times.relaxed !== undefined ? times.plain / times.relaxed : NaN;
}

const ratioText = (r: number) => (Number.isNaN(r) ? '—' : `${r.toFixed(2)}×`);

/** Table lines: per case, each build's median ms (GFLOP/s), relaxed's speed-up by medians and by fastest calls. */
export function formatBuildTimings(engine: string, timings: BuildTimings): string[] {
  const cell = (c: BuildCase, build: WasmKernelBuild) => {
    const ms = c.ms[build];
    return ms === undefined ? '—' : `${ms.toFixed(2)} ms (${(c.flops / (ms * 1e6)).toFixed(1)} GFLOP/s)`;
  };
  return timings.cases.map(
    (c) => `${engine.padEnd(22)}${c.name.padEnd(30)}${cell(c, 'plain').padEnd(28)}${cell(c, 'relaxed').padEnd(28)}${ratioText(relaxedSpeedup(c.ms)).padEnd(10)}${ratioText(relaxedSpeedup(c.best))}`,
  );
}

export const BUILD_TABLE_HEADER = `${'engine'.padEnd(22)}${'case'.padEnd(30)}${'plain SIMD, median'.padEnd(28)}${'relaxed SIMD, median'.padEnd(28)}${'speed-up'.padEnd(10)}speed-up of fastest calls`;
