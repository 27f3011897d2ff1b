/**
 * Checks that data claiming to be progress (from storage, or an imported file) really is, before
 * anything uses it. Whole-shape problems refuse the data; a bad record inside good data is
 * dropped and named, so one damaged review does not cost a learner the other thousand (the
 * caller keeps the original aside). Messages name the path: "reviews[12].rating must be …".
 *
 * Fields the format does not have (a hand-written `notes`, a review's `confidence` from some other
 * tool) are not copied, so that nothing foreign rides along into storage; they are listed in
 * `unknown`, so that the caller can keep the original before a write drops them.
 *
 * Records keyed by question id are only read through own properties (Object.hasOwn, setOwn): an id
 * such as `constructor` must not find Object.prototype's, and `__proto__` must not set a prototype.
 */
import {
  MAX_NEW_PER_DAY,
  PREDICTION_STAGES,
  PROGRESS_VERSION,
  type CardState,
  type MockAnswer,
  type MockInterviewRecord,
  type PracticeFilters,
  type PredictionRecord,
  type PredictionStage,
  type ProgressData,
  type ReviewCard,
  type ReviewRecord,
} from './progressTypes';
import { canonicalInstant } from './isoInstant';

export interface ProgressCheck {
  /** null when the data as a whole cannot be used. */
  data: ProgressData | null;
  /** Every problem found, each naming where. Empty when the data was clean. */
  problems: string[];
  /**
   * Fields of otherwise good data that `data` leaves out, one entry per field name and place,
   * e.g. "notes", "reviews[].confidence (3 times)". Empty when there are none.
   */
  unknown: string[];
}

/** Defines `record[key]` as an own property, whatever the key (an assignment to "__proto__" would set the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

const KNOWN = {
  top: ['version', 'cards', 'reviews', 'mocks', 'predictions', 'settings'],
  settings: ['newPerDay', 'updatedAt', 'filters'],
  card: ['due', 'stability', 'difficulty', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'state', 'lastReview'],
  review: ['questionId', 'reviewedAt', 'rating', 'correct', 'seconds'],
  mock: ['id', 'startedAt', 'finishedAt', 'minutes', 'seed', 'answers', 'timedOut'],
  answer: ['questionId', 'correct', 'selfScore', 'gradedAt', 'answered', 'seconds'],
  prediction: ['id', 'predictedAt', 'calculator', 'preset', 'edited', 'example', 'stage', 'row', 'col', 'guess', 'actual', 'correct'],
} as const;

/** Counts the fields of `record` outside `known`, by where they are ("reviews[].confidence"). */
function noteUnknown(record: Record<string, unknown>, known: readonly string[], where: string, found: Map<string, number>): void {
  // for…in rather than Object.keys: no array per record, and this runs for every review.
  for (const key in record) {
    if (!Object.hasOwn(record, key) || known.includes(key)) continue;
    const path = where === '' ? key : `${where}.${key}`;
    found.set(path, (found.get(path) ?? 0) + 1);
  }
}

const QUESTION_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CARD_STATES: readonly CardState[] = ['new', 'learning', 'review', 'relearning'];
/** Far more than a person can answer (a review a minute for years); beyond it, data is not ours. */
export const MAX_REVIEWS = 500_000;
export const MAX_MOCKS = 10_000;
/** Predictions come two a stage at most; as with reviews, beyond this the data is not ours. */
export const MAX_PREDICTIONS = 500_000;
/** A guess as typed is a number; anything longer than this was not typed into the prediction form. */
export const MAX_GUESS_LENGTH = 100;
/** Seconds a single answer may be recorded as taking; longer means the tab was left open. */
export const MAX_ANSWER_SECONDS = 3600;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIso = (value: unknown): value is string => canonicalInstant(value) !== null;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Records between two calls of checkProgress's `onProgress`. */
export const CHECK_PROGRESS_EVERY = 1000;

/**
 * Checks data already at the current version (run migrations first). `onProgress` hears how many
 * of the reviews and mock interviews have been checked, every CHECK_PROGRESS_EVERY and at the end.
 */
