/**
 * Part of `npm run build`, last (after csp-meta.ts, so the pages' revisions hash their final
 * HTML): bundles lib/serviceWorker/serviceWorker.ts with Workbox into out/sw.js, and injects the
 * list of files to precache, each with a hash of its content (workbox-build's injectManifest,
 * with lib/serviceWorker/precachePlan.ts deciding what goes in and under which URL). Prints what
 * the precache holds and fails if any file would be left out (Workbox leaves out files over its
 * size limit with only a warning, and a page missing offline is a bug).
 *
 * Usage: node --import tsx scripts/service-worker.ts [out]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { injectManifest, type ManifestEntry } from 'workbox-build';
import { isContentHashed, precacheTotals, precacheUrl } from '../lib/serviceWorker/precachePlan';

const outDir = process.argv[2] ?? 'out';
if (!existsSync(join(outDir, 'index.html'))) {
  console.error(`service-worker: ${outDir}/index.html is missing. Run next build first.`);
  process.exit(1);
}
const buildId = existsSync('.next/BUILD_ID') ? readFileSync('.next/BUILD_ID', 'utf8').trim() : 'unknown';

const work = mkdtempSync(join(tmpdir(), 'attention-lab-sw-'));
try {
  const bundled = join(work, 'sw.js');
  await build({
    entryPoints: ['lib/serviceWorker/serviceWorker.ts'],
    outfile: bundled,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    // Workbox logs only in development builds; this drops its logging code.
    define: { 'process.env.NODE_ENV': '"production"', ATTENTION_LAB_BUILD: JSON.stringify(buildId) },
    logLevel: 'warning',
  });

  let precached: { url: string; size: number }[] = [];
  const planned = async (entries: (ManifestEntry & { size: number })[]) => {
    const manifest = entries.flatMap((entry) => {
      const url = precacheUrl(entry.url);
      if (url === null) return [];
      return [{ url, revision: isContentHashed(url) ? null : entry.revision, size: entry.size }];
    });
    precached = manifest.map(({ url, size }) => ({ url, size }));
    return { manifest, warnings: [] };
  };

  const started = performance.now();
  const { warnings } = await injectManifest({
    swSrc: bundled,
    swDest: join(outDir, 'sw.js'),
    globDirectory: outDir,
    globPatterns: ['**/*'],
    // Pages are about a megabyte each today; a limit well above that, so none is dropped.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    manifestTransforms: [planned],
  });
  if (warnings.length > 0) {
    console.error(`service-worker: ${warnings.join('\n')}`);
    process.exit(1);
  }

  const totals = precacheTotals(precached);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const kinds = Object.entries(totals.byKind)
    .filter(([, kind]) => kind.entries > 0)
    .map(([name, kind]) => `${name} ${kind.entries} (${mb(kind.bytes)})`)
    .join(', ');
  console.log(
    `service-worker: ${outDir}/sw.js (build ${buildId}) precaches ${totals.entries} files, ${mb(totals.bytes)}: ${kinds} [${Math.round(performance.now() - started)} ms]`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
