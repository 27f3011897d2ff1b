'use client';
/**
 * The numbered list of lessons with the current one marked. A client component for one reason:
 * its props are the RSC payload's whole copy of the list, and `[slug, title]` pairs are a third
 * the size of fourteen rendered links (the payload of a short lesson has to stay within 15 % of
 * its HTML, issue 13).
 */
import { IntentLink } from './IntentLink';
import { lessonHref } from './lessonHref';

export function LessonList({ lessons, currentSlug }: { lessons: readonly (readonly [slug: string, title: string])[]; currentSlug: string }) {
  return (
    <ol className="lesson-list">
      {lessons.map(([slug, title]) => (
        <li key={slug}>
          <IntentLink href={lessonHref(slug)} aria-current={slug === currentSlug ? 'page' : undefined}>
            {title}
          </IntentLink>
        </li>
      ))}
    </ol>
  );
}
