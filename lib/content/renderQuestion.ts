/**
 * A question's Markdown parts rendered at build time (same pipeline as lessons: math, code,
 * glossary links), as hast trees the page turns into React. The interactive part is the app's.
 */
import type { GlossaryIndex } from './glossaryTerms';
import type { Question } from './questionSource';
import { renderLessonMarkdown, type HastRoot } from './renderLesson';

export interface RenderedQuestion {
  id: string;
  type: Question['type'];
  topic: Question['topic'];
  difficulty: Question['difficulty'];
  lesson: string;
  source?: 'seed';
  prompt: HastRoot;
  explanation: HastRoot;
  references?: HastRoot;
  /** `label`: the choice's plain text (TeX kept), its accessible name where it is all formula. */
  choices?: { text: HastRoot; label: string; correct: boolean; why: HastRoot }[];
  numeric?: { answer: number; tolerance: number; unit: string };
  modelAnswer?: HastRoot;
  rubric?: HastRoot[];
  bug?: HastRoot;
  /** Ordering: the steps in the correct order. */
  steps?: HastRoot[];
}

export async function renderQuestion(q: Question, glossary: GlossaryIndex | null, knownPaths: ReadonlySet<string> | null = null): Promise<RenderedQuestion> {
  const render = async (markdown: string, line: number) => (await renderLessonMarkdown(markdown, { file: q.file, bodyStartLine: line }, { glossary, knownPaths })).tree;
  return {
    id: q.id,
    type: q.type,
    topic: q.topic,
    difficulty: q.difficulty,
    lesson: q.lesson,
    ...(q.source ? { source: q.source } : {}),
    prompt: await render(q.prompt.markdown, q.prompt.line),
    explanation: await render(q.explanation.markdown, q.explanation.line),
    ...(q.references ? { references: await render(q.references.markdown, q.references.line) } : {}),
    ...(q.choices
      ? { choices: await Promise.all(q.choices.map(async (c) => ({ text: await render(c.text, c.line), label: plainText(c.text), correct: c.correct, why: await render(c.why, c.line + 1) }))) }
      : {}),
    ...(q.numeric ? { numeric: { answer: q.numeric.answer, tolerance: q.numeric.tolerance, unit: q.numeric.unit } } : {}),
    ...(q.modelAnswer ? { modelAnswer: await render(q.modelAnswer.markdown, q.modelAnswer.line) } : {}),
    ...(q.rubric ? { rubric: await Promise.all(q.rubric.map((r) => render(r, q.prompt.line))) } : {}),
    ...(q.bug ? { bug: await render(q.bug.markdown, q.bug.line) } : {}),
    ...(q.steps ? { steps: await Promise.all(q.steps.map((s) => render(s, q.prompt.line))) } : {}),
  };
}

/** Markdown → a readable plain string: emphasis and code marks dropped, TeX kept without $. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\$\$?([^$]+)\$\$?/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The question with `map` applied to each of its rendered trees (e.g. separateStaticHtml). */
export function mapQuestionTrees(q: RenderedQuestion, map: (tree: HastRoot) => HastRoot): RenderedQuestion {
  return {
    ...q,
    prompt: map(q.prompt),
    explanation: map(q.explanation),
    ...(q.references ? { references: map(q.references) } : {}),
    ...(q.choices ? { choices: q.choices.map((c) => ({ ...c, text: map(c.text), why: map(c.why) })) } : {}),
    ...(q.modelAnswer ? { modelAnswer: map(q.modelAnswer) } : {}),
    ...(q.rubric ? { rubric: q.rubric.map(map) } : {}),
    ...(q.bug ? { bug: map(q.bug) } : {}),
    ...(q.steps ? { steps: q.steps.map(map) } : {}),
  };
}
