/**
 * node --import tsx bench/practice.bench.ts
 *
 * Whether practice stays instant after a year of heavy use: the review queue (rebuilt after every
 * answer) and the /progress dashboard, on a synthetic bank of 500 questions (15 topics, 6 types,
 * 3 difficulties, 14 lessons) and a seeded log of 20,000 reviews over 120 days. Cards come from
 * replaying each question's log through FSRS (setup, not timed). Each case is warmed up, then
 * timed as the median of RUNS runs, next to a baseline measured in the same run — one Date.parse
 * per review record, the least any pass over the log costs — so the ratio carries across machines.
 */
import os from 'node:os';
import { applyReview, retrievability } from '../lib/practice/fsrsScheduler';
import { progressDashboard } from '../lib/practice/progressStats';
import { emptyProgress, type MockInterviewRecord, type PracticeQuestionInfo, type ProgressData, type ReviewCard, type ReviewRating, type ReviewRecord } from '../lib/practice/progressTypes';
import { buildReviewQueue, NO_FILTERS } from '../lib/practice/reviewQueue';
import { PROGRESS_KEY, questionKey } from '../lib/practice/progressKeys';
import { mergeProgress } from '../lib/practice/progressMerge';
import { loadProgress, newSession, readStoredChange, saveProgress, type KeyValueStorage } from '../lib/practice/progressStorage';
import { mulberry32 } from '../lib/random';

const QUESTIONS = 500;
const TOPICS = 15;
const LESSONS = 14;
const REVIEWS = 20_000;
const HISTORY_DAYS = 120;
const WARMUP = 5;
const RUNS = 30;
const NOW = '2026-06-01T12:00:00.000Z';
const OFFSET = -60;
const DAY_MS = 86_400_000;
const TYPES: PracticeQuestionInfo['type'][] = ['single-choice', 'multiple-choice', 'numeric', 'ordering', 'spot-the-bug', 'free-recall'];

function buildBank(): PracticeQuestionInfo[] {
  const random = mulberry32(11);
  return Array.from({ length: QUESTIONS }, (_, i) => ({
    id: `q${String(i).padStart(3, '0')}`,
    topic: `topic-${i % TOPICS}`,
    lesson: `lesson-${Math.floor((i / QUESTIONS) * LESSONS)}`,
    type: TYPES[Math.floor(random() * TYPES.length)],
    difficulty: (1 + Math.floor(random() * 3)) as 1 | 2 | 3,
  }));
}

/** A learner who has seen 88 % of the bank, some questions far more than others, rating worse when recall is low. */
function buildProgress(bank: PracticeQuestionInfo[]): ProgressData {
  const random = mulberry32(12);
  const nowMs = Date.parse(NOW);
  const startMs = nowMs - HISTORY_DAYS * DAY_MS;
  const seen = bank.filter(() => random() < 0.88);
  const weights = seen.map(() => 0.2 + random() ** 2 * 3);
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((REVIEWS * w) / total)));
  for (let i = 0, left = REVIEWS - counts.reduce((s, c) => s + c, 0); left > 0; i = (i + 1) % counts.length, left--) counts[i]++;

  const cards: Record<string, ReviewCard> = {};
  const reviews: ReviewRecord[] = [];
  seen.forEach((q, k) => {
    // Each question starts somewhere in the window and is reviewed at random times after that.
    const first = startMs + random() * (nowMs - startMs - 3_600_000) * 0.9;
    const times = Array.from({ length: counts[k] }, (_, j) => (j === 0 ? first : first + random() * (nowMs - 3_600_000 - first))).sort((a, b) => a - b);
    let card: ReviewCard | undefined;
    for (const t of times) {
      const at = new Date(t).toISOString();
      const recall = card ? retrievability(card, at) : 0.6;
      const roll = random();
      const rating: ReviewRating = roll < Math.min(0.6, Math.max(0.05, 1 - recall)) ? 1 : roll < 0.75 ? 3 : roll < 0.9 ? 2 : 4;
      card = applyReview(card, rating, at);
      const selfGraded = q.type === 'free-recall' || q.type === 'spot-the-bug';
      reviews.push({ questionId: q.id, reviewedAt: at, rating, correct: selfGraded ? null : rating > 1, seconds: 5 + Math.floor(random() * 120) });
    }
    cards[q.id] = card!;
  });
  reviews.sort((a, b) => (a.reviewedAt < b.reviewedAt ? -1 : a.reviewedAt > b.reviewedAt ? 1 : a.questionId < b.questionId ? -1 : 1));

  const mocks: MockInterviewRecord[] = Array.from({ length: 40 }, (_, i) => {
    const started = startMs + random() * (nowMs - startMs - DAY_MS);
    return {
      id: `mock-${i}`,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started + 30 * 60_000).toISOString(),
      minutes: 30 as const,
      seed: i,
      answers: seen.slice(i, i + 12).map((q) => ({ questionId: q.id, correct: random() < 0.6, selfScore: null, gradedAt: null, answered: true, seconds: 90 })),
      timedOut: false,
    };
  }).sort((a, b) => a.startedAt.localeCompare(b.startedAt));

  return { ...emptyProgress(), cards, reviews, mocks };
}

let sink = 0;

