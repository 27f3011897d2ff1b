'use client';
/**
 * Evaluation metrics: labels and scores (typed, or from a seeded synthetic classifier whose
 * classes sit `separation` standard deviations apart), a threshold that turns scores into
 * predictions, the confusion matrix with accuracy, precision, recall and F1, and the PR and ROC
 * curves with the threshold marked on both. Data generation, metrics and curves run in the worker
 * (lib/calculators/metricsExplorer.ts, scikit-learn's definitions); the state and the typed-data
 * parser are lib/calculators/metricsSpec.ts.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { pointOnCurves } from '../../lib/calculators/metricsExplorer';
import {
  EXAMPLE_TYPED,
  SYNTHETIC_MAX_N,
  THRESHOLD_LIMIT,
  TYPED_MAX_CHARS,
  formatLabelScores,
  metricsSpec,
  parseLabelScores,
  prStepPoints,
  thresholdRange,
  type MetricsState,
  METRICS_LABELS,
} from '../../lib/calculators/metricsSpec';
import { pytorchMetricsSnippet, sklearnMetricsSnippet } from '../../lib/snippets/metricsSnippets';
import { asSentence } from '../../lib/calculators/fieldInput';
import { LineChart } from '../charts/LineChart';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import parts from './calculatorParts.module.css';
import { NumberField } from './NumberField';
import type { CalculatorComponentProps } from './calculatorComponents';
import styles from './MetricsCalculator.module.css';
import { useCalculatorState } from './useCalculatorState';
import { useWorkerOp } from './useWorkerOp';

interface Samples {
  yTrue: number[];
  scores: number[];
}

/** A number that changes exactly when the object does: the key for work that depends on it. */
function useIdentityKey(value: object | null): number {
  const ids = useRef(new WeakMap<object, number>());
  const next = useRef(1);
  if (value === null) return 0;
  let id = ids.current.get(value);
  if (id === undefined) {
    id = next.current++;
    ids.current.set(value, id);
  }
  return id;
}

