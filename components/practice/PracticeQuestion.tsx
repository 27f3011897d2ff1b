'use client';
/**
 * One question in a practice session. Unlike the lesson's QuestionCard it reports the answer to
 * the session: in review mode the learner submits, sees the verdict and explanation, and the
 * session asks for a rating; in mock mode nothing is revealed and the session only keeps the
 * answer for the report. Grading is lib/practice/gradeAnswer.ts.
 *
 * Keys, while `active` and the learner is not typing in a text field: 1–9 pick a choice, Enter
 * submits, Space reveals the model answer (free recall, spot the bug).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { QUESTION_TYPE_LABEL, shuffledOrder } from '../../lib/content/questionOrder';
import { gradeChoices, gradeNumeric, gradeOrdering, gradeRubric } from '../../lib/practice/gradeAnswer';
import { keySentence } from '../../lib/practice/numericAnswer';
import { NumericAnswerField } from '../questions/NumericAnswerField';
import { OrderingSteps } from '../questions/OrderingSteps';
import type { QuestionContent } from '../questions/questionContent';
import styles from '../questions/QuestionCard.module.css';
import { SourceBadge } from '../questions/SourceBadge';
import { Explanation, RightOrder } from '../questions/QuestionParts';

/** Self-graded `fraction` is the share of rubric points ticked; null where the question has no rubric. */
export type AnswerOutcome = { kind: 'objective'; correct: boolean; fraction: number } | { kind: 'self'; fraction: number | null };

