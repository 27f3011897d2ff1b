/**
 * The worker machinery without real threads: the split plan, the message helpers, the in-worker
 * request handler, the worker endpoint (transfer of results), and the pool driven through fake
 * workers whose replies the test controls. End-to-end tests through worker_threads are in
 * workerClient.test.ts.
 */
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { attentionRowBlock, multiHeadAttentionHeads, scaledDotProductAttention, type Matrix } from '../lib/attention';
import { AttentionInputError } from '../lib/errors';
import { MAX_SCORE_CELLS, MAX_SEQUENCE_LENGTH } from '../lib/limits';
import { fromRows } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { createRequestHandler, type HandledRequest } from '../lib/worker/handleRequest';
import {
  PING_OP,
  RELEASE_OP,
  collectTransferables,
  copyForTransfer,
  isAck,
  isResponse,
  reviveError,
  serializeError,
  type AttentionRequest,
  type AttentionResponse,
} from '../lib/worker/protocol';
import { SDPA_FLOAT32_COST_FACTOR, mhaCost, mhaShape, planHeadRanges, planRowBlocks, sdpaCost, sdpaShape, type SdpaShape } from '../lib/worker/splitPlan';
import { createWorkerEndpoint } from '../lib/worker/workerEndpoint';
import { AttentionWorkerError } from '../lib/worker/workerErrors';
import type { WorkerLike } from '../lib/worker/workerLike';
import { createWorkerPool, type PoolTask } from '../lib/worker/workerPool';

const matrix = (rows: number, cols: number, seed = 1): Matrix => randomNormalMatrix(seed, rows, cols);

