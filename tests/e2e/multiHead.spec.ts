/**
 * The multi-head calculator: one heatmap per head, the split of d_model and the cost line follow
 * the inputs, heads that do not divide d_model are explained at the field (with the divisors) while
 * the last result stays, and a copied link restores the example in a new page.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/multi-head-attention/';

test('renders the preset: a heatmap per head, the split and the cost of h heads against one', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 1', exact: true })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'head 3', exact: true })).toHaveCount(0);
  await expect(calc.getByRole('grid', { name: 'Concatenated head outputs' })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'Output = concat · Wo' })).toBeVisible();
  await expect(calc.getByTestId('head-split')).toContainText('8 / 2 = 4');
  // n = 6, d = 8: QKᵀ + weights·V = 1,152 FLOPs either way; softmax 180 per head.
  await expect(calc.getByTestId('cost-multi')).toHaveText('1,512');
  await expect(calc.getByTestId('cost-single')).toHaveText('1,332');
  await screenshot(calc, 'multi-head');
  expect(await seriousViolations(page, '#heads')).toEqual([]);
  expect(errors).toEqual([]);
});

test('more heads: more heatmaps, narrower heads, the same QKᵀ cost', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await calc.getByLabel('Heads', { exact: true }).fill('4');
  await expect(calc.getByRole('grid', { name: 'head 4', exact: true })).toBeVisible();
  await expect(calc.getByTestId('head-split')).toContainText('8 / 4 = 2');
  await expect(calc.getByTestId('cost-multi')).toHaveText('1,872');
  await expect(calc.getByTestId('cost-single')).toHaveText('1,332');
  // Another seed draws other projections: the weights of head 1 change.
  const grid = calc.getByRole('grid', { name: 'head 1', exact: true });
  await grid.focus();
  // `has` is matched inside each figure, so it takes a locator of its own, not one rooted at #heads.
  const readout = calc.locator('figure').filter({ has: page.getByRole('grid', { name: 'head 1', exact: true }) }).locator('[aria-live="polite"]');
  const before = await readout.innerText();
  await calc.getByLabel('Seed', { exact: true }).fill('8');
  await grid.focus();
  await expect.poll(() => readout.innerText()).not.toBe(before);
  expect(errors).toEqual([]);
});

test('heads that do not divide d_model, or a bad d_model, are explained at the field; the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  const heads = calc.getByLabel('Heads', { exact: true });
  await heads.fill('3');
  await expect(calc.getByRole('alert')).toContainText('heads must divide 8 (1, 2, 4, 8)');
  await expect(heads).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByText('Showing the last valid result')).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await expect(calc.getByTestId('head-split')).toContainText('8 / 2 = 4');

  // d_model = 12 makes 3 heads valid.
  await calc.getByLabel('d_model', { exact: true }).fill('12');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(calc.getByTestId('head-split')).toContainText('12 / 3 = 4');
  await expect(calc.getByRole('grid', { name: 'head 3', exact: true })).toBeVisible();

  await calc.getByLabel('d_model', { exact: true }).fill('999');
  await expect(calc.getByRole('alert')).toContainText('d_model must be a whole number from 4 to 64.');
  await calc.getByLabel('Tokens', { exact: true }).fill('');
  await expect(calc.getByRole('alert')).toHaveCount(2);
  await calc.getByRole('button', { name: 'Reset' }).click();
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(calc.getByLabel('d_model', { exact: true })).toHaveValue('8');
  await expect(calc.getByLabel('Tokens', { exact: true })).toHaveValue('the cat sat on the mat');
  expect(errors).toEqual([]);
});

test('the copied link restores the same example in a new page; a tampered one opens the default with a notice', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 1', exact: true })).toBeVisible();
  await calc.getByLabel('Tokens', { exact: true }).fill('a b c d');
  await calc.getByLabel('d_model', { exact: true }).fill('16');
  await calc.getByLabel('Heads', { exact: true }).fill('8');
  await calc.getByLabel('Seed', { exact: true }).fill('42');
  await calc.getByLabel(/Causal/).check();
  await expect(calc.getByRole('grid', { name: 'head 8', exact: true })).toBeVisible();
  const cost = await calc.getByTestId('cost-line').innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#heads~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#heads');
  await expect(restored.getByRole('grid', { name: 'head 8', exact: true })).toBeVisible();
  await expect(restored.getByLabel('Tokens', { exact: true })).toHaveValue('a b c d');
  await expect(restored.getByLabel('Heads', { exact: true })).toHaveValue('8');
  await expect(restored.getByLabel('Seed', { exact: true })).toHaveValue('42');
  await expect(restored.getByLabel(/Causal/)).toBeChecked();
  await expect(restored.getByTestId('cost-line')).toHaveText(cost);

  const third = await context.newPage();
  await third.goto(link.slice(0, -6) + 'AAAAAA');
  const fallback = third.locator('#heads');
  await expect(fallback.locator('.calculator-notice')).toContainText('Showing this calculator');
  await expect(fallback.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
});
