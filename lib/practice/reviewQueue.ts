/**
 * The day's review queue for /practice: which questions to ask now, in what order. Cards come from
 * FSRS (lib/practice/fsrsScheduler.ts); this only reads them. It runs on every answer, over a log
 * that grows without end, so it makes one pass over the reviews and otherwise works per question
 * with maps by id, never per question × review.
 */
import { localDayKey } from './days';
import type { PracticeQuestionInfo, ProgressData, ReviewCard } from './progressTypes';

/** An empty list means "no restriction" on that field. */
export interface PracticeFilters {
  topics: string[];
  lessons: string[];
  types: PracticeQuestionInfo['type'][];
  difficulties: (1 | 2 | 3)[];
  /** Only questions the learner last got wrong (see wrongQuestionIds). */
  onlyWrong: boolean;
}

export const NO_FILTERS: PracticeFilters = Object.freeze({
  topics: Object.freeze([]) as unknown as string[],
  lessons: Object.freeze([]) as unknown as string[],
  types: Object.freeze([]) as unknown as PracticeQuestionInfo['type'][],
  difficulties: Object.freeze([]) as unknown as (1 | 2 | 3)[],
  onlyWrong: false,
});

/**
 * Learning and relearning cards due this soon count as due now, like Anki's learn-ahead: a
 * just-failed card returns in 1–10 minutes, and without this the session would end while it is
 * minutes away and the learner would have to come back for one card.
 */
export const LEARN_AHEAD_MINUTES = 20;
const MINUTE_MS = 60_000;

export function matchesFilters(q: PracticeQuestionInfo, filters: PracticeFilters, wrongIds: ReadonlySet<string>): boolean {
  return (
    (filters.topics.length === 0 || filters.topics.includes(q.topic)) &&
    (filters.lessons.length === 0 || filters.lessons.includes(q.lesson)) &&
    (filters.types.length === 0 || filters.types.includes(q.type)) &&
    (filters.difficulties.length === 0 || filters.difficulties.includes(q.difficulty)) &&
    (!filters.onlyWrong || wrongIds.has(q.id))
  );
}

/**
 * Questions the learner last got wrong. A review is wrong when rated Again or graded incorrect; a
 * mock interview answer when graded incorrect. For each question the latest verdict decides:
 * reviews by `reviewedAt`, and the question's answer in the latest mock (by `startedAt`) that asked
 * it, taken as given at that mock's `finishedAt`. So a later correct review clears a wrong mock
 * answer and a later correct mock answer clears a wrong review; a mock answer with no verdict
 * (unanswered, or self-graded) leaves the reviews to decide.
 */
export function wrongQuestionIds(progress: ProgressData): Set<string> {
  // ISO strings from toISOString compare as instants, so no parsing in the pass over the log.
  const latestReview = new Map<string, { at: string; wrong: boolean }>();
  for (const r of progress.reviews) {
    const prev = latestReview.get(r.questionId);
    if (prev === undefined || r.reviewedAt >= prev.at) latestReview.set(r.questionId, { at: r.reviewedAt, wrong: r.rating === 1 || r.correct === false });
  }
  const latestMock = new Map<string, { startedAt: string; finishedAt: string; correct: boolean | null }>();
  for (const mock of progress.mocks) {
    for (const a of mock.answers) {
      const prev = latestMock.get(a.questionId);
      if (prev === undefined || mock.startedAt >= prev.startedAt) latestMock.set(a.questionId, { startedAt: mock.startedAt, finishedAt: mock.finishedAt, correct: a.correct });
    }
  }
  const wrong = new Set<string>();
  for (const [id, review] of latestReview) {
    const mock = latestMock.get(id);
    const mockDecides = mock !== undefined && mock.correct !== null && mock.finishedAt > review.at;
    if (mockDecides ? mock.correct === false : review.wrong) wrong.add(id);
  }
  for (const [id, mock] of latestMock) if (!latestReview.has(id) && mock.correct === false) wrong.add(id);
  return wrong;
}

