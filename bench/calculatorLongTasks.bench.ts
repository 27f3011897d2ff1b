/**
 * npm run bench:browser — the longest main-thread task while each calculator recomputes, in
 * Chromium against the built static export (run `npm run build` first; the script serves out/).
 *
 * For every calculator page it opens the page, then, with a long-task observer installed, switches
 * the first calculator through each of its presets (every switch recomputes in the worker pool and
 * redraws) and reports the longest task the observer saw, plus the longest in the page load. The
 * target is no task over 50 ms while a calculator recomputes. This prints figures, it does not
 * pass or fail: timings on a shared 2-core machine are too noisy for a test.
 *
 * The long-task API only reports tasks of 50 ms or more, so "< 50" means none was seen; the
 * trace-based figure (every task over 16 ms, from Chromium's timeline) says how much under.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium';

const PORT = 4321;
const BASE = `http://127.0.0.1:${PORT}`;

if (!existsSync('out/calculators/index.html')) {
  console.error('bench:browser: out/ has no calculator pages. Build first: npm run build');
  process.exit(1);
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the static server did not start');
}

async function longestTraceTask(page: Page, run: () => Promise<void>): Promise<number> {
  const path = join(tmpdir(), `attention-lab-trace-${process.pid}.json`);
  const browser = page.context().browser()!;
  await browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await run();
  await browser.stopTracing();
  const { traceEvents } = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: { name: string; pid: number; tid: number; dur?: number; args?: { name?: string } }[] };
  rmSync(path, { force: true });
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return NaN;
  return Math.max(0, ...traceEvents.filter((e) => e.name === 'RunTask' && e.pid === main.pid && e.tid === main.tid).map((e) => (e.dur ?? 0) / 1000));
}

async function main(): Promise<void> {
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(PORT)], { stdio: 'ignore' });
  try {
    await waitForServer();
    const browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const slugs = readdirSync('out/calculators', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const rows: string[][] = [];
    for (const slug of slugs) {
      const page = await browser.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __longest: number };
        w.__longest = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${BASE}/calculators/${slug}/`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1000);
      const loadLongest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
      await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
      const select = page.locator('.suite-calculator').first().getByRole('combobox', { name: 'Preset' });
      const presets = (await select.count()) ? await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)) : [];
      const traceLongest = await longestTraceTask(page, async () => {
        for (const preset of [...presets.slice(1), presets[0]]) {
          if (preset === undefined) continue;
          await select.selectOption(preset);
          await page.waitForTimeout(1500);
        }
      });
      const recomputeLongest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
      const fmt = (ms: number) => (ms >= 50 ? `${ms.toFixed(0)} ms` : '< 50 ms');
      rows.push([slug, String(presets.length), fmt(loadLongest), fmt(recomputeLongest), `${traceLongest.toFixed(1)} ms`]);
      process.stdout.write(`  measured ${slug}\n`);
      await page.close();
    }
    await browser.close();
    const header = ['calculator page', 'presets', 'longest task: load', 'longest task: recompute', 'longest task (trace): recompute'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
    console.log(`\nLongest main-thread task per calculator (Chromium, ${new Date().toISOString().slice(0, 10)}); target: none over 50 ms while recomputing.\n`);
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));
  } finally {
    server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
