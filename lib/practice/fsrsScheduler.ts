/**
 * FSRS scheduling through ts-fsrs, on our own card shape (lib/practice/progressTypes.ts). Fuzz is
 * off so that replaying a question's review log always gives the same card: merging two tabs'
 * logs, or an imported file, recomputes cards by replay and must agree with what each tab saw.
 * Everything else is ts-fsrs's defaults (FSRS-6 weights, 90 % target retention, learning steps
 * 1 min and 10 min, relearning step 10 min).
 */
import { createEmptyCard, fsrs, generatorParameters, State, type Card, type Grade } from 'ts-fsrs';
import type { CardState, ReviewCard, ReviewRating, ReviewRecord } from './progressTypes';

const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));

const STATE_NAMES: readonly CardState[] = ['new', 'learning', 'review', 'relearning'];
const STATE_VALUES: Readonly<Record<CardState, State>> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };
const DAY_MS = 86_400_000;

export function newReviewCard(now: string): ReviewCard {
  return fromFsrsCard(createEmptyCard(new Date(now)));
}

export function toFsrsCard(card: ReviewCard, now?: string): Card {
  const last = card.lastReview ? new Date(card.lastReview) : undefined;
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    // Deprecated in ts-fsrs 5 and unused by its scheduler; filled in for the type's sake.
    elapsed_days: last && now ? Math.max(0, Math.floor((Date.parse(now) - last.getTime()) / DAY_MS)) : 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_VALUES[card.state],
    ...(last ? { last_review: last } : {}),
  };
}

export function fromFsrsCard(card: Card): ReviewCard {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_NAMES[card.state],
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  };
}

/** The card after rating it at `at` (a question never reviewed starts from an empty card). */
export function applyReview(card: ReviewCard | undefined, rating: ReviewRating, at: string): ReviewCard {
  const before = card ? toFsrsCard(card, at) : createEmptyCard(new Date(at));
  return fromFsrsCard(scheduler.next(before, new Date(at), rating as Grade).card);
}

/** When the question would come back for each rating, if rated at `now`. */
export function previewDue(card: ReviewCard | undefined, now: string): Record<ReviewRating, string> {
  const before = card ? toFsrsCard(card, now) : createEmptyCard(new Date(now));
  const preview = scheduler.repeat(before, new Date(now));
  return {
    1: preview[1].card.due.toISOString(),
    2: preview[2].card.due.toISOString(),
    3: preview[3].card.due.toISOString(),
    4: preview[4].card.due.toISOString(),
  };
}

/** One question's card from its whole log (records of that question, in time order). */
export function replayReviews(records: readonly ReviewRecord[]): ReviewCard | undefined {
  let card: ReviewCard | undefined;
  for (const record of records) card = applyReview(card, record.rating, record.reviewedAt);
  return card;
}

/** Probability of recall at `now` by FSRS's forgetting curve, in whole elapsed days as ts-fsrs counts them; 0 for a card never reviewed. */
export function retrievability(card: ReviewCard | undefined, now: string): number {
  if (!card || card.state === 'new' || !card.lastReview) return 0;
  return scheduler.get_retrievability(toFsrsCard(card, now), new Date(now), false);
}
