/**
 * "Predict, then check" for the step-through: before a stage is shown, the learner works out a few
 * of its cells from the numbers already on screen, and the guess is graded with a tolerance.
 *
 * Which cells: chosen from the example itself (a hash of its inputs), so the same example asks
 * for the same cells on every visit and every screen, and another example asks for others. One
 * query–key pair is followed through the stages (its raw score, then its scaled logit), so a
 * learner who got the score right can build on it; the masked stage asks for a blocked pair when
 * there is one (the point of that stage is −∞); the weights ask for two keys of that query (a row
 * of weights is read together); the output asks for one value of that query.
 *
 * Tolerance: within 0.01 or 2 % of the value, whichever is larger. The earlier stages are shown
 * rounded (4 digits by default), and a learner computing from those, with exp() on a phone, lands
 * within a few thousandths; a different idea (forgetting the scale, the max, a key) misses by far
 * more. Compared exactly in decimal (lib/practice/numericAnswer.ts), as the practice questions are.
 *
 * Recording: each checked guess becomes a PredictionRecord in the learner's progress
 * (predictionRecords), shown on /progress as activity; "Show me" records nothing.
 */
import { readNumber, toDecimal, withinTolerance } from '../practice/numericAnswer';
import { MAX_GUESS_LENGTH } from '../practice/progressSchema';
import { PREDICTION_STAGES, type PredictionRecord, type PredictionStage, type RecordedNumber } from '../practice/progressTypes';
import type { Matrix } from '../matrix';
import { STAGE_RESULT, explainCell, formatCompact, subscript, stageSymbol, type AttentionStage, type AttentionStages, type StageMatrixName } from './stepThrough';
import type { StepThroughState } from './stepThroughSpec';

export interface PredictionCell {
  /** The stage's result matrix. */
  matrix: StageMatrixName;
  /** 0-based. */
  row: number;
  col: number;
}

export const PREDICTION_TOLERANCE = { absolute: 0.01, relative: 0.02 } as const;
export const PREDICTION_TOLERANCE_TEXT = 'within 0.01 or 2 %, whichever is larger';

/** FNV-1a over the bytes of the example's numbers: the same example, the same cells. */
export function exampleHash(stages: AttentionStages): number {
  let h = 0x811c9dc5;
  const mix = (m: Matrix | null) => {
    if (m === null) return;
    const bytes = new Uint8Array(Float64Array.from(m.data).buffer);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    h = Math.imul(h ^ m.rows, 0x01000193) >>> 0;
  };
  const { q, k, v } = stages.inputs;
  [q, k, v, stages.mask].forEach(mix);
  mix({ rows: 1, cols: 1, data: Float64Array.of(stages.effectiveScale) });
  return h >>> 0;
}

/** A second, independent draw from the same hash. */
const rehash = (h: number, salt: number) => Math.imul(h ^ (salt * 0x9e3779b1), 0x85ebca6b) >>> 0;

/** The cells to predict before `stage` is shown (empty for the inputs). Row and column are 0-based. */
export function predictionCells(stages: AttentionStages, stage: AttentionStage): PredictionCell[] {
  const matrix = STAGE_RESULT[stage];
  if (matrix === null) return [];
  const nq = stages.rawScores.rows;
  const nk = stages.rawScores.cols;
  const blocked = (i: number, j: number) => stages.maskedScores.data[i * nk + j] === -Infinity;
  const all: [number, number][] = [];
  for (let i = 0; i < nq; i++) for (let j = 0; j < nk; j++) all.push([i, j]);
  const open = all.filter(([i, j]) => !blocked(i, j));
  const h = exampleHash(stages);
  // The pair followed through the stages: an open one, so its weight is worth predicting.
  const pool = open.length > 0 ? open : all;
  const [row, col] = pool[h % pool.length];
  switch (stage) {
    case 'rawScores':
    case 'scaledScores':
      return [{ matrix, row, col }];
    case 'maskedScores': {
      const closed = all.filter(([i, j]) => blocked(i, j));
      const [r, c] = closed.length > 0 ? closed[rehash(h, 1) % closed.length] : [row, col];
      return [{ matrix, row: r, col: c }];
    }
    case 'weights': {
      const others = open.filter(([i, j]) => i === row && j !== col);
      const cells: PredictionCell[] = [{ matrix, row, col }];
      if (others.length > 0) cells.push({ matrix, row, col: others[rehash(h, 2) % others.length][1] });
      return cells.sort((a, b) => a.col - b.col);
    }
    case 'output':
      return [{ matrix, row, col: rehash(h, 3) % stages.output.cols }];
    default:
      return [];
  }
}

/** The value of a cell of a stage's result. */
export function predictionKey(stages: AttentionStages, cell: PredictionCell): number {
  const m = stages[cell.matrix as 'rawScores' | 'scaledScores' | 'maskedScores' | 'weights' | 'output'];
  return m.data[cell.row * m.cols + cell.col];
}

/** "S₂₃", "A₁₄": the cell's name as the formulas and the explanations write it. */
export function predictionCellName(cell: PredictionCell): string {
  return `${stageSymbol(cell.matrix)}${subscript(cell.row, cell.col)}`;
}

export function predictionTolerance(key: number): number {
  return Math.max(PREDICTION_TOLERANCE.absolute, PREDICTION_TOLERANCE.relative * Math.abs(key));
}

