/**
 * The attention client end to end, through real worker_threads (lib/worker/nodeWorker.ts): results
 * equal the in-process core, latest-wins channels, abort, timeout, crash recovery, typed errors,
 * transfer of inputs, dispose. Every client is disposed in `after` so node --test can exit.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  additiveAttention,
  attentionRowBlock,
  multiHeadAttention,
  scaledDotProductAttention,
  type AttentionResult,
  type Matrix,
} from '../lib/attention';
import { AttentionInputError } from '../lib/errors';
import { fromRows, toRows } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { createAttentionClient, type AttentionClient, type AttentionClientOptions } from '../lib/worker/attentionClient';
import { createNodeWorker } from '../lib/worker/nodeWorker';
import type { AttentionRequest } from '../lib/worker/protocol';
import { AttentionCancelledError, AttentionTimeoutError, AttentionWorkerError } from '../lib/worker/workerErrors';
import type { WorkerLike } from '../lib/worker/workerLike';
import { maxAbsDiff, referenceAttention, referenceMultiHead } from './support/reference';

/** A hung promise (a regression) fails the test instead of hanging the run. */
const T = { timeout: 15_000 };

const clients: AttentionClient[] = [];
after(() => Promise.all(clients.map((c) => c.dispose())));

/** Real Node workers, with a log of what the client sent them and how many it terminated. */
function recordedClient(options: Partial<AttentionClientOptions> = {}) {
  const log = {
    created: 0,
    terminated: 0,
    posted: [] as AttentionRequest[],
    onPost: null as ((request: AttentionRequest, transfer: ArrayBuffer[]) => void) | null,
  };
  const createWorker = (): WorkerLike => {
    const inner = createNodeWorker();
    log.created++;
    const outer: WorkerLike = {
      onmessage: null,
      onerror: null,
      onexit: null,
      postMessage(message, transfer) {
        inner.postMessage(message, transfer);
        log.posted.push(message as AttentionRequest);
        log.onPost?.(message as AttentionRequest, transfer);
      },
      terminate() {
        log.terminated++;
        return inner.terminate();
      },
    };
    inner.onmessage = (data) => outer.onmessage?.(data);
    inner.onerror = (error) => outer.onerror?.(error);
    inner.onexit = (code) => outer.onexit?.(code);
    return outer;
  };
  const client = createAttentionClient({ createWorker, workers: 2, ...options });
  clients.push(client);
  const ops = () => log.posted.map((m) => m.op);
  return { client, log, ops };
}

const m = (seed: number, rows: number, cols: number): Matrix => randomNormalMatrix(seed, rows, cols);
const f32 = (x: Matrix): Matrix => ({ rows: x.rows, cols: x.cols, data: Float32Array.from(x.data) });
/** A job that keeps one worker busy for seconds (float64, readable kernel): 2048² pairs × 256. */
const longJob = () => [m(1, 2048, 128), m(2, 2048, 128), m(3, 2048, 128)] as const;
/** A job of some tens of milliseconds. */
const smallJob = (seed = 1) => [m(seed, 6, 3), m(seed + 1, 6, 3), m(seed + 2, 6, 3)] as const;
const mediumJob = (seed = 1) => [m(seed, 384, 64), m(seed + 1, 384, 64), m(seed + 2, 384, 64)] as const;

