/**
 * The first numbers come with the page (issue 12): the build precomputes each calculator's example
 * and the page carries it, so numbers are on screen while the worker has not even loaded; the
 * first change is then computed live. A calculator far down the page keeps its prerendered HTML
 * and hydrates only when the reader scrolls near it, without moving anything.
 * Timing targets live in `npm run bench:browser`, not here.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';

/** Holds every request for the attention worker's script until `release()`. */
async function holdWorkerScript(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.context().route(/turbopack-worker-[^/]*\.js$/, (route) => (released ? route.continue() : void held.push(route)));
  return {
    requested: () => held.length,
    release: async () => {
      released = true;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

const hydrated = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactFiber')));

test('the example’s numbers are on screen before the worker answers; a change is then computed live', async ({ page }) => {
  const errors = watchErrors(page);
  const worker = await holdWorkerScript(page);
  await page.goto('/calculators/step-through/');
  const calc = page.locator('#walkthrough');
  await expect(calc).toHaveAttribute('data-result', 'build');
  await calc.getByRole('button', { name: 'Next →' }).click();
  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 3 of 6: Scaled logits/ })).toBeVisible();
  // Real numbers in the cells a person reads, while the worker's script is still held back.
  const logits = calc.getByRole('table', { name: 'L = S · scale / T' });
  const cell = logits.getByRole('button', { name: /^sat, cat:/ });
  await expect(cell).toHaveText(/^−?\d+(\.\d+)?$/);
  const before = await cell.textContent();
  expect(worker.requested() === 0 || (await calc.getAttribute('data-result')) === 'build').toBe(true);

  // A change needs the worker: until it loads, the example's numbers stay; then the new ones come.
  await calc.getByLabel('Temperature').fill('2');
  await calc.getByLabel('Temperature').press('Tab');
  await expect.poll(() => worker.requested()).toBeGreaterThan(0);
  await expect(calc).toHaveAttribute('data-result', 'build');
  await expect(cell).toHaveText(before!);
  await worker.release();
  await expect(calc).toHaveAttribute('data-result', 'live');
  await expect(cell).not.toHaveText(before!);
  await expect(cell).toHaveText(/^−?\d+(\.\d+)?$/);

  // Back to the example: its numbers again, with no need to ask the worker.
  await calc.getByRole('button', { name: 'Reset' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a calculator below the fold hydrates when scrolled near, its numbers and size unchanged', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/lessons/scaled-dot-product-attention/');
  const calc = page.locator('#sdpa-stages');
  const viewport = page.viewportSize()!;
  const top = await calc.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  expect(top, 'the calculator must start well below the first screen for this test').toBeGreaterThan(2 * viewport.height);
  // Prerendered and showing numbers, but not live yet.
  await expect(calc).toHaveAttribute('data-result', 'build');
  await expect(calc.getByRole('table', { name: 'Q (queries)' }).locator('tbody td').first()).toHaveText(/\d/);
  const box = await calc.boundingBox();
  await page.waitForLoadState('networkidle');
  expect(await hydrated(page, '#sdpa-stages')).toBe(false);
  // Its controls say it is not live yet: a click now would otherwise be undone by hydration.
  await expect(calc.getByRole('button', { name: 'Next →' })).toBeDisabled();
  await expect(calc.getByRole('button', { name: 'Copy link' })).toBeDisabled();

  // Scrolled to within a screen of it (not into view): it hydrates, and nothing moves.
  await page.evaluate((y) => window.scrollTo(0, y), top - 1.8 * viewport.height);
  await expect.poll(() => hydrated(page, '#sdpa-stages')).toBe(true);
  // Nothing moves: the legends measure their font after hydration (14 px assumed before, 14.7 px
  // at this width), which shifts each by a few pixels; anything more is a real jump.
  expect(Math.abs((await calc.boundingBox())!.height - box!.height)).toBeLessThanOrEqual(8);
  await expect(calc.getByRole('button', { name: 'Next →' })).toBeEnabled();
  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6: Raw scores/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the build’s HTML already shows the results it carries, before any script runs', async ({ page }) => {
  // Only the page's own inline scripts run (they reveal the streamed HTML); no bundle, no React.
  await page.route(/\/_next\/static\/chunks\/.*\.js$/, (route) => route.abort());
  await page.goto('/calculators/scoring-functions/');
  const calc = page.locator('#scoring');
  await expect(calc).toHaveAttribute('data-result', 'build');
  // All four methods, each with its number and its weights, as the live calculator shows them.
  for (const method of ['Dot product', 'Scaled dot product', 'General (Luong)', 'Additive (Bahdanau)']) {
    await expect(calc.getByRole('heading', { name: method, exact: true })).toBeVisible();
  }
  await expect(calc.getByText(/Mean entropy\s+0\.11\d*\s+nats/)).toBeVisible();
  const weights = calc.getByRole('grid', { name: 'Dot product weights', exact: true });
  await expect(weights).toBeVisible();
  await expect(weights.getByRole('gridcell', { name: /the → the: weight 0\.9189/ })).toBeAttached();
});
