/**
 * Merging two copies of a learner's progress: another tab's, or an imported file. Nothing is
 * lost: reviews are a union keyed by question and time; a question whose log gained reviews from
 * both sides is re-scheduled by replaying its whole log (lib/practice/fsrsScheduler.ts), so a
 * review made in each tab counts in the card; a question whose merged log is exactly one side's
 * keeps that side's card, which is the replay of that log (fuzz is off), so the common case of
 * another tab's newer reviews costs no replay; mock interviews and predictions are unions by id;
 * the later settings win.
 *
 * Cards are keyed by question id, so they are looked up as own properties only: `constructor`
 * is a question id like any other, not Object.prototype.constructor.
 */
import { replayReviews } from './fsrsScheduler';
import { comparePredictions, compareReviews, setOwn } from './progressSchema';
import type { MockInterviewRecord, PredictionRecord, ProgressData, ReviewCard, ReviewRecord } from './progressTypes';

const reviewKey = (r: ReviewRecord) => `${r.questionId}\u0000${r.reviewedAt}`;

export interface MergeSummary {
  /** Reviews in `incoming` that `current` did not have. */
  addedReviews: number;
  /** Mock interviews new to `current`, or graded later in `incoming`. */
  addedMocks: number;
  /** Predictions (by id) in `incoming` that `current` did not have. */
  addedPredictions: number;
  /** Questions whose card had to be recomputed. */
  rescheduled: number;
  /** Cards new to `current` with no reviews behind them in either copy. */
  addedCards: number;
  settingsChanged: boolean;
}

export function mergeProgress(current: ProgressData, incoming: ProgressData): { data: ProgressData; summary: MergeSummary } {
  const { reviews, touched, currentExtra, addedReviews } = strictlySorted(current.reviews) && strictlySorted(incoming.reviews) ? mergeSortedReviews(current.reviews, incoming.reviews) : mergeReviewsByKey(current.reviews, incoming.reviews);

  const has = (record: Record<string, ReviewCard>, id: string) => Object.hasOwn(record, id);
  const cards: Record<string, ReviewCard> = { ...current.cards };
  let rescheduled = 0;
  const replay = [...touched].filter((id) => currentExtra.has(id) || !has(incoming.cards, id));
  const logs = replay.length === 0 ? new Map<string, ReviewRecord[]>() : logsByQuestion(reviews, new Set(replay));
  for (const id of touched) {
    // The merged log is incoming's own (current added no review, nor a rating, to it): its card is right as it is.
    if (!currentExtra.has(id) && has(incoming.cards, id)) {
      setOwn(cards, id, incoming.cards[id]);
      continue;
    }
    const card = replayReviews(logs.get(id) ?? []);
    if (card) setOwn(cards, id, card);
    rescheduled++;
  }
  // A card with no reviews behind it on either side (not written by this site, but harmless).
  let addedCards = 0;
  for (const [id, card] of Object.entries(incoming.cards)) {
    if (has(cards, id)) continue;
    setOwn(cards, id, card);
    addedCards++;
  }

  const mocksById = new Map<string, MockInterviewRecord>(current.mocks.map((m) => [m.id, m]));
  let addedMocks = 0;
  for (const m of incoming.mocks) {
    const mine = mocksById.get(m.id);
    if (!mine) {
      mocksById.set(m.id, m);
      addedMocks++;
      continue;
    }
    // The same session, perhaps self-graded further in the other copy: the later grade of each answer wins.
    const combined = mergeMockGrades(mine, m);
    if (combined !== mine) {
      mocksById.set(m.id, combined);
      addedMocks++;
    }
  }
  const mocks = addedMocks === 0 ? current.mocks : [...mocksById.values()].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1));

  const { predictions, addedPredictions } = mergePredictions(current.predictions, incoming.predictions);

  const settingsChanged = incoming.settings.updatedAt > current.settings.updatedAt;
  const settings = settingsChanged ? incoming.settings : current.settings;
  return {
    data: { version: current.version, cards, reviews, mocks, predictions, settings },
    summary: { addedReviews, addedMocks, addedPredictions, rescheduled, addedCards, settingsChanged },
  };
}

/**
 * The union by id; a record is never changed once written, so the same id on both sides is the
 * same prediction and `current`'s copy stays. `current`'s very list when nothing is new.
 */
function mergePredictions(current: readonly PredictionRecord[], incoming: readonly PredictionRecord[]): { predictions: PredictionRecord[]; addedPredictions: number } {
  if (incoming.length === 0) return { predictions: current as PredictionRecord[], addedPredictions: 0 };
  const ids = new Set(current.map((p) => p.id));
  const added: PredictionRecord[] = [];
  for (const p of incoming) {
    if (ids.has(p.id)) continue;
    ids.add(p.id);
    added.push(p);
  }
  if (added.length === 0) return { predictions: current as PredictionRecord[], addedPredictions: 0 };
  return { predictions: [...current, ...added].sort(comparePredictions), addedPredictions: added.length };
}

