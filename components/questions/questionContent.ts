/**
 * A question as the interactive components take it: its Markdown parts (rendered at build time,
 * lib/content/renderQuestion.ts) turned into React nodes on the server, so the browser receives
 * finished markup and never parses Markdown or TeX.
 */
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { HastRoot } from '../../lib/content';
import type { RenderedQuestion } from '../../lib/content/renderQuestion';
import type { PracticeQuestionInfo } from '../../lib/practice/progressTypes';

export interface QuestionContent extends PracticeQuestionInfo {
  fromSeed: boolean;
  prompt: ReactNode;
  explanation: ReactNode;
  references?: ReactNode;
  choices?: { text: ReactNode; label: string; correct: boolean; why: ReactNode }[];
  numeric?: { answer: number; tolerance: number; unit: string };
  modelAnswer?: ReactNode;
  rubric?: ReactNode[];
  bug?: ReactNode;
  steps?: ReactNode[];
}

const treeToReact = (tree: HastRoot): ReactNode => toJsxRuntime(tree, { Fragment, jsx, jsxs });

/**
 * `toReact` turns each tree into React: by default the whole tree (practice, in the browser); a
 * lesson page passes skeletonToReact, so its question texts stay out of the RSC payload.
 */
export function questionContent(q: RenderedQuestion, toReact: (tree: HastRoot) => ReactNode = treeToReact): QuestionContent {
  return {
    id: q.id,
    type: q.type,
    topic: q.topic,
    lesson: q.lesson,
    difficulty: q.difficulty,
    fromSeed: q.source === 'seed',
    prompt: toReact(q.prompt),
    explanation: toReact(q.explanation),
    ...(q.references ? { references: toReact(q.references) } : {}),
    ...(q.choices ? { choices: q.choices.map((c) => ({ text: toReact(c.text), label: c.label, correct: c.correct, why: toReact(c.why) })) } : {}),
    ...(q.numeric ? { numeric: q.numeric } : {}),
    ...(q.modelAnswer ? { modelAnswer: toReact(q.modelAnswer) } : {}),
    ...(q.rubric ? { rubric: q.rubric.map(toReact) } : {}),
    ...(q.bug ? { bug: toReact(q.bug) } : {}),
    ...(q.steps ? { steps: q.steps.map(toReact) } : {}),
  };
}

/** The front-matter facts practice logic works on (no React nodes: cheap to pass around). */
export function questionInfo(q: Pick<RenderedQuestion, 'id' | 'type' | 'topic' | 'lesson' | 'difficulty'>): PracticeQuestionInfo {
  return { id: q.id, type: q.type, topic: q.topic, lesson: q.lesson, difficulty: q.difficulty };
}
