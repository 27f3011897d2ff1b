import { IntentLink } from './IntentLink';
import { LessonList } from './LessonList';
import { lessonHref } from './lessonHref';

/** The fields the navigation needs; the content pipeline's lessons have at least these. */
export interface NavLesson {
  slug: string;
  title: string;
}

export { lessonHref };

/**
 * All lessons in order with the current one marked. Wide screens show the list beside the lesson;
 * narrow ones fold it into a <details> above the lesson so the text starts on the first screen.
 * The two copies never show at once (CSS), so assistive technology meets one.
 */
export function LessonSidebar({ lessons, currentSlug }: { lessons: readonly NavLesson[]; currentSlug: string }) {
  const position = lessons.findIndex((lesson) => lesson.slug === currentSlug) + 1;
  const positionText = `Lesson ${position} of ${lessons.length}`;
  // One element shown in both places: the RSC payload writes it once and refers to it the second time.
  const list = <LessonList lessons={lessons.map((lesson) => [lesson.slug, lesson.title] as const)} currentSlug={currentSlug} />;
  return (
    <aside className="lesson-sidebar">
      <nav aria-label="Lessons" className="lesson-sidebar-wide">
        <p className="lesson-position">{positionText}</p>
        {list}
      </nav>
      <details className="lesson-sidebar-narrow">
        <summary>
          {positionText}
          <span className="lesson-sidebar-narrow-hint"> · all lessons</span>
        </summary>
        <nav aria-label="Lessons">
          {list}
        </nav>
      </details>
    </aside>
  );
}

/** Links to the lessons before and after the current one, in reading order. */
export function LessonPrevNext({ lessons, currentSlug }: { lessons: readonly NavLesson[]; currentSlug: string }) {
  const index = lessons.findIndex((lesson) => lesson.slug === currentSlug);
  const previous = index > 0 ? lessons[index - 1] : undefined;
  const next = index >= 0 && index < lessons.length - 1 ? lessons[index + 1] : undefined;
  if (!previous && !next) return null;
  return (
    <nav aria-label="Previous and next lesson" className="prev-next">
      {previous ? (
        <IntentLink href={lessonHref(previous.slug)} rel="prev" className="prev-next-link prev-next-previous">
          <span className="prev-next-label">Previous</span>
          <span className="prev-next-title">{previous.title}</span>
        </IntentLink>
      ) : (
        <span />
      )}
      {next ? (
        <IntentLink href={lessonHref(next.slug)} rel="next" className="prev-next-link prev-next-next">
          <span className="prev-next-label">Next</span>
          <span className="prev-next-title">{next.title}</span>
        </IntentLink>
      ) : null}
    </nav>
  );
}
