import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PROGRESS_FILE_BYTES, PROGRESS_FILE_FORMAT, progressFileName, progressFromFile, progressToFile } from '../lib/practice/progressFile';
import { serializeProgress } from '../lib/practice/progressStorage';
import { emptyProgress, PROGRESS_VERSION } from '../lib/practice/progressTypes';
import { answer, envelope, mock, progress, review, v1Fixture } from './support/progressFixtures';

const EXPORTED_AT = '2026-03-10T12:00:00.000Z';
const sample = () =>
  progress({
    reviews: [review('softmax-basics', '2026-03-01T09:00:00.000Z', 3), review('kv-cache', '2026-03-02T09:00:00.000Z', 1, { correct: false, seconds: 41.5 })],
    mocks: [mock('m1', '2026-03-03T10:00:00.000Z', [answer('rope', { selfScore: 0.5, gradedAt: '2026-03-03T10:30:00.000Z' })], { minutes: 30, timedOut: true })],
    settings: { newPerDay: 20, updatedAt: '2026-03-01T00:00:00.000Z' },
  });
const reasonOf = (r: ReturnType<typeof progressFromFile>) => (r.ok ? '' : r.reason);

describe('progress files: export and import', () => {
  test('export → import round trip equals the data', () => {
    const data = sample();
    const text = progressToFile(data, EXPORTED_AT);
    assert.deepEqual(progressFromFile(text), { ok: true, data, unknown: [] });
    assert.deepEqual(JSON.parse(text), { format: PROGRESS_FILE_FORMAT, exportedAt: EXPORTED_AT, progress: data });
    assert.ok(text.endsWith('}\n'));
  });

  test('empty progress round trips', () => {
    assert.deepEqual(progressFromFile(progressToFile(emptyProgress(), EXPORTED_AT)), { ok: true, data: emptyProgress(), unknown: [] });
  });

  test('a file with a byte order mark (saved by an editor) imports', () => {
    const data = sample();
    assert.deepEqual(progressFromFile(`\uFEFF${progressToFile(data, EXPORTED_AT)}`), { ok: true, data, unknown: [] });
  });

  test('file name carries the export day', () => {
    assert.equal(progressFileName(EXPORTED_AT), 'attention-lab-progress-2026-03-10.json');
  });

  test('a set-aside raw stored value imports', () => {
    const data = sample();
    assert.deepEqual(progressFromFile(serializeProgress(data)), { ok: true, data, unknown: [] });
  });

  test('a set-aside raw stored v1 value imports, migrated', () => {
    const result = progressFromFile(envelope(v1Fixture(), 1));
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.data.reviews.length, 2);
    assert.equal(result.ok && result.data.settings.newPerDay, 15);
  });

  test('a v1 export (file wrapper around v1 progress) imports', () => {
    const text = JSON.stringify({ format: PROGRESS_FILE_FORMAT, exportedAt: '2026-02-04T00:00:00.000Z', progress: v1Fixture() });
    const result = progressFromFile(text);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.data.version, PROGRESS_VERSION);
    assert.deepEqual(Object.keys(result.data.cards).sort(), ['scaled-dot-product', 'softmax-basics']);
    assert.equal(result.data.cards['softmax-basics'].learningSteps, 0);
    assert.equal('elapsedDays' in result.data.cards['softmax-basics'], false);
    assert.deepEqual(result.data.mocks, []);
    assert.deepEqual(result.data.settings, { newPerDay: 15, updatedAt: '1970-01-01T00:00:00.000Z' });
  });

  test('property: any sample of reviews round trips', () => {
    const arb = fc.uniqueArray(
      fc.record({
        questionId: fc.constantFrom('softmax-basics', 'kv-cache', 'rope'),
        reviewedAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms).toISOString()),
        rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
        correct: fc.constantFrom(true, false, null),
        seconds: fc.integer({ min: 0, max: 36000 }).map((n) => n / 10),
      }).map((r) => ({ ...r })),
      { selector: (r) => `${r.questionId}@${r.reviewedAt}`, maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, (reviews) => {
        const data = progress({ reviews });
        assert.deepEqual(progressFromFile(progressToFile(data, EXPORTED_AT)), { ok: true, data, unknown: [] });
      }),
      { numRuns: 50 },
    );
  });
});