async function rejectsWith<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a ${type.name}, but the promise resolved`);
}

describe('results equal the in-process core', () => {
  const { client, log, ops } = recordedClient();

  test('small jobs go whole to one worker', T, async () => {
    const [q, k, v] = [m(1, 5, 3), m(2, 4, 3), m(3, 4, 2)];
    const mask = fromRows([
      [1, 0, 1, 1],
      [1, 1, 0, 1],
      [0, 1, 1, 1],
      [1, 1, 1, 0],
      [0, 0, 1, 1],
    ]);
    assert.deepEqual(await client.scaledDotProductAttention(q, k, v, { mask, scale: 0.7 }), scaledDotProductAttention(q, k, v, { mask, scale: 0.7 }));
    // Node has shared memory, so the whole job is one row block that writes into shared buffers.
    assert.deepEqual(ops().filter((op) => op !== '__release'), ['attentionRowBlock']);
    assert.deepEqual(await client.attentionRowBlock(q, k, v, { rowOffset: 2, causal: true }), attentionRowBlock(q, k, v, { rowOffset: 2, causal: true }));
    const w1 = m(4, 3, 6);
    const w2 = m(5, 3, 6);
    const va = [0.3, -0.2, 0.5, 0.1, -0.4, 0.25];
    assert.deepEqual(await client.additiveAttention(q, k, v, { w1, w2, va }, { causal: true }), additiveAttention(q, k, v, { w1, w2, va }, { causal: true }));
    // Worked by hand, independent of the core: one query [1, 0], keys [1, 0] and [0, 1], scale 1
    // → scores [1, 0] → weights [e/(e+1), 1/(e+1)] = [0.731059, 0.268941]; V = [[10], [20]]
    // → output 7.31059 + 5.37883 = 12.68941.
    const hand = await client.scaledDotProductAttention(fromRows([[1, 0]]), fromRows([[1, 0], [0, 1]]), fromRows([[10], [20]]), { scale: 1 });
    assert.ok(Math.abs(hand.weights.data[0] - 0.731059) < 1e-6, "Math.abs(hand.weights.data[0] - 0.731059) < 1e-6");
    assert.ok(Math.abs(hand.output.data[0] - 12.68941) < 1e-5, "Math.abs(hand.output.data[0] - 12.68941) < 1e-5");
  });

  test('split SDPA (many row blocks) equals the core exactly: full, causal, masked; float64 and float32', T, async () => {
    // A threshold of 0 and 3 KiB blocks force the split even at this size: 37 query rows, 29 keys.
    // Blocks come back and are copied, as on a page that is not cross-origin isolated.
    const { client: split, log: splitLog, ops: splitOps } = recordedClient({ splitThreshold: 0, maxBlockBytes: 3 * 1024, sharedMemory: false });
    const [q, k, v] = [m(11, 37, 6), m(12, 29, 6), m(13, 29, 5)];
    const mask = fromRows(Array.from({ length: 37 }, (_, i) => Array.from({ length: 29 }, (_, j) => ((3 * i + j) % 4 === 0 ? 0 : 1))));
    for (const opts of [{}, { causal: true }, { mask }, { mask, causal: true, scale: 0.3 }]) {
      assert.deepEqual(await split.scaledDotProductAttention(q, k, v, opts), scaledDotProductAttention(q, k, v, opts), JSON.stringify(Object.keys(opts)));
    }
    const blocks = splitLog.posted.filter((r) => r.op === 'attentionRowBlock');
    // Rows of results are (2·29 + 5)·8 = 504 bytes: ⌊3072 / 504⌋ = 6 rows a block, so at least ⌈37/6⌉ = 7 blocks a job.
    assert.ok(blocks.length >= 4 * 7, `${blocks.length} blocks`);
    // K and V went to each worker at most once per job, not with every block.
    assert.ok(blocks.filter((r) => r.retain).length <= 4 * split.size, "blocks.filter((r) => r.retain).length <= 4 * split.size");
    assert.ok(splitOps().includes('__release'), "splitOps().includes('__release')");
    const reference = referenceAttention(toRows(q), toRows(k), toRows(v), { mask: toRows(mask), causal: true });
    const ours = await split.scaledDotProductAttention(q, k, v, { mask, causal: true });
    assert.ok(maxAbsDiff(toRows(ours.weights), reference.weights) < 1e-12, "maxAbsDiff(toRows(ours.weights), reference.weights) < 1e-12");
    assert.ok(maxAbsDiff(toRows(ours.output), reference.output) < 1e-12, "maxAbsDiff(toRows(ours.output), reference.output) < 1e-12");

    const [q32, k32, v32] = [f32(q), f32(k), f32(v)];
    const ours32 = await split.scaledDotProductAttention(q32, k32, v32, { causal: true });
    assert.ok(ours32.weights.data instanceof Float32Array, "ours32.weights.data instanceof Float32Array");
    assert.deepEqual(ours32, scaledDotProductAttention(q32, k32, v32, { causal: true }));
  });

  test('split SDPA with a mask pattern: each block takes the pattern whole and the result equals the core', T, async () => {
    const { client: split, log } = recordedClient({ splitThreshold: 0, maxBlockBytes: 3 * 1024, sharedMemory: false });
    const [q, k, v] = [f32(m(21, 40, 6)), f32(m(22, 40, 6)), f32(m(23, 40, 5))];
    const mask = { kind: 'strided', stride: 5 } as const;
    assert.deepEqual(await split.scaledDotProductAttention(q, k, v, { mask }), scaledDotProductAttention(q, k, v, { mask }));
    const blocks = log.posted.filter((r) => r.op === 'attentionRowBlock');
    assert.ok(blocks.length >= 2, `${blocks.length} blocks`);
    for (const b of blocks) assert.deepEqual((b.args[3] as { mask: unknown }).mask, mask);
  });

  test('split SDPA into shared memory (one block per worker) equals the core exactly', T, async () => {
    const { client: split, log: splitLog } = recordedClient({ splitThreshold: 0, sharedMemory: true });
    const [q, k, v] = [m(31, 41, 7), m(32, 33, 7), m(33, 33, 3)];
    const mask = fromRows(Array.from({ length: 41 }, (_, i) => Array.from({ length: 33 }, (_, j) => ((i + 2 * j) % 5 === 0 ? 0 : 1))));
    for (const opts of [{}, { causal: true }, { mask, causal: true }]) {
      for (const conv of [(x: Matrix) => x, f32]) {
        const got = await split.scaledDotProductAttention(conv(q), conv(k), conv(v), opts);
        assert.ok(got.weights.data.buffer instanceof SharedArrayBuffer, 'results live in shared memory');
        const want = scaledDotProductAttention(conv(q), conv(k), conv(v), opts);
        assert.deepEqual([...got.scores.data], [...want.scores.data], 'scores');
        assert.deepEqual([...got.weights.data], [...want.weights.data], 'weights');
        assert.deepEqual([...got.output.data], [...want.output.data], 'output');
      }
    }
    const blocks = splitLog.posted.filter((r) => r.op === 'attentionRowBlock');
    assert.equal(blocks.length, 6 * split.size, 'one block per worker per job');
  });

  test('big jobs split by default, small ones do not', T, async () => {
    const before = log.posted.length;
    // Float32 n = 1024 is below the SDPA threshold on purpose (see splitPlan.ts); float64 is not.
    const [q, k, v] = [m(21, 1024, 64), m(22, 1024, 64), m(23, 1024, 64)].map(f32);
    assert.deepEqual(await client.scaledDotProductAttention(q, k, v), scaledDotProductAttention(q, k, v));
    assert.equal(log.posted.slice(before).filter((r) => r.op === 'attentionRowBlock').length, 1, 'float32 n = 1024 into fresh memory runs whole');
    const [q64, k64, v64] = [m(24, 256, 32), m(25, 256, 32), m(26, 256, 32)];
    const mid = log.posted.length;
    assert.deepEqual(await client.scaledDotProductAttention(q64, k64, v64), scaledDotProductAttention(q64, k64, v64));
    assert.ok(log.posted.slice(mid).filter((r) => r.op === 'attentionRowBlock').length >= 2, 'float64 n = 256 is split');
  });

  test('a result handed back is reused: same memory, same numbers as the core, and float32 n = 1024 then splits', T, async () => {
    const { client: reusing, log: reuseLog } = recordedClient();
    const [q, k, v] = [m(41, 1024, 64), m(42, 1024, 64), m(43, 1024, 64)].map(f32);
    const first = await reusing.scaledDotProductAttention(q, k, v);
    assert.ok(first.scores.data.buffer instanceof SharedArrayBuffer, 'a whole job also writes into shared memory');
    const buffers = [first.scores.data.buffer, first.weights.data.buffer, first.output.data.buffer];
    const blocksBefore = reuseLog.posted.filter((r) => r.op === 'attentionRowBlock').length;
    // Different inputs, so stale numbers left in the reused memory would show.
    const [q2, k2] = [m(44, 1024, 64), m(45, 1024, 64)].map(f32);
    const second = await reusing.scaledDotProductAttention(q2, k2, v, { causal: true }, { reuse: first });
    assert.deepEqual([second.scores.data.buffer, second.weights.data.buffer, second.output.data.buffer], buffers, 'the same memory');
    const want = scaledDotProductAttention(q2, k2, v, { causal: true });
    assert.deepEqual([...second.weights.data], [...want.weights.data], 'weights');
    assert.deepEqual([...second.scores.data], [...want.scores.data], 'scores');
    assert.deepEqual([...second.output.data], [...want.output.data], 'output');
    const blocks = reuseLog.posted.filter((r) => r.op === 'attentionRowBlock').length - blocksBefore;
    assert.equal(blocks, reusing.size, 'into warm memory the job splits over every worker');
  });

  test('reuse is refused where it could mix results: wrong size, one array twice, still in use, cancelled', T, async () => {
    const { client: reusing } = recordedClient();
    const [q, k, v] = [m(51, 48, 8), m(52, 48, 8), m(53, 48, 8)];
    const first = await reusing.scaledDotProductAttention(q, k, v);
    const isFresh = (r: AttentionResult) => r.weights.data.buffer !== first.weights.data.buffer;
    // Wrong size: 47 query rows.
    const short = { rows: 47, cols: 8, data: q.data.slice(0, 47 * 8) };
    assert.ok(isFresh(await reusing.scaledDotProductAttention(short, k, v, {}, { reuse: first })), 'a result of another size is not reused');
    // The same array as scores and weights would have two results written over each other.
    const twice: AttentionResult = { ...first, weights: first.scores };
    const got = await reusing.scaledDotProductAttention(q, k, v, {}, { reuse: twice });
    assert.ok(got.scores.data.buffer !== first.scores.data.buffer, 'an array handed back twice is not reused');
    // Two calls handed the same result at once: only the first may write into it.
    const [a, b] = await Promise.all([
      reusing.scaledDotProductAttention(q, k, v, {}, { reuse: first }),
      reusing.scaledDotProductAttention(q, k, v, { causal: true }, { reuse: first }),
    ]);
    assert.ok(!isFresh(a) && isFresh(b), 'a result in use by a pending call is not reused by another');
    assert.deepEqual([...b.weights.data], [...scaledDotProductAttention(q, k, v, { causal: true }).weights.data]);
    // A cancelled call may leave a worker writing into the memory it was given: never reused again.
    const controller = new AbortController();
    const cancelled = reusing.scaledDotProductAttention(q, k, v, {}, { reuse: a, signal: controller.signal });
    controller.abort();
    await rejectsWith(cancelled, AttentionCancelledError);
    const after = await reusing.scaledDotProductAttention(q, k, v, {}, { reuse: a });
    assert.ok(after.weights.data.buffer !== a.weights.data.buffer, 'memory of a cancelled call is not reused');
  });

  test('split MHA (by heads) equals multiHeadAttention within rounding, and the float64 reference', T, async () => {
    const { client: split, ops: splitOps } = recordedClient({ splitThreshold: 0 });
    const x = m(31, 11, 8);
    const xkv = m(32, 9, 8);
    const w = (seed: number) => randomNormalMatrix(seed, 8, 8, { std: 1 / Math.sqrt(8) });
    const weights = { wq: w(33), wk: w(34), wv: w(35), wo: w(36) };
    for (const [xq, kv, opts] of [
      [x, x, { causal: true }],
      [x, xkv, {}],
    ] as const) {
      const ours = await split.multiHeadAttention(xq, kv, weights, 4, opts);
      const direct = multiHeadAttention(xq, kv, weights, 4, opts);
      assert.deepEqual(ours.heads, direct.heads);
      assert.ok(maxAbsDiff(toRows(ours.output), toRows(direct.output)) < 1e-12, "maxAbsDiff(toRows(ours.output), toRows(direct.output)) < 1e-12");
      const reference = referenceMultiHead(toRows(xq), toRows(kv), { wq: toRows(w(33)), wk: toRows(w(34)), wv: toRows(w(35)), wo: toRows(w(36)) }, 4, opts);
      assert.ok(maxAbsDiff(toRows(ours.output), reference.output) < 1e-12, "maxAbsDiff(toRows(ours.output), reference.output) < 1e-12");
    }
    assert.equal(splitOps().filter((op) => op === 'multiHeadAttentionHeads').length, 4, '2 jobs × 2 head ranges');
  });
});

describe('cancellation', () => {
  test('latest wins on a channel: the older requests reject as superseded and never resolve', T, async () => {
    const { client } = recordedClient({ workers: 1 });
    const outcomes: string[] = [];
    const fire = (seed: number) => {
      const promise = client.scaledDotProductAttention(...mediumJob(seed), {}, { channel: 'heatmap' });
      promise.then(
        () => outcomes.push(`${seed} resolved`),
        (e: unknown) => outcomes.push(`${seed} ${e instanceof AttentionCancelledError ? e.reason : String(e)}`),
      );
      return promise;
    };
    const other = client.scaledDotProductAttention(...mediumJob(7), {}, { channel: 'other' });
    const first = fire(1);
    const second = fire(2);
    const third = fire(3);
    await rejectsWith(first, AttentionCancelledError);
    await rejectsWith(second, AttentionCancelledError);
    assert.deepEqual(await third, scaledDotProductAttention(...mediumJob(3)));
    assert.deepEqual(await other, scaledDotProductAttention(...mediumJob(7)), 'another channel is untouched');
    await sleep(50);
    assert.deepEqual(outcomes, ['1 superseded', '2 superseded', '3 resolved']);
  });

  test('abort before start: the queued job is dropped and never reaches a worker', T, async () => {
    const { client, ops } = recordedClient({ workers: 1 });
    const busy = client.scaledDotProductAttention(...mediumJob());
    const controller = new AbortController();
    const queued = client.additiveAttention(m(1, 3, 2), m(2, 3, 2), m(3, 3, 2), { w1: m(4, 2, 2), w2: m(5, 2, 2), va: [1, 1] }, {}, { signal: controller.signal });
    controller.abort();
    const error = await rejectsWith(queued, AttentionCancelledError);
    assert.equal(error.reason, 'aborted');
    assert.deepEqual(await busy, scaledDotProductAttention(...mediumJob()));
    await rejectsWith(client.scaledDotProductAttention(...mediumJob(), {}, { signal: controller.signal }), AttentionCancelledError);
    assert.deepEqual(ops().filter((op) => op !== '__release'), ['attentionRowBlock'], 'neither the aborted nor the pre-aborted job was posted');
  });

  test('abort while running: rejects at once, the long-running worker is replaced, the next call works', T, async () => {
    const { client, log } = recordedClient({ workers: 1 });
    await client.scaledDotProductAttention(m(1, 2, 2), m(2, 2, 2), m(3, 2, 2)); // worker started
    const controller = new AbortController();
    const running = client.scaledDotProductAttention(...longJob(), {}, { signal: controller.signal });
    await sleep(150);
    const abortedAt = performance.now();
    controller.abort();
    const error = await rejectsWith(running, AttentionCancelledError);
    assert.equal(error.reason, 'aborted');
    assert.ok(performance.now() - abortedAt < 100, 'did not wait for the computation');
    assert.equal(log.terminated, 1);
    const small = [m(4, 6, 3), m(5, 6, 3), m(6, 6, 3)] as const;
    assert.deepEqual(await client.scaledDotProductAttention(...small), scaledDotProductAttention(...small));
    assert.equal(log.created, 2);
  });

  test('timeout: rejects with AttentionTimeoutError, replaces the worker, the next call works', T, async () => {
    const { client, log } = recordedClient({ workers: 1 });
    const started = performance.now();
    const error = await rejectsWith(client.scaledDotProductAttention(...longJob(), {}, { timeoutMs: 200 }), AttentionTimeoutError);
    assert.equal(error.timeoutMs, 200);
    assert.ok(performance.now() - started < 1500, "performance.now() - started < 1500");
    assert.equal(log.terminated, 1);
    const small = [m(4, 6, 3), m(5, 6, 3), m(6, 6, 3)] as const;
    assert.deepEqual(await client.scaledDotProductAttention(...small, {}, { timeoutMs: 30_000 }), scaledDotProductAttention(...small));
  });
});

/**
 * Real worker_threads that can be killed the way a browser kills a Web Worker: terminate() from
 * outside, and no event reaches the pool (Node would report an exit; browsers say nothing).
 */
function silentlyKillableClient(options: Partial<AttentionClientOptions> = {}) {
  const live: { inner: WorkerLike; silenced: boolean }[] = [];
  let created = 0;
  const createWorker = (): WorkerLike => {
    const inner = createNodeWorker();
    created++;
    const record = { inner, silenced: false };
    live.push(record);
    const outer: WorkerLike = {
      onmessage: null,
      onerror: null,
      onexit: null,
      postMessage: (message, transfer) => inner.postMessage(message, transfer),
      terminate: () => inner.terminate(),
    };
    inner.onmessage = (data) => outer.onmessage?.(data);
    inner.onerror = (error) => record.silenced || outer.onerror?.(error);
    inner.onexit = (code) => record.silenced || outer.onexit?.(code);
    return outer;
  };
  const client = createAttentionClient({ createWorker, workers: 2, ...options });
  clients.push(client);
  const killAll = async () => {
    for (const record of live.splice(0)) {
      record.silenced = true;
      await record.inner.terminate();
    }
  };
  return { client, killAll, created: () => created };
}

describe('workers that die without a word', () => {
  test('silently killed workers are found out, replaced, and the request is retried: it succeeds', { timeout: 30_000 }, async () => {
    const { client, killAll, created } = silentlyKillableClient({ ackTimeoutMs: 300 });
    // Two at once, so both workers have started and answered. Small ones: with a 300 ms deadline,
    // a big job queued behind another that long would get a third worker (workerPool.ts).
    await Promise.all([client.scaledDotProductAttention(...smallJob(1)), client.scaledDotProductAttention(...smallJob(4))]);
    assert.equal(created(), 2);
    await killAll();
    const small = [m(4, 6, 3), m(5, 6, 3), m(6, 6, 3)] as const;
    const started = performance.now();
    assert.deepEqual(await client.scaledDotProductAttention(...small, {}, { timeoutMs: 60_000 }), scaledDotProductAttention(...small));
    const took = performance.now() - started;
    // 300 ms to find the first one dead, then a fresh worker's start; far from the 60 s time limit.
    assert.ok(took < 8000, `took ${took.toFixed(0)} ms`);
    assert.equal(created(), 3, 'one fresh worker for the retry');
    // The other dead worker was replaced as well, so the next request does not stall on it.
    const next = performance.now();
    await Promise.all([client.scaledDotProductAttention(...smallJob(7)), client.scaledDotProductAttention(...smallJob(10))]);
    assert.ok(performance.now() - next < 250 + 5000, 'no second wait for a dead worker');
    assert.equal(created(), 4);
  });

  test('a long computation on a live worker is not mistaken for a dead one', { timeout: 30_000 }, async () => {
    const { client, created } = silentlyKillableClient({ ackTimeoutMs: 50, workers: 1 });
    // Hundreds of milliseconds of float64 work: far past the 50 ms receipt deadline.
    const [q, k, v] = [m(1, 768, 128), m(2, 768, 128), m(3, 768, 128)];
    await client.scaledDotProductAttention(q, k, v); // the worker's first request: it has now started
    const started = performance.now();
    const result = await client.scaledDotProductAttention(q, k, v);
    assert.ok(performance.now() - started > 150, 'the job really outlasted the receipt deadline');
    assert.equal(result.weights.rows, 768);
    assert.equal(created(), 1, 'never replaced');
  });
});

describe('failures', () => {
  test('a crashing worker rejects its request with AttentionWorkerError; others and later requests work', T, async () => {
    const { client, log } = recordedClient({ workers: 2 });
    const meanwhile = client.scaledDotProductAttention(...mediumJob(5));
    const error = await rejectsWith(client.crashWorkerForTests('throw'), AttentionWorkerError);
    assert.equal(error.message, 'The attention worker stopped unexpectedly; please try again.');
    assert.deepEqual(await meanwhile, scaledDotProductAttention(...mediumJob(5)));
    await rejectsWith(client.crashWorkerForTests('exit'), AttentionWorkerError);
    const small = [m(4, 6, 3), m(5, 6, 3), m(6, 6, 3)] as const;
    assert.deepEqual(await client.scaledDotProductAttention(...small), scaledDotProductAttention(...small));
    assert.ok(log.created >= 3, "log.created >= 3");
  });

  test('input errors cross as AttentionInputError with message, code and where — whole and split', T, async () => {
    const { client } = recordedClient({ splitThreshold: 0, maxBlockBytes: 2048 });
    const direct = (fn: () => unknown): AttentionInputError => {
      try {
        fn();
      } catch (e) {
        return e as AttentionInputError;
      }
      throw new Error('expected the core to throw');
    };
    const [q, k, v] = [m(1, 40, 3), m(2, 30, 4), m(3, 30, 2)];
    const shape = await rejectsWith(client.scaledDotProductAttention(q, k, v), AttentionInputError);
    assert.equal(shape.message, 'K has 4 columns but Q has 3: Q and K must have the same width d, since each score is a dot product of a query row with a key row.');
    assert.equal(shape.code, 'shape');
    assert.deepEqual(shape.where, { input: 'K' });

    // A NaN in row 33 of Q lands in a late row block; the error still names the global row.
    const bad = m(4, 40, 4);
    bad.data[32 * 4 + 2] = NaN;
    const expected = direct(() => scaledDotProductAttention(bad, m(5, 30, 4), v));
    const viaSplit = await rejectsWith(client.scaledDotProductAttention(bad, m(5, 30, 4), v), AttentionInputError);
    assert.equal(viaSplit.message, expected.message);
    assert.deepEqual(viaSplit.where, { input: 'Q', row: 32, col: 2 });
    assert.deepEqual(viaSplit.where, expected.where);

    // Two problems, in different blocks' reach: the core checks Q before K, so it reports Q's NaN
    // (row 33) even though block 1 meets K's NaN (row 2) first. The split must report the same.
    const badK = m(5, 30, 4);
    badK.data[1 * 4 + 0] = Infinity;
    const both = direct(() => scaledDotProductAttention(bad, badK, v));
    assert.deepEqual(both.where, { input: 'Q', row: 32, col: 2 });
    const bothSplit = await rejectsWith(client.scaledDotProductAttention(bad, badK, v), AttentionInputError);
    assert.equal(bothSplit.message, both.message);
    assert.deepEqual(bothSplit.where, both.where);

    const timeout = await rejectsWith(client.scaledDotProductAttention(q, q, q, {}, { timeoutMs: -1 }), AttentionInputError);
    assert.deepEqual(timeout.where, { input: 'timeoutMs' });
  });
});

describe('transfer and lifetime', () => {
  test('a 4096×1024 float32 input crosses by transfer: the posted copy is detached, the caller’s array is not', T, async () => {
    const { client, log } = recordedClient({ workers: 1 });
    const q: Matrix = { rows: 4096, cols: 1024, data: new Float32Array(4096 * 1024).fill(0.25) };
    const k: Matrix = { rows: 1, cols: 1024, data: new Float32Array(1024).fill(1) };
    const v: Matrix = { rows: 1, cols: 1, data: new Float32Array([3]) };
    let checked = false;
    log.onPost = (request, transfer) => {
      const posted = (request.args[0] as Matrix).data;
      assert.notEqual(posted, q.data, 'a copy was posted');
      assert.equal(posted.byteLength, 0, 'the posted copy is detached: it moved instead of being cloned');
      assert.equal(transfer.length, 3);
      checked = true;
    };
    const result: AttentionResult = await client.attentionRowBlock(q, k, v, { rowOffset: 0 });
    assert.ok(checked, "checked");
    assert.equal(q.data.length, 4096 * 1024, 'the caller still has its array');
    assert.equal(q.data[4096 * 1024 - 1], 0.25);
    // One key: every weight is 1 and every output is V's single value.
    assert.equal(result.output.rows, 4096);
    assert.ok(result.output.data.every((x) => x === 3), "result.output.data.every((x) => x === 3)");
  });

  test('dispose rejects pending requests, terminates the workers, and refuses new ones', T, async () => {
    const { client, log } = recordedClient({ workers: 2, splitThreshold: 0 });
    const pending = rejectsWith(client.scaledDotProductAttention(...longJob()), AttentionCancelledError);
    await sleep(20);
    await client.dispose();
    const error = await pending;
    assert.equal(error.reason, 'disposed');
    assert.equal(log.terminated, log.created);
    assert.ok(log.created >= 1, "log.created >= 1");
    await rejectsWith(client.scaledDotProductAttention(m(1, 2, 2), m(2, 2, 2), m(3, 2, 2)), AttentionCancelledError);
  });
});

describe('big inputs without blocking the page (issue 12)', () => {
  test('handOver moves the caller’s arrays to the worker instead of copying them', T, async () => {
    const { client, log } = recordedClient({ workers: 1 });
    let movedOwnArrays = false;
    const data = Float32Array.from({ length: 300 * 260 }, (_, i) => (i % 7) / 7);
    log.onPost = (request, transfer) => {
      if (request.op === 'rasterizeHeatmap') movedOwnArrays = transfer.includes(data.buffer as ArrayBuffer);
    };
    const input = { rows: 300, cols: 260, data, rowFactor: 2, colFactor: 2, pooling: 'mean', scale: 'sequential', blocked: null, blockedRule: null } as const;
    const expected = (await import('../lib/heatmap/raster')).rasterizeHeatmap({ ...input, data: data.slice() });
    const raster = await client.run('rasterizeHeatmap', [input], { handOver: true });
    assert.ok(movedOwnArrays, 'the caller’s own buffer was in the transfer list');
    assert.equal(data.length, 0, 'the handed-over array is detached here');
    assert.deepEqual(raster, expected);
  });

  test('skipScores: a split job assembles only weights and output, equal to the core', T, async () => {
    const { client } = recordedClient({ splitThreshold: 0, maxBlockBytes: 3 * 1024, sharedMemory: false });
    const [q, k, v] = [f32(m(21, 40, 4)), f32(m(22, 33, 4)), f32(m(23, 33, 3))];
    const full = scaledDotProductAttention(q, k, v, { causal: true });
    const result = await client.scaledDotProductAttention(q, k, v, { causal: true }, { skipScores: true });
    assert.deepEqual(result.weights, full.weights);
    assert.deepEqual(result.output, full.output);
    assert.equal(result.scores.rows * result.scores.cols, 0);
    assert.equal(result.scores.data.length, 0);
  });
});
