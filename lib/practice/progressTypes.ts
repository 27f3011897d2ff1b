/**
 * The learner's progress, as stored in their browser and in exported files. Plain data only:
 * dates are ISO strings (UTC, `Date.prototype.toISOString`), so it survives JSON unchanged and two
 * records compare as strings. The review log is the source of truth; each question's FSRS card is
 * what replaying its log gives, kept so the queue and the dashboard need no replay.
 *
 * Predictions ("Predict, then check" in the step-through calculator, since version 4) are a log of
 * their own: they count as study on /progress (totals, study days, the 28-day chart) but are not
 * bank questions, so they have no card and never enter the review queue (see PredictionRecord).
 */

/** FSRS ratings: 1 Again, 2 Hard, 3 Good, 4 Easy (ts-fsrs's `Rating` without `Manual`). */
export type ReviewRating = 1 | 2 | 3 | 4;
export const RATING_NAMES: Readonly<Record<ReviewRating, string>> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

export type CardState = 'new' | 'learning' | 'review' | 'relearning';

/**
 * Our shape of an FSRS card (not ts-fsrs's: it deprecates `elapsed_days`, and its dates are Date
 * objects). A question with no card has never been reviewed: it is new.
 */
export interface ReviewCard {
  due: string;
  stability: number;
  difficulty: number;
  /** Days from the last review to `due`. */
  scheduledDays: number;
  /** Position in the (re)learning steps. */
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  lastReview: string | null;
}

/** One answer in the review queue. */
export interface ReviewRecord {
  questionId: string;
  reviewedAt: string;
  rating: ReviewRating;
  /** The site's own verdict for objective types; null where the learner graded themselves. */
  correct: boolean | null;
  /** Seconds from showing the question to rating it (capped, so a forgotten tab is not a day). */
  seconds: number;
}

/** One question of a mock interview, as answered. */
export interface MockAnswer {
  questionId: string;
  /** null: self-graded types not graded yet, or not answered. */
  correct: boolean | null;
  /** Free recall and spot the bug: the share of rubric points the learner ticked afterwards. */
  selfScore: number | null;
  /** When selfScore was last set: if two copies graded the same answer, the later grade wins. */
  gradedAt: string | null;
  answered: boolean;
  seconds: number;
}

export interface MockInterviewRecord {
  /** Unique per session: its start time and seed, so merges recognise the same session. */
  id: string;
  startedAt: string;
  finishedAt: string;
  minutes: 15 | 30 | 45;
  seed: number;
  /** In the order they were asked. */
  answers: MockAnswer[];
  /** Whether the clock ran out before the learner finished. */
  timedOut: boolean;
}

/** /practice's filters. An empty list means "no restriction" on that field. */
export interface PracticeFilters {
  topics: string[];
  lessons: string[];
  types: PracticeQuestionInfo['type'][];
  difficulties: (1 | 2 | 3)[];
  /** Only questions the learner last got wrong (reviewQueue.ts's wrongQuestionIds). */
  onlyWrong: boolean;
}

export interface PracticeSettings {
  /** How many never-seen questions a day's queue may add. */
  newPerDay: number;
  /** The review filters as last set (since version 3); absent means none. */
  filters?: PracticeFilters;
  /** When the settings were last changed: on merge, the later ones win. */
  updatedAt: string;
}

/** The stages of the step-through whose cells can be predicted (lib/calculators/stepThrough.ts). */
export const PREDICTION_STAGES = ['rawScores', 'scaledScores', 'maskedScores', 'weights', 'output'] as const;
export type PredictionStage = (typeof PREDICTION_STAGES)[number];
/** The stages' names as the step-through titles them (lib/calculators/stepThrough.ts), for /progress. */
export const PREDICTION_STAGE_NAMES: Readonly<Record<PredictionStage, string>> = {
  rawScores: 'Raw scores',
  scaledScores: 'Scaled logits',
  maskedScores: 'Masked logits',
  weights: 'Attention weights',
  output: 'Output',
};

/**
 * A number as JSON can carry it: a masked logit is −∞, which JSON.stringify would turn into null.
 */
export type RecordedNumber = number | '-Infinity' | 'Infinity';

/**
 * One checked guess of one cell in the step-through's "Predict, then check" (a stage that asks
 * for two cells gives two records). "Show me" is not a prediction and is not recorded.
 *
 * Not a review: the cells are drawn from the example's numbers, so there is no fixed item to show
 * again later, and nothing here is scheduled by FSRS. It counts as activity on /progress.
 */
export interface PredictionRecord {
  /** Unique: merges across tabs and imports keep one record per id. */
  id: string;
  predictedAt: string;
  /** The calculator it was made in (only 'step-through' so far). */
  calculator: string;
  /** The preset the example started from ("basic", "by-hand", …). */
  preset: string;
  /** True when the numbers were not the preset's (own tokens, seed or typed matrices). */
  edited: boolean;
  /** The example's numbers as a hash (8 hex digits, lib/calculators/stagePrediction.ts exampleHash). */
  example: string;
  stage: PredictionStage;
  /** The cell of the stage's result, 0-based. */
  row: number;
  col: number;
  /** What the learner typed, as typed (trimmed). */
  guess: string;
  /** The cell's true value. */
  actual: RecordedNumber;
  correct: boolean;
}

export const PROGRESS_VERSION = 4;

export interface ProgressData {
  version: typeof PROGRESS_VERSION;
  /** By question id. */
  cards: Record<string, ReviewCard>;
  /** Sorted by `reviewedAt`, then question id. */
  reviews: ReviewRecord[];
  /** Sorted by `startedAt`. */
  mocks: MockInterviewRecord[];
  /** Sorted by `predictedAt`, then id (since version 4). */
  predictions: PredictionRecord[];
  settings: PracticeSettings;
}

export const DEFAULT_NEW_PER_DAY = 10;
export const MAX_NEW_PER_DAY = 200;

export function emptyProgress(): ProgressData {
  return {
    version: PROGRESS_VERSION,
    cards: {},
    reviews: [],
    mocks: [],
    predictions: [],
    settings: { newPerDay: DEFAULT_NEW_PER_DAY, updatedAt: new Date(0).toISOString() },
  };
}

/**
 * What practice needs to know of a question (the bank's front matter), without its Markdown:
 * the queue, the filters, the mock draw and the dashboard all work on these.
 */
export interface PracticeQuestionInfo {
  id: string;
  topic: string;
  lesson: string;
  type: 'single-choice' | 'multiple-choice' | 'numeric' | 'free-recall' | 'spot-the-bug' | 'ordering';
  difficulty: 1 | 2 | 3;
}
