import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LessonPrevNext, LessonSidebar } from '../../../components/LessonNav';
import { LessonBody } from '../../../components/LessonBody';
import { CheckYourself } from '../../../components/questions/CheckYourself';
import { TableOfContents } from '../../../components/TableOfContents';
import { renderLesson } from '../../../lib/content';
import { renderQuestion } from '../../../lib/content/renderQuestion';
import { getGlossary, getLessons, getLessonSummaries, getQuestions, getSitePaths } from '../../lessonCatalog';

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
  const source = getLessons().find((candidate) => candidate.frontMatter.slug === slug);
  if (!lesson || !source) notFound();
  const { index } = getGlossary();
  const paths = getSitePaths();
  const { tree, toc } = await renderLesson(source, index, paths);
  const questions = await Promise.all(getQuestions().filter((q) => q.lesson === slug).map((q) => renderQuestion(q, index, paths)));
  return (
    <div className="lesson-layout">
      <LessonSidebar lessons={lessons} currentSlug={lesson.slug} />
      <article className="lesson">
        <header className="lesson-header">
          <h1>{lesson.title}</h1>
          <p className="meta">
            {lesson.minutes} min
            {lesson.tags.length > 0 ? ` · ${lesson.tags.join(', ')}` : ''}
          </p>
        </header>
        <TableOfContents
          entries={questions.length > 0 ? [...toc, { id: 'check-yourself', text: 'Check yourself', depth: 2 }] : toc}
        />
        <div className="lesson-body">
          <LessonBody tree={tree} slug={lesson.slug} />
        </div>
        <CheckYourself questions={questions} />
        <LessonPrevNext lessons={lessons} currentSlug={lesson.slug} />
      </article>
    </div>
  );
}
