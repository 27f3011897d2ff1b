/**
 * The shared matrix editor, as the step-through calculator uses it for typed Q, K and V: editing a
 * cell recomputes, a bad cell is marked and named until it is fixed, arithmetic is accepted, a
 * block pastes from a spreadsheet, the keyboard moves like a spreadsheet, columns are added,
 * random fill repeats with its seed, and the grid scrolls by itself at phone width.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/step-through/';

/** The walkthrough calculator with Q, K and V typed (4 tokens, d = 4). */
async function typedWalkthrough(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  // Pick only once the calculator has hydrated and computed (its numbers come from the worker):
  // a pick on the prerendered select is reset by hydration.
  await expect(calc.locator('td[data-cell]').first()).toBeVisible({ timeout: 20_000 });
  await calc.getByRole('combobox', { name: /^Q, K, V/ }).selectOption('typed');
  // The editor's chunk loads on first use; on a busy 2-core machine that can pass 5 s.
  await expect(cell(calc, 'Q', 1, 1)).toBeVisible({ timeout: 15_000 });
  return calc;
}

const cell = (calc: Locator, name: string, row: number, col: number) => calc.getByRole('textbox', { name: `${name} row ${row}, column ${col}`, exact: true });

/** Pastes text into the focused element as a real paste event carrying a DataTransfer. */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
    document.activeElement?.dispatchEvent(event);
  }, text);
}

test('editing a cell recomputes; a bad cell is marked and named until fixed; arithmetic is accepted', async ({ page }) => {
  const errors = watchErrors(page);
  const calc = await typedWalkthrough(page);
  await calc.getByRole('button', { name: 'Next →' }).click();
  const scores = calc.getByRole('table', { name: 'S = QKᵀ' });
  await expect(scores).toBeVisible();
  const before = await scores.innerText();

  const q11 = cell(calc, 'Q', 1, 1);
  await q11.fill('3');
  await expect.poll(() => scores.innerText()).not.toBe(before);
  const withThree = await scores.innerText();

  await q11.fill('abc');
  // 'abc' is the first cell that needs the expression evaluator, whose chunk (mathjs) loads now.
  await expect(q11).toHaveAttribute('aria-invalid', 'true', { timeout: 15_000 });
  const message = calc.getByText(/^Q row 1, column 1: "abc"/);
  await expect(message).toBeVisible();
  // The message describes the cell, and the last good result stays.
  const describedBy = await q11.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`[id="${describedBy!.split(' ')[0]}"]`)).toContainText('Q row 1, column 1');
  await expect.poll(() => scores.innerText()).toBe(withThree);

  await q11.fill('2');
  await expect(message).toHaveCount(0);
  await expect(q11).not.toHaveAttribute('aria-invalid', 'true');
  await expect.poll(() => scores.innerText()).not.toBe(withThree);
  const withTwo = await scores.innerText();

  // Arithmetic loads the evaluator on demand and is accepted.
  await q11.fill('1/sqrt(2)');
  await expect(q11).not.toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByText(/^Q row 1, column 1/)).toHaveCount(0);
  await expect.poll(() => scores.innerText()).not.toBe(withTwo);

  // An empty cell is an error of its own.
  await cell(calc, 'K', 2, 3).fill('');
  await expect(calc.getByText('K row 2, column 3 is empty: type a number.')).toBeVisible();
  await cell(calc, 'K', 2, 3).fill('0.5');
  await expect(calc.getByText('K row 2, column 3 is empty: type a number.')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a 2×2 block pasted from a spreadsheet fills the cells from the focused one; what does not fit is counted', async ({ page }) => {
  const errors = watchErrors(page);
  const calc = await typedWalkthrough(page);
  await cell(calc, 'Q', 2, 2).focus();
  await pasteText(page, '5\t6\n7\t8\n');
  await expect(cell(calc, 'Q', 2, 2)).toHaveValue('5');
  await expect(cell(calc, 'Q', 2, 3)).toHaveValue('6');
  await expect(cell(calc, 'Q', 3, 2)).toHaveValue('7');
  await expect(cell(calc, 'Q', 3, 3)).toHaveValue('8');
  await expect(calc.getByRole('status').filter({ hasText: 'Pasted a 2×2 block into Q at row 2, column 2.' })).toBeVisible();

  // Rows are fixed (one per token): a block hanging off the bottom is clipped, with a count.
  await cell(calc, 'V', 4, 1).focus();
  await pasteText(page, '1,2\n3,4');
  await expect(cell(calc, 'V', 4, 1)).toHaveValue('1');
  await expect(cell(calc, 'V', 4, 2)).toHaveValue('2');
  await expect(calc.getByRole('status').filter({ hasText: '2 values of the 2×2 block did not fit' })).toBeVisible();

  // JSON works too, and a wider block grows V's columns (free, up to 8).
  await cell(calc, 'V', 1, 4).focus();
  await pasteText(page, '[[9, 10]]');
  await expect(cell(calc, 'V', 1, 5)).toHaveValue('10');
  await expect(cell(calc, 'V', 2, 5)).toHaveValue('0');
  expect(errors).toEqual([]);
});

