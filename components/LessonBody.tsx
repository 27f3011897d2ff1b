/**
 * A rendered page's body as React: a skeleton tree (app/staticPageContent.ts) whose static runs are
 * `static-html` chunk elements (StaticHtml: the HTML is in the page, not in the RSC payload) and
 * whose `calculator-embed` elements become live calculators, each with an id unique on the page.
 * Glossary terms carry their definitions in the static HTML; GlossaryPopovers only places and
 * toggles them.
 */
import type { HastRoot } from '../lib/content';
import { CalculatorEmbed } from './calculators/CalculatorEmbed';
import { GlossaryPopovers } from './GlossaryPopovers';
import { skeletonToReact } from './skeletonToReact';

export function LessonBody({ tree }: { tree: HastRoot }) {
  const perCalculator = new Map<string, number>();
  const body = skeletonToReact(tree, {
    // hast-util-to-jsx-runtime passes custom elements through by tag name.
    'calculator-embed': ((props: { 'data-embed': string }) => {
      const { calculator } = JSON.parse(props['data-embed']) as { calculator: string };
      const n = (perCalculator.get(calculator) ?? 0) + 1;
      perCalculator.set(calculator, n);
      return <CalculatorEmbed json={props['data-embed']} embedId={`${calculator}-${n}`} />;
    }) as never,
  });
  return (
    <>
      {body}
      <GlossaryPopovers />
    </>
  );
}