describe('splitPlan', () => {
  const shape = (over: Partial<SdpaShape>): SdpaShape => ({ nq: 8, nk: 8, d: 4, dv: 4, bytesPerElement: 8, causal: false, ...over });

  test('row blocks worked by hand', () => {
    // n = 1024, dv = 64, float32: a row of results is (2·1024 + 64)·4 = 8448 bytes, so a 4 MiB block
    // holds ⌊4194304 / 8448⌋ = 496 rows → ⌈1024/496⌉ = 3 blocks, rounded up to whole rounds of 2
    // workers = 4 blocks of equal work: 256 rows each.
    const full = planRowBlocks(shape({ nq: 1024, nk: 1024, d: 64, dv: 64, bytesPerElement: 4 }), 2, 4 * 1024 * 1024);
    assert.deepEqual(full, [
      { start: 0, end: 256 },
      { start: 256, end: 512 },
      { start: 512, end: 768 },
      { start: 768, end: 1024 },
    ]);
    // Causal, n = 8, 2 workers, no memory pressure: row i (1-based) attends i keys, total
    // 1+2+…+8 = 36, a share of 18 per block. A block ends after a row once its running sum plus half
    // the next row's work passes the share: after row 5, 15 + 6/2 = 18 does not; after row 6,
    // 21 + 7/2 = 24.5 does. So rows 1–6 (work 21) and rows 7–8 (work 15): fewer rows at the bottom.
    assert.deepEqual(planRowBlocks(shape({ causal: true }), 2, 1 << 30), [
      { start: 0, end: 6 },
      { start: 6, end: 8 },
    ]);
  });

  test('row blocks tile the rows, respect the memory bound and keep every worker busy (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(4, 8),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 100, max: 200_000 }),
        (nq, nk, dv, bytesPerElement, causal, workers, maxBlockBytes) => {
          const blocks = planRowBlocks(shape({ nq, nk, dv, bytesPerElement, causal }), workers, maxBlockBytes);
          let expectStart = 0;
          for (const { start, end } of blocks) {
            assert.equal(start, expectStart);
            assert.ok(end > start, "end > start");
            const bytes = (end - start) * (2 * nk + dv) * bytesPerElement;
            assert.ok(end - start === 1 || bytes <= maxBlockBytes, `block of ${bytes} bytes`);
            expectStart = end;
          }
          assert.equal(expectStart, nq);
          assert.ok(blocks.length >= Math.min(nq, workers), "blocks.length >= Math.min(nq, workers)");
        },
      ),
    );
  });

  test('head ranges', () => {
    // 8 heads over 3 workers: cuts at ⌊8·1/3⌋ = 2 and ⌊8·2/3⌋ = 5.
    assert.deepEqual(planHeadRanges(8, 3), [
      { headStart: 0, headEnd: 2 },
      { headStart: 2, headEnd: 5 },
      { headStart: 5, headEnd: 8 },
    ]);
    assert.deepEqual(planHeadRanges(2, 4), [
      { headStart: 0, headEnd: 1 },
      { headStart: 1, headEnd: 2 },
    ]);
  });

  test('only sound shapes are split; everything else goes whole so the core reports it', () => {
    const q = matrix(6, 4);
    const k = matrix(5, 4, 2);
    const v = matrix(5, 3, 3);
    // nq·nk·(d + dv) = 6·5·(4 + 3) = 210, half of it under the causal mask.
    const s = sdpaShape([q, k, v, { causal: true }]);
    assert.deepEqual(s, { nq: 6, nk: 5, d: 4, dv: 3, bytesPerElement: 8, causal: true });
    assert.equal(sdpaCost(s!), 105);
    assert.equal(sdpaCost({ ...s!, causal: false }), 210);
    assert.equal(sdpaShape([q, matrix(5, 3), v]), null, 'widths differ');
    assert.equal(sdpaShape([q, k, matrix(4, 3)]), null, 'one value per key');
    assert.equal(sdpaShape([q, k, v, { mask: matrix(5, 5) }]), null, 'mask shape');
    assert.equal(sdpaShape([{ rows: 6, cols: 4, data: new Float64Array(23) }, k, v]), null, 'data length');
    assert.equal(sdpaShape([q, k, v, null]), null, 'options not an object');
    assert.equal(sdpaShape([matrix(1, 4), k, v]), null, 'a single row cannot be split');
    const tall = { rows: MAX_SEQUENCE_LENGTH + 1, cols: 1, data: new Float64Array(MAX_SEQUENCE_LENGTH + 1) };
    assert.equal(sdpaShape([tall, matrix(2, 1), matrix(2, 1)]), null, 'over the row limit, which a block cannot see');
    const wideK = { rows: Math.floor(MAX_SCORE_CELLS / 4096) + 1, cols: 1, data: new Float64Array(Math.floor(MAX_SCORE_CELLS / 4096) + 1) };
    assert.equal(sdpaShape([{ rows: 4096, cols: 1, data: new Float64Array(4096) }, wideK, wideK]), null, 'over the score-cell limit');
    const s32 = sdpaShape([{ ...q, data: Float32Array.from(q.data) }, { ...k, data: Float32Array.from(k.data) }, { ...v, data: Float32Array.from(v.data) }])!;
    assert.equal(s32.bytesPerElement, 4);
    assert.equal(sdpaCost(s32), 210 * SDPA_FLOAT32_COST_FACTOR, 'float32 runs on the faster SIMD kernel');
    assert.equal(sdpaShape([{ ...q, data: Float32Array.from(q.data) }, k, v])!.bytesPerElement, 8, 'float32 only if all are');

    const w = (seed: number) => matrix(8, 8, seed);
    const weights = { wq: w(1), wk: w(2), wv: w(3), wo: w(4) };
    const m = mhaShape([matrix(6, 8), matrix(5, 8), weights, 4]);
    assert.deepEqual(m, { nq: 6, nk: 5, dModel: 8, heads: 4, bytesPerElement: 8 });
    // 2·(6 + 5)·8² + 2·6·5·8 = 1408 + 480.
    assert.equal(mhaCost(m!), 1888);
    assert.equal(mhaShape([matrix(6, 8), matrix(5, 8), weights, 3]), null, '3 does not divide 8');
    assert.equal(mhaShape([matrix(6, 8), matrix(5, 8), weights, 1]), null, 'one head cannot be split');
    assert.equal(mhaShape([matrix(6, 8), matrix(5, 8), { ...weights, wo: matrix(8, 4) }, 4]), null);
  });
});

describe('protocol helpers', () => {
  test('copyForTransfer copies typed arrays (once each) and leaves the originals alone', () => {
    const shared = new Float32Array([1, 2, 3]);
    const big = new Float64Array(10);
    const view = big.subarray(2, 4);
    const input = { a: { rows: 1, cols: 3, data: shared }, b: { rows: 1, cols: 3, data: shared }, c: [view, 'text', 7] };
    const { value, transfer } = copyForTransfer(input);
    assert.notEqual(value.a.data, shared);
    assert.equal(value.a.data, value.b.data, 'one copy for an array passed twice');
    assert.deepEqual(Array.from(value.a.data), [1, 2, 3]);
    assert.equal((value.c[0] as Float64Array).buffer.byteLength, 16, 'a view is copied tightly, not with its whole buffer');
    assert.deepEqual(value.c.slice(1), ['text', 7]);
    assert.equal(transfer.length, 2);
    // Moving the copies must leave the caller's arrays intact.
    new MessageChannel().port1.postMessage(value, transfer);
    assert.equal(value.a.data.length, 0, 'the copy was detached by the transfer');
    assert.deepEqual(Array.from(shared), [1, 2, 3]);
    assert.equal(big.length, 10);
  });

  test('collectTransferables lists each buffer once and skips kept ones', () => {
    const a = new Float64Array(4);
    const b = new Float32Array(2);
    const result = { x: { data: a }, y: [{ data: a.subarray(1) }, { data: b }] };
    assert.deepEqual(collectTransferables(result), [a.buffer, b.buffer]);
    assert.deepEqual(collectTransferables(result, new Set([a.buffer])), [b.buffer]);
  });

  test('errors survive serialization: AttentionInputError keeps its class, code and where', () => {
    const original = new AttentionInputError('not-finite', 'Q row 3, column 2 is NaN: every entry must be a finite number.', {
      input: 'Q',
      row: 2,
      col: 1,
    });
    const revived = reviveError(structuredClone(serializeError(original)));
    assert.ok(revived instanceof AttentionInputError, "revived instanceof AttentionInputError");
    assert.equal(revived.message, original.message);
    assert.equal(revived.code, 'not-finite');
    assert.deepEqual(revived.where, { input: 'Q', row: 2, col: 1 });
    const generic = reviveError(structuredClone(serializeError(new RangeError('Array buffer allocation failed'))));
    assert.ok(!(generic instanceof AttentionInputError), "!(generic instanceof AttentionInputError)");
    assert.equal(generic.name, 'RangeError');
    assert.equal(generic.message, 'Array buffer allocation failed');
  });
});