export interface PracticeQuestionProps {
  question: QuestionContent;
  mode: 'review' | 'mock';
  /** Whether this question's keys are live (the one on screen). */
  active: boolean;
  /** Review: the verdict, on submit (objective) or on reveal and each rubric tick (self-graded). */
  onGraded?(outcome: AnswerOutcome): void;
  /** Mock: the answer as it stands, after every change (outcome null for self-graded types). */
  /** `text`: what the learner wrote, picked or typed, in words, for the report. */
  onAnswerChange?(answer: { answered: boolean; outcome: AnswerOutcome | null; text: string }): void;
  /** Mock: Enter moves on. */
  onNext?(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['radio', 'checkbox', 'button'].includes((target as HTMLInputElement).type);
}

export function PracticeQuestion({ question, mode, active, onGraded, onAnswerChange, onNext }: PracticeQuestionProps) {
  const domId = useId();
  const review = mode === 'review';
  const { type, choices = [], steps = [], rubric = [] } = question;
  const selfGraded = type === 'free-recall' || type === 'spot-the-bug';

  const [picked, setPicked] = useState<number[]>([]);
  const [numericText, setNumericText] = useState('');
  const [numericInvalid, setNumericInvalid] = useState(false);
  const initialOrder = useMemo(() => shuffledOrder(steps.length, question.id), [steps.length, question.id]);
  const [order, setOrder] = useState(initialOrder);
  const [attempt, setAttempt] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [ticked, setTicked] = useState<number[]>([]);
  const submitButton = useRef<HTMLButtonElement>(null);
  const verdict = useRef<HTMLParagraphElement>(null);
  // Submitting removes the Submit button and disables the answer: focus goes to the verdict, not
  // to the page body, so a keyboard user reads on (and Tab reaches the explanation) from there.
  useEffect(() => {
    if (submitted && review) verdict.current?.focus();
  }, [submitted, review]);

  const objectiveOutcome = (): AnswerOutcome | null => {
    if (type === 'single-choice' || type === 'multiple-choice') {
      if (picked.length === 0) return null;
      const g = gradeChoices(choices.map((c) => c.correct), picked);
      return { kind: 'objective', correct: g.correct, fraction: g.fraction };
    }
    if (type === 'numeric' && question.numeric) {
      const g = gradeNumeric(numericText, question.numeric);
      if (g.status === 'invalid') return null;
      return { kind: 'objective', correct: g.status === 'right', fraction: g.status === 'right' ? 1 : 0 };
    }
    if (type === 'ordering') {
      const g = gradeOrdering(order);
      return { kind: 'objective', correct: g.correct, fraction: g.fraction };
    }
    return null;
  };

  // Mock mode: report the answer as it stands after each change.
  useEffect(() => {
    if (review || !onAnswerChange) return;
    const outcome = objectiveOutcome();
    const answered = selfGraded ? attempt.trim() !== '' : type === 'ordering' ? order.some((s, p) => s !== initialOrder[p]) : outcome !== null;
    const text =
      type === 'single-choice' || type === 'multiple-choice'
        ? picked.map((i) => `${i + 1}. ${choices[i]?.label ?? ''}`).join('; ')
        : type === 'numeric'
          ? numericText.trim()
          : type === 'ordering'
            ? ''
            : attempt;
    onAnswerChange({ answered, outcome, text });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked, numericText, order, attempt]);

  const submit = () => {
    if (!review || submitted) return;
    if (selfGraded) {
      setSubmitted(true);
      onGraded?.({ kind: 'self', fraction: rubricFraction(ticked.length, rubric.length) });
      return;
    }
    const outcome = objectiveOutcome();
    if (!outcome) {
      if (type === 'numeric') setNumericInvalid(true);
      return;
    }
    setSubmitted(true);
    onGraded?.(outcome);
  };

  const pick = (i: number) => {
    if (submitted || i < 0 || i >= choices.length) return;
    if (type === 'single-choice') setPicked([i]);
    else setPicked((p) => (p.includes(i) ? p.filter((x) => x !== i) : [...p, i].sort((a, b) => a - b)));
  };

  const tick = (i: number) => {
    const next = ticked.includes(i) ? ticked.filter((x) => x !== i) : [...ticked, i];
    setTicked(next);
    if (submitted) onGraded?.({ kind: 'self', fraction: rubricFraction(next.length, rubric.length) });
  };

  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});
  keyHandler.current = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (isTyping(e.target)) return;
    if (!submitted && /^[1-9]$/.test(e.key) && (type === 'single-choice' || type === 'multiple-choice')) {
      e.preventDefault();
      pick(Number(e.key) - 1);
    } else if (e.key === 'Enter' && !submitted && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement)) {
      e.preventDefault();
      if (review) submit();
      else onNext?.();
    } else if (e.key === ' ' && review && selfGraded && !submitted && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      submit();
    }
  };
  useEffect(() => {
    if (!active) return;
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [active]);

  const showVerdicts = review && submitted;
  return (
    <article className={styles.card} aria-labelledby={`${domId}-label`} data-question-id={question.id} data-question-type={type}>
      <p className={styles.meta} id={`${domId}-label`}>
        <span>{QUESTION_TYPE_LABEL[type]}</span>
        <span aria-label={`difficulty ${question.difficulty} of 3`}>{'●'.repeat(question.difficulty) + '○'.repeat(3 - question.difficulty)}</span>
        {question.fromSeed && <SourceBadge />}
      </p>
      <div className={styles.prompt}>{question.prompt}</div>

      {(type === 'single-choice' || type === 'multiple-choice') && (
        <fieldset className={styles.choices}>
          <legend className="visually-hidden">{type === 'single-choice' ? 'Choose one answer (keys 1 to 9)' : 'Choose every correct answer (keys 1 to 9 toggle)'}</legend>
          {choices.map((choice, i) => {
            const isPicked = picked.includes(i);
            const show = showVerdicts && (isPicked || choice.correct);
            const verdict = !show ? '' : choice.correct ? (isPicked ? 'right' : 'missed') : 'wrong';
            return (
              <div key={i} className={`${styles.choice} ${verdict ? styles[verdict] : ''}`}>
                <label>
                  <input
                    type={type === 'single-choice' ? 'radio' : 'checkbox'}
                    name={`${domId}-choice`}
                    checked={isPicked}
                    disabled={submitted}
                    onChange={() => pick(i)}
                    aria-label={`${i + 1}: ${choice.label}`}
                  />
                  <span aria-hidden="true" className="practice-key">
                    {i + 1}
                  </span>
                  <span className={styles.choiceText}>{choice.text}</span>
                </label>
                {show && (
                  <div className={styles.why}>
                    <strong>{verdict === 'right' ? 'Right.' : verdict === 'missed' ? (type === 'single-choice' ? 'This is the right answer.' : 'Also correct.') : 'Not quite.'}</strong> {choice.why}
                  </div>
                )}
              </div>
            );
          })}
        </fieldset>
      )}

      {type === 'numeric' && question.numeric && (
        <NumericAnswerField
          id={domId}
          unit={question.numeric.unit}
          value={numericText}
          disabled={submitted}
          showProblems={numericInvalid}
          onChange={(text) => {
            setNumericText(text);
            setNumericInvalid(false);
          }}
          onEnter={() => (review ? submit() : onNext?.())}
        />
      )}

      {type === 'ordering' && <OrderingSteps steps={steps} order={order} disabled={submitted} showVerdicts={showVerdicts} onMove={(from, to) => setOrder((o) => swap(o, from, to))} />}

      {selfGraded && (
        <div className={styles.reveal}>
          <label htmlFor={`${domId}-attempt`}>{type === 'spot-the-bug' ? 'Where is the bug, and how would you fix it?' : 'Your answer'}</label>
          <textarea id={`${domId}-attempt`} rows={type === 'spot-the-bug' ? 3 : 5} value={attempt} onChange={(e) => setAttempt(e.target.value)} />
        </div>
      )}

      {review && !submitted && (
        <p className={styles.row}>
          <button type="button" ref={submitButton} className="primary" onClick={submit}>
            {selfGraded ? (type === 'spot-the-bug' ? 'Show the bug' : 'Show the model answer') : 'Submit'}
          </button>
          <span className="meta">{selfGraded ? 'Space reveals (outside the text box)' : 'Enter submits'}</span>
        </p>
      )}

      {showVerdicts && (
        <>
          <p role="status" className={styles.status} ref={verdict} tabIndex={-1}>
            {selfGraded ? 'Compare with the model answer, then grade yourself.' : verdictText(objectiveOutcome(), question)}
          </p>
          {type === 'ordering' && !isCorrect(objectiveOutcome()) && <RightOrder steps={steps} />}
          {selfGraded && (
            <div className={styles.model}>
              <h4>{type === 'spot-the-bug' ? 'The bug' : 'Model answer'}</h4>
              {type === 'spot-the-bug' ? question.bug : question.modelAnswer}
            </div>
          )}
          {selfGraded && rubric.length > 0 && (
            <fieldset className={styles.rubric}>
              <legend>Your answer said…</legend>
              {rubric.map((point, i) => (
                <label key={i}>
                  <input type="checkbox" checked={ticked.includes(i)} onChange={() => tick(i)} />
                  <span>{point}</span>
                </label>
              ))}
              <p className={styles.status}>
                {ticked.length} of {rubric.length} points
              </p>
            </fieldset>
          )}
          <Explanation explanation={question.explanation} references={question.references} />
        </>
      )}
    </article>
  );
}

function isCorrect(outcome: AnswerOutcome | null): boolean {
  return outcome?.kind === 'objective' && outcome.correct;
}

function rubricFraction(ticked: number, total: number): number | null {
  return total === 0 ? null : gradeRubric(ticked, total).fraction;
}

function swap(order: number[], a: number, b: number): number[] {
  if (b < 0 || b >= order.length) return order;
  const next = [...order];
  [next[a], next[b]] = [next[b], next[a]];
  return next;
}

function verdictText(outcome: AnswerOutcome | null, question: QuestionContent): string {
  if (!outcome || outcome.kind !== 'objective') return '';
  if (outcome.correct) return question.type === 'numeric' && question.numeric ? `Correct. The answer is ${keySentence(question.numeric)}.` : 'Correct.';
  if (question.type === 'numeric' && question.numeric) {
    return `Not quite. The answer is ${keySentence(question.numeric)}.`;
  }
  if (question.type === 'ordering') return `Not quite: ${Math.round(outcome.fraction * (question.steps?.length ?? 0))} of ${question.steps?.length ?? 0} steps in place.`;
  return outcome.fraction > 0 ? 'Partly right: see the notes under the choices.' : 'Not quite: read why under the choices.';
}
