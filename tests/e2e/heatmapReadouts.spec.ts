/**
 * Readouts that fit: a heatmap's tooltip at the cells on its left, right, top and bottom edges,
 * with those cells at the edges of the viewport, on a phone (390 px) and a desktop, lies wholly
 * inside the viewport and is clipped by nothing around the figure; its text is whole (both token
 * words and the number the table shows). Keyboard focus places it as hover does. Numbers in
 * tooltips and native titles have the calculator's digits, and every digit only with "More digits".
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/multi-head-attention/';
const TOKENS = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
const LAST = TOKENS.length - 1;
const TOOLTIP = '[data-heatmap-tooltip]';
const LOAD_TIMEOUT = 20_000;

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A cell's box in viewport pixels, from the cells the figure draws (SVG rects, or the canvas). */
function cellRect(grid: Locator, row: number, col: number): Promise<Rect> {
  return grid.evaluate(
    (g, at) => {
      const rows = Number(g.getAttribute('aria-rowcount'));
      const cols = Number(g.getAttribute('aria-colcount'));
      const canvas = g.querySelector('canvas');
      let plot: Rect;
      if (canvas) plot = canvas.getBoundingClientRect();
      else {
        const rects = g.querySelectorAll('svg > g:first-of-type > rect');
        const a = rects[0].getBoundingClientRect();
        const b = rects[rects.length - 1].getBoundingClientRect();
        plot = { left: a.left, top: a.top, width: b.right - a.left, height: b.bottom - a.top };
      }
      const w = plot.width / cols;
      const h = plot.height / rows;
      return { left: plot.left + at.col * w, top: plot.top + at.row * h, width: w, height: h };
    },
    { row, col },
  );
}

/**
 * Scrolls the figure sideways to the cell's column and the page so that the viewport's top or
 * bottom edge cuts through the cell, 40 % of it out of view: the worst place for a box drawn next
 * to it. Returns the middle of the cell's visible part, where the pointer goes.
 */
async function bringToEdge(page: Page, grid: Locator, row: number, col: number, edge: 'top' | 'bottom'): Promise<{ x: number; y: number }> {
  await grid.evaluate((g, last) => {
    const scroller = g.parentElement as HTMLElement;
    scroller.scrollLeft = last ? scroller.scrollWidth : 0;
  }, col > 0);
  const r = await cellRect(grid, row, col);
  const viewportHeight = await page.evaluate(() => document.documentElement.clientHeight);
  const by = edge === 'top' ? r.top + 0.4 * r.height : r.top + 0.6 * r.height - viewportHeight;
  await page.evaluate((dy) => window.scrollBy(0, dy), by);
  const now = await cellRect(grid, row, col);
  const visibleTop = Math.max(now.top, 0);
  const visibleBottom = Math.min(now.top + now.height, viewportHeight);
  return { x: now.left + now.width / 2, y: (visibleTop + visibleBottom) / 2 };
}