/** The handler of synchronous ops: their answers are never promises. */
function createSyncHandler(...args: Parameters<typeof createRequestHandler>): (message: unknown) => HandledRequest | null {
  const handle = createRequestHandler(...args);
  return (message) => {
    const handled = handle(message);
    assert.ok(!(handled instanceof Promise), 'a synchronous op answers synchronously');
    return handled;
  };
}

describe('handleRequest (the worker logic, in process)', () => {
  const q = matrix(5, 3, 1);
  const k = matrix(4, 3, 2);
  const v = matrix(4, 2, 3);

  test('answers an op with the core result and lists its buffers for transfer', () => {
    const handle = createSyncHandler();
    const handled = handle({ id: 7, op: 'scaledDotProductAttention', args: [q, k, v, { causal: true }] })!;
    assert.equal(handled.response.id, 7);
    assert.ok(handled.response.ok, "handled.response.ok");
    assert.deepEqual(handled.response.result, scaledDotProductAttention(q, k, v, { causal: true }));
    const result = handled.response.result as ReturnType<typeof scaledDotProductAttention>;
    assert.deepEqual(new Set(handled.transfer), new Set([result.scores.data.buffer, result.weights.data.buffer, result.output.data.buffer]));
  });

  test('input errors come back serialized with code and where; other failures as {name, message}', () => {
    const handle = createSyncHandler();
    const bad = handle({ id: 1, op: 'scaledDotProductAttention', args: [q, matrix(4, 2), v] })!.response;
    assert.equal(bad.ok, false);
    let direct: unknown;
    try {
      scaledDotProductAttention(q, matrix(4, 2), v);
    } catch (e) {
      direct = e;
    }
    assert.deepEqual(!bad.ok && bad.error, (direct as AttentionInputError).toJSON());
    assert.deepEqual(!bad.ok && bad.error, {
      name: 'AttentionInputError',
      code: 'shape',
      message: 'K has 2 columns but Q has 3: Q and K must have the same width d, since each score is a dot product of a query row with a key row.',
      where: { input: 'K' },
    });
    const unknown = handle({ id: 2, op: 'softmaxEverything', args: [] })!.response;
    assert.deepEqual(unknown, { id: 2, ok: false, error: { name: 'Error', message: 'The attention worker has no operation "softmaxEverything".' } });
    assert.equal(handle({ id: 3, op: 'toString', args: [] })!.response.ok, false, 'only own ops of the table');
    assert.equal(handle('not a request'), null);
  });

  test('retained values stand in for arguments until released', () => {
    const handle = createSyncHandler();
    const ref = (name: string) => ({ $retained: name, key: 'job1' });
    const block = (start: number, end: number) => ({ rows: end - start, cols: 3, data: q.data.slice(start * 3, end * 3) });
    const first = handle({ id: 1, op: 'attentionRowBlock', args: [block(0, 2), ref('k'), ref('v'), { rowOffset: 0 }], retain: { key: 'job1', values: { k, v } } })!;
    assert.deepEqual(first.response, { id: 1, ok: true, result: attentionRowBlock(block(0, 2), k, v, { rowOffset: 0 }) });
    const second = handle({ id: 2, op: 'attentionRowBlock', args: [block(2, 5), ref('k'), ref('v'), { rowOffset: 2, causal: true }] })!;
    assert.deepEqual(second.response, { id: 2, ok: true, result: attentionRowBlock(block(2, 5), k, v, { rowOffset: 2, causal: true }) });
    assert.equal(handle({ id: 0, op: RELEASE_OP, args: ['other-job'] }), null);
    assert.equal(handle({ id: 3, op: 'attentionRowBlock', args: [block(0, 1), ref('k'), ref('v'), { rowOffset: 0 }] })!.response.ok, true);
    handle({ id: 0, op: RELEASE_OP, args: ['job1'] });
    const gone = handle({ id: 4, op: 'attentionRowBlock', args: [block(0, 1), ref('k'), ref('v'), { rowOffset: 0 }] })!.response;
    assert.equal(gone.ok, false);
    assert.match(!gone.ok ? gone.error.message : '', /no longer holds "k"/);
  });

  test('a result reusing a retained buffer does not transfer it away', () => {
    const kept = new Float64Array([1, 2]);
    const handle = createSyncHandler({ echo: (x: unknown) => ({ same: x, fresh: new Float64Array(3) }) });
    const handled = handle({ id: 1, op: 'echo', args: [{ $retained: 'x', key: 'j' }], retain: { key: 'j', values: { x: kept } } })!;
    assert.equal(handled.transfer.length, 1);
    assert.notEqual(handled.transfer[0], kept.buffer);
  });

  test('an async op answers with a promise of the response; its failure comes back as an error', async () => {
    const handle = createRequestHandler({
      later: async (x: number) => ({ twice: new Float64Array([2 * x]) }),
      broken: async () => {
        throw new AttentionInputError('invalid-argument', 'no');
      },
    });
    const answer = handle({ id: 5, op: 'later', args: [21] });
    assert.ok(answer instanceof Promise);
    const { response, transfer } = await answer;
    assert.deepEqual(response, { id: 5, ok: true, result: { twice: new Float64Array([42]) } });
    assert.equal(transfer.length, 1, 'the result\'s buffer is transferred');
    const failure = await handle({ id: 6, op: 'broken', args: [] });
    assert.deepEqual(failure!.response, { id: 6, ok: false, error: { name: 'AttentionInputError', code: 'invalid-argument', message: 'no' } });
  });

  test('typesetFormula: KaTeX markup with MathML, in the worker op table', async () => {
    const handle = createRequestHandler();
    const answer = await handle({ id: 1, op: 'typesetFormula', args: ['S = QK^\\top'] });
    assert.ok(answer!.response.ok);
    const html = (answer!.response as { result: string }).result;
    assert.match(html, /class="katex"/);
    assert.match(html, /<math[^>]*><semantics><mrow><mi>S<\/mi><mo>=<\/mo>/);
    const tooLong = await handle({ id: 2, op: 'typesetFormula', args: ['x'.repeat(5000)] });
    assert.equal(tooLong!.response.ok, false);
  });
});

