import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAttentionClient } from '../lib/worker/attentionClient';
import { PING_OP } from '../lib/worker/protocol';
import { CALIBRATION_PAIRS, calibratedSplitThreshold, calibrationCost, DEFAULT_MIN_SPLIT_GAIN, predictedTimes, type SplitCalibration } from '../lib/worker/splitCalibration';
import type { WorkerLike } from '../lib/worker/workerLike';
import { sdpaCost, type SdpaShape } from '../lib/worker/splitPlan';
import { createNodeAttentionClient } from '../lib/worker/nodeWorker';

const warmF32 = (n: number): number => {
  const shape: SdpaShape = { nq: n, nk: n, d: 64, dv: 64, bytesPerElement: 4, causal: false };
  return sdpaCost(shape, { warmBuffers: true });
};

// The calibration job at 0.5 ms stands for ~8 ms at n = 1024 and ~32 ms at n = 2048.
const quiet: SplitCalibration = { workers: 2, cost: calibrationCost(), aloneMs: 0.5, togetherMs: 0.52, wholeOverheadMs: 0.2, splitOverheadMs: 0.3 };

describe('calibratedSplitThreshold', () => {
  test('quiet machine: n = 1024 (float32, warm) splits, n = 256 stays whole', () => {
    const threshold = calibratedSplitThreshold(quiet);
    assert.ok(warmF32(1024) >= threshold, `threshold ${threshold}`);
    assert.ok(warmF32(256) < threshold, `threshold ${threshold}`);
  });

  test('busy machine, round trips of ~5 ms: n = 1024 stays whole, n = 2048 still splits', () => {
    const busy = { ...quiet, togetherMs: 0.55, wholeOverheadMs: 2, splitOverheadMs: 5 };
    const threshold = calibratedSplitThreshold(busy);
    assert.ok(warmF32(1024) < threshold, `threshold ${threshold}`);
    assert.ok(warmF32(2048) >= threshold, `threshold ${threshold}`);
  });

  test('workers that do not run in parallel (together twice as slow as alone): nothing is split', () => {
    assert.equal(calibratedSplitThreshold({ ...quiet, togetherMs: 1 }), Infinity);
    // Just short of the gain asked for: 2 workers at 1.6× alone each give at most 1.25× < 1.3×.
    assert.equal(calibratedSplitThreshold({ ...quiet, togetherMs: 0.8 }), Infinity);
  });

  test('overheads no larger for a split than for one worker: every size splits (threshold 0)', () => {
    assert.equal(calibratedSplitThreshold({ ...quiet, splitOverheadMs: 0.1, wholeOverheadMs: 0.2 }), 0);
  });

  test('a measurement that makes no sense splits nothing', () => {
    for (const broken of [{ aloneMs: NaN }, { togetherMs: 0 }, { cost: 0 }, { workers: 1 }, { splitOverheadMs: Infinity }]) {
      assert.equal(calibratedSplitThreshold({ ...quiet, ...broken }), Infinity, JSON.stringify(broken));
    }
  });

  test('property: at the threshold the predicted gain is the gain asked for, and above it at least that', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.integer({ min: 2, max: 8 }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (aloneMs, slowdown, wholeOverheadMs, splitOverheadMs, workers, above) => {
          const c: SplitCalibration = { workers, cost: 1e6, aloneMs, togetherMs: aloneMs * slowdown, wholeOverheadMs, splitOverheadMs };
          const threshold = calibratedSplitThreshold(c, DEFAULT_MIN_SPLIT_GAIN);
          if (threshold === Infinity) {
            // Never enough: even a huge job gains less than asked.
            const { wholeMs, splitMs } = predictedTimes(1e15, c);
            return wholeMs / splitMs < DEFAULT_MIN_SPLIT_GAIN + 1e-9;
          }
          const at = predictedTimes(Math.max(threshold, 1) * above, c);
          return at.wholeMs / at.splitMs >= DEFAULT_MIN_SPLIT_GAIN - 1e-9;
        },
      ),
    );
  });
});

