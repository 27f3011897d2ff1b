/**
 * The precision-and-pruning calculator: the format comparison and the pruning panel render from
 * the page's preset, the threshold moves the sparsity and the curve's marker, a bad size is
 * explained in place while the last result stays, and a copied link restores the example.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors, copiedExport } from './support/calculatorPage';

const PAGE = '/calculators/precision-and-pruning/';

test('renders the four formats against float64 and the pruning panel from the preset', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#basic');
  const table = calc.getByRole('table', { name: /Error against float64/ });
  await expect(table).toBeVisible();
  for (const format of ['fp32', 'fp16', 'bf16', 'int8']) await expect(table.getByRole('rowheader', { name: format, exact: true })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'Weights, fp16' })).toBeVisible();
  await expect(calc.getByTestId('sparsity')).toContainText('%');
  await expect(calc.getByRole('img', { name: /Sparsity against output error/ })).toBeVisible();
  await screenshot(calc, 'precision-pruning');
  expect(await seriousViolations(page, '#basic')).toEqual([]);
  expect(errors).toEqual([]);
});

test('a higher threshold drops more weights and moves the output further', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#basic');
  const sparsity = calc.getByTestId('sparsity');
  await expect(sparsity).toContainText('%');
  const before = await sparsity.innerText();
  await calc.getByLabel('exact threshold').fill('0.2');
  await expect.poll(() => sparsity.innerText()).not.toBe(before);
  await expect(calc.getByRole('grid', { name: /Pruned weights \(threshold 0\.2\)/ })).toBeVisible();
  await expect(calc.getByText(/threshold 0\.2: sparsity/)).toBeVisible();
  await calc.getByLabel('exact threshold').fill('0');
  await expect(sparsity).toContainText('0 %');
  expect(errors).toEqual([]);
});

test('an out-of-range size is explained next to the field and the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#basic');
  const table = calc.getByRole('table', { name: /Error against float64/ });
  await expect(table).toBeVisible();
  const good = await table.innerText();
  const n = calc.getByLabel('Tokens n');
  await n.fill('40');
  await expect(calc.getByRole('alert')).toContainText('Tokens n: enter a whole number from 2 to 16.');
  await expect(n).toHaveAttribute('aria-invalid', 'true');
  expect(await table.innerText()).toBe(good);
  await n.fill('6');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => table.innerText()).not.toBe(good);
  expect(errors).toEqual([]);
});

test('the copied link restores seed, spread and threshold in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#basic');
  await calc.getByLabel('Seed').fill('9');
  await calc.getByLabel('Spread of Q, K').fill('3');
  await calc.getByLabel('exact threshold').fill('0.12');
  await expect(calc.getByRole('grid', { name: /Pruned weights \(threshold 0\.12\)/ })).toBeVisible();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#basic~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#basic');
  await expect(restored.getByLabel('Seed')).toHaveValue('9');
  await expect(restored.getByLabel('Spread of Q, K')).toHaveValue('3');
  // Both pages settle on the numbers of the same state (either may still show the previous
  // result while the worker computes: the last good result stays on screen).
  const same = async (read: (calculator: typeof calc) => Promise<string>) => (await read(restored)) === (await read(calc));
  await expect.poll(() => same((c) => c.getByTestId('sparsity').innerText()), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => same((c) => c.getByRole('table', { name: /Error against float64/ }).innerText()), { timeout: 15_000 }).toBe(true);
});

test('the NumPy, PyTorch, CSV exports are offered; the PyTorch snippet is copied with JSON printed last', async ({ page, context }) => {
  await grantClipboard(context);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#basic');
  const code = await copiedExport(page, calc, 'PyTorch');
  expect(code).toContain('import torch');
  expect(code).toContain('F.scaled_dot_product_attention(');
  expect(code.trimEnd().split('\n').slice(-5).join('\n')).toContain('print(json.dumps(');
  expect(errors).toEqual([]);
});
