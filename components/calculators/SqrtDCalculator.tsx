'use client';
/**
 * Why √d: random queries and keys at a chosen d, the histograms of their raw and scaled dot
 * products on shared bins, the sample variances next to the theory (d and 1), the entropy of the
 * softmax and the share of saturated rows with and without the scaling, and the same over
 * d = 1 … 1024. A temperature slider divides the logits further. Sampling and the sweep run in the
 * worker (lib/calculators/sqrtDExperiment.ts), each on its own latest-wins channel, so dragging the
 * slider only re-renders; the state and its rules are lib/calculators/sqrtDSpec.ts.
 */
import { scaleLinear } from 'd3';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Histogram, SqrtDExperimentResult, SqrtDSummary } from '../../lib/calculators/sqrtDExperiment';
import { SATURATION_THRESHOLD } from '../../lib/calculators/sqrtDExperiment';
import {
  SQRT_D_DIMENSIONS,
  SQRT_D_MAX_DOT_PRODUCTS,
  SQRT_D_MAX_KEYS,
  SQRT_D_MAX_SAMPLES,
  SQRT_D_TEMPERATURE_MAX,
  SQRT_D_TEMPERATURE_MIN,
  sliderFromTemperature,
  sqrtDExperimentArgs,
  sqrtDSpec,
  sqrtDSweepArgs,
  temperatureFromSlider,
  type SqrtDState,
  SQRT_D_LABELS,
} from '../../lib/calculators/sqrtDSpec';
import { numpySqrtDSnippet, pytorchSqrtDSnippet, sqrtDHistogramCsv } from '../../lib/snippets/sqrtDSnippets';
import { LineChart, type ChartMarker, type LineSeries } from '../charts/LineChart';
import { seriesColour, seriesDash } from '../charts/chartAxes';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import parts from './calculatorParts.module.css';
import { NumberField } from './NumberField';
import type { CalculatorComponentProps } from './calculatorComponents';
import styles from './SqrtDCalculator.module.css';
import { useCalculatorState } from './useCalculatorState';
import { useWorkerOp } from './useWorkerOp';

/** Okabe–Ito: unscaled (raw) is series 1 (orange), scaled is series 0 (blue), as in the charts. */
const UNSCALED = 1;
const SCALED = 0;

