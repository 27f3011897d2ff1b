/**
 * A rendered lesson (a hast tree made at build time by lib/content) as React, with our component
 * map: `calculator-embed` elements become live calculators, each with an id unique on the page.
 * Glossary terms carry their definitions from the build; GlossaryPopovers only places and toggles them.
 */
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { HastRoot } from '../lib/content';
import { CalculatorEmbed } from './calculators/CalculatorEmbed';
import { GlossaryPopovers } from './GlossaryPopovers';

export function LessonBody({ tree, slug }: { tree: HastRoot; slug: string }) {
  const perCalculator = new Map<string, number>();
  const body = toJsxRuntime(tree, {
    Fragment,
    jsx,
    jsxs,
    components: {
      // hast-util-to-jsx-runtime passes custom elements through by tag name.
      'calculator-embed': ((props: { 'data-embed': string }) => {
        const { calculator } = JSON.parse(props['data-embed']) as { calculator: string };
        const n = (perCalculator.get(calculator) ?? 0) + 1;
        perCalculator.set(calculator, n);
        return <CalculatorEmbed json={props['data-embed']} embedId={`${calculator}-${n}`} />;
      }) as never,
    },
  });
  return (
    <>
      {body}
      <GlossaryPopovers />
    </>
  );
}
