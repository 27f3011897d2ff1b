/**
 * The self-versus-cross calculator: cross-attention as a heatmap and as lines between the two
 * sentences (keyboard reachable), the causal self-attention beside it, the honest note about
 * random projections and the toy alignment, inline errors, and a copied link that restores it.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, scrollToLive, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/self-versus-cross-attention/';
const CROSS = 'Cross-attention weights (target queries × source keys)';
const SELF = 'Target self-attention (causal)';

test('renders the preset: both heatmaps, the lines, and where Q, K and V come from', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#translation');
  await expect(calc.getByRole('grid', { name: CROSS })).toBeVisible();
  await expect(calc.getByRole('grid', { name: SELF })).toBeVisible();
  await expect(calc.getByTestId('cross-note')).toContainText('queries come from the target');
  await expect(calc.getByTestId('mode-explanation')).toContainText('random, not trained');
  await expect(calc.getByRole('button', { name: /^tapis \(target 7\) attends to/ })).toBeVisible();
  await screenshot(calc, 'cross-attention');
  expect(await seriousViolations(page, '#translation')).toEqual([]);
  expect(errors).toEqual([]);
});

test('target tokens are reachable by keyboard and hover; the toy alignment links chat to cat', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#translation');
  const readout = calc.getByTestId('lines-readout');
  await calc.getByRole('button', { name: /^chat \(target 2\)/ }).focus();
  await expect(readout).toContainText('chat (target 2) attends to:');
  await page.keyboard.press('ArrowRight');
  await expect(readout).toContainText('était (target 3) attends to:');
  await calc.getByRole('button', { name: /^tapis \(target 7\)/ }).hover();
  await expect(readout).toContainText('tapis (target 7)');

  const aligned = page.locator('#aligned');
  // Park the mouse outside both calculators: a pointer left over a token keeps that token shown.
  await page.mouse.move(0, 0);
  await aligned.scrollIntoViewIfNeeded();
  await expect(aligned.getByTestId('mode-explanation')).toContainText('Toy aligned');
  await aligned.getByRole('button', { name: /^chat \(target 2\)/ }).focus();
  await expect(aligned.getByTestId('lines-readout')).toContainText(/chat \(target 2\) attends to: cat 0\.98/);
  await aligned.getByRole('button', { name: /^assis \(target 4\)/ }).focus();
  await expect(aligned.getByTestId('lines-readout')).toContainText(/attends to: sat 0\.98/);
  await screenshot(aligned, 'cross-attention-aligned');
  expect(errors).toEqual([]);
});

test('editing the sentences and the mode changes the picture; bad input is explained and the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#translation');
  await expect(calc.getByRole('grid', { name: CROSS })).toBeVisible();
  const target = calc.getByLabel('Target (decoder)', { exact: true });
  await target.fill('le chien');
  await expect(calc.getByRole('button', { name: /^chien \(target 2\)/ })).toBeVisible();
  await expect(calc.getByRole('button', { name: /^tapis/ })).toHaveCount(0);

  await target.fill('');
  await expect(calc.getByRole('alert')).toContainText('Target (decoder): type 1 to 16 tokens');
  await expect(target).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByText('Showing the last valid result')).toBeVisible();
  await expect(calc.getByRole('button', { name: /^chien \(target 2\)/ })).toBeVisible();
  await target.fill('le chat');
  await expect(calc.getByRole('alert')).toHaveCount(0);

  await calc.getByLabel('Toy aligned').check();
  await expect(calc.getByTestId('mode-explanation')).toContainText('Toy aligned');
  const alignment = calc.getByLabel(/^Alignment/);
  await alignment.fill('1 9');
  await expect(calc.getByRole('alert')).toContainText('entry 2 is 9: each must be a source position from 1 to 6');
  await alignment.fill('1');
  await expect(calc.getByRole('alert')).toContainText('2 numbers, got 1');
  await alignment.fill('1 2');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await calc.getByRole('button', { name: /^chat \(target 2\)/ }).focus();
  await expect(calc.getByTestId('lines-readout')).toContainText(/attends to: cat 0\.98/);
  expect(errors).toEqual([]);
});

test('the copied link restores the same example in a new page; a tampered one opens the default with a notice', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = await scrollToLive(page.locator('#aligned'));
  await expect(calc.getByRole('grid', { name: CROSS })).toBeVisible();
  await calc.getByLabel(/^Alignment/).fill('1 2 3 4 4 5 6');
  await calc.getByRole('button', { name: /^assis \(target 4\)/ }).focus();
  await expect(calc.getByTestId('lines-readout')).toContainText(/attends to: on 0\.98/);
  const link = await copiedLink(page, calc);
  expect(link).toContain('#aligned~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#aligned');
  await expect(restored.getByLabel(/^Alignment/)).toHaveValue('1 2 3 4 4 5 6');
  await expect(restored.getByLabel('Toy aligned')).toBeChecked();
  await restored.getByRole('button', { name: /^assis \(target 4\)/ }).focus();
  await expect(restored.getByTestId('lines-readout')).toContainText(/attends to: on 0\.98/);

  const third = await context.newPage();
  await third.goto(link.slice(0, -6) + 'AAAAAA');
  const fallback = third.locator('#aligned');
  await expect(fallback.locator('.calculator-notice')).toContainText('Showing this calculator');
  await expect(fallback.getByLabel(/^Alignment/)).toHaveValue('1 2 3 3 4 5 6');
});
