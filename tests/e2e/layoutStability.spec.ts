/**
 * Nothing moves while a page finishes loading (issue 13): not when the web fonts arrive, and not
 * when a calculator hydrates and gets its first numbers. What a reader would see as the page
 * jumping is measured as geometry: where text sits with and without the web fonts, and each
 * calculator's height before hydration (a ResizeObserver from the first layout) and once its
 * picture is complete. Lighthouse's CLS over whole pages is in `npm run bench:lighthouse`.
 */
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';
import { RECORD_CALCULATOR_HEIGHTS } from '../../bench/recordCalculatorHeights';

const WIDTHS = [390, 1280] as const;
/** How far text may move when the fonts swap: sub-pixel rounding, not a line of text. */
const TOLERANCE_PX = 3;
/** How much a calculator's height may change on hydration (as bench:browser's target): not a line. */
const HEIGHT_TOLERANCE_PX = 8;

/** Top and height of the home page's text blocks and the footer, once every font has settled. */
async function textGeometry(page: Page): Promise<{ what: string; top: number; height: number }[]> {
  await page.evaluate(() => document.fonts.ready);
  return page.locator('main h1, main h2, main h3, main p, main li, footer').evaluateAll((elements) =>
    elements.map((el) => {
      const box = el.getBoundingClientRect();
      return { what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`, top: Math.round(box.top + scrollY), height: Math.round(box.height) };
    }),
  );
}

for (const width of WIDTHS) {
  test(`the web fonts swap in without moving the home page's text (${width} px)`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto('/');
    const withFonts = await textGeometry(page);
    expect(await page.evaluate(() => document.fonts.check('16px "Inter Variable"'))).toBe(true);

    // The same page as it is drawn before Inter and JetBrains Mono arrive: the fallback faces only.
    const fallback = await context.newPage();
    await fallback.route(/\/(inter|jetbrains-mono)-[^/]*\.woff2$/, (route) => route.abort());
    await fallback.goto('/');
    const withoutFonts = await textGeometry(fallback);
    expect(await fallback.evaluate(() => [...document.fonts].some((f) => f.family === 'Inter Variable' && f.status === 'loaded'))).toBe(false);

    expect(withoutFonts.map((g) => g.what)).toEqual(withFonts.map((g) => g.what));
    const moved = withFonts
      .map((g, i) => ({ ...g, dTop: withoutFonts[i].top - g.top, dHeight: withoutFonts[i].height - g.height }))
      .filter((g) => Math.abs(g.dTop) > TOLERANCE_PX || Math.abs(g.dHeight) > TOLERANCE_PX)
      .map((g) => `${g.what}: top ${g.dTop > 0 ? '+' : ''}${g.dTop} px, height ${g.dHeight > 0 ? '+' : ''}${g.dHeight} px`);
    expect(moved, 'text that moves when the web fonts arrive').toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
}


/**
 * Calculators whose box used to change when they hydrated, by page, each with what shows that its
 * picture is complete (the live result, or the build's where it ships). One visit per page and
 * width checks all of a page's calculators.
 */
const CALCULATORS: {
  page: string;
  widths: readonly number[];
  /** A known residual over HEIGHT_TOLERANCE_PX, said where it is given. */
  tolerance?: number;
  calculators: { id: string; complete: string }[];
}[] = [
  {
    page: '/calculators/masks-and-long-sequences/',
    widths: WIDTHS,
    // The build ships the 256 × 256 mask (deflated, about 1 KiB).
    calculators: [{ id: 'masks', complete: 'role=grid[name=/^Mask, 256 × 256/]' }],
  },
  {
    page: '/calculators/masks-and-long-sequences/',
    // 4096 pooled to 512 × 512, shipped too. Not at 390 px: there the worker pools it further for the
    // phone's canvas and its caption gains a sentence ("shown at 256 × 256…", +84 px) once measured.
    widths: [1280],
    calculators: [{ id: 'masks-bigbird', complete: 'role=grid[name=/^Mask, 4096 × 4096/]' }],
  },
  {
    page: '/calculators/evaluation-metrics/',
    widths: WIDTHS,
    // 1000 samples and their PR and ROC curves, shipped as float64 bytes.
    calculators: [{ id: 'evaluation-metrics-2', complete: 'role=img[name=/^ROC curve/]' }],
  },
  {
    page: '/calculators/multi-head-attention/',
    // d = 32: the seeded Wq, Wk, Wv, Wo (44 KiB) are drawn in the browser, so the pictures ship
    // (it grew by 1912 px). Eight small SVG heads, each a few pixels off when scaled from a 640 px
    // layout, left -8 px; the build's HTML now sizes each figure in CSS as it will measure
    // (layoutSizeCss), and the heads share one caption line.
    widths: WIDTHS,
    calculators: [{ id: 'multi-head-2', complete: 'role=grid[name="Output = concat · Wo"]' }],
  },
  {
    page: '/calculators/scoring-functions/',
    widths: WIDTHS,
    // d = 64: the seeded W, W₁, W₂, vₐ (66 KiB) are drawn in the browser, so the pictures ship.
    calculators: [{ id: 'scoring-functions-2', complete: '[data-testid="entropy-additive"]' }],
  },
  {
    page: '/calculators/positional-encodings/',
    // 128 × 512 encodings (512 KiB) are drawn in the browser, so the table's heatmap is in the HTML
    // (it grew by 612 px). Not at 390 px yet: there the canvas figure, laid out unmeasured for the
    // widest box, still grows by about 67 px once it measures its box.
    widths: [1280],
    calculators: [{ id: 'positions-wide', complete: 'role=grid[name=/^Sinusoidal PE: 128 positions/]' }],
  },
  // Heatmaps in the build's HTML were laid out for a 14 px font; at 1280 px the root's font makes it
  // 14.7 px, and each SVG figure grew by 5 % when it measured itself (20-38 px a calculator).
  // Precision's five thumbnails said "(tokens on the left)" in their captions only until measured
  // (then not every row has its label): -25 px on the causal one. They share one line now.
  {
    page: '/calculators/precision-and-pruning/',
    widths: WIDTHS,
    calculators: [
      { id: 'basic', complete: '[data-testid="relative-error"]' },
      { id: 'precision-pruning-4', complete: '[data-testid="relative-error"]' },
    ],
  },
  {
    page: '/calculators/self-versus-cross-attention/',
    widths: [1280],
    calculators: [{ id: 'translation', complete: '[data-testid="lines-readout"]' }],
  },
  {
    page: '/lessons/scaled-dot-product-attention/',
    widths: [1280],
    calculators: [{ id: 'attention-1', complete: 'role=grid >> nth=0' }],
  },
];

for (const { page: path, widths, tolerance = HEIGHT_TOLERANCE_PX, calculators } of CALCULATORS) {
  for (const width of widths) {
    test(`${path}: ${calculators.map((c) => `#${c.id}`).join(', ')} keep their height when they hydrate and compute (${width} px)`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.addInitScript(RECORD_CALCULATOR_HEIGHTS);
      await page.goto(path);
      const changes: string[] = [];
      for (const { id, complete } of calculators) {
        const calculator = page.locator(`#${id}`);
        await calculator.scrollIntoViewIfNeeded();
        await expect(calculator.locator('fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
        await expect(calculator.locator(complete).first()).toBeVisible({ timeout: 20_000 });
        const { before, after } = await calculator.evaluate((el) => {
          const history = (window as unknown as { __heights: Record<string, [number, boolean][]> }).__heights[el.id] ?? [];
          return { before: history.filter(([, hydrated]) => !hydrated).pop()?.[0] ?? null, after: el.getBoundingClientRect().height };
        });
        expect(before, `#${id} was laid out before it hydrated`).not.toBeNull();
        if (Math.abs(after - before!) > tolerance) changes.push(`#${id}: height before hydration ${before!.toFixed(0)} px, after ${after.toFixed(0)} px`);
      }
      expect(changes, `calculators whose height changed by more than ${tolerance} px`).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}

/**
 * /practice draws placeholders until progress loads from localStorage, then the first question.
 * What is on screen must not move meanwhile (Lighthouse measured CLS 0.11-0.26 here): the layout
 * shifts the browser reports up to the question being shown, on a phone and a laptop.
 */
for (const viewport of [
  { width: 412, height: 823 },
  { width: 1280, height: 720 },
]) {
  test(`/practice keeps its layout while progress and the first question load (${viewport.width} px)`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(`{
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          const what = (e.sources || []).map((s) => (s.node && s.node.nodeType === 1 ? s.node.tagName.toLowerCase() + '.' + s.node.className : 'text') + ' ' + Math.round(s.previousRect.y) + ' → ' + Math.round(s.currentRect.y));
          window.__shifts.push({ value: e.value, what: what.join(', ') });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    }`);
    await page.goto('/practice/');
    const question = page.getByRole('region', { name: 'Current question' });
    await expect(question).toBeVisible({ timeout: 20_000 });
    await expect(question.locator('button, textarea, input').first()).toBeVisible();
    // The shifts of the frame that showed the question are reported after it is painted.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const shifts = (await page.evaluate('window.__shifts')) as { value: number; what: string }[];
    const total = shifts.reduce((sum, s) => sum + s.value, 0);
    expect(total, `layout shifts: ${shifts.map((s) => `${s.value.toFixed(3)} (${s.what})`).join('; ')}`).toBeLessThan(0.02);
    expect(errors).toEqual([]);
    await context.close();
  });
}
