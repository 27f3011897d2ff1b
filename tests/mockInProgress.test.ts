import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMockInProgress, serializeMockInProgress, type MockInProgress } from '../lib/practice/mockInProgress';

const bank = new Set(['a', 'b', 'c']);
const session: MockInProgress = {
  id: '2026-03-01T09:00:00.000Z~42',
  seed: 42,
  minutes: 15,
  startedAt: '2026-03-01T09:00:00.000Z',
  deadline: Date.parse('2026-03-01T09:15:00.000Z'),
  questionIds: ['a', 'b', 'c'],
  index: 2,
  answers: [
    { questionId: 'a', correct: true, selfScore: null, gradedAt: null, answered: true, seconds: 40 },
    { questionId: 'b', correct: null, selfScore: null, gradedAt: null, answered: true, seconds: 200 },
  ],
  written: { b: 'Scaling keeps the softmax out of saturation.' },
};

test('a session in progress reads back as it was written', () => {
  assert.deepEqual(parseMockInProgress(serializeMockInProgress(session), bank), session);
});

test('missing, damaged or foreign values are ignored, never half-read', () => {
  const bad = (patch: Record<string, unknown>) => parseMockInProgress(JSON.stringify({ ...session, ...patch }), bank);
  assert.equal(parseMockInProgress(null, bank), null);
  assert.equal(parseMockInProgress('{"id":', bank), null);
  assert.equal(parseMockInProgress('[1,2]', bank), null);
  assert.equal(bad({ minutes: 20 }), null);
  assert.equal(bad({ deadline: 'soon' }), null);
  assert.equal(bad({ questionIds: ['a', 'b', 'gone'] }), null, 'a question that left the bank');
  assert.equal(bad({ questionIds: ['a', 'a', 'b'] }), null);
  assert.equal(bad({ index: 3 }), null);
  assert.equal(bad({ index: 1 }), null, 'answers must match the questions before the current one');
  assert.equal(bad({ answers: [session.answers[1], session.answers[0]] }), null);
  assert.equal(bad({ answers: [{ ...session.answers[0], seconds: -1 }, session.answers[1]] }), null);
});

test('written answers are kept only for the session’s questions', () => {
  const read = parseMockInProgress(JSON.stringify({ ...session, written: { b: 'ok', z: 'not ours', c: 7 } }), bank);
  assert.deepEqual(read?.written, { b: 'ok' });
});
