/**
 * npm run bundle:budget — after `npm run build`: prints every exported page's first-load JS
 * (gzipped, KiB; what counts is in lib/build/bundleBudget.ts) beside its budget and its figure in
 * bench/bundle-budget.json, and exits 1 when a page is over budget, naming the chunks that grew.
 *
 * Chunk files are named by content hash, so a grown chunk has a new name. Each chunk is therefore
 * named after what loads it: the client components ('use client' entries, from Next's client
 * reference manifests in .next/) whose chunk lists hold it, or "Next.js + React runtime" for the
 * root main files. Those names are what the baseline records and what a failure reports.
 *
 * Usage: node --import tsx scripts/bundle-budget.ts [--update]
 *   --update  rewrites the baseline figures (not the budgets) from this build: do it when a
 *             change is meant to add JavaScript, and say why in the commit.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { budgetFor, kib, pageScripts, whatGrew, type Budget, type ChunkSizes } from '../lib/build/bundleBudget';
import { exportedPages } from './exportedPages';

const OUT = 'out';
const NEXT = '.next';
const BASELINE_FILE = 'bench/bundle-budget.json';

interface BaselineFile {
  about: string;
  budgets: Budget[];
  /** Per page: first-load KiB and its chunks by name, from the build the file was last updated at. */
  baseline: Record<string, { firstLoadKb: number; chunks: ChunkSizes }>;
}

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}


const RUNTIME = 'Next.js + React runtime';

/** chunk URL (/_next/static/chunks/x.js) → the name it is reported under. */
function chunkNames(rootMainFiles: string[]): Map<string, string> {
  const loaders = new Map<string, Set<string>>();
  for (const manifest of files(join(NEXT, 'server', 'app'), (name) => name.endsWith('_client-reference-manifest.js'))) {
    const text = readFileSync(manifest, 'utf8');
    // `globalThis.__RSC_MANIFEST["/route/page"] = {…};`: the JSON after the last assignment.
    const json = text.slice(text.indexOf('] = ') + 4).replace(/;\s*$/, '');
    const { clientModules } = JSON.parse(json) as { clientModules: Record<string, { chunks: string[] }> };
    for (const [module, { chunks }] of Object.entries(clientModules)) {
      const name = module.replace(/^\[project\]\//, '').replace(/ \[.*$/, '');
      // A package's many entry files read as the package.
      const short = name.startsWith('node_modules/') ? name.split('/').slice(1, name.split('/')[1].startsWith('@') ? 3 : 2).join('/') : name;
      for (const chunk of chunks) {
        if (!loaders.has(chunk)) loaders.set(chunk, new Set());
        loaders.get(chunk)!.add(short);
      }
    }
  }
  const names = new Map<string, string>();
  for (const root of rootMainFiles) names.set(`/_next/${root}`, RUNTIME);
  for (const [chunk, modules] of loaders) {
    if (names.has(chunk)) continue;
    const sorted = [...modules].sort((a, b) => Number(a.includes('/')) - Number(b.includes('/')) || a.localeCompare(b));
    const own = sorted.filter((m) => m.includes('/'));
    const shown = own.length ? own : sorted;
    names.set(chunk, `loaded by ${shown.slice(0, 3).join(', ')}${shown.length > 3 ? ` +${shown.length - 3} more` : ''}`);
  }
  return names;
}

const gzipKb = new Map<string, number>();
function sizeOf(url: string): number {
  if (!gzipKb.has(url)) gzipKb.set(url, kib(gzipSync(readFileSync(join(OUT, url))).length));
  return gzipKb.get(url)!;
}

function main(): number {
  const update = process.argv.includes('--update');
  const file = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as BaselineFile;
  const { rootMainFiles } = JSON.parse(readFileSync(join(NEXT, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const names = chunkNames(rootMainFiles);
  const pages = exportedPages(OUT).map(({ file, route }) => ({ route, html: readFileSync(file, 'utf8') }));
  if (pages.length === 0) {
    console.error('bundle-budget: no pages in out/. Run npm run build first.');
    return 1;
  }

  const rows: string[][] = [['page', 'first-load JS', 'budget', 'baseline', 'lazy (calculators)']];
  const failures: string[] = [];
  const measured: BaselineFile['baseline'] = {};
  for (const { route, html } of pages) {
    const { firstLoad, lazy } = pageScripts(html, rootMainFiles);
    const chunks: ChunkSizes = {};
    for (const url of firstLoad) {
      const name = names.get(url) ?? `chunk ${url.split('/').pop()}`;
      chunks[name] = kib((chunks[name] ?? 0) * 1024 + sizeOf(url) * 1024);
    }
    const total = kib(firstLoad.reduce((sum, url) => sum + sizeOf(url) * 1024, 0));
    const lazyTotal = kib(lazy.reduce((sum, url) => sum + sizeOf(url) * 1024, 0));
    measured[route] = { firstLoadKb: total, chunks };
    const budget = budgetFor(route, file.budgets);
    const before = file.baseline[route];
    rows.push([
      route,
      `${total.toFixed(1)} KiB`,
      budget ? `${budget.kb} KiB (${budget.name})` : 'none',
      before ? `${before.firstLoadKb.toFixed(1)} KiB` : 'new page',
      `${lazyTotal.toFixed(1)} KiB`,
    ]);
    if (budget && total > budget.kb) {
      const grew = whatGrew(chunks, before?.chunks)
        .slice(0, 5)
        .map((g) => `    ${g.baselineKb === undefined ? 'new' : `+${(g.kb - g.baselineKb).toFixed(1)} KiB`}: ${g.chunk} (${g.kb.toFixed(1)} KiB)`);
      failures.push(
        [
          `${route}: ${total.toFixed(1)} KiB of first-load JS, over its ${budget.name} budget of ${budget.kb} KiB` +
            (before ? ` (baseline ${before.firstLoadKb.toFixed(1)} KiB).` : ' (no baseline for this page).'),
          grew.length ? `  What grew against ${BASELINE_FILE}, largest first:` : '  No chunk grew against the baseline: the budget is below it.',
          ...grew,
        ].join('\n'),
      );
    }
  }

  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  console.log('First-load JS: gzipped <script src> files of the page (no nomodule polyfills) and the runtime files Next preloads; lazy: the calculators\' preloaded chunks, not budgeted.');

  if (update) {
    writeFileSync(BASELINE_FILE, `${JSON.stringify({ ...file, baseline: measured }, null, 2)}\n`);
    console.log(`bundle-budget: baseline figures of ${pages.length} pages written to ${BASELINE_FILE}`);
  }
  if (failures.length) {
    console.error(`\nbundle-budget: ${failures.length} ${failures.length === 1 ? 'page is' : 'pages are'} over budget.\n${failures.join('\n')}`);
    return 1;
  }
  console.log(`bundle-budget: all ${pages.length} pages within budget.`);
  return 0;
}

process.exit(main());