describe('worker endpoint', () => {
  test('a 4096×1024 float32 result crosses by transfer: the worker-side buffer is detached after posting', async () => {
    // q 4096×1, k 1×1, v 1×1024: output = weights·v is 4096×1024 (one key, weight 1), 16 MiB of float32.
    const q: Matrix = { rows: 4096, cols: 1, data: new Float32Array(4096).fill(0.5) };
    const k: Matrix = { rows: 1, cols: 1, data: new Float32Array([1]) };
    const v: Matrix = { rows: 1, cols: 1024, data: Float32Array.from({ length: 1024 }, (_, j) => j / 1024) };
    const { port1, port2 } = new MessageChannel();
    let postedOutput: Float32Array | undefined;
    let transferred: ArrayBuffer[] = [];
    const onMessage = createWorkerEndpoint({
      post(message, transfer) {
        if (isAck(message)) return;
        postedOutput = ((message as AttentionResponse & { ok: true }).result as { output: { data: Float32Array } }).output.data;
        assert.equal(postedOutput.byteLength, 4096 * 1024 * 4);
        transferred = transfer;
        port1.postMessage(message, transfer);
      },
      exit: () => assert.fail('no exit expected'),
    });
    const received = new Promise<AttentionResponse>((resolve) => port2.once('message', resolve));
    onMessage({ id: 1, op: 'scaledDotProductAttention', args: [q, k, v] } satisfies AttentionRequest);
    assert.ok(transferred.includes(postedOutput!.buffer as ArrayBuffer), "transferred.includes(postedOutput!.buffer as ArrayBuffer)");
    assert.equal(postedOutput!.byteLength, 0, 'detached: moved, not cloned');
    const response = await received;
    port1.close();
    assert.ok(response.ok, "response.ok");
    const output = (response.result as { output: Matrix }).output;
    assert.ok(output.data instanceof Float32Array, "output.data instanceof Float32Array");
    assert.equal(output.data.length, 4096 * 1024);
    assert.equal(output.data[4096 * 1024 - 1], 1023 / 1024);
  });

  test('the test-only crash request throws or exits, after acknowledging it like any request', () => {
    let exited = 0;
    const posted: unknown[] = [];
    const onMessage = createWorkerEndpoint({ post: (message) => void posted.push(message), exit: () => void exited++ });
    assert.throws(() => onMessage({ id: 1, op: '__crash', args: ['throw'] }), /Test-only crash/);
    onMessage({ id: 2, op: '__crash', args: ['exit'] });
    assert.equal(exited, 1);
    assert.deepEqual(posted, [{ id: 1, ack: true }, { id: 2, ack: true }], 'acknowledged, never answered');
  });

  test('every request is acknowledged on arrival, before its answer; a release is not', () => {
    const posted: unknown[] = [];
    const onMessage = createWorkerEndpoint({ post: (message) => void posted.push(message), exit: () => assert.fail('no exit expected') });
    onMessage({ id: 5, op: 'scaledDotProductAttention', args: [matrix(2, 2), matrix(2, 2, 2), matrix(2, 2, 3)] });
    onMessage({ id: 0, op: RELEASE_OP, args: ['job'] });
    assert.equal(posted.length, 2);
    assert.deepEqual(posted[0], { id: 5, ack: true });
    assert.equal(isAck(posted[0]), true);
    assert.equal(isResponse(posted[0]), false, 'an ack is not a response');
    assert.deepEqual({ id: (posted[1] as AttentionResponse).id, ok: (posted[1] as AttentionResponse).ok }, { id: 5, ok: true });
  });
});

