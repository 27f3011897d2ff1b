/**
 * Big matrices: computed in the worker pool, drawn on a pooled canvas that states the true size,
 * and still readable cell by cell with the keyboard.
 */
import { expect, test } from '@playwright/test';

test('4096 × 4096 causal weights render pooled, with the true size stated and exact values on demand', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/lab/heatmap/');
  await page.getByLabel('4096', { exact: true }).check();
  await page.getByLabel('Causal').check();
  await expect(page.getByText(/^4096 × 4096 = 16,777,216 weights/)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('figcaption')).toContainText(/4096 × 4096, shown at \d+ × \d+, each pixel the mean of \d+ × \d+ cells/);
  await expect(page.locator('canvas')).toBeVisible();

  const grid = page.getByRole('grid', { name: 'Attention weights' });
  await grid.focus();
  const readout = page.locator('[aria-live="polite"]').last();
  // Row 1 under a causal mask attends only to itself: weight exactly 1; its right neighbour is masked.
  await expect(readout).toHaveText(/weight 1(\.0+)?$/);
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveText(/masked/);
  await page.keyboard.press('Control+End');
  await expect(readout).toContainText(/4096/);
  expect(errors).toEqual([]);
});
