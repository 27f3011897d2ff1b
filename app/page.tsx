import { IntentLink } from '../components/IntentLink';
import { lessonHref } from '../components/LessonNav';
import { getLessonSummaries } from './lessonCatalog';

export default function HomePage() {
  const lessons = getLessonSummaries();
  const first = lessons[0];
  return (
    <div className="page-narrow">
      <section className="hero">
        <h1>Attention Lab</h1>
        <p className="lead">
          Learn how attention in transformers works by changing it: edit queries, keys and values, masks, heads and
          temperature, and watch the weights change. Then check yourself with interview-style questions.
        </p>
        {first ? (
          <p>
            <IntentLink href={lessonHref(first.slug)} className="button-link">
              Start with “{first.title}”
            </IntentLink>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="where-to-start">
        <h2 id="where-to-start">Where to start</h2>
        <ul>
          <li>New to attention: read the lessons in order; each builds on the one before.</li>
          <li>
            Preparing for an interview: <IntentLink href="/practice/">review the question bank</IntentLink> a little every day (spaced repetition brings back what you are about to
            forget), then sit a timed <IntentLink href="/practice/mock/">mock interview</IntentLink>. <IntentLink href="/progress/">Your progress</IntentLink> shows what to study next; it stays in
            your browser.
          </li>
          <li>Teaching: every lesson works on a projector and prints cleanly.</li>
          <li>
            Curious what n² looks like: <IntentLink href="/lab/heatmap/">attention at scale</IntentLink>, up to 4096 tokens.
          </li>
        </ul>
      </section>

      <section aria-labelledby="lesson-path">
        <h2 id="lesson-path">The lesson path</h2>
        <ol className="lesson-path">
          {lessons.map((lesson) => (
            <li key={lesson.slug}>
              <IntentLink href={lessonHref(lesson.slug)}>{lesson.title}</IntentLink>
              <span className="meta"> · {lesson.minutes} min</span>
              <p className="lesson-summary">{lesson.summary}</p>
            </li>
          ))}
        </ol>
        <p>
          <IntentLink href="/lessons/">All lessons with topics</IntentLink>
        </p>
      </section>
    </div>
  );
}
