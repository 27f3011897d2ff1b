/**
 * What the scaled dot-product calculator computes from what the learner set: pure functions from
 * the calculator's inputs to the core's arguments (or to field errors), so the component only
 * renders and the rules are tested in Node.
 */
import type { AttentionEmbedProps } from '../content/attentionEmbed';
import { AttentionInputError } from '../errors';
import { paddingMask } from '../masks';
import type { Matrix } from '../matrix';
import { formatMatrixText, parseMatrixText, type ExpressionEvaluator } from '../matrixText';
import { randomNormalMatrix } from '../random';

export type ScaleMode = 'inv-sqrt-d' | 'one' | 'custom';
export type MatrixField = 'Q' | 'K' | 'V';
export type CalculatorField = MatrixField | 'tokens' | 'scale' | 'temperature' | 'padding' | 'd' | 'seed' | 'general';

export interface AttentionCalculatorInputs {
  tokens: string[];
  /** Where Q, K, V come from: generated from the seed, or typed by the learner. */
  source: 'seed' | 'typed';
  seed: number;
  d: number;
  dv: number;
  text: Record<MatrixField, string>;
  scaleMode: ScaleMode;
  customScale: number;
  temperature: number;
  causal: boolean;
  /** Keys at and after this index are padding; null = no padding mask. */
  paddingValidKeys: number | null;
}

export interface FieldError {
  field: CalculatorField;
  message: string;
  row?: number;
  col?: number;
}

export interface AttentionCall {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** The scale handed to the core: the chosen scale divided by the temperature. */
  scale: number;
  causal: boolean;
  mask?: Matrix;
}

export const MAX_CALCULATOR_TOKENS = 64;
export const MAX_CALCULATOR_D = 512;
/** The smallest temperature offered: 1/T stays far from overflow (1/1e-300 = 1e300). */
export const MIN_TEMPERATURE = 1e-300;

