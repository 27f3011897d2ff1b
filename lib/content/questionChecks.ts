/**
 * The functions a numeric question may name in `check:` (docs/CONTENT.md), so the build computes
 * its answer with the same core the site uses and a wrong answer key fails the build. Each takes
 * the question's `inputs` mapping as written in YAML and returns one number; bad inputs throw the
 * core's AttentionInputError, which loadQuestions reports at the question's `check:` line.
 */
import { fromRows, scaledDotProductAttention, softmaxRows } from '../attention';
import { attentionCost, type CostPrecision } from '../costModel';
import { AttentionInputError } from '../errors';
import type { MaskPattern } from '../masks';
import { averagePrecision, classificationMetrics, rocAuc } from '../metrics';
import { sinusoidalPositionalEncoding } from '../positionalEncoding';
import { cosineAnnealing, exponentialDecay, stepDecay, warmupCosine } from '../schedules';

type Inputs = Record<string, unknown>;

function need<T>(inputs: Inputs, name: string, isType: (x: unknown) => boolean, what: string): T {
  const value = inputs[name];
  if (!isType(value)) {
    throw new AttentionInputError('invalid-argument', `inputs.${name} must be ${what}, got ${JSON.stringify(value)}.`, { input: name });
  }
  return value as T;
}
/**
 * Refuses input names the function does not read: a misspelt optional input (`casual: true`)
 * would otherwise silently fall back to its default and check a different answer.
 */
function only(inputs: Inputs, names: readonly string[], fn: string): Inputs {
  for (const name of Object.keys(inputs)) {
    if (!names.includes(name)) {
      throw new AttentionInputError('invalid-argument', `inputs.${name} is not an input of ${fn} (its inputs: ${names.join(', ')}).`, { input: name });
    }
  }
  return inputs;
}
const isNumber = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
const isPositive = (x: unknown) => isNumber(x) && (x as number) > 0;
const isInt = (x: unknown) => Number.isInteger(x);
const isRows = (x: unknown) => Array.isArray(x) && x.length > 0 && x.every((r) => Array.isArray(r) && r.every(isNumber));
const isList = (x: unknown) => Array.isArray(x) && x.every(isNumber);
const optional = <T>(inputs: Inputs, name: string, isType: (x: unknown) => boolean, what: string, fallback: T): T =>
  inputs[name] === undefined ? fallback : need<T>(inputs, name, isType, what);

function attention(inputs: Inputs, withV: boolean) {
  only(inputs, withV ? ['q', 'k', 'v', 'row', 'col', 'scale', 'causal', 'temperature'] : ['q', 'k', 'row', 'col', 'scale', 'causal', 'temperature'], withV ? 'sdpaOutput' : 'sdpaWeight');
  const q = fromRows(need<number[][]>(inputs, 'q', isRows, 'rows of numbers'), 'q');
  const k = fromRows(need<number[][]>(inputs, 'k', isRows, 'rows of numbers'), 'k');
  const v = withV ? fromRows(need<number[][]>(inputs, 'v', isRows, 'rows of numbers'), 'v') : k;
  const scale = optional<number>(inputs, 'scale', isNumber, 'a number', 1 / Math.sqrt(q.cols));
  const temperature = optional<number>(inputs, 'temperature', isPositive, 'a positive number', 1);
  const causal = optional<boolean>(inputs, 'causal', (x) => typeof x === 'boolean', 'true or false', false);
  const row = need<number>(inputs, 'row', isInt, 'a whole number (0-based)');
  const col = need<number>(inputs, 'col', isInt, 'a whole number (0-based)');
  // Temperature divides the scaled scores: one factor, as the step-through calculator uses.
  const result = scaledDotProductAttention(q, k, v, { scale: scale / temperature, causal });
  const m = withV ? result.output : result.weights;
  if (row < 0 || row >= m.rows || col < 0 || col >= m.cols) {
    throw new AttentionInputError('out-of-range', `(row ${row}, col ${col}) is outside the ${m.rows} × ${m.cols} result (0-based).`, { input: 'row' });
  }
  return m.data[row * m.cols + col];
}

function cost(inputs: Inputs, fn: string) {
  only(inputs, ['n', 'd', 'heads', 'precision', 'pattern'], fn);
  return attentionCost({
    n: need<number>(inputs, 'n', isInt, 'a whole number'),
    d: need<number>(inputs, 'd', isInt, 'a whole number'),
    heads: optional<number>(inputs, 'heads', isInt, 'a whole number', 1),
    precision: optional<CostPrecision>(inputs, 'precision', (x) => ['fp32', 'fp16', 'bf16', 'int8'].includes(x as string), 'fp32, fp16, bf16 or int8', 'fp32'),
    pattern: optional<MaskPattern>(inputs, 'pattern', (x) => typeof x === 'object' && x !== null, 'a mask pattern like { kind: full }', { kind: 'full' }),
  });
}

