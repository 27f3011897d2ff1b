/**
 * axe as every browser test runs it: violations only, and `axe.run()` inside the page.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * A scan of `page` (narrow it with `.include()` / `.exclude()`, then `.analyze()`).
 *
 * - Only violations: listing every passing node's selector is most of a long page's scan time.
 * - Legacy mode, i.e. one `axe.run()` in the page. The default runs `axe.runPartial()` in each
 *   frame, sends every partial result (passes too) back to the test, and finishes the run in a new
 *   blank page: the same rules and findings on a page without iframes (the site has none), in about
 *   twice the time (a lesson at 390 px, under load: 53 s against 26-30 s).
 * - Without KaTeX's visual markup (`.katex-html`). It is aria-hidden (readers get the MathML), so
 *   the one rule that looked inside it was colour contrast, on thousands of glyph spans: 70 % of
 *   that rule's time on a long lesson (8.8 s against 2.6 s). Formulas take the colour of the text
 *   around them, whose contrast axe does check; support/typesetting.ts fails a formula that
 *   does not.
 */
export function axeScan(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).setLegacyMode().exclude('.katex-html');
}
