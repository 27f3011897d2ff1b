import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentError } from '../lib/content/contentError';
import { MAX_WALKTHROUGH_STEPS, MIN_WALKTHROUGH_STEPS, parseWalkthroughSource } from '../lib/present/walkthroughSource';

const FILE = 'content/walkthroughs/demo.md';
const FRONT = ['---', 'title: A demo', 'slug: demo', 'lesson: masking', 'minutes: 16', '---', ''];
const plainStep = (n: number) => [`## Step ${n}`, '', `Text of step ${n}.`, '', '```notes', `Say step ${n}.`, '```', ''];
/** A file whose steps 2… are plain; `first` replaces step 1 (file lines from 8 on). */
const file = (first: string[], count = MIN_WALKTHROUGH_STEPS, front = FRONT) => [...front, ...first, ...Array.from({ length: count - 1 }, (_, i) => plainStep(i + 2)).flat()].join('\n');

function problems(source: string): string[] {
  try {
    parseWalkthroughSource(source, FILE);
  } catch (error) {
    assert.ok(error instanceof ContentError, String(error));
    for (const p of error.problems) assert.equal(p.file, FILE);
    return error.problems.map((p) => `${p.line}: ${p.detail}`);
  }
  return assert.fail('expected a ContentError');
}

function assertProblem(source: string, line: number, part: RegExp): void {
  const found = problems(source);
  assert.ok(found.some((p) => p.startsWith(`${line}: `) && part.test(p)), `expected line ${line} ~ ${part}, got:\n${found.join('\n')}`);
}

test('a walkthrough: front matter, then steps with Markdown, one calculator and notes', () => {
  const first = [
    '## Weights, row by row', // line 8
    '',
    'Each row of $A$ sums to 1.',
    '',
    '```embed', // line 12
    'calculator: step-through',
    'preset: causal',
    'id: causal-weights',
    'stage: weights',
    'row: 2',
    'col: 1',
    '```',
    '',
    '```notes', // line 21
    'Point at row 3.',
    '',
    'Then ask: why is the upper triangle empty?',
    '```',
    '',
    'After the notes.',
    '',
  ];
  const walkthrough = parseWalkthroughSource(file(first), FILE);
  assert.deepEqual([walkthrough.slug, walkthrough.title, walkthrough.lesson, walkthrough.minutes, walkthrough.summary, walkthrough.source], ['demo', 'A demo', 'masking', 16, '', 'walkthrough']);
  assert.equal(walkthrough.steps.length, MIN_WALKTHROUGH_STEPS);
  const step = walkthrough.steps[0];
  assert.equal(step.title, 'Weights, row by row');
  assert.equal(step.line, 8);
  assert.equal(step.bodyStartLine, 9);
  assert.equal(step.notes, 'Point at row 3.\n\nThen ask: why is the upper triangle empty?');
  assert.equal(step.notesStartLine, 22);
  assert.equal(step.embed?.calculator, 'step-through');
  assert.equal(step.embed?.id, 'causal-weights');
  assert.deepEqual([step.embed?.state.stage, step.embed?.state.row, step.embed?.state.col, step.embed?.state.causal], ['weights', 2, 1, true]);
  // The notes are blanked, not removed: line n of the Markdown is still file line bodyStartLine + n - 1.
  const lines = step.markdown.split('\n');
  assert.equal(lines.indexOf('After the notes.') + step.bodyStartLine, 27);
  assert.ok(!step.markdown.includes('Point at row 3'));
  assert.ok(step.markdown.includes('```embed'), 'the embed stays where the author put it');
  assert.equal(walkthrough.steps[1].embed, null);
  assert.equal(walkthrough.steps[1].title, 'Step 2');
});

test('a "## " inside a code block or the notes does not start a step', () => {
  const first = ['## Code', '', '```python', '## not a step', 'x = 1', '```', '', '```notes', '## not a step either', '```', ''];
  const walkthrough = parseWalkthroughSource(file(first), FILE);
  assert.equal(walkthrough.steps.length, MIN_WALKTHROUGH_STEPS);
  assert.equal(walkthrough.steps[0].notes, '## not a step either');
});

test('notes opened with four backticks may hold a code block', () => {
  const first = ['## Code in notes', '', 'Text.', '', '````notes', 'Type this:', '', '```python', 'x = 1', '```', '````', ''];
  assert.equal(parseWalkthroughSource(file(first), FILE).steps[0].notes, 'Type this:\n\n```python\nx = 1\n```');
});