/** Where the tooltip is, what clips it, and whether its text lies inside its box. */
function tooltipGeometry(page: Page) {
  return page.locator(TOOLTIP).evaluate((tip) => {
    const box = tip.getBoundingClientRect();
    const clippedBy: string[] = [];
    for (let a = tip.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.contentVisibility === 'auto' || /paint|strict|content/.test(s.contain);
      if (!clips) continue;
      const c = a.getBoundingClientRect();
      if (box.left < c.left - 0.5 || box.right > c.right + 0.5 || box.top < c.top - 0.5 || box.bottom > c.bottom + 0.5) clippedBy.push(a.className);
    }
    const range = document.createRange();
    range.selectNodeContents(tip);
    const textOutside = [...range.getClientRects()].filter(
      (q) => q.width > 0 && (q.left < box.left - 0.5 || q.right > box.right + 0.5 || q.top < box.top - 0.5 || q.bottom > box.bottom + 0.5),
    ).length;
    return {
      box: { left: box.left, top: box.top, right: box.right, bottom: box.bottom },
      viewport: { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
      clippedBy,
      textOutside,
      overflows: tip.scrollWidth > tip.clientWidth + 0.5 || tip.scrollHeight > tip.clientHeight + 0.5,
    };
  });
}

async function expectWholeAndInside(page: Page, where: string): Promise<Rect> {
  const tip = page.locator(TOOLTIP);
  await expect(tip, where).toBeInViewport({ ratio: 1 });
  const g = await tooltipGeometry(page);
  expect(g.box.left, `${where}: left edge`).toBeGreaterThanOrEqual(0);
  expect(g.box.top, `${where}: top edge`).toBeGreaterThanOrEqual(0);
  expect(g.box.right, `${where}: right edge`).toBeLessThanOrEqual(g.viewport.width);
  expect(g.box.bottom, `${where}: bottom edge`).toBeLessThanOrEqual(g.viewport.height);
  expect(g.clippedBy, `${where}: clipped by an ancestor`).toEqual([]);
  expect(g.textOutside, `${where}: text outside the box`).toBe(0);
  expect(g.overflows, `${where}: text overflows the box`).toBe(false);
  return { left: g.box.left, top: g.box.top, width: g.box.right - g.box.left, height: g.box.bottom - g.box.top };
}

/** The values table of the head 1 figure (what a cell's number must read in full). */
async function openTable(figure: Locator): Promise<Locator> {
  await figure.getByRole('button', { name: 'Show as table' }).click();
  const table = figure.getByRole('table');
  await expect(table).toBeVisible();
  return table;
}

const tableCell = (table: Locator, row: number, col: number) => table.locator('tbody tr').nth(row).locator('td').nth(col);

/** Significant digits of a printed number ("0.04279" → 4, "2.6906042" → 8). */
function significant(text: string): number {
  return text
    .replace(/e.*$/, '')
    .replace(/[−.]/g, '')
    .replace(/^0+|0+$/g, '').length;
}

async function openHeads(page: Page) {
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  const grid = calc.getByRole('grid', { name: 'head 1', exact: true });
  // The calculator's chunk and the worker's first result: slow on a busy machine.
  await expect(grid).toBeVisible({ timeout: LOAD_TIMEOUT });
  const figure = calc.locator('figure').filter({ has: page.getByRole('grid', { name: 'head 1', exact: true }) });
  return { calc, grid, figure };
}

for (const viewport of [
  { width: 390, height: 844, name: 'phone' },
  { width: 1280, height: 800, name: 'desktop' },
]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('tooltips of the edge cells lie inside the viewport with their whole text; focus places them like hover', async ({ page }) => {
      // Eight placements, each measured, and four screenshots: about 15 s alone, twice that on a busy CI machine.
      test.slow();
      const errors = watchErrors(page);
      const { grid, figure } = await openHeads(page);
      const table = await openTable(figure);
      const tip = page.locator(TOOLTIP);

      const corners = [
        { row: 0, col: 0, edge: 'top' },
        { row: 0, col: LAST, edge: 'top' },
        { row: LAST, col: 0, edge: 'bottom' },
        { row: LAST, col: LAST, edge: 'bottom' },
      ] as const;
      let hoverBox: Rect | null = null;
      for (const { row, col, edge } of corners) {
        const where = `${TOKENS[row]} → ${TOKENS[col]} at the ${edge} of the viewport`;
        const point = await bringToEdge(page, grid, row, col, edge);
        await page.mouse.move(point.x, point.y);
        const number = await tableCell(table, row, col).innerText();
        await expect(tip, where).toHaveText(`${TOKENS[row]} → ${TOKENS[col]}: weight ${number}`);
        hoverBox = await expectWholeAndInside(page, where);
      }

      // The keyboard's cell gets the box where the pointer's did (the last corner, mat → mat).
      await page.mouse.move(0, 0);
      await expect(tip).toHaveCount(0);
      // Without scrolling: the cell stays at the viewport's bottom edge, where the pointer found it.
      await grid.evaluate((g) => (g as HTMLElement).focus({ preventScroll: true }));
      await page.keyboard.press('Control+End');
      await expect(tip).toHaveText(/^mat → mat: weight /);
      const keyBox = await expectWholeAndInside(page, 'mat → mat by keyboard');
      expect(Math.abs(keyBox.left - hoverBox!.left)).toBeLessThan(1);
      expect(Math.abs(keyBox.top - hoverBox!.top)).toBeLessThan(1);
      await screenshot(page, `heatmap-tooltip-${viewport.name}-light`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await expectWholeAndInside(page, 'dark theme');
      await screenshot(page, `heatmap-tooltip-${viewport.name}-dark`);
      await page.emulateMedia({ colorScheme: 'light' });

      // The other corners from the keyboard, and Escape puts the box away until the next move.
      await page.keyboard.press('Control+Home');
      await expect(tip).toHaveText(/^the → the: weight /);
      await expectWholeAndInside(page, 'the → the by keyboard');
      await page.keyboard.press('End');
      await expect(tip).toHaveText(/^the → mat: weight /);
      await expectWholeAndInside(page, 'the → mat by keyboard');
      await page.keyboard.press('Escape');
      await expect(tip).toHaveCount(0);
      await page.keyboard.press('ArrowDown');
      await expect(tip).toHaveText(/^cat → mat: weight /);
      expect(errors).toEqual([]);
    });
  });
}

