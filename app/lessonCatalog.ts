/**
 * The lessons, their glossary and their questions, read and validated once per build render
 * rather than once per call: every page asks for them. React's cache() scopes the memo to a
 * server render, so `next dev` still picks up edits to content/.
 */
import { cache } from 'react';
import { ContentError, ContentProblemList, loadLessons } from '../lib/content';
import { buildGlossary } from '../lib/content/glossary';
import { lessonSummaries } from '../lib/content/lessonSummaries';
import { DEFAULT_QUESTIONS_DIR, loadQuestions } from '../lib/content/loadQuestions';
import { sitePaths } from '../lib/content/checkLinks';

export const getLessons = cache(() => loadLessons());
export const getLessonSummaries = cache(() => lessonSummaries(getLessons()));

export const getGlossary = cache(() => {
  const problems = new ContentProblemList();
  const glossary = buildGlossary(getLessons(), problems);
  if (!problems.isEmpty) throw new ContentError(problems.problems);
  return glossary;
});

export const getQuestions = cache(() => loadQuestions(DEFAULT_QUESTIONS_DIR, getLessons().map((l) => l.frontMatter.slug)));

/** Every page the build makes, so links in content can be checked (lib/content/checkLinks.ts). */
export const getSitePaths = cache(() =>
  sitePaths(
    getLessons().map((l) => l.frontMatter.slug),
    loadLessons('content/calculators').map((l) => l.frontMatter.slug),
  ),
);
