/**
 * A mock interview survives a reload (a stray F5 forty minutes into a 45-minute session should
 * not cost the session): the page keeps the session in sessionStorage, which lives as long as
 * the tab, and reads it back on load. The clock keeps running through the reload, as it would in
 * an interview. Anything read back is checked: a damaged or foreign value is ignored.
 */
import { MOCK_LENGTHS, type MockLength } from './mockInterview';
import { MAX_ANSWER_SECONDS } from './progressSchema';
import type { MockAnswer } from './progressTypes';

export const MOCK_IN_PROGRESS_KEY = 'attention-lab:mock-in-progress';

export interface MockInProgress {
  id: string;
  seed: number;
  minutes: MockLength;
  startedAt: string;
  /** Epoch milliseconds when the time is up. */
  deadline: number;
  questionIds: string[];
  /** The question on screen; answers holds one entry per question before it. */
  index: number;
  answers: MockAnswer[];
  /** What the learner wrote, picked or typed for each question, for the report. */
  written: Record<string, string>;
}

export function serializeMockInProgress(session: MockInProgress): string {
  return JSON.stringify(session);
}

/** The session in `raw`, or null when it is missing, damaged, or asks for questions no longer in the bank. */
export function parseMockInProgress(raw: string | null, bankIds: ReadonlySet<string>): MockInProgress | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Partial<Record<keyof MockInProgress, unknown>>;
  if (typeof s.id !== 'string' || typeof s.startedAt !== 'string' || !Number.isFinite(Date.parse(s.startedAt))) return null;
  if (!Number.isInteger(s.seed) || !(MOCK_LENGTHS as readonly unknown[]).includes(s.minutes)) return null;
  if (typeof s.deadline !== 'number' || !Number.isFinite(s.deadline)) return null;
  if (!Array.isArray(s.questionIds) || s.questionIds.length === 0 || !s.questionIds.every((id) => typeof id === 'string' && bankIds.has(id))) return null;
  if (new Set(s.questionIds).size !== s.questionIds.length) return null;
  if (!Number.isInteger(s.index) || (s.index as number) < 0 || (s.index as number) >= s.questionIds.length) return null;
  if (!Array.isArray(s.answers) || s.answers.length !== s.index) return null;
  const answers = s.answers as unknown[];
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i] as Partial<MockAnswer> | null;
    if (typeof a !== 'object' || a === null || a.questionId !== s.questionIds[i]) return null;
    if (typeof a.answered !== 'boolean' || !(a.correct === null || typeof a.correct === 'boolean')) return null;
    if (typeof a.seconds !== 'number' || !(a.seconds >= 0 && a.seconds <= MAX_ANSWER_SECONDS)) return null;
  }
  const written: Record<string, string> = {};
  if (typeof s.written === 'object' && s.written !== null) {
    for (const [id, text] of Object.entries(s.written)) if (typeof text === 'string' && s.questionIds.includes(id)) written[id] = text.slice(0, 20_000);
  }
  return {
    id: s.id,
    seed: s.seed as number,
    minutes: s.minutes as MockLength,
    startedAt: s.startedAt,
    deadline: s.deadline,
    questionIds: s.questionIds as string[],
    index: s.index as number,
    answers: answers.map((a) => {
      const x = a as MockAnswer;
      return { questionId: x.questionId, correct: x.correct, selfScore: null, gradedAt: null, answered: x.answered, seconds: x.seconds };
    }),
    written,
  };
}
