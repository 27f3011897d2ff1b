/**
 * The step-through's predictions in the learner's progress (version 4): checked and salvaged like
 * the other records, migrated from every earlier version, kept by merges across tabs and imports
 * (one record per id), carried through export, import and the import worker, and never a card.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { progressFromFile, progressToFile } from '../lib/practice/progressFile';
import { mergeChangesNothing, mergeProgress } from '../lib/practice/progressMerge';
import { migrateProgress } from '../lib/practice/progressMigrations';
import { checkProgress } from '../lib/practice/progressSchema';
import { PREDICTIONS_KEY } from '../lib/practice/progressKeys';
import { loadProgress, PROGRESS_KEY, SET_ASIDE_PREFIX } from '../lib/practice/progressStorage';
import { emptyProgress, PREDICTION_STAGES, type PredictionRecord, type ProgressData } from '../lib/practice/progressTypes';
import { createProgressStore } from '../lib/stores/progressStore';
import { importProgressFile, type ImportWorker } from '../lib/worker/progressImportClient';
import { PREDICTIONS_PER_MESSAGE, runImportWorkerRequest, type ImportMessage, type ImportWorkerRequest } from '../lib/worker/progressImportProtocol';
import { memoryStorage } from './support/memoryStorage';
import { envelope, prediction, progress, review } from './support/progressFixtures';

const NOW = '2026-03-10T12:00:00.000Z';
const p1 = prediction('p-1', '2026-03-01T09:00:00.000Z', { stage: 'rawScores', row: 0, col: 1, guess: '1000', actual: 0.8123, correct: false });
const p2 = prediction('p-2', '2026-03-01T09:01:00.000Z', { stage: 'maskedScores', row: 0, col: 3, guess: '-inf', actual: '-Infinity', correct: true });
const p3 = prediction('p-3', '2026-03-02T10:00:00.000Z', { stage: 'weights', preset: 'by-hand', edited: true, example: '12ab34cd', guess: '0,25', actual: 0.2512 });
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Valid prediction records, with ids unique among themselves. */
const predictionArb = fc.record({
  id: fc.stringMatching(/^[a-z0-9~-]{1,20}$/),
  predictedAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms).toISOString()),
  calculator: fc.constant('step-through'),
  preset: fc.constantFrom('basic', 'causal', 'padding', 'by-hand'),
  edited: fc.boolean(),
  example: fc.integer({ min: 0, max: 0xffffffff }).map((h) => h.toString(16).padStart(8, '0')),
  stage: fc.constantFrom(...PREDICTION_STAGES),
  row: fc.nat(15),
  col: fc.nat(15),
  guess: fc.constantFrom('0.25', '-inf', '−∞', '1,5', '12'),
  actual: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => (Object.is(x, -0) ? 0 : x)), fc.constant('-Infinity' as const)),
  correct: fc.boolean(),
}).map((p): PredictionRecord => ({ ...p })); // fast-check's records have no prototype; ours do
const predictionsArb = fc.uniqueArray(predictionArb, { selector: (p) => p.id, maxLength: 30 });
const sorted = (list: readonly PredictionRecord[]) => [...list].sort((a, b) => (a.predictedAt < b.predictedAt ? -1 : a.predictedAt > b.predictedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('predictions: the check (progressSchema)', () => {
  test('clean predictions pass unchanged through JSON, −∞ included', () => {
    const data = progress({ reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], predictions: [p1, p2, p3] });
    const result = checkProgress(json(data));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.data, data);
    assert.equal(result.data!.predictions[1].actual, '-Infinity');
  });

  const bad: [string, (p: any) => void, RegExp][] = [
    ['not an object', (p) => Object.assign(p, { __replace: 7 }), /^predictions\[1\] must be an object; dropped$/],
    ['no id', (p) => delete p.id, /^predictions\[1\]\.id must be a short text/],
    ['a bad time', (p) => (p.predictedAt = 'yesterday'), /^predictions\[1\]\.predictedAt must be an ISO time, got "yesterday"; dropped$/],
    ['an unknown stage', (p) => (p.stage = 'inputs'), /^predictions\[1\]\.stage must be one of rawScores, scaledScores, maskedScores, weights, output/],
    ['a negative row', (p) => (p.row = -1), /^predictions\[1\]\.row must be a whole number/],
    ['a fractional column', (p) => (p.col = 1.5), /^predictions\[1\]\.col must be a whole number/],
    ['an empty guess', (p) => (p.guess = '  '), /^predictions\[1\]\.guess must be the text typed/],
    ['a guess as a number', (p) => (p.guess = 0.25), /^predictions\[1\]\.guess must be the text typed/],
    ['an actual of null (JSON\'s −∞)', (p) => (p.actual = null), /^predictions\[1\]\.actual must be a number, "-Infinity" or "Infinity", got null; dropped$/],
    ['correct as text', (p) => (p.correct = 'yes'), /^predictions\[1\]\.correct must be true or false/],
    ['an example that is not a hash', (p) => (p.example = 'basic'), /^predictions\[1\]\.example must be 8 hex digits/],
    ['a preset with spaces', (p) => (p.preset = 'by hand'), /^predictions\[1\]\.preset must be a preset's name/],
    ['edited missing', (p) => delete p.edited, /^predictions\[1\]\.edited must be true or false/],
  ];
  for (const [name, change, message] of bad) {
    test(`a prediction with ${name} is named and dropped; the rest survives`, () => {
      const value = json(progress({ reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], predictions: [p1, p2, p3] })) as any;
      change(value.predictions[1]);
      if (value.predictions[1].__replace !== undefined) value.predictions[1] = value.predictions[1].__replace;
      const result = checkProgress(value);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0], message);
      assert.deepEqual(result.data?.predictions, [p1, p3]);
      assert.equal(result.data?.reviews.length, 1, 'the reviews are kept');
    });
  }

  for (const [name, predictions] of [
    ['missing', undefined],
    ['not a list', { 'p-1': p1 }],
  ] as const) {
    test(`a predictions list ${name} costs only the predictions`, () => {
      const value = json(progress({ reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')] })) as any;
      if (predictions === undefined) delete value.predictions;
      else value.predictions = predictions;
      const result = checkProgress(value);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0], /^predictions must be a list, got .*; dropped$/);
      assert.deepEqual(result.data?.predictions, []);
      assert.equal(result.data?.reviews.length, 1);
    });
  }

  test('fields a prediction does not have are left out and listed', () => {
    const value = json(progress({ predictions: [p1, p2] })) as any;
    value.predictions[0].mood = 'sure';
    value.predictions[1].mood = 'unsure';
    const result = checkProgress(value);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.unknown, ['predictions[].mood (2 times)']);
    assert.deepEqual(result.data?.predictions, [p1, p2]);
  });

  test('property: any valid predictions come back the same set, sorted by time then id', () => {
    fc.assert(
      fc.property(predictionsArb, (predictions) => {
        const result = checkProgress(json({ ...emptyProgress(), predictions }));
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.data!.predictions, sorted(predictions));
      }),
    );
  });
});

