'use client';
/**
 * Scoring functions side by side: dot product, scaled dot product, general (q·W·k) and additive
 * (Bahdanau) on the same seeded tokens, each with its formula, its weights and their mean entropy,
 * then how far apart the four sets of weights are. Everything is computed in the worker
 * (lib/calculators/scoringComparison.ts); the state and the state → input mapping are
 * lib/calculators/scoringSpec.ts.
 */
import { memo, useEffect, useId, useMemo, useState } from 'react';
import { SCORING_METHODS, SCORING_METHOD_INFO, scoringDerivedParts, type ScoringComparisonResult, type ScoringMethod } from '../../lib/calculators/scoringComparison';
import {
  SCORING_MAX_D,
  SCORING_MAX_HIDDEN,
  SCORING_MAX_SEED,
  SCORING_MAX_TOKENS,
  queryLabels,
  scoringInput,
  scoringKey,
  scoringReading,
  scoringSpec,
  type ScoringState,
  SCORING_LABELS,
} from '../../lib/calculators/scoringSpec';
import { numpyScoringSnippet, pytorchScoringSnippet, scoringWeightsCsv } from '../../lib/snippets/scoringSnippets';
import { AttentionHeatmap } from '../AttentionHeatmap';
import { ColourLegend, sharedLegendScope, useSharedColours } from '../ColourLegend';
import { ruleMask } from '../../lib/heatmap/raster';
import { KatexFormula } from '../KatexFormula';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import parts from './calculatorParts.module.css';
import { NumberField } from './NumberField';
import type { CalculatorComponentProps } from './calculatorComponents';
import styles from './ScoringCalculator.module.css';
import { useCalculatorState } from './useCalculatorState';
import { useWorkerOp } from './useWorkerOp';

const LABEL: Readonly<Record<ScoringMethod, string>> = Object.fromEntries(SCORING_METHODS.map((m) => [m, SCORING_METHOD_INFO[m].label])) as Record<
  ScoringMethod,
  string
>;

export function ScoringCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  const { state, update } = useCalculatorState(embedId, scoringSpec, initial as ScoringState, preset);
  const [tokenText, setTokenText] = useState(state.tokens.join(' '));
  const [tokenError, setTokenError] = useState('');
  useEffect(() => {
    // A preset, reset or link replaced the tokens: show them (unless they are what is typed).
    setTokenText((text) => (splitTokens(text).join(' ') === state.tokens.join(' ') ? text : state.tokens.join(' ')));
    setTokenError('');
  }, [state.tokens]);

  const key = scoringKey(state);
  // The seeded matrices are small (≤ 16 × 64) and drawn here in microseconds; the comparison runs in the worker.
  const args = useMemo(() => [scoringInput(state)] as [ReturnType<typeof scoringInput>], [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const { result, error, slow } = useWorkerOp(embedId, 'computeScoringComparison', args, key, { derive: scoringDerivedParts });
  // Labels of the result on screen, which may be older than the state while the worker computes.
  // The build's result describes the first state: label it at once, so the page's HTML has the numbers.
  const [shownState, setShownState] = useState<ScoringState | null>(() => (result ? state : null));
  useEffect(() => {
    if (result) setShownState(state);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);
  // Renamed tokens do not change the numbers (the key ignores spelling): label with the current
  // state whenever it describes the result on screen.
  const labelState = shownState && scoringKey(shownState) === key ? state : shownState;
  const shown = useMemo(
    () => (labelState ? { state: labelState, rows: queryLabels(labelState), cols: [...labelState.tokens], causal: labelState.causal, d: labelState.d } : null),
    [labelState],
  );

  const blocked = shown?.causal ? ('causal' as const) : undefined;

  const onTokens = (text: string) => {
    setTokenText(text);
    const tokens = splitTokens(text);
    const problem =
      tokens.length === 0
        ? 'Type at least one token.'
        : tokens.length > SCORING_MAX_TOKENS
          ? `At most ${SCORING_MAX_TOKENS} tokens here (you typed ${tokens.length}).`
          : tokens.some((t) => t.length > 16)
            ? 'Each token can have at most 16 characters.'
            : '';
    setTokenError(problem);
    if (!problem) update({ tokens });
  };

  const snippetInput = () => {
    if (!result || !shown) throw new Error('nothing computed yet');
    const input = scoringInput(shown.state);
    return {
      q: input.q,
      k: input.k,
      v: input.v,
      w: result.parameters.w,
      w1: result.parameters.w1,
      w2: result.parameters.w2,
      va: result.parameters.va,
      causal: shown.causal,
      queryLabels: shown.rows,
      keyLabels: shown.cols,
      selfAttention: shown.state.queries === 'tokens',
    };
  };
  const snippet = () => numpyScoringSnippet(snippetInput());
  const pytorchSnippet = () => pytorchScoringSnippet(snippetInput());
  const csv = () => {
    if (!result || !shown) throw new Error('nothing computed yet');
    return scoringWeightsCsv(result.methods, shown.rows, shown.cols);
  };

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={scoringSpec}
      slow={slow}
      description="The same queries and keys scored four ways, then the same softmax: what changes is the scoring function alone."
      exports={{ numpy: snippet, pytorch: pytorchSnippet, csv }}
    >
      <div className="calculator-row">
        <label htmlFor={`${domId}-tokens`}>{SCORING_LABELS.tokens}</label>
        <input
          id={`${domId}-tokens`}
          value={tokenText}
          onChange={(e) => onTokens(e.target.value)}
          aria-invalid={!!tokenError}
          aria-describedby={tokenError ? `${domId}-tokens-error` : undefined}
        />
        {tokenError && (
          <p id={`${domId}-tokens-error`} className="field-error" role="alert">
            Tokens: {tokenError}
          </p>
        )}
      </div>
      <div className={`calculator-row ${styles.controls}`}>
        <span className={parts.field}>
          <label htmlFor={`${domId}-queries`}>{SCORING_LABELS.queries}</label>
          <select id={`${domId}-queries`} value={state.queries} onChange={(e) => update({ queries: e.target.value as ScoringState['queries'] })}>
            <option value="tokens">the tokens themselves (Q = K = V)</option>
            <option value="separate">a separate set of queries</option>
          </select>
        </span>
        {state.queries === 'separate' && (
          <NumberField integer sentenceCase className={styles.narrow} label={SCORING_LABELS.queryCount} value={state.queryCount} min={1} max={SCORING_MAX_TOKENS} onValid={(x) => update({ queryCount: x })} />
        )}
        <NumberField integer sentenceCase className={styles.narrow} label={SCORING_LABELS.d} value={state.d} min={1} max={SCORING_MAX_D} onValid={(x) => update({ d: x })} />
        <NumberField integer sentenceCase className={styles.narrow} label={SCORING_LABELS.hidden} value={state.hidden} min={1} max={SCORING_MAX_HIDDEN} onValid={(x) => update({ hidden: x })} />
        <NumberField integer sentenceCase className={styles.narrow} label={SCORING_LABELS.seed} value={state.seed} min={0} max={SCORING_MAX_SEED} onValid={(x) => update({ seed: x })} />
        <label>
          <input type="checkbox" checked={state.causal} onChange={(e) => update({ causal: e.target.checked })} /> Causal mask
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error.message} Showing the last valid result.
        </p>
      )}
      {result && shown && <ScoringResults result={result} shown={shown} blocked={blocked} />}
    </CalculatorFrame>
  );
}

