import type { Metadata } from 'next';
import { IntentLink } from '../../../components/IntentLink';
import { notFound } from 'next/navigation';
import { LessonBody } from '../../../components/LessonBody';
import { StaticHtmlSource } from '../../../components/StaticHtml';
import { getCalculatorPageSummaries, getCalculatorPages } from '../../calculatorCatalog';
import { calculatorPageContent } from '../../staticPageContent';

export const dynamicParams = false;

interface CalculatorPageProps {
  params: Promise<{ slug: string }>;
}

export function generateStaticParams(): { slug: string }[] {
  return getCalculatorPageSummaries().map((page) => ({ slug: page.slug }));
}

export async function generateMetadata({ params }: CalculatorPageProps): Promise<Metadata> {
  const { slug } = await params;
  const page = getCalculatorPageSummaries().find((candidate) => candidate.slug === slug);
  return page ? { title: page.title, description: page.summary } : {};
}

export default async function CalculatorPage({ params }: CalculatorPageProps) {
  const { slug } = await params;
  const source = getCalculatorPages().find((candidate) => candidate.frontMatter.slug === slug);
  const content = await calculatorPageContent(slug);
  if (!source || !content) notFound();
  return (
    <StaticHtmlSource src={`/calculators/${slug}/static-html.json`}>
      <article className="lesson calculator-page">
        <p className="meta">
          <IntentLink href="/calculators/">All calculators</IntentLink>
        </p>
        <h1>{source.frontMatter.title}</h1>
        <p className="lead">{source.frontMatter.summary}</p>
        <div className="lesson-body">
          <LessonBody tree={content.body} />
        </div>
      </article>
    </StaticHtmlSource>
  );
}