export function SqrtDCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  const { state, update } = useCalculatorState(embedId, sqrtDSpec, initial as SqrtDState, preset);

  const experimentKey = JSON.stringify([state.d, state.samples, state.keys, state.seed, state.temperature]);
  const sweepKey = JSON.stringify([state.samples, state.keys, state.seed, state.temperature]);
  const experimentArgs = useMemo(() => [sqrtDExperimentArgs(state)] as [ReturnType<typeof sqrtDExperimentArgs>], [experimentKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const sweepArgs = useMemo(() => [sqrtDSweepArgs(state)] as [ReturnType<typeof sqrtDSweepArgs>], [sweepKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // The sweep redraws every sample at 11 values of d (seconds at the larger settings). While the
  // slider is being dragged only the single experiment follows it; the sweep starts once the
  // settings have stood still for a moment, rather than starting and cancelling a worker on
  // every step of the drag (a cancelled long job costs a worker restart).
  const settledSweepKey = useSettled(sweepKey, SWEEP_SETTLE_MS);
  const experiment = useWorkerOp(embedId, 'computeSqrtDExperiment', experimentArgs, experimentKey);
  const sweep = useWorkerOp(embedId, 'computeSqrtDSweep', settledSweepKey === sweepKey ? sweepArgs : null, settledSweepKey);
  const sweepPending = sweep.computing || settledSweepKey !== sweepKey;
  const result = experiment.result;
  const error = experiment.error ?? sweep.error;

  const productProblem = (samples: number, keys: number) =>
    samples * keys > SQRT_D_MAX_DOT_PRODUCTS
      ? `${samples} × ${keys} = ${(samples * keys).toLocaleString('en')} dot products per d; the sweep allows at most ${SQRT_D_MAX_DOT_PRODUCTS.toLocaleString('en')}.`
      : '';

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={sqrtDSpec}
      slow={experiment.slow || sweep.slow}
      description="Random queries and keys with N(0, 1) entries: their dot products spread like √d, so softmax saturates unless the scores are divided by √d."
      exports={{
        numpy: () => numpySqrtDSnippet(state),
        pytorch: () => pytorchSqrtDSnippet(state),
        csv: () => {
          if (!result) throw new Error('nothing computed yet');
          return sqrtDHistogramCsv(result.rawHistogram.edges, result.rawHistogram.counts, result.scaledHistogram.counts);
        },
      }}
    >
      <div className={`calculator-row ${styles.controls}`}>
        <span className={parts.field}>
          <label htmlFor={`${domId}-d`}>{SQRT_D_LABELS.d}</label>
          <select id={`${domId}-d`} value={state.d} onChange={(e) => update({ d: Number(e.target.value) })}>
            {SQRT_D_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </span>
        <NumberField
          integer
          sentenceCase
          className={styles.narrow}
          label={SQRT_D_LABELS.samples}
          value={state.samples}
          min={1}
          max={SQRT_D_MAX_SAMPLES}
          validate={(x) => productProblem(x, state.keys)}
          onValid={(x) => update({ samples: x })}
        />
        <NumberField
          integer
          sentenceCase
          className={styles.narrow}
          label={SQRT_D_LABELS.keys}
          value={state.keys}
          min={2}
          max={SQRT_D_MAX_KEYS}
          validate={(x) => productProblem(state.samples, x)}
          onValid={(x) => update({ keys: x })}
        />
        <NumberField integer sentenceCase className={styles.narrow} label={SQRT_D_LABELS.seed} value={state.seed} min={0} max={2 ** 31 - 1} onValid={(x) => update({ seed: x })} />
      </div>
      <div className={styles.sliderRow}>
        <label htmlFor={`${domId}-temperature`}>{SQRT_D_LABELS.temperature}</label>
        <input
          id={`${domId}-temperature`}
          className={parts.slider}
          type="range"
          min={sliderFromTemperature(SQRT_D_TEMPERATURE_MIN)}
          max={sliderFromTemperature(SQRT_D_TEMPERATURE_MAX)}
          step={0.01}
          value={sliderFromTemperature(state.temperature)}
          aria-valuetext={`T = ${state.temperature}`}
          onChange={(e) => update({ temperature: temperatureFromSlider(Number(e.target.value)) })}
        />
        <output htmlFor={`${domId}-temperature`} className={styles.sliderValue} data-testid="temperature">
          T = {state.temperature}
        </output>
        <span className="calculator-hint">softmax(score / T): below 1 sharpens, above 1 flattens.</span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error.message} Showing the last valid result.
        </p>
      )}
      {result && <ExperimentResults result={result} />}
      <p className="calculator-hint" aria-live="polite">
        {sweepPending ? 'Recomputing the curves over d…' : ''}
      </p>
      {sweep.result && <SweepCharts points={sweep.result.points} currentD={state.d} keys={sweep.result.keys} temperature={sweep.result.temperature} />}
    </CalculatorFrame>
  );
}

/** The numbers of one experiment; inside the frame, so "more digits" applies to them. */
function ExperimentResults({ result }: { result: SqrtDExperimentResult }) {
  const { format } = useNumberFormat();
  return (
    <>
      <p className={styles.reading} aria-live="polite">
        At d = {result.d}, each q·k is a sum of {result.d} products of variance 1, so its variance is {result.d}; divided by √{result.d} ={' '}
        {format(Math.sqrt(result.d))} it is 1 again, whatever d is. Measured over {(result.samples * result.keys).toLocaleString('en')} dot
        products:
      </p>
      <div className={styles.tables}>
        <div className={parts.tableScroll}>
          <table className={styles.stats}>
            <caption>Dot products</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">quantity</span>
                </th>
                <th scope="col">mean</th>
                <th scope="col">variance</th>
                <th scope="col">theory</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">q·k</th>
                <td>{format(result.rawMean)}</td>
                <td data-testid="raw-variance">{format(result.rawVariance)}</td>
                <td>{result.expectedRawVariance}</td>
              </tr>
              <tr>
                <th scope="row">q·k / √d</th>
                <td>{format(result.scaledMean)}</td>
                <td data-testid="scaled-variance">{format(result.scaledVariance)}</td>
                <td>{result.expectedScaledVariance}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className={parts.tableScroll}>
          <table className={styles.stats}>
            <caption>
              Softmax over {result.keys} keys at T = {result.temperature}
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">softmax of</span>
                </th>
                <th scope="col">mean entropy (nats)</th>
                <th scope="col">rows saturated (max weight &gt; {SATURATION_THRESHOLD})</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">unscaled: q·k / T</th>
                <td data-testid="unscaled-entropy">{format(result.unscaledMeanEntropy)}</td>
                <td data-testid="unscaled-saturated">{percent(result.unscaledSaturatedShare)}</td>
              </tr>
              <tr>
                <th scope="row">scaled: q·k / (√d·T)</th>
                <td data-testid="scaled-entropy">{format(result.scaledMeanEntropy)}</td>
                <td data-testid="scaled-saturated">{percent(result.scaledSaturatedShare)}</td>
              </tr>
              <tr>
                <th scope="row">uniform weights</th>
                <td>{format(result.maxEntropy)}</td>
                <td>—</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      <SqrtDHistograms raw={result.rawHistogram} scaled={result.scaledHistogram} d={result.d} />
    </>
  );
}

