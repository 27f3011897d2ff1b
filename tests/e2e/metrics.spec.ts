/**
 * The evaluation-metrics calculator: confusion matrix, metrics and both curves from the page's
 * presets, the threshold moving them, typed data with a bad line explained in place, the
 * "nothing predicted positive" case, and a copied link restoring the example.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, scrollToLive, seriousViolations, watchErrors, copiedExport } from './support/calculatorPage';

const PAGE = '/calculators/evaluation-metrics/';

test('renders the confusion matrix, the metrics and both curves with AP and AUC', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#synthetic');
  await expect(calc.getByRole('table', { name: /Confusion matrix \(200 samples, 60 positive\)/ })).toBeVisible();
  await expect(calc.getByTestId('precision')).toContainText(/0\.\d/);
  await expect(calc.getByRole('img', { name: /Precision–recall curve.*AP = 0\.\d/ })).toBeVisible();
  await expect(calc.getByRole('img', { name: /ROC curve.*AUC = 0\.\d/ })).toBeVisible();
  await screenshot(calc, 'evaluation-metrics');
  expect(await seriousViolations(page, '#synthetic')).toEqual([]);
  expect(errors).toEqual([]);
});

test('the threshold moves the confusion matrix; above every score precision is reported as 0 with a note', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#synthetic');
  const tp = calc.getByTestId('tp');
  await expect(tp).toContainText('TP');
  const before = await tp.innerText();
  await calc.getByLabel('exact threshold').fill('0.8');
  await expect.poll(() => tp.innerText()).not.toBe(before);
  await expect(calc.getByText(/threshold 0\.8: recall/)).toBeVisible();
  await calc.getByLabel('exact threshold').fill('2');
  await expect(tp).toHaveText('TP 0');
  await expect(calc.getByTestId('precision')).toContainText(/^0 /);
  await expect(calc.getByRole('note')).toContainText('Nothing is predicted positive');
  expect(errors).toEqual([]);
});

test('typed data: the by-hand example counts as the page says; a bad line is explained and the last data stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = await scrollToLive(page.locator('[data-calculator="evaluation-metrics"]').nth(2));
  await expect(calc.getByTestId('tp')).toHaveText('TP 3');
  await expect(calc.getByTestId('fp')).toHaveText('FP 2');
  await expect(calc.getByTestId('fn')).toHaveText('FN 2');
  await expect(calc.getByTestId('precision')).toContainText('0.6');
  const box = calc.getByLabel(/Labels and scores: one sample per line/);
  const text = await box.inputValue();
  await box.fill(`2 0.5\n${text}`);
  await expect(calc.getByRole('alert')).toContainText('Line 1: the label must be 0 or 1');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByTestId('tp')).toHaveText('TP 3');
  await box.fill(`1 0.9\n${text}`);
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(calc.getByTestId('tp')).toHaveText('TP 4');
  expect(errors).toEqual([]);
});

test('the copied link restores the synthetic classifier and the threshold in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#synthetic');
  await calc.getByLabel('Samples').fill('500');
  await calc.getByLabel('exact threshold').fill('0.35');
  // The numbers for exactly this state, not the previous result still on screen while it computes.
  await expect(calc.getByRole('table', { name: /Confusion matrix \(500 samples, \d+ positive\) at threshold 0\.35$/ })).toBeVisible();
  await expect(calc.getByText(/threshold 0\.35: recall/)).toBeVisible();
  const confusion = await calc.getByRole('table', { name: /Confusion matrix/ }).innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#synthetic~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#synthetic');
  await expect(restored.getByLabel('Samples')).toHaveValue('500');
  await expect(restored.getByLabel('exact threshold')).toHaveValue('0.35');
  await expect.poll(() => restored.getByRole('table', { name: /Confusion matrix/ }).innerText()).toBe(confusion);
});

test('the NumPy, PyTorch, CSV exports are offered; the PyTorch snippet is copied with JSON printed last', async ({ page, context }) => {
  await grantClipboard(context);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#synthetic');
  const code = await copiedExport(page, calc, 'PyTorch');
  expect(code).toContain('import torch');
  expect(code).toContain('torch.argsort(');
  expect(code.trimEnd().split('\n').slice(-5).join('\n')).toContain('print(json.dumps(');
  expect(errors).toEqual([]);
});
