/**
 * One step's rendered Markdown as React, on the server, as LessonBody does a lesson's: static runs
 * become StaticHtml chunks, the step's one calculator embed becomes the same live CalculatorEmbed
 * island, under the id the deck gives it (deck.ts stepEmbedId), which sync messages and student
 * links use too.
 */
import type { HastRoot } from '../../lib/content';
import { CalculatorEmbed } from '../calculators/CalculatorEmbed';
import { skeletonToReact } from '../skeletonToReact';

export function PresentStepBody({ tree, embedId }: { tree: HastRoot; embedId: string | null }) {
  return skeletonToReact(tree, {
    'calculator-embed': ((props: { 'data-embed': string }) => <CalculatorEmbed json={props['data-embed']} embedId={embedId ?? 'calculator'} />) as never,
  });
}
