'use client';
/**
 * One question, answerable in place. The Markdown parts arrive rendered (React nodes made at build
 * time); this component only keeps the learner's answer and reveals.
 *
 * One answer, then the verdict, as in /practice: a single choice is answered when picked, a
 * multiple choice on "Check", a number on "Check", an order on "Check order"; the answer then locks
 * and the right answer and the explanation show (no "try again" beside a revealed answer). Free
 * recall and spot the bug: write (optional), reveal, then grade yourself. Each first answer is
 * recorded as a review (useLessonReview), so it counts on /progress and in the review schedule.
 */
import { IntentLink } from '../IntentLink';
import { useId, useMemo, useRef, useState } from 'react';
import { QUESTION_TYPE_LABEL, shuffledOrder } from '../../lib/content/questionOrder';
import { gradeChoices, gradeNumeric, gradeOrdering, gradeRubric, suggestRating } from '../../lib/practice/gradeAnswer';
import { keySentence } from '../../lib/practice/numericAnswer';
import { RATING_NAMES, type ReviewRating } from '../../lib/practice/progressTypes';
import { NumericAnswerField } from './NumericAnswerField';
import { OrderingSteps } from './OrderingSteps';
import type { QuestionContent } from './questionContent';
import { Explanation, RightOrder } from './QuestionParts';
import { SourceBadge } from './SourceBadge';
import styles from './QuestionCard.module.css';
import { useLessonReview, type LessonReview } from './useLessonReview';

/** A question as the lesson page renders it (topic and lesson are not needed here). */
export type QuestionCardProps = Omit<QuestionContent, 'topic' | 'lesson'>;

export function QuestionCard(props: QuestionCardProps) {
  const { id, type, difficulty, fromSeed, prompt } = props;
  const domId = useId();
  const review = useLessonReview(id);
  return (
    <article className={styles.card} id={`question-${id}`} aria-labelledby={`${domId}-label`} data-question-type={type} onFocusCapture={review.start} onPointerDownCapture={review.start}>
      <p className={styles.meta} id={`${domId}-label`}>
        <span>{QUESTION_TYPE_LABEL[type]}</span>
        <span aria-label={`difficulty ${difficulty} of 3`}>{'●'.repeat(difficulty) + '○'.repeat(3 - difficulty)}</span>
        {fromSeed && <SourceBadge />}
      </p>
      <div className={styles.prompt}>{prompt}</div>
      {(type === 'single-choice' || type === 'multiple-choice') && <Choices {...props} review={review} />}
      {type === 'numeric' && <Numeric {...props} review={review} />}
      {(type === 'free-recall' || type === 'spot-the-bug') && <Reveal {...props} review={review} />}
      {type === 'ordering' && <Ordering {...props} review={review} />}
      <p className={styles.counts} ref={review.countedLine} tabIndex={-1}>
        {review.notCounted ? (
          'This answer could not be counted: the page’s progress script did not load (offline?). Reload the page to answer again.'
        ) : review.counted === null ? (
          'Your first answer on this visit counts toward your review schedule.'
        ) : (
          <>
            Counted as “{RATING_NAMES[review.counted]}” in your review schedule: <IntentLink href="/progress/">your progress</IntentLink>.
          </>
        )}
      </p>
    </article>
  );
}

type PartProps = QuestionCardProps & { review: LessonReview };

function Choices({ type, choices = [], explanation, references, review, id }: PartProps) {
  const single = type === 'single-choice';
  const [picked, setPicked] = useState<number[]>([]);
  const [checked, setChecked] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const grade = (p: number[]) => gradeChoices(choices.map((c) => c.correct), p);
  const check = (p: number[]) => {
    const g = grade(p);
    setChecked(true);
    review.record({ kind: 'objective', correct: g.correct, fraction: g.fraction });
    // "Check" goes away; the verdict is what to read next (a picked radio keeps its focus).
    if (!single) requestAnimationFrame(() => status.current?.focus());
  };
  const pick = (i: number) => {
    if (checked) return;
    if (single) {
      setPicked([i]);
      check([i]);
    } else setPicked((p) => (p.includes(i) ? p.filter((x) => x !== i) : [...p, i].sort((a, b) => a - b)));
  };
  const result = checked ? grade(picked) : null;
  return (
    <fieldset className={styles.choices}>
      <legend className="visually-hidden">{single ? 'Choose one answer' : 'Choose every correct answer'}</legend>
      {choices.map((choice, i) => {
        const isPicked = picked.includes(i);
        const show = checked && (isPicked || choice.correct);
        const verdict = !show ? '' : choice.correct ? (isPicked ? 'right' : 'missed') : 'wrong';
        return (
          <div key={i} className={`${styles.choice} ${verdict ? styles[verdict] : ''}`}>
            <label>
              {/* The label's text may be all formula (KaTeX), which gives no accessible name. */}
              <input type={single ? 'radio' : 'checkbox'} name={`q-${id}`} checked={isPicked} disabled={checked && !isPicked} onChange={() => pick(i)} aria-label={choice.label} />
              <span className={styles.choiceText}>{choice.text}</span>
            </label>
            {show && (
              <div className={styles.why}>
                <strong>{verdict === 'right' ? 'Right.' : verdict === 'missed' ? (single ? 'This is the right answer.' : 'This one is also correct.') : 'Not quite.'}</strong> {choice.why}
              </div>
            )}
          </div>
        );
      })}
      {!single && !checked && (
        <button type="button" onClick={() => check(picked)} disabled={picked.length === 0}>
          Check
        </button>
      )}
      <p role="status" className={styles.status} ref={status} tabIndex={-1}>
        {result ? (result.correct ? 'Correct.' : single ? 'Not quite: the right answer is marked below your pick.' : result.fraction > 0 ? 'Partly right: see the notes under the choices.' : 'Not quite: see the notes under the choices.') : ''}
      </p>
      {checked && <Explanation explanation={explanation} references={references} />}
    </fieldset>
  );
}

