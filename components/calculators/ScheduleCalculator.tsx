'use client';
/**
 * Learning-rate schedules: StepLR, ExponentialLR, CosineAnnealingLR and warm-up + cosine drawn
 * over the same steps (checkboxes pick which), on a linear or log y axis, with a step slider that
 * reads every schedule's learning rate at that step. The curves are computed in the worker
 * (lib/calculators/scheduleExplorer.ts, PyTorch's closed forms); the state and its rules are
 * lib/calculators/scheduleSpec.ts.
 */
import { useId, useMemo } from 'react';
import type { ScheduleKind } from '../../lib/calculators/scheduleExplorer';
import {
  SCHEDULE_COLOUR_INDEX,
  SCHEDULE_MAX_STEPS,
  SCHEDULE_NAMES,
  checkSchedules,
  scheduleSpec,
  schedulesOf,
  type ScheduleState,
  SCHEDULE_LABELS,
} from '../../lib/calculators/scheduleSpec';
import { numpyScheduleSnippet, pytorchScheduleSnippet, scheduleCsv } from '../../lib/snippets/scheduleSnippets';
import { asSentence } from '../../lib/calculators/fieldInput';
import { LineChart, type ChartMarker, type LineSeries } from '../charts/LineChart';
import { seriesColour, seriesDash } from '../charts/chartAxes';
import { CalculatorFrame, useNumberFormat } from './CalculatorFrame';
import parts from './calculatorParts.module.css';
import { NumberField } from './NumberField';
import type { CalculatorComponentProps } from './calculatorComponents';
import styles from './ScheduleCalculator.module.css';
import { useCalculatorState } from './useCalculatorState';
import { useWorkerOp } from './useWorkerOp';

type NumberKey = { [K in keyof ScheduleState]: ScheduleState[K] extends number ? K : never }[keyof ScheduleState];

const SHOW_FIELD: Readonly<Record<ScheduleKind, 'showStep' | 'showExp' | 'showCos' | 'showWarm'>> = {
  stepDecay: 'showStep',
  exponential: 'showExp',
  cosineAnnealing: 'showCos',
  warmupCosine: 'showWarm',
};