/**
 * Inside the frame, so "more digits" applies to every number here. Memoised: a store update (a
 * preset, a control) renders the calculator synchronously, and the four heatmaps need not
 * re-render until their result or labels change (issue 12: no task over 50 ms).
 */
const ScoringResults = memo(function ScoringResults({
  result,
  shown,
  blocked,
}: {
  result: ScoringComparisonResult;
  shown: { state: ScoringState; rows: string[]; cols: string[]; d: number };
  blocked: 'causal' | undefined;
}) {
  const { format } = useNumberFormat();
  // The scoring functions side by side share one scale and one legend.
  const colours = useSharedColours(
    'sequential',
    result.methods.map(({ weights: w }) => ({ data: w.data, blocked: blocked ? ruleMask(blocked, w.rows, w.cols) : null })),
  );
  const entropyOf = Object.fromEntries(result.methods.map((m) => [m.method, m.meanEntropy])) as Record<ScoringMethod, number>;
  return (
    <>
      <p className={styles.reading} aria-live="polite" data-testid="scoring-reading">
        {scoringReading({ d: shown.d, selfAttention: shown.state.queries === 'tokens', meanEntropy: entropyOf, maxEntropy: result.maxEntropy })}
      </p>
      <div className={styles.methods}>
        {result.methods.map((m) => (
          <section key={m.method} className={styles.method} data-method={m.method} aria-label={m.label}>
            <div className={styles.methodHead}>
              <h4>{m.label}</h4>
              <div className="calculator-formula">
                <KatexFormula tex={m.formulaTex} label={`Formula of the ${m.label} score`} />
              </div>
              <p className={styles.entropy}>
                Mean entropy <strong data-testid={`entropy-${m.method}`}>{format(m.meanEntropy)}</strong> nats{' '}
                <span className="calculator-hint">(uniform: {format(result.maxEntropy)})</span>
              </p>
            </div>
            <AttentionHeatmap
              matrix={m.weights}
              rowLabels={shown.rows}
              colLabels={shown.cols}
              blocked={blocked}
              title={`${m.label} weights`}
              valueLabel="weight"
              scale="sequential"
              colours={colours.policy}
            />
          </section>
        ))}
      </div>
      <ColourLegend
        policy={colours.policy}
        valueLabel="weight"
        these={sharedLegendScope(result.methods.length, 'scoring functions')}
        showMasked={blocked !== undefined}
        stretch={colours.stretch}
      />
      <div className={parts.tableScroll}>
        <table className={styles.differences}>
          <caption>How far apart the weights are, per pair of methods</caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">max |Δ weight|</th>
              <th scope="col">mean total variation</th>
            </tr>
          </thead>
          <tbody>
            {result.differences.map((diff) => (
              <tr key={`${diff.a}-${diff.b}`}>
                <th scope="row">
                  {LABEL[diff.a]} vs {LABEL[diff.b]}
                </th>
                <td>{format(diff.maxAbsWeightDiff)}</td>
                <td>{format(diff.meanTotalVariation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="calculator-hint">
        Total variation of two weight rows is ½·Σ|p − q|: the share of attention that has to move to turn one into the other (0 = the same,
        1 = no overlap), averaged over the queries.
      </p>
    </>
  );
});

function splitTokens(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}