const SWEEP_SETTLE_MS = 250;

/** `value` once it has not changed for `ms` (the first value at once). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** Entropy and saturated share over d, unscaled against scaled, the current d marked. */
function SweepCharts({ points, currentD, keys, temperature }: { points: readonly SqrtDSummary[]; currentD: number; keys: number; temperature: number }) {
  const { format } = useNumberFormat();
  const line = (label: string, index: number, y: (p: SqrtDSummary) => number): LineSeries => ({
    label,
    points: points.map((p) => ({ x: p.d, y: y(p) })),
    colour: seriesColour(index),
    dash: seriesDash(index),
  });
  const at = points.find((p) => p.d === currentD);
  // One marker per series at the current d (series 0 is unscaled, 1 scaled, in the order below).
  const markers = (unscaled: (p: SqrtDSummary) => number, scaled: (p: SqrtDSummary) => number, show: (x: number) => string): ChartMarker[] =>
    at
      ? [
          { x: currentD, y: unscaled(at), label: `d = ${currentD}: unscaled ${show(unscaled(at))}`, series: 0 },
          { x: currentD, y: scaled(at), label: `scaled ${show(scaled(at))}`, series: 1 },
        ]
      : [];
  const maxEntropy = Math.log(keys);
  const xAxis = { label: 'd', scale: 'log' as const, domain: [1, 1024] as const, format: (v: number) => String(v) };
  return (
    <div className={styles.sweep}>
      <h4>
        As d grows ({keys} keys, T = {temperature})
      </h4>
      <div className={styles.charts}>
        <LineChart
          title="Mean entropy of the softmax over d"
          series={[line('unscaled', UNSCALED, entropyUnscaled), line('scaled by 1/√d', SCALED, entropyScaled)]}
          x={xAxis}
          y={{ label: 'mean entropy (nats)', scale: 'linear', domain: [0, maxEntropy] }}
          markers={markers(entropyUnscaled, entropyScaled, format)}
          summary={`Uniform weights over ${keys} keys have entropy ln ${keys} = ${format(maxEntropy)} nats, the top of the axis.`}
        />
        <LineChart
          title={`Share of saturated rows (max weight > ${SATURATION_THRESHOLD}) over d`}
          series={[line('unscaled', UNSCALED, saturatedUnscaled), line('scaled by 1/√d', SCALED, saturatedScaled)]}
          x={xAxis}
          y={{ label: 'share of rows', scale: 'linear', domain: [0, 1] }}
          markers={markers(saturatedUnscaled, saturatedScaled, percent)}
        />
      </div>
    </div>
  );
}

const entropyUnscaled = (p: SqrtDSummary) => p.unscaledMeanEntropy;
const entropyScaled = (p: SqrtDSummary) => p.scaledMeanEntropy;
const saturatedUnscaled = (p: SqrtDSummary) => p.unscaledSaturatedShare;
const saturatedScaled = (p: SqrtDSummary) => p.scaledSaturatedShare;

const HIST_WIDTH = 560;
const HIST_HEIGHT = 150;
const HIST_MARGIN = { top: 10, right: 16, bottom: 34, left: 56 };

/**
 * The raw and the scaled dot products as two histograms on the same bins and the same x axis, one
 * above the other (each with its own count axis, so the wide raw one stays visible next to the
 * tall narrow scaled one). React draws the SVG; d3 only computes the scales and ticks.
 */