describe('progress files: refusals, each with a reason', () => {
  test('not JSON', () => {
    const result = progressFromFile('this is a shopping list');
    assert.equal(result.ok, false);
    assert.match(reasonOf(result), /^the file is not JSON/);
  });

  test('JSON but not an object', () => {
    assert.match(reasonOf(progressFromFile('[1,2,3]')), /not a progress export from Attention Lab/);
    assert.match(reasonOf(progressFromFile('null')), /not a progress export from Attention Lab/);
  });

  test('wrong format', () => {
    const result = progressFromFile(JSON.stringify({ format: 'anki-deck', progress: sample() }));
    assert.equal(result.ok, false);
    assert.match(reasonOf(result), /"format" is "anki-deck"/);
  });

  test('missing format', () => {
    assert.match(reasonOf(progressFromFile(JSON.stringify({ progress: sample() }))), /"format" is missing/);
  });

  test('newer version', () => {
    const result = progressFromFile(JSON.stringify({ format: PROGRESS_FILE_FORMAT, exportedAt: EXPORTED_AT, progress: { ...sample(), version: PROGRESS_VERSION + 1 } }));
    assert.equal(result.ok, false);
    assert.match(reasonOf(result), /newer/);
  });

  test('a bad record is refused (strict), not salvaged, naming it', () => {
    const data = JSON.parse(JSON.stringify(sample()));
    data.reviews[1].rating = 9;
    const result = progressFromFile(JSON.stringify({ format: PROGRESS_FILE_FORMAT, exportedAt: EXPORTED_AT, progress: data }));
    assert.equal(result.ok, false);
    assert.match(reasonOf(result), /^the file has a problem: reviews\[1\] ?\.rating must be 1, 2, 3 or 4, got 9$/);
  });

  test('several bad records: three shown, the rest counted', () => {
    const data = JSON.parse(JSON.stringify(sample()));
    for (let i = 0; i < 5; i++) data.reviews.push({ ...data.reviews[0], reviewedAt: `2026-04-0${i + 1}T00:00:00.000Z`, seconds: -1 });
    const reason = reasonOf(progressFromFile(JSON.stringify({ format: PROGRESS_FILE_FORMAT, progress: data })));
    assert.match(reason, /^the file has 5 problems: /);
    assert.match(reason, /\(and 2 more\)$/);
  });

  test('a set-aside raw value with a bad record is refused too', () => {
    const data = JSON.parse(JSON.stringify(sample()));
    data.cards['kv-cache'].state = 'asleep';
    const result = progressFromFile(envelope(data));
    assert.equal(result.ok, false);
    assert.match(reasonOf(result), /cards\["kv-cache"\] ?\.state/);
  });

  test('a whole-shape failure is refused with its problem', () => {
    const result = progressFromFile(JSON.stringify({ format: PROGRESS_FILE_FORMAT, progress: { ...sample(), reviews: 'none' } }));
    assert.match(reasonOf(result), /reviews must be a list/);
  });

  test('missing progress in the wrapper', () => {
    assert.match(reasonOf(progressFromFile(JSON.stringify({ format: PROGRESS_FILE_FORMAT }))), /not progress data/);
  });

  test('too large', () => {
    const text = ' '.repeat(MAX_PROGRESS_FILE_BYTES + 1);
    const result = progressFromFile(text);
    assert.equal(result.ok, false);
    assert.match(reasonOf(result), /too large/);
  });

  test(
    'a set-aside value saved with a byte order mark imports like an export does',
    () => {
      const data = sample();
      assert.deepEqual(progressFromFile(`\uFEFF${serializeProgress(data)}`), { ok: true, data, unknown: [] });
    },
  );
});

describe('progress files: question ids that are also Object.prototype names', () => {
  const cardJson = JSON.stringify(progress({ reviews: [review('softmax-basics', '2026-03-01T09:00:00.000Z', 3)] }).cards['softmax-basics']);
  const fileWithCard = (id: string) =>
    progressToFile(emptyProgress(), EXPORTED_AT).replace('"cards": {}', `"cards": {${JSON.stringify(id)}: ${cardJson}}`);

  test('a card keyed "constructor" imports as its own card', () => {
    const result = progressFromFile(fileWithCard('constructor'));
    assert.ok(result.ok, reasonOf(result));
    assert.ok(Object.hasOwn(result.data.cards, 'constructor'));
    assert.deepEqual(result.data.cards.constructor, JSON.parse(cardJson));
  });

  for (const id of ['__proto__', 'toString', 'hasOwnProperty']) {
    test(`a card keyed ${JSON.stringify(id)} is refused, naming it (not a question id), never silently lost`, () => {
      const text = fileWithCard(id);
      assert.ok(text.includes(JSON.stringify(id)), 'fixture');
      assert.match(reasonOf(progressFromFile(text)), new RegExp(`cards\\[${JSON.stringify(id).replace(/[$]/g, '\\$&')}\\] is not a question id`));
    });
  }

  test('fields this version does not use are reported, and the rest imports', () => {
    const text = progressToFile(sample(), EXPORTED_AT).replace(`"version": ${PROGRESS_VERSION},`, `"version": ${PROGRESS_VERSION},\n  "notes": "mine",`);
    const result = progressFromFile(text);
    assert.ok(result.ok, reasonOf(result));
    assert.deepEqual(result.unknown, ['notes']);
    assert.deepEqual(result.data, sample());
  });
});