/** A worker whose replies the test writes. */
class FakeWorker implements WorkerLike {
  sent: AttentionRequest[] = [];
  terminated = false;
  onmessage: ((data: unknown) => void) | null = null;
  onerror: ((error: unknown) => void) | null = null;
  onexit: ((code: number) => void) | null = null;
  throwOnPost: Error | null = null;
  postMessage(message: unknown): void {
    if (this.throwOnPost) throw this.throwOnPost;
    this.sent.push(message as AttentionRequest);
  }
  terminate(): void {
    this.terminated = true;
  }
  last(): AttentionRequest {
    return this.sent[this.sent.length - 1];
  }
  reply(result: unknown, id = this.last().id): void {
    this.onmessage?.({ id, ok: true, result } satisfies AttentionResponse);
  }
  /** What a live worker sends the moment a request arrives. */
  ack(id = this.last().id): void {
    this.onmessage?.({ id, ack: true });
  }
}

function fakePool(size: number, longRunningMs = 1e9, receipt: { ackTimeoutMs?: number; startupTimeoutMs?: number } = {}) {
  const workers: FakeWorker[] = [];
  const pool = createWorkerPool({
    size,
    longRunningMs,
    // Unless a test is about it, no deadline for receipts (these fakes only ack when told).
    ackTimeoutMs: receipt.ackTimeoutMs ?? 1e6,
    startupTimeoutMs: receipt.startupTimeoutMs ?? 1e6,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  return { pool, workers };
}

function task(op: string, extra: Partial<PoolTask> = {}) {
  const outcome: { value?: unknown; error?: Error } = {};
  const t: PoolTask = {
    prepare: () => ({ op, args: [], transfer: [] }),
    resolve: (value) => void (outcome.value = value),
    reject: (error) => void (outcome.error = error),
    ...extra,
  };
  return { task: t, outcome };
}

describe('worker pool (fake workers)', () => {
  test('creates workers lazily up to its size, one request each, FIFO beyond', () => {
    const { pool, workers } = fakePool(2);
    assert.equal(workers.length, 0);
    const a = task('a');
    const b = task('b');
    const c = task('c');
    pool.submit(a.task);
    assert.equal(workers.length, 1);
    pool.submit(b.task);
    pool.submit(c.task);
    assert.equal(workers.length, 2);
    assert.deepEqual(pool.stats(), { workers: 2, busy: 2, queued: 1 });
    workers[1].reply('B');
    assert.equal(b.outcome.value, 'B');
    assert.equal(workers[1].last().op, 'c', 'the freed worker takes the queued task');
    workers[1].reply('C', 999); // a stale id: ignored
    assert.equal(c.outcome.value, undefined);
    workers[1].reply('C');
    workers[0].reply('A');
    assert.deepEqual([a.outcome.value, c.outcome.value], ['A', 'C']);
    assert.deepEqual(pool.stats(), { workers: 2, busy: 0, queued: 0 });
  });

  test('warm starts idle workers up to its size before any work, and work then uses them', () => {
    const { pool, workers } = fakePool(3);
    pool.warm(2);
    assert.equal(workers.length, 2);
    assert.deepEqual(pool.stats(), { workers: 2, busy: 0, queued: 0 });
    pool.warm();
    pool.warm();
    assert.equal(workers.length, 3, 'never beyond its size');
    const a = task('a');
    pool.submit(a.task);
    assert.equal(workers.length, 3, 'a warm worker takes the task: none is created');
    assert.equal(workers[0].last().op, 'a');
    workers[0].reply('A');
    assert.equal(a.outcome.value, 'A');
  });

  test('a task goes to the worker it prefers when that one is idle', () => {
    const { pool, workers } = fakePool(2);
    const warm = task('warm', { prepare: () => ({ op: 'warm', args: [], retain: { key: 'job', values: {} }, transfer: [] }) });
    pool.submit(warm.task);
    pool.submit(task('other').task);
    workers[1].reply(1);
    workers[0].reply(0);
    pool.submit(task('next', { prefers: (w) => w.retainedKey === 'job' }).task);
    assert.equal(workers[0].last().op, 'next');
    pool.release('job');
    assert.deepEqual(workers[0].last(), { id: 0, op: RELEASE_OP, args: ['job'] });
  });

  test('a dying worker rejects its task with AttentionWorkerError and is replaced on demand', () => {
    const { pool, workers } = fakePool(1);
    const a = task('a');
    pool.submit(a.task);
    workers[0].onerror?.(new Error('boom'));
    assert.ok(a.outcome.error instanceof AttentionWorkerError, "a.outcome.error instanceof AttentionWorkerError");
    assert.equal(a.outcome.error.message, 'The attention worker stopped unexpectedly; please try again.');
    assert.ok(workers[0].terminated, "workers[0].terminated");
    assert.equal(pool.stats().workers, 0);
    const b = task('b');
    pool.submit(b.task);
    assert.equal(workers.length, 2);
    workers[1].reply('ok');
    assert.equal(b.outcome.value, 'ok');
    workers[1].onexit?.(1);
    assert.equal(pool.stats().workers, 0, 'an exit while idle also retires the worker');
  });

  test('cancelling: queued tasks are dropped, short running ones discarded, long ones terminated', () => {
    const { pool, workers } = fakePool(1);
    const running = task('running');
    const queued = task('queued');
    const runningTicket = pool.submit(running.task);
    const queuedTicket = pool.submit(queued.task);
    queuedTicket.cancel(new Error('q'), 'if-long');
    assert.equal(queued.outcome.error?.message, 'q');
    runningTicket.cancel(new Error('r'), 'if-long');
    assert.equal(running.outcome.error?.message, 'r');
    assert.equal(workers[0].terminated, false, 'not long-running: let it finish');
    const after = task('after');
    pool.submit(after.task);
    assert.equal(workers[0].sent.length, 1, 'still busy with the discarded task');
    workers[0].reply('stale');
    assert.equal(running.outcome.value, undefined, 'a cancelled task never resolves');
    assert.equal(workers[0].last().op, 'after');
    pool.submit(task('x').task).cancel(new Error('t'), 'always');
    workers[0].reply('A');
    assert.equal(after.outcome.value, 'A');

    const long = fakePool(1, -1);
    const slow = task('slow');
    long.pool.submit(slow.task).cancel(new Error('slow'), 'if-long');
    assert.ok(long.workers[0].terminated, 'long-running: terminated');
    const next = task('next');
    long.pool.submit(next.task);
    assert.equal(long.workers.length, 2, 'and replaced for the next task');
  });

  test('a message that cannot be posted rejects only its task', () => {
    const { pool, workers } = fakePool(1);
    pool.submit(task('warmup').task);
    workers[0].reply(0);
    workers[0].throwOnPost = new Error('DataCloneError');
    const bad = task('bad');
    pool.submit(bad.task);
    assert.equal(bad.outcome.error?.message, 'DataCloneError');
    workers[0].throwOnPost = null;
    const good = task('good');
    pool.submit(good.task);
    workers[0].reply('fine');
    assert.equal(good.outcome.value, 'fine');
  });

  test('dispose rejects queued and running tasks and terminates every worker', async () => {
    const { pool, workers } = fakePool(2);
    const tasks = [task('a'), task('b'), task('c')];
    for (const t of tasks) pool.submit(t.task);
    const error = new Error('disposed');
    await pool.dispose(error);
    assert.deepEqual(tasks.map((t) => t.outcome.error), [error, error, error]);
    assert.ok(workers.every((w) => w.terminated), "workers.every((w) => w.terminated)");
    const late = task('late');
    pool.submit(late.task);
    assert.equal(late.outcome.error, error);
  });
});

/** Resolves once `condition` holds; fails the test after `ms`. */
async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) assert.fail('timed out waiting for the pool');
    await sleep(5);
  }
}

