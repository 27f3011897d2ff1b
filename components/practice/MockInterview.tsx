'use client';
/**
 * /practice/mock: a timed interview. Questions drawn to cover the topics and mix difficulties
 * (lib/practice/mockInterview.ts), asked one after another with no feedback, as in a real
 * interview; at the end (or when the clock runs out) a report: score by topic, time per question,
 * every question with its explanation, self-grading for written answers, and what to study.
 * The session is saved to the history when it ends.
 */
import { IntentLink } from '../IntentLink';
import { useEffect, useRef, useState } from 'react';
import { drawMockInterview, MOCK_LENGTHS, mockInterviewReport, type MockLength } from '../../lib/practice/mockInterview';
import { MOCK_IN_PROGRESS_KEY, parseMockInProgress, serializeMockInProgress, type MockInProgress } from '../../lib/practice/mockInProgress';
import { MAX_ANSWER_SECONDS } from '../../lib/practice/progressSchema';
import type { MockAnswer, MockInterviewRecord } from '../../lib/practice/progressTypes';
import { keySentence } from '../../lib/practice/numericAnswer';
import { topicName } from '../../lib/practice/topicNames';
import { progressStore } from '../../lib/stores/progressStore';
import type { PracticeQuestionInfo } from '../../lib/practice/progressTypes';
import type { QuestionContent } from '../questions/questionContent';
import styles from '../questions/QuestionCard.module.css';
import { PracticeQuestion, type AnswerOutcome } from './PracticeQuestion';
import { ProgressSync } from './ProgressSync';
import { StorageNotices } from './StorageNotices';
import { useProgress } from './useProgress';
import { loadQuestion } from './useQuestionContent';

interface Running extends MockInProgress {
  /** When the question on screen appeared (its time counts from then). */
  shownAt: number;
}

/** Keeps the session in the tab's sessionStorage, so a reload resumes it; storage trouble only loses that. */
function keepSession(r: Running | null): void {
  try {
    if (r) {
      const { shownAt: _shownAt, ...session } = r;
      window.sessionStorage.setItem(MOCK_IN_PROGRESS_KEY, serializeMockInProgress(session));
    } else window.sessionStorage.removeItem(MOCK_IN_PROGRESS_KEY);
  } catch {
    // Private mode or a full quota: the interview goes on; only a reload would end it.
  }
}

