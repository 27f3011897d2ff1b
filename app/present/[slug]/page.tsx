import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GlossaryPopovers } from '../../../components/GlossaryPopovers';
import { lessonHref } from '../../../components/lessonHref';
import { PresentDeck } from '../../../components/present/PresentDeck';
import { PresentStepBody } from '../../../components/present/PresentStepBody';
import { skeletonToReact } from '../../../components/skeletonToReact';
import { StaticHtmlSource } from '../../../components/StaticHtml';
import { CALCULATOR_SPECS } from '../../../lib/calculators/calculatorRegistry';
import { deckOutline } from '../../../lib/present/deckOutline';
import { PRESENT_VIEW_BOOT_SCRIPT } from '../../../lib/present/presentSync';
import { getDeckCatalog } from '../../presentCatalog';
import { presentPageContent } from '../../staticPageContent';

// A static export knows every deck at build time; any other slug is the 404 page.
export const dynamicParams = false;

interface PresentPageProps {
  params: Promise<{ slug: string }>;
}

export function generateStaticParams(): { slug: string }[] {
  return getDeckCatalog().decks.map((deck) => ({ slug: deck.slug }));
}

export async function generateMetadata({ params }: PresentPageProps): Promise<Metadata> {
  const deck = getDeckCatalog().bySlug.get((await params).slug);
  return deck ? { title: `Present: ${deck.title}`, description: deck.summary } : {};
}

export default async function PresentPage({ params }: PresentPageProps) {
  const { slug } = await params;
  const deck = getDeckCatalog().bySlug.get(slug);
  const content = await presentPageContent(slug);
  if (!deck || !content) notFound();
  const outline = deckOutline(deck, (calculator) => CALCULATOR_SPECS[calculator].stateVersion);
  return (
    <StaticHtmlSource src={`/present/${slug}/static-html.json`}>
      <script dangerouslySetInnerHTML={{ __html: PRESENT_VIEW_BOOT_SCRIPT }} />
      <PresentDeck
        outline={outline}
        lessonHref={lessonHref(deck.lesson)}
        steps={content.steps.map((step, index) => (
          <PresentStepBody key={index} tree={step.body} embedId={outline.steps[index].calculator?.embedId ?? null} />
        ))}
        titles={content.steps.map((step) => skeletonToReact(step.title))}
        notes={content.steps.map((step) => (step.notes ? skeletonToReact(step.notes) : null))}
        previews={content.steps.map((step) => (step.preview ? skeletonToReact(step.preview) : null))}
      />
      <GlossaryPopovers />
    </StaticHtmlSource>
  );
}
