/**
 * npm run content:report — what the course has: lessons with their words and questions, and
 * questions by topic, type and difficulty, plus the lessons without questions and how many
 * numeric answers the build recomputes.
 */
import { loadLessons } from '../lib/content';
import { buildGlossary } from '../lib/content/glossary';
import { DEFAULT_QUESTIONS_DIR, loadQuestions } from '../lib/content/loadQuestions';
import { QUESTION_TOPICS, QUESTION_TYPES } from '../lib/content/questionSource';

const lessons = loadLessons();
const questions = loadQuestions(DEFAULT_QUESTIONS_DIR, lessons.map((l) => l.frontMatter.slug));
const { entries } = buildGlossary(lessons);

const count = <K extends string>(keys: readonly K[], of: (k: K) => number) => keys.map((k) => [k, of(k)] as const).filter(([, n]) => n > 0);
const table = (title: string, rows: readonly (readonly [string, number | string])[]) => {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, n] of rows) console.log(`  ${k.padEnd(width)}  ${n}`);
};

console.log(`${lessons.length} lessons, ${questions.length} questions, ${entries.length} glossary terms`);
table(
  'Lessons (words, questions)',
  lessons.map((l) => [
    `${l.frontMatter.order}. ${l.frontMatter.slug}`,
    `${l.markdown.split(/\s+/).filter(Boolean).length} words, ${questions.filter((q) => q.lesson === l.frontMatter.slug).length} questions`,
  ]),
);
table('Questions by topic', count(QUESTION_TOPICS, (t) => questions.filter((q) => q.topic === t).length));
table('Questions by type', count(QUESTION_TYPES, (t) => questions.filter((q) => q.type === t).length));
table('Questions by difficulty', count(['1', '2', '3'] as const, (d) => questions.filter((q) => String(q.difficulty) === d).length));
table('Checks', [
  ['numeric answers recomputed by the build', questions.filter((q) => q.numeric?.check).length],
  ['from the source article (source: seed)', questions.filter((q) => q.source === 'seed').length],
]);
const without = lessons.filter((l) => !questions.some((q) => q.lesson === l.frontMatter.slug)).map((l) => l.frontMatter.slug);
console.log(`\nLessons without questions: ${without.length === 0 ? 'none' : without.join(', ')}`);