export function MockInterview({ questions: infos, lessons }: { questions: PracticeQuestionInfo[]; lessons: { slug: string; title: string }[] }) {
  const [length, setLength] = useState<MockLength>(30);
  const [running, setRunning] = useState<Running | null>(null);
  const [finishedId, setFinishedId] = useState<string | null>(null);
  const [written, setWritten] = useState<Record<string, string>>({});
  const [byId, setById] = useState<Map<string, QuestionContent>>(new Map());
  const [preparing, setPreparing] = useState<{ error: string | null } | null>(null);
  const current = useRef<{ answered: boolean; outcome: AnswerOutcome | null; text: string }>({ answered: false, outcome: null, text: '' });
  const heading = useRef<HTMLHeadingElement>(null);
  const runningRef = useRef(running);
  runningRef.current = running;

  const start = async () => {
    const seed = Date.now() % 2147483647;
    const questionIds = drawMockInterview(infos, { minutes: length, seed });
    // Every question is loaded before the clock starts: a slow network must not eat the time.
    setPreparing({ error: null });
    let loaded: QuestionContent[];
    try {
      loaded = await Promise.all(questionIds.map(loadQuestion));
    } catch (error) {
      setPreparing({ error: `Could not load the questions: ${(error as Error).message}. Check your connection and start again.` });
      return;
    }
    setPreparing(null);
    setById(new Map(loaded.map((q) => [q.id, q])));
    const now = Date.now();
    current.current = { answered: false, outcome: null, text: '' };
    setFinishedId(null);
    const session: Running = { id: `${new Date(now).toISOString()}~${seed}`, seed, minutes: length, startedAt: new Date(now).toISOString(), deadline: now + length * 60_000, questionIds, index: 0, shownAt: now, answers: [], written: {} };
    keepSession(session);
    setRunning(session);
  };

  // A session this tab was running before a reload: resume it (or, if its time ran out
  // meanwhile, end it and show the report).
  const [resumed, setResumed] = useState(false);
  useEffect(() => {
    let raw: string | null = null;
    try {
      raw = window.sessionStorage.getItem(MOCK_IN_PROGRESS_KEY);
    } catch {
      return;
    }
    const session = parseMockInProgress(raw, new Set(infos.map((q) => q.id)));
    if (!session) {
      if (raw !== null) keepSession(null);
      return;
    }
    let live = true;
    Promise.all(session.questionIds.map(loadQuestion)).then(
      (loaded) => {
        if (!live) return;
        setById(new Map(loaded.map((q) => [q.id, q])));
        current.current = { answered: false, outcome: null, text: '' };
        const r: Running = { ...session, shownAt: Date.now() };
        runningRef.current = r;
        if (Date.now() >= session.deadline) finish(r, true);
        else {
          setResumed(true);
          setRunning(r);
        }
      },
      () => undefined, // offline: the session stays kept for the next load
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [infos]);

  const answerOf = (r: Running, now: number): MockAnswer => {
    const { answered, outcome } = current.current;
    return {
      questionId: r.questionIds[r.index],
      // Unanswered is wrong; a written answer waits for self-grading (null).
      correct: !answered ? false : outcome?.kind === 'objective' ? outcome.correct : null,
      selfScore: null,
      gradedAt: null,
      answered,
      seconds: Math.round(Math.min(MAX_ANSWER_SECONDS, Math.max(0, (now - r.shownAt) / 1000))),
    };
  };

  const finish = (r: Running, timedOut: boolean) => {
    const now = Math.min(Date.now(), r.deadline);
    const answers = [...r.answers, answerOf(r, now)];
    // Questions the clock cut off are part of the session: unanswered, no time.
    for (let i = r.index + 1; i < r.questionIds.length; i++) answers.push({ questionId: r.questionIds[i], correct: false, selfScore: null, gradedAt: null, answered: false, seconds: 0 });
    const record: MockInterviewRecord = {
      id: r.id,
      startedAt: r.startedAt,
      finishedAt: new Date(now).toISOString(),
      minutes: r.minutes,
      seed: r.seed,
      answers,
      timedOut,
    };
    progressStore.getState().recordMock(record);
    setWritten({ ...r.written, [r.questionIds[r.index]]: current.current.text });
    runningRef.current = null;
    keepSession(null);
    setResumed(false);
    setRunning(null);
    setFinishedId(r.id);
    requestAnimationFrame(() => heading.current?.focus());
  };

  const next = () => {
    const r = runningRef.current;
    if (!r) return;
    if (r.index === r.questionIds.length - 1) return finish(r, false);
    const now = Date.now();
    const answers = [...r.answers, answerOf(r, now)];
    const writtenNow = { ...r.written, [r.questionIds[r.index]]: current.current.text };
    current.current = { answered: false, outcome: null, text: '' };
    const advanced = { ...r, answers, written: writtenNow, index: r.index + 1, shownAt: now };
    runningRef.current = advanced;
    keepSession(advanced);
    setRunning(advanced);
  };

  // The clock: checked often, so the end comes on time even in a background tab's slow timers.
  const [remaining, setRemaining] = useState(0);
  useEffect(() => {
    if (!running) return;
    const tick = () => {
      const r = runningRef.current;
      if (!r) return;
      const left = r.deadline - Date.now();
      setRemaining(Math.max(0, left));
      if (left <= 0) finish(r, true);
    };
    tick();
    const timer = window.setInterval(tick, 250);
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('beforeunload', warn);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running?.id]);

  if (running) {
    const q = byId.get(running.questionIds[running.index]);
    const last = running.index === running.questionIds.length - 1;
    return (
      <div className="practice mock-running">
        <ProgressSync />
        <div className="practice-bar mock-bar">
          <h1 ref={heading} tabIndex={-1}>
            Mock interview
          </h1>
          <p className="practice-counts">
            <span>
              Question <strong>{running.index + 1}</strong> of {running.questionIds.length}
            </span>
            <MockClock remainingMs={remaining} />
          </p>
        </div>
        {resumed && running.index < running.questionIds.length && (
          <p className="meta" role="status">
            Resumed after the page reloaded; the clock kept running. An answer you had not moved on from is lost.
          </p>
        )}
        {q && (
          <PracticeQuestion
            key={q.id}
            question={q}
            mode="mock"
            active
            onAnswerChange={(a) => {
              current.current = { answered: a.answered, outcome: a.outcome, text: a.text };
            }}
            onNext={next}
          />
        )}
        <p className="practice-actions">
          <button type="button" className="primary" onClick={next}>
            {last ? 'Finish' : 'Next question'}
          </button>{' '}
          <span className="meta">Enter moves on (outside text boxes). No feedback until the end.</span>{' '}
          {!last && (
            <button
              type="button"
              onClick={() => {
                if (window.confirm('End the interview now? Questions not reached count as unanswered.')) finish(running, false);
              }}
            >
              End now
            </button>
          )}
        </p>
      </div>
    );
  }

  return (
    <div className="practice">
      <ProgressSync />
      <StorageNotices />
      <h1 ref={heading} tabIndex={-1}>
        Mock interview
      </h1>
      {finishedId ? (
        <MockReportView mockId={finishedId} byId={byId} infos={infos} lessons={lessons} written={written} />
      ) : (
        <p>
          A timed set of questions across the topics, mixing easy and hard, one after another with no feedback until the end, like a real interview. Written answers are graded
          by you against a rubric afterwards.
        </p>
      )}
      <fieldset className="mock-setup">
        <legend>{finishedId ? 'Another round' : 'Length'}</legend>
        {MOCK_LENGTHS.map((m) => (
          <label key={m}>
            <input type="radio" name="mock-length" value={m} checked={length === m} onChange={() => setLength(m)} /> {m} minutes
          </label>
        ))}
        <button type="button" className="primary" onClick={() => void start()} disabled={preparing !== null && preparing.error === null}>
          {preparing && preparing.error === null ? 'Preparing…' : 'Start the interview'}
        </button>
      </fieldset>
      {preparing?.error && (
        <p role="alert" className="import-error">
          {preparing.error}
        </p>
      )}
      <MockHistory infos={infos} />
    </div>
  );
}

function MockClock({ remainingMs }: { remainingMs: number }) {
  const total = Math.ceil(remainingMs / 1000);
  const text = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
  const minutes = Math.ceil(remainingMs / 60_000);
  // Screen readers hear the time at a few moments, not every second.
  const announce = minutes === 5 || minutes === 1 ? `${minutes} minute${minutes === 1 ? '' : 's'} left` : '';
  return (
    <span className={remainingMs < 60_000 ? 'mock-clock low' : 'mock-clock'}>
      <span aria-hidden="true">⏱ {text}</span>
      <span className="visually-hidden">{`${Math.floor(total / 60)} minutes ${total % 60} seconds left`}</span>
      <span className="visually-hidden" aria-live="polite">
        {announce}
      </span>
    </span>
  );
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function MockReportView({
  mockId,
  byId,
  infos,
  lessons,
  written,
}: {
  mockId: string;
  byId: Map<string, QuestionContent>;
  infos: PracticeQuestionInfo[];
  lessons: { slug: string; title: string }[];
  written: Record<string, string>;
}) {
  const record = useProgress((s) => s.data.mocks.find((m) => m.id === mockId));
  if (!record) return <p>The report is not available.</p>;
  const report = mockInterviewReport(record, infos);
  const title = (slug: string) => lessons.find((l) => l.slug === slug)?.title ?? slug;
  return (
    <section className="mock-report" aria-labelledby="mock-report-title">
      <h2 id="mock-report-title">Your report</h2>
      <p className="mock-score">
        <strong>
          {report.score.correct} of {report.score.graded}
        </strong>{' '}
        right ({Math.round(report.score.fraction * 100)} %) in {formatSeconds(report.totalSeconds)}
        {record.timedOut ? ', when the clock ran out' : ''}.
        {report.ungraded.length > 0 && ` ${report.ungraded.length} written answer${report.ungraded.length === 1 ? '' : 's'} to grade below.`}
      </p>
      <table className="data-table">
        <caption>Score by topic, weakest first</caption>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Right</th>
            <th scope="col">Graded</th>
            <th scope="col">Asked</th>
          </tr>
        </thead>
        <tbody>
          {report.byTopic.map((t) => (
            <tr key={t.topic}>
              <th scope="row">{topicName(t.topic)}</th>
              <td>{t.correct}</td>
              <td>{t.graded}</td>
              <td>{t.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.studyNext.length > 0 && (
        <>
          <h3>What to study</h3>
          <ul>
            {report.studyNext.map((s) => (
              <li key={`${s.lesson}-${s.topic}`}>
                <IntentLink href={`/lessons/${s.lesson}/`}>{title(s.lesson)}</IntentLink> ({s.missed} missed on {topicName(s.topic).toLowerCase()})
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Question by question</h3>
      <ol className="mock-questions">
        {record.answers.map((a) => {
          const q = byId.get(a.questionId);
          const row = report.perQuestion.find((p) => p.questionId === a.questionId);
          const verdict = row?.correct === true ? 'Right' : row?.correct === false ? (a.answered ? 'Wrong' : 'Not answered') : 'To grade';
          return (
            <li key={a.questionId} data-mock-question={a.questionId}>
              <p className="meta">
                <strong className={`verdict verdict-${verdict.toLowerCase().replace(/ /g, '-')}`}>{verdict}</strong> · {formatSeconds(a.seconds)} ·{' '}
                {q ? topicName(q.topic) : 'retired question'}
              </p>
              {q ? (
                <>
                  <div className={styles.prompt}>{q.prompt}</div>
                  {written[a.questionId] && q.type !== 'free-recall' && q.type !== 'spot-the-bug' && (
                    <p>
                      Your answer: <span className="written-answer">{written[a.questionId]}</span>
                    </p>
                  )}
                  {(q.type === 'free-recall' || q.type === 'spot-the-bug') && a.answered && <SelfGrade mockId={record.id} answer={a} question={q} written={written[a.questionId]} />}
                  <details>
                    <summary>Explanation</summary>
                    {q.type === 'numeric' && q.numeric && (
                      <p>
                        Answer: {keySentence(q.numeric)}
                      </p>
                    )}
                    {q.explanation}
                  </details>
                </>
              ) : (
                <p>This question has since been removed from the bank.</p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function SelfGrade({ mockId, answer, question, written }: { mockId: string; answer: MockAnswer; question: QuestionContent; written?: string }) {
  const rubric = question.rubric ?? [];
  const [ticked, setTicked] = useState<number[]>([]);
  const save = (score: number) => progressStore.getState().gradeMockAnswer(mockId, answer.questionId, score, new Date().toISOString());
  return (
    <div className={styles.model}>
      {written && (
        <>
          <h4>You wrote</h4>
          <p className="written-answer">{written}</p>
        </>
      )}
      <h4>{question.type === 'spot-the-bug' ? 'The bug' : 'Model answer'}</h4>
      {question.type === 'spot-the-bug' ? question.bug : question.modelAnswer}
      {rubric.length > 0 ? (
        <fieldset className={styles.rubric}>
          <legend>Grade yourself: your answer said…</legend>
          {rubric.map((point, i) => (
            <label key={i}>
              <input type="checkbox" checked={ticked.includes(i)} onChange={() => setTicked((t) => (t.includes(i) ? t.filter((x) => x !== i) : [...t, i]))} />
              <span>{point}</span>
            </label>
          ))}
          <button type="button" onClick={() => save(ticked.length / rubric.length)}>
            Save grade ({ticked.length} of {rubric.length})
          </button>
        </fieldset>
      ) : (
        <p>
          Did you find it?{' '}
          <button type="button" onClick={() => save(1)}>
            Yes
          </button>{' '}
          <button type="button" onClick={() => save(0)}>
            No
          </button>
        </p>
      )}
      {answer.selfScore !== null && <p className={styles.status}>Graded: {Math.round(answer.selfScore * 100)} % of the points.</p>}
    </div>
  );
}

function MockHistory({ infos }: { infos: PracticeQuestionInfo[] }) {
  const hydrated = useProgress((s) => s.hydrated);
  const mocks = useProgress((s) => s.data.mocks);
  if (!hydrated || mocks.length === 0) return null;
  return (
    <section aria-labelledby="mock-history">
      <h2 id="mock-history">Earlier interviews</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Length</th>
            <th scope="col">Score</th>
            <th scope="col">Questions</th>
          </tr>
        </thead>
        <tbody>
          {[...mocks].reverse().map((m) => {
            const r = mockInterviewReport(m, infos);
            return (
              <tr key={m.id}>
                <td>{new Date(m.startedAt).toLocaleString()}</td>
                <td>{m.minutes} min</td>
                <td>
                  {r.score.correct}/{r.score.graded}
                  {r.ungraded.length ? ` (${r.ungraded.length} to grade)` : ''}
                </td>
                <td>{m.answers.length}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