export function checkProgress(value: unknown, onProgress?: (done: number, total: number) => void): ProgressCheck {
  const problems: string[] = [];
  if (!isObject(value)) return { data: null, problems: [`progress must be an object, got ${show(value)}`], unknown: [] };
  if (value.version !== PROGRESS_VERSION) return { data: null, problems: [`version must be ${PROGRESS_VERSION}, got ${show(value.version)}`], unknown: [] };
  if (!isObject(value.cards)) problems.push('cards must be an object keyed by question id');
  if (!Array.isArray(value.reviews)) problems.push('reviews must be a list');
  else if (value.reviews.length > MAX_REVIEWS) problems.push(`reviews has ${value.reviews.length} entries, more than the ${MAX_REVIEWS} this site ever writes`);
  if (!Array.isArray(value.mocks)) problems.push('mocks must be a list');
  else if (value.mocks.length > MAX_MOCKS) problems.push(`mocks has ${value.mocks.length} entries, more than the ${MAX_MOCKS} this site ever writes`);
  const dropped: string[] = [];
  const settings = checkSettings(value.settings, problems, dropped);
  if (problems.length > 0 || !settings) return { data: null, problems, unknown: [] };
  problems.push(...dropped);

  const found = new Map<string, number>();
  noteUnknown(value, KNOWN.top, '', found);
  noteUnknown(value.settings as Record<string, unknown>, KNOWN.settings, 'settings', found);
  const cards: Record<string, ReviewCard> = {};
  for (const [id, card] of Object.entries(value.cards as Record<string, unknown>)) {
    const problem = QUESTION_ID.test(id) ? cardProblem(card) : 'is not a question id';
    if (problem) problems.push(`cards[${show(id)}]${joined(problem)}; dropped`);
    else {
      setOwn(cards, id, copyCard(card as ReviewCard));
      noteUnknown(card as Record<string, unknown>, KNOWN.card, 'cards[…]', found);
    }
  }
  // Predictions are the newest and least of the data: a list that is not one costs only itself.
  let rawPredictions: unknown[] = [];
  if (!Array.isArray(value.predictions)) problems.push(`predictions must be a list, got ${show(value.predictions)}; dropped`);
  else if (value.predictions.length > MAX_PREDICTIONS) problems.push(`predictions has ${value.predictions.length} entries, more than the ${MAX_PREDICTIONS} this site ever writes; dropped`);
  else rawPredictions = value.predictions;
  const total = (value.reviews as unknown[]).length + (value.mocks as unknown[]).length + rawPredictions.length;
  let checked = 0;
  const tick = onProgress ? () => ++checked % CHECK_PROGRESS_EVERY === 0 && onProgress(checked, total) : () => {};
  const reviews: ReviewRecord[] = [];
  (value.reviews as unknown[]).forEach((review, index) => {
    tick();
    const problem = reviewProblem(review);
    if (problem) problems.push(`reviews[${index}]${joined(problem)}; dropped`);
    else {
      reviews.push(copyReview(review as ReviewRecord));
      noteUnknown(review as Record<string, unknown>, KNOWN.review, 'reviews[]', found);
    }
  });
  const mocks: MockInterviewRecord[] = [];
  (value.mocks as unknown[]).forEach((mock, index) => {
    tick();
    const problem = mockProblem(mock);
    if (problem) problems.push(`mocks[${index}]${joined(problem)}; dropped`);
    else {
      mocks.push(copyMock(mock as MockInterviewRecord));
      noteUnknown(mock as Record<string, unknown>, KNOWN.mock, 'mocks[]', found);
      for (const answer of (mock as MockInterviewRecord).answers) noteUnknown(answer as unknown as Record<string, unknown>, KNOWN.answer, 'mocks[].answers[]', found);
    }
  });
  const predictions: PredictionRecord[] = [];
  rawPredictions.forEach((prediction, index) => {
    tick();
    const problem = predictionProblem(prediction);
    if (problem) problems.push(`predictions[${index}]${joined(problem)}; dropped`);
    else {
      predictions.push(copyPrediction(prediction as PredictionRecord));
      noteUnknown(prediction as Record<string, unknown>, KNOWN.prediction, 'predictions[]', found);
    }
  });
  onProgress?.(total, total);
  // Saved data is in order already: one pass to see that is cheaper than a sort.
  if (!isSorted(reviews, compareReviews)) reviews.sort(compareReviews);
  const compareMocks = (a: MockInterviewRecord, b: MockInterviewRecord) => compareStrings(a.startedAt, b.startedAt) || compareStrings(a.id, b.id);
  if (!isSorted(mocks, compareMocks)) mocks.sort(compareMocks);
  if (!isSorted(predictions, comparePredictions)) predictions.sort(comparePredictions);
  const unknown = [...found].map(([path, n]) => (n === 1 ? path : `${path} (${n} times)`));
  return { data: { version: PROGRESS_VERSION, cards, reviews, mocks, predictions, settings }, problems, unknown };
}

