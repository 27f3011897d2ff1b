/**
 * The learning-rate schedules calculator: four schedules from the page's preset with their values
 * at the chosen step, the step slider and checkboxes changing them, bad parameters explained in
 * place while the last curves stay, and a copied link restoring the example.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors, copiedExport } from './support/calculatorPage';

const PAGE = '/calculators/learning-rate-schedules/';

test('renders the four schedules and their learning rates at step 30', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#compare');
  // StepLR: 0.1 · 0.5^⌊30/25⌋; cosine: 0.05 · (1 + cos(0.3π)).
  await expect(calc.getByTestId('lr-stepDecay')).toHaveText('0.05');
  await expect(calc.getByTestId('lr-cosineAnnealing')).toHaveText('0.07939');
  await expect(calc.getByTestId('lr-warmupCosine')).toBeVisible();
  await expect(calc.getByRole('img', { name: /Learning rate over training\. 4 lines/ })).toBeVisible();
  await screenshot(calc, 'learning-rate-schedules');
  expect(await seriousViolations(page, '#compare')).toEqual([]);
  expect(errors).toEqual([]);
});

test('the step slider, the checkboxes and the log axis change what is shown', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#compare');
  await expect(calc.getByTestId('lr-stepDecay')).toHaveText('0.05');
  await calc.getByLabel('Step', { exact: true }).fill('60');
  await expect(calc.getByTestId('lr-stepDecay')).toHaveText('0.025');
  await calc.getByRole('checkbox', { name: 'ExponentialLR' }).uncheck();
  await expect(calc.getByTestId('lr-exponential')).toHaveCount(0);
  await expect(calc.getByRole('img', { name: /3 lines/ })).toBeVisible();
  await calc.getByLabel('Log y axis').check();
  await expect(calc.getByRole('img', { name: /learning rate \(log scale\)/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('bad parameters are explained next to their field and the last curves stay', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#compare');
  await expect(calc.getByTestId('lr-cosineAnnealing')).toHaveText('0.07939');
  const lr = calc.getByLabel('Base lr');
  await lr.fill('20');
  await expect(calc.getByRole('alert')).toContainText('Base lr: enter a number from');
  await expect(lr).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByTestId('lr-cosineAnnealing')).toHaveText('0.07939');
  await lr.fill('0.1');
  const etaMin = calc.locator('fieldset:not(.calculator-live)', { hasText: 'CosineAnnealingLR' }).getByLabel('eta_min');
  await etaMin.fill('0.5');
  await expect(calc.getByRole('alert')).toContainText("The cosine's eta_min (0.5) is above the base lr (0.1).");
  await expect(calc.getByTestId('lr-cosineAnnealing')).toHaveText('0.07939');
  await etaMin.fill('0.01');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(calc.getByTestId('lr-cosineAnnealing')).not.toHaveText('0.07939');
  expect(errors).toEqual([]);
});

test('the copied link restores the parameters and the step in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#compare');
  await calc.locator('fieldset:not(.calculator-live)', { hasText: 'CosineAnnealingLR' }).getByLabel('T_max').fill('50');
  await calc.getByLabel('Step', { exact: true }).fill('70');
  await expect(calc.getByText('70 / 100')).toBeVisible();
  // The step shows at once, the rates when the worker answers: wait for T_max = 50's rate before
  // reading it (by hand: 0.1 · (1 + cos(π · 70/50)) / 2 = 0.03455; T_max = 100 gave 0.02061).
  await expect(calc.getByTestId('lr-cosineAnnealing')).toHaveText('0.03455');
  const cosine = await calc.getByTestId('lr-cosineAnnealing').innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#compare~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#compare');
  await expect(restored.getByText('70 / 100')).toBeVisible();
  await expect(restored.locator('fieldset:not(.calculator-live)', { hasText: 'CosineAnnealingLR' }).getByLabel('T_max')).toHaveValue('50');
  await expect(restored.getByTestId('lr-cosineAnnealing')).toHaveText(cosine);
});

test('the NumPy, PyTorch, CSV exports are offered; the NumPy snippet is copied with JSON printed last', async ({ page, context }) => {
  await grantClipboard(context);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#compare');
  const code = await copiedExport(page, calc, 'NumPy');
  expect(code).toContain('import numpy as np');
  expect(code).toContain('"CosineAnnealingLR"');
  expect(code.trimEnd().split('\n').slice(-5).join('\n')).toContain('print(json.dumps(');
  expect(errors).toEqual([]);
});
