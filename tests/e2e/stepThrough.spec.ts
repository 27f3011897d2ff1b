/**
 * The step-through calculator as an instructor uses it: stages by button and keyboard, a picked
 * cell marks where it came from, play advances on its own, bad input is explained in place, and
 * a copied link opens the same stage and cell on another screen.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/step-through/';

test('stages move by button and arrow keys; a picked cell marks its sources and spells out the sum', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await expect(calc.getByRole('table', { name: 'Q (queries)' })).toBeVisible();
  await expect(calc.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();

  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6: Raw scores/ })).toBeVisible();
  // S = QKᵀ next to the row of Q and the row of K it came from.
  const scores = calc.getByRole('table', { name: 'S = QKᵀ' });
  await expect(scores).toBeVisible();
  await scores.getByRole('button', { name: /^sat, cat:/ }).click();
  await expect(calc.locator('.step-through-explain')).toContainText('q₃·k₂');
  // Row 3 of Q (d = 4 cells) and row 2 of K are marked as sources.
  await expect(calc.getByRole('table', { name: 'Q (queries)' }).locator('td[class*="marked"]')).toHaveCount(4);
  await expect(calc.getByRole('table', { name: 'K (keys)' }).locator('td[class*="marked"]')).toHaveCount(4);

  // Arrow keys inside the matrix move the picked cell; outside it they move between stages.
  await scores.getByRole('button', { name: /^sat, cat:/ }).press('ArrowRight');
  await expect(calc.locator('.step-through-explain')).toContainText('q₃·k₃');
  await calc.getByRole('button', { name: 'Next →' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(calc.getByRole('heading', { name: /Stage 3 of 6: Scaled logits/ })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6: Raw scores/ })).toBeVisible();
  await page.keyboard.press('End');
  await expect(calc.getByRole('heading', { name: /Stage 6 of 6: Output/ })).toBeVisible();
  // The output cell comes from a row of weights and a column of V.
  await expect(calc.getByRole('table', { name: 'A = softmax(M)' })).toBeVisible();
  await expect(calc.getByRole('table', { name: 'V (values)' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(calc.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();
  await screenshot(calc, 'step-through');
  expect(await seriousViolations(page, '#walkthrough')).toEqual([]);
  expect(errors).toEqual([]);
});

test('play walks through the stages by itself and stops at the end', async ({ page }) => {
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await calc.getByLabel('Speed').selectOption('fast');
  await calc.getByRole('button', { name: 'Play' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6/ })).toBeVisible({ timeout: 3000 });
  await expect(calc.getByRole('heading', { name: /Stage 6 of 6/ })).toBeVisible({ timeout: 8000 });
  await expect(calc.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('a causal mask blanks later keys; a bad temperature is explained and the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await calc.getByLabel('Causal mask').check();
  await calc.getByRole('button', { name: /^4\. Masked logits/ }).click();
  const masked = calc.getByRole('table', { name: 'M (masked logits)' });
  await expect(masked.getByRole('button', { name: /^the, cat: −∞/ })).toBeVisible();
  await expect(masked.getByRole('button', { name: /^cat, the: −∞/ })).toHaveCount(0);
  const before = await masked.innerText();
  await calc.getByLabel('Temperature').fill('0');
  await expect(calc.getByRole('alert')).toHaveText('Temperature must be a number from 0.05 to 20.');
  await expect(calc.getByLabel('Temperature')).toHaveAccessibleDescription('Temperature must be a number from 0.05 to 20.');
  await expect.poll(() => masked.innerText()).toBe(before);
  await calc.getByLabel('Temperature').fill('2');
  await expect.poll(() => masked.innerText()).not.toBe(before);
  // Every message names the field as the page labels it, never by its key in the state.
  await calc.getByLabel('Real keys').fill('9');
  await expect(calc.getByRole('alert')).toHaveText('Real keys is 9 but there are only 4 tokens.');
  await calc.getByLabel('Real keys').fill('2.5');
  await expect(calc.getByRole('alert')).toHaveText(/^Real keys must be a whole number/);
  await expect(calc).not.toContainText('validKeys');
  await calc.getByLabel('Real keys').fill('3');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the copied link opens the same example, stage and cell in a new page; a tampered one opens the default with a notice', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await calc.getByLabel('Causal mask').check();
  await calc.getByRole('button', { name: /^5\. Attention weights/ }).click();
  await calc.getByRole('table', { name: 'A = softmax(M)' }).getByRole('button', { name: /^down, cat:/ }).click();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#walkthrough~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#walkthrough');
  await expect(restored.getByRole('heading', { name: /Stage 5 of 6: Attention weights/ })).toBeVisible();
  await expect(restored.getByLabel('Causal mask')).toBeChecked();
  await expect(restored.locator('.step-through-explain')).toContainText('A₄₂');

  const tampered = link.slice(0, -6) + 'AAAAAA';
  const third = await context.newPage();
  await third.goto(tampered);
  const fallback = third.locator('#walkthrough');
  await expect(fallback.locator('.calculator-notice')).toContainText('Showing this calculator');
  await expect(fallback.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();
});

test('the words match the widget: as many stages as it shows, and a masked row sums over its open keys only', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/calculators/');
  const card = page.locator('.lesson-card', { has: page.getByRole('link', { name: 'Step through scaled dot-product attention' }) });
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  const stages = await calc.locator('.step-through-stages li').count();
  expect(stages).toBe(6);
  await expect(page.locator('.lead')).toContainText('six stages');
  await expect(page.locator('.lesson-body')).not.toContainText('five stages');
  await page.goto('/calculators/');
  await expect(card.locator('.lesson-summary')).toContainText('six stages');

  await page.goto(PAGE);
  await calc.getByLabel('Causal mask').check();
  await calc.getByRole('button', { name: /^5\. Attention weights/ }).click();
  // Query "cat" (row 2) may attend "the" and "cat": 2 of the 4 keys.
  await calc.getByRole('table', { name: 'A = softmax(M)' }).getByRole('button', { name: /^cat, the:/ }).click();
  await expect(calc.locator('.step-through-explain')).toContainText('over its 2 keys not masked (of 4).');
  await calc.getByLabel('Causal mask').uncheck();
  await expect(calc.locator('.step-through-explain')).toContainText('over its 4 keys.');
  expect(errors).toEqual([]);
});
