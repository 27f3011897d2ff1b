'use client';
/**
 * Multi-head attention, live: tokens, d_model, heads and a seed; one small heatmap per head, the
 * concatenation of the head outputs, the output projection, and the cost of h narrow heads against
 * one wide head. Everything is computed in the worker (computeMultiHeadExplorer); this component
 * keeps the typed text of each field as a draft, so a bad value is explained at its field while
 * the last good state (and result) stays. The projections come from the seed or are typed in four
 * matrix editors (TypedProjections); typed ones travel in the state, so typed mode stops at
 * d_model = 16, and a new d_model while typed resizes them (fitTypedProjections).
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { derivedSeed, divisorsOf, multiHeadDerivedParts, PROJECTION_NAMES, projectionLabel, type MultiHeadExplorerResult, type ProjectionName } from '../../lib/calculators/multiHeadExplorer';
import type { ColourPolicy } from '../../lib/heatmap/colourPolicy';
import {
  MULTI_HEAD_MAX_TYPED_D_MODEL,
  fitTypedProjections,
  multiHeadInput,
  multiHeadSchema,
  multiHeadSpec,
  seededProjectionRows,
  switchToSeed,
  switchToTyped,
  typedTooWideMessage,
  type MultiHeadState,
  MULTI_HEAD_LABELS,
} from '../../lib/calculators/multiHeadSpec';
import { multiHeadCalculatorSnippet, multiHeadWeightsCsv } from '../../lib/snippets/multiHeadCalculatorSnippets';
import { AttentionHeatmap, SmallMultiplesNote } from '../AttentionHeatmap';
import { ColourLegend, sharedLegendScope, useSharedColours } from '../ColourLegend';
import { ruleMask } from '../../lib/heatmap/raster';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import parts from './calculatorParts.module.css';
import { DraftInput, DraftsWorkerError } from './DraftInput';
import { MATRIX_EDITOR_KEYS_HINT, MatrixEditor, matrixEditorGroupClass } from './MatrixEditor';
import styles from './MultiHeadCalculator.module.css';
import { useAfterPaint } from './useAfterPaint';
import { useCalculatorState } from './useCalculatorState';
import { rangeDraft, tokensDraft, useValidatedDrafts } from './useDraftField';
import { useWorkerOp } from './useWorkerOp';

const FIELDS = {
  tokens: tokensDraft(MULTI_HEAD_LABELS.tokens),
  dModel: rangeDraft(MULTI_HEAD_LABELS.dModel, multiHeadSchema.dModel),
  heads: rangeDraft(MULTI_HEAD_LABELS.heads, multiHeadSchema.heads),
  seed: rangeDraft(MULTI_HEAD_LABELS.seed, multiHeadSchema.seed),
};

export function MultiHeadCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const { state, update } = useCalculatorState(embedId, multiHeadSpec, initial as MultiHeadState, preset);
  const handle = useValidatedDrafts(embedId, state, update, FIELDS, (s) => multiHeadSpec.check?.(s) ?? [], fitTypedProjections);
  const typed = state.projections === 'typed';
  const input = useMemo(
    () => multiHeadInput(state),
    // The fields multiHeadInput reads (state itself is a new object on every store change).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.tokens, state.dModel, state.heads, state.seed, state.causal, state.projections, state.wq, state.wk, state.wv, state.wo],
  );
  const key = JSON.stringify(input);
  const { result, error, slow } = useWorkerOp(embedId, 'computeMultiHeadExplorer', [input], key, { derive: multiHeadDerivedParts });
  // Three heads or more make a row of pictures that crosses the projector's two columns (globals.css).
  const headsInARow = (result?.heads ?? 0) >= 3;
  // A new result commits in parts, each a painted frame after the one before (useAfterPaint): the
  // first row of heads, the other heads, the concatenation, the output. In one commit, eight heads
  // and the two 6 × 32 matrices were a thousand SVG elements and a 90–110 ms task of style and layout.
  const later = useAfterPaint(result);
  const concatShown = useAfterPaint(later);
  const outputShown = useAfterPaint(concatShown);
  const { format } = useNumberFormat();
  const domId = useId();
  /** The state in which the learner asked for typed projections with d_model too wide: explained at the choice until the state changes. */
  const [refusedIn, setRefusedIn] = useState<MultiHeadState | null>(null);
  /** A typed cell is not a number yet: the matrices on screen are not the ones in use. */
  const [typedPending, setTypedPending] = useState(false);

  const exports = result
    ? {
        numpy: () => multiHeadCalculatorSnippet('numpy', result),
        pytorch: () => multiHeadCalculatorSnippet('pytorch', result),
        csv: () => multiHeadWeightsCsv(result),
      }
    : {};

  const dDraft = Number(handle.drafts.dModel);
  const divisorHint = Number.isInteger(dDraft) && dDraft >= 1 && dDraft <= 64 ? `divisors of ${dDraft}: ${divisorsOf(dDraft).join(', ')}` : undefined;
  const tooWide = refusedIn === state ? typedTooWideMessage(state.dModel) : null;
  // The heads are small multiples: one scale and one legend for all of them.
  const headColours = useSharedColours(
    'sequential',
    (result?.perHead ?? []).map(({ weights: w }) => ({ data: w.data, blocked: result?.causal ? ruleMask('causal', w.rows, w.cols) : null })),
  );

  const chooseProjections = (choice: string) => {
    if (choice === 'seed') {
      update(switchToSeed());
      return;
    }
    const switched = switchToTyped(state);
    if ('patch' in switched) update(switched.patch);
    else setRefusedIn(state);
  };

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={multiHeadSpec}
      exports={exports}
      slow={slow}
      description={
        typed
          ? 'Each head projects the tokens to its own slice of d_model / heads columns, attends there, and the slices are put side by side and mixed by Wo. The projections are the matrices typed below; the token embeddings come from the seed.'
          : 'Each head projects the tokens to its own slice of d_model / heads columns, attends there, and the slices are put side by side and mixed by Wo. Projections are seeded random matrices.'
      }
    >
      <div className={`calculator-controls ${parts.stackControls}`}>
        <DraftInput label={MULTI_HEAD_LABELS.tokens} name="tokens" handle={handle} wide hint="separated by spaces" />
        <DraftInput label={MULTI_HEAD_LABELS.dModel} name="dModel" handle={handle} type="number" hint={typed ? `typed: up to ${MULTI_HEAD_MAX_TYPED_D_MODEL}` : undefined} />
        <DraftInput label={MULTI_HEAD_LABELS.heads} name="heads" handle={handle} type="number" hint={divisorHint} />
        <DraftInput label={MULTI_HEAD_LABELS.seed} name="seed" handle={handle} type="number" hint={typed ? 'draws the token embeddings' : undefined} />
        <div className={parts.stackField}>
          <label htmlFor={`${domId}-projections`}>{MULTI_HEAD_LABELS.projections}</label>
          <select
            id={`${domId}-projections`}
            value={state.projections}
            aria-invalid={tooWide ? true : undefined}
            aria-describedby={tooWide ? `${domId}-projections-error` : undefined}
            onChange={(e) => chooseProjections(e.target.value)}
          >
            <option value="seed">from the seed</option>
            <option value="typed">typed</option>
          </select>
          {tooWide && (
            <p id={`${domId}-projections-error`} className="field-error" role="alert">
              {tooWide}
            </p>
          )}
        </div>
        <div className={parts.stackField}>
          <label>
            <input type="checkbox" checked={state.causal} onChange={(e) => update({ causal: e.target.checked })} /> {MULTI_HEAD_LABELS.causal}
          </label>
          {typed ? (
            <button type="button" onClick={() => update(seededProjectionRows(state.dModel, state.seed))}>
              Refill from the seed
            </button>
          ) : (
            <button type="button" onClick={() => update({ seed: derivedSeed(state.seed, 'next') % 2147483647 })}>
              New random projections
            </button>
          )}
        </div>
      </div>
      {typed && <TypedProjections state={state} update={update} onPending={setTypedPending} />}
      <DraftsWorkerError handle={handle} error={error} />
      {result && (
        // data-projections: which projections the shown result used (a test waits on it after switching).
        <div className="calculator-results" data-projections={result.projections}>
          {(handle.hasErrors || (typed && typedPending)) && (
            <p className="calculator-stale">Showing the last valid result until the input above is fixed.</p>
          )}
          <p className="calculator-formula" data-testid="head-split">
            d<sub>h</sub> = d_model / heads = {result.dModel} / {result.heads} = {result.headDim}; each head scales by 1/√{result.headDim} ={' '}
            {format(result.scale)}.
          </p>
          <CostLine result={result} />
          <h4 className={headsInARow ? `${styles.heading} picture-row-heading` : styles.heading}>Attention weights of each head</h4>
          <SmallMultiplesNote rows={result.tokens.length} cols={result.tokens.length} what="head" />
          <div className={headsInARow ? `${styles.heads} small-multiples picture-row` : `${styles.heads} small-multiples`}>
            <HeadHeatmaps result={result} from={0} to={HEADS_FIRST} policy={headColours.policy} />
            {/* The heads past the first row commit a frame later: until then the previous result's, while it has as many. */}
            {result.heads > HEADS_FIRST && later?.heads === result.heads && (
              <HeadHeatmaps result={later} from={HEADS_FIRST} to={result.heads} policy={headColours.policy} />
            )}
          </div>
          <ColourLegend
            policy={headColours.policy}
            valueLabel="weight"
            these={sharedLegendScope(result.perHead.length, 'heads')}
            showMasked={result.causal}
            stretch={headColours.stretch}
          />
          <ConcatAndOutput concatOf={concatShown ?? result} outputOf={outputShown ?? result} />
        </div>
      )}
    </CalculatorFrame>
  );
}

