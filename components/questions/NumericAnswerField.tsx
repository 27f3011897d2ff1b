'use client';
/**
 * The answer box of a numeric question, the same on a lesson page, in /practice and in a mock
 * interview: it reads what is typed with lib/practice/numericAnswer.ts as it is typed, so "abc"
 * or an ambiguous "1,024" is pointed out at once (not only at grading), and a decimal comma that
 * was read as one says how it was read. A number cut short ("1e", "-") waits until the learner
 * submits (`showProblems`), so the warning does not flicker on every keystroke. The warning takes
 * the site's `field-error` colour, which is set for both themes.
 */
import type { ReactNode } from 'react';
import { readNumber } from '../../lib/practice/numericAnswer';
import styles from './QuestionCard.module.css';

export interface NumericAnswerFieldProps {
  id: string;
  unit: string;
  value: string;
  onChange(value: string): void;
  onEnter(): void;
  disabled?: boolean;
  /** Set after a submit that found no number: every problem shows, unfinished ones too. */
  showProblems: boolean;
  /** Next to the box (the lesson card's Check button). */
  children?: ReactNode;
}

export function NumericAnswerField({ id, unit, value, onChange, onEnter, disabled, showProblems, children }: NumericAnswerFieldProps) {
  const reading = readNumber(value);
  const problem = reading.kind === 'invalid' && (showProblems || !reading.unfinished) ? reading.hint : reading.kind === 'empty' && showProblems ? 'Type your answer first.' : null;
  const note = reading.kind === 'number' ? reading.note : null;
  const input = (
    <input
      id={`${id}-answer`}
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={value}
      disabled={disabled}
      aria-invalid={problem ? true : undefined}
      aria-describedby={`${id}-reading`}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        onEnter();
      }}
    />
  );
  return (
    <div className={styles.numeric}>
      <label htmlFor={`${id}-answer`}>Your answer{unit ? ` (${unit})` : ''}</label>
      {children ? (
        <div className={styles.row}>
          {input}
          {children}
        </div>
      ) : (
        input
      )}
      <p id={`${id}-reading`} className={problem ? `${styles.reading} ${styles.problem} field-error` : styles.reading} aria-live="polite">
        {problem ?? note ?? ''}
      </p>
    </div>
  );
}