test('front matter: missing, unknown and wrong keys, each at its line', () => {
  const front = ['---', 'title: A demo', 'slug: Demo Slug', 'lesson: masking', 'minutes: ten', 'minute: 10', '---', ''];
  const found = problems(file(plainStep(1), MIN_WALKTHROUGH_STEPS, front));
  assert.deepEqual(found, [
    '3: "slug" must be lowercase words joined by single hyphens (like "what-is-attention"), got "Demo Slug"',
    '5: "minutes" must be the planned minutes, a whole number from 1 to 180, got "ten"',
    '6: unknown key "minute" in front matter (allowed: title, slug, lesson, minutes, summary)',
  ]);
  assertProblem(file(plainStep(1), MIN_WALKTHROUGH_STEPS, ['---', 'title: A demo', 'slug: demo', 'minutes: 0', '---', '']), 4, /"minutes" must be the planned minutes/);
  assertProblem(file(plainStep(1), MIN_WALKTHROUGH_STEPS, ['---', 'title: A demo', 'slug: demo', 'minutes: 10', '---', '']), 5, /missing "lesson"/);
  assertProblem('# no front matter', 1, /must start with front matter/);
});

test('more than one calculator in a step, at the second one\'s fence', () => {
  const first = ['## Two', '', '```embed', 'calculator: attention', '```', '', '```embed', 'calculator: attention', '```', '', '```notes', 'n', '```', ''];
  assert.deepEqual(problems(file(first)), ['14: step 1 ("Two") has a second calculator (the first is at line 10): a step shows at most one, so split it into two steps']);
});

test('embed blocks are checked by the lessons\' validator: preset, overrides, stage and cell', () => {
  const first = ['## Bad', '', '```embed', 'calculator: step-through', 'preset: causal', 'stage: softmax', 'temperature: -1', '```', '', '```notes', 'n', '```', ''];
  const found = problems(file(first));
  assert.equal(found.length, 2);
  assert.match(found[0], /^13: stage must be one of "inputs", "rawScores"/);
  assert.match(found[1], /^14: temperature must be a number from 0.05 to 20/);
  assertProblem(file(['## X', '', '```embed', 'calculator: nonsense', '```', '', '```notes', 'n', '```']), 11, /unknown calculator "nonsense"/);
});

test('a step with no title, no notes, empty notes, two notes blocks or nothing to show', () => {
  assertProblem(file(['## ', '', 'Text.', '', '```notes', 'n', '```']), 8, /step 1 has no title/);
  assertProblem(file(['## Silent', '', 'Text.']), 8, /step 1 \("Silent"\) has no speaker notes: add a ```notes block/);
  assertProblem(file(['## Empty', '', 'Text.', '', '```notes', '   ', '```']), 12, /the notes of step 1 \("Empty"\) are empty/);
  assertProblem(file(['## Twice', '', '```notes', 'a', '```', '', '```notes', 'b', '```']), 14, /second notes block \(the first is at line 10\)/);
  assertProblem(file(['## Only notes', '', '```notes', 'a', '```']), 8, /has nothing to show/);
  assertProblem(file(['## Nested', '', '- item', '', '  ```notes', '  a', '  ```', '', '```notes', 'b', '```']), 12, /must stand on its own/);
  assert.ok(!problems(file(['## Nested', '', '- item', '', '  ```notes', '  a', '  ```', '', '```notes', 'b', '```'])).some((p) => /unknown code block language/.test(p)), 'reported once');
});

test('text before the first step', () => {
  assertProblem(file(['An introduction.', '', ...plainStep(1)]), 8, /text before the first step/);
});

test('step count: too few at the front matter, too many at the first step over', () => {
  assert.deepEqual(problems(file(plainStep(1), 3)), [`6: a walkthrough has ${MIN_WALKTHROUGH_STEPS} to ${MAX_WALKTHROUGH_STEPS} steps, each starting with "## "; this one has 3`]);
  const tooMany = file(plainStep(1), MAX_WALKTHROUGH_STEPS + 2);
  const line = 8 + MAX_WALKTHROUGH_STEPS * plainStep(1).length;
  assert.deepEqual(problems(tooMany), [`${line}: a walkthrough has ${MIN_WALKTHROUGH_STEPS} to ${MAX_WALKTHROUGH_STEPS} steps; this is step ${MAX_WALKTHROUGH_STEPS + 1} of ${MAX_WALKTHROUGH_STEPS + 2}: split the walkthrough or merge steps`]);
});

test('embed ids: unique in the walkthrough, and not of the generated form', () => {
  const withId = (id: string, n: number) => [`## S${n}`, '', '```embed', 'calculator: attention', `id: ${id}`, '```', '', '```notes', 'n', '```', ''];
  assertProblem(file([...withId('same', 1), ...withId('same', 2)]), 21, /embed id "same" is already used at line 10/);
  assertProblem(file(withId('step-2', 1)), 10, /looks like the id a step without one gets/);
});

test('every problem of a file at once, in line order', () => {
  const front = ['---', 'title: A demo', 'slug: demo', 'lesson: masking', 'minutes: 16', 'colour: red', '---', ''];
  const found = problems(file(['## ', '', 'Text.'], 3, front));
  assert.deepEqual(found.map((p) => Number(p.split(':')[0])), [6, 7, 9, 9]);
});
