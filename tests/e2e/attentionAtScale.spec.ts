/**
 * Big matrices: computed in the worker pool, drawn on a pooled canvas that states the true size,
 * and still readable cell by cell with the keyboard.
 */
import { expect, test, type Locator } from '@playwright/test';
import { scaledDotProductAttention } from '../../lib/attention';
import { formatDigits } from '../../lib/heatmap/format';
import { randomNormalMatrix } from '../../lib/random';
import { watchErrors } from './support/calculatorPage';

/** Tick labels of a colour legend whose boxes overlap each other or stick out of the legend, as text. */
async function legendLabelClashes(legend: Locator): Promise<string[]> {
  return legend.evaluate((el) => {
    const outer = el.getBoundingClientRect();
    const labels = [...el.querySelectorAll('svg text')].map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }));
    const clashes: string[] = [];
    labels.forEach(({ text, box }, i) => {
      if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) clashes.push(`${text} outside the legend`);
      for (const other of labels.slice(i + 1)) {
        const apart = box.right <= other.box.left || other.box.right <= box.left || box.bottom <= other.box.top || other.box.bottom <= box.top;
        if (!apart) clashes.push(`${text} overlaps ${other.text}`);
      }
    });
    return clashes;
  });
}

test('4096 × 4096 causal weights render pooled, with the true size stated and exact values on demand', async ({ page }) => {
  test.slow(); // 4096 × 4096 computed twice: plain (its legend is checked), then causal
  const errors = watchErrors(page);
  await page.goto('/lab/heatmap/');
  const grid = page.getByRole('grid', { name: 'Attention weights' });
  const readout = page.locator('[aria-live="polite"]').last();

  // The inputs are drawn in the worker pool from seeds 1, 2, 3 (q, k, v): the page shows exactly
  // the weights of those numbers, and the same ones again when Causal is ticked and unticked.
  await page.getByLabel('64', { exact: true }).check();
  await expect(page.getByText(/^64 × 64 = 4,096 weights/)).toBeVisible({ timeout: 60_000 });
  const [q, k, v] = [1, 2, 3].map((seed) => randomNormalMatrix(seed, 64, 16, { float32: true }));
  const expected = scaledDotProductAttention(q, k, v).weights.data[1];
  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveText(`query 1 → key 2: weight ${formatDigits(expected, 4)}`);
  // The readout follows the keyboard cell while the grid has focus; ticking a box takes it away.
  await page.getByLabel('Causal').check();
  await grid.focus();
  await expect(readout).toHaveText('query 1 → key 2: masked');
  await page.getByLabel('Causal').uncheck();
  await grid.focus();
  await expect(readout).toHaveText(`query 1 → key 2: weight ${formatDigits(expected, 4)}`);

  // The legend of a stretched 4096 × 4096 (0.0000376 to 0.00467): long tick labels, drawn apart
  // and inside the legend (they overlapped, and the left end was cut, at 1280 px).
  await page.getByLabel('4096', { exact: true }).check();
  const legend = page.getByRole('group', { name: /^Colour legend: weight/ });
  await expect(legend).toHaveAttribute('data-domain', /^\S+ 0\.00\d+$/, { timeout: 60_000 });
  expect(await legendLabelClashes(legend)).toEqual([]);
  await page.getByLabel('Causal').check();
  await expect(page.getByText(/^4096 × 4096 = 16,777,216 weights/)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('figcaption')).toContainText(/4096 × 4096, shown at \d+ × \d+, each pixel the mean of \d+ × \d+ cells/);
  await expect(page.locator('canvas')).toBeVisible();

  await grid.focus();
  await page.keyboard.press('Home');
  // Row 1 under a causal mask attends only to itself: weight exactly 1; its right neighbour is masked.
  await expect(readout).toHaveText(/weight 1(\.0+)?$/);
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveText(/masked/);
  await page.keyboard.press('Control+End');
  await expect(readout).toContainText(/4096/);
  expect(errors).toEqual([]);
});
