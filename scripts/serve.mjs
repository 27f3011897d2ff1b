#!/usr/bin/env node
/**
 * Serves the static export in out/ on 127.0.0.1 only (a study site has no reason to be reachable
 * from the network) with `serve`, quietly: no update check against the registry, no clipboard.
 * Unknown paths get out/404.html, which `serve` picks up by itself.
 *
 * Usage: node scripts/serve.mjs [--port 3000]   (or PORT=3000)
 * Used by `npm start` and by the browser tests' webServer.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out');

const portFlag = process.argv.indexOf('--port');
const port = Number(portFlag >= 0 ? process.argv[portFlag + 1] : (process.env.PORT ?? 3000));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`serve.mjs: the port must be a whole number from 1 to 65535, got ${port}`);
  process.exit(2);
}

if (!existsSync(join(outDir, 'index.html'))) {
  console.error('serve.mjs: out/index.html is missing. Build the site first: npm run build');
  process.exit(1);
}

const require = createRequire(import.meta.url);
const serveBin = join(dirname(require.resolve('serve/package.json')), 'build', 'main.js');

// --no-etag: serve-handler 6.1.7 opens a file before it answers a revalidation and never closes it
// on a 304 (vercel/serve-handler#235), one file descriptor per 304 until the process dies with
// EMFILE, a few hundred page loads into a class on a default `ulimit -n`. With Last-Modified
// instead of ETag there is no 304 path: a revalidation gets the file again, and nothing leaks.
const child = spawn(
  process.execPath,
  [serveBin, '--no-clipboard', '--no-port-switching', '--no-etag', '--listen', `tcp://127.0.0.1:${port}`, outDir],
  { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_UPDATE_CHECK: '1' } },
);

console.log(`Attention Lab: http://127.0.0.1:${port}/  (Ctrl+C to stop)`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
