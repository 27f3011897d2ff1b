/**
 * A printed lesson is the lesson: its text, formulas and each calculator's current picture
 * (heatmaps, tables of numbers), without the controls that do nothing on paper — buttons, fields,
 * the keyboard help, copy and share, the theme toggle and the page's navigation.
 */
import { expect, test } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';

const LESSON = '/lessons/scaled-dot-product-attention/';

test('a printed lesson keeps the text and the calculators\' pictures and leaves every control out', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto(LESSON);
  // The pictures are drawn once the calculators have their numbers.
  const heatmapCells = page.locator('main .calculator figure svg rect').filter({ visible: true });
  await expect(heatmapCells.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main .calculator td[data-cell]').first()).toBeVisible({ timeout: 30_000 });
  const onScreen = await page.locator('main button, main input, main select, .theme-toggle').count();
  expect(onScreen, 'controls on the screen').toBeGreaterThan(10);
  await expect(page.getByText('use the arrow keys, to read a value').first()).toBeVisible();

  await page.emulateMedia({ media: 'print' });

  // Nothing a reader would press or type into, and none of the screen's help or navigation.
  const visibleControls = await page.evaluate(() =>
    // A matrix's cells are its numbers, and print as text: every other field is a control.
    [...document.querySelectorAll('button, input:not(table input), select, textarea, label[for], .calculator label, .keyboard-help, .theme-toggle, .site-header, .site-footer, nav, .calculator-toolbar')]
      .filter((e) => (e as HTMLElement).checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}"`),
  );
  expect(visibleControls, 'controls, keyboard help and navigation that would print').toEqual([]);
  await expect(page.getByText('use the arrow keys, to read a value').first()).toBeHidden();
  await expect(page.getByRole('button', { name: 'Copy link' }).first()).toBeHidden();

  // The content and the pictures stay, at a readable size and in colour.
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('.lesson-body p').first()).toBeVisible();
  await expect(page.locator('.lesson-body .katex').first()).toBeVisible();
  const heatmap = page.locator('main .calculator figure svg').filter({ has: page.locator('rect'), visible: true }).first();
  await expect(heatmap).toBeVisible();
  expect((await heatmap.boundingBox())!.height, 'the heatmap is drawn at full size').toBeGreaterThan(100);
  const matrix = page.locator('main .calculator td[data-cell]').first();
  await expect(matrix).toBeVisible();
  expect(await matrix.evaluate((e) => getComputedStyle(e.closest('.calculator')!).printColorAdjust), 'cell colours print').toBe('exact');
  expect(await page.locator('.check-yourself article').first().isVisible(), 'the questions print').toBe(true);

  // A real printout, to look at: test-results (ignored by git), not a check.
  const pdf = await page.pdf({ format: 'A4' });
  await testInfo.attach('lesson.pdf', { body: pdf, contentType: 'application/pdf' });
  expect(pdf.byteLength).toBeGreaterThan(10_000);
  expect(errors).toEqual([]);
});

test('typed matrices print their numbers as text in the table, not as empty boxes', async ({ page }) => {
  await page.goto('/calculators/step-through/');
  const cells = page.locator('main .calculator table input');
  await expect(cells.first()).toBeVisible({ timeout: 30_000 });
  expect(await cells.count()).toBeGreaterThan(6);
  await page.emulateMedia({ media: 'print' });
  const printed = await cells.evaluateAll((inputs) =>
    inputs.map((input) => {
      const style = getComputedStyle(input);
      return { shown: (input as HTMLElement).checkVisibility(), value: (input as HTMLInputElement).value, border: style.borderTopWidth };
    }),
  );
  expect(printed.filter((c) => !c.shown || c.value.trim() === '' || c.border !== '0px'), 'matrix cells that print as blanks or boxes').toEqual([]);
  // Their tools (add a column, a seed, random fill) are controls: they stay off the paper.
  await expect(page.getByRole('button', { name: /^Add column/ }).first()).toBeHidden();
  await expect(page.getByLabel(/^Seed for/).first()).toBeHidden();
});
