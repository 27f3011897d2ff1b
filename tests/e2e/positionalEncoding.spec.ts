/**
 * The positional-encodings calculator: the sinusoidal table and similarities from the preset,
 * rotary q·k that moves with the positions but not with a shift of both, bad numbers explained in
 * place, and a copied link that opens the same example.
 */
import { expect, test, type Locator } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors, copiedExport, scrollToLive } from './support/calculatorPage';

const PAGE = '/calculators/positional-encodings/';
const dot = (calc: Locator) => calc.getByTestId('rotary-dot');

/** The q·k column of the shift table. */
async function shiftedDots(calc: Locator): Promise<string[]> {
  return calc.locator('table', { hasText: 'Shift both positions' }).locator('tbody tr td:nth-child(3)').allInnerTexts();
}

test('renders the preset: the table, the similarities, the curve and the rotary pair', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#positions');
  await expect(calc.getByRole('grid', { name: /Sinusoidal PE: 64 positions \(rows\) × 32 dimensions/ })).toBeVisible();
  await expect(calc.getByRole('grid', { name: /PE\[p\] · PE\[q\], 64 × 64/ })).toBeVisible();
  await expect(calc.getByRole('figure', { name: /^PE\[16\]\ ·\ PE\[q\]\ against\ the\ distance\ q\ −\ 16/ })).toBeVisible();
  await expect(dot(calc)).toHaveText(/\d/);
  const dots = await shiftedDots(calc);
  expect(dots).toHaveLength(6);
  expect(new Set(dots).size).toBe(1);
  await screenshot(calc, 'positional-encoding');
  expect(await seriousViolations(page, '#positions')).toEqual([]);
  expect(errors).toEqual([]);
});

test('moving one position changes q·k; the shift table stays constant', async ({ page }) => {
  await page.goto(PAGE);
  const calc = page.locator('#positions');
  await expect(dot(calc)).toHaveText(/\d/);
  // The build's numbers are there before hydration; keys pressed on its controls before then do nothing.
  await scrollToLive(calc);
  const before = await dot(calc).innerText();
  const slider = calc.getByRole('slider', { name: /Key position n/ });
  const k = Number(await slider.inputValue());
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  // The keys reached the state at once; the new q·k is the page's first call to the worker, which
  // starts the worker first: on a loaded machine that can take longer than the default 5 s.
  await expect(calc.getByText(`Key position n = ${k + 2}`)).toBeVisible();
  await expect(dot(calc)).not.toHaveText(before, { timeout: 20_000 });
  await expect.poll(async () => new Set(await shiftedDots(calc)).size).toBe(1);
  await calc.getByRole('spinbutton', { name: 'Reference position' }).fill('40');
  await expect(calc.getByRole('figure', { name: /^PE\[40\]\ ·\ PE\[q\]\ against\ the\ distance\ q\ −\ 40/ })).toBeVisible();
});

test('bad numbers are explained at their field; the last result stays and the page keeps working', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#positions');
  await expect(dot(calc)).toHaveText(/\d/);
  await calc.getByRole('spinbutton', { name: 'Reference position' }).fill('100');
  await expect(calc.getByRole('alert')).toHaveText('The reference position must be below n = 64 (positions are 0 … 63).');
  await expect(calc.getByRole('figure', { name: /^PE\[16\]\ ·\ PE\[q\]\ against\ the\ distance\ q\ −\ 16/ })).toBeVisible();
  await calc.getByText('Type positions, θ, q and k').click();
  await calc.getByRole('spinbutton', { name: 'θ (radians per position)' }).fill('9');
  await expect(calc.getByRole('alert')).toHaveCount(2);
  await calc.getByRole('spinbutton', { name: 'Reference position' }).fill('10');
  await expect(calc.getByRole('alert')).toHaveCount(1);
  await expect(calc.getByRole('figure', { name: /^PE\[10\]\ ·\ PE\[q\]\ against\ the\ distance\ q\ −\ 10/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the copied link opens the same example in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#positions');
  await calc.getByText('Type positions, θ, q and k').click();
  await expect(dot(calc)).toHaveText(/\d/);
  const dotBefore = await dot(calc).innerText();
  await calc.getByRole('spinbutton', { name: 'θ (radians per position)' }).fill('-1.25');
  await calc.getByRole('spinbutton', { name: 'Positions n' }).fill('40');
  await expect(calc.getByRole('grid', { name: /Sinusoidal PE: 40 positions/ })).toBeVisible();
  // The rotation's numbers come from the worker: wait for the ones for the new θ, not the old.
  await expect(dot(calc)).not.toHaveText(dotBefore);
  const shownDot = await dot(calc).innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#positions~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#positions');
  await expect(restored.getByRole('grid', { name: /Sinusoidal PE: 40 positions/ })).toBeVisible();
  await expect(restored.getByRole('slider', { name: /θ = -1.25/ })).toBeVisible();
  await expect(dot(restored)).toHaveText(shownDot);
});

test('readable at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto(PAGE);
  const calc = page.locator('#positions');
  await expect(dot(calc)).toHaveText(/\d/);
  const overflow = await calc.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await screenshot(calc, 'positional-encoding-phone');
});

test('the NumPy, PyTorch, CSV exports are offered; the PyTorch snippet is copied with JSON printed last', async ({ page, context }) => {
  await grantClipboard(context);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#positions');
  const code = await copiedExport(page, calc, 'PyTorch');
  expect(code).toContain('import torch');
  expect(code).toContain('torch.sin(angle)');
  expect(code.trimEnd().split('\n').slice(-5).join('\n')).toContain('print(json.dumps(');
  expect(errors).toEqual([]);
});
