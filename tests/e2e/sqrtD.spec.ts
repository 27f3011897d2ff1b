/**
 * The "why √d" calculator: histograms, variances against theory, entropy and saturation from the
 * Markdown preset; d and the temperature slider change the numbers (the slider can be dragged
 * while the worker computes); bad input is explained in place; a copied link restores the state.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors, copiedExport } from './support/calculatorPage';

const PAGE = '/calculators/why-sqrt-d/';

test('renders histograms, variances next to theory, entropy, saturation and the curves over d', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#sqrt-d');
  await expect(calc.getByRole('img', { name: /^q·k \(unscaled\):/ })).toBeVisible();
  await expect(calc.getByRole('img', { name: /\(scaled\):/ })).toBeVisible();
  // d = 64: var(q·k) near 64, var(q·k/√d) near 1.
  await expect.poll(async () => Number((await calc.getByTestId('raw-variance').innerText()).replace('−', '-'))).toBeGreaterThan(50);
  const scaledVar = Number(await calc.getByTestId('scaled-variance').innerText());
  expect(scaledVar).toBeGreaterThan(0.8);
  expect(scaledVar).toBeLessThan(1.2);
  await expect(calc.getByText('Mean entropy of the softmax over d').first()).toBeVisible({ timeout: 30_000 });
  await expect(calc.getByText(/Share of saturated rows/).first()).toBeVisible();
  await screenshot(calc, 'why-sqrt-d');
  expect(await seriousViolations(page, '#sqrt-d')).toEqual([]);
  expect(errors).toEqual([]);
});

test('d and the temperature change the numbers; the page answers while the sweep computes', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#sqrt-d');
  const saturated = calc.getByTestId('unscaled-saturated');
  await expect(saturated).toHaveText(/%/);
  const before = await saturated.innerText();
  await calc.getByLabel('d', { exact: true }).selectOption('512');
  await expect.poll(() => saturated.innerText()).not.toBe(before);

  // Drag the slider by keyboard, many steps: the output follows at once (no waiting on the worker).
  const slider = calc.getByLabel('Temperature T');
  await slider.focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowLeft');
  await expect(calc.getByTestId('temperature')).toHaveText('T = 0.501');
  const entropy = calc.getByTestId('scaled-entropy');
  const at05 = await entropy.innerText();
  await page.keyboard.press('End');
  await expect(calc.getByTestId('temperature')).toHaveText('T = 10');
  await expect.poll(() => entropy.innerText()).not.toBe(at05);
  expect(errors).toEqual([]);
});

test('bad input is explained next to the field and the last result stays', async ({ page }) => {
  await page.goto(PAGE);
  const calc = page.locator('#sqrt-d');
  const variance = calc.getByTestId('raw-variance');
  await expect(variance).toHaveText(/\d/);
  const before = await variance.innerText();
  await calc.getByLabel('Keys per query').fill('1');
  await expect(calc.getByRole('alert')).toContainText('Keys per query: Enter a whole number from 2 to 512.');
  await calc.getByLabel('Keys per query').fill('500');
  await expect(calc.getByRole('alert')).toContainText('the sweep allows at most');
  await expect.poll(() => variance.innerText()).toBe(before);
  await calc.getByLabel('Keys per query').fill('8');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => variance.innerText()).not.toBe(before);
});

test('at phone width the charts fit', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto(PAGE);
  const calc = page.locator('#sqrt-d');
  await expect(calc.getByText('Mean entropy of the softmax over d').first()).toBeVisible({ timeout: 30_000 });
  const overflow = await calc.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await screenshot(calc, 'why-sqrt-d-phone');
});

test('the copied link opens the same d, samples and temperature in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#sqrt-d');
  await expect(calc.getByTestId('raw-variance')).toHaveText(/\d/);
  await calc.getByLabel('d', { exact: true }).selectOption('256');
  await calc.getByLabel('Samples (queries)').fill('300');
  const slider = calc.getByLabel('Temperature T');
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect(calc.getByTestId('temperature')).toHaveText('T = 1.58');
  await expect.poll(async () => (await calc.getByRole('img', { name: / \(scaled\)/ }).getAttribute('aria-label')) ?? '').toContain('√256');
  const variance = await calc.getByTestId('raw-variance').innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#sqrt-d~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#sqrt-d');
  await expect(restored.getByLabel('d', { exact: true })).toHaveValue('256');
  await expect(restored.getByLabel('Samples (queries)')).toHaveValue('300');
  await expect(restored.getByTestId('temperature')).toHaveText('T = 1.58');
  await expect(restored.getByTestId('raw-variance')).toHaveText(variance);
});

test('the NumPy, PyTorch, CSV exports are offered; the PyTorch snippet is copied with JSON printed last', async ({ page, context }) => {
  await grantClipboard(context);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#sqrt-d');
  const code = await copiedExport(page, calc, 'PyTorch');
  expect(code).toContain('import torch');
  expect(code).toContain('torch.Generator().manual_seed(seed)');
  expect(code.trimEnd().split('\n').slice(-5).join('\n')).toContain('print(json.dumps(');
  expect(errors).toEqual([]);
});
