/**
 * The day's review queue for /practice: which questions to ask now, in what order. Cards come from
 * FSRS (lib/practice/fsrsScheduler.ts); this only reads them. It runs on every answer, over a log
 * that grows without end, so it makes one pass over the reviews and otherwise works per question
 * with maps by id, never per question × review.
 */
import { localDayKey } from './days';
import { dueState } from './dueNow';
import type { PracticeFilters, PracticeQuestionInfo, ProgressData } from './progressTypes';

export type { PracticeFilters } from './progressTypes';

export const NO_FILTERS: PracticeFilters = Object.freeze({
  topics: Object.freeze([]) as unknown as string[],
  lessons: Object.freeze([]) as unknown as string[],
  types: Object.freeze([]) as unknown as PracticeQuestionInfo['type'][],
  difficulties: Object.freeze([]) as unknown as (1 | 2 | 3)[],
  onlyWrong: false,
});

// What counts as due is defined once, in dueNow.ts, for this queue and for /progress alike.
export { LEARN_AHEAD_MINUTES } from './dueNow';

/** True when no filter restricts anything. */
export function noFilters(f: PracticeFilters): boolean {
  return f.topics.length + f.lessons.length + f.types.length + f.difficulties.length === 0 && !f.onlyWrong;
}

/**
 * Saved filters with the values the bank no longer has taken out: a topic or lesson that was
 * removed would otherwise filter out everything, with no checkbox left to untick.
 */
export function filtersInBank(f: PracticeFilters, questions: readonly PracticeQuestionInfo[]): PracticeFilters {
  const topics = new Set(questions.map((q) => q.topic));
  const lessons = new Set(questions.map((q) => q.lesson));
  const types = new Set(questions.map((q) => q.type));
  const kept = {
    topics: f.topics.filter((t) => topics.has(t)),
    lessons: f.lessons.filter((l) => lessons.has(l)),
    types: f.types.filter((t) => types.has(t)),
    difficulties: f.difficulties,
    onlyWrong: f.onlyWrong,
  };
  return kept.topics.length === f.topics.length && kept.lessons.length === f.lessons.length && kept.types.length === f.types.length ? f : kept;
}

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
    if (dueState(card, nowMs) !== null && matchesFilters(q, filters, wrongIds)) dueItems.push({ id: q.id, dueMs, bank, due: card.due });
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