describe('worker pool: workers that die without a word (fake workers)', () => {
  // Browsers give no event when a worker is terminated or closes itself: these fakes just stay silent.
  test('an unacknowledged request goes once more to a fresh worker, and idle workers are replaced too', async () => {
    const { pool, workers } = fakePool(2, 1e9, { ackTimeoutMs: 40, startupTimeoutMs: 40 });
    const a = task('a');
    const b = task('b');
    pool.submit(a.task);
    pool.submit(b.task);
    for (const w of workers) {
      w.ack();
      w.reply(w.last().op.toUpperCase());
    }
    assert.deepEqual([a.outcome.value, b.outcome.value], ['A', 'B']);
    // Both die silently; the next request goes to the first idle one and is never acknowledged.
    const c = task('c');
    pool.submit(c.task);
    assert.equal(workers[0].last().op, 'c');
    await until(() => workers.length === 3);
    assert.ok(workers[0].terminated, 'the silent worker is terminated');
    assert.ok(workers[1].terminated, 'the idle one is suspect too and replaced');
    assert.equal(workers[2].last().op, 'c', 'the request went again, to a fresh worker');
    assert.equal(c.outcome.error, undefined);
    workers[2].ack();
    workers[2].reply('C');
    assert.equal(c.outcome.value, 'C');
    assert.deepEqual(pool.stats(), { workers: 1, busy: 0, queued: 0 });
  });

  test('a worker that has acknowledged is never timed out, however long it computes', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 20, startupTimeoutMs: 20 });
    const slow = task('slow');
    pool.submit(slow.task);
    workers[0].ack();
    await sleep(200);
    assert.equal(workers.length, 1);
    assert.equal(workers[0].terminated, false);
    workers[0].reply('done at last');
    assert.equal(slow.outcome.value, 'done at last');
  });

  test("a worker's first request waits for the longer startup deadline", async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 20, startupTimeoutMs: 400 });
    const first = task('first');
    pool.submit(first.task);
    await sleep(100);
    assert.equal(workers.length, 1, 'still loading its script: not dead yet');
    workers[0].ack();
    workers[0].reply(1);
    assert.equal(first.outcome.value, 1);
    const second = task('second');
    pool.submit(second.task);
    await until(() => workers.length === 2);
    assert.equal(workers[1].last().op, 'second');
  });

  test('a warmed worker that answered its ping and then died silently is found within the short deadline', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 20, startupTimeoutMs: 5000 });
    pool.warm();
    assert.deepEqual(workers[0].last(), { id: 0, op: PING_OP, args: [] }, 'warming pings the new worker');
    workers[0].ack(0); // its script runs
    // Killed now (no event in a browser): the first real request must not wait the startup 5 s.
    const first = task('first');
    pool.submit(first.task);
    await until(() => workers.length === 2, 1000);
    assert.ok(workers[0].terminated, 'the silent worker is replaced');
    assert.equal(workers[1].last().op, 'first');
  });

  test('when the fresh worker is silent too, the request fails with a message that says so', async () => {
    const { pool, workers } = fakePool(2, 1e9, { ackTimeoutMs: 20, startupTimeoutMs: 20 });
    const lost = task('lost');
    pool.submit(lost.task);
    await until(() => lost.outcome.error !== undefined);
    const error = lost.outcome.error!;
    assert.ok(error instanceof AttentionWorkerError, String(error));
    assert.equal(error.reason, 'unresponsive');
    assert.match(error.message, /stopped responding/);
    assert.doesNotMatch(error.message, /smaller inputs/);
    assert.equal(workers.length, 2, 'sent once, then retried once');
    assert.ok(workers.every((w) => w.terminated && w.sent.length === 1 && w.last().op === 'lost'));
    assert.deepEqual(pool.stats(), { workers: 0, busy: 0, queued: 0 });
    // The pool itself recovers: the next request gets a new worker.
    const next = task('next');
    pool.submit(next.task);
    workers[2].ack();
    workers[2].reply('fine');
    assert.equal(next.outcome.value, 'fine');
  });

  test('a cancelled request on a silent worker still gets the worker replaced, without a retry', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 20, startupTimeoutMs: 20 });
    const gone = task('gone');
    pool.submit(gone.task).cancel(new Error('superseded'), 'if-long');
    const queued = task('queued');
    pool.submit(queued.task);
    await until(() => workers.length === 2);
    assert.ok(workers[0].terminated);
    assert.equal(workers[1].last().op, 'queued', 'the cancelled request is not sent again');
    assert.equal(workers[1].sent.length, 1);
  });
});