describe('the client calibrates at warm-up', () => {
  test('two Node workers: the measurement is sane and sets the threshold in force', async () => {
    const client = createNodeAttentionClient({ workers: 2 });
    try {
      assert.equal(client.splitThreshold(), 2e6, 'the default rule until calibrated');
      client.warmUp();
      const measured = await client.calibrateSplit();
      assert.ok(measured !== null);
      assert.equal(measured.workers, 2);
      for (const key of ['aloneMs', 'togetherMs'] as const) assert.ok(measured[key] > 0 && Number.isFinite(measured[key]), `${key} ${measured[key]}`);
      assert.equal(client.splitThreshold(), calibratedSplitThreshold(measured));
      assert.strictEqual(client.calibrateSplit(), client.calibrateSplit(), 'measured once');
    } finally {
      await client.dispose();
    }
  });

  test('a threshold given explicitly is the one in force', async () => {
    const client = createNodeAttentionClient({ workers: 2, splitThreshold: 123 });
    try {
      client.warmUp();
      assert.equal(client.splitThreshold(), 123);
    } finally {
      await client.dispose();
    }
  });
});

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(2);
  }
}

describe('calibration yields to callers', () => {
  /** In-process workers that answer calibration jobs at once and hold a caller's job until released. */
  function fakeWorkers() {
    const log: string[] = [];
    const held: (() => void)[] = [];
    const createWorker = (): WorkerLike => {
      const worker: WorkerLike = {
        onmessage: null,
        onerror: null,
        terminate: () => undefined,
        postMessage(message) {
          const { id, op } = message as { id: number; op: string };
          if (op === PING_OP) return void setTimeout(() => worker.onmessage?.({ id, ack: true }));
          log.push(op);
          const answer = (result: unknown) => worker.onmessage?.({ id, ok: true, result });
          setTimeout(() => {
            worker.onmessage?.({ id, ack: true });
            if (op === 'runCalibrationJob') answer({ bestMs: 1, elapsedMs: 1 });
            else held.push(() => answer('done'));
          });
        },
      };
      return worker;
    };
    return { log, held, createWorker };
  }

  test('each calibration round waits for the caller thread to be idle', async () => {
    const { log, createWorker } = fakeWorkers();
    const idle: (() => void)[] = [];
    const whenIdle = () => new Promise<void>((resolve) => idle.push(resolve));
    const client = createAttentionClient({ createWorker, workers: 2, whenIdle });
    try {
      client.warmUp();
      await sleep(30);
      assert.equal(log.filter((op) => op === 'runCalibrationJob').length, 0, 'no round before the page is idle');
      assert.equal(idle.length, 1);
      idle.shift()!();
      await until(() => idle.length === 1);
      assert.equal(log.filter((op) => op === 'runCalibrationJob').length, 2, 'the first round, on both workers, then a wait again');
      while (idle.length > 0 || log.filter((op) => op === 'runCalibrationJob').length < 2 + CALIBRATION_PAIRS * 3) {
        idle.shift()?.();
        await sleep(5);
      }
      assert.ok((await client.calibrateSplit()) !== null);
    } finally {
      await client.dispose();
    }
  });

  test('no calibration round starts while a caller waits; calibration finishes after', async () => {
    const { log, held, createWorker } = fakeWorkers();
    const client = createAttentionClient({ createWorker, workers: 2 });
    try {
      client.warmUp();
      const answer = client.run('typesetFormula', ['x']);
      // Long enough for every round of a calibration that did not wait.
      await sleep(50);
      const before = log.indexOf('typesetFormula');
      assert.ok(before >= 0, 'the caller was sent');
      assert.ok(log.length - 1 - before <= 2, `at most the round in flight follows the caller: ${log.join(', ')}`);
      assert.equal(held.length, 1);
      held[0]();
      assert.equal(await answer, 'done');
      const measured = await client.calibrateSplit();
      assert.ok(measured !== null, 'calibration completes once the caller is answered');
      assert.equal(log.filter((op) => op === 'runCalibrationJob').length, 2 + CALIBRATION_PAIRS * 3);
    } finally {
      await client.dispose();
    }
  });
});
