/**
 * Browser tests run against the static export in out/ (built by `npm run test:e2e` first), served
 * by the same script as `npm start`, in the system's Chromium (see scripts/find-chromium.ts).
 * Reports and traces go to the system's temp directory, never into the repository.
 */

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './scripts/find-chromium';

const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: join(tmpdir(), 'attention-lab-playwright'),
  reporter: 'list',
  fullyParallel: true,
  // Two browsers at once: enough on a 2-core CI machine, and the static server is never the limit.
  workers: 2,
  forbidOnly: !!process.env.CI,
  // One retry: on the shared 2-core machine a page very rarely stalls (stop 26's CI: a button never
  // "stable" for 30 s, not reproduced in 46 runs under load). A retried pass is still printed as
  // "flaky" in the summary, so it stays visible; a real failure fails twice.
  retries: 1,
  timeout: 30_000,
  use: {
    baseURL,
    // No trace by default: recording one snapshots the DOM (and screenshots) at every action of
    // every test, kept or not, and that was ~40 % of the suite's time on 2 cores (calculator,
    // multi-head and step-through specs: 4.1 min with 'retain-on-failure', 2.0 min without). A
    // failure still leaves its screenshot and error; to debug one, rerun it with `--trace on`.
    trace: 'off',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    // The site's service worker would precache the whole export (tens of MB) in every test's fresh
    // context and could answer requests a spec mocks with page.route; only
    // tests/e2e/offline.spec.ts lets it run.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: findChromium(),
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The longest tests first, so that the two workers finish together: everyPage.spec.ts (one test
  // of 10-40 s per page) goes first, or its last lessons would run on one worker alone. The queue
  // follows the order of the projects.
  projects: [
    { name: 'every page', testMatch: 'everyPage.spec.ts' },
    { name: 'chromium', testIgnore: 'everyPage.spec.ts' },
  ],
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    url: `${baseURL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