describe('worker pool: nobody waits long behind a busy worker (fake workers)', () => {
  test('a worker that acknowledged background work and then went silent is set aside; the queued request gets a fresh worker', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 30, startupTimeoutMs: 30 });
    const stuck = task('stuck', { background: true });
    pool.submit(stuck.task);
    workers[0].ack(); // received, then killed mid-job: no event, no answer
    const next = task('next');
    pool.submit(next.task);
    await sleep(10);
    assert.equal(workers.length, 1, 'not before the deadline');
    await until(() => workers.length === 2);
    assert.equal(workers[1].last().op, 'next');
    assert.equal(workers[0].terminated, false, 'set aside, not killed: it may still be computing');
    workers[1].ack();
    workers[1].reply('N');
    assert.equal(next.outcome.value, 'N');
    assert.equal(stuck.outcome.value, undefined);
    assert.deepEqual(pool.stats(), { workers: 1, busy: 0, queued: 0 });
  });

  test('a set-aside worker that answers after all delivers its result and is then terminated', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 30, startupTimeoutMs: 30 });
    const slow = task('slow', { background: true });
    pool.submit(slow.task);
    workers[0].ack();
    const next = task('next');
    pool.submit(next.task);
    await until(() => workers.length === 2);
    workers[0].reply('finally');
    assert.equal(slow.outcome.value, 'finally', 'a long job is never lost');
    assert.ok(workers[0].terminated, 'its place was taken, so it goes');
    assert.equal(workers[1].terminated, false);
  });

  test('cancelling the task of a set-aside worker terminates it; at most `size` are set aside', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 30, startupTimeoutMs: 30 });
    const first = task('first', { background: true });
    const ticket = pool.submit(first.task);
    workers[0].ack();
    const second = task('second', { background: true });
    pool.submit(second.task);
    await until(() => workers.length === 2);
    workers[1].ack(); // this one goes silent too
    const third = task('third');
    pool.submit(third.task);
    await sleep(150);
    assert.equal(workers.length, 2, 'one set aside already, the pool of one sets aside no more');
    ticket.cancel(new Error('superseded'), 'if-long');
    assert.ok(workers[0].terminated);
    await until(() => workers.length === 3);
    assert.equal(workers[2].last().op, 'third');
  });

  test('work nobody waits for is set aside before a caller\'s job, however long that has run', async () => {
    const { pool, workers } = fakePool(2, 1e9, { ackTimeoutMs: 30, startupTimeoutMs: 30 });
    const callers = task('caller');
    pool.submit(callers.task);
    workers[0].ack();
    await sleep(10);
    pool.submit(task('calibration', { background: true }).task);
    workers[1].ack();
    const next = task('next');
    pool.submit(next.task);
    await until(() => workers.length === 3);
    assert.equal(workers[2].last().op, 'next');
    // The calibration's worker went aside; the caller's, busy longer, still holds its job.
    workers[1].reply('ignored');
    assert.ok(workers[1].terminated);
    workers[0].reply('C');
    assert.equal(callers.outcome.value, 'C');
    assert.equal(workers[0].terminated, false);
  });

  test('a queue that moves never sets a worker aside', async () => {
    const { pool, workers } = fakePool(1, 1e9, { ackTimeoutMs: 40, startupTimeoutMs: 40 });
    const done: unknown[] = [];
    for (let i = 0; i < 4; i++) pool.submit(task(String(i), { background: true, resolve: (v) => void done.push(v) }).task);
    workers[0].ack();
    for (let i = 0; i < 4; i++) {
      await sleep(15); // each job runs well within the deadline; the last one waits longer in all
      workers[0].reply(i);
      if (i < 3) workers[0].ack();
    }
    await sleep(60);
    assert.deepEqual(done, [0, 1, 2, 3]);
    assert.equal(workers.length, 1);
  });
});

