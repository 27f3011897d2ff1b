/**
 * The typesetting checks themselves (support/typesetting.ts) run on every page in
 * everyPage.spec.ts. This file guards the guard: if KaTeX's markup changed so their selectors
 * found nothing, every check would pass vacuously.
 */
import { expect, test } from '@playwright/test';
import { measureFormulas } from './support/typesetting';

test('the checks see sub- and superscripts, fractions and overlaid symbols on the course pages', async ({ page }) => {
  // The scaled dot-product lesson has all three kinds.
  await page.goto('/lessons/scaled-dot-product-attention/');
  await page.evaluate(() => document.fonts.ready);
  const report = await measureFormulas(page);
  expect(report.scripts).toBeGreaterThan(20);
  expect(report.fractions).toBeGreaterThan(0);
  expect(report.overlays).toBeGreaterThan(0);
});