describe('predictions: migration from every earlier version', () => {
  test('v3 → v4: the data kept as it was, with no predictions, and it passes the check', () => {
    const v3 = { version: 3, cards: {}, reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], mocks: [], settings: { newPerDay: 25, updatedAt: '2026-03-01T00:00:00.000Z' } };
    const before = json(v3);
    const result = migrateProgress(v3);
    assert.deepEqual(result, { ok: true, value: { ...v3, version: 4, predictions: [] }, from: 3 });
    assert.deepEqual(v3, before, 'the input is not changed');
    const checked = checkProgress(result.ok ? result.value : null);
    assert.deepEqual(checked.problems, []);
    assert.deepEqual(checked.data?.predictions, []);
  });

  test('stored v3 data loads, with no predictions and a backup of the old value', () => {
    const storage = memoryStorage();
    const v3 = { version: 3, cards: {}, reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], mocks: [], settings: { newPerDay: 25, updatedAt: '2026-03-01T00:00:00.000Z' } };
    storage.setItem(PROGRESS_KEY, envelope(v3, 3));
    const loaded = loadProgress(storage, NOW);
    assert.deepEqual(loaded.notices, []);
    assert.deepEqual(loaded.data.predictions, []);
    assert.equal(loaded.data.reviews.length, 1);
    assert.ok([...storage.map.keys()].some((k) => k === `${SET_ASIDE_PREFIX}${NOW}~before-upgrade-from-v3`));
  });
});

