/**
 * The colour policy as a reader sees it (lib/heatmap/colourPolicy.ts): at a high temperature the
 * weights look as flat as they are, heads side by side share one scale and one legend, stretching
 * is a labelled checkbox the legend reports, and masked cells are hatched, not a colour.
 * Colours are read from the computed styles and fills, luminance computed in the page.
 */
import { expect, test, type Locator } from '@playwright/test';
import { seriousViolations, watchErrors } from './support/calculatorPage';

/** WCAG relative luminance of each element's computed background colour (tables) or fill (SVG). */
async function luminances(cells: Locator, property: 'backgroundColor' | 'fill'): Promise<number[]> {
  return cells.evaluateAll(
    (elements, prop) =>
      elements.map((el) => {
        const [r, g, b] = (getComputedStyle(el)[prop as 'fill'].match(/[\d.]+/g) ?? []).map(Number).map((c) => {
          const s = c / 255;
          return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      }),
    property,
  );
}

/** A calculator hydrates when its chunk and the worker pool have loaded: slow on a busy machine. */
const LOAD = 20_000;

const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

/**
 * How many times a reader sees text matching `pattern` inside `root`: elements whose own text
 * matches and whose box is more than a pixel each way (a visually hidden text for screen readers
 * is a 1 px box, and an empty live region has no text).
 */
async function timesSeen(root: Locator, pattern: RegExp): Promise<number> {
  return root.evaluate(
    (el, [source, flags]) => {
      const re = new RegExp(source, flags);
      return [el, ...el.querySelectorAll('*')].filter((e) => {
        const own = [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('');
        const box = e.getBoundingClientRect();
        return re.test(own) && box.width > 1 && box.height > 1 && getComputedStyle(e).visibility !== 'hidden';
      }).length;
    },
    [pattern.source, pattern.flags] as const,
  );
}

test('step-through: temperature 10 makes the weights look nearly uniform; stretching is a labelled choice', async ({ page }) => {
  test.slow(); // the axe scan of a whole calculator
  const errors = watchErrors(page);
  await page.goto('/calculators/step-through/');
  const calc = page.locator('#walkthrough');
  await expect(calc.getByRole('table', { name: 'Q (queries)' })).toBeVisible({ timeout: LOAD });
  await calc.getByRole('button', { name: /^5\. / }).click();
  const weights = calc.getByRole('table', { name: 'A = softmax(M)' });
  const cells = weights.locator('td[data-cell]');
  await expect(cells).toHaveCount(16);
  const legend = calc.getByRole('group', { name: 'Colour legend: weight' });
  // Soft checks (here and below): a broken policy shows every way it is broken in one run.
  await expect.soft(legend).toContainText('Fixed scale from 0 to 1');
  // The scores' legend too: the stage tables have one per kind of matrix.
  await expect.soft(calc.getByRole('group', { name: 'Colour legend: score or logit' })).toContainText('Centred on 0');

  const atT1 = spread(await luminances(cells, 'backgroundColor'));
  const firstAtT1 = await cells.first().textContent();
  await calc.getByLabel('Temperature').fill('10');
  await expect(cells.first()).not.toHaveText(firstAtT1 ?? '');
  const atT10 = spread(await luminances(cells, 'backgroundColor'));
  // Weights 0.01–0.66 at T = 1, 0.20–0.30 at T = 10: on the fixed scale the colours flatten with them.
  expect.soft(atT1).toBeGreaterThan(0.25);
  expect.soft(atT10).toBeLessThan(0.05);
  expect.soft(atT10).toBeLessThan(atT1 / 5);

  // Stretching spreads the flat weights over the palette again, and the legend says so.
  await legend.getByRole('checkbox', { name: "Stretch colours to this matrix's range" }).check();
  await expect(legend).toContainText(/Stretched to the range of this matrix, 0\.\d+ to 0\.\d+/);
  await expect.poll(async () => spread(await luminances(cells, 'backgroundColor'))).toBeGreaterThan(0.5);
  expect(await seriousViolations(page, '#walkthrough')).toEqual([]);
  expect(errors).toEqual([]);
});

test('multi-head: the heads share one scale and one legend; causal masks are hatched in heatmaps and stage tables', async ({ page }) => {
  test.slow(); // two calculator pages
  const errors = watchErrors(page);
  await page.goto('/calculators/multi-head-attention/');
  const calc = page.locator('#heads');
  const heads = [calc.getByRole('figure').filter({ has: page.getByRole('grid', { name: 'head 1', exact: true }) }), calc.getByRole('figure').filter({ has: page.getByRole('grid', { name: 'head 2', exact: true }) })];
  await expect(heads[0].getByRole('grid')).toBeVisible({ timeout: LOAD });
  // One legend for the weights of both heads, none inside each head's figure.
  await expect.soft(calc.getByRole('group', { name: 'Colour legend: weight' })).toHaveCount(1);
  await expect.soft(calc.getByRole('group', { name: 'Colour legend: weight' }).first()).toContainText('shared by the 2 heads');
  for (const head of heads) await expect.soft(head.getByRole('group', { name: /Colour legend/ })).toHaveCount(0);
  // Small multiples share one caption line and one hint: each head's caption is its title only.
  const shared = calc.locator('[data-small-multiples-note]');
  await expect.soft(shared).toHaveText(/^Each head: 6 × 6, rows are queries, columns are keys\. Point at a cell/);
  for (const head of heads) {
    expect.soft(await timesSeen(head, /Point at a cell|rows are queries/), 'hint or caption note repeated in a head').toBe(0);
    await expect.soft(head.locator('figcaption')).toHaveText(/^head \d\b/);
  }
  const heatmapsOutsideHeads = 2; // the concatenation and the output each keep their own
  expect.soft(await timesSeen(calc, /Point at a cell/), 'hints seen in the calculator').toBe(1 + heatmapsOutsideHeads);
  // The value still reads out: a tooltip beside the cell, and the head's live region for screen readers.
  await heads[1].getByRole('grid').hover({ position: { x: 60, y: 60 } });
  await expect.soft(page.locator('[data-heatmap-tooltip]')).toContainText(/weight \d/);
  await expect.soft(heads[1].locator('[aria-live="polite"]')).toContainText(/weight \d/);

  // Same scale: across both heads, a larger weight is never a darker colour (viridis brightens
  // monotonically). Per-head scales break this: 0.68 in one head and 0.99 in the other were both yellow.
  const pairs: [number, number][] = [];
  for (const head of heads) {
    await head.getByRole('button', { name: 'Show as table' }).click();
    const values = (await head.locator('table tbody td').allTextContents()).map(Number);
    const lum = await luminances(head.locator('[role=grid] svg > g').first().locator('rect'), 'fill');
    expect(values).toHaveLength(36);
    expect(lum).toHaveLength(36);
    values.forEach((v, k) => pairs.push([v, lum[k]]));
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const darkerForMore = pairs.filter((p, k) => k > 0 && p[0] - pairs[k - 1][0] > 0.002 && p[1] < pairs[k - 1][1]).map((p) => p[0]);
  expect.soft(darkerForMore, 'weights drawn darker than a smaller weight').toEqual([]);

  // Causal: masked cells are filled with the hatch pattern (two greys), not a colour of the scale.
  await calc.getByLabel('Causal (decoder)').check();
  const masked = heads[1].locator('[role=grid] svg > g').first().locator('rect[fill^="url(#"]');
  await expect.soft(masked).toHaveCount(15);
  const patternColours = await heads[1].locator('pattern').first().evaluate((pattern) => [...pattern.querySelectorAll('rect')].map((r) => getComputedStyle(r).fill));
  expect.soft(new Set(patternColours)).toEqual(new Set(['rgb(200, 200, 200)', 'rgb(150, 150, 150)']));
  await expect.soft(calc.getByRole('group', { name: 'Colour legend: weight' }).first().getByRole('img')).toHaveAttribute('aria-label', /grey hatched cells are masked/);
  expect(errors).toEqual([]);

  // The stage tables draw the same hatch, as a CSS background, for −∞ logits and masked weights.
  await page.goto('/calculators/step-through/');
  const walk = page.locator('#walkthrough');
  await expect(walk.getByRole('table', { name: 'Q (queries)' })).toBeVisible({ timeout: LOAD });
  await walk.getByLabel('Causal mask').check();
  await walk.getByRole('button', { name: /^5\. / }).click();
  // 4 tokens, causal: 6 masked cells in A and in M.
  for (const name of ['A = softmax(M)', 'M (masked logits)']) {
    const hatched = walk.getByRole('table', { name }).locator('td[data-cell][style*="repeating-linear-gradient"]');
    await expect.soft(hatched, name).toHaveCount(6);
    if ((await hatched.count()) === 0) continue;
    const image = await hatched.first().evaluate((td) => getComputedStyle(td).backgroundImage);
    expect.soft(image).toContain('rgb(150, 150, 150)');
    expect.soft(image).toContain('rgb(200, 200, 200)');
  }
  expect(errors).toEqual([]);
});
