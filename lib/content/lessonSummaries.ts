/**
 * The lessons as the navigation needs them (home, index, sidebar, previous/next), in reading order.
 * Build time only: it reads content/lessons through loadLessons, which fails the build with file
 * and line on any content error.
 */
import type { Lesson } from './lessonSource';
import { loadLessons } from './loadLessons';

export interface LessonSummary {
  slug: string;
  title: string;
  /** One or two sentences for lists. */
  summary: string;
  /** Reading time in minutes. */
  minutes: number;
  tags: readonly string[];
}

export function lessonSummaries(lessons: Lesson[] = loadLessons()): LessonSummary[] {
  return lessons.map(({ frontMatter: { slug, title, summary, minutes, tags } }) => ({ slug, title, summary, minutes, tags }));
}