test('arrows, Tab, Enter and Escape move and edit like a spreadsheet', async ({ page }) => {
  const calc = await typedWalkthrough(page);
  const q = (row: number, col: number) => cell(calc, 'Q', row, col);
  await q(1, 1).focus();
  await page.keyboard.press('ArrowRight');
  await expect(q(1, 2)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(q(2, 2)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(q(3, 2)).toBeFocused();
  await page.keyboard.press('Shift+Enter');
  await expect(q(2, 2)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(q(2, 1)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(q(2, 1)).toBeFocused(); // stops at the edge
  await page.keyboard.press('Tab');
  await expect(q(2, 2)).toBeFocused();
  await page.keyboard.press('End');
  await expect(q(2, 4)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(q(3, 1)).toBeFocused(); // wraps to the next row
  await page.keyboard.press('Shift+Tab');
  await expect(q(2, 4)).toBeFocused();

  // Typing replaces the selected text; while editing, ← moves the caret, not the focus.
  const original = await q(2, 4).inputValue();
  await page.keyboard.type('12');
  await expect(q(2, 4)).toHaveValue('12');
  await page.keyboard.press('ArrowLeft');
  await expect(q(2, 4)).toBeFocused();
  // Escape puts back the text the cell had when it got the focus.
  await page.keyboard.press('Escape');
  await expect(q(2, 4)).toHaveValue(original);
  // Caret at the end: → leaves the cell (here the last column, so it stays), ↓ always moves.
  await page.keyboard.press('ArrowDown');
  await expect(q(3, 4)).toBeFocused();

  // Tab from the last cell leaves the grid (focus is never trapped).
  await q(4, 4).focus();
  await page.keyboard.press('Tab');
  await expect(q(4, 4)).not.toBeFocused();
  const leftTo = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
  expect(leftTo).not.toMatch(/^Q row/);
});

test('columns: V grows on its own, Q and K share d; random fill repeats with its seed; phone width scrolls the grid only', async ({ page }) => {
  const errors = watchErrors(page);
  const calc = await typedWalkthrough(page);
  // V: + column adds a fifth value dimension, and the V stage table shows it.
  await calc.getByRole('button', { name: 'Add column to V' }).click();
  await expect(cell(calc, 'V', 1, 5)).toHaveValue('0');
  await expect(calc.getByRole('table', { name: 'V (values)' }).getByText('v5', { exact: true })).toBeVisible();
  await expect(calc.getByRole('button', { name: 'Add row to V' })).toHaveCount(0); // rows are one per token

  // Q: + column changes d for Q and K together.
  await calc.getByRole('button', { name: 'Add column to Q' }).click();
  await expect(cell(calc, 'Q', 1, 5)).toBeVisible();
  await expect(cell(calc, 'K', 1, 5)).toHaveValue('0');
  await expect(calc.getByRole('table', { name: 'K (keys)' }).getByText('d5', { exact: true })).toBeVisible();
  await calc.getByRole('button', { name: 'Remove column from K' }).click();
  await expect(cell(calc, 'Q', 1, 5)).toHaveCount(0);
  await expect(cell(calc, 'K', 1, 5)).toHaveCount(0);

  // Random fill: the same seed gives the same numbers.
  await calc.getByLabel('Seed for Q').fill('42');
  await calc.getByRole('button', { name: 'Random fill Q' }).click();
  const first = await cell(calc, 'Q', 1, 1).inputValue();
  expect(Number.isFinite(Number(first))).toBe(true);
  const firstRow = await Promise.all([1, 2, 3, 4].map((j) => cell(calc, 'Q', 1, j).inputValue()));
  await cell(calc, 'Q', 1, 1).fill('100');
  await calc.getByRole('button', { name: 'Random fill Q' }).click();
  expect(await Promise.all([1, 2, 3, 4].map((j) => cell(calc, 'Q', 1, j).inputValue()))).toEqual(firstRow);
  await calc.getByLabel('Seed for Q').fill('-1');
  await calc.getByRole('button', { name: 'Random fill Q' }).click();
  await expect(calc.getByRole('alert').filter({ hasText: 'Q seed: The seed must be a whole number' })).toBeVisible();

  await screenshot(calc, 'matrix-editor');
  expect(await seriousViolations(page, '#walkthrough')).toEqual([]);

  // Phone width: the grid scrolls inside itself; the editor never pushes the page wider.
  await page.setViewportSize({ width: 380, height: 800 });
  await calc.getByRole('button', { name: 'Add column to V' }).click();
  await calc.getByRole('button', { name: 'Add column to V' }).click();
  const region = calc.getByRole('region', { name: /^V, 4 × 7, editable/ });
  await expect(region).toBeVisible();
  const box = await region.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(381);
  await cell(calc, 'V', 1, 7).focus();
  await expect(cell(calc, 'V', 1, 7)).toBeInViewport();
  expect(errors).toEqual([]);
});
