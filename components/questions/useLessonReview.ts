'use client';
/**
 * A lesson question's answer, counted as a review in the one progress store, as /practice counts
 * it: the site's verdict and the rating it would suggest (lib/practice/gradeAnswer.ts), so /progress
 * and the review schedule include what was answered while reading. Only the first answer of a visit
 * counts; the card then shows the verdict and does not take another. The store is loaded on the
 * card's first touch (lessonProgress.ts), so it is there, or nearly, when the answer is checked.
 */
import { useRef, useState, type RefObject } from 'react';
import { suggestRating, type GradeOutcome } from '../../lib/practice/gradeAnswer';
import { MAX_ANSWER_SECONDS } from '../../lib/practice/progressSchema';
import type { ReviewRating } from '../../lib/practice/progressTypes';
import { lessonProgressStore } from './lessonProgress';

export interface LessonReview {
  /** Call on the learner's first touch of the card: the answer's time starts then, not at page load. */
  start(): void;
  /** Records the answer (once); `rating` overrides the suggestion (self-graded types). */
  record(outcome: GradeOutcome, rating?: ReviewRating): void;
  /** The rating recorded, or null before the answer. */
  counted: ReviewRating | null;
  /** The answer was given but could not be recorded (the store's script did not load). */
  notCounted: boolean;
  /** The card's "counted as …" (or "could not be counted") line: where focus goes after a rating button, which then goes away. */
  countedLine: RefObject<HTMLParagraphElement | null>;
}

export function useLessonReview(questionId: string): LessonReview {
  const startedAt = useRef<number | null>(null);
  const [counted, setCounted] = useState<ReviewRating | null>(null);
  const [notCounted, setNotCounted] = useState(false);
  const countedLine = useRef<HTMLParagraphElement>(null);
  /** The one answer of this visit, once given: a second call while the store loads is not another. */
  const recorded = useRef(false);
  const start = () => {
    if (startedAt.current === null) startedAt.current = Date.now();
    lessonProgressStore().catch(() => {});
  };
  const record = (outcome: GradeOutcome, rating?: ReviewRating) => {
    if (recorded.current) return;
    recorded.current = true;
    const reviewedAt = new Date().toISOString();
    const seconds = Math.min(MAX_ANSWER_SECONDS, Math.max(0, (Date.now() - (startedAt.current ?? Date.now())) / 1000));
    void lessonProgressStore().then((progressStore) => {
      // As in /practice: speed earns Easy only on a question seen before.
      const seenBefore = Object.hasOwn(progressStore.getState().data.cards, questionId);
      const chosen = rating ?? suggestRating(outcome, seenBefore ? seconds : undefined);
      progressStore.getState().recordReview({
        questionId,
        reviewedAt,
        rating: chosen,
        correct: outcome.kind === 'objective' ? outcome.correct : null,
        seconds: Math.round(seconds),
      });
      setCounted(chosen);
      if (rating !== undefined) requestAnimationFrame(() => countedLine.current?.focus());
    }).catch(() => {
      setNotCounted(true);
      if (rating !== undefined) requestAnimationFrame(() => countedLine.current?.focus());
    });
  };
  return { start, record, counted, notCounted, countedLine };
}