function isSorted<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1], list[i]) > 0) return false;
  return true;
}

/** "reviews[3]" + ".rating must be…" reads as a path; "must be an object" needs a space. */
function joined(problem: string): string {
  return problem.startsWith('.') ? problem : ` ${problem}`;
}

/**
 * One spelling per instant (milliseconds always written), so that comparing ISO strings, as
 * sorting and merging do, compares times: "09:00:00Z" would otherwise sort after "09:00:00.500Z".
 */
const canonical = (iso: string): string => canonicalInstant(iso)!;

export function compareReviews(a: ReviewRecord, b: ReviewRecord): number {
  return compareStrings(a.reviewedAt, b.reviewedAt) || compareStrings(a.questionId, b.questionId);
}

export function comparePredictions(a: PredictionRecord, b: PredictionRecord): number {
  return compareStrings(a.predictedAt, b.predictedAt) || compareStrings(a.id, b.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `dropped`: problems with a part that is left out while the rest is kept (the filters). */
function checkSettings(value: unknown, problems: string[], dropped: string[]): ProgressData['settings'] | null {
  if (!isObject(value)) {
    problems.push('settings must be an object');
    return null;
  }
  if (!isCount(value.newPerDay) || value.newPerDay > MAX_NEW_PER_DAY) {
    problems.push(`settings.newPerDay must be a whole number from 0 to ${MAX_NEW_PER_DAY}, got ${show(value.newPerDay)}`);
    return null;
  }
  if (!isIso(value.updatedAt)) {
    problems.push(`settings.updatedAt must be an ISO time, got ${show(value.updatedAt)}`);
    return null;
  }
  const settings: ProgressData['settings'] = { newPerDay: value.newPerDay, updatedAt: canonical(value.updatedAt) };
  if (value.filters !== undefined) {
    const filters = checkFilters(value.filters);
    // Bad filters cost only the filters (practice then shows everything), never the settings.
    if (typeof filters === 'string') dropped.push(`settings.filters${joined(filters)}; dropped`);
    else settings.filters = filters;
  }
  return settings;
}

// --- /practice's filters (settings.filters, since version 3) ---
const QUESTION_TYPES: readonly PracticeFilters['types'][number][] = ['single-choice', 'multiple-choice', 'numeric', 'free-recall', 'spot-the-bug', 'ordering'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function checkFilters(value: unknown): PracticeFilters | string {
  if (!isObject(value)) return 'must be an object';
  const slugs = (key: 'topics' | 'lessons'): string[] | string => {
    const list = value[key];
    if (!Array.isArray(list) || list.length > 500 || !list.every((x) => typeof x === 'string' && SLUG.test(x))) return `.${key} must be a list of slugs`;
    return [...new Set(list as string[])];
  };
  const topics = slugs('topics');
  if (typeof topics === 'string') return topics;
  const lessons = slugs('lessons');
  if (typeof lessons === 'string') return lessons;
  const { types, difficulties, onlyWrong } = value;
  if (!Array.isArray(types) || !types.every((t) => QUESTION_TYPES.includes(t))) return `.types must be a list of question types, got ${show(types)}`;
  if (!Array.isArray(difficulties) || !difficulties.every((d) => d === 1 || d === 2 || d === 3)) return `.difficulties must be a list of 1, 2 or 3, got ${show(difficulties)}`;
  if (typeof onlyWrong !== 'boolean') return `.onlyWrong must be true or false, got ${show(onlyWrong)}`;
  return { topics, lessons, types: [...new Set(types as PracticeFilters['types'])], difficulties: [...new Set(difficulties as PracticeFilters['difficulties'])], onlyWrong };
}

function cardProblem(card: unknown): string | null {
  if (!isObject(card)) return 'must be an object';
  if (!isIso(card.due)) return `.due must be an ISO time, got ${show(card.due)}`;
  if (!isFiniteNumber(card.stability) || card.stability < 0) return `.stability must be a number ≥ 0, got ${show(card.stability)}`;
  if (!isFiniteNumber(card.difficulty) || card.difficulty < 0 || card.difficulty > 10) return `.difficulty must be a number from 0 to 10, got ${show(card.difficulty)}`;
  if (!isFiniteNumber(card.scheduledDays) || card.scheduledDays < 0) return `.scheduledDays must be a number ≥ 0, got ${show(card.scheduledDays)}`;
  for (const key of ['learningSteps', 'reps', 'lapses'] as const) if (!isCount(card[key])) return `.${key} must be a whole number ≥ 0, got ${show(card[key])}`;
  if (!CARD_STATES.includes(card.state as CardState)) return `.state must be one of ${CARD_STATES.join(', ')}, got ${show(card.state)}`;
  if (card.lastReview !== null && !isIso(card.lastReview)) return `.lastReview must be an ISO time or null, got ${show(card.lastReview)}`;
  return null;
}

function reviewProblem(review: unknown): string | null {
  if (!isObject(review)) return 'must be an object';
  if (typeof review.questionId !== 'string' || !QUESTION_ID.test(review.questionId)) return `.questionId must be a question id, got ${show(review.questionId)}`;
  if (!isIso(review.reviewedAt)) return `.reviewedAt must be an ISO time, got ${show(review.reviewedAt)}`;
  if (review.rating !== 1 && review.rating !== 2 && review.rating !== 3 && review.rating !== 4) return `.rating must be 1, 2, 3 or 4, got ${show(review.rating)}`;
  if (review.correct !== null && typeof review.correct !== 'boolean') return `.correct must be true, false or null, got ${show(review.correct)}`;
  if (!isFiniteNumber(review.seconds) || review.seconds < 0 || review.seconds > MAX_ANSWER_SECONDS) return `.seconds must be a number from 0 to ${MAX_ANSWER_SECONDS}, got ${show(review.seconds)}`;
  return null;
}

function mockProblem(mock: unknown): string | null {
  if (!isObject(mock)) return 'must be an object';
  if (typeof mock.id !== 'string' || mock.id.length === 0 || mock.id.length > 100) return `.id must be a short text, got ${show(mock.id)}`;
  if (!isIso(mock.startedAt)) return `.startedAt must be an ISO time, got ${show(mock.startedAt)}`;
  if (!isIso(mock.finishedAt)) return `.finishedAt must be an ISO time, got ${show(mock.finishedAt)}`;
  if (![15, 30, 45].includes(mock.minutes as number)) return `.minutes must be 15, 30 or 45, got ${show(mock.minutes)}`;
  if (!isCount(mock.seed)) return `.seed must be a whole number, got ${show(mock.seed)}`;
  if (typeof mock.timedOut !== 'boolean') return `.timedOut must be true or false, got ${show(mock.timedOut)}`;
  if (!Array.isArray(mock.answers) || mock.answers.length > 200) return '.answers must be a list of at most 200 answers';
  for (let i = 0; i < mock.answers.length; i++) {
    const a = mock.answers[i] as unknown;
    if (!isObject(a)) return `.answers[${i}] must be an object`;
    if (typeof a.questionId !== 'string' || !QUESTION_ID.test(a.questionId)) return `.answers[${i}].questionId must be a question id, got ${show(a.questionId)}`;
    if (a.correct !== null && typeof a.correct !== 'boolean') return `.answers[${i}].correct must be true, false or null`;
    if (a.selfScore !== null && !(isFiniteNumber(a.selfScore) && a.selfScore >= 0 && a.selfScore <= 1)) return `.answers[${i}].selfScore must be a number from 0 to 1, or null`;
    if (a.gradedAt !== null && !isIso(a.gradedAt)) return `.answers[${i}].gradedAt must be an ISO time or null`;
    if (typeof a.answered !== 'boolean') return `.answers[${i}].answered must be true or false`;
    if (!isFiniteNumber(a.seconds) || a.seconds < 0 || a.seconds > MAX_ANSWER_SECONDS) return `.answers[${i}].seconds must be a number from 0 to ${MAX_ANSWER_SECONDS}`;
  }
  return null;
}

const PREDICTION_EXAMPLE = /^[0-9a-f]{8}$/;
/** A cell index: the step-through has at most a few dozen tokens; this only keeps nonsense out. */
const MAX_CELL_INDEX = 10_000;

function predictionProblem(p: unknown): string | null {
  if (!isObject(p)) return 'must be an object';
  if (typeof p.id !== 'string' || p.id.length === 0 || p.id.length > 100) return `.id must be a short text, got ${show(p.id)}`;
  if (!isIso(p.predictedAt)) return `.predictedAt must be an ISO time, got ${show(p.predictedAt)}`;
  if (typeof p.calculator !== 'string' || p.calculator.length > 40 || !SLUG.test(p.calculator)) return `.calculator must be a calculator's name, got ${show(p.calculator)}`;
  if (typeof p.preset !== 'string' || p.preset.length > 40 || !SLUG.test(p.preset)) return `.preset must be a preset's name, got ${show(p.preset)}`;
  if (typeof p.edited !== 'boolean') return `.edited must be true or false, got ${show(p.edited)}`;
  if (typeof p.example !== 'string' || !PREDICTION_EXAMPLE.test(p.example)) return `.example must be 8 hex digits, got ${show(p.example)}`;
  if (!PREDICTION_STAGES.includes(p.stage as PredictionStage)) return `.stage must be one of ${PREDICTION_STAGES.join(', ')}, got ${show(p.stage)}`;
  for (const key of ['row', 'col'] as const) if (!isCount(p[key]) || (p[key] as number) > MAX_CELL_INDEX) return `.${key} must be a whole number from 0 to ${MAX_CELL_INDEX}, got ${show(p[key])}`;
  if (typeof p.guess !== 'string' || p.guess.trim() === '' || p.guess.length > MAX_GUESS_LENGTH) return `.guess must be the text typed (1 to ${MAX_GUESS_LENGTH} characters), got ${show(p.guess)}`;
  if (!isFiniteNumber(p.actual) && p.actual !== '-Infinity' && p.actual !== 'Infinity') return `.actual must be a number, "-Infinity" or "Infinity", got ${show(p.actual)}`;
  if (typeof p.correct !== 'boolean') return `.correct must be true or false, got ${show(p.correct)}`;
  return null;
}

// Copies keep only known fields, so foreign extras never ride along into storage.
const copyCard = (c: ReviewCard): ReviewCard => ({
  due: canonical(c.due),
  stability: c.stability,
  difficulty: c.difficulty,
  scheduledDays: c.scheduledDays,
  learningSteps: c.learningSteps,
  reps: c.reps,
  lapses: c.lapses,
  state: c.state,
  lastReview: c.lastReview === null ? null : canonical(c.lastReview),
});
const copyReview = (r: ReviewRecord): ReviewRecord => ({ questionId: r.questionId, reviewedAt: canonical(r.reviewedAt), rating: r.rating, correct: r.correct, seconds: r.seconds });
const copyAnswer = (a: MockAnswer): MockAnswer => ({ questionId: a.questionId, correct: a.correct, selfScore: a.selfScore, gradedAt: a.gradedAt === null ? null : canonical(a.gradedAt), answered: a.answered, seconds: a.seconds });
const copyPrediction = (p: PredictionRecord): PredictionRecord => ({
  id: p.id,
  predictedAt: canonical(p.predictedAt),
  calculator: p.calculator,
  preset: p.preset,
  edited: p.edited,
  example: p.example,
  stage: p.stage,
  row: p.row,
  col: p.col,
  guess: p.guess,
  actual: p.actual,
  correct: p.correct,
});
const copyMock = (m: MockInterviewRecord): MockInterviewRecord => ({
  id: m.id,
  startedAt: canonical(m.startedAt),
  finishedAt: canonical(m.finishedAt),
  minutes: m.minutes,
  seed: m.seed,
  answers: m.answers.map(copyAnswer),
  timedOut: m.timedOut,
});
