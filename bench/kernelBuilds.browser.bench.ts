/**
 * npm run bench:kernel-browser — the kernel's relaxed SIMD build against its plain SIMD build, in
 * Chromium (which ships relaxed SIMD) and in this Node, each pair measured in the same run.
 *
 * Chromium: the kernel and its timing loop (bench/kernelBuildTimings.ts) are bundled with esbuild
 * and run in a dedicated worker, as the site's pool runs them, on a one-page origin that Playwright
 * serves from memory (page.route), so nothing is built or fetched. Node 20 has relaxed SIMD only
 * behind --experimental-wasm-relaxed-simd: its row says which build the site would pick by default
 * and times both with the flag turned on.
 *
 * Ratios are relaxed over plain (higher is better) within one engine and one run; the machine is
 * shared, so `--repeat N` runs the Chromium measurement N times on fresh pages to show the spread.
 * Target (issue 13): relaxed ≥ 1.4× plain in Chromium at n = 1024, full.
 */
import { setFlagsFromString } from 'node:v8';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium';
import { RELAXED_MADD_PROBE } from '../lib/kernels/relaxedSimd';
import { BUILD_TABLE_HEADER, formatBuildTimings, relaxedSpeedup, timeKernelBuilds, type BuildTimings } from './kernelBuildTimings';

const ORIGIN = 'http://kernel-bench.localhost';
const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const repeat = argument('--repeat', 3);
const rounds = argument('--rounds', 15);
const sizes = process.argv.includes('--full') ? [256, 1024, 2048] : [1024];
const TARGET = 1.4;

async function workerSource(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./kernelBuilds.worker.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

async function timeInChromium(source: string): Promise<{ version: string; runs: BuildTimings[] }> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
  try {
    const runs: BuildTimings[] = [];
    for (let run = 0; run < repeat; run++) {
      const page = await browser.newPage();
      await page.route(`${ORIGIN}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/worker.js') return route.fulfill({ contentType: 'text/javascript', body: source });
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>kernel builds</title>' });
      });
      await page.goto(`${ORIGIN}/`);
      const reply = await page.evaluate(
        (message) =>
          new Promise<{ ok: boolean; timings?: BuildTimings; error?: string }>((resolve) => {
            const worker = new Worker('/worker.js');
            worker.onmessage = (event) => resolve(event.data);
            worker.onerror = (event) => resolve({ ok: false, error: event.message });
            worker.postMessage(message);
          }),
        { sizes, rounds },
      );
      await page.close();
      if (!reply.ok || !reply.timings) throw new Error(`the Chromium worker failed: ${reply.error}`);
      runs.push(reply.timings);
    }
    return { version: browser.version(), runs };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const nodeDefault = WebAssembly.validate(RELAXED_MADD_PROBE);
  const source = await workerSource();
  console.log(`Kernel builds — relaxed SIMD (f32x4.relaxed_madd) against plain SIMD; d = 64, float32, one thread, median of ${rounds} interleaved rounds.\n`);
  const chromiumRuns = await timeInChromium(source);
  if (!nodeDefault) setFlagsFromString('--experimental-wasm-relaxed-simd');
  const node = timeKernelBuilds({ sizes, rounds });

  console.log(`Chromium ${chromiumRuns.version}: relaxed SIMD ${chromiumRuns.runs[0].relaxedSupported ? 'supported' : 'NOT supported'}, 'auto' picks ${chromiumRuns.runs[0].chosen}; float32 SDPA runs on the ${chromiumRuns.runs[0].sdpaKernel} kernel`);
  console.log(`Node ${process.version}: relaxed SIMD ${nodeDefault ? 'on by default' : 'off by default (so the site\'s Node path runs plain; timed here with --experimental-wasm-relaxed-simd)'}\n`);
  console.log(BUILD_TABLE_HEADER);
  chromiumRuns.runs.forEach((timings, i) => formatBuildTimings(`chromium, run ${i + 1}`, timings).forEach((line) => console.log(line)));
  formatBuildTimings(`node ${process.version}${nodeDefault ? '' : ' +flag'}`, node).forEach((line) => console.log(line));

  const name = 'sdpa kernel n=1024 d=64 full';
  const cases = chromiumRuns.runs.map((t) => t.cases.find((c) => c.name === name)!);
  const medians = cases.map((c) => relaxedSpeedup(c.ms));
  const bests = cases.map((c) => relaxedSpeedup(c.best));
  const middle = [...medians].sort((a, b) => a - b)[Math.floor(medians.length / 2)];
  const list = (rs: number[]) => rs.map((r) => `${r.toFixed(2)}×`).join(', ');
  console.log(`\nTarget: ${middle >= TARGET ? 'met ' : 'MISS'}  relaxed ≥ ${TARGET}× plain in Chromium at n = 1024 (the kernel, full): median over runs ${middle.toFixed(2)}× (runs: ${list(medians)}; fastest calls: ${list(bests)})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
