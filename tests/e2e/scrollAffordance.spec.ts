/**
 * On a phone (390 px) the calculators' wide matrices, tables and figures scroll sideways. A box
 * cut at its edge with nothing to say so reads as the whole picture, so every such box must
 * show it: the cut edge fades out (globals.css, "Every sideways scroll box"), the fade leaves once
 * that edge is scrolled into view, and the step-through's matrices can be scrolled by keyboard.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { screenshot, watchErrors } from './support/calculatorPage';

test.use({ viewport: { width: 390, height: 844 } });

function calculatorSlugs(): string[] {
  const folder = path.join('content', 'calculators');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.md'))
    .map((f) => /^slug:\s*(\S+)\s*$/m.exec(readFileSync(path.join(folder, f), 'utf8'))?.[1] ?? '')
    .filter(Boolean)
    .sort();
}

/** The width of the fade at each edge of a box, as computed now (0 = no fade on that side). */
function fades(box: Locator): Promise<{ start: number; end: number; mask: string }> {
  return box.evaluate((e) => {
    const style = getComputedStyle(e);
    return {
      start: parseFloat(style.getPropertyValue('--scroll-fade-start')) || 0,
      end: parseFloat(style.getPropertyValue('--scroll-fade-end')) || 0,
      mask: style.maskImage,
    };
  });
}

/** Every visible box in <main> that scrolls sideways and is cut off now, described for messages. */
function cutBoxes(page: Page): Promise<{ what: string; start: number; end: number; mask: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((e) => {
        const style = getComputedStyle(e);
        return ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 40 && e.getClientRects().length > 0;
      })
      .map((e) => {
        const style = getComputedStyle(e);
        return {
          what: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').slice(0, 40)}"`,
          start: parseFloat(style.getPropertyValue('--scroll-fade-start')) || 0,
          end: parseFloat(style.getPropertyValue('--scroll-fade-end')) || 0,
          mask: style.maskImage,
        };
      }),
  );
}

test('step-through at 390 px: a cut matrix fades at its cut edge, scrolls by keyboard, and the fade moves as it scrolls', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/calculators/step-through/');
  const calculator = page.locator('.suite-calculator').first();
  await expect(calculator.locator('td[data-cell]').first()).toBeVisible({ timeout: 20_000 });

  // The four-column input matrices and the wider score matrices: each is cut at 390 px.
  const boxes = calculator.locator('.table-scroll');
  const count = await boxes.count();
  expect(count).toBeGreaterThan(0);
  let cut = 0;
  for (let i = 0; i < count; i++) {
    const box = boxes.nth(i);
    const overflow = await box.evaluate((e) => e.scrollWidth - e.clientWidth);
    if (overflow <= 1) {
      expect((await fades(box)).end, 'a box that fits has no fade').toBe(0);
      continue;
    }
    cut++;
    const label = await box.getAttribute('aria-label');
    expect(label, 'a scroll box is named for screen readers').toBeTruthy();
    // At the start: content fades out at the right edge only.
    const atStart = await fades(box);
    expect(atStart.end, `${label}: the right edge fades while content is cut there`).toBeGreaterThan(15);
    expect(atStart.start, `${label}: nothing is cut on the left yet`).toBe(0);
    expect(atStart.mask).toContain('linear-gradient');

    // The keyboard reaches the box and scrolls it.
    await box.focus();
    await expect(box).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((e) => e.scrollLeft), `${label}: arrow keys scroll the focused box`).toBeGreaterThan(0);

    // At the end: the right fade is gone, the left edge (now cut) fades.
    await box.evaluate((e) => (e.scrollLeft = e.scrollWidth));
    await expect.poll(async () => (await fades(box)).end, `${label}: no fade once the right edge is in view`).toBe(0);
    expect((await fades(box)).start, `${label}: the left edge fades once content is cut there`).toBeGreaterThan(15);
    await box.evaluate((e) => (e.scrollLeft = 0));
  }
  expect(cut, 'matrices cut at 390 px (the case this test is about)').toBeGreaterThan(0);
  await screenshot(calculator.locator('.table-scroll').first(), 'step-through-390-scroll');
  expect(errors).toEqual([]);
});

for (const slug of calculatorSlugs()) {
  test(`calculator page ${slug} at 390 px: every box cut off sideways shows a fade at the cut edge`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/calculators/${slug}/`);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.calculator').first()).toBeVisible({ timeout: 20_000 });
    // A box cut on the right (none is scrolled yet) must fade there.
    // The fade follows a scroll timeline, which the browser updates on its next frame after a box
    // gets wider (a table filled in by the worker): poll rather than read a single frame.
    await expect
      .poll(async () => (await cutBoxes(page)).filter((box) => box.end < 15), { message: 'scroll boxes cut at 390 px with no fade at the cut edge' })
      .toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page itself does not scroll sideways').toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });
}
