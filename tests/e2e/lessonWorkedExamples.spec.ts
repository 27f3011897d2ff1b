/**
 * Lessons quote numbers read off their embedded calculators ("at epoch 45 … 3.16 × 10⁻³", "drops
 * about two thirds of the weights while the output moves by about 2.5 %"). These checks read the
 * same numbers from the rendered widgets, so a changed preset or embed that would make the prose
 * wrong fails here, where a reader would see the contradiction.
 */
import { expect, test } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';

// Lesson pages mount several calculators at once, whose workers can take many seconds on a loaded
// 2-core machine.
// (Each calculator's own page runs the axe checks; these tests only compare numbers with the prose.)
test.describe.configure({ timeout: 90_000 });

test('training lesson: the step-vs-exponential embed shows the worked example\'s rates at epoch 45', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/lessons/training-attention-models/');
  const prose = page.locator('p').filter({ hasText: 'An exponential decay that reaches the same milestones' });
  await expect(prose).toContainText('about a third of the');
  const calc = page.locator('#lesson-training-step-exp');
  await calc.scrollIntoViewIfNeeded();
  await expect(calc.getByText('Learning rate at step 45')).toBeVisible({ timeout: 30_000 });
  await expect(calc.getByTestId('lr-stepDecay')).toHaveText('0.01');
  // The lesson says ≈ 3.16 × 10⁻³; the widget shows γ = 0.9261's value to 4 digits.
  await expect(calc.getByTestId('lr-exponential')).toHaveText('0.003159');
  await expect(calc.getByTestId('lr-cosineAnnealing')).toHaveCount(0);
  await expect(calc.getByRole('img', { name: /2 lines/ })).toBeVisible();
  await expect(calc.getByRole('img', { name: /log scale/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('training lesson: the int8 embed shows int8 weights off by about 0.11 and fp16/bf16 under 0.005', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/lessons/training-attention-models/');
  const calc = page.locator('#lesson-training-int8');
  await calc.scrollIntoViewIfNeeded();
  const table = calc.getByRole('table', { name: /Error against float64/ });
  const weightsMax = async (format: string) =>
    Number(await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: format, exact: true }) }).getByRole('cell').first().innerText());
  await expect(table.getByRole('rowheader', { name: 'int8', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => weightsMax('int8')).toBeGreaterThan(0.1);
  expect(await weightsMax('int8')).toBeLessThan(0.12);
  expect(await weightsMax('fp16')).toBeLessThan(0.005);
  expect(await weightsMax('bf16')).toBeLessThan(0.005);
  expect(errors).toEqual([]);
});

test('long-sequences lesson: the peaked embed drops about two thirds of the weights for about 2.5 %', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/lessons/long-sequences/');
  await expect(page.locator('p').filter({ hasText: 'Pruning pays when attention is peaked' })).toContainText('about two thirds');
  const calc = page.locator('#lesson-long-pruning');
  await calc.scrollIntoViewIfNeeded();
  const sparsity = calc.getByTestId('sparsity');
  await expect(sparsity).toContainText('%', { timeout: 30_000 });
  const percent = Number((await sparsity.innerText()).match(/[\d.]+/)![0]);
  expect(percent).toBeGreaterThan(62);
  expect(percent).toBeLessThan(72);
  const relative = Number(await calc.getByTestId('relative-error').innerText());
  expect(relative).toBeGreaterThan(0.02);
  expect(relative).toBeLessThan(0.03);
  expect(errors).toEqual([]);
});
