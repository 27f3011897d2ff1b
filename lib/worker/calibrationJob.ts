/**
 * The job the pool times in its workers at start-up (splitCalibration.ts says why). Kept apart
 * from the decision logic, which the client imports on the main thread without the core.
 */
import { scaledDotProductAttention, type Matrix } from '../attention';
import { randomNormalMatrix } from '../random';
import { CALIBRATION_D, CALIBRATION_N } from './splitCalibration';

/**
 * Runs in a worker: the calibration job `rounds` times after one warm-up (which compiles the
 * kernel), returning the fastest compute time in ms as this worker measured it.
 */
export function runCalibrationJob(rounds = 3): number {
  const [q, k, v] = [1, 2, 3].map((seed) => randomNormalMatrix(seed, CALIBRATION_N, CALIBRATION_D, { float32: true })) as [Matrix, Matrix, Matrix];
  scaledDotProductAttention(q, k, v);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    scaledDotProductAttention(q, k, v);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
