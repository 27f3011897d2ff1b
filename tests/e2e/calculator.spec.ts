/**
 * The scaled dot-product calculator ("attention") in its lesson, as a learner uses it: results come
 * from the worker pool, edits change them, bad input is explained in place while the page keeps
 * working; and the suite's frame around it: presets, copy link, exports, more digits.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { copiedExport, copiedLink, grantClipboard, scrollToLive, seriousViolations, watchErrors } from './support/calculatorPage';

const LESSON = '/lessons/scaled-dot-product-attention/';

async function firstCalculator(page: Page): Promise<Locator> {
  await page.goto(LESSON);
  return scrollToLive(page.locator('#attention-1'));
}

// textContent: it reads the cells whatever their layout (innerText depends on rendering).
const outputText = async (calc: Locator) => (await calc.locator('table.matrix-table tbody td').allTextContents()).join(' ');
const weightsGrid = (calc: Locator) => calc.getByRole('grid', { name: 'Attention weights' });
/** The live line under the weights heatmap that reads out the hovered or focused cell. */
const weightsReadout = (calc: Locator) => calc.locator('figure', { has: calc.page().getByRole('grid', { name: 'Attention weights' }) }).locator('[aria-live="polite"]');

test('typing a number in Q changes the weights and the output; a bad cell is explained in place', async ({ page }) => {
  test.slow(); // several recomputations, and (first test) the arithmetic parser loaded on demand
  const errors = watchErrors(page);
  const calc = await firstCalculator(page);
  await calc.getByLabel('Type or paste').check();
  const q = calc.getByLabel('Q', { exact: true });
  await expect(q).not.toHaveValue('');
  const before = await outputText(calc);
  const grid = weightsGrid(calc);
  await grid.focus();
  const readout = weightsReadout(calc);
  const firstWeight = await readout.innerText();

  // Change the first number of Q's first row: row 1 of the weights and of the output must move.
  const text = await q.inputValue();
  const [firstRow, ...rest] = text.split('\n');
  const cells = firstRow.split(' ');
  cells[0] = String(Number(cells[0]) + 3);
  await q.fill([cells.join(' '), ...rest].join('\n'));
  await expect.poll(() => outputText(calc)).not.toBe(before);
  await grid.focus();
  await expect(readout).not.toHaveText(firstWeight);

  // A malformed cell: an inline message naming row and column; the last good result stays.
  const good = await outputText(calc);
  await q.fill([cells.join(' '), ...rest].join('\n').replace(/^(\S+)/, '$1x'));
  // A cell that is not a plain number loads the arithmetic parser (mathjs) first: give it time.
  await expect(calc.getByRole('alert')).toContainText(/Q row 1, column 1/, { timeout: 15_000 });
  await expect(q).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByText('Showing the last valid result')).toBeVisible();
  expect(await outputText(calc)).toBe(good);

  // Arithmetic is accepted (mathjs is loaded on demand), and the page works again.
  await q.fill([cells.join(' '), ...rest].join('\n').replace(/^(\S+)/, '1/sqrt(2)'));
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(q).not.toHaveAttribute('aria-invalid', 'true');
  expect(errors).toEqual([]);
});

test('the causal mask blanks the upper triangle of the weights', async ({ page }) => {
  const errors = watchErrors(page);
  const calc = await firstCalculator(page);
  await calc.getByLabel(/Causal/).check();
  await calc.getByRole('button', { name: 'Show as table' }).first().click();
  const table = calc.getByRole('region', { name: 'Attention weights, values as a table' });
  await expect(table).toBeVisible();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  expect(rows.length).toBe(6);
  rows.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (j > i) expect(cell, `weight (${i + 1}, ${j + 1})`).toMatch(/masked/i);
      else expect(cell, `weight (${i + 1}, ${j + 1})`).toMatch(/\d/);
    }),
  );
  // The first query sees only itself: weight 1.
  expect(rows[0][0]).toMatch(/^1(\.0+)?$/);
  expect(errors).toEqual([]);
});