const SCHEDULE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  step: ['lr', 'stepSize', 'gamma'],
  exponential: ['lr', 'gamma'],
  cosine: ['lr', 'minLr', 'period'],
  warmupCosine: ['lr', 'minLr', 'warmupSteps', 'totalSteps'],
};

export const QUESTION_CHECKS: Readonly<Record<string, (inputs: Inputs) => number>> = {
  sdpaWeight: (inputs) => attention(inputs, false),
  sdpaOutput: (inputs) => attention(inputs, true),
  softmax: (inputs) => {
    only(inputs, ['logits', 'index', 'temperature'], 'softmax');
    const logits = need<number[]>(inputs, 'logits', isList, 'a list of numbers');
    const index = need<number>(inputs, 'index', isInt, 'a whole number (0-based)');
    const temperature = optional<number>(inputs, 'temperature', isPositive, 'a positive number', 1);
    const p = softmaxRows(fromRows([logits], 'logits'), temperature).data[index];
    if (p === undefined) throw new AttentionInputError('out-of-range', `index ${index} is outside the ${logits.length} logits.`, { input: 'index' });
    return p;
  },
  attentionFlops: (inputs) => cost(inputs, 'attentionFlops').flops,
  attentionScoreBytes: (inputs) => cost(inputs, 'attentionScoreBytes').scoreBytes,
  multiHeadParameters: (inputs) => {
    only(inputs, ['dModel', 'bias'], 'multiHeadParameters');
    const d = need<number>(inputs, 'dModel', (x) => isInt(x) && (x as number) > 0, 'a positive whole number');
    const bias = optional<boolean>(inputs, 'bias', (x) => typeof x === 'boolean', 'true or false', true);
    return 4 * d * d + (bias ? 4 * d : 0);
  },
  classificationMetric: (inputs) => {
    only(inputs, ['yTrue', 'yPred', 'metric'], 'classificationMetric');
    const metric = need<'accuracy' | 'precision' | 'recall' | 'f1'>(inputs, 'metric', (x) => ['accuracy', 'precision', 'recall', 'f1'].includes(x as string), 'accuracy, precision, recall or f1');
    return classificationMetrics(need<number[]>(inputs, 'yTrue', isList, 'a list of 0/1'), need<number[]>(inputs, 'yPred', isList, 'a list of 0/1'))[metric];
  },
  averagePrecision: (inputs) => {
    only(inputs, ['yTrue', 'scores'], 'averagePrecision');
    return averagePrecision(need<number[]>(inputs, 'yTrue', isList, 'a list of 0/1'), need<number[]>(inputs, 'scores', isList, 'a list of scores'));
  },
  rocAuc: (inputs) => {
    only(inputs, ['yTrue', 'scores'], 'rocAuc');
    return rocAuc(need<number[]>(inputs, 'yTrue', isList, 'a list of 0/1'), need<number[]>(inputs, 'scores', isList, 'a list of scores'));
  },
  learningRate: (inputs) => {
    const schedule = need<string>(inputs, 'schedule', (x) => ['step', 'exponential', 'cosine', 'warmupCosine'].includes(x as string), 'step, exponential, cosine or warmupCosine');
    const parameters: readonly string[] = SCHEDULE_PARAMETERS[schedule];
    only(inputs, ['schedule', 'step', ...parameters], `learningRate (schedule ${schedule})`);
    const step = need<number>(inputs, 'step', isInt, 'a whole number');
    const num = (name: string) => need<number>(inputs, name, isNumber, 'a number');
    switch (schedule) {
      case 'step':
        return stepDecay(step, { lr: num('lr'), stepSize: num('stepSize'), gamma: num('gamma') });
      case 'exponential':
        return exponentialDecay(step, { lr: num('lr'), gamma: num('gamma') });
      case 'cosine':
        return cosineAnnealing(step, { lr: num('lr'), minLr: num('minLr'), period: num('period') });
      default:
        return warmupCosine(step, { lr: num('lr'), minLr: num('minLr'), warmupSteps: num('warmupSteps'), totalSteps: num('totalSteps') });
    }
  },
  sinusoidalPE: (inputs) => {
    only(inputs, ['position', 'dimension', 'd'], 'sinusoidalPE');
    const position = need<number>(inputs, 'position', (x) => isInt(x) && (x as number) >= 0, 'a whole number ≥ 0');
    const dimension = need<number>(inputs, 'dimension', (x) => isInt(x) && (x as number) >= 0, 'a whole number ≥ 0');
    const d = need<number>(inputs, 'd', (x) => isInt(x) && (x as number) > dimension, `a whole number above the dimension (${dimension})`);
    return sinusoidalPositionalEncoding(position + 1, d).data[position * d + dimension];
  },
};