export interface ReviewQueue {
  /** Ids to ask, in order: every due id, then the new ones. */
  queue: string[];
  /** Questions with a card due now (or learning and due within LEARN_AHEAD_MINUTES), by due time, then bank order. */
  due: string[];
  /** Never-reviewed questions within today's remaining new allowance, in bank order. */
  fresh: string[];
  /** Distinct questions (any, filtered or not) whose first review falls on today's local day. */
  newIntroducedToday: number;
  /** max(0, newPerDay − newIntroducedToday): how many more new questions today allows. */
  newLeftToday: number;
  /**
   * The learn-ahead part of `due`: learning cards in the queue that are not due yet, with their
   * due times, in queue order, so the UI can say a card is coming back in a few minutes.
   */
  dueLater: { id: string; due: string }[];
  /** Ids with a card but no longer in the bank, sorted: never queued. */
  retired: string[];
  /**
   * The order to ask `queue` in during a session: what is due now, then the new questions, and only
   * then learning cards a few minutes early (`dueLater`). A card failed a moment ago is due again in
   * a minute; asking it before the new questions would bring it straight back while other work waits.
   */
  sessionOrder: string[];
  /** How many of `due` are due now (the rest are `dueLater`). */
  dueNow: number;
}

export interface ReviewQueueInput {
  /** The question bank, in teaching order. */
  questions: readonly PracticeQuestionInfo[];
  progress: ProgressData;
  now: string;
  timeZoneOffsetMinutes: number;
  filters: PracticeFilters;
}

function isLearning(card: ReviewCard): boolean {
  return card.state === 'learning' || card.state === 'relearning';
}

export function buildReviewQueue({ questions, progress, now, timeZoneOffsetMinutes, filters }: ReviewQueueInput): ReviewQueue {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new Error(`buildReviewQueue: now must be an ISO date string, got ${JSON.stringify(now)}`);
  if (!Number.isFinite(timeZoneOffsetMinutes)) throw new Error(`buildReviewQueue: timeZoneOffsetMinutes must be a finite number, got ${timeZoneOffsetMinutes}`);
  const { newPerDay } = progress.settings;
  if (!Number.isInteger(newPerDay) || newPerDay < 0) throw new Error(`buildReviewQueue: settings.newPerDay must be an integer ≥ 0, got ${newPerDay}`);

  const bankIndex = new Map<string, number>();
  questions.forEach((q, i) => {
    if (bankIndex.has(q.id)) throw new Error(`buildReviewQueue: question id ${JSON.stringify(q.id)} appears twice in the bank`);
    bankIndex.set(q.id, i);
  });

  // One pass over the log: each question's first review, as an ISO string.
  const firstReview = new Map<string, string>();
  for (const r of progress.reviews) {
    const prev = firstReview.get(r.questionId);
    if (prev === undefined || r.reviewedAt < prev) firstReview.set(r.questionId, r.reviewedAt);
  }
  const today = localDayKey(now, timeZoneOffsetMinutes);
  let newIntroducedToday = 0;
  for (const at of firstReview.values()) if (localDayKey(at, timeZoneOffsetMinutes) === today) newIntroducedToday++;
  const newLeftToday = Math.max(0, newPerDay - newIntroducedToday);

  const wrongIds: ReadonlySet<string> = filters.onlyWrong ? wrongQuestionIds(progress) : new Set();
  const learnAheadMs = nowMs + LEARN_AHEAD_MINUTES * MINUTE_MS;
  const dueItems: { id: string; dueMs: number; bank: number; due: string }[] = [];
  const fresh: string[] = [];
  questions.forEach((q, bank) => {
    const card = Object.hasOwn(progress.cards, q.id) ? progress.cards[q.id] : undefined;
    if (card === undefined) {
      if (fresh.length < newLeftToday && matchesFilters(q, filters, wrongIds)) fresh.push(q.id);
      return;
    }
    const dueMs = Date.parse(card.due);
    if (Number.isNaN(dueMs)) throw new Error(`buildReviewQueue: card ${JSON.stringify(q.id)} has due ${JSON.stringify(card.due)}, not an ISO date`);
    const isDue = dueMs <= nowMs || (isLearning(card) && dueMs <= learnAheadMs);
    if (isDue && matchesFilters(q, filters, wrongIds)) dueItems.push({ id: q.id, dueMs, bank, due: card.due });
  });
  dueItems.sort((a, b) => a.dueMs - b.dueMs || a.bank - b.bank);

  const due = dueItems.map((d) => d.id);
  const dueLater = dueItems.filter((d) => d.dueMs > nowMs).map(({ id, due }) => ({ id, due }));
  const retired = Object.keys(progress.cards)
    .filter((id) => !bankIndex.has(id))
    .sort();
  const early = new Set(dueLater.map((d) => d.id));
  const dueNowIds = due.filter((id) => !early.has(id));
  const sessionOrder = [...dueNowIds, ...fresh, ...dueLater.map((d) => d.id)];
  return { queue: [...due, ...fresh], due, fresh, newIntroducedToday, newLeftToday, dueLater, retired, sessionOrder, dueNow: dueNowIds.length };
}