interface ReviewUnion {
  reviews: ReviewRecord[];
  /** Questions whose log gained or changed a review. */
  touched: Set<string>;
  /** Questions whose merged log differs from incoming's in a time or a rating (what a card depends on). */
  currentExtra: Set<string>;
  addedReviews: number;
}

/**
 * The union of two logs each sorted by time and question with no key twice, as stored data
 * always is: one walk along both, comparing strings. Keying every review in a Map cost ~10 ms per
 * 20,000 on each side, and a save after another tab wrote merges twice (npm run bench).
 */
function mergeSortedReviews(current: readonly ReviewRecord[], incoming: readonly ReviewRecord[]): ReviewUnion {
  const touched = new Set<string>();
  const currentExtra = new Set<string>();
  let addedReviews = 0;
  const out: ReviewRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < current.length && j < incoming.length) {
    const order = compareReviews(current[i], incoming[j]);
    if (order < 0) {
      const mine = current[i++];
      out.push(mine);
      currentExtra.add(mine.questionId);
    } else if (order > 0) {
      const r = incoming[j++];
      out.push(r);
      touched.add(r.questionId);
      addedReviews++;
    } else {
      // Two different answers to one question in the same millisecond cannot both be kept under
      // one key; the lower rating wins on either side, so merging in either order agrees.
      const mine = current[i++];
      const r = incoming[j++];
      if (r.rating < mine.rating) {
        out.push(r);
        touched.add(r.questionId);
        addedReviews++;
      } else {
        out.push(mine);
        if (mine.rating !== r.rating) currentExtra.add(mine.questionId);
      }
    }
  }
  while (j < incoming.length) {
    const r = incoming[j++];
    out.push(r);
    touched.add(r.questionId);
    addedReviews++;
  }
  if (addedReviews === 0) return { reviews: current as ReviewRecord[], touched, currentExtra, addedReviews };
  while (i < current.length) {
    const mine = current[i++];
    out.push(mine);
    currentExtra.add(mine.questionId);
  }
  return { reviews: out, touched, currentExtra, addedReviews };
}

/** The general case (a log out of order, or with a key twice): keyed by question and time. */
function mergeReviewsByKey(current: readonly ReviewRecord[], incoming: readonly ReviewRecord[]): ReviewUnion {
  const byKey = new Map<string, ReviewRecord>();
  for (const r of current) byKey.set(reviewKey(r), r);
  const touched = new Set<string>();
  const currentExtra = new Set<string>();
  const inIncoming = new Set<string>();
  let addedReviews = 0;
  for (const r of incoming) {
    const key = reviewKey(r);
    inIncoming.add(key);
    const mine = byKey.get(key);
    if (!mine || r.rating < mine.rating) {
      byKey.set(key, r);
      touched.add(r.questionId);
      addedReviews++;
    } else if (mine.rating !== r.rating) currentExtra.add(mine.questionId);
  }
  for (const r of current) if (!inIncoming.has(reviewKey(r))) currentExtra.add(r.questionId);
  const reviews = addedReviews === 0 ? (current as ReviewRecord[]) : [...byKey.values()].sort(compareReviews);
  return { reviews, touched, currentExtra, addedReviews };
}

function strictlySorted(reviews: readonly ReviewRecord[]): boolean {
  for (let i = 1; i < reviews.length; i++) if (compareReviews(reviews[i - 1], reviews[i]) >= 0) return false;
  return true;
}

/** True when merging `incoming` into `current` would change nothing. */
export function mergeChangesNothing(summary: MergeSummary): boolean {
  return summary.addedReviews === 0 && summary.addedMocks === 0 && summary.addedPredictions === 0 && summary.addedCards === 0 && !summary.settingsChanged;
}

function logsByQuestion(reviews: readonly ReviewRecord[], ids: ReadonlySet<string>): Map<string, ReviewRecord[]> {
  const logs = new Map<string, ReviewRecord[]>();
  for (const r of reviews) {
    if (!ids.has(r.questionId)) continue;
    const log = logs.get(r.questionId);
    if (log) log.push(r);
    else logs.set(r.questionId, [r]);
  }
  return logs;
}

/** `mine` with any answer that `theirs` graded later; `mine` itself when nothing is newer. */
function mergeMockGrades(mine: MockInterviewRecord, theirs: MockInterviewRecord): MockInterviewRecord {
  let changed = false;
  const answers = mine.answers.map((a) => {
    const other = theirs.answers.find((b) => b.questionId === a.questionId);
    if (!other || other.gradedAt === null || (a.gradedAt !== null && a.gradedAt >= other.gradedAt)) return a;
    changed = true;
    return { ...a, correct: other.correct, selfScore: other.selfScore, gradedAt: other.gradedAt };
  });
  return changed ? { ...mine, answers } : mine;
}