/** `prepare` runs before each timed `run`, untimed. */
function median(run: () => unknown, prepare: () => void = () => {}): { ms: number; runs: number } {
  for (let i = 0; i < WARMUP; i++) {
    prepare();
    run();
  }
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    prepare();
    const t = performance.now();
    const out = run();
    samples.push(performance.now() - t);
    // Keep the result alive so the work cannot be optimised away.
    if (out !== undefined) sink++;
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], runs: samples.length };
}

/** A Map behind the Web Storage interface: the bench measures our code, not a browser's storage. */
function inMemoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

function main(): void {
  console.log(`Practice — node ${process.version}, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  const setupStart = performance.now();
  const questions = buildBank();
  const progress = buildProgress(questions);
  const seenCount = Object.keys(progress.cards).length;
  console.log(
    `${questions.length} questions (${TOPICS} topics, ${TYPES.length} types, 3 difficulties, ${LESSONS} lessons), ` +
      `${progress.reviews.length} reviews over ${HISTORY_DAYS} days of ${seenCount} questions, ${progress.mocks.length} mocks; ` +
      `setup ${((performance.now() - setupStart) / 1000).toFixed(1)} s (not timed). Warm-up ${WARMUP}, median of ${RUNS}.\n`,
  );

  const stamps = progress.reviews.map((r) => r.reviewedAt);
  const baseline = median(() => {
    let s = 0;
    for (const x of stamps) s += Date.parse(x);
    return s;
  });
  const cases: { name: string; target: number | null; result: { ms: number; runs: number } }[] = [
    { name: `baseline: Date.parse × ${stamps.length}`, target: null, result: baseline },
    {
      name: 'buildReviewQueue',
      target: 20,
      result: median(() => buildReviewQueue({ questions, progress, now: NOW, timeZoneOffsetMinutes: OFFSET, filters: NO_FILTERS })),
    },
    {
      name: 'progressDashboard',
      target: 50,
      result: median(() => progressDashboard({ questions, progress, now: NOW, timeZoneOffsetMinutes: OFFSET, lessonTitles: {} })),
    },
  ];

  // What one rating costs in storage on the main thread: the write reads and merges what is
  // stored (another tab may have written) before it writes; the load runs once per page.
  const storage = inMemoryStorage();
  const session = newSession();
  saveProgress(storage, progress, NOW, session);
  let extra = 0;
  const oneMore = (): ProgressData => {
    extra++;
    const at = new Date(Date.parse(NOW) + extra * 1000).toISOString();
    return { ...progress, reviews: [...progress.reviews, { questionId: questions[extra % questions.length].id, reviewedAt: at, rating: 3, correct: true, seconds: 5 }] };
  };
  const otherTab = newSession();
  let otherTabKeys: string[] = [];
  let serialized = 0;
  for (let i = 0; i < storage.length; i++) serialized += (storage.getItem(storage.key(i)!) ?? '').length;
  cases.push(
    { name: `save after one review (${(serialized / 1e6).toFixed(1)} MB stored)`, target: null, result: median(() => saveProgress(storage, oneMore(), NOW, session)) },
    // ProgressSync's path: another tab rated a card (its question's value, then the index), and
    // this page reads the keys its storage events name and merges them.
    {
      name: "another tab's rating taken in (read its keys + merge)",
      target: null,
      result: median(
        () => {
          const change = readStoredChange(storage, otherTabKeys, session, NOW);
          if (change.kind === 'parts' && change.data) mergeProgress(progress, change.data);
          return change;
        },
        () => {
          const rated = oneMore();
          otherTabKeys = [questionKey(rated.reviews.at(-1)!.questionId), PROGRESS_KEY];
          saveProgress(storage, rated, NOW, otherTab);
        },
      ),
    },
    { name: 'save with no session (reads and merges every key first)', target: null, result: median(() => saveProgress(storage, oneMore(), NOW)) },
    { name: 'loadProgress (page open)', target: null, result: median(() => loadProgress(storage, NOW)) },
  );

  const header = ['case', 'ms', 'runs', '× baseline', 'target ms', 'result'];
  const rows = cases.map(({ name, target, result }) => [
    name,
    result.ms.toFixed(2),
    String(result.runs),
    (result.ms / baseline.ms).toFixed(1),
    target === null ? '—' : String(target),
    target === null ? '—' : result.ms <= target ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
  const queue = buildReviewQueue({ questions, progress, now: NOW, timeZoneOffsetMinutes: OFFSET, filters: NO_FILTERS });
  const board = progressDashboard({ questions, progress, now: NOW, timeZoneOffsetMinutes: OFFSET, lessonTitles: {} });
  const mastered = board.mastery.reduce((s, m) => s + m.mastered, 0);
  console.log(`\nThe learner it describes: ${queue.due.length} due now, ${queue.fresh.length} new offered, ${mastered} mastered, streak ${board.streak.current} (longest ${board.streak.longest}).`);
  console.log(`"× baseline" is the median over the baseline's median in this run (parsing every record's date once costs ~1×;`);
  console.log('code that compares the ISO strings instead can come in under it).');
  console.log('Targets are for this machine; on a slower one, compare the ratios.');
  if (sink < 0) console.log(sink);
  if (rows.some((r) => r[5] === 'FAIL')) process.exitCode = 1;
}

main();
