/**
 * Every page of the static export, not a sample (issue 13): the list is read from out/ (every
 * index.html and 404.html), so a new lesson or calculator page is covered without editing this file.
 * One visit per page checks everything that holds for every page, so the suite loads each page
 * once for all of them (one test per page, so the two workers share them):
 * - the Content-Security-Policy (written into each page by scripts/csp-meta.ts) is there and blocks
 *   nothing the site itself does (`securitypolicyviolation` events, recorded from before the first
 *   script); separately, a calculator computes live, so the worker pool starts under it;
 * - no console error, no failed (4xx/5xx) or off-site request, no KaTeX error box;
 * - formulas are typeset as a reader sees them (support/typesetting.ts); lessons are read at
 *   390 px with every question answered, so each explanation is measured too, and nothing may push
 *   the page sideways;
 * - axe finds no serious or critical violations, with every calculator live; a lesson's
 *   calculators are scanned on their own calculator page, unless the lesson embeds a kind that has
 *   none. Moderate and minor findings are attached to the test as annotations, not failures: the
 *   suite's bar, as in site.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { axeScan } from './support/axeScan';
import { scrollToLive, watchErrors } from './support/calculatorPage';
import { builtHtml, exportedPages } from './support/exportedPages';
import { expectTypesetRight, revealExplanations, sticksOut } from './support/typesetting';

const PAGES = exportedPages();

/** The calculator kinds a page embeds (`data-calculator` of its prerendered calculators). */
function calculatorKinds(path: string): Set<string> {
  return new Set([...builtHtml(path).matchAll(/data-calculator="([^"]+)"/g)].map((m) => m[1]));
}

/**
 * Kinds scanned live on their own /calculators/ page. A lesson embedding only these is scanned
 * without its calculators: waking each of them took most of a lesson's 20 s, to check components
 * already checked, live, on a calculator page. A kind with no page of its own is woken and scanned.
 */
const KINDS_WITH_A_PAGE = new Set(PAGES.filter((p) => p.startsWith('/calculators/') && p !== '/calculators/').flatMap((p) => [...calculatorKinds(p)]));

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

test('a calculator computes live under the Content-Security-Policy', async ({ page }) => {
  const errors = watchErrors(page);
  await recordViolations(page);
  // The worker pool starts under the policy (worker-src; with worker-src 'none' this fails). The
  // kernel's WebAssembly compiles inside the worker.
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

test.describe('every page', () => {
  // A long lesson has thousands of nodes (formulas, questions) and several calculators to wake:
  // tens of seconds on a loaded 2-core machine.
  test.describe.configure({ mode: 'parallel', timeout: 120_000 });
  // Lessons, the longest, first: the two workers then end on short pages, together.
  const isLesson = (path: string) => /^\/lessons\/[^/]+\/$/.test(path);
  for (const path of [...PAGES.filter(isLesson), ...PAGES.filter((p) => !isLesson(p))]) {
    const lesson = isLesson(path);
    test(`${path}: its policy blocks nothing, no errors, formulas typeset${lesson ? ' at 390 px with every explanation' : ''}, no serious axe violations`, async ({ page }, testInfo) => {
      // The longest lessons answer a dozen questions and axe thousands of nodes at phone width.
      if (lesson) test.slow();
      const errors = watchErrors(page);
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      await recordViolations(page);
      if (lesson) await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(path);

      const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(policy, `${path}: the policy`).toMatch(/default-src 'self'/);
      expect(policy).not.toMatch(/(^|\s)'unsafe-eval'/);
      await waitForHydration(page);
      await expect(page.locator('.katex-error'), 'formulas KaTeX could not typeset').toHaveCount(0);

      const lessonWithKnownKinds = lesson && [...calculatorKinds(path)].every((kind) => KINDS_WITH_A_PAGE.has(kind));
      // A deck shows one step at a time: the other steps' calculators are never near the viewport,
      // so they never hydrate here. Its live views are scanned by tests/e2e/present.spec.ts.
      const deck = path.startsWith('/present/') && path !== '/present/';
      const islandsCheckedElsewhere = lessonWithKnownKinds || deck;
      if (!islandsCheckedElsewhere) await wakeCalculators(page);

      await expectTypesetRight(page, path);
      if (lesson) {
        const questions = await revealExplanations(page);
        await expectTypesetRight(page, `${path} with ${questions} explanations shown`);
        expect(await sticksOut(page), `${path} at 390 px, every explanation shown`).toEqual([]);
      }

      const axe = axeScan(page);
      if (islandsCheckedElsewhere) axe.exclude('.suite-calculator');
      const { violations: found } = await axe.analyze();
      const describe = (v: (typeof found)[number]) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`;
      for (const v of found.filter((v) => v.impact === 'moderate' || v.impact === 'minor')) testInfo.annotations.push({ type: 'axe', description: describe(v) });
      expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe)).toEqual([]);

      expect(await violations(page), `${path}: CSP violations`).toEqual([]);
      expect({ errors, failed }).toEqual({ errors: [], failed: [] });
    });
  }
});
