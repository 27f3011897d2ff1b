/**
 * Grading of one answer, shared by the review queue and mock interviews: the UI keeps what the
 * learner typed or picked, this decides right or wrong and suggests an FSRS rating. Pure, so the
 * verdict a mock interview records is the one the review queue would have given.
 */
import { readNumber, toDecimal, withinTolerance } from './numericAnswer';
import type { ReviewRating } from './progressTypes';

function assertIndexList(what: string, indices: readonly number[], size: number): void {
  const seen = new Set<number>();
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new Error(`${what}: index ${i} is not an integer in [0, ${size - 1}]`);
    if (seen.has(i)) throw new Error(`${what}: index ${i} appears twice`);
    seen.add(i);
  }
}

/**
 * Single or multiple choice. `correct[i]` says whether choice i is right, `picked` the chosen
 * indices. The fraction takes off one right pick per wrong pick, so ticking every box scores no
 * better than ticking none: partial credit only for picking with some discrimination.
 */
export function gradeChoices(correct: readonly boolean[], picked: readonly number[]): { correct: boolean; fraction: number } {
  const rightCount = correct.filter(Boolean).length;
  if (rightCount === 0) throw new Error(`gradeChoices: a question needs at least one correct choice (got ${correct.length} choices, none correct)`);
  assertIndexList('gradeChoices picked', picked, correct.length);
  let rightPicks = 0;
  for (const i of picked) if (correct[i]) rightPicks++;
  const wrongPicks = picked.length - rightPicks;
  const fraction = Math.min(1, Math.max(0, (rightPicks - wrongPicks) / rightCount));
  return { correct: wrongPicks === 0 && rightPicks === rightCount, fraction };
}

/**
 * The number a learner typed, or null when it is not one (lib/practice/numericAnswer.ts reads it:
 * digit groups, a decimal comma where it cannot mean anything else).
 */
export function parseNumericAnswer(text: string): number | null {
  const reading = readNumber(text);
  return reading.kind === 'number' ? reading.value : null;
}

export type NumericGrade = { status: 'right' | 'wrong' } | { status: 'invalid'; hint: string };

/**
 * Right iff |x − answer| ≤ tolerance, computed exactly on the decimals: the typed one and the key
 * and tolerance as the site shows them (their shortest decimal spelling, numericAnswer.ts's
 * formatExact). So 0.6647 against 0.6652 ± 0.0005 is right, 0.6646 is wrong, whatever binary
 * rounding would say at the edge.
 */
export function gradeNumeric(text: string, { answer, tolerance }: { answer: number; tolerance: number }): NumericGrade {
  if (!Number.isFinite(answer)) throw new Error(`gradeNumeric: answer must be a finite number, got ${answer}`);
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new Error(`gradeNumeric: tolerance must be a finite number ≥ 0, got ${tolerance}`);
  const reading = readNumber(text);
  if (reading.kind === 'empty') return { status: 'invalid', hint: 'Type your answer first.' };
  if (reading.kind === 'invalid') return { status: 'invalid', hint: reading.hint };
  return { status: withinTolerance(reading.decimal, toDecimal(answer), toDecimal(tolerance)) ? 'right' : 'wrong' };
}

/**
 * Ordering questions. `order[p]` is the index, in the correct order, of the step the learner put at
 * position p; the fraction is the share of steps in their right place.
 */
export function gradeOrdering(order: readonly number[]): { correct: boolean; inPlace: number; fraction: number } {
  if (order.length === 0) throw new Error('gradeOrdering: order is empty; an ordering question has at least one step');
  assertIndexList('gradeOrdering order (must be a permutation of 0..n-1)', order, order.length);
  let inPlace = 0;
  for (let p = 0; p < order.length; p++) if (order[p] === p) inPlace++;
  return { correct: inPlace === order.length, inPlace, fraction: inPlace / order.length };
}

/** Self-graded types: the share of rubric points the learner ticked. */
export function gradeRubric(ticked: number, total: number): { fraction: number } {
  if (!Number.isInteger(total) || total < 1) throw new Error(`gradeRubric: total must be an integer ≥ 1 (a question without rubric points has nothing to tick), got ${total}`);
  if (!Number.isInteger(ticked) || ticked < 0 || ticked > total) throw new Error(`gradeRubric: ticked must be an integer in [0, ${total}], got ${ticked}`);
  return { fraction: ticked / total };
}

/** Right and answered faster than this many seconds: suggest Easy. */
export const EASY_SECONDS = 15;

export type GradeOutcome = { kind: 'objective'; correct: boolean; fraction: number } | { kind: 'self'; fraction: number };

/**
 * The FSRS rating to suggest (the learner may override it).
 *
 * Policy. Again (1) sends a card back through the (re)learning steps and counts a lapse, so it is
 * kept for answers that show the idea was not there: wrong with less than half the credit, or
 * under half the rubric recalled. An answer that is wrong but mostly right (a multi-select with one
 * slip, a half-recalled free answer) gets Hard (2): the interval shrinks so it comes back soon, but
 * learning does not restart for a detail. A right answer is Good (3); Easy (4) only for a right
 * objective answer given in under EASY_SECONDS, since speed is the one signal of effortless recall
 * we have (self-graded answers are never Easy: ticking every rubric point says nothing of effort).
 * Both scales are monotone in the fraction, so more credit never suggests a lower rating.
 */
export function suggestRating(outcome: GradeOutcome, seconds?: number): ReviewRating {
  const { fraction } = outcome;
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new Error(`suggestRating: fraction must be in [0, 1], got ${fraction}`);
  if (seconds !== undefined && (!Number.isFinite(seconds) || seconds < 0)) throw new Error(`suggestRating: seconds must be a finite number ≥ 0 when given, got ${seconds}`);
  if (outcome.kind === 'self') return fraction < 0.5 ? 1 : fraction < 1 ? 2 : 3;
  if (!outcome.correct) return fraction < 0.5 ? 1 : 2;
  return seconds !== undefined && seconds < EASY_SECONDS ? 4 : 3;
}
