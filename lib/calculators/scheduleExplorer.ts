/**
 * The "learning-rate schedules" calculator: up to eight schedules drawn over the same steps, each
 * a tagged `ScheduleSpec`. The closed forms and their parameter rules are lib/schedules.ts
 * (PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, and Hugging Face's warm-up + cosine);
 * here they are evaluated for t = 0 … steps (steps + 1 values, so the chart includes the last
 * step) and a parameter problem is reported with the schedule it belongs to:
 * "Schedule 2 (cosine annealing): minLr is …", with `where.row` the schedule's 0-based index.
 */
import { AttentionInputError, human } from '../errors';
import { assertInteger } from '../matrix';
import {
  cosineAnnealing,
  exponentialDecay,
  scheduleSeries as seriesOf,
  stepDecay,
  warmupCosine,
  type CosineAnnealingOptions,
  type ExponentialDecayOptions,
  type StepDecayOptions,
  type WarmupCosineOptions,
} from '../schedules';

/** A chart needs no more; the core's own cap (a million) is for other uses. */
export const MAX_EXPLORER_STEPS = 100_000;
export const MAX_SCHEDULES = 8;

export type ScheduleSpec =
  | ({ kind: 'stepDecay'; label?: string } & StepDecayOptions)
  | ({ kind: 'exponential'; label?: string } & ExponentialDecayOptions)
  | ({ kind: 'cosineAnnealing'; label?: string } & CosineAnnealingOptions)
  | ({ kind: 'warmupCosine'; label?: string } & WarmupCosineOptions);

export type ScheduleKind = ScheduleSpec['kind'];

export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['stepDecay', 'exponential', 'cosineAnnealing', 'warmupCosine'];

const KIND_NAMES: Record<ScheduleKind, string> = {
  stepDecay: 'step decay',
  exponential: 'exponential decay',
  cosineAnnealing: 'cosine annealing',
  warmupCosine: 'warm-up + cosine',
};

/** Sensible starting parameters for a chart of `steps` steps. */
export function defaultScheduleSpec(kind: ScheduleKind, steps: number): ScheduleSpec {
  assertInteger(steps, 'steps', 1, MAX_EXPLORER_STEPS);
  const lr = 0.1;
  switch (kind) {
    case 'stepDecay':
      return { kind, lr, stepSize: Math.max(1, Math.round(steps / 4)), gamma: 0.5 };
    case 'exponential':
      // lr falls to 1 % of its start at the last step: gamma^steps = 0.01.
      return { kind, lr, gamma: Math.pow(0.01, 1 / steps) };
    case 'cosineAnnealing':
      return { kind, lr, minLr: 0, period: steps };
    case 'warmupCosine':
      return { kind, lr, minLr: 0, warmupSteps: Math.min(steps - 1, Math.round(steps / 10)), totalSteps: steps };
    default:
      throw badKind(kind, 0);
  }
}

function badKind(kind: unknown, index: number): AttentionInputError {
  return new AttentionInputError(
    'invalid-argument',
    `Schedule ${human(index)} has kind ${JSON.stringify(kind)}: it must be one of ${SCHEDULE_KINDS.join(', ')}.`,
    { input: 'kind', row: index },
  );
}

const fmt = (x: number) => String(Number(x.toPrecision(4)));

/** A short legend label, e.g. "step decay (lr 0.1, ×0.5 every 25)". */
export function describeSchedule(spec: ScheduleSpec): string {
  switch (spec.kind) {
    case 'stepDecay':
      return `step decay (lr ${fmt(spec.lr)}, ×${fmt(spec.gamma)} every ${spec.stepSize})`;
    case 'exponential':
      return `exponential (lr ${fmt(spec.lr)}, ×${fmt(spec.gamma)} per step)`;
    case 'cosineAnnealing':
      return `cosine annealing (lr ${fmt(spec.lr)} → ${fmt(spec.minLr)} over ${spec.period})`;
    case 'warmupCosine':
      return `warm-up ${spec.warmupSteps} + cosine (lr ${fmt(spec.lr)} → ${fmt(spec.minLr)} by ${spec.totalSteps})`;
  }
}

function scheduleFunction(spec: ScheduleSpec): (t: number) => number {
  switch (spec.kind) {
    case 'stepDecay':
      return (t) => stepDecay(t, spec);
    case 'exponential':
      return (t) => exponentialDecay(t, spec);
    case 'cosineAnnealing':
      return (t) => cosineAnnealing(t, spec);
    case 'warmupCosine':
      return (t) => warmupCosine(t, spec);
  }
}

export interface ScheduleSeries {
  kind: ScheduleKind;
  label: string;
  /** lr at t = 0 … steps. */
  lr: Float64Array;
  min: number;
  max: number;
}

export interface ScheduleSeriesResult {
  steps: number;
  series: ScheduleSeries[];
}

export function scheduleSeries(input: { steps: number; schedules: ScheduleSpec[] }): ScheduleSeriesResult {
  if (typeof input !== 'object' || input === null) {
    throw new AttentionInputError('invalid-argument', 'scheduleSeries needs { steps, schedules }.', { input: 'input' });
  }
  const { steps, schedules } = input;
  assertInteger(steps, 'steps', 1, MAX_EXPLORER_STEPS);
  if (!Array.isArray(schedules) || schedules.length === 0 || schedules.length > MAX_SCHEDULES) {
    throw new AttentionInputError(
      'invalid-argument',
      `schedules must be a list of 1 to ${MAX_SCHEDULES} schedules to compare.`,
      { input: 'schedules' },
    );
  }
  const series = schedules.map((spec, index): ScheduleSeries => {
    if (typeof spec !== 'object' || spec === null || !SCHEDULE_KINDS.includes(spec.kind)) {
      throw badKind((spec as { kind?: unknown } | null)?.kind, index);
    }
    if (spec.label !== undefined && typeof spec.label !== 'string') {
      throw new AttentionInputError('invalid-argument', `Schedule ${human(index)}: label must be text.`, { input: 'label', row: index });
    }
    const fn = scheduleFunction(spec);
    let values: number[];
    try {
      values = seriesOf(fn, steps + 1);
    } catch (e) {
      if (!(e instanceof AttentionInputError)) throw e;
      throw new AttentionInputError(e.code, `Schedule ${human(index)} (${KIND_NAMES[spec.kind]}): ${e.message}`, {
        ...e.where,
        row: index,
      });
    }
    const lr = Float64Array.from(values);
    let min = Infinity;
    let max = -Infinity;
    for (const x of lr) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return { kind: spec.kind, label: spec.label ?? describeSchedule(spec), lr, min, max };
  });
  return { steps, series };
}
