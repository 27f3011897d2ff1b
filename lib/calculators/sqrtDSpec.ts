/**
 * The "why √d" calculator's state (what a share link carries), presets, and the arguments of its
 * two worker calls. The samples are never in the link: they come from the seed
 * (lib/calculators/sqrtDExperiment.ts).
 *
 * The sweep over d = 1, 2, …, 1024 draws samples·keys dot products at every d, so its work is
 * samples·keys·(1 + 2 + … + 1024) = samples·keys·2047 multiply-adds; SQRT_D_MAX_WORK caps that,
 * hence the limit on samples × keys below (about 9,770 dot products per d).
 */
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type FieldProblem } from './calculatorSpec';
import { DEFAULT_SWEEP_DS, SQRT_D_MAX_WORK, type SqrtDExperimentInput, type SqrtDSweepInput } from './sqrtDExperiment';

export const SQRT_D_DIMENSIONS: readonly number[] = DEFAULT_SWEEP_DS;
export const SQRT_D_SWEEP_TOTAL_D = SQRT_D_DIMENSIONS.reduce((s, d) => s + d, 0);
/** The most samples × keys the sweep can run within SQRT_D_MAX_WORK. */
export const SQRT_D_MAX_DOT_PRODUCTS = Math.floor(SQRT_D_MAX_WORK / SQRT_D_SWEEP_TOTAL_D);
export const SQRT_D_MAX_SAMPLES = 5000;
export const SQRT_D_MAX_KEYS = 512;
/** The slider moves log₁₀ T over [−1, 1]: T from 0.1 to 10. */
export const SQRT_D_TEMPERATURE_MIN = 0.1;
export const SQRT_D_TEMPERATURE_MAX = 10;

const schema = {
  /** A power of two from 1 to 1024 (see checkSqrtD). */
  d: { kind: 'int', min: 1, max: 1024 },
  samples: { kind: 'int', min: 1, max: SQRT_D_MAX_SAMPLES },
  keys: { kind: 'int', min: 2, max: SQRT_D_MAX_KEYS },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1 },
  temperature: { kind: 'number', min: SQRT_D_TEMPERATURE_MIN, max: SQRT_D_TEMPERATURE_MAX },
} as const;

export type SqrtDState = StateOf<typeof schema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const SQRT_D_LABELS = {
  d: 'd',
  samples: 'Samples (queries)',
  keys: 'Keys per query',
  seed: 'Seed',
  temperature: 'Temperature T',
} as const satisfies Record<keyof typeof schema, string>;

const base: SqrtDState = { d: 64, samples: 400, keys: 16, seed: 1, temperature: 1 };

export const sqrtDSpec = defineCalculator({
  name: 'why-sqrt-d',
  title: 'Why divide by √d?',
  stateVersion: 1,
  schema,
  labels: SQRT_D_LABELS,
  presets: {
    basic: base,
    'small-d': { ...base, d: 4 },
    'large-d': { ...base, d: 512 },
    // A low temperature sharpens both; the scaled softmax still saturates far less.
    'cold': { ...base, temperature: 0.3 },
    'many-keys': { ...base, samples: 100, keys: 64 },
  },
  defaultPreset: 'basic',
  check: checkSqrtD,
});

export function isPowerOfTwo(d: number): boolean {
  return Number.isInteger(d) && d >= 1 && (d & (d - 1)) === 0;
}

export function checkSqrtD(state: SqrtDState): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isPowerOfTwo(state.d)) problems.push({ field: 'd', message: `d is ${state.d}; pick a power of two from 1 to 1024` });
  const product = state.samples * state.keys;
  if (product > SQRT_D_MAX_DOT_PRODUCTS) {
    problems.push({
      field: 'samples',
      message: `${SQRT_D_LABELS.samples} × ${SQRT_D_LABELS.keys.toLowerCase()} = ${state.samples} × ${state.keys} = ${product.toLocaleString('en')} dot products per d; the sweep over d = 1 … 1024 allows at most ${SQRT_D_MAX_DOT_PRODUCTS.toLocaleString('en')}. Use fewer samples or keys`,
    });
  }
  return problems;
}

export function sqrtDExperimentArgs(state: SqrtDState): SqrtDExperimentInput {
  return { d: state.d, samples: state.samples, keys: state.keys, seed: state.seed, temperature: state.temperature };
}

export function sqrtDSweepArgs(state: SqrtDState): SqrtDSweepInput {
  return { ds: [...SQRT_D_DIMENSIONS], samples: state.samples, keys: state.keys, seed: state.seed, temperature: state.temperature };
}

/** Slider position (log₁₀ T) ↔ temperature, rounded to 3 significant digits so links stay short. */
export function temperatureFromSlider(position: number): number {
  const t = 10 ** position;
  const clamped = Math.min(SQRT_D_TEMPERATURE_MAX, Math.max(SQRT_D_TEMPERATURE_MIN, t));
  return Number(clamped.toPrecision(3));
}

export function sliderFromTemperature(t: number): number {
  return Math.log10(t);
}
