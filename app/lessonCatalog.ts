/**
 * The lessons, their glossary and their questions, read and validated once rather than once per
 * call: every page asks for them. `next build` renders 150-odd pages (each question's JSON file is
 * one) in the same process, so there the memo lives for the whole build; in `next dev` it is
 * React's cache(), scoped to one render, so edits to content/ show up on reload.
 */
import { cache } from 'react';
import { ContentError, ContentProblemList, loadLessons } from '../lib/content';
import { buildGlossary } from '../lib/content/glossary';
import { lessonSummaries } from '../lib/content/lessonSummaries';
import { DEFAULT_QUESTIONS_DIR, loadQuestions } from '../lib/content/loadQuestions';
import { sitePaths } from '../lib/content/checkLinks';

/** Memoised for the process in a production build, per render in development. */
export function buildOnce<T>(load: () => T): () => T {
  if (process.env.NODE_ENV !== 'production') return cache(load);
  let value: { result: T } | null = null;
  return () => (value ??= { result: load() }).result;
}

export const getLessons = buildOnce(() => loadLessons());
export const getLessonSummaries = buildOnce(() => lessonSummaries(getLessons()));

export const getGlossary = buildOnce(() => {
  const problems = new ContentProblemList();
  const glossary = buildGlossary(getLessons(), problems);
  if (!problems.isEmpty) throw new ContentError(problems.problems);
  return glossary;
});

export const getQuestions = buildOnce(() => loadQuestions(DEFAULT_QUESTIONS_DIR, getLessons().map((l) => l.frontMatter.slug)));

/** Every page the build makes, so links in content can be checked (lib/content/checkLinks.ts). */
export const getSitePaths = buildOnce(() =>
  sitePaths(
    getLessons().map((l) => l.frontMatter.slug),
    loadLessons('content/calculators').map((l) => l.frontMatter.slug),
  ),
);
