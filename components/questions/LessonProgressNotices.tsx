'use client';
/**
 * Storage notices and cross-tab sync on a lesson, from when its progress store has loaded (the
 * first touch of a question card). Nothing before: the prerendered page has no notices either.
 */
import { lazy, Suspense } from 'react';
import { useLessonProgressStore } from './lessonProgress';

const LessonProgressLive = lazy(() => import('./LessonProgressLive'));

export function LessonProgressNotices() {
  const store = useLessonProgressStore();
  if (!store) return null;
  return (
    <Suspense fallback={null}>
      <LessonProgressLive />
    </Suspense>
  );
}
