/**
 * The job the pool times in its workers at start-up (splitCalibration.ts says why). Kept apart
 * from the decision logic, which the client imports on the main thread without the core.
 */
import { scaledDotProductAttention, type Matrix } from '../attention';
import { randomNormalMatrix } from '../random';
import { CALIBRATION_D, CALIBRATION_N } from './splitCalibration';

/**
 * Runs in a worker: the calibration job `rounds` times after one warm-up (which compiles the
 * kernel). Returns the fastest run and the time spent in here altogether, both in ms as this
 * worker measured them; the client subtracts the latter from its wall time to get the overhead.
 */
export function runCalibrationJob(rounds = 3): { bestMs: number; elapsedMs: number } {
  const started = performance.now();
  const [q, k, v] = [1, 2, 3].map((seed) => randomNormalMatrix(seed, CALIBRATION_N, CALIBRATION_D, { float32: true })) as [Matrix, Matrix, Matrix];
  scaledDotProductAttention(q, k, v);
  let bestMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    scaledDotProductAttention(q, k, v);
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return { bestMs, elapsedMs: performance.now() - started };
}