test('hovering a cell shows its value and tokens; the grid is navigable with the keyboard', async ({ page }) => {
  const calc = await firstCalculator(page);
  const grid = weightsGrid(calc);
  const readout = weightsReadout(calc);
  await grid.scrollIntoViewIfNeeded();
  const box = (await grid.boundingBox())!;
  // Cells sit to the right of and below the token labels: aim for the last cell of the last row.
  await page.mouse.move(box.x + box.width - 12, box.y + box.height - 12);
  await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10);
  await expect(readout).toHaveText(/mat → mat: weight 0\.\d+/);

  await page.mouse.move(0, 0); // the pointer leaves, so the readout follows the keyboard
  await grid.focus();
  await expect(readout).toHaveText(/the → the: weight 0\.\d+/);
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveText(/the → cat/);
  await page.keyboard.press('ArrowDown');
  await expect(readout).toHaveText(/cat → cat/);
  await page.keyboard.press('End');
  await expect(readout).toHaveText(/cat → mat/);
});

test('two calculators on one page are independent; the second shows only the panels its block asks for', async ({ page }) => {
  await page.goto(LESSON);
  const calculators = page.locator('[data-calculator="attention"]');
  await expect(calculators).toHaveCount(2);
  const second = calculators.nth(1);
  await expect(weightsGrid(second)).toBeVisible({ timeout: 20_000 });
  await expect(second.getByRole('spinbutton', { name: 'd', exact: true })).toHaveValue('64');
  await (await scrollToLive(calculators.first())).getByRole('spinbutton', { name: 'd', exact: true }).fill('8');
  await scrollToLive(second);
  await expect(second.getByRole('spinbutton', { name: 'd', exact: true })).toHaveValue('64');
  // The large-d block shows scores and weights, no output table.
  await expect(second.getByRole('grid', { name: /^Scores/ })).toBeVisible();
  await expect(weightsGrid(second)).toBeVisible();
  await expect(second.locator('table.matrix-table')).toHaveCount(0);
});

test('an empty or out-of-range number gets a message at its field, and Reset restores the preset', async ({ page }) => {
  const errors = watchErrors(page);
  page.on('console', (m) => {
    // React's warnings (e.g. an input switching between controlled and uncontrolled) count; Chromium's
    // hint that a preloaded chunk was not used within 3 s of load does not: the chunks of calculators
    // further down are preloaded on purpose and used when the reader gets near them. Nor does
    // Playwright's note that it blocked the service worker (playwright.config.ts blocks it outside
    // offline.spec.ts).
    if (m.type() === 'warning' && !/preloaded using link preload but not used|Service Worker registration blocked by Playwright/.test(m.text())) errors.push(`warning: ${m.text()}`);
  });
  const calc = await firstCalculator(page);
  const d = calc.getByRole('spinbutton', { name: 'd', exact: true });
  await d.fill('');
  await expect(calc.getByRole('alert')).toHaveText('d must be a whole number from 1 to 512.');
  await expect(d).toHaveValue('');
  await calc.getByRole('spinbutton', { name: 'Temperature' }).fill('0');
  await expect(calc.getByRole('alert')).toHaveCount(2);
  await calc.getByRole('button', { name: 'Reset' }).click();
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(d).toHaveValue('4');
  await expect(calc.getByRole('spinbutton', { name: 'Temperature' })).toHaveValue('1');
  expect(errors).toEqual([]);
});

test('Q and K of ±1e200 overflow the scores: a message, the last good result kept, and no NaN on any cell', async ({ page }) => {
  test.slow(); // several recomputations of typed matrices
  const errors = watchErrors(page);
  const calc = await firstCalculator(page);
  await calc.getByLabel('Type or paste').check();
  const q = calc.getByLabel('Q', { exact: true });
  const k = calc.getByLabel('K', { exact: true });
  await expect(q).not.toHaveValue('');
  const goodQ = await q.inputValue();
  const noNaN = async () => {
    // Every number the calculator prints: heatmap cells (SVG text), tables, readouts.
    const text = await calc.evaluate((el) => el.textContent ?? '');
    expect(text).not.toMatch(/NaN/);
    await expect(calc.locator('svg text', { hasText: 'NaN' })).toHaveCount(0);
  };
  await noNaN();

  // q·k = Σ ±1e200 · ±1e200: every product is ±1e400, beyond float64 (the lesson used to show NaN cells).
  const shape = goodQ.split('\n').map((line) => line.trim().split(/\s+/).length);
  const huge = (flip: number) => shape.map((d, i) => Array.from({ length: d }, (_, j) => ((i + j + flip) % 2 === 0 ? '1e200' : '-1e200')).join(' ')).join('\n');
  // Q alone at ±1e200 still gives finite scores (K is small): that result is the last good one.
  const before = await outputText(calc);
  await q.fill(huge(0));
  await expect.poll(() => outputText(calc)).not.toBe(before);
  const good = await outputText(calc);
  await k.fill(huge(1));
  const alert = calc.getByRole('alert');
  await expect(alert).toContainText(/Scores overflow: scale · Q·Kᵀ reaches about −?\d(\.\d)?e400 in row 1, column 1/);
  await expect(alert).toContainText('Scale Q or K down');
  await expect(alert).toBeVisible();
  // Readable: real text size, not clipped away, inside the calculator's width.
  const box = (await alert.boundingBox())!;
  const calcBox = (await calc.boundingBox())!;
  expect(box.height).toBeGreaterThan(10);
  expect(box.x + box.width).toBeLessThanOrEqual(calcBox.x + calcBox.width + 1);
  await expect(calc.getByText('Showing the last valid result')).toBeVisible();
  expect(await outputText(calc)).toBe(good);
  await noNaN();

  // Back to the numbers from before: the message goes and the picture follows the input again.
  await q.fill(goodQ);
  await k.fill(goodQ);
  await expect(alert).toHaveCount(0);
  await expect.poll(() => outputText(calc)).not.toBe(good);
  await noNaN();
  expect(errors).toEqual([]);
});

