/**
 * "Check yourself": a lesson's questions at its end, each answerable in place. The Markdown was
 * rendered at build time (lib/content/renderQuestion.ts) and taken out as static HTML
 * (app/staticPageContent.ts); here each part becomes a StaticHtml chunk, so the interactive
 * QuestionCard receives only chunk ids, and the texts it shows later (explanations) wait in the
 * page's later file (components/StaticHtml.tsx). Answers are recorded in the progress store like
 * /practice's; the store loads when a card is first touched (lessonProgress.ts), and from then the
 * page takes in other tabs' answers and says when storage has trouble (LessonProgressNotices).
 */
import type { RenderedQuestion } from '../../lib/content/renderQuestion';
import { skeletonToReact } from '../skeletonToReact';
import { LessonProgressNotices } from './LessonProgressNotices';
import { QuestionCard } from './QuestionCard';
import { questionContent } from './questionContent';

export function CheckYourself({ questions }: { questions: RenderedQuestion[] }) {
  if (questions.length === 0) return null;
  return (
    <section className="check-yourself" aria-labelledby="check-yourself">
      <h2 id="check-yourself">Check yourself</h2>
      <p className="meta">
        {questions.length} question{questions.length === 1 ? '' : 's'} on this lesson. Answers are checked here, in your browser, and your first answer to each on a visit counts as a review in your schedule (kept in this browser, like /practice).
      </p>
      <LessonProgressNotices />
      {questions.map((q) => {
        const { topic: _topic, lesson: _lesson, ...card } = questionContent(q, (tree) => skeletonToReact(tree));
        return <QuestionCard key={q.id} {...card} />;
      })}
    </section>
  );
}
