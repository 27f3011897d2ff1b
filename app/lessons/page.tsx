import type { Metadata } from 'next';
import { IntentLink } from '../../components/IntentLink';
import { lessonHref } from '../../components/LessonNav';
import { getLessonSummaries } from '../lessonCatalog';

export const metadata: Metadata = { title: 'Lessons' };

export default function LessonsIndexPage() {
  const lessons = getLessonSummaries();
  const totalMinutes = lessons.reduce((sum, lesson) => sum + lesson.minutes, 0);
  return (
    <div className="page-narrow">
      <h1>Lessons</h1>
      <p className="lead">
        {lessons.length} {lessons.length === 1 ? 'lesson' : 'lessons'}, about {totalMinutes} minutes in all. Read them in order or pick a topic.
      </p>
      <ol className="lesson-index">
        {lessons.map((lesson) => (
          <li key={lesson.slug} className="lesson-card">
            <h2>
              <IntentLink href={lessonHref(lesson.slug)}>{lesson.title}</IntentLink>
            </h2>
            <p className="lesson-summary">{lesson.summary}</p>
            <p className="meta">
              <span>{lesson.minutes} min</span>
              {lesson.tags.length > 0 ? (
                <>
                  <span aria-hidden="true"> · </span>
                  <span className="visually-hidden">Topics: </span>
                  <span className="tags">
                    {lesson.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
