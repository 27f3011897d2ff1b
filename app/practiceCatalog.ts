/**
 * The question bank as practice sees it: every question in teaching order (by lesson, then
 * difficulty), rendered once per build render, plus the names learners read in filters and reports.
 */
import { renderQuestion } from '../lib/content/renderQuestion';
import { buildOnce, getGlossary, getLessonSummaries, getQuestions, getSitePaths } from './lessonCatalog';

export const getPracticeQuestions = buildOnce(async () => {
  const order = new Map(getLessonSummaries().map((l, i) => [l.slug, i]));
  const questions = [...getQuestions()].sort(
    (a, b) => (order.get(a.lesson) ?? 0) - (order.get(b.lesson) ?? 0) || a.difficulty - b.difficulty || (a.id < b.id ? -1 : 1),
  );
  const { index } = getGlossary();
  const paths = getSitePaths();
  return Promise.all(questions.map((q) => renderQuestion(q, index, paths)));
});

/** Lesson slug → title, in teaching order. */
export function getLessonTitles(): Record<string, string> {
  return Object.fromEntries(getLessonSummaries().map((l) => [l.slug, l.title]));
}
