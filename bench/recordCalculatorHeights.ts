/**
 * An init script that records every calculator's height at each layout, and whether React had
 * hydrated it then (`window.__heights[id]` = [height, hydrated][]): the layout-shift figure of
 * `npm run bench:browser` and the guard in tests/e2e/layoutStability.spec.ts read the same record.
 * A string, not a function: tsx would wrap a function's inner closures in a helper the page lacks.
 */
export const RECORD_CALCULATOR_HEIGHTS = `{
  const w = window;
  w.__heights = {};
  const hydrated = (el) => Object.keys(el).some((k) => k.startsWith('__reactFiber'));
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) (w.__heights[e.target.id] ??= []).push([e.target.getBoundingClientRect().height, hydrated(e.target)]);
  });
  const seen = new WeakSet();
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('.suite-calculator[id]')) if (!seen.has(el)) (seen.add(el), sizes.observe(el));
  }).observe(document, { subtree: true, childList: true });
}`;
