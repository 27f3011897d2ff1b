'use client';
/**
 * What a lesson shows and does once its progress store is in (lessonProgress.ts): another tab's
 * answers are taken in, and storage trouble is said in place. Loaded with the store.
 */
import { ProgressSync } from '../practice/ProgressSync';
import { StorageNotices } from '../practice/StorageNotices';

export default function LessonProgressLive() {
  return (
    <>
      <ProgressSync />
      <StorageNotices />
    </>
  );
}
