/**
 * Formulas as a reader sees them. KaTeX's markup only looks like maths under the stylesheet of the
 * same KaTeX version; under another one the markup is still there (so "a .katex exists" stays
 * green) but subscripts are full size, fraction bars cross the denominator, `\neq` reads "/=" and
 * inline formulas break inside a symbol. These checks measure exactly those: computed font sizes
 * and the geometry of the laid-out boxes. everyPage.spec.ts runs them on every page of the export
 * (lessons at 390 px with every question's explanation shown, where a long inline formula or API
 * name is most likely to push the whole page sideways; that is checked too).
 */
import { expect, type Page } from '@playwright/test';

export interface TypesettingReport {
  formulas: number;
  scripts: number;
  fractions: number;
  overlays: number;
  problems: string[];
}

/**
 * Measures every visible formula in <main>. Selectors use only class names KaTeX has kept across
 * versions (katex, katex-html, msupsub, mfrac, frac-line, vlist, rlap/llap/clap), so markup of an
 * unexpected version is measured too rather than silently skipped.
 */
export function measureFormulas(page: Page): Promise<TypesettingReport> {
  return page.evaluate(() => {
    const report = { formulas: 0, scripts: 0, fractions: 0, overlays: 0, problems: [] as string[] };
    const visible = (e: Element) => e.getClientRects().length > 0 && (e as HTMLElement).checkVisibility?.() !== false;
    const texOf = (e: Element) => (e.closest('.katex')?.querySelector('annotation')?.textContent ?? e.textContent ?? '').replace(/\s+/g, ' ').slice(0, 60);
    const px = (e: Element) => parseFloat(getComputedStyle(e).fontSize);
    /** The box of the glyphs a part holds (its text), not of its strut. */
    const inkBox = (e: Element) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return range.getBoundingClientRect();
    };

    for (const katex of document.querySelectorAll('main .katex')) {
      if (!visible(katex)) continue;
      report.formulas++;
      const base = px(katex);

      // A formula is drawn in the colour of the text around it, so the contrast axe measures on
      // that text holds for it too (axe leaves KaTeX's aria-hidden glyphs out: support/axeScan.ts).
      const parent = katex.parentElement!;
      const recoloured = [katex, ...katex.querySelectorAll('.katex-html *')].find((e) => getComputedStyle(e).color !== getComputedStyle(e === katex ? parent : e.parentElement!).color);
      if (recoloured) report.problems.push(`formula drawn in ${getComputedStyle(recoloured).color}, not the colour of its text: ${texOf(katex)}`);

      // Sub- and superscripts are set smaller than the formula (KaTeX: 70 %, 50 % for second level).
      for (const scripts of katex.querySelectorAll('.msupsub')) {
        const glyph = [...scripts.querySelectorAll('*')].find((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()));
        if (!glyph) continue;
        report.scripts++;
        if (px(glyph) > base * 0.85) report.problems.push(`script "${glyph.textContent}" is ${px(glyph)}px in a ${base}px formula: ${texOf(katex)}`);
      }

      // A fraction bar lies between numerator and denominator, clear of both glyph boxes' middles.
      for (const fraction of katex.querySelectorAll('.mfrac')) {
        const line = fraction.querySelector('.frac-line');
        const rows = line ? [...line.closest('.vlist')!.children] : [];
        if (!line || rows.length < 3) continue;
        report.fractions++;
        const bar = line.getBoundingClientRect();
        const denominator = inkBox(rows[0].lastElementChild!);
        const numerator = inkBox(rows[rows.length - 1].lastElementChild!);
        const barMiddle = (bar.top + bar.bottom) / 2;
        const belowNumerator = (barMiddle - (numerator.top + numerator.bottom) / 2) / numerator.height;
        const aboveDenominator = ((denominator.top + denominator.bottom) / 2 - barMiddle) / denominator.height;
        if (belowNumerator < 0.4 || aboveDenominator < 0.4) {
          report.problems.push(`fraction bar crosses ${belowNumerator < 0.4 ? 'the numerator' : 'the denominator'}: ${texOf(fraction)}`);
        }
      }

      // Overlaid symbols (\neq is a slash laid over "=") take no width of their own.
      for (const overlay of katex.querySelectorAll('.rlap, .llap, .clap')) {
        report.overlays++;
        const width = overlay.getBoundingClientRect().width;
        if (width > 0.5) report.problems.push(`overlay is ${width.toFixed(1)}px wide, so its symbols sit side by side ("/=" for ≠): ${texOf(overlay)}`);
      }

      // Each unbreakable group of a formula is one box on one line.
      for (const group of katex.querySelectorAll(':scope > .katex-html > *')) {
        const boxes = group.getClientRects().length;
        if (boxes > 1) report.problems.push(`"${group.textContent}" breaks across ${boxes} line boxes: ${texOf(katex)}`);
      }
    }
    return report;
  });
}

/**
 * Answers every question card on the page in the simplest way, so each shows its explanation.
 * Clicks go through the DOM in one step (a lesson has up to a dozen cards); numbers are typed.
 */
export async function revealExplanations(page: Page): Promise<number> {
  const cards = page.locator('article[data-question-type]');
  const count = await cards.count();
  for (const input of await cards.locator('input[inputmode="decimal"]').all()) await input.fill('0');
  await cards.evaluateAll((all) => {
    const click = (e: Element | null | undefined) => (e as HTMLElement | null | undefined)?.click();
    const button = (card: Element, name: RegExp) => [...card.querySelectorAll('button')].find((b) => name.test(b.textContent?.trim() ?? ''));
    for (const card of all) {
      const type = card.getAttribute('data-question-type');
      if (type === 'single-choice' || type === 'multiple-choice') click(card.querySelector('input[type="radio"], input[type="checkbox"]'));
      if (type === 'multiple-choice' || type === 'numeric') click(button(card, /^Check$/));
      if (type === 'ordering') click(button(card, /^Check order$/));
      if (type === 'free-recall' || type === 'spot-the-bug') click(button(card, /^Show the/));
    }
  });
  await expect(cards.getByRole('heading', { name: 'Explanation' }), 'every question shows its explanation').toHaveCount(count);
  // Each explanation's own HTML, not a "Loading…" or "could not be loaded" in its place.
  await expect(page.locator('.static-html-pending'), 'explanations still loading').toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByText('This part of the page could not be loaded.'), 'explanations that could not be loaded').toHaveCount(0);
  // References under the explanations are in closed <details>; open them so their maths is measured.
  await page.locator('main details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  return count;
}

export async function expectTypesetRight(page: Page, where: string): Promise<TypesettingReport> {
  // The KaTeX fonts decide every box measured below.
  await page.evaluate(() => document.fonts.ready);
  const report = await measureFormulas(page);
  expect(report.problems, `badly typeset formulas on ${where}`).toEqual([]);
  return report;
}

/**
 * What sticks out past the right edge of the viewport without being inside a box that clips or
 * scrolls it: each of these makes a phone reader scroll the whole page sideways.
 */
export function sticksOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const contained = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX !== 'visible' || style.clip !== 'auto') return true;
      }
      return false;
    };
    const sticks = (e: Element | null) => !!e && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > width + 1;
    // The outermost element that sticks out names the culprit; its descendants would only repeat it.
    const out = [...document.querySelectorAll('body *')]
      .filter((e) => sticks(e) && !sticks(e.parentElement) && !contained(e))
      .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 60)}" ends at ${Math.round(e.getBoundingClientRect().right)} px`);
    if (document.documentElement.scrollWidth > width) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    return out;
  });
}
