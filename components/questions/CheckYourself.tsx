/**
 * "Check yourself": a lesson's questions at its end, each answerable in place. The Markdown was
 * rendered at build time (lib/content/renderQuestion.ts); here the trees become React nodes and
 * go to the interactive QuestionCard.
 */
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { HastRoot } from '../../lib/content';
import type { RenderedQuestion } from '../../lib/content/renderQuestion';
import { QuestionCard } from './QuestionCard';

const toReact = (tree: HastRoot): ReactNode => toJsxRuntime(tree, { Fragment, jsx, jsxs });

export function CheckYourself({ questions }: { questions: RenderedQuestion[] }) {
  if (questions.length === 0) return null;
  return (
    <section className="check-yourself" aria-labelledby="check-yourself">
      <h2 id="check-yourself">Check yourself</h2>
      <p className="meta">
        {questions.length} question{questions.length === 1 ? '' : 's'} on this lesson. Answers are checked here, in your browser.
      </p>
      {questions.map((q) => (
        <QuestionCard
          key={q.id}
          id={q.id}
          type={q.type}
          difficulty={q.difficulty}
          fromSeed={q.source === 'seed'}
          prompt={toReact(q.prompt)}
          explanation={toReact(q.explanation)}
          references={q.references ? toReact(q.references) : undefined}
          choices={q.choices?.map((c) => ({ text: toReact(c.text), label: c.label, correct: c.correct, why: toReact(c.why) }))}
          numeric={q.numeric}
          modelAnswer={q.modelAnswer ? toReact(q.modelAnswer) : undefined}
          rubric={q.rubric?.map(toReact)}
          bug={q.bug ? toReact(q.bug) : undefined}
          steps={q.steps?.map(toReact)}
        />
      ))}
    </section>
  );
}
