import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { progressToFile } from '../lib/practice/progressFile';
import { prepareImport, type ImportProgress } from '../lib/practice/progressImport';
import { progressToEntries } from '../lib/practice/progressKeys';
import { emptyProgress, type ProgressData, type ReviewRecord } from '../lib/practice/progressTypes';
import { importProgressFile, type ImportWorker } from '../lib/worker/progressImportClient';
import { REVIEWS_PER_MESSAGE, runImportWorkerRequest, type ImportMessage, type ImportWorkerRequest } from '../lib/worker/progressImportProtocol';
import { mock, progress, review } from './support/progressFixtures';

const EXPORTED_AT = '2026-03-10T12:00:00.000Z';

function manyReviews(n: number): ReviewRecord[] {
  return Array.from({ length: n }, (_, i) => review(i % 2 ? 'rope' : 'softmax-basics', new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString(), 3));
}

/** A worker that runs the protocol in this thread, each message cloned and delivered in a task of its own, as a real one is. */
function inProcessWorker(log: ImportMessage['kind'][] = [], crash?: Error) {
  let terminated = false;
  const worker: ImportWorker & { terminated: () => boolean } = {
    onmessage: null,
    onerror: null,
    terminate: () => void (terminated = true),
    terminated: () => terminated,
    postMessage: (request: ImportWorkerRequest) => {
      const copy: ImportWorkerRequest = { file: request.file, current: structuredClone(request.current) };
      setTimeout(() => {
        if (crash) {
          worker.onerror?.(crash);
          return;
        }
        void runImportWorkerRequest(copy, (message) => {
          log.push(message.kind);
          const sent = structuredClone(message);
          setTimeout(() => worker.onmessage?.(sent));
        });
      });
    },
  };
  return worker;
}

describe('importProgressFile through a worker', () => {
  test('the merged data comes back in slices and equals prepareImport on the main thread, with its serialised form', async () => {
    const current = progress({ reviews: [review('kv-cache', '2026-03-01T09:00:00.000Z', 2)], mocks: [mock('m0', '2026-02-01T00:00:00.000Z')] });
    const incoming = progress({ reviews: manyReviews(REVIEWS_PER_MESSAGE * 2 + 5), mocks: [mock('m1', '2026-03-04T00:00:00.000Z')] });
    const text = progressToFile(incoming, EXPORTED_AT);
    const log: ImportMessage['kind'][] = [];
    const heard: ImportProgress['phase'][] = [];
    const worker = inProcessWorker(log);
    const outcome = await importProgressFile(new Blob([text]), current, { createWorker: () => worker, onProgress: (p) => heard.push(p.phase) });
    const expected = prepareImport(text, current);
    assert.ok(outcome.ok && expected.ok);
    assert.deepEqual(outcome.data, expected.data);
    assert.deepEqual(outcome.summary, expected.summary);
    assert.deepEqual('serialized' in outcome && outcome.serialized, progressToEntries(expected.data));
    assert.equal(log.filter((k) => k === 'reviews').length, 3, 'reviews come in slices');
    assert.equal(log.at(-1), 'done');
    assert.deepEqual([...new Set(heard)], ['reading', 'checking', 'merging']);
    assert.equal(worker.terminated(), true);
  });

  test('lists the merge left as they were are not sent back: the page keeps its own', async () => {
    const current = progress({ reviews: manyReviews(50) });
    const log: ImportMessage['kind'][] = [];
    const outcome = await importProgressFile(progressToFile(progress({ mocks: [mock('m1', '2026-03-04T00:00:00.000Z')] }), EXPORTED_AT), current, { createWorker: () => inProcessWorker(log) });
    assert.ok(outcome.ok);
    assert.equal(outcome.data.reviews, current.reviews);
    assert.equal(outcome.data.mocks.length, 1);
    assert.deepEqual(log.filter((k) => k !== 'progress'), ['mocks', 'done']);
  });

  test('a file that changes nothing gives back the current data itself', async () => {
    const current = progress({ reviews: manyReviews(20) });
    const outcome = await importProgressFile(progressToFile(current, EXPORTED_AT), current, { createWorker: () => inProcessWorker() });
    assert.ok(outcome.ok);
    assert.equal(outcome.data, current);
    assert.equal(outcome.summary.addedReviews, 0);
  });

  test("a bad file is refused with the main thread's reason", async () => {
    const text = progressToFile(progress({ reviews: manyReviews(3) }), EXPORTED_AT).replace('"seconds": 20', '"seconds": -1');
    const outcome = await importProgressFile(text, emptyProgress(), { createWorker: () => inProcessWorker() });
    assert.deepEqual(outcome, prepareImport(text, emptyProgress()));
    assert.match(!outcome.ok && 'reason' in outcome ? outcome.reason : '', /^the file has a problem: reviews\[0\]\.seconds must be a number from 0 to 3600, got -1$/);
  });

  test('a file that cannot be read, and a worker that fails, end in `unreadable` and the worker is stopped', async () => {
    const broken = { text: () => Promise.reject(new Error('permission denied')) } as unknown as Blob;
    assert.deepEqual(await importProgressFile(broken, emptyProgress(), { createWorker: () => inProcessWorker() }), { ok: false, unreadable: 'permission denied' });
    const crashing = inProcessWorker([], new Error('out of memory'));
    const outcome = await importProgressFile('{}', emptyProgress(), { createWorker: () => crashing });
    assert.deepEqual(outcome, { ok: false, unreadable: 'the import stopped (out of memory)' });
    assert.equal(crashing.terminated(), true);
  });

  test('no worker (none in this environment, or it cannot start): the same work on this thread', async () => {
    const current: ProgressData = progress({ reviews: manyReviews(4) });
    const text = progressToFile(progress({ reviews: manyReviews(9) }), EXPORTED_AT);
    const expected = prepareImport(text, current);
    assert.deepEqual(await importProgressFile(text, current, { createWorker: null }), expected);
    assert.deepEqual(
      await importProgressFile(new Blob([text]), current, {
        createWorker: () => {
          throw new Error('blocked by policy');
        },
      }),
      expected,
    );
  });
});
