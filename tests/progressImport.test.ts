import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { progressFromFile, progressToFile } from '../lib/practice/progressFile';
import { describeImportProgress, prepareImport, type ImportProgress } from '../lib/practice/progressImport';
import { mergeProgress } from '../lib/practice/progressMerge';
import { CHECK_PROGRESS_EVERY } from '../lib/practice/progressSchema';
import { emptyProgress, type ReviewRecord } from '../lib/practice/progressTypes';
import { mock, progress, review } from './support/progressFixtures';

const EXPORTED_AT = '2026-03-10T12:00:00.000Z';

function manyReviews(n: number, questionId = 'softmax-basics'): ReviewRecord[] {
  return Array.from({ length: n }, (_, i) => review(questionId, new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString(), 3));
}

describe('prepareImport', () => {
  test('a good file: the file read as progressFromFile reads it, merged as mergeProgress merges it', () => {
    const current = progress({ reviews: [review('rope', '2026-03-01T09:00:00.000Z', 2)] });
    const incoming = progress({ reviews: manyReviews(30), mocks: [mock('m1', '2026-03-04T00:00:00.000Z')] });
    const text = progressToFile(incoming, EXPORTED_AT);
    const file = progressFromFile(text);
    assert.ok(file.ok);
    const expected = mergeProgress(current, file.data);
    assert.deepEqual(prepareImport(text, current), { ok: true, data: expected.data, summary: expected.summary, unknown: [] });
  });

  test("a bad file: refused with progressFromFile's reason, word for word", () => {
    const text = progressToFile(progress({ reviews: manyReviews(3) }), EXPORTED_AT).replace('"rating": 3', '"rating": 9');
    const file = progressFromFile(text);
    assert.equal(file.ok, false);
    assert.deepEqual(prepareImport(text, emptyProgress()), file);
    assert.match(!file.ok ? file.reason : '', /reviews\[0\]\.rating must be 1, 2, 3 or 4, got 9/);
    assert.deepEqual(prepareImport('{ not json', emptyProgress()), progressFromFile('{ not json'));
  });

  test('progress: reading, then checking with counts that rise to the total, then merging', () => {
    const n = CHECK_PROGRESS_EVERY * 3 + 17;
    const text = progressToFile(progress({ reviews: manyReviews(n - 2), mocks: [mock('m1', '2026-03-04T00:00:00.000Z'), mock('m2', '2026-03-05T00:00:00.000Z')] }), EXPORTED_AT);
    const heard: ImportProgress[] = [];
    prepareImport(text, emptyProgress(), (p) => heard.push(p));
    assert.deepEqual(heard[0], { phase: 'reading', done: 0, total: 0 });
    assert.deepEqual(heard.at(-1), { phase: 'merging', done: 0, total: 0 });
    const checking = heard.filter((p) => p.phase === 'checking');
    assert.deepEqual(
      checking.map((p) => p.done),
      [CHECK_PROGRESS_EVERY, 2 * CHECK_PROGRESS_EVERY, 3 * CHECK_PROGRESS_EVERY, n],
    );
    assert.ok(checking.every((p) => p.total === n));
  });

  test('a refused file never reaches merging', () => {
    const heard: string[] = [];
    prepareImport('[]', emptyProgress(), (p) => heard.push(p.phase));
    assert.deepEqual(heard, ['reading']);
  });

  test('describeImportProgress says the step, with counts while checking', () => {
    assert.equal(describeImportProgress({ phase: 'reading', done: 0, total: 0 }), 'reading the file');
    assert.equal(describeImportProgress({ phase: 'checking', done: 40_000, total: 200_000 }), 'checking 40,000 of 200,000 records');
    assert.equal(describeImportProgress({ phase: 'checking', done: 0, total: 0 }), 'checking the records');
    assert.equal(describeImportProgress({ phase: 'merging', done: 0, total: 0 }), 'merging it with your progress');
  });
});