function SqrtDHistograms({ raw, scaled, d }: { raw: Histogram; scaled: Histogram; d: number }) {
  const { format } = useNumberFormat();
  const edges = raw.edges;
  return (
    <figure className={styles.histograms}>
      <figcaption>
        Histograms of q·k and q·k/√d on the same {edges.length - 1} bins (d = {d})
      </figcaption>
      <HistogramPanel title="q·k (unscaled)" histogram={raw} colour={seriesColour(UNSCALED)} pattern={false} />
      <HistogramPanel title={`q·k / √${d} (scaled)`} histogram={scaled} colour={seriesColour(SCALED)} pattern />
      <details>
        <summary>Histograms as a table</summary>
        <div className={parts.tableScroll}>
          <table className={styles.stats}>
            <thead>
              <tr>
                <th scope="col">bin</th>
                <th scope="col">q·k count</th>
                <th scope="col">q·k/√d count</th>
              </tr>
            </thead>
            <tbody>
              {raw.counts.map((count, i) =>
                count === 0 && scaled.counts[i] === 0 ? null : (
                  <tr key={i}>
                    <th scope="row">
                      [{format(edges[i])}, {format(edges[i + 1])}
                      {i === raw.counts.length - 1 ? ']' : ')'}
                    </th>
                    <td>{count}</td>
                    <td>{scaled.counts[i]}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function HistogramPanel({ title, histogram, colour, pattern }: { title: string; histogram: Histogram; colour: string; pattern: boolean }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const { format } = useNumberFormat();
  const { edges, counts } = histogram;
  const total = counts.reduce((s, c) => s + c, 0);
  const x = scaleLinear()
    .domain([edges[0], edges[edges.length - 1]])
    .range([HIST_MARGIN.left, HIST_WIDTH - HIST_MARGIN.right]);
  const maxCount = Math.max(1, ...counts);
  const y = scaleLinear()
    .domain([0, maxCount])
    .nice(4)
    .range([HIST_HEIGHT - HIST_MARGIN.bottom, HIST_MARGIN.top]);
  const xTicks = x.ticks(7);
  const yTicks = y.ticks(4);
  const occupied = counts.filter((c) => c > 0).length;
  return (
    <svg
      className={styles.histogram}
      viewBox={`0 0 ${HIST_WIDTH} ${HIST_HEIGHT}`}
      role="img"
      aria-label={`${title}: ${total} values in ${occupied} of ${counts.length} bins from ${format(edges[0])} to ${format(edges[edges.length - 1])}, at most ${maxCount} in one bin.`}
    >
      {pattern && (
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={colour} opacity="0.55" />
            <line x1="0" y1="0" x2="0" y2="6" stroke={colour} strokeWidth="3" />
          </pattern>
        </defs>
      )}
      <text x={HIST_MARGIN.left} y={HIST_MARGIN.top + 2} className={styles.panelTitle} dominantBaseline="hanging" dx="6">
        {title}
      </text>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={HIST_MARGIN.left} x2={HIST_WIDTH - HIST_MARGIN.right} y1={y(t)} y2={y(t)} className={styles.grid} />
          <text x={HIST_MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" className={styles.tick}>
            {t}
          </text>
        </g>
      ))}
      {counts.map((c, i) =>
        c === 0 ? null : (
          <rect
            key={i}
            x={x(edges[i]) + 0.5}
            width={Math.max(0.5, x(edges[i + 1]) - x(edges[i]) - 1)}
            y={y(c)}
            height={y(0) - y(c)}
            fill={pattern ? `url(#${id}-hatch)` : colour}
            stroke={colour}
            strokeWidth="1"
          />
        ),
      )}
      <line x1={HIST_MARGIN.left} x2={HIST_WIDTH - HIST_MARGIN.right} y1={y(0)} y2={y(0)} className={styles.axis} />
      {xTicks.map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},${y(0)})`}>
          <line y2="5" className={styles.axis} />
          <text y="16" textAnchor="middle" className={styles.tick}>
            {format(t)}
          </text>
        </g>
      ))}
      <text x={(HIST_MARGIN.left + HIST_WIDTH - HIST_MARGIN.right) / 2} y={HIST_HEIGHT - 4} textAnchor="middle" className={styles.tick}>
        value of the dot product
      </text>
      <text transform={`translate(12,${(HIST_MARGIN.top + HIST_HEIGHT - HIST_MARGIN.bottom) / 2}) rotate(-90)`} textAnchor="middle" className={styles.tick}>
        count
      </text>
    </svg>
  );
}
