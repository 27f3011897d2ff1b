'use client';
/**
 * One question, answerable in place with instant feedback. The Markdown parts arrive rendered
 * (React nodes made at build time); this component only keeps the learner's answer and reveals.
 * - single choice: feedback as soon as a choice is picked; multiple choice: on "Check".
 * - numeric: right when within the stated tolerance.
 * - free recall / spot the bug: write an answer (optional), then reveal the model answer or the
 *   bug and grade yourself against the rubric.
 * - ordering: move steps up and down (buttons, so the keyboard works), then "Check order".
 */
import { useId, useMemo, useState } from 'react';
import { QUESTION_TYPE_LABEL, shuffledOrder } from '../../lib/content/questionOrder';
import type { QuestionContent } from './questionContent';
import { Explanation, RightOrder } from './QuestionParts';
import { SourceBadge } from './SourceBadge';
import styles from './QuestionCard.module.css';

/** A question as the lesson page renders it (topic and lesson are not needed here). */
export type QuestionCardProps = Omit<QuestionContent, 'topic' | 'lesson'>;

export function QuestionCard(props: QuestionCardProps) {
  const { id, type, difficulty, fromSeed, prompt } = props;
  const domId = useId();
  return (
    <article className={styles.card} id={`question-${id}`} aria-labelledby={`${domId}-label`} data-question-type={type}>
      <p className={styles.meta} id={`${domId}-label`}>
        <span>{QUESTION_TYPE_LABEL[type]}</span>
        <span aria-label={`difficulty ${difficulty} of 3`}>{'●'.repeat(difficulty) + '○'.repeat(3 - difficulty)}</span>
        {fromSeed && <SourceBadge />}
      </p>
      <div className={styles.prompt}>{prompt}</div>
      {(type === 'single-choice' || type === 'multiple-choice') && <Choices {...props} />}
      {type === 'numeric' && <Numeric {...props} />}
      {(type === 'free-recall' || type === 'spot-the-bug') && <Reveal {...props} />}
      {type === 'ordering' && <Ordering {...props} />}
    </article>
  );
}

function Choices({ id, type, choices = [], explanation, references }: QuestionCardProps) {
  const single = type === 'single-choice';
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [checked, setChecked] = useState(false);
  const correctSet = choices.map((c, i) => (c.correct ? i : -1)).filter((i) => i >= 0);
  const allRight = checked && correctSet.length === picked.size && correctSet.every((i) => picked.has(i));
  const pick = (i: number) => {
    if (single) {
      setPicked(new Set([i]));
      setChecked(true);
    } else {
      const next = new Set(picked);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      setPicked(next);
      setChecked(false);
    }
  };
  return (
    <fieldset className={styles.choices}>
      <legend className="visually-hidden">{single ? 'Choose one answer' : 'Choose every correct answer'}</legend>
      {choices.map((choice, i) => {
        const isPicked = picked.has(i);
        const show = checked && (isPicked || choice.correct);
        const verdict = !show ? '' : choice.correct ? (isPicked ? 'right' : 'missed') : 'wrong';
        return (
          <div key={i} className={`${styles.choice} ${verdict ? styles[verdict] : ''}`}>
            <label>
              {/* The label's text may be all formula (KaTeX), which gives no accessible name. */}
              <input type={single ? 'radio' : 'checkbox'} name={`q-${id}`} checked={isPicked} onChange={() => pick(i)} aria-label={choice.label} />
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
      {!single && (
        <button type="button" onClick={() => setChecked(true)} disabled={picked.size === 0}>
          Check
        </button>
      )}
      <p role="status" className={styles.status}>
        {checked ? (allRight ? 'Correct.' : single ? 'Not this one: read why, then try again.' : 'Not all right yet: see the notes under the choices.') : ''}
      </p>
      {checked && <Explanation explanation={explanation} references={references} />}
    </fieldset>
  );
}

function Numeric({ numeric, explanation, references }: QuestionCardProps) {
  const domId = useId();
  const [text, setText] = useState('');
  const [result, setResult] = useState<'right' | 'wrong' | 'invalid' | null>(null);
  if (!numeric) return null;
  const check = () => {
    const x = Number(text.replace(/[_\s,]/g, ''));
    if (text.trim() === '' || !Number.isFinite(x)) return setResult('invalid');
    setResult(Math.abs(x - numeric.answer) <= numeric.tolerance ? 'right' : 'wrong');
  };
  return (
    <div className={styles.numeric}>
      <label htmlFor={`${domId}-answer`}>Your answer{numeric.unit ? ` (${numeric.unit})` : ''}</label>
      <div className={styles.row}>
        <input
          id={`${domId}-answer`}
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setResult(null);
          }}
          onKeyDown={(e) => e.key === 'Enter' && check()}
          aria-invalid={result === 'invalid' || undefined}
        />
        <button type="button" onClick={check}>
          Check
        </button>
      </div>
      <p role="status" className={styles.status}>
        {result === 'invalid' && 'Type a number (1e-3 and 1,024 are fine).'}
        {result === 'right' && `Correct: ${numeric.answer.toLocaleString('en')}${numeric.unit ? ` ${numeric.unit}` : ''}.`}
        {result === 'wrong' && `Not quite. The answer is ${numeric.answer.toLocaleString('en')}${numeric.unit ? ` ${numeric.unit}` : ''} (within ${numeric.tolerance.toLocaleString('en')}).`}
      </p>
      {(result === 'right' || result === 'wrong') && <Explanation explanation={explanation} references={references} />}
    </div>
  );
}

function Reveal({ type, modelAnswer, rubric = [], bug, explanation, references }: QuestionCardProps) {
  const domId = useId();
  const [shown, setShown] = useState(false);
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const isBug = type === 'spot-the-bug';
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
          <Explanation explanation={explanation} references={references} />
        </>
      )}
    </div>
  );
}

function Ordering({ id, steps = [], explanation, references }: QuestionCardProps) {
  const initial = useMemo(() => shuffledOrder(steps.length, id), [steps.length, id]);
  const [order, setOrder] = useState(initial);
  const [checked, setChecked] = useState(false);
  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[from], next[to]] = [next[to], next[from]];
    setOrder(next);
    setChecked(false);
  };
  const right = order.every((step, position) => step === position);
  return (
    <div className={styles.ordering}>
      <ol>
        {order.map((step, position) => (
          <li key={step} className={checked ? (step === position ? styles.right : styles.wrong) : undefined}>
            <span className={styles.stepText}>{steps[step]}</span>
            <span className={styles.moves}>
              <button type="button" onClick={() => move(position, position - 1)} disabled={position === 0} aria-label={`Move step ${position + 1} up`}>
                ↑
              </button>
              <button type="button" onClick={() => move(position, position + 1)} disabled={position === order.length - 1} aria-label={`Move step ${position + 1} down`}>
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => setChecked(true)}>
        Check order
      </button>
      <p role="status" className={styles.status}>
        {checked && (right ? 'Correct order.' : `${order.filter((s, p) => s === p).length} of ${order.length} steps are in place.`)}
      </p>
      {checked && (
        <>
          {!right && <RightOrder steps={steps} />}
          <Explanation explanation={explanation} references={references} />
        </>
      )}
    </div>
  );
}
