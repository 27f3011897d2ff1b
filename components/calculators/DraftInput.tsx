'use client';
/**
 * The inputs of draft fields (see useDraftField.ts): a labelled input that shows the typed draft
 * and, under it, the error that keeps the draft from being committed.
 */
import { useId, type ReactNode } from 'react';
import type { FieldSchema } from '../../lib/share/stateSchema';
import parts from './calculatorParts.module.css';
import type { DraftsHandle, FieldDraft } from './useDraftField';

/** A labelled text or number input with its inline error. */
export function DraftInput({
  label,
  name,
  handle,
  type = 'text',
  hint,
  wide = false,
}: {
  label: string;
  name: string;
  handle: DraftsHandle;
  type?: 'text' | 'number';
  hint?: ReactNode;
  wide?: boolean;
}) {
  const id = useId();
  const error = handle.errors[name];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? parts.stackFieldWide : parts.stackField}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        inputMode={type === 'number' ? 'numeric' : undefined}
        value={handle.drafts[name] ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => handle.setDraft(name, e.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      {hint && (
        <span id={`${id}-hint`} className="calculator-hint">
          {hint}
        </span>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A number field that commits on its own (useFieldDrafts): the label wraps the input, and the
 * error, with an id of the calculator's choosing, sits under both.
 */
export function DraftNumberField({
  label,
  schema,
  step,
  decimalStep,
  value,
  draft,
  errorId,
  onChange,
}: {
  label: string;
  schema: FieldSchema & { kind: 'int' | 'number' };
  /** The input's step; by default 1 for a whole number, `decimalStep` otherwise. */
  step?: number;
  decimalStep: number;
  /** The state's value, shown while there is no draft. */
  value: number;
  draft: FieldDraft | undefined;
  errorId: string;
  onChange: (text: string) => void;
}) {
  const integer = schema.kind === 'int';
  const error = draft?.error;
  return (
    <div className={parts.column}>
      <label>
        {label}{' '}
        <input
          type="number"
          inputMode={integer ? 'numeric' : 'decimal'}
          step={step ?? (integer ? 1 : decimalStep)}
          min={schema.min}
          max={schema.max}
          value={draft ? draft.text : String(value)}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The worker's error, shown only while every draft is good (a draft's own error says more). */
export function DraftsWorkerError({ handle, error }: { handle: DraftsHandle; error: Error | null }) {
  if (!error || handle.hasErrors) return null;
  return (
    <p className="field-error" role="alert">
      {error.message}
    </p>
  );
}

/** Says that the result on screen is the last good one while a draft has an error. */
export function StaleResultNote({ handle }: { handle: DraftsHandle }) {
  return handle.hasErrors ? <p className="calculator-stale">Showing the last valid result until the input above is fixed.</p> : null;
}