export function ScheduleCalculator({ embedId, preset, initial }: CalculatorComponentProps) {
  const domId = useId();
  const { state, update } = useCalculatorState(embedId, scheduleSpec, initial as ScheduleState, preset);
  const { format } = useNumberFormat();
  // Cross-field problems (minimum above lr, warm-up past its total): shown by their field, and the
  // chart keeps the last good curves.
  const problems = useMemo(() => checkSchedules(state), [state]);
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const ruleProblemOf = (field: string) => {
    const problem = problemOf(field);
    return problem ? asSentence(problem) : undefined;
  };
  const curvesOk = problems.every((p) => p.field === 'step');
  const schedules = useMemo(() => schedulesOf(state), [state]);
  const key = JSON.stringify(schedules) + state.steps;
  const { result, error, slow } = useWorkerOp(embedId, 'scheduleSeries', curvesOk ? [{ steps: state.steps, schedules }] : null, key);

  const series: LineSeries[] = useMemo(
    () =>
      (result?.series ?? []).map((s) => {
        const index = SCHEDULE_COLOUR_INDEX[s.kind];
        return {
          label: s.label,
          points: Array.from(s.lr, (y, x) => ({ x, y })),
          colour: seriesColour(index),
          dash: seriesDash(index),
        };
      }),
    [result],
  );
  const step = Math.min(state.step, result?.steps ?? state.step);
  const markers: ChartMarker[] = (result?.series ?? []).map((s, i) => ({
    x: step,
    y: s.lr[step],
    label: `${SCHEDULE_NAMES[s.kind]} ${format(s.lr[step])}`,
    series: i,
  }));

  const set = (patch: Partial<ScheduleState>) => update(patch);
  const num = (field: NumberKey, label: string, opts: { integer?: boolean; min: number; max: number; hint?: string }) => (
    <NumberField
      label={label}
      value={state[field]}
      integer={opts.integer}
      min={opts.min}
      max={opts.max}
      ruleProblem={ruleProblemOf(field)}
      onValid={(x) => set({ [field]: x } as Partial<ScheduleState>)}
    />
  );

  return (
    <CalculatorFrame
      embedId={embedId}
      spec={scheduleSpec}
      slow={slow}
      description="How the learning rate moves over training under four common schedules. Tick the ones to compare and move the step slider to read their values."
      exports={{
        pytorch: () => pytorchScheduleSnippet(state),
        numpy: () => numpyScheduleSnippet(state),
        csv: () => {
          if (!result) throw new Error('nothing computed yet');
          return scheduleCsv(result.series);
        },
      }}
    >
      <div className="calculator-row">
        <NumberField
          label={SCHEDULE_LABELS.steps}
          value={state.steps}
          integer
          min={2}
          max={SCHEDULE_MAX_STEPS}
          onValid={(x) => set({ steps: x, step: Math.min(state.step, x) })}
        />
        <NumberField label={SCHEDULE_LABELS.lr} value={state.lr} min={1e-6} max={10} onValid={(x) => set({ lr: x })} />
        <label>
          <input type="checkbox" checked={state.logY} onChange={(e) => set({ logY: e.target.checked })} /> Log y axis
        </label>
      </div>
      <div className={styles.schedules}>
        <fieldset>
          <legend>
            <ShowToggle kind="stepDecay" state={state} set={set} />
          </legend>
          {num('stepSize', SCHEDULE_LABELS.stepSize, { integer: true, min: 1, max: SCHEDULE_MAX_STEPS })}
          {num('stepGamma', SCHEDULE_LABELS.stepGamma, { min: 0.001, max: 1 })}
        </fieldset>
        <fieldset>
          <legend>
            <ShowToggle kind="exponential" state={state} set={set} />
          </legend>
          {num('expGamma', SCHEDULE_LABELS.expGamma, { min: 0.001, max: 1 })}
        </fieldset>
        <fieldset>
          <legend>
            <ShowToggle kind="cosineAnnealing" state={state} set={set} />
          </legend>
          {num('cosPeriod', SCHEDULE_LABELS.cosPeriod, { integer: true, min: 1, max: SCHEDULE_MAX_STEPS })}
          {num('cosMinLr', SCHEDULE_LABELS.cosMinLr, { min: 0, max: 10 })}
        </fieldset>
        <fieldset>
          <legend>
            <ShowToggle kind="warmupCosine" state={state} set={set} />
          </legend>
          {num('warmupSteps', SCHEDULE_LABELS.warmupSteps, { integer: true, min: 0, max: SCHEDULE_MAX_STEPS })}
          {num('warmTotal', SCHEDULE_LABELS.warmTotal, { integer: true, min: 1, max: SCHEDULE_MAX_STEPS })}
          {num('warmMinLr', SCHEDULE_LABELS.warmMinLr, { min: 0, max: 10 })}
        </fieldset>
      </div>
      {problemOf('showStep') ? (
        <p className="field-error" role="alert">
          {asSentence(problemOf('showStep') as string)}
        </p>
      ) : null}
      <div className={styles.stepRow}>
        <label htmlFor={`${domId}-step`}>{SCHEDULE_LABELS.step}</label>
        <input
          id={`${domId}-step`}
          type="range"
          min={0}
          max={state.steps}
          value={Math.min(state.step, state.steps)}
          onChange={(e) => set({ step: Number(e.target.value) })}
          className={parts.slider}
        />
        <output htmlFor={`${domId}-step`} className={styles.stepValue}>
          {Math.min(state.step, state.steps)} / {state.steps}
        </output>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error.message} Showing the last valid result.
        </p>
      ) : null}
      {result ? (
        <>
          <table className={styles.readout} aria-live="polite">
            <caption>Learning rate at step {step}</caption>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">lr</th>
                <th scope="col">share of base lr</th>
              </tr>
            </thead>
            <tbody>
              {result.series.map((s) => (
                <tr key={s.kind}>
                  <th scope="row">
                    <svg width="26" height="10" aria-hidden="true">
                      <line x1="1" y1="5" x2="25" y2="5" stroke={seriesColour(SCHEDULE_COLOUR_INDEX[s.kind])} strokeWidth="2.5" strokeDasharray={seriesDash(SCHEDULE_COLOUR_INDEX[s.kind])} />
                    </svg>{' '}
                    {SCHEDULE_NAMES[s.kind]}
                  </th>
                  <td data-testid={`lr-${s.kind}`}>{format(s.lr[step])}</td>
                  <td>{format(s.lr[step] / state.lr)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <LineChart
            title="Learning rate over training"
            series={series}
            x={{ label: 'step', scale: 'linear', domain: [0, result.steps] }}
            y={{ label: 'learning rate', scale: state.logY ? 'log' : 'linear' }}
            markers={markers}
            summary={state.logY ? 'Zero learning rates (warm-up start, a cosine reaching 0) cannot be drawn on a log axis and leave gaps.' : undefined}
          />
        </>
      ) : null}
    </CalculatorFrame>
  );
}

function ShowToggle({ kind, state, set }: { kind: ScheduleKind; state: ScheduleState; set: (patch: Partial<ScheduleState>) => void }) {
  const field = SHOW_FIELD[kind];
  const index = SCHEDULE_COLOUR_INDEX[kind];
  return (
    <label>
      <input type="checkbox" checked={state[field]} onChange={(e) => set({ [field]: e.target.checked } as Partial<ScheduleState>)} />{' '}
      <svg width="26" height="10" aria-hidden="true">
        <line x1="1" y1="5" x2="25" y2="5" stroke={seriesColour(index)} strokeWidth="2.5" strokeDasharray={seriesDash(index)} />
      </svg>{' '}
      {SCHEDULE_NAMES[kind]}
    </label>
  );
}
