import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { lessonHref, LessonPrevNext, LessonSidebar } from '../../../components/LessonNav';
import { LessonBody } from '../../../components/LessonBody';
import { CheckYourself } from '../../../components/questions/CheckYourself';
import { StaticHtmlSource } from '../../../components/StaticHtml';
import { TableOfContents } from '../../../components/TableOfContents';
import { getLessonSummaries } from '../../lessonCatalog';
import { getDeckCatalog } from '../../presentCatalog';
import { IntentLink } from '../../../components/IntentLink';
import { lessonPageContent } from '../../staticPageContent';

// A static export knows every page at build time; any other slug is the 404 page.
export const dynamicParams = false;

interface LessonPageProps {
  params: Promise<{ slug: string }>;
}

export function generateStaticParams(): { slug: string }[] {
  return getLessonSummaries().map((lesson) => ({ slug: lesson.slug }));
}

export async function generateMetadata({ params }: LessonPageProps): Promise<Metadata> {
  const { slug } = await params;
  const lesson = getLessonSummaries().find((candidate) => candidate.slug === slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : {};
}

export default async function LessonPage({ params }: LessonPageProps) {
  const { slug } = await params;
  const lessons = getLessonSummaries();
  const lesson = lessons.find((candidate) => candidate.slug === slug);
  const content = await lessonPageContent(slug);
  if (!lesson || !content) notFound();
  const { body, toc, questions } = content;
  // The lesson's walkthrough where one was written, else the deck made from its sections.
  const presentSlug = getDeckCatalog().presentSlugOf.get(lesson.slug);
  return (
    <StaticHtmlSource src={`${lessonHref(lesson.slug)}static-html.json`}>
      <div className="lesson-layout">
        <LessonSidebar lessons={lessons} currentSlug={lesson.slug} />
        <article className="lesson">
          <header className="lesson-header">
            <h1>{lesson.title}</h1>
            <p className="meta">
              {lesson.minutes} min
              {lesson.tags.length > 0 ? ` · ${lesson.tags.join(', ')}` : ''}
              {presentSlug ? (
                <>
                  {' · '}
                  <IntentLink href={`/present/${presentSlug}/`}>Present</IntentLink>
                </>
              ) : null}
            </p>
          </header>
          <TableOfContents tree={toc} />
          <div className="lesson-body">
            <LessonBody tree={body} />
          </div>
          <CheckYourself questions={questions} />
          <LessonPrevNext lessons={lessons} currentSlug={lesson.slug} />
        </article>
      </div>
    </StaticHtmlSource>
  );
}
