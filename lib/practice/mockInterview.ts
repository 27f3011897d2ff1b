/**
 * Timed mock interviews: drawing a session from the question bank, and the report afterwards.
 * The draw is reproducible from its seed (the seed is stored with the session, so a session can be
 * re-drawn and a merge can recognise it), and shaped like a real interview: every topic gets its
 * turn, difficulties are mixed, and at least one question asks for an explanation.
 */
import { mulberry32, type Random } from '../random';
import type { MockInterviewRecord, PracticeQuestionInfo } from './progressTypes';

export const MOCK_LENGTHS = [15, 30, 45] as const;
export type MockLength = (typeof MOCK_LENGTHS)[number];

/**
 * Minutes per question by type: roughly what an interviewer allows. A choice is read and picked in
 * a minute or two; a number needs a short calculation; spotting a bug means reading code; free
 * recall means writing (or saying) a whole explanation, so it gets the most.
 */
const BASE_MINUTES: Readonly<Record<PracticeQuestionInfo['type'], number>> = {
  'single-choice': 1.5,
  'multiple-choice': 2,
  numeric: 2.5,
  ordering: 2,
  'spot-the-bug': 3.5,
  'free-recall': 4,
};
/** Easy questions go faster and hard ones slower than the type's typical time. */
const DIFFICULTY_FACTOR: Readonly<Record<1 | 2 | 3, number>> = { 1: 0.8, 2: 1, 3: 1.25 };

/** Types whose answer is an explanation: an interview always asks for at least one. */
const EXPLANATION_TYPES: ReadonlySet<PracticeQuestionInfo['type']> = new Set(['free-recall', 'spot-the-bug']);

/** The time budget of one question, in minutes (used to size a session, not to time the learner). */
export function expectedMinutes(type: PracticeQuestionInfo['type'], difficulty: 1 | 2 | 3): number {
  const base = BASE_MINUTES[type];
  if (base === undefined) throw new Error(`expectedMinutes: unknown question type ${JSON.stringify(type)}`);
  const factor = DIFFICULTY_FACTOR[difficulty];
  if (factor === undefined) throw new Error(`expectedMinutes: difficulty must be 1, 2 or 3, got ${JSON.stringify(difficulty)}`);
  // Rounded to thousandths so 1.5 × 0.8 is 1.2, not 1.2000000000000002.
  return Math.round(base * factor * 1000) / 1000;
}

/** Budgets are summed in thousandths of a minute so that adding them up is exact. */
const milliMinutes = (q: PracticeQuestionInfo) => Math.round(expectedMinutes(q.type, q.difficulty) * 1000);

function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * The question ids of one session, in asking order (difficulty rising, draw order within a
 * difficulty). Topics take turns in a seeded order, one question per topic per round, so each topic
 * gets ⌊k/T⌋ or ⌈k/T⌉ of the k questions (a topic that runs out of questions gets fewer); the
 * balance wins over filling the last minutes, so a topic whose questions no longer fit ends the
 * draw once every other topic has caught up with it. Within a topic
 * the difficulty least asked so far wins, so sessions mix easy and hard questions. The first pick is
 * a free-recall or spot-the-bug question when the bank (after `excludeIds`) has one. Questions are
 * added while their budgets fit in `minutes`; the draw stops when nothing left fits.
 */
