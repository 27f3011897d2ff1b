/**
 * The numbers behind /progress: mastery per topic, what falls due in the coming days, the review
 * history, the study streak and what to study next. Pure functions of the bank, the progress data
 * and `now`; `progressDashboard` computes them all with one pass over the questions and one over
 * the review log (tens of thousands of records after a year of use).
 *
 * The step-through's predictions (progressTypes.ts, PredictionRecord) are study too: they count in
 * the day-by-day history and the streak, and have totals of their own, but they are not questions,
 * so they make no mastery, nothing due and nothing to study next.
 *
 * Days are the learner's local calendar days (lib/practice/days.ts). Inside, a day is a whole
 * number: floor((instant − offset) / 1 day), the same day `localDayKey` names, without building a
 * string per review record.
 */
import { dueState, type DueCounts } from './dueNow';
import { retrievability } from './fsrsScheduler';
import { PREDICTION_STAGES, type PracticeQuestionInfo, type PredictionStage, type ProgressData } from './progressTypes';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** FSRS's target retention (ts-fsrs's default): a card at or above it is where FSRS wants it. */
const MASTERED_RECALL = 0.9;

export interface TopicMastery {
  topic: string;
  questions: number;
  seen: number;
  mastered: number;
  meanRecall: number;
}
export interface DueDay {
  day: string;
  due: number;
}
export interface HistoryDay {
  day: string;
  reviews: number;
  correct: number;
  again: number;
  /** Checked predictions in the step-through that day, and how many were right. */
  predictions: number;
  predictionsRight: number;
}
/** Predictions of one stage of the step-through, all time. */
export interface PredictionStageCount {
  stage: PredictionStage;
  predictions: number;
  right: number;
}
export interface StudyStreak {
  current: number;
  longest: number;
  reviewedToday: boolean;
}
export interface StudySuggestion {
  topic: string;
  lesson: string;
  title: string;
  reason: string;
}
export interface ProgressDashboard {
  mastery: TopicMastery[];
  forecast: DueDay[];
  history: HistoryDay[];
  streak: StudyStreak;
  studyNext: StudySuggestion[];
  totals: { reviews: number; questionsSeen: number; retired: number; predictions: number; predictionsRight: number };
  /** Per stage, in the step-through's order; stages never predicted are left out. */
  predictionStages: PredictionStageCount[];
  /** Due now and in learning, by the one definition /practice uses too (dueNow.ts). */
  due: DueCounts;
}

