/**
 * Builders for progress records, with plain defaults that each test overrides where it matters,
 * and a version 1 value exactly in the ProgressV1 shape for the migration and storage tests.
 */
import { replayReviews } from '../../lib/practice/fsrsScheduler';
import type { ProgressV1 } from '../../lib/practice/progressMigrations';
import {
  PROGRESS_VERSION,
  type MockAnswer,
  type MockInterviewRecord,
  type PredictionRecord,
  type ProgressData,
  type ReviewCard,
  type ReviewRating,
  type ReviewRecord,
} from '../../lib/practice/progressTypes';

export const EPOCH = '1970-01-01T00:00:00.000Z';

export function review(questionId: string, reviewedAt: string, rating: ReviewRating = 3, extra: Partial<ReviewRecord> = {}): ReviewRecord {
  return { questionId, reviewedAt, rating, correct: null, seconds: 20, ...extra };
}

export function card(extra: Partial<ReviewCard> = {}): ReviewCard {
  return {
    due: '2026-03-04T00:00:00.000Z',
    stability: 3,
    difficulty: 5,
    scheduledDays: 3,
    learningSteps: 0,
    reps: 2,
    lapses: 0,
    state: 'review',
    lastReview: '2026-03-01T00:00:00.000Z',
    ...extra,
  };
}

export function answer(questionId: string, extra: Partial<MockAnswer> = {}): MockAnswer {
  return { questionId, correct: null, selfScore: null, gradedAt: null, answered: true, seconds: 60, ...extra };
}

export function mock(id: string, startedAt: string, answers: MockAnswer[] = [answer('q-a')], extra: Partial<MockInterviewRecord> = {}): MockInterviewRecord {
  return {
    id,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 15 * 60_000).toISOString(),
    minutes: 15,
    seed: 42,
    answers,
    timedOut: false,
    ...extra,
  };
}

/** A checked guess in the step-through, for `id` at `predictedAt`; right by default. */
export function prediction(id: string, predictedAt: string, extra: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    id,
    predictedAt,
    calculator: 'step-through',
    preset: 'basic',
    edited: false,
    example: '0badcafe',
    stage: 'weights',
    row: 1,
    col: 2,
    guess: '0.25',
    actual: 0.2512,
    correct: true,
    ...extra,
  };
}

const byTime = (a: ReviewRecord, b: ReviewRecord) =>
  a.reviewedAt < b.reviewedAt ? -1 : a.reviewedAt > b.reviewedAt ? 1 : a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0;

/** Cards as replaying each question's log gives them: what the site itself would have stored. */
export function cardsFromReviews(reviews: readonly ReviewRecord[]): Record<string, ReviewCard> {
  const logs = new Map<string, ReviewRecord[]>();
  for (const r of [...reviews].sort(byTime)) logs.set(r.questionId, [...(logs.get(r.questionId) ?? []), r]);
  const cards: Record<string, ReviewCard> = {};
  // defineProperty: an id such as "__proto__" must stay a key, not set the prototype.
  for (const [id, log] of logs) Object.defineProperty(cards, id, { value: replayReviews(log)!, enumerable: true, writable: true, configurable: true });
  return cards;
}

/** Progress as the site writes it: reviews sorted, cards by replay unless given. */
export function progress(parts: Partial<Omit<ProgressData, 'version'>> = {}): ProgressData {
  const reviews = [...(parts.reviews ?? [])].sort(byTime);
  return {
    version: PROGRESS_VERSION,
    cards: parts.cards ?? cardsFromReviews(reviews),
    reviews,
    mocks: [...(parts.mocks ?? [])].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0)),
    predictions: [...(parts.predictions ?? [])].sort((a, b) => (a.predictedAt < b.predictedAt ? -1 : a.predictedAt > b.predictedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    settings: parts.settings ?? { newPerDay: 10, updatedAt: EPOCH },
  };
}

/** A value stored by version 1 of the site, exactly in that shape. */
export function v1Fixture(): ProgressV1 {
  return {
    version: 1,
    cards: {
      'softmax-basics': {
        due: '2026-02-05T09:00:00.000Z',
        stability: 2.3065,
        difficulty: 2.1181,
        elapsedDays: 0,
        scheduledDays: 2,
        reps: 1,
        lapses: 0,
        state: 'review',
        lastReview: '2026-02-03T09:00:00.000Z',
      },
      'scaled-dot-product': {
        due: '2026-02-03T10:10:00.000Z',
        stability: 0.40255,
        difficulty: 7.1949,
        elapsedDays: 3,
        scheduledDays: 0,
        reps: 1,
        lapses: 0,
        state: 'learning',
        lastReview: '2026-02-03T10:00:00.000Z',
      },
    },
    reviews: [
      { questionId: 'softmax-basics', reviewedAt: '2026-02-03T09:00:00.000Z', rating: 3, correct: true, seconds: 31 },
      { questionId: 'scaled-dot-product', reviewedAt: '2026-02-03T10:00:00.000Z', rating: 1, correct: false, seconds: 55 },
    ],
    newPerDay: 15,
  };
}

/** The stored string (zustand persist's envelope) for any `data`. */
export function envelope(data: unknown, version = PROGRESS_VERSION): string {
  return JSON.stringify({ state: { data }, version });
}
