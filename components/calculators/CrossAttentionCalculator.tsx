'use client';
/**
 * Self versus cross attention: a source sentence (encoder side) and a target sentence (decoder
 * side). Cross-attention weights (target queries × source keys) are drawn as a heatmap and as lines
 * between the two sentences; the target's causal self-attention sits beside them. Computed in the
 * worker (computeCrossAttention); the drafts and inline errors work as in the multi-head calculator.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { alignmentProblem, type CrossAttentionResult } from '../../lib/calculators/crossAttentionExplorer';
import { CROSS_ATTENTION_LABELS, crossAttentionSchema, crossAttentionSpec } from '../../lib/calculators/crossAttentionSpec';
import { derivedSeed } from '../../lib/calculators/multiHeadExplorer';
import type { StateOf } from '../../lib/share/stateSchema';
import { crossAttentionCalculatorSnippet, crossAttentionWeightsCsv } from '../../lib/snippets/multiHeadCalculatorSnippets';
import { AttentionHeatmap } from '../AttentionHeatmap';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import type { CalculatorComponentProps } from './calculatorComponents';
import parts from './calculatorParts.module.css';
import styles from './CrossAttentionCalculator.module.css';
import { DraftInput, DraftsWorkerError, StaleResultNote } from './DraftInput';
import { useCalculatorState } from './useCalculatorState';
import { rangeDraft, tokensDraft, useValidatedDrafts, type DraftField } from './useDraftField';
import { useWorkerOp } from './useWorkerOp';

type CrossState = StateOf<typeof crossAttentionSchema>;

const alignmentDraft: DraftField<number[]> = {
  format: (value) => value.join(' '),
  parse: (text) => {
    const parts = text.split(/[\s,]+/).filter((t) => t !== '');
    if (parts.length > crossAttentionSchema.alignment.maxItems) {
      return { ok: false, error: `${CROSS_ATTENTION_LABELS.alignment}: at most ${crossAttentionSchema.alignment.maxItems} numbers, one per target token.` };
    }
    const values = parts.map(Number);
    const bad = values.findIndex((v) => !Number.isInteger(v) || v < 1);
    if (bad >= 0) return { ok: false, error: `${CROSS_ATTENTION_LABELS.alignment}: "${parts[bad].slice(0, 20)}" is not a source position (1, 2, 3, …).` };
    return { ok: true, value: values };
  },
};

const FIELDS = {
  source: tokensDraft(CROSS_ATTENTION_LABELS.source),
  target: tokensDraft(CROSS_ATTENTION_LABELS.target),
  dModel: rangeDraft(CROSS_ATTENTION_LABELS.dModel, crossAttentionSchema.dModel),
  seed: rangeDraft(CROSS_ATTENTION_LABELS.seed, crossAttentionSchema.seed),
  alignment: alignmentDraft,
};

const fits = (s: Pick<CrossState, 'alignment' | 'source' | 'target'>) => alignmentProblem(s.alignment, s.target.length, s.source.length) === null;

export function CrossAttentionCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const { state, update } = useCalculatorState(embedId, crossAttentionSpec, initial as CrossState, preset);
  const handle = useValidatedDrafts(
    embedId,
    state,
    update,
    FIELDS,
    (s) => crossAttentionSpec.check?.(s) ?? [],
    (candidate) => {
      // Changing a sentence's length must not be blocked by an alignment written for the old one:
      // fall back to position by position (the hint under the controls says so). Pure: runs in render.
      const lengthsChanged = candidate.source.length !== state.source.length || candidate.target.length !== state.target.length;
      if (lengthsChanged && !fits(candidate)) return { ...candidate, alignment: [] };
      return candidate;
    },
  );
  const input = useMemo(
    () => ({ source: state.source, target: state.target, dModel: state.dModel, seed: state.seed, mode: state.mode, alignment: state.alignment }),
    [state.source, state.target, state.dModel, state.seed, state.mode, state.alignment],
  );
  const { result, error, slow } = useWorkerOp(embedId, 'computeCrossAttention', [input], JSON.stringify(input));

  const exports = result
    ? {
        numpy: () => crossAttentionCalculatorSnippet('numpy', result),
        pytorch: () => crossAttentionCalculatorSnippet('pytorch', result),
        csv: () => crossAttentionWeightsCsv(result),
      }
    : {};

  const setMode = (mode: CrossState['mode']) => {
    if (mode === 'aligned' && !fits(state)) update({ mode, alignment: [] });
    else update({ mode });
  };

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={crossAttentionSpec}
      exports={exports}
      slow={slow}
      description="A decoder layer attends twice: to its own earlier tokens (causal self-attention), then to the encoded source sentence (cross-attention). One head each."
    >
      <p className={styles.note} data-testid="cross-note">
        <strong>Where Q, K and V come from.</strong> In cross-attention the <em>queries</em> come from the target (the decoder), the{' '}
        <em>keys and values</em> from the source (the encoder): each target token asks which source tokens it needs and takes a weighted mix of
        their values. In self-attention all three come from the same sentence.
      </p>
      <div className={`calculator-controls ${parts.stackControls}`}>
        <DraftInput label={CROSS_ATTENTION_LABELS.source} name="source" handle={handle} wide hint="tokens separated by spaces" />
        <DraftInput label={CROSS_ATTENTION_LABELS.target} name="target" handle={handle} wide hint="tokens separated by spaces" />
        <DraftInput label={CROSS_ATTENTION_LABELS.dModel} name="dModel" handle={handle} type="number" />
        <DraftInput label={CROSS_ATTENTION_LABELS.seed} name="seed" handle={handle} type="number" />
        <fieldset className={styles.modes}>
          <legend>{CROSS_ATTENTION_LABELS.mode}</legend>
          <label>
            <input type="radio" name={`${embedId}-mode`} checked={state.mode === 'random'} onChange={() => setMode('random')} /> Random (untrained)
          </label>
          <label>
            <input type="radio" name={`${embedId}-mode`} checked={state.mode === 'aligned'} onChange={() => setMode('aligned')} /> Toy aligned
          </label>
          {state.mode === 'random' && (
            <button type="button" onClick={() => update({ seed: derivedSeed(state.seed, 'next') % 2147483647 })}>
              New random projections
            </button>
          )}
        </fieldset>
        {state.mode === 'aligned' && (
          <DraftInput
            label={`${CROSS_ATTENTION_LABELS.alignment}: source position of each target token`}
            name="alignment"
            handle={handle}
            wide
            hint={`one number (1 to ${state.source.length}) per target token; empty = same position`}
          />
        )}
      </div>
      {state.mode === 'aligned' && state.alignment.length === 0 && (
        <p className="calculator-hint" role="status">
          No alignment given (or the sentence lengths changed): target token i matches source token i, the last source token when the target is
          longer.
        </p>
      )}
      <DraftsWorkerError handle={handle} error={error} />
      {result && (
        <div className="calculator-results">
          <StaleResultNote handle={handle} />
          <ModeExplanation result={result} />
          <AlignmentLines result={result} />
          <div className={`${parts.pair} picture-row`}>
            <AttentionHeatmap
              matrix={result.cross.weights}
              rowLabels={result.target}
              colLabels={result.source}
              title="Cross-attention weights (target queries × source keys)"
              valueLabel="weight"
            />
            <AttentionHeatmap
              matrix={result.self.weights}
              rowLabels={result.target}
              colLabels={result.target}
              title="Target self-attention (causal)"
              valueLabel="weight"
              blocked={causalBlocked}
            />
          </div>
          <p className="calculator-hint">
            The self-attention is causal because a decoder writes the target one token at a time: token i may only look at tokens 1…i. The source is
            complete before decoding starts, so cross-attention needs no such mask.
          </p>
        </div>
      )}
    </CalculatorFrame>
  );
}

function causalBlocked(i: number, j: number): boolean {
  return j > i;
}

function ModeExplanation({ result }: { result: CrossAttentionResult }) {
  if (result.mode === 'random') {
    return (
      <p className={styles.warning} data-testid="mode-explanation">
        These projections are random, not trained, so which source word a target word attends to is arbitrary here — it is not a translation
        alignment. Choose <em>Toy aligned</em> to see the kind of picture a trained translation model produces.
      </p>
    );
  }
  return (
    <p className={styles.warning} data-testid="mode-explanation">
      Toy aligned: built by hand, not learned. Each source position gets its own vector, each target token reuses the vector of the source word
      it translates (the alignment), and all projections are the identity, so a target query matches exactly the key of its source word.
      {result.orthogonal === false && ' With more source tokens than d_model the vectors cannot all be orthogonal, so some weight leaks to other words.'}
    </p>
  );
}

const OKABE_ITO_BLUE = '#0072B2';
const OKABE_ITO_VERMILLION = '#D55E00';
const SLOT = 90;
const MARGIN = 20;
const HEIGHT = 210;

function truncate(token: string, max = 10): string {
  return token.length <= max ? token : `${token.slice(0, max - 1)}…`;
}

/** Source tokens on top, target tokens below; a line per (target, source) pair, thicker and darker for larger weights. */
function AlignmentLines({ result }: { result: CrossAttentionResult }) {
  const { format } = useNumberFormat();
  const id = useId();
  const [active, setActive] = useState<number | null>(null);
  const ns = result.source.length;
  const nt = result.target.length;
  const width = Math.max(ns, nt) * SLOT + 2 * MARGIN;
  const xOf = (index: number, count: number) => MARGIN + ((index + 0.5) * (width - 2 * MARGIN)) / count;
  const weight = (i: number, j: number) => result.cross.weights.data[i * ns + j];
  const ranked = (i: number) =>
    Array.from({ length: ns }, (_, j) => j)
      .sort((a, b) => weight(i, b) - weight(i, a))
      .map((j) => `${result.source[j]} ${format(weight(i, j))}`);

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, i: number) => {
    const next = event.key === 'ArrowRight' ? i + 1 : event.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null || next < 0 || next >= nt) return;
    event.preventDefault();
    const target = event.currentTarget.parentNode?.querySelectorAll<SVGGElement>('[data-target-token]')[next];
    target?.focus();
  };

  const lines = [];
  for (let i = 0; i < nt; i++) {
    for (let j = 0; j < ns; j++) {
      const w = weight(i, j);
      const highlighted = active === i;
      const dimmed = active !== null && !highlighted;
      lines.push(
        <line
          key={`${i}-${j}`}
          x1={xOf(j, ns)}
          y1={44}
          x2={xOf(i, nt)}
          y2={HEIGHT - 44}
          stroke={highlighted ? OKABE_ITO_VERMILLION : OKABE_ITO_BLUE}
          strokeWidth={0.5 + (highlighted ? 8 : 6) * w}
          strokeOpacity={dimmed ? 0.08 * w : Math.max(0.04, w)}
          strokeLinecap="round"
        />,
      );
    }
  }

  return (
    <figure className={styles.lines}>
      <figcaption id={`${id}-caption`}>
        <strong>Cross-attention as lines</strong>: each target token (below) sends a line to every source token (above), thicker and darker for a
        larger weight.{' '}
        <span className="calculator-hint">Hover a target token, or focus it with Tab (arrow keys move between them), to see only its lines.</span>
      </figcaption>
      <div className={`${styles.linesScroll} scroll-box`}>
        <svg
          viewBox={`0 0 ${width} ${HEIGHT}`}
          width="100%"
          style={{ minWidth: Math.max(ns, nt) * 58 }}
          role="group"
          aria-labelledby={`${id}-caption`}
          onMouseLeave={() => setActive(null)}
        >
          <text x={4} y={14} className={styles.sideLabel}>
            source (keys, values)
          </text>
          <text x={4} y={HEIGHT - 4} className={styles.sideLabel}>
            target (queries)
          </text>
          <g aria-hidden="true">{lines}</g>
          {result.source.map((token, j) => (
            <text key={j} x={xOf(j, ns)} y={36} textAnchor="middle" className={styles.token}>
              <title>{token}</title>
              {truncate(token)}
            </text>
          ))}
          {result.target.map((token, i) => (
            <g
              key={i}
              data-target-token={i}
              tabIndex={0}
              role="button"
              aria-pressed={active === i}
              aria-label={`${token} (target ${i + 1}) attends to ${ranked(i).slice(0, 3).join(', ')}`}
              className={styles.targetToken}
              onMouseEnter={() => setActive(i)}
              onFocus={() => setActive(i)}
              onBlur={() => setActive(null)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              <rect x={xOf(i, nt) - SLOT / 2 + 4} y={HEIGHT - 40} width={SLOT - 8} height={24} rx={4} className={styles.tokenBox} />
              <text x={xOf(i, nt)} y={HEIGHT - 23} textAnchor="middle" className={styles.token}>
                {truncate(token)}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <p className={styles.readout} aria-live="polite" data-testid="lines-readout">
        {active === null ? 'No target token selected.' : `${result.target[active]} (target ${active + 1}) attends to: ${ranked(active).join(', ')}`}
      </p>
      <details>
        <summary>The lines as text</summary>
        <ul>
          {result.target.map((token, i) => (
            <li key={i}>
              {token}: {ranked(i).join(', ')}
            </li>
          ))}
        </ul>
      </details>
    </figure>
  );
}
