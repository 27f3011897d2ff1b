/**
 * The split threshold measured on the machine the pool runs on, instead of fixed from one quiet
 * dev box.
 *
 * Why: a split job pays a fixed price (messages to every worker and back, each a thread wake-up)
 * to divide the arithmetic by the number of workers. On a quiet 2-core machine the price is
 * ~0.2 ms and two workers run side by side at full speed, so float32 SDPA at n = 1024 (~10 ms on
 * one thread) splits at ~1.9×. On the same machine shared with busy neighbours, a round trip took
 * 1–15 ms (median 3–4 ms) and two threads no longer got two cores, so the same split measured
 * 0.4–5× from one call to the next, 0.9× as a median: the price had grown to the size of each
 * worker's ~5 ms share. At n = 2048 the shares are four times bigger, hence 1.8–2.5× there.
 *
 * So the pool measures both at start-up, off the main thread: a small SDPA job timed inside one
 * worker alone, then inside every worker at once (do they really run in parallel?), and the round
 * trips around those runs (calibrationJob.ts is the job). `calibratedSplitThreshold` turns that into the smallest job worth
 * splitting: from there on, splitting is predicted to be at least `minGain` times faster than one
 * worker, and where the workers do not run in parallel at all, nothing is split.
 */
import { sdpaCost } from './splitPlan';

/** The calibration job: float32 SDPA, n × n, d = 64 (0.3–1 ms on one thread of the dev machine). */
export const CALIBRATION_N = 256;
export const CALIBRATION_D = 64;

/** Lone and all-worker runs, alternating, whose medians make the calibration (~5 ms of worker time on a quiet machine). */
export const CALIBRATION_PAIRS = 3;

/** A split must be predicted this much faster than one worker; below, the job runs whole. */
export const DEFAULT_MIN_SPLIT_GAIN = 1.3;

/** What start-up measured (all times in ms). */
export interface SplitCalibration {
  workers: number;
  /** sdpaCost of the calibration job (float32, buffers warm). */
  cost: number;
  /** The job's compute time in one worker with the others idle. */
  aloneMs: number;
  /** The slowest worker's compute time for the same job while every worker runs it at once. */
  togetherMs: number;
  /** Wall time on the client around the lone run, less the time the worker spent in it: one round trip. */
  wholeOverheadMs: number;
  /** Wall time around the run on every worker, less the longest time one spent in it: a split's fixed price. */
  splitOverheadMs: number;
}

/** The cost of the calibration job in sdpaCost's units, its buffers warm as after a first run. */
export function calibrationCost(): number {
  return sdpaCost({ nq: CALIBRATION_N, nk: CALIBRATION_N, d: CALIBRATION_D, dv: CALIBRATION_D, bytesPerElement: 4, causal: false }, { warmBuffers: true });
}

/**
 * Predicted time of a job of `cost` run whole and split, from a calibration: compute scales with
 * cost (per worker, a 1/workers share at the together rate), the overheads are fixed.
 */
export function predictedTimes(cost: number, c: SplitCalibration): { wholeMs: number; splitMs: number } {
  return {
    wholeMs: c.wholeOverheadMs + (cost * c.aloneMs) / c.cost,
    splitMs: c.splitOverheadMs + (cost * c.togetherMs) / c.cost / c.workers,
  };
}

/**
 * The smallest cost whose predicted split is at least `minGain` times faster than running whole,
 * or Infinity when no size gets there (the workers do not run in parallel enough). Solves
 * wholeOverhead + cost·alone ≥ minGain · (splitOverhead + cost·together / workers) for cost.
 */
export function calibratedSplitThreshold(c: SplitCalibration, minGain = DEFAULT_MIN_SPLIT_GAIN): number {
  const valid = [c.cost, c.aloneMs, c.togetherMs].every((x) => Number.isFinite(x) && x > 0) && c.workers >= 2;
  if (!valid || !Number.isFinite(c.wholeOverheadMs) || !Number.isFinite(c.splitOverheadMs)) return Infinity;
  const perCostGain = (c.aloneMs - (minGain * c.togetherMs) / c.workers) / c.cost;
  if (perCostGain <= 0) return Infinity;
  const fixed = minGain * Math.max(0, c.splitOverheadMs) - Math.max(0, c.wholeOverheadMs);
  return Math.max(0, fixed) / perCostGain;
}
