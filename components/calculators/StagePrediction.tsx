'use client';
/**
 * "Predict, then check" for the step-through: the form that asks for a hidden stage's chosen cells
 * (lib/calculators/stagePrediction.ts picks and grades them), and the verdicts after it, each miss
 * with its working. The calculator decides what is hidden and records the checked guesses in the
 * learner's progress; this file asks, answers, and says that they are recorded.
 */
import { IntentLink } from '../IntentLink';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import {
  PREDICTION_TOLERANCE_TEXT,
  gradeStage,
  predictionCellName,
  predictionFeedback,
  type PredictionCell,
  type PredictionResult,
} from '../../lib/calculators/stagePrediction';
import type { AttentionStages } from '../../lib/calculators/stepThrough';
import { progressStore } from '../../lib/stores/progressStore';
import styles from './StagePrediction.module.css';

export interface StagePredictionFormProps {
  stages: AttentionStages;
  cells: readonly PredictionCell[];
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** Whether the columns are keys (scores, weights) or value dimensions (the output). */
  colsAre: 'key' | 'column';
  onGraded(results: PredictionResult[]): void;
  onShowMe(): void;
}

export function StagePredictionForm({ stages, cells, rowLabels, colLabels, colsAre, onGraded, onShowMe }: StagePredictionFormProps) {
  const domId = useId();
  const [texts, setTexts] = useState<string[]>(() => cells.map(() => ''));
  const [problem, setProblem] = useState<{ index: number; message: string } | null>(null);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const graded = gradeStage(stages, cells, texts);
    if (!graded.ok) {
      setProblem({ index: graded.index, message: graded.message });
      inputs.current[graded.index]?.focus();
      return;
    }
    setProblem(null);
    onGraded(graded.results);
  };

  return (
    <form className={styles.box} onSubmit={submit} aria-labelledby={`${domId}-title`} noValidate>
      <p id={`${domId}-title`} className={styles.title}>
        <strong>Predict before you look.</strong> This stage is hidden: work out {cells.length === 1 ? 'this cell' : 'these cells'} from the numbers
        above ({PREDICTION_TOLERANCE_TEXT} counts).
      </p>
      <RecordingNote />
      <div className={styles.fields}>
        {cells.map((cell, i) => {
          const id = `${domId}-cell-${i}`;
          const invalid = problem?.index === i;
          return (
            <span key={`${cell.row}-${cell.col}`} className={styles.field}>
              <label htmlFor={id}>
                {predictionCellName(cell)} (query {rowLabels[cell.row]}, {colsAre} {colLabels[cell.col]})
              </label>
              <input
                ref={(el) => {
                  inputs.current[i] = el;
                }}
                id={id}
                className={styles.input}
                value={texts[i]}
                inputMode="text"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={invalid ? true : undefined}
                aria-describedby={invalid ? `${domId}-problem` : undefined}
                onChange={(e) => {
                  const value = e.target.value;
                  setTexts((all) => all.map((t, j) => (j === i ? value : t)));
                  if (invalid) setProblem(null);
                }}
              />
            </span>
          );
        })}
      </div>
      <div className={styles.buttons}>
        <button type="submit">Check</button>
        <button type="button" onClick={onShowMe}>
          Show me
        </button>
      </div>
      {problem && (
        <p id={`${domId}-problem`} className="field-error" role="alert">
          {problem.message}
        </p>
      )}
    </form>
  );
}

export interface PredictionFeedbackProps {
  /** This stage's verdicts; null when it was revealed with "Show me" or nothing was asked. */
  results: PredictionResult[] | null;
  score: { right: number; total: number };
}

/**
 * The verdicts of the stage on screen and the session's score, in a live region that is always
 * there in predict mode (a region added together with its text is often not announced).
 */
export function PredictionFeedback({ results, score }: PredictionFeedbackProps) {
  return (
    <div className={styles.feedback} role="status" aria-live="polite">
      {results && results.length > 0 && (
        <ul className={styles.verdicts} aria-label="Your predictions">
          {results.map((r) => {
            const { verdict, text } = predictionFeedback(r);
            return (
              <li key={`${r.cell.row}-${r.cell.col}`} className={r.correct ? styles.right : styles.wrong}>
                <strong>
                  {r.correct ? '✓' : '✗'} {verdict}:
                </strong>{' '}
                {text}
              </li>
            );
          })}
        </ul>
      )}
      {score.total > 0 && (
        <p className={styles.score}>
          This session: {score.right} of {score.total} {score.total === 1 ? 'prediction' : 'predictions'} right.
        </p>
      )}
    </div>
  );
}

/**
 * Where a checked guess goes, as the lessons' question cards say where an answer goes: into the
 * learner's progress, shown on /progress. Where the browser gives no storage, only for this visit.
 */
function RecordingNote() {
  const writable = useStore(progressStore, (s) => s.writable);
  return (
    <p className={styles.recording}>
      {writable ? (
        <>
          Each guess you check is recorded, right or not, and counted on <IntentLink href="/progress/">your progress</IntentLink> (kept in this browser). “Show me” is not counted.
        </>
      ) : (
        <>This browser is not saving progress, so your checked guesses count on <IntentLink href="/progress/">your progress</IntentLink> for this visit only.</>
      )}
    </p>
  );
}