export function tokenize(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

/** Q, K, V drawn from the seed: N(0, 1) entries; Q and K share d, V has dv columns. */
export function seededMatrices(seed: number, n: number, d: number, dv: number): Record<MatrixField, Matrix> {
  return {
    Q: randomNormalMatrix(seed, n, d),
    K: randomNormalMatrix(seed + 1, n, d),
    V: randomNormalMatrix(seed + 2, n, dv),
  };
}

/** The seeded matrices as editable text, so "switch to typing" starts from what is on screen. */
export function seededText(seed: number, n: number, d: number, dv: number): Record<MatrixField, string> {
  const m = seededMatrices(seed, n, d, dv);
  const text = (x: Matrix) => formatMatrixText(Array.from({ length: x.rows }, (_, i) => x.data.subarray(i * x.cols, (i + 1) * x.cols)), 3);
  return { Q: text(m.Q), K: text(m.K), V: text(m.V) };
}

export function chosenScale(inputs: Pick<AttentionCalculatorInputs, 'scaleMode' | 'customScale'>, d: number): number {
  return inputs.scaleMode === 'inv-sqrt-d' ? 1 / Math.sqrt(d) : inputs.scaleMode === 'one' ? 1 : inputs.customScale;
}

export type BuildResult = { ok: true; call: AttentionCall } | { ok: false; errors: FieldError[]; needsEvaluator?: boolean };

/**
 * Turns the inputs into a call of the core, or into errors attached to the fields they concern.
 * Shape problems between Q, K and V are reported here too, on the field to fix, rather than left
 * to the worker, so the message appears where the learner is typing.
 */
export function buildAttentionCall(inputs: AttentionCalculatorInputs, evaluate?: ExpressionEvaluator): BuildResult {
  const errors: FieldError[] = [];
  const n = inputs.tokens.length;
  if (n === 0) errors.push({ field: 'tokens', message: 'Type at least one token.' });
  if (n > MAX_CALCULATOR_TOKENS) errors.push({ field: 'tokens', message: `At most ${MAX_CALCULATOR_TOKENS} tokens fit here; you have ${n}.` });
  if (!(inputs.temperature > 0) || !Number.isFinite(inputs.temperature)) {
    errors.push({ field: 'temperature', message: 'The temperature must be a number greater than 0.' });
  } else if (!Number.isFinite(1 / inputs.temperature)) {
    // The core gets scale / T: a subnormal T (1e-320) makes it Infinity, and the core would blame "the scale".
    errors.push({ field: 'temperature', message: `The temperature ${inputs.temperature} is too small: dividing by it overflows. Use a temperature of at least ${MIN_TEMPERATURE}.` });
  }
  if (inputs.scaleMode === 'custom' && !(Number.isFinite(inputs.customScale) && inputs.customScale > 0)) {
    errors.push({ field: 'scale', message: 'A custom scale must be a number greater than 0.' });
  }

  let matrices: Record<MatrixField, Matrix> | null = null;
  if (inputs.source === 'seed') {
    if (!Number.isInteger(inputs.d) || inputs.d < 1 || inputs.d > MAX_CALCULATOR_D) {
      errors.push({ field: 'd', message: `d must be a whole number from 1 to ${MAX_CALCULATOR_D}.` });
    } else if (!Number.isInteger(inputs.seed) || inputs.seed < 0) {
      errors.push({ field: 'seed', message: 'The seed must be a whole number of at least 0.' });
    } else if (n > 0 && n <= MAX_CALCULATOR_TOKENS) {
      matrices = seededMatrices(inputs.seed, n, inputs.d, inputs.dv);
    }
  } else {
    const parsed: Partial<Record<MatrixField, Matrix>> = {};
    for (const field of ['Q', 'K', 'V'] as const) {
      const r = parseMatrixText(inputs.text[field], field, evaluate);
      if (r.ok) parsed[field] = { rows: r.rows.length, cols: r.rows[0].length, data: Float64Array.from(r.rows.flat()) };
      else if ('needsEvaluator' in r) return { ok: false, errors, needsEvaluator: true };
      else errors.push(fromInputError(field, r.error));
    }
    const { Q, K, V } = parsed;
    if (Q && K && V) {
      const before = errors.length;
      if (Q.rows !== n) errors.push({ field: 'Q', message: `Q has ${Q.rows} rows but there are ${n} tokens: one query row per token.` });
      if (K.rows !== n) errors.push({ field: 'K', message: `K has ${K.rows} rows but there are ${n} tokens: one key row per token.` });
      if (K.cols !== Q.cols) errors.push({ field: 'K', message: `K has ${K.cols} columns but Q has ${Q.cols}: Q and K must have the same width d.` });
      if (V.rows !== K.rows) errors.push({ field: 'V', message: `V has ${V.rows} rows but K has ${K.rows}: V needs one row per key.` });
      if (errors.length === before) matrices = { Q, K, V };
    }
  }

  let mask: Matrix | undefined;
  if (inputs.paddingValidKeys !== null) {
    const valid = inputs.paddingValidKeys;
    if (!Number.isInteger(valid) || valid < 0 || valid > n) {
      errors.push({ field: 'padding', message: `The number of real (non-padding) keys must be a whole number from 0 to ${n}.` });
    } else if (n > 0) {
      mask = paddingMask(n, n, valid);
    }
  }
  if (errors.length > 0 || matrices === null) return { ok: false, errors };
  const d = matrices.Q.cols;
  const scale = chosenScale(inputs, d) / inputs.temperature;
  if (!Number.isFinite(scale)) {
    // 1/T is finite but the chosen scale times it is not (a custom scale of 100 at T = 1e-307).
    return { ok: false, errors: [{ field: 'temperature', message: `The scale ${chosenScale(inputs, d)} divided by the temperature ${inputs.temperature} overflows: use a larger temperature or a smaller scale.` }] };
  }
  return {
    ok: true,
    call: {
      q: matrices.Q,
      k: matrices.K,
      v: matrices.V,
      scale,
      causal: inputs.causal,
      ...(mask ? { mask } : {}),
    },
  };
}

/** An error from the core (or the worker), attached to the field it names. */
export function fromInputError(fallback: CalculatorField, error: AttentionInputError): FieldError {
  const input = error.where?.input;
  const field = (['Q', 'K', 'V'] as string[]).includes(input ?? '') ? (input as MatrixField) : fallback;
  return {
    field,
    message: error.message,
    ...(error.where?.row !== undefined ? { row: error.where.row } : {}),
    ...(error.where?.col !== undefined ? { col: error.where.col } : {}),
  };
}

/** The formula of the current setting, in KaTeX syntax. */
export function currentFormula(inputs: Pick<AttentionCalculatorInputs, 'scaleMode' | 'customScale' | 'temperature' | 'causal' | 'paddingValidKeys'>, d: number): string {
  const scale = inputs.scaleMode === 'inv-sqrt-d' ? `\\frac{1}{\\sqrt{${d}}}` : inputs.scaleMode === 'one' ? '' : `${inputs.customScale}\\,`;
  const temp = inputs.temperature === 1 ? '' : `\\frac{1}{${inputs.temperature}}\\,`;
  const masked = inputs.causal || inputs.paddingValidKeys !== null ? ' + M' : '';
  return `\\mathrm{softmax}\\!\\left(${temp}${scale}QK^\\top${masked}\\right)V`;
}

/** The calculator's starting inputs from a lesson's embed (lib/content/attentionEmbed.ts). */
export function inputsFromEmbed(props: AttentionEmbedProps): AttentionCalculatorInputs {
  return {
    tokens: [...props.tokens],
    source: 'seed',
    seed: props.seed,
    d: props.d,
    dv: props.dv,
    text: { Q: '', K: '', V: '' },
    scaleMode: typeof props.scale === 'number' ? 'custom' : props.scale,
    customScale: typeof props.scale === 'number' ? props.scale : 1,
    temperature: props.temperature,
    causal: props.causal,
    paddingValidKeys: props.paddingValidKeys >= props.tokens.length ? null : props.paddingValidKeys,
  };
}
