/**
 * The learning-rate schedules calculator's state (what a share link carries) and presets, and the
 * mapping from that state to the schedules lib/calculators/scheduleExplorer.ts evaluates. All
 * schedules share one base learning rate, as when one compares schedulers for the same optimiser;
 * each keeps its own shape parameters. Only the parameters travel in a link, never the curves.
 */
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';
import type { ScheduleKind, ScheduleSpec } from './scheduleExplorer';

/** Enough for a chart and a snippet; PyTorch runs this many optimiser steps in well under a second. */
export const SCHEDULE_MAX_STEPS = 10_000;

const schema = {
  steps: { kind: 'int', min: 2, max: SCHEDULE_MAX_STEPS },
  /** The step whose learning rates are read out (the marker on the chart). */
  step: { kind: 'int', min: 0, max: SCHEDULE_MAX_STEPS },
  lr: { kind: 'number', min: 1e-6, max: 10 },
  logY: { kind: 'boolean' },
  showStep: { kind: 'boolean' },
  showExp: { kind: 'boolean' },
  showCos: { kind: 'boolean' },
  showWarm: { kind: 'boolean' },
  stepSize: { kind: 'int', min: 1, max: SCHEDULE_MAX_STEPS },
  stepGamma: { kind: 'number', min: 0.001, max: 1 },
  expGamma: { kind: 'number', min: 0.001, max: 1 },
  cosPeriod: { kind: 'int', min: 1, max: SCHEDULE_MAX_STEPS },
  cosMinLr: { kind: 'number', min: 0, max: 10 },
  warmupSteps: { kind: 'int', min: 0, max: SCHEDULE_MAX_STEPS },
  warmTotal: { kind: 'int', min: 1, max: SCHEDULE_MAX_STEPS },
  warmMinLr: { kind: 'number', min: 0, max: 10 },
} as const;

export type ScheduleState = StateOf<typeof schema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const SCHEDULE_LABELS = {
  steps: 'Total steps',
  step: 'Step',
  lr: 'Base lr',
  logY: 'Log y axis',
  showStep: 'StepLR',
  showExp: 'ExponentialLR',
  showCos: 'CosineAnnealingLR',
  showWarm: 'warm-up + cosine',
  stepSize: 'step_size',
  stepGamma: 'gamma',
  expGamma: 'gamma',
  cosPeriod: 'T_max',
  cosMinLr: 'eta_min',
  warmupSteps: 'warm-up steps',
  warmTotal: 'total steps',
  warmMinLr: 'min lr',
} as const satisfies Record<keyof typeof schema, string>;

const base: ScheduleState = {
  steps: 100,
  step: 30,
  lr: 0.1,
  logY: false,
  showStep: true,
  showExp: true,
  showCos: true,
  showWarm: true,
  stepSize: 25,
  stepGamma: 0.5,
  // 0.01^(1/100): the exponential schedule ends at 1 % of lr.
  expGamma: 0.955,
  cosPeriod: 100,
  cosMinLr: 0,
  warmupSteps: 10,
  warmTotal: 100,
  warmMinLr: 0,
};

export const scheduleSpec = defineCalculator({
  name: 'learning-rate-schedules',
  title: 'Learning-rate schedules',
  stateVersion: 1,
  schema,
  labels: SCHEDULE_LABELS,
  presets: {
    compare: base,
    'log-scale': { ...base, logY: true, showWarm: false, cosMinLr: 0.001 },
    warmup: { ...base, steps: 1000, step: 50, lr: 0.0003, showStep: false, showExp: false, cosPeriod: 1000, warmupSteps: 100, warmTotal: 1000, warmMinLr: 0.00003, expGamma: 0.995, stepSize: 250 },
    // T_max shorter than training: PyTorch's cosine climbs back up after T_max.
    'cosine-restart': { ...base, showStep: false, showExp: false, showWarm: false, cosPeriod: 40, step: 60 },
    // StepLR ÷10 every 30 epochs against the ExponentialLR that meets it at each drop
    // (0.1^(1/30) ≈ 0.9261); on a log axis one is a staircase, the other the line through its corners.
    'step-vs-exponential': { ...base, logY: true, showCos: false, showWarm: false, step: 45, stepSize: 30, stepGamma: 0.1, expGamma: 0.9261 },
  },
  defaultPreset: 'compare',
  check: checkSchedules,
});

export function checkSchedules(state: ScheduleState): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (state.step > state.steps) problems.push({ field: 'step', message: `${SCHEDULE_LABELS.step} is ${state.step} but the chart ends at step ${state.steps}` });
  if (!state.showStep && !state.showExp && !state.showCos && !state.showWarm) {
    problems.push({ field: 'showStep', message: `pick at least one schedule to draw: ${[SCHEDULE_LABELS.showStep, SCHEDULE_LABELS.showExp, SCHEDULE_LABELS.showCos, SCHEDULE_LABELS.showWarm].join(', ')}` });
  }
  if (state.cosMinLr > state.lr) problems.push({ field: 'cosMinLr', message: `the cosine's ${SCHEDULE_LABELS.cosMinLr} (${state.cosMinLr}) is above the base lr (${state.lr})` });
  if (state.warmMinLr > state.lr) problems.push({ field: 'warmMinLr', message: `the warm-up schedule's ${SCHEDULE_LABELS.warmMinLr} (${state.warmMinLr}) is above the base lr (${state.lr})` });
  if (state.warmupSteps >= state.warmTotal) {
    problems.push({ field: 'warmupSteps', message: `${SCHEDULE_LABELS.warmupSteps} (${state.warmupSteps}) must be fewer than its ${SCHEDULE_LABELS.warmTotal} (${state.warmTotal})` });
  }
  return problems;
}

export const SCHEDULE_NAMES: Readonly<Record<ScheduleKind, string>> = {
  stepDecay: 'StepLR',
  exponential: 'ExponentialLR',
  cosineAnnealing: 'CosineAnnealingLR',
  warmupCosine: 'warm-up + cosine',
};

/** The schedules a state draws, in a fixed order (so each keeps its colour when others are hidden). */
export function schedulesOf(state: ScheduleState): ScheduleSpec[] {
  const out: ScheduleSpec[] = [];
  const { lr } = state;
  if (state.showStep) out.push({ kind: 'stepDecay', label: `StepLR (×${state.stepGamma} every ${state.stepSize})`, lr, stepSize: state.stepSize, gamma: state.stepGamma });
  if (state.showExp) out.push({ kind: 'exponential', label: `ExponentialLR (×${state.expGamma} per step)`, lr, gamma: state.expGamma });
  if (state.showCos) out.push({ kind: 'cosineAnnealing', label: `CosineAnnealingLR (T_max ${state.cosPeriod})`, lr, minLr: state.cosMinLr, period: state.cosPeriod });
  if (state.showWarm) {
    out.push({
      kind: 'warmupCosine',
      label: `warm-up ${state.warmupSteps} + cosine to ${state.warmTotal}`,
      lr,
      minLr: state.warmMinLr,
      warmupSteps: state.warmupSteps,
      totalSteps: state.warmTotal,
    });
  }
  return out;
}

/** Index of each kind in the full list, so colours stay put when schedules are switched off. */
export const SCHEDULE_COLOUR_INDEX: Readonly<Record<ScheduleKind, number>> = { stepDecay: 0, exponential: 1, cosineAnnealing: 2, warmupCosine: 3 };