export function drawMockInterview(
  questions: readonly PracticeQuestionInfo[],
  options: { minutes: MockLength; seed: number; excludeIds?: ReadonlySet<string> },
): string[] {
  const { minutes, seed, excludeIds } = options;
  if (questions.length === 0) throw new Error('drawMockInterview: the question bank is empty');
  if (!(MOCK_LENGTHS as readonly number[]).includes(minutes)) {
    throw new Error(`drawMockInterview: minutes must be one of ${MOCK_LENGTHS.join(', ')}, got ${JSON.stringify(minutes)}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`drawMockInterview: seed must be a finite number, got ${seed}`);
  const seenIds = new Set<string>();
  for (const q of questions) {
    if (seenIds.has(q.id)) throw new Error(`drawMockInterview: question id ${JSON.stringify(q.id)} appears twice in the bank`);
    seenIds.add(q.id);
  }

  const random = mulberry32(seed);
  // Per topic, in the bank's order of first appearance (so the seed alone decides the shuffle).
  const byTopic = new Map<string, { q: PracticeQuestionInfo; cost: number }[]>();
  for (const q of questions) {
    if (excludeIds?.has(q.id)) continue;
    const list = byTopic.get(q.topic) ?? [];
    list.push({ q, cost: milliMinutes(q) });
    byTopic.set(q.topic, list);
  }
  // Shuffling each topic's pool once makes "first fitting question of a difficulty" a random pick.
  for (const list of byTopic.values()) shuffleInPlace(list, random);
  const order = shuffleInPlace([...byTopic.keys()], random);

  let remaining = minutes * 1000;
  const picked: PracticeQuestionInfo[] = [];
  const difficultyCount: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  const topicCount = new Map<string, number>(order.map((t) => [t, 0]));
  const take = (topic: string, index: number) => {
    const list = byTopic.get(topic)!;
    const [{ q, cost }] = list.splice(index, 1);
    picked.push(q);
    topicCount.set(topic, topicCount.get(topic)! + 1);
    difficultyCount[q.difficulty]++;
    remaining -= cost;
  };

  // The explanation question opens the session, and its topic opens the rotation, so it is that
  // topic's first-round pick and the rotation stays balanced.
  const explanations: { topic: string; index: number }[] = [];
  for (const [topic, list] of byTopic) {
    list.forEach(({ q, cost }, index) => {
      if (EXPLANATION_TYPES.has(q.type) && cost <= remaining) explanations.push({ topic, index });
    });
  }
  let skipFirstTurn: string | null = null;
  if (explanations.length > 0) {
    const { topic, index } = explanations[Math.floor(random() * explanations.length)];
    order.splice(order.indexOf(topic), 1);
    order.unshift(topic);
    take(topic, index);
    skipFirstTurn = topic;
  }

  for (;;) {
    let pickedThisRound = false;
    for (const topic of order) {
      if (topic === skipFirstTurn) {
        skipFirstTurn = null;
        pickedThisRound = true;
        continue;
      }
      const list = byTopic.get(topic)!;
      // A topic whose questions are all too long for the time left still holds the others back:
      // nobody gets two questions more than a topic that still has some (only running out of
      // questions excuses a topic), which keeps every count at ⌊k/T⌋ or ⌈k/T⌉.
      let fewest = Infinity;
      for (const [t, rest] of byTopic) if (rest.length > 0 || t === topic) fewest = Math.min(fewest, topicCount.get(t)!);
      if (topicCount.get(topic)! > fewest) continue;
      const fitting = list.map((entry, index) => ({ ...entry, index })).filter((e) => e.cost <= remaining);
      if (fitting.length === 0) continue;
      const available = [...new Set(fitting.map((e) => e.q.difficulty))];
      const least = Math.min(...available.map((d) => difficultyCount[d]));
      const candidates = available.filter((d) => difficultyCount[d] === least).sort();
      const difficulty = candidates.length === 1 ? candidates[0] : candidates[Math.floor(random() * candidates.length)];
      take(topic, fitting.find((e) => e.q.difficulty === difficulty)!.index);
      pickedThisRound = true;
    }
    if (!pickedThisRound) break;
  }

  // Array.prototype.sort is stable: draw order is kept within a difficulty.
  return picked.sort((a, b) => a.difficulty - b.difficulty).map((q) => q.id);
}

export interface MockReport {
  score: { correct: number; graded: number; fraction: number };
  byTopic: { topic: string; correct: number; graded: number; total: number; fraction: number | null }[];
  perQuestion: { questionId: string; topic: string; seconds: number; correct: boolean | null; answered: boolean }[];
  totalSeconds: number;
  ungraded: string[];
  studyNext: { lesson: string; topic: string; missed: number }[];
}

/** The topic shown for an answer whose question has left the bank. */
export const RETIRED_TOPIC = 'retired';

/**
 * A self-graded answer passes with at least half of its rubric points: an interviewer who hears
 * half of the expected explanation usually counts it as the right idea, incomplete, rather than as
 * a miss, and a pass/fail line keeps self-graded and auto-graded answers on one score.
 */
const SELF_SCORE_PASS = 0.5;

function verdict(answer: MockInterviewRecord['answers'][number]): boolean | null {
  if (!answer.answered) return false;
  if (answer.correct !== null) return answer.correct;
  if (answer.selfScore === null) return null;
  if (!Number.isFinite(answer.selfScore) || answer.selfScore < 0 || answer.selfScore > 1) {
    throw new Error(`mockInterviewReport: selfScore of ${answer.questionId} must be in [0, 1], got ${answer.selfScore}`);
  }
  return answer.selfScore >= SELF_SCORE_PASS;
}

/**
 * The report after a session. Unanswered questions count as wrong (the clock is part of the
 * interview); answers graded by nobody yet are listed in `ungraded` and left out of the fractions.
 * Answers to questions no longer in the bank stay in the score and `perQuestion` (topic
 * `'retired'`) but not in `byTopic` or `studyNext`, which point at content that exists. A
 * fraction with nothing graded is 0 for the whole score and null per topic.
 */
export function mockInterviewReport(record: MockInterviewRecord, questions: readonly PracticeQuestionInfo[]): MockReport {
  const bank = new Map(questions.map((q) => [q.id, q]));
  const perQuestion: MockReport['perQuestion'] = [];
  const topics = new Map<string, { correct: number; graded: number; total: number }>();
  const lessons = new Map<string, { missed: number; topicMisses: Map<string, number> }>();
  const ungraded: string[] = [];
  let correct = 0;
  let graded = 0;
  let totalSeconds = 0;

  for (const answer of record.answers) {
    const q = bank.get(answer.questionId);
    const ok = verdict(answer);
    perQuestion.push({ questionId: answer.questionId, topic: q ? q.topic : RETIRED_TOPIC, seconds: answer.seconds, correct: ok, answered: answer.answered });
    totalSeconds += answer.seconds;
    if (ok === null) ungraded.push(answer.questionId);
    else {
      graded++;
      if (ok) correct++;
    }
    if (!q) continue;
    const t = topics.get(q.topic) ?? { correct: 0, graded: 0, total: 0 };
    t.total++;
    if (ok !== null) t.graded++;
    if (ok === true) t.correct++;
    topics.set(q.topic, t);
    if (ok === false) {
      const l = lessons.get(q.lesson) ?? { missed: 0, topicMisses: new Map<string, number>() };
      l.missed++;
      l.topicMisses.set(q.topic, (l.topicMisses.get(q.topic) ?? 0) + 1);
      lessons.set(q.lesson, l);
    }
  }

  const byTopic = [...topics].map(([topic, t]) => ({ topic, ...t, fraction: t.graded > 0 ? t.correct / t.graded : null }));
  // Weakest first; topics with nothing graded say nothing about weakness, so they go last.
  byTopic.sort((a, b) => (a.fraction === null ? 1 : 0) - (b.fraction === null ? 1 : 0) || (a.fraction ?? 0) - (b.fraction ?? 0));

  const studyNext = [...lessons].map(([lesson, l]) => {
    // A lesson can serve several topics: name the one it was missed on most (first seen on a tie).
    let topic = '';
    let most = 0;
    for (const [t, n] of l.topicMisses) if (n > most) [topic, most] = [t, n];
    return { lesson, topic, missed: l.missed };
  });
  studyNext.sort((a, b) => b.missed - a.missed);

  return { score: { correct, graded, fraction: graded > 0 ? correct / graded : 0 }, byTopic, perQuestion, totalSeconds, ungraded, studyNext };
}
