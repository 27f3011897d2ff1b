/**
 * Every page of the static export, not a sample (issue 13): the list is read from out/ (every
 * index.html and 404.html), so a new lesson or calculator page is covered without editing this file.
 * - The Content-Security-Policy (written into each page by scripts/csp-meta.ts) blocks nothing the
 *   site itself does: one browser page walks them all, recording `securitypolicyviolation`
 *   events, and on one page a calculator computes live, so the worker pool starts under it.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { scrollToLive, watchErrors } from './support/calculatorPage';

const OUT = join(process.cwd(), 'out');

/** Site paths of the exported pages: out/a/b/index.html → /a/b/, out/404.html → /404.html. */
function exportedPages(dir = OUT): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '_next' ? [] : exportedPages(path);
    if (!entry.name.endsWith('.html')) return [];
    const site = `/${relative(OUT, path).split(sep).join('/')}`;
    return [site.endsWith('/index.html') ? site.slice(0, -'index.html'.length) : site];
  });
}

const PAGES = exportedPages().sort();

// A trace snapshots every page's DOM, which on 35 pages (some of 5,000+ elements) doubled this
// file's time; a failure here names the page and what was blocked or flagged instead.
test.use({ trace: 'off' });

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  page: string;
}

declare global {
  interface Window {
    __cspViolations?: Violation[];
  }
}

/** Records every CSP violation of the page, from before its first script runs. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations!.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        page: location.pathname,
      });
    });
  });
}

const violations = (page: Page) => page.evaluate(() => window.__cspViolations ?? []);

test('the export has pages to check', () => {
  expect(PAGES, 'pages found in out/ (build first)').toContain('/');
  expect(PAGES.filter((p) => p.startsWith('/lessons/')).length).toBeGreaterThan(1);
});

test('every page carries the Content-Security-Policy and nothing on it is blocked', async ({ page }) => {
  test.setTimeout(30_000 + PAGES.length * 3_000);
  const errors = watchErrors(page);
  await recordViolations(page);
  for (const path of PAGES) {
    await page.goto(path, { waitUntil: 'load' });
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy, `${path}: the policy`).toMatch(/default-src 'self'/);
    expect(policy).not.toMatch(/(^|\s)'unsafe-eval'/);
    expect(await violations(page), `${path}: CSP violations`).toEqual([]);
  }

  // A calculator computing live: the worker pool starts under the policy (worker-src; with
  // worker-src 'none' this part fails). The kernel's WebAssembly compiles inside the worker.
  await page.goto('/calculators/step-through/');
  const calc = await scrollToLive(page.locator('#walkthrough'));
  await calc.getByRole('button', { name: 'Next →' }).click();
  await calc.getByRole('button', { name: 'Next →' }).click();
  const cell = calc.getByRole('table', { name: 'L = S · scale / T' }).getByRole('button', { name: /^sat, cat:/ });
  const before = await cell.textContent();
  await calc.getByLabel('Temperature').fill('2');
  await calc.getByLabel('Temperature').press('Tab');
  await expect(calc).toHaveAttribute('data-result', 'live', { timeout: 20_000 });
  await expect(cell).not.toHaveText(before!);
  await expect(cell).toHaveText(/^−?\d+(\.\d+)?$/);
  expect(await violations(page), 'CSP violations while computing').toEqual([]);
  expect(errors).toEqual([]);
});
