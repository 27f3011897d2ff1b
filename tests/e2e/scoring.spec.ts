/**
 * The scoring-functions calculator: four methods from the Markdown preset, each with its weights
 * and entropy; changing d changes the numbers; bad input is explained in place and the last
 * result stays; a copied link opens the same example in a new page.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors, copiedExport } from './support/calculatorPage';

const PAGE = '/calculators/scoring-functions/';
const METHODS = ['Dot product', 'Scaled dot product', 'General (Luong)', 'Additive (Bahdanau)'];

test('renders the four methods side by side with weights, entropies, differences and a reading', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#scoring');
  for (const label of METHODS) await expect(calc.getByRole('grid', { name: `${label} weights`, exact: true })).toBeVisible();
  await expect(calc.getByTestId('entropy-dot')).toHaveText(/\d/);
  await expect(calc.getByTestId('scoring-reading')).toContainText('sharper');
  await expect(calc.getByRole('table', { name: /How far apart the weights are/ }).getByRole('row')).toHaveCount(7);
  await screenshot(calc, 'scoring-functions');
  expect(await seriousViolations(page, '#scoring')).toEqual([]);
  expect(errors).toEqual([]);
});

test('d changes the entropies; a bad d is explained and the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#scoring');
  const entropy = calc.getByTestId('entropy-scaledDot');
  await expect(entropy).toHaveText(/\d/);
  const before = await entropy.innerText();

  await calc.getByLabel('d', { exact: true }).fill('0');
  await expect(calc.getByRole('alert')).toContainText('d: Enter a whole number from 1 to 64.');
  await expect.poll(() => entropy.innerText()).toBe(before);

  await calc.getByLabel('d', { exact: true }).fill('32');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => entropy.innerText()).not.toBe(before);

  // Separate queries: the rows become q1 … q3.
  await calc.getByLabel('Queries', { exact: true }).selectOption('separate');
  await calc.getByLabel('Number of queries').fill('3');
  await expect(calc.getByRole('grid', { name: 'Dot product weights', exact: true })).toHaveAttribute('aria-rowcount', '3');
  expect(errors).toEqual([]);
});

test('at phone width the controls wrap and nothing overflows', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto(PAGE);
  const calc = page.locator('#scoring');
  await expect(calc.getByRole('grid', { name: 'Additive (Bahdanau) weights' })).toBeVisible();
  const overflow = await calc.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await screenshot(calc, 'scoring-functions-phone');
});

test('the copied link opens the same example in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#scoring');
  await expect(calc.getByTestId('entropy-dot')).toHaveText(/\d/);
  await calc.getByLabel('d', { exact: true }).fill('16');
  await calc.getByLabel('Seed').fill('42');
  await calc.getByLabel('Causal mask').check();
  await expect.poll(async () => (await calc.getByTestId('scoring-reading').innerText()).includes('√16')).toBe(true);
  const entropy = await calc.getByTestId('entropy-general').innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#scoring~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#scoring');
  await expect(restored.getByLabel('d', { exact: true })).toHaveValue('16');
  await expect(restored.getByLabel('Seed')).toHaveValue('42');
  await expect(restored.getByLabel('Causal mask')).toBeChecked();
  await expect(restored.getByTestId('entropy-general')).toHaveText(entropy);
});

test('the NumPy, PyTorch, CSV exports are offered; the PyTorch snippet is copied with JSON printed last', async ({ page, context }) => {
  await grantClipboard(context);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#scoring');
  const code = await copiedExport(page, calc, 'PyTorch');
  expect(code).toContain('import torch');
  expect(code).toContain('F.scaled_dot_product_attention(');
  expect(code.trimEnd().split('\n').slice(-5).join('\n')).toContain('print(json.dumps(');

  const csv = await copiedExport(page, calc, 'CSV');
  expect(csv.split(/\r?\n/).filter((line) => line.startsWith('method,'))).toHaveLength(4);
  expect(errors).toEqual([]);
});
