/**
 * The "positional encodings" calculator's state and its mapping to the worker calls of
 * lib/calculators/positionalExplorer.ts. The state is a few numbers: the table's size and base,
 * the reference position of the similarity curve, and the 2-D rotary demo (θ, two positions, the
 * q and k pair). The tables themselves are always recomputed, never carried in a link.
 */
import type { StateOf } from '../share/stateSchema';
import { defineCalculator, type CalculatorSpec, type FieldProblem } from './calculatorSpec';
import type { RotaryPairInput } from './positionalExplorer';

/** Positions shown in the table and the similarity matrix (n × n, drawn on a canvas above 32). */
export const POSITIONAL_CALC_MAX_N = 512;
export const POSITIONAL_CALC_MAX_D = 512;
/** The rotary position sliders run over 0 … this; the fields accept ±ROTARY_MAX_POSITION. */
export const ROTARY_SLIDER_MAX = 64;
export const ROTARY_MAX_POSITION = 1000;
/** Shifts s of the offset-invariance table: both positions move by s. */
export const ROTARY_SHIFTS: readonly number[] = [1, 2, 5, 10, 100];
const TWO_PI = Math.round(2 * Math.PI * 1000) / 1000; // 6.283, so a typed 6.283 is accepted

export const positionalEncodingSchema = {
  n: { kind: 'int', min: 2, max: POSITIONAL_CALC_MAX_N },
  d: { kind: 'int', min: 2, max: POSITIONAL_CALC_MAX_D },
  base: { kind: 'number', min: 2, max: 1_000_000 },
  reference: { kind: 'int', min: 0, max: POSITIONAL_CALC_MAX_N - 1 },
  theta: { kind: 'number', min: -TWO_PI, max: TWO_PI },
  positionQ: { kind: 'int', min: -ROTARY_MAX_POSITION, max: ROTARY_MAX_POSITION },
  positionK: { kind: 'int', min: -ROTARY_MAX_POSITION, max: ROTARY_MAX_POSITION },
  qx: { kind: 'number', min: -10, max: 10 },
  qy: { kind: 'number', min: -10, max: 10 },
  kx: { kind: 'number', min: -10, max: 10 },
  ky: { kind: 'number', min: -10, max: 10 },
} as const;

export type PositionalEncodingState = StateOf<typeof positionalEncodingSchema>;

/** What the page calls each field: its label, and the name every message about it uses. */
export const POSITIONAL_ENCODING_LABELS = {
  n: 'Positions n',
  d: 'Dimensions d',
  base: 'Base',
  reference: 'Reference position',
  theta: 'θ (radians per position)',
  positionQ: 'Query position m',
  positionK: 'Key position n',
  qx: 'q x',
  qy: 'q y',
  kx: 'k x',
  ky: 'k y',
} as const satisfies Record<keyof typeof positionalEncodingSchema, string>;

const BASE: PositionalEncodingState = {
  n: 64,
  d: 32,
  base: 10000,
  reference: 16,
  theta: 0.3,
  positionQ: 3,
  positionK: 7,
  qx: 1,
  qy: 0.5,
  kx: 0.8,
  ky: -0.4,
};

function checkPositional(state: PositionalEncodingState): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (state.reference >= state.n) {
    problems.push({ field: 'reference', message: `The reference position must be below n = ${state.n} (positions are 0 … ${state.n - 1}).` });
  }
  return problems;
}

export const positionalEncodingSpec: CalculatorSpec<typeof positionalEncodingSchema> = defineCalculator({
  name: 'positional-encoding',
  title: 'Positional encodings',
  stateVersion: 1,
  schema: positionalEncodingSchema,
  labels: POSITIONAL_ENCODING_LABELS,
  defaultPreset: 'basic',
  presets: {
    basic: BASE,
    'paper-512': { ...BASE, n: 128, d: 512, reference: 64 },
    'small-base': { ...BASE, n: 64, d: 16, base: 100, reference: 0 },
    'rotary-far': { ...BASE, theta: 0.1, positionQ: 20, positionK: 50 },
  },
  check: checkPositional,
});

export function sinusoidalArgs(s: PositionalEncodingState): { n: number; d: number; base: number } {
  return { n: s.n, d: s.d, base: s.base };
}

export function similarityArgs(s: PositionalEncodingState): { n: number; d: number; base: number; reference: number } {
  return { n: s.n, d: s.d, base: s.base, reference: Math.min(s.reference, s.n - 1) };
}

export function rotaryArgs(s: PositionalEncodingState): RotaryPairInput {
  return { theta: s.theta, positionQ: s.positionQ, positionK: s.positionK, q2: [s.qx, s.qy], k2: [s.kx, s.ky] };
}

/** An angle in radians, also in degrees, for the readout: "1.2 rad (68.8°)". */
export function angleText(radians: number, format: (x: number) => string): string {
  return `${format(radians)} rad (${format((radians * 180) / Math.PI)}°)`;
}
