/**
 * The masks calculator as a learner uses it: the preset's mask, density and cost, a new pattern
 * and n change them, bad numbers are explained at their field, "Measure" times both variants in
 * the worker, and a copied link opens the same example in a new page.
 */
import { expect, test, type Locator } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/masks-and-long-sequences/';
const density = (calc: Locator) => calc.getByTestId('mask-density');

test('renders the preset: mask, density, cost table and both log–log charts; a new pattern changes them', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#masks');
  // Sliding window, radius 16, n = 256: 256·33 − 16·17 = 8176 of 65536 pairs.
  await expect(density(calc)).toContainText('Density 0.1248');
  await expect(density(calc)).toContainText('8,176 of 65,536');
  await expect(calc.getByRole('grid', { name: /Mask, 256 × 256/ })).toBeVisible();
  await expect(calc.getByTestId('flop-ratio')).toHaveText('0.1248');
  await expect(calc.getByRole('figure', { name: /^FLOPs over n \(log–log\)/ })).toBeVisible();
  await expect(calc.getByRole('figure', { name: /^Bytes moved over n/ })).toBeVisible();

  await calc.getByRole('combobox', { name: /^Pattern/ }).selectOption('causal');
  // 256·257/2 = 32896 of 65536.
  await expect(density(calc)).toContainText('Density 0.502');
  await calc.getByRole('spinbutton', { name: 'n', exact: true }).fill('4096');
  await expect(density(calc)).toContainText('of 16,777,216');
  // Above 32 a side the mask is a canvas; at 4096 it is pooled, and says so.
  await expect(calc.getByText(/4096 × 4096, shown at/)).toBeVisible({ timeout: 20_000 });
  await calc.getByRole('combobox', { name: /^Pattern/ }).selectOption('blockSparse');
  await expect(calc.getByRole('group', { name: /Block sparse \(BigBird\): parameters/ })).toBeVisible();
  await screenshot(calc, 'mask-pattern');
  expect(await seriousViolations(page, '#masks')).toEqual([]);
  expect(errors).toEqual([]);
});

test('bad numbers get a message at their field and the last result stays; the page keeps working', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#masks');
  await expect(density(calc)).toContainText('Density 0.1248');
  const n = calc.getByRole('spinbutton', { name: 'n', exact: true });
  await n.fill('5000');
  await expect(calc.getByRole('alert')).toHaveText('n must be a whole number from 8 to 4096.');
  await expect(n).toHaveAttribute('aria-invalid', 'true');
  await expect(density(calc)).toContainText('Density 0.1248');
  await calc.getByRole('spinbutton', { name: 'd (model width)' }).fill('100');
  await expect(calc.getByRole('alert')).toHaveCount(2);
  await expect(calc.getByRole('alert').nth(1)).toContainText('multiple of heads');
  await n.fill('64');
  await expect(density(calc)).toContainText('of 4,096');
  await calc.getByRole('button', { name: 'Reset' }).click();
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(n).toHaveValue('256');
  expect(errors).toEqual([]);
});

test('Measure times full and masked attention in the worker and explains the gap', async ({ page }) => {
  await page.goto(PAGE);
  const calc = page.locator('#masks');
  await calc.getByRole('spinbutton', { name: 'n', exact: true }).fill('512');
  await calc.getByRole('button', { name: 'Measure' }).click();
  const result = calc.getByTestId('timing-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText(/full \(no mask\)\s*[\d.]+ ms/);
  await expect(result).toContainText('cost model');
  await expect(result).toContainText('Why the time follows the density but stays above the model');
  // A sparse pattern is also timed given as a description, with its own row and ratio.
  await expect(result.getByRole('row', { name: /the pattern as a description \(no n × n mask\)\s*[\d.]+ ms\s*[\d.]+/ })).toBeVisible();
  // n above 2048 cannot be measured; the button says why.
  await calc.getByRole('spinbutton', { name: 'n', exact: true }).fill('4096');
  await expect(calc.getByRole('button', { name: 'Measure' })).toBeDisabled();
  await expect(calc.getByText(/Measuring runs for n ≤ 2048/)).toBeVisible();
});

test('the copied link opens the same pattern and n in a new page; a tampered one opens the example with a notice', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#masks');
  await calc.getByRole('combobox', { name: /^Pattern/ }).selectOption('strided');
  await calc.getByRole('spinbutton', { name: 'n', exact: true }).fill('128');
  await calc.getByRole('spinbutton', { name: 'Stride' }).fill('8');
  // The density names what it was computed for: wait for both new values, not only the new n.
  await expect(density(calc)).toContainText('of 16,384 query–key pairs allowed (Strided, stride 8, n = 128)');
  const shown = await density(calc).innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#masks~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#masks');
  await expect(restored.getByRole('combobox', { name: /^Pattern/ })).toHaveValue('strided');
  await expect(restored.getByRole('spinbutton', { name: 'n', exact: true })).toHaveValue('128');
  await expect(restored.getByRole('spinbutton', { name: 'Stride' })).toHaveValue('8');
  await expect(density(restored)).toHaveText(shown);

  const third = await context.newPage();
  await third.goto(link.slice(0, -6) + 'AAAAAA');
  const fallback = third.locator('#masks');
  await expect(fallback.locator('.calculator-notice')).toContainText('Showing this calculator');
  await expect(density(fallback)).toContainText('Density 0.1248');
});

test('readable at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto(PAGE);
  const calc = page.locator('#masks');
  await expect(density(calc)).toContainText('Density');
  const overflow = await calc.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await screenshot(calc, 'mask-pattern-phone');
});
