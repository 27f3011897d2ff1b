/**
 * Learning-rate schedules as closed forms of step t (PyTorch's `_get_closed_form_lr`), so a chart
 * can evaluate any step without replaying the ones before it.
 * - t is a whole step count ≥ 0, as PyTorch's `last_epoch` is.
 * - gamma must be in (0, 1]: these are decays, and gamma > 1 would overflow to Infinity for large t.
 * - cosineAnnealing does not stop at t = period: like PyTorch's closed form it keeps following the
 *   cosine, rising back to lr at t = 2·period (period 2·period overall). Use warmupCosine to hold
 *   minLr after the end instead.
 * - warmupCosine follows Hugging Face's `get_cosine_schedule_with_warmup` shape: lr·t/warmupSteps
 *   during warm-up (so step 0 has lr 0), then minLr + (lr − minLr)·(1 + cos(π·p))/2 with
 *   p = (t − warmupSteps)/(totalSteps − warmupSteps), then minLr from totalSteps on. Warm-up starts
 *   from 0, not from minLr.
 */
import { AttentionInputError } from './errors';
import { assertOptions } from './matrix';

/** Longest series scheduleSeries will build; a guard against a typo, not a limit of the math. */
export const MAX_SCHEDULE_STEPS = 1_000_000;

export interface StepDecayOptions {
  lr: number;
  stepSize: number;
  gamma: number;
}
export interface ExponentialDecayOptions {
  lr: number;
  gamma: number;
}
export interface CosineAnnealingOptions {
  lr: number;
  minLr: number;
  /** PyTorch's T_max: steps from lr down to minLr. */
  period: number;
}
export interface WarmupCosineOptions {
  lr: number;
  minLr: number;
  warmupSteps: number;
  totalSteps: number;
}

function fail(input: string, message: string): never {
  throw new AttentionInputError('out-of-range', message, { input });
}

function checkStep(t: unknown): asserts t is number {
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) {
    fail('t', `t is ${String(t)}: it must be a whole step count 0, 1, 2, ...`);
  }
}

function checkLr(lr: unknown): asserts lr is number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    fail('lr', `lr is ${String(lr)}: the learning rate must be a finite number greater than 0.`);
  }
}

function checkGamma(gamma: unknown): asserts gamma is number {
  if (typeof gamma !== 'number' || !(gamma > 0 && gamma <= 1)) {
    fail('gamma', `gamma is ${String(gamma)}: the decay factor must be greater than 0 and at most 1.`);
  }
}

function checkCount(x: unknown, name: string, min: number, what: string): asserts x is number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
    fail(name, `${name} is ${String(x)}: ${what} must be a whole number of at least ${min}.`);
  }
}

function checkMinLr(minLr: unknown, lr: number): asserts minLr is number {
  if (typeof minLr !== 'number' || !Number.isFinite(minLr) || minLr < 0 || minLr > lr) {
    fail('minLr', `minLr is ${String(minLr)}: it must be a finite number from 0 to lr (${lr}).`);
  }
}

/** Half-cosine from 1 (fraction 0) to 0 (fraction 1). */
function cosineFactor(fraction: number): number {
  return (1 + Math.cos(Math.PI * fraction)) / 2;
}

/** PyTorch StepLR: lr·gamma^⌊t/stepSize⌋. */
export function stepDecay(t: number, options: StepDecayOptions): number {
  checkStep(t);
  assertOptions(options, '{ lr, stepSize, gamma }', { optional: false });
  const { lr, stepSize, gamma } = options;
  checkLr(lr);
  checkCount(stepSize, 'stepSize', 1, 'the number of steps between decays');
  checkGamma(gamma);
  return lr * gamma ** Math.floor(t / stepSize);
}

/** PyTorch ExponentialLR: lr·gamma^t. */
export function exponentialDecay(t: number, options: ExponentialDecayOptions): number {
  checkStep(t);
  assertOptions(options, '{ lr, gamma }', { optional: false });
  const { lr, gamma } = options;
  checkLr(lr);
  checkGamma(gamma);
  return lr * gamma ** t;
}

/** PyTorch CosineAnnealingLR closed form: minLr + (lr − minLr)·(1 + cos(π·t/period))/2. */
export function cosineAnnealing(t: number, options: CosineAnnealingOptions): number {
  checkStep(t);
  assertOptions(options, '{ lr, minLr, period }', { optional: false });
  const { lr, minLr, period } = options;
  checkLr(lr);
  checkMinLr(minLr, lr);
  checkCount(period, 'period', 1, 'the number of steps from lr down to minLr');
  return minLr + (lr - minLr) * cosineFactor(t / period);
}

/** Linear warm-up from 0 to lr, cosine decay to minLr at totalSteps, then minLr. */
export function warmupCosine(t: number, options: WarmupCosineOptions): number {
  checkStep(t);
  assertOptions(options, '{ lr, minLr, warmupSteps, totalSteps }', { optional: false });
  const { lr, minLr, warmupSteps, totalSteps } = options;
  checkLr(lr);
  checkMinLr(minLr, lr);
  checkCount(warmupSteps, 'warmupSteps', 0, 'the number of warm-up steps');
  checkCount(totalSteps, 'totalSteps', 1, 'the total number of steps');
  if (warmupSteps >= totalSteps) {
    fail(
      'warmupSteps',
      `warmupSteps is ${warmupSteps} but totalSteps is ${totalSteps}: warm-up must end before training does, leaving steps to decay over.`,
    );
  }
  if (t < warmupSteps) return (lr * t) / warmupSteps;
  if (t >= totalSteps) return minLr;
  return minLr + (lr - minLr) * cosineFactor((t - warmupSteps) / (totalSteps - warmupSteps));
}

/** [fn(0), fn(1), ..., fn(steps − 1)], for plotting. */
export function scheduleSeries(fn: (t: number) => number, steps: number): number[] {
  if (typeof fn !== 'function') {
    throw new AttentionInputError('invalid-argument', 'fn must be a function of the step t.', { input: 'fn' });
  }
  checkCount(steps, 'steps', 0, 'the number of steps');
  if (steps > MAX_SCHEDULE_STEPS) fail('steps', `steps is ${steps}; the most supported here is ${MAX_SCHEDULE_STEPS}.`);
  const out = new Array<number>(steps);
  for (let t = 0; t < steps; t++) out[t] = fn(t);
  return out;
}
