'use client';
/**
 * Step-through scaled dot-product attention: Q, K, V → QKᵀ → ×scale/T → mask → softmax → ×V, one
 * stage at a time, for an instructor to walk a class through. Every stage shows its matrix with
 * its formula; picking a cell marks the cells of the earlier matrices it came from and spells out
 * the arithmetic. Next/previous by buttons or arrow keys, or play at a chosen speed.
 * The stages are computed in the worker (lib/calculators/stepThrough.ts).
 */
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  ATTENTION_STAGES,
  ATTENTION_STAGE_INFO,
  STAGE_RESULT,
  explainCell,
  stageCellSources,
  stageShapesOf,
  type AttentionStage,
  type AttentionStages,
  type StageMatrixName,
} from '../../lib/calculators/stepThrough';
import {
  PLAY_INTERVAL_MS,
  PLAY_SPEEDS,
  STEP_THROUGH_LABELS as LABEL,
  STEP_THROUGH_MAX_D,
  STEP_THROUGH_MAX_TOKENS,
  seededRows,
  selectedCellLimit,
  stepThroughInput,
  stepThroughSpec,
  withTokens,
  type StepThroughState,
} from '../../lib/calculators/stepThroughSpec';
import { exampleHash, predictionCells, predictionRecords, sameExample, type PredictionResult } from '../../lib/calculators/stagePrediction';
import { moveRows, tokenRowSources } from '../../lib/calculators/tokenRows';
import { parseFieldInput } from '../../lib/calculators/fieldInput';
import { STAGE_COLOUR_GROUP, STAGE_COLOUR_LEGEND, stageBlocked, stageColours } from '../../lib/calculators/stepThroughColours';
import type { Matrix } from '../../lib/matrix';
import { resizeCells } from '../../lib/matrixEditor';
import { numpyAttentionSnippet, pytorchAttentionSnippet } from '../../lib/snippets/attentionSnippets';
import { presetState } from '../../lib/calculators/calculatorSpec';
import { calculatorStateStore } from '../../lib/stores/calculatorStateStore';
import { progressStore } from '../../lib/stores/progressStore';
import { ProgressSync } from '../practice/ProgressSync';
import { matrixToCsv } from '../../lib/snippets/csv';
import { KatexFormula } from '../KatexFormula';
import { CalculatorFrame } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import { MATRIX_EDITOR_KEYS_HINT, MatrixEditor, matrixEditorGroupClass } from './MatrixEditor';
import { StageLegends, StageMatrix } from './StageMatrix';
import { PredictionFeedback, StagePredictionForm } from './StagePrediction';
import { useCalculatorState } from './useCalculatorState';
import { useWorkerOp } from './useWorkerOp';

const MATRIX_CAPTION: Readonly<Record<StageMatrixName, string>> = {
  q: 'Q (queries)',
  k: 'K (keys)',
  v: 'V (values)',
  mask: 'Mask (1 = may attend)',
  rawScores: 'S = QKᵀ',
  scaledScores: 'L = S · scale / T',
  maskedScores: 'M (masked logits)',
  weights: 'A = softmax(M)',
  output: 'O = AV',
};

function matrixOf(stages: AttentionStages, name: StageMatrixName): Matrix | null {
  if (name === 'q' || name === 'k' || name === 'v') return stages.inputs[name];
  if (name === 'mask') return stages.mask;
  return stages[name];
}

