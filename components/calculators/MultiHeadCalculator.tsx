'use client';
/**
 * Multi-head attention, live: tokens, d_model, heads and a seed; one small heatmap per head, the
 * concatenation of the head outputs, the output projection, and the cost of h narrow heads against
 * one wide head. Everything is computed in the worker (computeMultiHeadExplorer); this component
 * keeps the typed text of each field as a draft, so a bad value is explained at its field while
 * the last good state (and result) stays.
 */
import { useMemo } from 'react';
import { derivedSeed, divisorsOf, type MultiHeadExplorerResult } from '../../lib/calculators/multiHeadExplorer';
import { multiHeadSchema, multiHeadSpec } from '../../lib/calculators/multiHeadSpec';
import type { StateOf } from '../../lib/share/stateSchema';
import { multiHeadCalculatorSnippet, multiHeadWeightsCsv } from '../../lib/snippets/multiHeadCalculatorSnippets';
import { AttentionHeatmap } from '../AttentionHeatmap';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import parts from './calculatorParts.module.css';
import { DraftInput, DraftsWorkerError, StaleResultNote } from './DraftInput';
import styles from './MultiHeadCalculator.module.css';
import { useCalculatorState } from './useCalculatorState';
import { intDraft, tokensDraft, useValidatedDrafts } from './useDraftField';
import { useWorkerOp } from './useWorkerOp';

type MultiHeadState = StateOf<typeof multiHeadSchema>;

const FIELDS = {
  tokens: tokensDraft('Tokens'),
  dModel: intDraft('d_model', multiHeadSchema.dModel),
  heads: intDraft('Heads', multiHeadSchema.heads),
  seed: intDraft('Seed', multiHeadSchema.seed),
};

export function MultiHeadCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const { state, update } = useCalculatorState(embedId, multiHeadSpec, initial as MultiHeadState, preset);
  const handle = useValidatedDrafts(embedId, state, update, FIELDS, (s) => multiHeadSpec.check?.(s) ?? []);
  const input = useMemo(
    () => ({ tokens: state.tokens, dModel: state.dModel, heads: state.heads, seed: state.seed, causal: state.causal }),
    [state.tokens, state.dModel, state.heads, state.seed, state.causal],
  );
  const key = JSON.stringify(input);
  const { result, error, slow } = useWorkerOp(embedId, 'computeMultiHeadExplorer', [input], key);
  const { format } = useNumberFormat();

  const exports = result
    ? {
        numpy: () => multiHeadCalculatorSnippet('numpy', result),
        pytorch: () => multiHeadCalculatorSnippet('pytorch', result),
        csv: () => multiHeadWeightsCsv(result),
      }
    : {};

  const dDraft = Number(handle.drafts.dModel);
  const divisorHint = Number.isInteger(dDraft) && dDraft >= 1 && dDraft <= 64 ? `divisors of ${dDraft}: ${divisorsOf(dDraft).join(', ')}` : undefined;

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={multiHeadSpec}
      exports={exports}
      slow={slow}
      description="Each head projects the tokens to its own slice of d_model / heads columns, attends there, and the slices are put side by side and mixed by Wo. Projections are seeded random matrices."
    >
      <div className={`calculator-controls ${parts.stackControls}`}>
        <DraftInput label="Tokens" name="tokens" handle={handle} wide hint="separated by spaces" />
        <DraftInput label="d_model" name="dModel" handle={handle} type="number" />
        <DraftInput label="Heads" name="heads" handle={handle} type="number" hint={divisorHint} />
        <DraftInput label="Seed" name="seed" handle={handle} type="number" />
        <div className={parts.stackField}>
          <label>
            <input type="checkbox" checked={state.causal} onChange={(e) => update({ causal: e.target.checked })} /> Causal (decoder)
          </label>
          <button type="button" onClick={() => update({ seed: derivedSeed(state.seed, 'next') % 2147483647 })}>
            New random projections
          </button>
        </div>
      </div>
      <DraftsWorkerError handle={handle} error={error} />
      {result && (
        <div className="calculator-results">
          <StaleResultNote handle={handle} />
          <p className="calculator-formula" data-testid="head-split">
            d<sub>h</sub> = d_model / heads = {result.dModel} / {result.heads} = {result.headDim}; each head scales by 1/√{result.headDim} ={' '}
            {format(result.scale)}.
          </p>
          <CostLine result={result} />
          <h4 className={styles.heading}>Attention weights of each head</h4>
          <div className={styles.heads}>
            {result.perHead.map((head, h) => (
              <div key={h} className={styles.head}>
                <AttentionHeatmap
                  matrix={head.weights}
                  rowLabels={result.tokens}
                  colLabels={result.tokens}
                  title={`head ${h + 1}`}
                  valueLabel="weight"
                  blocked={result.causal ? causalBlocked : undefined}
                />
              </div>
            ))}
          </div>
          <h4 className={styles.heading}>Concatenation and output projection</h4>
          <p className="calculator-hint">
            Head h&apos;s output ({result.tokens.length} × {result.headDim}) fills columns h.1 … h.{result.headDim} of the concatenation;
            the output is concat · Wo ({result.dModel} × {result.dModel}), one row per token.
          </p>
          <div className={parts.pair}>
            <AttentionHeatmap
              matrix={result.concat}
              rowLabels={result.tokens}
              colLabels={concatLabels(result.heads, result.headDim)}
              title="Concatenated head outputs"
              valueLabel="value"
              scale="diverging"
              showValues={false}
            />
            <AttentionHeatmap
              matrix={result.output}
              rowLabels={result.tokens}
              colLabels={Array.from({ length: result.dModel }, (_, c) => String(c + 1))}
              title="Output = concat · Wo"
              valueLabel="value"
              scale="diverging"
              showValues={false}
            />
          </div>
        </div>
      )}
    </CalculatorFrame>
  );
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