function instantMs(label: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${label}: ${JSON.stringify(iso)} is not an ISO date`);
  return ms;
}

function checkOffset(label: string, offset: number): void {
  if (!Number.isFinite(offset)) throw new Error(`${label}: timeZoneOffsetMinutes must be a finite number of minutes, got ${offset}`);
}

function checkDays(label: string, days: number): void {
  if (!Number.isInteger(days) || days < 1) throw new Error(`${label}: days must be a whole number ≥ 1, got ${days}`);
}

const dayIndex = (ms: number, offset: number) => Math.floor((ms - offset * MINUTE_MS) / DAY_MS);
const dayKey = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

/** Per topic: mastery, plus what the other views need (due counts, lessons), from one pass. */
interface TopicAccumulator {
  mastery: TopicMastery;
  recallSum: number;
  due: number;
  lessons: Map<string, number>;
}

/** One pass over the bank: mastery per topic, the due forecast, seen/retired counts. */
function questionPass(questions: readonly PracticeQuestionInfo[], progress: ProgressData, now: string, nowMs: number, offset: number, days: number) {
  const today = dayIndex(nowMs, offset);
  const forecast = new Array<number>(days).fill(0);
  const topics = new Map<string, TopicAccumulator>();
  const inBank = new Set<string>();
  let questionsSeen = 0;
  const due: DueCounts = { dueNow: 0, inLearning: 0 };
  for (const q of questions) {
    inBank.add(q.id);
    let acc = topics.get(q.topic);
    if (!acc) {
      acc = { mastery: { topic: q.topic, questions: 0, seen: 0, mastered: 0, meanRecall: 0 }, recallSum: 0, due: 0, lessons: new Map() };
      topics.set(q.topic, acc);
    }
    acc.mastery.questions++;
    acc.lessons.set(q.lesson, (acc.lessons.get(q.lesson) ?? 0) + 1);
    const card = Object.hasOwn(progress.cards, q.id) ? progress.cards[q.id] : undefined;
    if (card) {
      const state = dueState(card, nowMs);
      if (state === 'now') due.dueNow++;
      else if (state === 'learning') due.inLearning++;
    }
    // A card that was never rated (state 'new') is not "seen" and has nothing scheduled.
    if (!card || card.state === 'new' || card.lastReview === null) continue;
    questionsSeen++;
    acc.mastery.seen++;
    const recall = retrievability(card, now);
    acc.recallSum += recall;
    if (card.state === 'review' && recall >= MASTERED_RECALL) acc.mastery.mastered++;
    const dueMs = instantMs('progress card due', card.due);
    if (dueMs <= nowMs) acc.due++;
    // Overdue cards are today's work.
    const offsetDays = Math.max(0, dayIndex(dueMs, offset) - today);
    if (offsetDays < days) forecast[offsetDays]++;
  }
  let retired = 0;
  for (const id in progress.cards) if (!inBank.has(id)) retired++;
  for (const acc of topics.values()) acc.mastery.meanRecall = acc.recallSum / acc.mastery.questions;
  return {
    topics,
    mastery: [...topics.values()].map((a) => a.mastery),
    forecast: forecast.map((due, i) => ({ day: dayKey(today + i), due })),
    questionsSeen,
    retired,
    due,
  };
}

/** One pass over the review log (and the mocks and predictions): the history window and every study day. */
function reviewPass(progress: ProgressData, nowMs: number, offset: number, days: number) {
  const today = dayIndex(nowMs, offset);
  const first = today - days + 1;
  const history = Array.from({ length: days }, (_, i): HistoryDay => ({ day: dayKey(first + i), reviews: 0, correct: 0, again: 0, predictions: 0, predictionsRight: 0 }));
  const studyDays = new Set<number>();
  let previous = NaN;
  /**
   * Marks a record's day as a study day and returns that day's row of the chart: null before the
   * chart, undefined for a record from a clock ahead of this one (it has not happened yet here).
   */
  const studied = (iso: string): HistoryDay | null | undefined => {
    const ms = Date.parse(iso);
    if (!(ms <= nowMs)) return undefined;
    const day = dayIndex(ms, offset);
    // The logs are sorted, so most records repeat the previous day: skip the Set for those.
    if (day !== previous) {
      studyDays.add(day);
      previous = day;
    }
    return day >= first ? history[day - first] : null;
  };
  for (const r of progress.reviews) {
    const h = studied(r.reviewedAt);
    if (h) {
      h.reviews++;
      if (r.correct === true) h.correct++;
      if (r.rating === 1) h.again++;
    }
  }
  for (const m of progress.mocks) {
    const ms = Date.parse(m.finishedAt);
    if (ms <= nowMs) studyDays.add(dayIndex(ms, offset));
  }
  const byStage = new Map<PredictionStage, PredictionStageCount>();
  let predictionsRight = 0;
  previous = NaN;
  for (const p of progress.predictions) {
    let stage = byStage.get(p.stage);
    if (!stage) byStage.set(p.stage, (stage = { stage: p.stage, predictions: 0, right: 0 }));
    stage.predictions++;
    if (p.correct) {
      stage.right++;
      predictionsRight++;
    }
    const h = studied(p.predictedAt);
    if (h) {
      h.predictions++;
      if (p.correct) h.predictionsRight++;
    }
  }
  const predictionStages = PREDICTION_STAGES.flatMap((s) => byStage.get(s) ?? []);
  return { history, streak: streakFromDays(studyDays, today), predictions: { total: progress.predictions.length, right: predictionsRight, stages: predictionStages } };
}

function streakFromDays(studyDays: ReadonlySet<number>, today: number): StudyStreak {
  const reviewedToday = studyDays.has(today);
  // Until the learner studies today, yesterday's streak is still alive.
  let current = 0;
  for (let d = reviewedToday ? today : today - 1; studyDays.has(d); d--) current++;
  const sorted = [...studyDays].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return { current, longest, reviewedToday };
}

function suggestionsFrom(topics: Map<string, TopicAccumulator>, lessonTitles: Record<string, string>): StudySuggestion[] {
  // A started topic with nothing due and recall where FSRS wants it needs no study now.
  const started = [...topics.values()].filter((a) => a.mastery.seen > 0 && (a.due > 0 || a.mastery.meanRecall < MASTERED_RECALL));
  const fresh = [...topics.values()].filter((a) => a.mastery.seen === 0);
  // Weakest first; equal recall: more due first; then the bank's order (sort is stable).
  started.sort((a, b) => a.mastery.meanRecall - b.mastery.meanRecall || b.due - a.due);
  // Two weak topics and one new one when there are both: revising alone never reaches new material.
  const picked = [...started.slice(0, fresh.length > 0 ? 2 : 3), ...fresh.slice(0, 3)].slice(0, 3);
  if (picked.length < 3) picked.push(...started.slice(2, 2 + 3 - picked.length));
  return picked.map((a) => {
    let lesson = '';
    let most = 0;
    for (const [l, n] of a.lessons) if (n > most) [lesson, most] = [l, n];
    const { seen, questions, meanRecall } = a.mastery;
    const reason = seen === 0 ? 'not started' : a.due > 0 ? `${a.due} of ${questions} questions due` : `${Math.round(meanRecall * 100)} % mean recall`;
    return { topic: a.mastery.topic, lesson, title: lessonTitles[lesson] ?? lesson, reason };
  });
}

/**
 * Per topic, in the bank's order: how many questions, how many reviewed at least once, how many
 * mastered (in review and at least 90 % likely recalled now), and the mean probability of recall
 * now over all the topic's questions (an unseen question counts 0). Cards of questions no longer
 * in the bank are left out.
 */
export function topicMastery(questions: readonly PracticeQuestionInfo[], progress: ProgressData, now: string): TopicMastery[] {
  return questionPass(questions, progress, now, instantMs('topicMastery', now), 0, 1).mastery;
}

/** Bank questions falling due on each local day from today on, `days` days; overdue ones count today. */
export function dueForecast(questions: readonly PracticeQuestionInfo[], progress: ProgressData, now: string, timeZoneOffsetMinutes: number, days = 14): DueDay[] {
  checkOffset('dueForecast', timeZoneOffsetMinutes);
  checkDays('dueForecast', days);
  return questionPass(questions, progress, now, instantMs('dueForecast', now), timeZoneOffsetMinutes, days).forecast;
}

/** Reviews (with correct answers and Again ratings) and predictions (with right ones) per local day, oldest first, the last `days` days up to today. */
export function reviewHistory(progress: ProgressData, now: string, timeZoneOffsetMinutes: number, days = 28): HistoryDay[] {
  checkOffset('reviewHistory', timeZoneOffsetMinutes);
  checkDays('reviewHistory', days);
  return reviewPass(progress, instantMs('reviewHistory', now), timeZoneOffsetMinutes, days).history;
}

/**
 * Consecutive local days with at least one review, finished mock interview or checked prediction. `current` counts back
 * from today if the learner studied today, else from yesterday; `reviewedToday` says which.
 */
export function studyStreak(progress: ProgressData, now: string, timeZoneOffsetMinutes: number): StudyStreak {
  checkOffset('studyStreak', timeZoneOffsetMinutes);
  return reviewPass(progress, instantMs('studyStreak', now), timeZoneOffsetMinutes, 1).streak;
}

/**
 * Up to three topics to study: the weakest started ones by mean recall, and the first topic not
 * started yet (two weak and one new when there are both), each with the lesson holding most of
 * the topic's questions (the first such lesson in the bank on a tie).
 */
export function studyNext(questions: readonly PracticeQuestionInfo[], progress: ProgressData, now: string, lessonTitles: Record<string, string>): StudySuggestion[] {
  return suggestionsFrom(questionPass(questions, progress, now, instantMs('studyNext', now), 0, 1).topics, lessonTitles);
}

/** Everything /progress shows, from one pass over the bank and one over the review log. */
export function progressDashboard(input: {
  questions: readonly PracticeQuestionInfo[];
  progress: ProgressData;
  now: string;
  timeZoneOffsetMinutes: number;
  lessonTitles: Record<string, string>;
}): ProgressDashboard {
  const { questions, progress, now, timeZoneOffsetMinutes, lessonTitles } = input;
  checkOffset('progressDashboard', timeZoneOffsetMinutes);
  const nowMs = instantMs('progressDashboard', now);
  const q = questionPass(questions, progress, now, nowMs, timeZoneOffsetMinutes, 14);
  const r = reviewPass(progress, nowMs, timeZoneOffsetMinutes, 28);
  return {
    mastery: q.mastery,
    forecast: q.forecast,
    history: r.history,
    streak: r.streak,
    studyNext: suggestionsFrom(q.topics, lessonTitles),
    totals: { reviews: progress.reviews.length, questionsSeen: q.questionsSeen, retired: q.retired, predictions: r.predictions.total, predictionsRight: r.predictions.right },
    predictionStages: r.predictions.stages,
    due: q.due,
  };
}