export type PredictionGrade =
  | { kind: 'empty' }
  | { kind: 'invalid'; hint: string }
  | { kind: 'graded'; correct: boolean; /** As read, −∞ included. */ value: number; key: number; tolerance: number };

const MINUS_INFINITY = /^[-−]\s*(∞|inf|infinity)$/i;

/** Grades one typed guess against the cell's value; −∞ (or -inf) is a guess too. */
export function gradePrediction(text: string, key: number): PredictionGrade {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (MINUS_INFINITY.test(trimmed)) return { kind: 'graded', correct: key === -Infinity, value: -Infinity, key, tolerance: 0 };
  const reading = readNumber(trimmed);
  if (reading.kind === 'empty') return { kind: 'empty' };
  if (reading.kind === 'invalid') return { kind: 'invalid', hint: `${reading.hint} For a blocked pair, type −∞ (or -inf).` };
  if (!Number.isFinite(key)) return { kind: 'graded', correct: false, value: reading.value, key, tolerance: 0 };
  const tolerance = predictionTolerance(key);
  const correct = withinTolerance(reading.decimal, toDecimal(key), toDecimal(tolerance));
  return { kind: 'graded', correct, value: reading.value, key, tolerance };
}

export interface PredictionResult {
  cell: PredictionCell;
  /** What the learner typed. */
  text: string;
  correct: boolean;
  key: number;
  /** The cell's working with the actual numbers (the "Selected" line); shown for a miss. */
  working: string;
}

/** A graded guess in words: the verdict, then what was said, the value and, for a miss, its working. */
export function predictionFeedback(result: PredictionResult): { verdict: 'Right' | 'Not quite'; text: string } {
  const said = `${predictionCellName(result.cell)}: you said ${result.text.trim()}; it is ${formatCompact(result.key)}.`;
  return result.correct ? { verdict: 'Right', text: said } : { verdict: 'Not quite', text: `${said} ${result.working}` };
}

/** Grades every guess of a stage, or says which one cannot be read yet (nothing is graded then). */
export function gradeStage(
  stages: AttentionStages,
  cells: readonly PredictionCell[],
  texts: readonly string[],
): { ok: true; results: PredictionResult[] } | { ok: false; index: number; message: string } {
  const results: PredictionResult[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const key = predictionKey(stages, cell);
    const grade = gradePrediction(texts[i] ?? '', key);
    const name = predictionCellName(cell);
    if (grade.kind === 'empty') return { ok: false, index: i, message: `Type your prediction for ${name}, or press “Show me”.` };
    if (grade.kind === 'invalid') return { ok: false, index: i, message: `${name}: ${grade.hint}` };
    results.push({ cell, text: texts[i], correct: grade.correct, key, working: explainCell(stages, cell.matrix, cell.row, cell.col) });
  }
  return { ok: true, results };
}

/** What a recorded prediction says about where it was made. */
export interface PredictionContext {
  /** The preset the example started from. */
  preset: string;
  /** The numbers are not that preset's (nor the embed's own example). */
  edited: boolean;
  /** exampleHash of the stages. */
  example: number;
  /** When the learner pressed Check (ISO). */
  at: string;
  /** Random per page, so two tabs checking in the same millisecond still make two ids. */
  nonce: string;
}

/** JSON cannot carry ±∞ (a masked logit is −∞); null for NaN, which is no value to record. */
export function recordedNumber(x: number): RecordedNumber | null {
  if (Number.isNaN(x)) return null;
  if (x === -Infinity) return '-Infinity';
  if (x === Infinity) return 'Infinity';
  return x === 0 ? 0 : x; // −0 would be written as 0 anyway
}

const isPredictionStage = (stage: AttentionStage): stage is PredictionStage => (PREDICTION_STAGES as readonly string[]).includes(stage);

/** One record per graded cell of `stage`, as the progress store keeps them. */
export function predictionRecords(stage: AttentionStage, results: readonly PredictionResult[], context: PredictionContext): PredictionRecord[] {
  if (!isPredictionStage(stage)) return [];
  const example = (context.example >>> 0).toString(16).padStart(8, '0');
  return results.flatMap((r): PredictionRecord[] => {
    const actual = recordedNumber(r.key);
    const guess = r.text.trim().slice(0, MAX_GUESS_LENGTH);
    if (actual === null || guess === '') return [];
    return [
      {
        id: `${context.at}~${context.nonce}~${stage}~${r.cell.row}-${r.cell.col}`,
        predictedAt: context.at,
        calculator: 'step-through',
        preset: context.preset,
        edited: context.edited,
        example,
        stage,
        row: r.cell.row,
        col: r.cell.col,
        guess,
        actual,
        correct: r.correct,
      },
    ];
  });
}

/** The fields that make the example's numbers (not the stage on screen, the selection or the speed). */
function exampleFields(s: StepThroughState): unknown[] {
  return [s.tokens, s.source, s.source === 'seed' ? [s.seed, s.d] : [s.q, s.k, s.v], s.scale, s.scale === 'custom' ? s.customScale : null, s.temperature, s.causal, s.validKeys];
}

/** Whether two states compute the same example. */
export function sameExample(a: StepThroughState, b: StepThroughState): boolean {
  return JSON.stringify(exampleFields(a)) === JSON.stringify(exampleFields(b));
}