export function MetricsCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  const { state, update } = useCalculatorState(embedId, metricsSpec, initial as MetricsState, preset);
  const { format } = useNumberFormat();

  // Typed data: parsed here (a few hundred short lines); what the learner typed stays in the box
  // even when it does not parse, and the last good samples stay on screen.
  const [typedText, setTypedText] = useState(state.typed);
  useEffect(() => setTypedText(state.typed), [state.typed]);
  const typedParse = useMemo(() => parseLabelScores(typedText), [typedText]);
  const [lastTyped, setLastTyped] = useState<Samples | null>(null);
  const goodTyped = state.mode === 'typed' && typedParse.problems.length === 0 ? typedParse : null;
  const typedSamples = useMemo<Samples | null>(() => (goodTyped ? { yTrue: goodTyped.yTrue, scores: goodTyped.scores } : null), [goodTyped]);
  useEffect(() => {
    if (typedSamples) setLastTyped(typedSamples);
  }, [typedSamples]);

  const synthetic = useWorkerOp(
    embedId,
    'syntheticClassifier',
    state.mode === 'synthetic' ? [{ n: state.n, positiveShare: state.positiveShare, separation: state.separation, seed: state.seed }] : null,
    JSON.stringify([state.n, state.positiveShare, state.separation, state.seed]),
  );
  const samples: Samples | null = state.mode === 'synthetic' ? synthetic.result : (typedSamples ?? lastTyped);
  const samplesKey = useIdentityKey(samples);
  const curves = useWorkerOp(embedId, 'computeMetricsCurves', samples ? [samples] : null, String(samplesKey));
  const atThreshold = useWorkerOp(
    embedId,
    'metricsAtThreshold',
    samples ? [{ yTrue: samples.yTrue, scores: samples.scores, threshold: state.threshold }] : null,
    `${samplesKey}|${state.threshold}`,
  );
  const metrics = atThreshold.result;
  const curveResult = curves.result;
  const point = useMemo(() => (curveResult ? pointOnCurves(curveResult, state.threshold) : null), [curveResult, state.threshold]);
  const prPoints = useMemo(() => (curveResult ? prStepPoints(curveResult.pr) : []), [curveResult]);
  const rocPoints = useMemo(() => (curveResult ? curveResult.roc.fpr.map((x, k) => ({ x, y: curveResult.roc.tpr[k] })) : []), [curveResult]);
  const positives = samples ? samples.yTrue.reduce((a, b) => a + b, 0) : 0;
  const range = thresholdRange(state.mode, samples?.scores ?? null);

  const switchMode = (mode: MetricsState['mode']) => {
    if (mode === state.mode) return;
    if (mode === 'typed') {
      const start = samples && samples.yTrue.length <= 40 ? formatLabelScores(samples.yTrue, samples.scores) : EXAMPLE_TYPED;
      update({ mode, typed: start, threshold: 0.5 });
    } else {
      update({ mode, typed: '', threshold: Math.min(1, Math.max(0, state.threshold)) });
    }
  };
  const onTyped = (text: string) => {
    setTypedText(text);
    const parsed = parseLabelScores(text);
    if (parsed.problems.length === 0 && text.length <= TYPED_MAX_CHARS) update({ typed: text });
  };
  const typedProblem =
    state.mode !== 'typed' ? '' : typedText.length > TYPED_MAX_CHARS ? `At most ${TYPED_MAX_CHARS} characters.` : typedParse.problems.length > 0 ? asSentence(typedParse.problems[0]) : '';
  const error = synthetic.error ?? curves.error ?? atThreshold.error;

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={metricsSpec}
      slow={synthetic.slow || curves.slow}
      description="Move the threshold and watch the confusion matrix, the four metrics and the marked points on the PR and ROC curves move together."
      exports={{
        numpy: () => {
          if (!samples) throw new Error('nothing computed yet');
          return sklearnMetricsSnippet({ ...samples, threshold: state.threshold });
        },
        pytorch: () => {
          if (!samples) throw new Error('nothing computed yet');
          return pytorchMetricsSnippet({ ...samples, threshold: state.threshold });
        },
        csv: () => {
          if (!samples) throw new Error('nothing computed yet');
          return ['label,score', ...samples.yTrue.map((y, i) => `${y},${samples.scores[i]}`)].join('\r\n') + '\r\n';
        },
      }}
    >
      <fieldset className={styles.mode}>
        <legend>{METRICS_LABELS.mode}</legend>
        <label>
          <input type="radio" name={`${domId}-mode`} checked={state.mode === 'synthetic'} onChange={() => switchMode('synthetic')} /> Synthetic classifier
        </label>
        <label>
          <input type="radio" name={`${domId}-mode`} checked={state.mode === 'typed'} onChange={() => switchMode('typed')} /> Type labels and scores
        </label>
      </fieldset>
      {state.mode === 'synthetic' ? (
        <>
          <div className="calculator-row">
            <NumberField label={METRICS_LABELS.n} value={state.n} min={4} max={SYNTHETIC_MAX_N} integer onValid={(n) => update({ n })} />
            <NumberField label={METRICS_LABELS.positiveShare} value={state.positiveShare} min={0.01} max={0.99} onValid={(positiveShare) => update({ positiveShare })} />
            <NumberField label={METRICS_LABELS.seed} value={state.seed} min={0} max={2 ** 32 - 1} integer onValid={(seed) => update({ seed })} />
          </div>
          <div className={styles.sliderRow}>
            <label htmlFor={`${domId}-separation`}>{METRICS_LABELS.separation}</label>
            <input
              id={`${domId}-separation`}
              type="range"
              min={0}
              max={6}
              step={0.05}
              value={Math.min(state.separation, 6)}
              onChange={(e) => update({ separation: Number(e.target.value) })}
              className={parts.slider}
            />
            <output htmlFor={`${domId}-separation`}>{format(state.separation)} σ</output>
          </div>
          <p className="calculator-hint">
            Each sample gets a latent score from N(±separation/2, 1) by its class; the score shown is its logistic, in (0, 1). Separation 0 means no signal
            (AUC near ½).
          </p>
        </>
      ) : (
        <div className={styles.typed}>
          <label htmlFor={`${domId}-typed`}>{METRICS_LABELS.typed}: one sample per line, its label (0 or 1), then its score</label>
          <textarea
            id={`${domId}-typed`}
            rows={8}
            value={typedText}
            onChange={(e) => onTyped(e.target.value)}
            spellCheck={false}
            aria-invalid={typedProblem ? true : undefined}
            aria-describedby={typedProblem ? `${domId}-typed-error` : undefined}
          />
          {typedProblem ? (
            <p id={`${domId}-typed-error`} className="field-error" role="alert">
              {typedProblem} Showing the last valid data.
            </p>
          ) : null}
        </div>
      )}

      <div className={styles.sliderRow}>
        <label htmlFor={`${domId}-threshold`}>{METRICS_LABELS.threshold}</label>
        <input
          id={`${domId}-threshold`}
          type="range"
          min={range.min}
          max={range.max}
          step={range.step}
          value={Math.min(range.max, Math.max(range.min, state.threshold))}
          onChange={(e) => update({ threshold: Number(e.target.value) })}
          className={parts.slider}
        />
        <NumberField label="exact threshold" hideLabel value={state.threshold} min={-THRESHOLD_LIMIT} max={THRESHOLD_LIMIT} onValid={(threshold) => update({ threshold })} />
      </div>
      <p className="calculator-hint">A sample is predicted positive when its score is at least the threshold.</p>
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}

      {metrics && samples ? (
        <div className={styles.results}>
          <table className={styles.confusion}>
            <caption>
              {/* From the result itself: while a new one computes, the caption still describes the numbers shown. */}
              Confusion matrix ({metrics.tp + metrics.fn + metrics.fp + metrics.tn} samples, {metrics.tp + metrics.fn} positive) at threshold{' '}
              {format(metrics.threshold)}
            </caption>
            <thead>
              <tr>
                <td />
                <th scope="col">predicted positive</th>
                <th scope="col">predicted negative</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">actually positive</th>
                <td data-testid="tp">
                  <span className={styles.cellName}>TP</span> {metrics.tp}
                </td>
                <td data-testid="fn">
                  <span className={styles.cellName}>FN</span> {metrics.fn}
                </td>
              </tr>
              <tr>
                <th scope="row">actually negative</th>
                <td data-testid="fp">
                  <span className={styles.cellName}>FP</span> {metrics.fp}
                </td>
                <td data-testid="tn">
                  <span className={styles.cellName}>TN</span> {metrics.tn}
                </td>
              </tr>
            </tbody>
          </table>
          <dl className={styles.metrics} aria-live="polite">
            <dt>Accuracy</dt>
            <dd data-testid="accuracy">
              {format(metrics.accuracy)} <span className={styles.formula}>(TP + TN) / all</span>
            </dd>
            <dt>Precision</dt>
            <dd data-testid="precision">
              {format(metrics.precision)} <span className={styles.formula}>TP / (TP + FP)</span>
            </dd>
            <dt>Recall</dt>
            <dd data-testid="recall">
              {format(metrics.recall)} <span className={styles.formula}>TP / (TP + FN)</span>
            </dd>
            <dt>F1</dt>
            <dd data-testid="f1">
              {format(metrics.f1)} <span className={styles.formula}>2·TP / (2·TP + FP + FN)</span>
            </dd>
          </dl>
        </div>
      ) : null}
      {metrics && metrics.tp + metrics.fp === 0 ? (
        <p className={styles.note} role="note">
          Nothing is predicted positive, so precision is 0/0, undefined: it is reported as 0 (scikit-learn&apos;s zero_division default), which makes F1 0
          too, while the PR curve&apos;s own end point uses precision 1 by convention.
        </p>
      ) : null}
      {metrics && positives === 0 ? (
        <p className={styles.note} role="note">
          There are no positives, so recall is 0/0, undefined: it is reported as 0, and the PR and ROC curves cannot be drawn.
        </p>
      ) : null}

      {/* A one-class sample has no curves: hide the last ones rather than pair them with new counts. */}
      {curveResult && point && !curves.error ? (
        <div className={styles.charts}>
          <LineChart
            title="Precision–recall curve"
            summary={`AP = ${format(curveResult.averagePrecision)}`}
            series={[
              { label: 'PR curve (steps: area = AP)', points: prPoints },
              { label: `chance (share of positives ${format(positives / (samples?.yTrue.length || 1))})`, points: chanceLine(positives / (samples?.yTrue.length || 1)), dashed: true },
            ]}
            x={{ label: 'recall', scale: 'linear', domain: [0, 1] }}
            y={{ label: 'precision', scale: 'linear', domain: [0, 1] }}
            markers={[{ x: point.pr.recall, y: point.pr.precision, label: `threshold ${format(state.threshold)}`, series: 0 }]}
            height={300}
          />
          <LineChart
            title="ROC curve"
            summary={`AUC = ${format(curveResult.auc)}`}
            series={[
              { label: 'ROC curve', points: rocPoints },
              { label: 'chance (AUC ½)', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], dashed: true },
            ]}
            x={{ label: 'false positive rate', scale: 'linear', domain: [0, 1] }}
            y={{ label: 'true positive rate (recall)', scale: 'linear', domain: [0, 1] }}
            markers={[{ x: point.roc.fpr, y: point.roc.tpr, label: `threshold ${format(state.threshold)}`, series: 0 }]}
            height={300}
          />
        </div>
      ) : null}
    </CalculatorFrame>
  );
}

function chanceLine(share: number): { x: number; y: number }[] {
  return [
    { x: 0, y: share },
    { x: 1, y: share },
  ];
}