type Projections = Record<ProjectionName, number[][]>;
type ProjectionCells = Record<ProjectionName, string[][]>;
type ParsedProjections = Record<ProjectionName, number[][] | null>;

const cellsOf = (rows: number[][]): string[][] => rows.map((r) => r.map((x) => String(x)));
const sameRows = (a: number[][] | null, b: number[][]) => a !== null && JSON.stringify(a) === JSON.stringify(b);
const allCells = (state: MultiHeadState): ProjectionCells => ({ wq: cellsOf(state.wq), wk: cellsOf(state.wk), wv: cellsOf(state.wv), wo: cellsOf(state.wo) });
const allRows = (state: MultiHeadState): Projections => ({ wq: state.wq, wk: state.wk, wv: state.wv, wo: state.wo });

/**
 * Wq, Wk, Wv, Wo in four matrix editors, d_model × d_model each (the size follows d_model). The
 * editors keep the typed text; when all four are numbers they are checked with the whole state and
 * committed together. A bad cell is explained by its editor and nothing is committed, so the last
 * good result stays.
 */
function TypedProjections({
  state,
  update,
  onPending,
}: {
  state: MultiHeadState;
  update(patch: Partial<MultiHeadState>): void;
  onPending(pending: boolean): void;
}) {
  const domId = useId();
  const [cells, setCells] = useState<ProjectionCells>(() => allCells(state));
  const [parsed, setParsed] = useState<ParsedProjections>(() => allRows(state));
  /** Why the numbers were not applied, by matrix ('' for problems of the state as a whole). */
  const [problems, setProblems] = useState<Partial<Record<ProjectionName | '', string>>>({});
  const parsedRef = useRef(parsed);
  parsedRef.current = parsed;
  /** What these editors last committed: its echo from the store is not a change from outside. */
  const committedRef = useRef<Projections | null>(null);

  // A change from outside (reset, a preset, an opened link, a new d_model, "Refill"): show the new numbers.
  useEffect(() => {
    const current = parsedRef.current;
    if (PROJECTION_NAMES.every((name) => sameRows(current[name], state[name]))) return;
    // Our own commit coming back while the learner has typed on: keep what they typed.
    const committed = committedRef.current;
    if (committed && PROJECTION_NAMES.every((name) => sameRows(committed[name], state[name]))) return;
    setCells(allCells(state));
    setParsed(allRows(state));
    setProblems({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.wq, state.wk, state.wv, state.wo]);

  const pending = PROJECTION_NAMES.some((name) => parsed[name] === null);
  useEffect(() => {
    onPending(pending);
  }, [pending, onPending]);
  useEffect(() => () => onPending(false), [onPending]);

  // All four valid: check the whole state, then commit the four together.
  useEffect(() => {
    const { wq, wk, wv, wo } = parsed;
    if (!wq || !wk || !wv || !wo) return;
    const next: Projections = { wq, wk, wv, wo };
    if (PROJECTION_NAMES.every((name) => sameRows(next[name], state[name]))) {
      setProblems({});
      return;
    }
    const found = multiHeadSpec.check?.({ ...state, ...next }) ?? [];
    if (found.length > 0) {
      const byMatrix: Partial<Record<ProjectionName | '', string>> = {};
      for (const { field, message } of found) {
        const at: ProjectionName | '' = (PROJECTION_NAMES as readonly string[]).includes(field) ? (field as ProjectionName) : '';
        byMatrix[at] = [byMatrix[at], `Not applied: ${message}.`].filter(Boolean).join(' ');
      }
      setProblems(byMatrix);
      return;
    }
    setProblems({});
    committedRef.current = next;
    update(next);
    // Runs when the editors' numbers change; state is read, not watched (committing changes it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parsed]);

  const n = cells.wq.length;
  const headDim = n % state.heads === 0 ? n / state.heads : n;
  const headColumns = n % state.heads === 0 ? concatLabels(state.heads, headDim) : numbered('', n);
  const inputColumns = numbered('x', n);
  const labels: Record<ProjectionName, { rows: string[]; cols: string[] }> = {
    wq: { rows: inputColumns, cols: headColumns },
    wk: { rows: inputColumns, cols: headColumns },
    wv: { rows: inputColumns, cols: headColumns },
    wo: { rows: headColumns, cols: numbered('', n) },
  };
  return (
    <section className={styles.projections} aria-labelledby={`${domId}-title`}>
      <h4 id={`${domId}-title`} className={styles.heading}>
        Projections Wq, Wk, Wv, Wo ({n} × {n} each)
      </h4>
      <p id={`${domId}-shape`} className="calculator-hint">
        Q = X·Wq, K = X·Wk, V = X·Wv: row x<sub>i</sub> multiplies column i of X, and column h.c belongs to head h. Wo&apos;s rows take the
        concatenated head outputs. A new d_model resizes all four (new cells are 0).
      </p>
      <div className={matrixEditorGroupClass}>
        {PROJECTION_NAMES.map((name) => (
          <MatrixEditor
            key={name}
            label={projectionLabel(name)}
            cells={cells[name]}
            onChange={(next) => setCells((all) => ({ ...all, [name]: next }))}
            onMatrix={(matrix) => setParsed((all) => ({ ...all, [name]: matrix }))}
            rowLabels={labels[name].rows}
            colLabels={labels[name].cols}
            fixedRows
            fixedCols
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
    </section>
  );
}

/** Heads of the first row of the grid at desktop width: they commit with the result, the rest a frame later. */
const HEADS_FIRST = 4;

/**
 * Heads from..to-1 of a result, one heatmap each. Memoised: typing in a field or switching a preset
 * re-renders the calculator before the worker answers, and the heads then have nothing new to draw.
 */
const HeadHeatmaps = memo(function HeadHeatmaps({ result, from, to, policy }: { result: MultiHeadExplorerResult; from: number; to: number; policy: ColourPolicy }) {
  return result.perHead.slice(from, to).map((head, k) => (
    <div key={from + k} className={styles.head}>
      <AttentionHeatmap
        matrix={head.weights}
        rowLabels={result.tokens}
        colLabels={result.tokens}
        title={`head ${from + k + 1}`}
        valueLabel="weight"
        colours={policy}
        blocked={result.causal ? causalBlocked : undefined}
        smallMultiple
      />
    </div>
  ));
});

/**
 * The concatenation of the head outputs and the output projection, each from its own result: they
 * follow the heads a frame or two later (see useAfterPaint). The hint and the two heatmaps of one
 * result are memoised, like the heads.
 */
const ConcatAndOutput = memo(function ConcatAndOutput({ concatOf, outputOf }: { concatOf: MultiHeadExplorerResult; outputOf: MultiHeadExplorerResult }) {
  return (
    <>
      <h4 className={`${styles.heading} picture-row-heading`}>Concatenation and output projection</h4>
      <p className="calculator-hint">
        Head h&apos;s output ({concatOf.tokens.length} × {concatOf.headDim}) fills columns h.1 … h.{concatOf.headDim} of the concatenation;
        the output is concat · Wo ({concatOf.dModel} × {concatOf.dModel}), one row per token.
      </p>
      <div className={`${parts.pair} picture-row`}>
        <ConcatHeatmap result={concatOf} />
        <OutputHeatmap result={outputOf} />
      </div>
    </>
  );
});

const ConcatHeatmap = memo(function ConcatHeatmap({ result }: { result: MultiHeadExplorerResult }) {
  return (
    <AttentionHeatmap
      matrix={result.concat}
      rowLabels={result.tokens}
      colLabels={concatLabels(result.heads, result.headDim)}
      title="Concatenated head outputs"
      valueLabel="value"
      scale="diverging"
      showValues={false}
    />
  );
});

const OutputHeatmap = memo(function OutputHeatmap({ result }: { result: MultiHeadExplorerResult }) {
  return (
    <AttentionHeatmap
      matrix={result.output}
      rowLabels={result.tokens}
      colLabels={Array.from({ length: result.dModel }, (_, c) => String(c + 1))}
      title="Output = concat · Wo"
      valueLabel="value"
      scale="diverging"
      showValues={false}
    />
  );
});

function numbered(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

function causalBlocked(i: number, j: number): boolean {
  return j > i;
}

function concatLabels(heads: number, headDim: number): string[] {
  return Array.from({ length: heads * headDim }, (_, c) => `h${Math.floor(c / headDim) + 1}.${(c % headDim) + 1}`);
}

function CostLine({ result }: { result: MultiHeadExplorerResult }) {
  const { format } = useNumberFormat();
  const { multiHead, singleHead, ratio } = result.cost;
  const count = (x: number) => x.toLocaleString('en');
  const shared = multiHead.flopsBreakdown.qkT + multiHead.flopsBreakdown.weightsTimesV;
  return (
    <p className={styles.cost} data-testid="cost-line">
      <strong>Cost</strong> at n = {result.tokens.length}: {result.heads} head{result.heads === 1 ? '' : 's'} of width {result.headDim}:{' '}
      <span data-testid="cost-multi">{count(multiHead.flops)}</span> FLOPs; one head of width {result.dModel}:{' '}
      <span data-testid="cost-single">{count(singleHead.flops)}</span> FLOPs (× {format(ratio)}). QKᵀ and weights·V cost {count(shared)} FLOPs
      either way; only the softmax ({count(multiHead.flopsBreakdown.softmax)} vs {count(singleHead.flopsBreakdown.softmax)}) grows with the
      number of heads. The four projections cost {count(multiHead.projectionFlops)} FLOPs for any number of heads.
    </p>
  );
}
