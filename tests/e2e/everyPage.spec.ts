/**
 * Every page of the static export, not a sample (issue 13): the list is read from out/ (every
 * index.html and 404.html), so a new lesson or calculator page is covered without editing this file.
 * - The Content-Security-Policy (written into each page by scripts/csp-meta.ts) blocks nothing the
 *   site itself does: one browser page walks them all, recording `securitypolicyviolation`
 *   events, and on one page a calculator computes live, so the worker pool starts under it.
 * - axe finds no serious or critical violations on any of them, with every calculator live (one
 *   test per page, so the two workers share them); a lesson's calculators are scanned on their
 *   own calculator page, unless the lesson embeds a kind that has none. Moderate and minor findings are attached to
 *   the test as annotations, not failures: the suite's bar, as in site.spec.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
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

/** The calculator kinds a page embeds (`data-calculator` of its prerendered calculators). */
function calculatorKinds(path: string): Set<string> {
  const file = join(OUT, path.endsWith('/') ? `${path}index.html` : path);
  return new Set([...readFileSync(file, 'utf8').matchAll(/data-calculator="([^"]+)"/g)].map((m) => m[1]));
}

/**
 * Kinds scanned live on their own /calculators/ page. A lesson embedding only these is scanned
 * without its calculators: waking each of them took most of a lesson's 20 s, to check components
 * already checked, live, on a calculator page. A kind with no page of its own is woken and scanned.
 */
const KINDS_WITH_A_PAGE = new Set(PAGES.filter((p) => p.startsWith('/calculators/') && p !== '/calculators/').flatMap((p) => [...calculatorKinds(p)]));

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

async function waitForHydration(page: Page): Promise<void> {
  // The toggle's aria-pressed is absent in the prerendered HTML and set once React has hydrated.
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/);
}

/**
 * Brings every calculator into view, as a reader scrolling down would, and waits until all are
 * live. Before that their controls are disabled, and axe counts nothing inside a disabled
 * fieldset as focusable, so it would flag their scroll boxes.
 */
async function wakeCalculators(page: Page): Promise<void> {
  for (const calculator of await page.locator('section[data-calculator]').all()) await calculator.scrollIntoViewIfNeeded();
  await expect(page.locator('fieldset.calculator-live:disabled')).toHaveCount(0, { timeout: 60_000 });
}

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

test.describe('axe', () => {
  // A long lesson has thousands of nodes (formulas, questions) and several calculators to wake:
  // tens of seconds on a loaded 2-core machine.
  test.describe.configure({ mode: 'parallel', timeout: 120_000 });
  for (const path of PAGES) {
    test(`${path} has no serious or critical axe violations`, async ({ page }, testInfo) => {
      const errors = watchErrors(page);
      await page.goto(path);
      await waitForHydration(page);
      const lessonWithKnownKinds = path.startsWith('/lessons/') && [...calculatorKinds(path)].every((kind) => KINDS_WITH_A_PAGE.has(kind));
      if (!lessonWithKnownKinds) await wakeCalculators(page);
      // Only violations: listing every passing node's selector is most of a long lesson's scan time.
      const axe = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
      if (lessonWithKnownKinds) axe.exclude('.suite-calculator');
      const { violations: found } = await axe.analyze();
      const describe = (v: (typeof found)[number]) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`;
      for (const v of found.filter((v) => v.impact === 'moderate' || v.impact === 'minor')) testInfo.annotations.push({ type: 'axe', description: describe(v) });
      expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