test('tooltips and titles show the calculator\'s digits, and every digit only with "More digits"', async ({ page }) => {
  test.slow(); // hover, toggle, hover again and read the table: over 20 s on a busy 2-core machine
  const errors = watchErrors(page);
  const { calc, grid, figure } = await openHeads(page);
  const table = await openTable(figure);
  const tip = page.locator(TOOLTIP);
  const readout = figure.locator('[aria-live="polite"]');
  const hover = async (row: number, col: number) => {
    await grid.scrollIntoViewIfNeeded();
    const cell = await cellRect(grid, row, col);
    await page.mouse.move(cell.left + cell.width / 2, cell.top + cell.height / 2);
    await expect(tip).toContainText(`${TOKENS[row]} → ${TOKENS[col]}: weight `);
  };

  await hover(LAST, 1);
  const lines = (await tip.innerText()).split('\n');
  expect(lines, 'one line, no "exact" digits').toHaveLength(1);
  const short = /: weight (\S+)$/.exec(lines[0])![1];
  expect(significant(short), short).toBeLessThanOrEqual(4);
  await expect(readout).toHaveText(`mat → cat: weight ${short}`);
  const cell = tableCell(table, LAST, 1);
  await expect(cell).toHaveText(short);
  await expect(cell).toHaveAttribute('title', short);

  await page.mouse.move(0, 0);
  await calc.getByLabel('More digits').check();
  await hover(LAST, 1);
  const [first, second] = (await tip.innerText()).split('\n');
  const long = /: weight (\S+)$/.exec(first)![1];
  expect(significant(long), long).toBeGreaterThan(4);
  expect(significant(long), long).toBeLessThanOrEqual(8);
  const exact = /^exact: (\S+)$/.exec(second)![1];
  expect(significant(exact), exact).toBeGreaterThan(8);
  expect(Number(Number(exact).toPrecision(8))).toBe(Number(long));
  expect(Number(long).toPrecision(4)).toBe(Number(short).toPrecision(4));
  await expect(readout).toHaveText(`mat → cat: weight ${long}`);
  await expect(cell).toHaveText(long);
  await expect(cell).toHaveAttribute('title', exact);
  expect(errors).toEqual([]);
});

test('the step-through\'s cell titles have its digits, and every digit only with "More digits"', async ({ page }) => {
  test.slow(); // hover, toggle, hover again and read the table: over 20 s on a busy 2-core machine
  const errors = watchErrors(page);
  await page.goto('/calculators/step-through/');
  const calc = page.locator('#walkthrough');
  await expect(calc.getByRole('table', { name: 'Q (queries)' })).toBeVisible({ timeout: LOAD_TIMEOUT });
  // The table is in the build's HTML; a key pressed before the calculator hydrates goes nowhere.
  const next = calc.getByRole('button', { name: 'Next →' });
  await expect(next).toBeEnabled({ timeout: LOAD_TIMEOUT });
  await next.focus();
  await page.keyboard.press('End');
  const weights = calc.getByRole('table', { name: 'A = softmax(M)' });
  await expect(weights).toBeVisible();
  // A weight that is not a round number (the first row of a causal mask is 1, 0, 0, …).
  const cell = weights.locator('td[data-cell]').filter({ hasText: '.' }).last();
  const short = await cell.innerText();
  expect(significant(short), short).toBeLessThanOrEqual(4);
  await expect(cell).toHaveAttribute('title', short);

  await calc.getByLabel('More digits').check();
  await expect.poll(async () => significant(await cell.innerText())).toBeGreaterThan(4);
  const long = await cell.innerText();
  const title = (await cell.getAttribute('title'))!;
  expect(significant(title), title).toBeGreaterThan(8);
  expect(Number(Number(title).toPrecision(8))).toBe(Number(long));
  expect(errors).toEqual([]);
});