test('the frame: a preset, more digits, the exports, and a copied link that reopens the same example', async ({ page, context }) => {
  test.slow(); // two page loads and a dozen recomputations
  const errors = watchErrors(page);
  await grantClipboard(context);
  const calc = await firstCalculator(page);

  // The lesson's worked example as a preset: typed Q, K, V and its outputs (3, 4) and (3.41, 4.41).
  await calc.locator('.calculator-toolbar select').selectOption('worked-example');
  await expect(calc.getByLabel('Type or paste')).toBeChecked();
  await expect(calc.getByLabel('Q', { exact: true })).toHaveValue('1 0\n0 1\n1 1');
  const firstRow = () => calc.locator('table.matrix-table tbody tr').first().locator('td').allTextContents();
  await expect.poll(firstRow).toEqual(['3', '4']);
  const second = calc.locator('table.matrix-table tbody tr').nth(1).locator('td');
  await expect(second.first()).toHaveText('3.407');

  // More digits: 8 significant digits in the output table instead of 4.
  await calc.getByLabel('More digits').check();
  await expect(second.first()).toHaveText('3.4066726');
  await calc.getByLabel('More digits').uncheck();
  await expect(second.first()).toHaveText('3.407');

  // Make it the learner's own: a causal mask, temperature 2 and a changed cell of V.
  await calc.getByLabel(/Causal/).check();
  await calc.getByRole('spinbutton', { name: 'Temperature' }).fill('2');
  await calc.getByLabel('V', { exact: true }).fill('1 2\n3 4\n5 7');
  // Causal: the first query sees only itself, so its output is the first row of V.
  await expect.poll(firstRow).toEqual(['1', '2']);
  await expect.poll(() => outputText(calc)).toContain('7');
  const output = await outputText(calc);

  // The exports reproduce this example.
  const numpy = await copiedExport(page, calc, 'NumPy');
  expect(numpy).toContain('import numpy as np');
  expect(numpy).toMatch(/\[5(\.0)?, 7(\.0)?\]/);
  expect(numpy).toMatch(/temperature = 2(\.0)?\b/);
  const csv = (await copiedExport(page, calc, 'CSV')).trim().split(/\r?\n/);
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/a,b,c$/);
  const weightsRows = csv.slice(1).map((line) => line.split(',').slice(1).map(Number));
  expect(weightsRows[0]).toEqual([1, 0, 0]);
  for (const row of weightsRows) expect(Math.abs(row.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-9);

  const link = await copiedLink(page, calc);
  expect(link).toContain('#attention-1~');
  const other = await context.newPage();
  const otherErrors = watchErrors(other);
  await other.goto(link);
  const reopened = other.locator('#attention-1');
  await expect(reopened.getByLabel('Type or paste')).toBeChecked();
  await expect(reopened.getByLabel('V', { exact: true })).toHaveValue('1 2\n3 4\n5 7');
  await expect(reopened.getByLabel(/Causal/)).toBeChecked();
  await expect(reopened.getByRole('spinbutton', { name: 'Temperature' })).toHaveValue('2');
  await expect.poll(() => outputText(reopened)).toBe(output);
  // Only the linked calculator changed.
  await expect(other.locator('#attention-2').getByRole('spinbutton', { name: 'd', exact: true })).toHaveValue('64');
  expect(await seriousViolations(other, '#attention-1')).toEqual([]);
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});
