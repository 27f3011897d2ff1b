/**
 * Lighthouse against the built export (run `npm run build` first), in Lighthouse's default mobile
 * profile (simulated slow 4G and a 4× slower CPU), served compressed by scripts/serve.mjs as
 * `npm start` serves it, in Debian's Chromium (scripts/find-chromium.ts).
 *
 *   npm run bench:lighthouse   home, two lessons, one calculator page and /practice, 3 runs each
 *                              (LIGHTHOUSE_RUNS), against the issue's targets: prints each page's
 *                              median and spread and PASS/FAIL. Never fails: on a shared machine
 *                              the score moves with the load. `-- --all` takes every lesson and
 *                              calculator page too (about 10 minutes).
 *   npm run lighthouse:ci      (part of `npm test`) home and a calculator page, one run each,
 *                              against CI_FLOORS (lib/build/lighthouseTargets.ts): exits 1
 *                              naming every figure out of bounds. About 30-60 s on 2 idle
 *                              cores (a run took up to 110 s at load average 27).
 *
 * Chromium may resolve no host but 127.0.0.1, so nothing is fetched from the internet (Lighthouse
 * itself requests only the page and its files). LIGHTHOUSE_PORT picks the port (default 4322).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import {
  CI_FLOORS,
  TARGETS,
  formatFigure,
  medianFigures,
  misses,
  pageKind,
  type Figure,
  type LighthouseFigures,
  type Limits,
} from '../lib/build/lighthouseTargets';
import { findChromium } from './find-chromium';

const OUT = 'out';
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 4322);
const BASE = `http://127.0.0.1:${PORT}`;
const ci = process.argv.includes('--ci');
const all = process.argv.includes('--all');
const RUNS = ci ? 1 : Number(process.env.LIGHTHOUSE_RUNS ?? 3);

/** The issue's five pages; the lessons are the heaviest and a light one. */
const BENCH_PAGES = ['/', '/lessons/scaled-dot-product-attention/', '/lessons/what-is-attention/', '/calculators/step-through/', '/practice/'];
/**
 * Cheap enough for every CI run: home and a calculator page, whose CLS meets its target. Lessons
 * wait for their static prose; /practice still shifts (CLS 0.11-0.26). Add them when they pass.
 */
const CI_PAGES = ['/', '/calculators/step-through/'];

function everyPage(): string[] {
  const under = (dir: string) =>
    readdirSync(join(OUT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(OUT, dir, entry.name, 'index.html')))
      .map((entry) => `/${dir}/${entry.name}/`)
      .sort();
  return ['/', ...under('lessons'), ...under('calculators'), '/practice/'];
}

async function waitForServer(server: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) throw new Error(`the static server exited (${server.exitCode})`);
    try {
      if ((await fetch(`${BASE}/`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the static server did not start');
}

async function run(url: string, port: number): Promise<LighthouseFigures> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const audit = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (typeof value !== 'number') throw new Error(`Lighthouse has no ${id} for ${url}`);
    return value;
  };
  return {
    score: Math.round((lhr.categories.performance.score ?? 0) * 100),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
  };
}

const FIGURES: Figure[] = ['score', 'lcpMs', 'tbtMs', 'cls'];
const HEADERS: Record<Figure, string> = { score: 'perf', lcpMs: 'LCP', tbtMs: 'TBT', cls: 'CLS' };

function cell(figure: Figure, runs: LighthouseFigures[], limits: Limits): string {
  const values = runs.map((r) => r[figure]);
  const middle = medianFigures(runs)[figure];
  const spread = runs.length > 1 ? ` (${formatFigure(figure, Math.min(...values))}–${formatFigure(figure, Math.max(...values))})` : '';
  const sign = figure === 'score' ? '≥' : '≤';
  return `${formatFigure(figure, middle)}${spread} ${sign} ${formatFigure(figure, limits[figure])}`;
}

async function main(): Promise<void> {
  if (!existsSync(join(OUT, 'index.html'))) {
    console.error('lighthouse: out/index.html is missing. Build the site first: npm run build');
    process.exit(1);
  }
  const pages = ci ? CI_PAGES : all ? everyPage() : BENCH_PAGES;
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(PORT)], { stdio: ['ignore', 'ignore', 'inherit'] });
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  let failed = false;
  try {
    await waitForServer(server);
    const encoding = (await fetch(`${BASE}/`, { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding');
    if (!encoding) throw new Error('the static server sent the page uncompressed; the targets are for a compressed site');
    chrome = await chromeLauncher.launch({
      chromePath: findChromium(),
      chromeFlags: ['--headless=new', '--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const [load1, load5] = loadavg();
    console.log(
      `Lighthouse, default mobile profile, ${pages.length} pages × ${RUNS} run${RUNS > 1 ? 's' : ''}, ${ci ? 'against the CI floors' : 'against the targets'}` +
        ` (served ${encoding}; load average ${load1.toFixed(1)} / ${load5.toFixed(1)})\n`,
    );
    const rows: string[][] = [];
    for (const path of pages) {
      const kind = pageKind(path);
      if (!kind) throw new Error(`no targets for ${path}`);
      const limits = (ci ? CI_FLOORS : TARGETS)[kind];
      const runs: LighthouseFigures[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run(`${BASE}${path}`, chrome.port));
      const missed = misses(medianFigures(runs), limits);
      if (missed.length > 0) failed = true;
      rows.push([path, ...FIGURES.map((figure) => cell(figure, runs, limits)), missed.length === 0 ? 'PASS' : `FAIL: ${missed.join(', ')}`]);
      if (!ci && RUNS > 1) console.log(`  ${path}: ${runs.map((r) => `${r.score}`).join(', ')}`);
    }
    const header = ['page', ...FIGURES.map((f) => HEADERS[f]), ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`);
    if (!ci && RUNS > 1) console.log('\nEach figure: median (min–max over runs) and its limit.');
    if (ci && failed) {
      console.error('\nlighthouse:ci: a page is under its floor (lib/build/lighthouseTargets.ts, CI_FLOORS).');
      process.exitCode = 1;
    }
  } finally {
    await chrome?.kill();
    server.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