function Numeric({ numeric, explanation, references, review }: PartProps) {
  const domId = useId();
  const [text, setText] = useState('');
  const [result, setResult] = useState<'right' | 'wrong' | 'invalid' | null>(null);
  const verdict = useRef<HTMLParagraphElement>(null);
  if (!numeric) return null;
  const done = result === 'right' || result === 'wrong';
  const check = () => {
    if (done) return;
    const { status } = gradeNumeric(text, numeric);
    setResult(status);
    if (status === 'invalid') return;
    review.record({ kind: 'objective', correct: status === 'right', fraction: status === 'right' ? 1 : 0 });
    // The box and the button lock: focus the verdict rather than let it fall to the page.
    requestAnimationFrame(() => verdict.current?.focus());
  };
  return (
    <>
      <NumericAnswerField
        id={domId}
        unit={numeric.unit}
        value={text}
        disabled={done}
        showProblems={result === 'invalid'}
        onChange={(value) => {
          setText(value);
          setResult(null);
        }}
        onEnter={check}
      >
        <button type="button" onClick={check} disabled={done}>
          Check
        </button>
      </NumericAnswerField>
      <p role="status" className={styles.status} ref={verdict} tabIndex={-1}>
        {result === 'right' && `Correct. The answer is ${keySentence(numeric)}.`}
        {result === 'wrong' && `Not quite. The answer is ${keySentence(numeric)}.`}
      </p>
      {done && <Explanation explanation={explanation} references={references} />}
    </>
  );
}

const RATINGS: ReviewRating[] = [1, 2, 3, 4];

function Reveal({ type, modelAnswer, rubric = [], bug, explanation, references, review }: PartProps) {
  const domId = useId();
  const [shown, setShown] = useState(false);
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const isBug = type === 'spot-the-bug';
  // The rubric suggests a rating, as in /practice; without a rubric the learner picks one.
  const suggested = rubric.length > 0 ? suggestRating({ kind: 'self', fraction: gradeRubric(ticked.size, rubric.length).fraction }) : null;
  return (
    <div className={styles.reveal}>
      <label htmlFor={`${domId}-attempt`}>{isBug ? 'Where is the bug, and how would you fix it?' : 'Your answer'} (optional: write it before you look)</label>
      <textarea id={`${domId}-attempt`} rows={isBug ? 3 : 5} />
      <button type="button" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : isBug ? 'Show the bug' : 'Show the model answer'}
      </button>
      {shown && (
        <>
          <div className={styles.model}>
            <h4>{isBug ? 'The bug' : 'Model answer'}</h4>
            {isBug ? bug : modelAnswer}
          </div>
          {rubric.length > 0 && (
            <fieldset className={styles.rubric}>
              <legend>Grade yourself: a good answer says…</legend>
              {rubric.map((point, i) => (
                <label key={i}>
                  <input
                    type="checkbox"
                    checked={ticked.has(i)}
                    disabled={review.counted !== null || review.notCounted}
                    onChange={() => {
                      const next = new Set(ticked);
                      if (next.has(i)) next.delete(i);
                      else next.add(i);
                      setTicked(next);
                    }}
                  />
                  <span>{point}</span>
                </label>
              ))}
              <p role="status" className={styles.status}>
                {ticked.size} of {rubric.length} points
              </p>
            </fieldset>
          )}
          {review.counted === null && !review.notCounted && (
            <fieldset className={styles.selfRate}>
              <legend>How well did you know it?{suggested ? ` Suggested from the rubric: ${RATING_NAMES[suggested]}.` : ''}</legend>
              {RATINGS.map((r) => (
                <button key={r} type="button" className={r === suggested ? styles.suggested : undefined} onClick={() => review.record({ kind: 'self', fraction: 0 }, r)}>
                  {RATING_NAMES[r]}
                </button>
              ))}
            </fieldset>
          )}
          <Explanation explanation={explanation} references={references} />
        </>
      )}
    </div>
  );
}

function Ordering({ id, steps = [], explanation, references, review }: PartProps) {
  const initial = useMemo(() => shuffledOrder(steps.length, id), [steps.length, id]);
  const [order, setOrder] = useState(initial);
  const [checked, setChecked] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const move = (from: number, to: number) => {
    const next = [...order];
    [next[from], next[to]] = [next[to], next[from]];
    setOrder(next);
  };
  const result = gradeOrdering(order);
  return (
    <div>
      <OrderingSteps steps={steps} order={order} onMove={move} disabled={checked} showVerdicts={checked} />
      {!checked && (
        <button
          type="button"
          onClick={() => {
            setChecked(true);
            review.record({ kind: 'objective', correct: result.correct, fraction: result.fraction });
            // The button goes and the steps lock: focus the verdict, as practice does after Submit.
            requestAnimationFrame(() => status.current?.focus());
          }}
        >
          Check order
        </button>
      )}
      <p role="status" className={styles.status} ref={status} tabIndex={-1}>
        {checked && (result.correct ? 'Correct order.' : `${result.inPlace} of ${order.length} steps are in place.`)}
      </p>
      {checked && (
        <>
          {!result.correct && <RightOrder steps={steps} />}
          <Explanation explanation={explanation} references={references} />
        </>
      )}
    </div>
  );
}
