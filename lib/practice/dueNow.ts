/**
 * What "due" means, once for every page: /practice's counts and queue and /progress's summary
 * call this, so the two can never disagree again (they did: "6 due today" beside "1 due, 5 in
 * learning", because /progress counted every card due before local midnight).
 *
 * - due now: the card's due time has passed;
 * - in learning: a learning or relearning card due within LEARN_AHEAD_MINUTES. A just-failed card
 *   returns in 1–10 minutes, and /practice asks it early (like Anki's learn-ahead) rather than end
 *   a session while it is minutes away; it is counted apart because it is not due yet.
 * Anything later is not due; /progress's forecast shows when it will be.
 */
import type { ReviewCard } from './progressTypes';

export const LEARN_AHEAD_MINUTES = 20;
const MINUTE_MS = 60_000;

export type DueState = 'now' | 'learning' | null;

export function dueState(card: ReviewCard, nowMs: number): DueState {
  const dueMs = Date.parse(card.due);
  if (Number.isNaN(dueMs)) throw new Error(`dueState: card due ${JSON.stringify(card.due)} is not an ISO date`);
  if (dueMs <= nowMs) return 'now';
  const learning = card.state === 'learning' || card.state === 'relearning';
  return learning && dueMs <= nowMs + LEARN_AHEAD_MINUTES * MINUTE_MS ? 'learning' : null;
}

export interface DueCounts {
  /** Questions whose card is due now. */
  dueNow: number;
  /** Learning cards back within LEARN_AHEAD_MINUTES (asked early in a session). */
  inLearning: number;
}

/** "1 due, 5 in learning": the words both pages print. */
export function dueSummary({ dueNow, inLearning }: DueCounts): string {
  return inLearning > 0 ? `${dueNow} due, ${inLearning} in learning` : `${dueNow} due`;
}

/**
 * What the forecast's "today" bar is made of, in the summary's words: the bar counts every card
 * due before local midnight, the summary only those due now and in learning, and a student who
 * reads "0 due, 7 in learning" above a bar of 7 deserves to see why both are right.
 */
export function dueTodaySummary(dueToday: number, counts: DueCounts): string {
  const later = Math.max(0, dueToday - counts.dueNow - counts.inLearning);
  const parts = [`${counts.dueNow} due now`];
  if (counts.inLearning > 0) parts.push(`${counts.inLearning} in learning (back within ${LEARN_AHEAD_MINUTES} minutes)`);
  if (later > 0) parts.push(`${later} later today`);
  return parts.join(', ');
}
