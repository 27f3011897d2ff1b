/**
 * What a recompute or a hydration asks of the browser, counted as DOM changes (not timed: the
 * figures live in `npm run bench:browser`). Two patterns had made every update cost a long task:
 *
 * - A heatmap measures its box after hydrating and lays itself out again. With cells placed in
 *   pixels, that rewrote four attributes of every cell (5,000 writes for multi-head attention's
 *   heads in one task). Cells and labels are now placed in percentages of nested boxes.
 * - Chromium lays out a fieldset's whole content again when the fieldset's own list of children
 *   changes (11–14 ms a time). The calculator's fieldset holds one block that never changes.
 */
import { expect, test, type Page } from '@playwright/test';
import { scrollToLive, watchErrors } from './support/calculatorPage';

/** Records, once the page is parsed, the attribute changes of heatmap cells and the child-list changes of calculator fieldsets. */
async function recordChanges(page: Page): Promise<void> {
  await page.addInitScript(`{
    window.__cellWrites = 0;
    window.__fieldsetChildChanges = 0;
    const observer = new MutationObserver((list) => {
      for (const m of list) {
        if (m.type === 'attributes' && m.target.localName === 'rect' && m.target.closest('[role=grid] svg')) window.__cellWrites++;
        if (m.type === 'childList' && m.target.localName === 'fieldset' && m.target.classList.contains('calculator-live')) window.__fieldsetChildChanges++;
      }
    });
    // From the end of parsing: the parser's own insertions are not the page's updates.
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['x', 'y', 'width', 'height'] }),
    );
  }`);
}

const counts = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __cellWrites: number; __fieldsetChildChanges: number };
    return { cellWrites: w.__cellWrites, fieldsetChildChanges: w.__fieldsetChildChanges };
  });

test('hydrating multi-head attention measures its heatmaps without moving a single cell', async ({ page }) => {
  const errors = watchErrors(page);
  await recordChanges(page);
  await page.goto('/calculators/multi-head-attention/');
  const calc = await scrollToLive(page.locator('#heads'));
  // Measured: the figures now have their size in pixels, not the build's 100 %.
  await expect(calc.locator('[role=grid] > svg').first()).not.toHaveAttribute('width', '100%');
  const cells = await calc.locator('[role=grid] svg rect').count();
  expect(cells, 'the heads and the concatenation are drawn as SVG cells').toBeGreaterThan(100);
  expect(await counts(page)).toEqual({ cellWrites: 0, fieldsetChildChanges: 0 });
  expect(errors).toEqual([]);
});

test('switching presets and showing an error leave the calculator fieldset’s children alone', async ({ page }) => {
  const errors = watchErrors(page);
  await recordChanges(page);
  await page.goto('/calculators/step-through/');
  const calc = await scrollToLive(page.locator('#walkthrough'));
  const preset = calc.getByRole('combobox', { name: 'Preset' });
  for (const option of await preset.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) {
    await preset.selectOption(option);
    await expect(calc).toHaveAttribute('data-result', /build|live/);
  }
  // An error line appears under the fields, and the copy status says what was copied.
  await calc.getByLabel('Temperature').fill('-1');
  await expect(calc.locator('.field-error').first()).toBeVisible();
  await calc.getByLabel('Temperature').fill('1');
  await expect(calc.locator('.field-error')).toHaveCount(0);
  expect((await counts(page)).fieldsetChildChanges).toBe(0);
  expect(errors).toEqual([]);
});