describe('the split is exact', () => {
  test('row blocks of SDPA and head ranges of MHA recombine to the whole (in process)', () => {
    const q = matrix(9, 4, 11);
    const k = matrix(7, 4, 12);
    const v = matrix(7, 3, 13);
    const mask = fromRows(Array.from({ length: 9 }, (_, i) => Array.from({ length: 7 }, (_, j) => ((i + 2 * j) % 3 === 0 ? 0 : 1))));
    const whole = scaledDotProductAttention(q, k, v, { mask, causal: true });
    for (const { start, end } of planRowBlocks(sdpaShape([q, k, v, { causal: true }])!, 3, 200)) {
      const rows = (m: Matrix) => ({ rows: end - start, cols: m.cols, data: m.data.slice(start * m.cols, end * m.cols) });
      const part = attentionRowBlock(rows(q), k, v, { mask: rows(mask), causal: true, rowOffset: start });
      assert.deepEqual(part.weights.data, whole.weights.data.slice(start * 7, end * 7));
      assert.deepEqual(part.output.data, whole.output.data.slice(start * 3, end * 3));
    }
    const x = matrix(5, 8, 21);
    const weights = { wq: matrix(8, 8, 22), wk: matrix(8, 8, 23), wv: matrix(8, 8, 24), wo: matrix(8, 8, 25) };
    const all = multiHeadAttentionHeads(x, x, weights, 4, { headStart: 0, headEnd: 4 });
    const parts = planHeadRanges(4, 3).map((r) => multiHeadAttentionHeads(x, x, weights, 4, r));
    const sum = new Float64Array(40);
    for (const p of parts) p.partialOutput.data.forEach((y, i) => (sum[i] += y));
    sum.forEach((y, i) => assert.ok(Math.abs(y - all.partialOutput.data[i]) < 1e-12, `output entry ${i}`));
    assert.deepEqual(parts.flatMap((p) => p.heads), all.heads);
  });
});
