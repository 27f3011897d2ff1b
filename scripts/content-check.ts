/**
 * npm run content:check — validates all content without a Next build: lessons, calculator pages
 * and the pages of content/pages (front matter, embeds, formulas, glossary marks, site links), the
 * glossary, every question (schema, sections, lesson links, formulas, computed answers), and the
 * walkthroughs of content/walkthroughs (steps, notes, embeds, formulas). Prints every problem as
 * file:line and exits 1 when anything is wrong.
 */
import { ContentError, ContentProblemList, loadLessons, renderLesson } from '../lib/content';
import { buildGlossary } from '../lib/content/glossary';
import { DEFAULT_QUESTIONS_DIR, loadQuestions } from '../lib/content/loadQuestions';
import type { Lesson } from '../lib/content';
import { sitePaths } from '../lib/content/checkLinks';
import { renderQuestion } from '../lib/content/renderQuestion';
import { renderLessonMarkdown } from '../lib/content/renderLesson';
import { loadWalkthroughs } from '../lib/present/loadWalkthroughs';

async function main(): Promise<number> {
  const problems: string[] = [];
  const collect = async <T>(what: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await what();
    } catch (error) {
      if (error instanceof ContentError) problems.push(error.message);
      else throw error;
      return undefined;
    }
  };
  const lessons = (await collect(() => loadLessons('content/lessons'))) ?? [];
  const pages = (await collect(() => loadLessons('content/calculators'))) ?? [];
  // Stand-alone pages (content/pages: the sources page) go through the same checks.
  const sitePages = (await collect(() => loadLessons('content/pages'))) ?? [];
  const glossaryProblems = new ContentProblemList();
  const { entries, index } = buildGlossary(lessons, glossaryProblems);
  if (!glossaryProblems.isEmpty) problems.push(new ContentError(glossaryProblems.problems).message);
  const paths = sitePaths(
    lessons.map((l) => l.frontMatter.slug),
    pages.map((p) => p.frontMatter.slug),
  );
  for (const lesson of [...lessons, ...pages, ...sitePages] as Lesson[]) await collect(() => renderLesson(lesson, index, paths));
  const questions = (await collect(() => loadQuestions(DEFAULT_QUESTIONS_DIR, lessons.map((l) => l.frontMatter.slug)))) ?? [];
  // Rendered as the lesson pages render them: glossary marks and site links checked too.
  for (const q of questions) await collect(() => renderQuestion(q, index, paths));
  const walkthroughs = (await collect(() => loadWalkthroughs(lessons.map((l) => l.frontMatter.slug)))) ?? [];
  // Each step and its notes rendered as a lesson's body is: formulas, glossary marks, site links.
  for (const walkthrough of walkthroughs) {
    for (const step of walkthrough.steps) {
      const options = { glossary: index, knownPaths: paths };
      await collect(() => renderLessonMarkdown(`## ${step.title}\n${step.markdown}`, { file: step.file, bodyStartLine: step.line }, options));
      if (step.notesStartLine !== null) await collect(() => renderLessonMarkdown(step.notes, { file: step.file, bodyStartLine: step.notesStartLine! }, options));
    }
  }
  console.log(`${lessons.length} lessons, ${pages.length} calculator pages, ${sitePages.length} other ${sitePages.length === 1 ? 'page' : 'pages'}, ${entries.length} glossary terms, ${questions.length} questions, ${walkthroughs.length} walkthroughs`);
  for (const p of problems) console.error(p);
  console.log(problems.length === 0 ? 'content: OK' : `content: ${problems.length} group(s) of problems`);
  return problems.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