describe('predictions: salvage from storage', () => {
  test('a damaged prediction in stored data is left out; the original is set aside and the learner told; the rest loads', () => {
    const storage = memoryStorage();
    const value = json(progress({ reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], predictions: [p1, p2, p3] })) as any;
    value.predictions[0].stage = 'softmax';
    const raw = envelope(value);
    storage.setItem(PROGRESS_KEY, raw);
    const loaded = loadProgress(storage, NOW);
    assert.deepEqual(loaded.data.predictions, [p2, p3]);
    assert.equal(loaded.data.reviews.length, 1);
    assert.equal(loaded.notices.length, 1);
    const notice = loaded.notices[0];
    assert.ok(notice.kind === 'setAside' && notice.salvaged);
    assert.match(notice.kind === 'setAside' ? notice.problems[0] : '', /^predictions\[0\]\.stage must be one of/);
    assert.equal(storage.getItem(notice.kind === 'setAside' ? notice.key : ''), raw, 'the original is kept whole');
  });
});

describe('predictions: merge (two tabs, imports)', () => {
  test('union by id, sorted by time, counted; the same id on both sides is kept once', () => {
    const a = progress({ predictions: [p1, p3] });
    const b = progress({ predictions: [p2, p3] });
    const { data, summary } = mergeProgress(a, b);
    assert.deepEqual(data.predictions, [p1, p2, p3]);
    assert.equal(summary.addedPredictions, 1);
    assert.equal(mergeChangesNothing(summary), false, 'a prediction from the other tab is news (it must be written and shown)');
  });

  test('nothing new: the same list, and nothing changes', () => {
    const a = progress({ predictions: [p1, p2] });
    const { data, summary } = mergeProgress(a, progress({ predictions: [p2] }));
    assert.equal(data.predictions, a.predictions);
    assert.equal(mergeChangesNothing(summary), true);
  });

  test('predictions make no cards and leave the reviews alone', () => {
    const a = progress({ reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')] });
    const { data } = mergeProgress(a, progress({ predictions: [p1, p2, p3] }));
    assert.deepEqual(Object.keys(data.cards), ['kv-cache']);
    assert.equal(data.reviews, a.reviews);
  });

  test('property: merging two copies keeps every prediction once, in either order, and merging again changes nothing', () => {
    fc.assert(
      fc.property(predictionsArb, fc.array(fc.nat(2), { maxLength: 30 }), (all, sides) => {
        // Each prediction is in one copy, the other, or both.
        const side = (i: number) => sides[i] ?? 2;
        const a = progress({ predictions: all.filter((_, i) => side(i) !== 1) });
        const b = progress({ predictions: all.filter((_, i) => side(i) !== 0) });
        const ab = mergeProgress(a, b).data;
        const ba = mergeProgress(b, a).data;
        assert.deepEqual(ab.predictions, sorted(all));
        assert.deepEqual(ba.predictions, ab.predictions);
        assert.equal(mergeChangesNothing(mergeProgress(ab, a).summary), true);
        assert.equal(mergeChangesNothing(mergeProgress(ab, b).summary), true);
      }),
    );
  });
});

describe('predictions: export, import and the import worker', () => {
  test('export → import round trip keeps them exactly, −∞ included', () => {
    const data = progress({ reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], predictions: [p1, p2, p3] });
    assert.deepEqual(progressFromFile(progressToFile(data, NOW)), { ok: true, data, unknown: [] });
  });

  test('property: any predictions round trip through a file', () => {
    fc.assert(
      fc.property(predictionsArb, (predictions) => {
        const data = progress({ predictions });
        assert.deepEqual(progressFromFile(progressToFile(data, NOW)), { ok: true, data, unknown: [] });
      }),
    );
  });

  test('a file with a damaged prediction is refused, naming it (imports are strict)', () => {
    const value = json(progress({ predictions: [p1] })) as any;
    value.predictions[0].correct = 1;
    const text = JSON.stringify({ format: 'attention-lab-progress', exportedAt: NOW, progress: value });
    const result = progressFromFile(text);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /predictions\[0\]\.correct must be true or false/);
  });

  test('a file exported by version 3 imports into data with predictions, and keeps them', () => {
    const v3 = { version: 3, cards: {}, reviews: [review('kv-cache', '2026-03-01T08:00:00.000Z')], mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' } };
    const file = progressFromFile(JSON.stringify({ format: 'attention-lab-progress', exportedAt: NOW, progress: v3 }));
    assert.ok(file.ok);
    const mine = progress({ predictions: [p1] });
    const merged = mergeProgress(mine, file.ok ? file.data : emptyProgress()).data;
    assert.deepEqual(merged.predictions, [p1]);
    assert.equal(merged.reviews.length, 1);
  });

  /** The protocol run in this thread, each message cloned as a real worker's would be. */
  function inProcessWorker(log: ImportMessage['kind'][]): ImportWorker {
    const worker: ImportWorker = {
      onmessage: null,
      onerror: null,
      terminate: () => {},
      postMessage: (request: ImportWorkerRequest) => {
        const copy: ImportWorkerRequest = { file: request.file, current: structuredClone(request.current) };
        setTimeout(() =>
          void runImportWorkerRequest(copy, (message) => {
            log.push(message.kind);
            const sent = structuredClone(message);
            setTimeout(() => worker.onmessage?.(sent));
          }),
        );
      },
    };
    return worker;
  }

  test('through the worker: the file\'s predictions come back (in slices) merged with the page\'s', async () => {
    const many = Array.from({ length: PREDICTIONS_PER_MESSAGE + 3 }, (_, i) => prediction(`f-${i}`, new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString()));
    const current = progress({ predictions: [p1] });
    const log: ImportMessage['kind'][] = [];
    const outcome = await importProgressFile(progressToFile(progress({ predictions: many }), NOW), current, { createWorker: () => inProcessWorker(log) });
    assert.ok(outcome.ok);
    const data = (outcome as { data: ProgressData }).data;
    assert.equal(data.predictions.length, many.length + 1);
    assert.deepEqual(data.predictions, sorted([...many, p1]));
    assert.equal(log.filter((k) => k === 'predictions').length, 2);
    assert.equal((outcome as { summary: { addedPredictions: number } }).summary.addedPredictions, many.length);
  });

  test('through the worker: a file with only reviews leaves the page\'s predictions as they are (not sent back)', async () => {
    const current = progress({ predictions: [p1, p2] });
    const log: ImportMessage['kind'][] = [];
    const outcome = await importProgressFile(progressToFile(progress({ reviews: [review('rope', '2026-03-03T08:00:00.000Z')] }), NOW), current, { createWorker: () => inProcessWorker(log) });
    assert.ok(outcome.ok);
    assert.equal((outcome as { data: ProgressData }).data.predictions, current.predictions);
    assert.ok(!log.includes('predictions'));
  });
});

describe('predictions: the store', () => {
  test('recordPredictions appends in order, ignores an id twice, makes no card, and persists', async () => {
    const storage = memoryStorage();
    const store = createProgressStore({ storage: () => storage, now: () => NOW });
    await store.persist.rehydrate();
    store.getState().recordPredictions([p3]);
    store.getState().recordPredictions([p1, p2]);
    store.getState().recordPredictions([p1]);
    assert.deepEqual(store.getState().data.predictions, [p1, p2, p3]);
    assert.deepEqual(store.getState().data.cards, {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(JSON.parse(storage.getItem(PREDICTIONS_KEY)!), [p1, p2, p3]);
  });

  test('a prediction recorded before storage was read is kept when it is', async () => {
    const storage = memoryStorage();
    storage.setItem(PROGRESS_KEY, envelope(progress({ predictions: [p1] })));
    const store = createProgressStore({ storage: () => storage, now: () => NOW });
    store.getState().recordPredictions([p2]);
    await store.persist.rehydrate();
    assert.deepEqual(store.getState().data.predictions, [p1, p2]);
  });

  test('another tab\'s predictions arrive through the merge on save', async () => {
    const storage = memoryStorage();
    const tabA = createProgressStore({ storage: () => storage, now: () => NOW });
    const tabB = createProgressStore({ storage: () => storage, now: () => NOW });
    await tabA.persist.rehydrate();
    await tabB.persist.rehydrate();
    tabA.getState().recordPredictions([p1]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    tabB.getState().recordPredictions([p2]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(JSON.parse(storage.getItem(PREDICTIONS_KEY)!), [p1, p2]);
    assert.deepEqual(tabB.getState().data.predictions, [p1, p2]);
  });
});
