'use client';
/**
 * A labelled number input that keeps what the learner typed, reports a value only when it is in
 * range (and passes `validate`), and otherwise says what is wrong right under the field. The last
 * good value stays in the state, so the results keep their last good numbers. When the value
 * changes from outside (a preset, reset or share link), the field shows it and drops its error.
 */
import { useEffect, useId, useState } from 'react';
import { enterMessage, numberInRange } from '../../lib/calculators/fieldInput';
import parts from './calculatorParts.module.css';

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  /** Label for screen readers only (the row around the field says what it is). */
  hideLabel?: boolean;
  /** "Enter a whole number …" rather than "enter a whole number …" after the label. */
  sentenceCase?: boolean;
  /** A further rule on an in-range value: what is wrong (shown after "label: "), or '' when fine. */
  validate?: (x: number) => string;
  /** A message about this field from a rule across fields, shown while the typed value is fine. */
  ruleProblem?: string;
  /** Extra class on the wrapper (e.g. a narrower input). */
  className?: string;
  onValid: (x: number) => void;
}

export function NumberField({
  label,
  value,
  min,
  max,
  integer = false,
  hideLabel = false,
  sentenceCase = false,
  validate,
  ruleProblem,
  className,
  onValid,
}: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [problem, setProblem] = useState('');
  // A preset, reset or share link changed the value from outside: show it.
  useEffect(() => {
    if (Number(text) !== value) {
      setText(String(value));
      setProblem('');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const onChange = (next: string) => {
    setText(next);
    const range = { min, max, integer };
    const x = numberInRange(next, range);
    const rule = x === null ? '' : (validate?.(x) ?? '');
    const message = x === null ? enterMessage(label, range, sentenceCase) : rule ? `${label}: ${rule}` : '';
    setProblem(message);
    if (x !== null && !message) onValid(x);
  };
  const message = problem || ruleProblem || '';
  return (
    <span className={className ? `${parts.field} ${className}` : parts.field}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        value={text}
        min={min}
        max={max}
        step={integer ? 1 : 'any'}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
      />
      {message ? (
        <span id={`${id}-error`} className={`field-error ${parts.fieldError}`} role="alert">
          {message}
        </span>
      ) : null}
    </span>
  );
}
