/**
 * "Predict, then check": the cells asked for at each stage (the same for the same example, others
 * for another), and the grading of a typed guess with its tolerance, −∞ included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { computeAttentionStages } from '../lib/calculators/stepThrough';
import { stepThroughInput, stepThroughSpec } from '../lib/calculators/stepThroughSpec';
import {
  exampleHash,
  gradePrediction,
  gradeStage,
  predictionCellName,
  predictionCells,
  predictionFeedback,
  predictionKey,
  predictionRecords,
  predictionTolerance,
  recordedNumber,
  sameExample,
} from '../lib/calculators/stagePrediction';
import { checkProgress } from '../lib/practice/progressSchema';
import { emptyProgress } from '../lib/practice/progressTypes';

const stagesOf = (patch: Record<string, unknown> = {}, preset = 'basic') => computeAttentionStages(stepThroughInput({ ...presetState(stepThroughSpec, preset), ...patch }));

test('each computed stage asks for cells of its own result; the inputs ask for nothing', () => {
  const stages = stagesOf();
  assert.deepEqual(predictionCells(stages, 'inputs'), []);
  for (const [stage, matrix] of [['rawScores', 'rawScores'], ['scaledScores', 'scaledScores'], ['maskedScores', 'maskedScores'], ['weights', 'weights'], ['output', 'output']] as const) {
    const cells = predictionCells(stages, stage);
    assert.ok(cells.length >= 1 && cells.length <= 2, stage);
    for (const c of cells) {
      assert.equal(c.matrix, matrix);
      const m = stages[matrix];
      assert.ok(c.row >= 0 && c.row < m.rows && c.col >= 0 && c.col < m.cols, `${stage} cell inside the matrix`);
    }
  }
});

test('the same example asks for the same cells; one query–key pair is followed through the stages', () => {
  const a = stagesOf();
  const b = stagesOf();
  assert.equal(exampleHash(a), exampleHash(b));
  assert.deepEqual(predictionCells(a, 'weights'), predictionCells(b, 'weights'));
  const [raw] = predictionCells(a, 'rawScores');
  const [scaled] = predictionCells(a, 'scaledScores');
  assert.deepEqual([scaled.row, scaled.col], [raw.row, raw.col]);
  const weights = predictionCells(a, 'weights');
  assert.equal(weights.length, 2, 'two keys of one query');
  assert.ok(weights.every((c) => c.row === raw.row) && weights.some((c) => c.col === raw.col));
  assert.equal(predictionCells(a, 'output')[0].row, raw.row);
  // Other examples ask for other cells (not every one: there are only so many cells).
  const picked = new Set<string>();
  for (let seed = 0; seed < 20; seed++) picked.add(JSON.stringify(predictionCells(stagesOf({ seed }), 'rawScores')));
  assert.ok(picked.size >= 6, `20 seeds gave ${picked.size} different cells`);
});

test('with a mask, the masked stage asks for a blocked pair and the weights only for open keys', () => {
  for (let seed = 0; seed < 10; seed++) {
    const stages = stagesOf({ seed, causal: true });
    const [masked] = predictionCells(stages, 'maskedScores');
    assert.equal(predictionKey(stages, masked), -Infinity, 'a blocked pair: its logit is −∞');
    for (const c of predictionCells(stages, 'weights')) assert.ok(stages.maskedScores.data[c.row * stages.maskedScores.cols + c.col] > -Infinity);
  }
  // Without a mask it asks for an ordinary logit.
  assert.ok(Number.isFinite(predictionKey(stagesOf(), predictionCells(stagesOf(), 'maskedScores')[0])));
});

test('grading: within 0.01 or 2 %, whichever is larger, exactly at the edge; typed as people type', () => {
  assert.equal(predictionTolerance(0.3), 0.01);
  assert.equal(predictionTolerance(-5), 0.1);
  const graded = (text: string, key: number) => {
    const g = gradePrediction(text, key);
    assert.equal(g.kind, 'graded', text);
    return g.kind === 'graded' && g.correct;
  };
  assert.ok(graded('0.41', 0.4));
  assert.ok(graded('0.39', 0.4), 'the edge counts');
  assert.ok(!graded('0.389', 0.4));
  assert.ok(graded('-4.9', -5));
  assert.ok(graded('−5.1', -5), 'a typographic minus');
  assert.ok(!graded('5', -5), 'the sign matters');
  assert.ok(graded('0,4', 0.4), 'a decimal comma');
  assert.ok(graded('-inf', -Infinity) && graded('−∞', -Infinity) && graded('-Infinity', -Infinity));
  assert.ok(!graded('-1000', -Infinity), 'a blocked pair is −∞, not a large negative number');
  assert.ok(!graded('-inf', 0.2));
  assert.deepEqual(gradePrediction('  ', 1), { kind: 'empty' });
  const invalid = gradePrediction('abc', 1);
  assert.equal(invalid.kind, 'invalid');
  assert.match(invalid.kind === 'invalid' ? invalid.hint : '', /Type a number.*−∞/);
});

test('a stage is graded only when every guess can be read; a miss carries the working', () => {
  const stages = stagesOf({}, 'by-hand');
  const cells = predictionCells(stages, 'rawScores');
  const key = predictionKey(stages, cells[0]);
  const missing = gradeStage(stages, cells, ['']);
  assert.deepEqual(missing, { ok: false, index: 0, message: `Type your prediction for ${predictionCellName(cells[0])}, or press “Show me”.` });
  const right = gradeStage(stages, cells, [String(key)]);
  assert.ok(right.ok && right.results[0].correct);
  const wrong = gradeStage(stages, cells, [String(key + 1)]);
  assert.ok(wrong.ok && !wrong.results[0].correct);
  if (wrong.ok) {
    assert.match(wrong.results[0].working, /^S\S+ = q\S+·k\S+ = /);
    const feedback = predictionFeedback(wrong.results[0]);
    assert.equal(feedback.verdict, 'Not quite');
    assert.ok(feedback.text.endsWith(wrong.results[0].working), 'a miss shows its working');
    assert.ok(right.ok && !predictionFeedback(right.results[0]).text.includes(' = q'), 'a right guess gets no working');
    assert.equal(right.ok && predictionFeedback(right.results[0]).verdict, 'Right');
  }
});

test('checked guesses become progress records: one per cell, the guess as typed, −∞ as JSON can carry it, valid for the store', () => {
  const stages = stagesOf({}, 'causal');
  const context = { preset: 'causal', edited: false, example: exampleHash(stages), at: '2026-03-10T12:00:00.000Z', nonce: 'k3j2' };
  const masked = predictionCells(stages, 'maskedScores');
  assert.equal(predictionKey(stages, masked[0]), -Infinity, 'the causal example asks for a blocked pair');
  const graded = gradeStage(stages, masked, ['  -inf ']);
  assert.ok(graded.ok);
  const [record] = predictionRecords('maskedScores', graded.ok ? graded.results : [], context);
  assert.deepEqual(record, {
    id: `2026-03-10T12:00:00.000Z~k3j2~maskedScores~${masked[0].row}-${masked[0].col}`,
    predictedAt: '2026-03-10T12:00:00.000Z',
    calculator: 'step-through',
    preset: 'causal',
    edited: false,
    example: exampleHash(stages).toString(16).padStart(8, '0'),
    stage: 'maskedScores',
    row: masked[0].row,
    col: masked[0].col,
    guess: '-inf',
    actual: '-Infinity',
    correct: true,
  });
  const weights = predictionCells(stages, 'weights');
  const two = gradeStage(stages, weights, weights.map((c) => String(predictionKey(stages, c))));
  const records = predictionRecords('weights', two.ok ? two.results : [], context);
  assert.equal(records.length, weights.length);
  assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'one id per cell');
  // What the store keeps passes the store's own check, through JSON.
  const checked = checkProgress(JSON.parse(JSON.stringify({ ...emptyProgress(), predictions: [record, ...records] })));
  assert.deepEqual(checked.problems, []);
  assert.equal(checked.data?.predictions.length, 1 + records.length);
});

test('the inputs stage records nothing; a NaN value is not recorded', () => {
  assert.deepEqual(predictionRecords('inputs', [], { preset: 'basic', edited: false, example: 1, at: '2026-03-10T12:00:00.000Z', nonce: 'n' }), []);
  assert.equal(recordedNumber(Number.NaN), null);
  assert.equal(recordedNumber(Infinity), 'Infinity');
  assert.ok(Object.is(recordedNumber(-0), 0));
});

test('sameExample: the numbers decide, not the stage on screen or the speed', () => {
  const basic = presetState(stepThroughSpec, 'basic');
  assert.ok(sameExample(basic, { ...basic, stage: 'output', row: 1, speed: 'fast' } as typeof basic));
  assert.ok(!sameExample(basic, { ...basic, seed: basic.seed + 1 }));
  assert.ok(!sameExample(basic, { ...basic, temperature: 10 }));
  assert.ok(!sameExample(basic, { ...basic, tokens: [...basic.tokens, 'more'] }));
});