export function StepThroughCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  // `live` is the store's state: the controls show it and edits start from it. The stages on
  // screen follow `state`, a deferred copy: a store update renders synchronously, and a preset
  // switch re-renders every table of the stage, so the tables render in a deferred pass that React
  // slices between other work (issue 12: no main-thread task over 50 ms while recomputing).
  const { state: live, update } = useCalculatorState(embedId, stepThroughSpec, initial as StepThroughState, preset);
  const state = useDeferredValue(live);
  const [playing, setPlaying] = useState(false);
  const [tokenText, setTokenText] = useState(live.tokens.join(' '));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  useEffect(() => setTokenText(live.tokens.join(' ')), [live.tokens]);

  const input = useMemo(() => stepThroughInput(live), [live]);
  const key = JSON.stringify([live.tokens.length, live.source, live.seed, live.d, live.q, live.k, live.v, live.scale, live.customScale, live.temperature, live.causal, live.validKeys]);
  const { result: stages, error, slow } = useWorkerOp(embedId, 'computeAttentionStages', [input], key);
  const [stretchWeights, setStretchWeights] = useState(false);
  const colours = useMemo(() => (stages ? stageColours(stages, { stretch: stretchWeights }) : null), [stages, stretchWeights]);

  // "Predict, then check": stages of this example not revealed yet are hidden until the learner
  // has predicted their chosen cells (or asked "Show me"). The mode and the score last as long as
  // the page (they are not part of a share link); a new example (new numbers) hides its stages
  // again, except the one on screen.
  const [predicting, setPredicting] = useState(false);
  const hash = useMemo(() => (stages ? exampleHash(stages) : null), [stages]);
  const [session, setSession] = useState<PredictionSession>({ hash: null, revealed: [], graded: {} });
  const [score, setScore] = useState({ right: 0, total: 0 });
  // Each checked guess is also recorded in the learner's progress (shown on /progress); the nonce
  // keeps two tabs' ids apart even if they check in the same millisecond.
  const [nonce] = useState(() => Math.random().toString(36).slice(2, 10));
  const stepperRef = useRef<HTMLDivElement>(null);
  if (predicting && hash !== null && session.hash !== hash) {
    const keep = session.revealed.includes(state.stage) ? [state.stage] : [];
    setSession({ hash, revealed: keep, graded: {} });
  }
  const isHidden = (stage: AttentionStage) => predicting && STAGE_RESULT[stage] !== null && !session.revealed.includes(stage);

  const stageIndex = ATTENTION_STAGES.indexOf(live.stage);
  const go = (index: number) => {
    const stage = ATTENTION_STAGES[(index + ATTENTION_STAGES.length) % ATTENTION_STAGES.length];
    update({ stage, ...clampCell(live, stage) });
  };
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      if (stageIndex === ATTENTION_STAGES.length - 1) setPlaying(false);
      else {
        go(stageIndex + 1);
        // Play stops at a stage to predict: the learner answers first.
        if (isHidden(ATTENTION_STAGES[stageIndex + 1])) setPlaying(false);
      }
    }, PLAY_INTERVAL_MS[live.speed]);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, stageIndex, live.speed]);

  const onStepperKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea, [role="button"][data-cell]')) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') go(Math.min(stageIndex + 1, ATTENTION_STAGES.length - 1));
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') go(Math.max(stageIndex - 1, 0));
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(ATTENTION_STAGES.length - 1);
    else return;
    event.preventDefault();
  };

  // Typed numbers go through the spec, so a message names the field as its label does ("Real keys …").
  const setNumber = (field: 'seed' | 'd' | 'validKeys' | 'customScale' | 'temperature', text: string) => {
    const parsed = parseFieldInput(stepThroughSpec, live, field, text);
    setFieldErrors((e) => ({ ...e, [field]: parsed.ok ? '' : /[.?!]$/.test(parsed.message) ? parsed.message : `${parsed.message}.` }));
    if (parsed.ok) update({ [field]: parsed.value } as Partial<StepThroughState>);
  };
  const describedBy = (field: string) => (fieldErrors[field] ? { 'aria-invalid': true, 'aria-describedby': `${domId}-${field}-error` } : {});
  const setTokens = (text: string) => {
    setTokenText(text);
    const tokens = text.trim().split(/\s+/).filter(Boolean);
    const why =
      tokens.length === 0
        ? 'Type at least one token.'
        : tokens.length > STEP_THROUGH_MAX_TOKENS
          ? `At most ${STEP_THROUGH_MAX_TOKENS} tokens here (you typed ${tokens.length}); the step-through shows every number.`
          : tokens.some((t) => t.length > 16)
            ? 'Each token can have at most 16 characters.'
            : '';
    const problem = why ? `${LABEL.tokens}: ${why}` : '';
    setFieldErrors((e) => ({ ...e, tokens: problem }));
    // With typed matrices, the rows of Q, K and V follow the tokens (withTokens).
    if (!problem && tokens.join(' ') !== live.tokens.join(' ')) update(withTokens(live, tokens));
  };

  const shownIndex = ATTENTION_STAGES.indexOf(state.stage);
  const info = ATTENTION_STAGE_INFO[state.stage];
  const resultName = STAGE_RESULT[state.stage];
  const shapes = stages ? stageShapesOf(stages) : null;
  const toPredict = stages && isHidden(state.stage) && session.hash === hash ? predictionCells(stages, state.stage) : [];
  const hidden = toPredict.length > 0;
  const selected = resultName && shapes && !hidden ? { row: state.row, col: state.col } : null;
  // While hidden, the marks show where the cells to predict come from (and the result stays off screen).
  const sources =
    resultName && shapes && stages
      ? hidden
        ? toPredict.flatMap((c) => safeSources(resultName, c.row, c.col, shapes))
        : safeSources(resultName, state.row, state.col, shapes)
      : [];
  const reveal = (results: PredictionResult[] | null) => {
    const stage = state.stage;
    setSession((s) => ({ ...s, revealed: [...s.revealed, stage], graded: { ...s.graded, [stage]: results ?? [] } }));
    if (results) {
      setScore((sc) => ({ right: sc.right + results.filter((r) => r.correct).length, total: sc.total + results.length }));
      if (stages) {
        const entry = calculatorStateStore.getState().entries[embedId];
        const startedFrom = entry?.preset ?? stepThroughSpec.defaultPreset;
        const edited = !sameExample(state, presetState(stepThroughSpec, startedFrom)) && !(entry && sameExample(state, entry.initial as StepThroughState));
        progressStore.getState().recordPredictions(predictionRecords(stage, results, { preset: startedFrom, edited, example: exampleHash(stages), at: new Date().toISOString(), nonce }));
      }
    }
    // Select the first miss (else the first cell asked), so "Selected" spells out its working, and
    // put the focus on it: the form is gone, and the revealed matrix is what comes next.
    const first = (results?.find((r) => !r.correct) ?? results?.[0] ?? { cell: toPredict[0] }).cell;
    update({ row: first.row, col: first.col });
    requestAnimationFrame(() => stepperRef.current?.querySelector<HTMLElement>(`[role="button"][data-cell="${first.row}-${first.col}"]`)?.focus());
  };
  const tokens = state.tokens;
  const dims = (n: number, prefix: string) => Array.from({ length: n }, (_, j) => `${prefix}${j + 1}`);
  const labelsFor = (name: StageMatrixName, m: Matrix) => {
    const rows = name === 'k' || name === 'v' ? tokens : tokens;
    const cols = name === 'q' || name === 'k' ? dims(m.cols, 'd') : name === 'v' || name === 'output' ? dims(m.cols, 'v') : tokens;
    return { rows, cols };
  };
  const scaleFor = (name: StageMatrixName) => (name === 'weights' || name === 'mask' ? 'sequential' : 'diverging') as 'sequential' | 'diverging';
  const shown: StageMatrixName[] =
    state.stage === 'inputs'
      ? ['q', 'k', 'v']
      : [...new Set([...sources.map((s) => s.matrix), ...(hidden ? [] : [resultName!])])].sort((a, b) => order(a) - order(b));

  const snippetInput = () => {
    const s = stepThroughInput(state);
    return { q: s.q, k: s.k, v: s.v, scale: s.scale, temperature: s.temperature, causal: s.causal, mask: s.mask, tokens };
  };

  // The tables, rebuilt only when what they show changes: an urgent render (a keystroke, the store)
  // reuses them while `state` still has its deferred value.
  const panels = useMemo(
    () =>
      stages && (
        <div className="calculator-panels picture-row">
          {shown.map((name) => {
            const m = matrixOf(stages, name);
            if (!m) return null;
            const { rows, cols } = labelsFor(name, m);
            const isResult = name === resultName;
            return (
              <StageMatrix
                key={name}
                matrix={m}
                caption={MATRIX_CAPTION[name]}
                rowLabels={rows}
                colLabels={cols}
                scale={scaleFor(name)}
                colours={colours?.[STAGE_COLOUR_GROUP[name]]}
                blocked={stageBlocked(stages, name)}
                marked={sources.filter((s) => s.matrix === name)}
                selected={isResult ? selected : null}
                onSelect={isResult ? (row, col) => update({ row, col }) : undefined}
              />
            );
          })}
        </div>
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stages, colours, state, session, predicting],
  );

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={stepThroughSpec}
      slow={slow}
      description="Walk through one attention computation stage by stage. Pick a cell to see which numbers made it."
      exports={{
        numpy: () => numpyAttentionSnippet(snippetInput()),
        pytorch: () => pytorchAttentionSnippet(snippetInput()),
        csv: () => {
          if (!stages) throw new Error('nothing computed yet');
          return matrixToCsv(stages.weights, { rowLabels: tokens, colLabels: tokens });
        },
      }}
    >
      <div className="calculator-row">
        <label htmlFor={`${domId}-tokens`}>{LABEL.tokens}</label>
        <input id={`${domId}-tokens`} value={tokenText} onChange={(e) => setTokens(e.target.value)} {...describedBy('tokens')} />
        <label>
          {LABEL.source}{' '}
          <select
            value={live.source}
            onChange={(e) => {
              if (e.target.value === 'typed') update({ source: 'typed', ...seededRows(live) });
              else update({ source: 'seed', q: [[0]], k: [[0]], v: [[0]] });
            }}
          >
            <option value="seed">from a seed</option>
            <option value="typed">as numbers</option>
          </select>
        </label>
        {live.source === 'seed' && (
          <>
            <label>
              {LABEL.seed} <input type="number" defaultValue={live.seed} key={`seed-${live.seed}`} onChange={(e) => setNumber('seed', e.target.value)} {...describedBy('seed')} />
            </label>
            <label>
              {LABEL.d} <input type="number" defaultValue={live.d} key={`d-${live.d}`} min={1} max={STEP_THROUGH_MAX_D} onChange={(e) => setNumber('d', e.target.value)} {...describedBy('d')} />
            </label>
          </>
        )}
      </div>
      {Object.entries(fieldErrors)
        .filter(([, message]) => message)
        .map(([field, message]) => (
          <p key={field} id={`${domId}-${field}-error`} className="field-error" role="alert">
            {message}
          </p>
        ))}
      <div className="calculator-row">
        <label>
          {LABEL.scale}{' '}
          <select value={live.scale} onChange={(e) => update({ scale: e.target.value as StepThroughState['scale'] })}>
            <option value="inv-sqrt-d">1/√d</option>
            <option value="one">1 (none)</option>
            <option value="custom">custom</option>
          </select>
        </label>
        {live.scale === 'custom' && (
          <label>
            {LABEL.customScale} <input type="number" step="0.1" defaultValue={live.customScale} onChange={(e) => setNumber('customScale', e.target.value)} {...describedBy('customScale')} />
          </label>
        )}
        <label>
          {LABEL.temperature} <input type="number" step="0.1" defaultValue={live.temperature} key={`t-${live.temperature}`} onChange={(e) => setNumber('temperature', e.target.value)} {...describedBy('temperature')} />
        </label>
        <label>
          <input type="checkbox" checked={live.causal} onChange={(e) => update({ causal: e.target.checked })} /> {LABEL.causal}
        </label>
        <label>
          {LABEL.validKeys}{' '}
          <input type="number" min={1} max={live.tokens.length} defaultValue={live.validKeys} key={`vk-${live.validKeys}-${live.tokens.length}`} onChange={(e) => setNumber('validKeys', e.target.value)} {...describedBy('validKeys')} />
          <span className="calculator-hint"> of {live.tokens.length} (the rest is padding)</span>
        </label>
      </div>
      {live.source === 'typed' && <TypedMatrices state={live} update={update} />}

      <div ref={stepperRef} className="step-through" onKeyDown={onStepperKey} role="group" aria-label="Stages of the computation (arrow keys move between stages)">
        <ol className="step-through-stages control-row">
          {ATTENTION_STAGES.map((stage, i) => (
            <li key={stage}>
              <button type="button" aria-current={stage === live.stage ? 'step' : undefined} onClick={() => go(i)}>
                {i + 1}. {ATTENTION_STAGE_INFO[stage].title}
              </button>
            </li>
          ))}
        </ol>
        <div className="calculator-row control-row">
          {/* aria-disabled, not disabled: a disabled button drops keyboard focus out of the stepper. */}
          <button type="button" onClick={() => go(Math.max(stageIndex - 1, 0))} aria-disabled={stageIndex === 0}>
            ← Previous
          </button>
          <button type="button" onClick={() => go(Math.min(stageIndex + 1, ATTENTION_STAGES.length - 1))} aria-disabled={stageIndex === ATTENTION_STAGES.length - 1}>
            Next →
          </button>
          <button
            type="button"
            aria-pressed={playing}
            onClick={() => {
              if (!playing && stageIndex === ATTENTION_STAGES.length - 1) go(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <label>
            {LABEL.speed}{' '}
            <select value={live.speed} onChange={(e) => update({ speed: e.target.value as StepThroughState['speed'] })}>
              {PLAY_SPEEDS.map((speed) => (
                <option key={speed} value={speed}>
                  {speed} ({PLAY_INTERVAL_MS[speed] / 1000} s a stage)
                </option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={predicting}
              onChange={(e) => {
                setPredicting(e.target.checked);
                setSession({ hash, revealed: [], graded: {} });
              }}
            />{' '}
            Predict, then check
          </label>
        </div>

        <section aria-live="polite" aria-label={`Stage ${shownIndex + 1} of ${ATTENTION_STAGES.length}: ${info.title}`}>
          <h4>
            Stage {shownIndex + 1} of {ATTENTION_STAGES.length}: {info.title}
          </h4>
          <div className="calculator-formula">
            <KatexFormula tex={info.formulaTex} label={`Formula: ${info.title}`} />
          </div>
          <p>{info.description}</p>
        </section>
        {error && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
        {stages && (
          <>
            {stages.fullyBlockedRows.length > 0 && state.stage !== 'inputs' && !hidden && (
              <p className="calculator-hint">
                {stages.fullyBlockedRows.map((i) => tokens[i]).join(', ')}: every key is blocked for this query, so its weights and output are all zero
                (as PyTorch 2.5+ does; a plain softmax would give NaN).
              </p>
            )}
            {panels}
            {hidden && resultName && (
              <StagePredictionForm
                key={`${hash}-${state.stage}`}
                stages={stages}
                cells={toPredict}
                rowLabels={tokens}
                colLabels={resultName === 'output' ? dims(stages.output.cols, 'v') : tokens}
                colsAre={resultName === 'output' ? 'column' : 'key'}
                onGraded={reveal}
                onShowMe={() => reveal(null)}
              />
            )}
            {colours && (
              <StageLegends
                legends={[...new Set(shown.map((name) => STAGE_COLOUR_GROUP[name]))].map((group) => ({
                  id: group,
                  policy: colours[group],
                  ...STAGE_COLOUR_LEGEND[group],
                  showMasked: shown.some((name) => STAGE_COLOUR_GROUP[name] === group && (name === 'maskedScores' || name === 'weights')) && stages.mask !== null,
                  stretch: group === 'weights' ? { checked: stretchWeights, onChange: setStretchWeights } : undefined,
                }))}
              />
            )}
            {resultName && !hidden && <CellExplanation stages={stages} name={resultName} row={state.row} col={state.col} />}
          </>
        )}
        {predicting && <PredictionFeedback results={hidden ? null : (session.graded[state.stage] ?? null)} score={score} />}
        {/* Predictions are recorded in the learner's progress: read what is saved first, so they join it. */}
        {predicting && <ProgressSync />}
      </div>
    </CalculatorFrame>
  );
}

interface PredictionSession {
  /** The example (exampleHash of its stages) the reveals belong to. */
  hash: number | null;
  revealed: AttentionStage[];
  /** The verdicts of each revealed stage; empty after "Show me". */
  graded: Partial<Record<AttentionStage, PredictionResult[]>>;
}

function order(name: StageMatrixName): number {
  return ['q', 'k', 'v', 'rawScores', 'scaledScores', 'mask', 'maskedScores', 'weights', 'output'].indexOf(name);
}

function clampCell(state: StepThroughState, stage: AttentionStage): { row: number; col: number } {
  const { rows, cols } = selectedCellLimit({ ...state, stage });
  return { row: Math.min(state.row, rows - 1), col: Math.min(state.col, cols - 1) };
}

function safeSources(name: StageMatrixName, row: number, col: number, shapes: ReturnType<typeof stageShapesOf>) {
  try {
    return stageCellSources(name, row, col, shapes);
  } catch {
    return []; // a selection from before a resize; the next render clamps it
  }
}

function CellExplanation({ stages, name, row, col }: { stages: AttentionStages; name: StageMatrixName; row: number; col: number }) {
  let text: string;
  try {
    text = explainCell(stages, name, row, col);
  } catch {
    return null;
  }
  return (
    <p className="step-through-explain" aria-live="polite">
      <strong>Selected:</strong> {text}
    </p>
  );
}

type QKV = 'q' | 'k' | 'v';
const QKV_NAMES: readonly QKV[] = ['q', 'k', 'v'];
/** Exact text of each number (String round-trips), so reopening typed matrices changes nothing. */
const cellsOf = (rows: number[][]): string[][] => rows.map((r) => r.map((x) => String(x)));
const sameRows = (a: number[][] | null, b: number[][]) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * Q, K and V typed as numbers in three matrix editors, one row per token. Q and K share d, so a
 * column added to (removed from) either is added to (removed from) both; V's width is free. The
 * editors keep the text; the state gets the numbers only when all three matrices are valid and
 * pass the calculator's own check, so a half-typed cell never reaches the computation.
 */
function TypedMatrices({ state, update }: { state: StepThroughState; update(patch: Partial<StepThroughState>): void }) {
  const domId = useId();
  const [cells, setCells] = useState<Record<QKV, string[][]>>(() => ({ q: cellsOf(state.q), k: cellsOf(state.k), v: cellsOf(state.v) }));
  const [parsed, setParsed] = useState<Record<QKV, number[][] | null>>(() => ({ q: state.q, k: state.k, v: state.v }));
  /** Why the numbers were not applied, by matrix ('' for problems of the state as a whole). */
  const [problems, setProblems] = useState<Partial<Record<QKV | '', string>>>({});
  const parsedRef = useRef(parsed);
  parsedRef.current = parsed;
  /** What these editors last committed: its echo from the store is not a change from outside. */
  const committedRef = useRef<Record<QKV, number[][]> | null>(null);

  // Tokens added or removed: the state's rows moved with them (withTokens); move the editors'
  // text the same way, so a half-typed cell of another row survives too. Only when the state's
  // numbers are exactly the previous ones moved (a preset or a link with other tokens is a change
  // from outside, handled below).
  const previousRef = useRef({ tokens: state.tokens, q: state.q, k: state.k, v: state.v });
  useEffect(() => {
    const previous = previousRef.current;
    previousRef.current = { tokens: state.tokens, q: state.q, k: state.k, v: state.v };
    if (previous.tokens.length === state.tokens.length) return;
    const sources = tokenRowSources(previous.tokens, state.tokens);
    const zeros = <T,>(rows: readonly (readonly T[])[], zero: T) => moveRows(rows, sources, () => new Array<T>(rows[0].length).fill(zero));
    if (!QKV_NAMES.every((name) => sameRows(zeros(previous[name], 0), state[name]))) return;
    setCells((all) => ({ q: zeros(all.q, '0'), k: zeros(all.k, '0'), v: zeros(all.v, '0') }));
    const p = parsedRef.current;
    const next = { q: p.q && zeros(p.q, 0), k: p.k && zeros(p.k, 0), v: p.v && zeros(p.v, 0) };
    parsedRef.current = next;
    committedRef.current = { q: state.q, k: state.k, v: state.v };
    setParsed(next);
  }, [state.tokens, state.q, state.k, state.v]);

  // A change from outside (reset, a preset, an opened link): show the new numbers.
  useEffect(() => {
    const current = parsedRef.current;
    if (QKV_NAMES.every((name) => sameRows(current[name], state[name]))) return;
    // Our own commit coming back while the learner has typed on: keep what they typed.
    const committed = committedRef.current;
    if (committed && QKV_NAMES.every((name) => sameRows(committed[name], state[name]))) return;
    setCells({ q: cellsOf(state.q), k: cellsOf(state.k), v: cellsOf(state.v) });
    setParsed({ q: state.q, k: state.k, v: state.v });
    setProblems({});
  }, [state.q, state.k, state.v]);

  // All three valid: check the whole state, then commit q, k, v and d together.
  useEffect(() => {
    const { q, k, v } = parsed;
    if (!q || !k || !v) return;
    if (sameRows(q, state.q) && sameRows(k, state.k) && sameRows(v, state.v) && q[0].length === state.d) {
      setProblems({});
      return;
    }
    const next: StepThroughState = { ...state, d: q[0].length, q, k, v };
    const patch: Partial<StepThroughState> = { d: next.d, q, k, v, ...clampCell(next, state.stage) };
    const found = stepThroughSpec.check?.({ ...next, ...patch }) ?? [];
    if (found.length > 0) {
      const byMatrix: Partial<Record<QKV | '', string>> = {};
      for (const { field, message } of found) {
        const at: QKV | '' = field === 'q' || field === 'k' || field === 'v' ? field : '';
        byMatrix[at] = [byMatrix[at], `Not applied: ${message}.`].filter(Boolean).join(' ');
      }
      setProblems(byMatrix);
      return;
    }
    setProblems({});
    committedRef.current = { q, k, v };
    update(patch);
    // Runs when the editors' numbers change; state is read, not watched (committing changes it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parsed]);

  const setMatrixCells = (name: QKV, next: string[][]) =>
    setCells((all) => {
      const out = { ...all, [name]: next };
      // Q and K share d: a new width for one resizes the other (new cells are 0).
      if (name !== 'v') {
        const other: QKV = name === 'q' ? 'k' : 'q';
        if (all[other][0].length !== next[0].length) out[other] = resizeCells(all[other], all[other].length, next[0].length, '0');
      }
      return out;
    });
  const setMatrix = (name: QKV, matrix: number[][] | null) => setParsed((all) => ({ ...all, [name]: matrix }));

  const tokens = state.tokens;
  const dims = (n: number, prefix: string) => Array.from({ length: n }, (_, j) => `${prefix}${j + 1}`);
  const seeds: Record<QKV, number> = { q: state.seed, k: state.seed + 1, v: state.seed + 2 };
  return (
    <>
      <p id={`${domId}-shape`} className="calculator-hint">
        One row per token. Q and K share d columns; V has 1 to {STEP_THROUGH_MAX_D}.
      </p>
      <div className={matrixEditorGroupClass}>
        {QKV_NAMES.map((name) => (
          <MatrixEditor
            key={name}
            label={LABEL[name]}
            cells={cells[name]}
            onChange={(next) => setMatrixCells(name, next)}
            onMatrix={(matrix) => setMatrix(name, matrix)}
            rowLabels={tokens}
            colLabels={dims(cells[name][0].length, name === 'v' ? 'v' : 'd')}
            fixedRows
            minRows={tokens.length}
            maxRows={tokens.length}
            minCols={1}
            maxCols={STEP_THROUGH_MAX_D}
            seed={seeds[name]}
            describedBy={`${domId}-shape`}
            showKeysHint={false}
            error={problems[name]}
          />
        ))}
      </div>
      <p className="calculator-hint keyboard-help">{MATRIX_EDITOR_KEYS_HINT}</p>
      {problems[''] && (
        <p className="field-error" role="alert">
          {problems['']}
        </p>
      )}
    </>
  );
}
