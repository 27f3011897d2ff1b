import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { ContentError } from '../lib/content/contentError';
import { loadLessons } from '../lib/content/loadLessons';
import { renderLessonMarkdown } from '../lib/content/renderLesson';
import { DEFAULT_WALKTHROUGHS_DIR, loadWalkthroughs, validateWalkthroughSources } from '../lib/present/loadWalkthroughs';
import { MAX_WALKTHROUGH_STEPS, MIN_WALKTHROUGH_STEPS } from '../lib/present/walkthroughSource';
import { deckCatalog } from '../lib/present/deckCatalog';
import { selectedCellLimit, type StepThroughState } from '../lib/calculators/stepThroughSpec';

const lessons = loadLessons('content/lessons');
const lessonSlugs = lessons.map((l) => l.frontMatter.slug);

test('every file in content/walkthroughs loads cleanly', () => {
  const files = readdirSync(DEFAULT_WALKTHROUGHS_DIR).filter((name) => name.endsWith('.md'));
  const walkthroughs = loadWalkthroughs(lessonSlugs);
  assert.equal(walkthroughs.length, files.length);
  assert.ok(walkthroughs.length >= 4, 'issue 14 asks for at least four');
  for (const w of walkthroughs) {
    assert.ok(w.steps.length >= MIN_WALKTHROUGH_STEPS && w.steps.length <= MAX_WALKTHROUGH_STEPS, w.file);
    for (const step of w.steps) assert.ok(step.notes.length > 40, `${w.file}:${step.line}: notes worth reading`);
  }
  // The four the issue names, each presented in place of its lesson's generated deck.
  const catalog = deckCatalog(lessons, walkthroughs);
  for (const lesson of ['scaled-dot-product-attention', 'masking', 'multi-head-attention', 'cross-attention']) {
    assert.equal(catalog.bySlug.get(catalog.presentSlugOf.get(lesson)!)?.source, 'walkthrough', lesson);
  }
});

test("every step renders through the lessons' pipeline: formulas typeset, code languages known", async () => {
  for (const w of loadWalkthroughs(lessonSlugs)) {
    for (const step of w.steps) {
      await renderLessonMarkdown(`## ${step.title}\n${step.markdown}`, { file: step.file, bodyStartLine: step.line }, {});
      await renderLessonMarkdown(step.notes, { file: step.file, bodyStartLine: step.notesStartLine! }, {});
    }
  }
});

test('the sdpa walkthrough sets the step-through to each stage, in order', () => {
  const sdpa = loadWalkthroughs(lessonSlugs).find((w) => w.slug === 'sdpa-stage-by-stage')!;
  const stages = sdpa.steps.filter((s) => s.embed?.calculator === 'step-through').map((s) => s.embed!.state.stage);
  assert.deepEqual(stages, ['inputs', 'rawScores', 'scaledScores', 'maskedScores', 'weights', 'output']);
});

test("every step-through's selected cell lies inside its stage's result", () => {
  // The embed validator checks row and col against the schema's 0…11 only; a cell outside the
  // stage's matrix would highlight nothing on the projector.
  for (const w of loadWalkthroughs(lessonSlugs)) {
    for (const step of w.steps.filter((s) => s.embed?.calculator === 'step-through')) {
      const state = step.embed!.state as StepThroughState;
      const { rows, cols } = selectedCellLimit(state);
      assert.ok(state.row < rows && state.col < cols, `${w.file}:${step.line}: cell (${state.row}, ${state.col}) outside ${rows} × ${cols}`);
    }
  }
});

const FRONT = (slug: string, lesson: string) => ['---', 'title: T', `slug: ${slug}`, `lesson: ${lesson}`, 'minutes: 10', '---', ''];
const STEPS = Array.from({ length: MIN_WALKTHROUGH_STEPS }, (_, i) => [`## S${i + 1}`, '', 'Text.', '', '```notes', 'Notes.', '```', '']).flat();
const source = (slug: string, lesson: string) => [...FRONT(slug, lesson), ...STEPS].join('\n');

function problems(sources: { file: string; source: string }[]): string[] {
  try {
    validateWalkthroughSources(sources, lessonSlugs);
  } catch (error) {
    assert.ok(error instanceof ContentError);
    return error.problems.map((p) => `${p.file}:${p.line}: ${p.detail}`);
  }
  return assert.fail('expected a ContentError');
}

test('rules between files, each at the line to fix', () => {
  assert.deepEqual(problems([{ file: 'a.md', source: source('a', 'no-such-lesson') }]), [
    `a.md:4: lesson "no-such-lesson" is not the slug of any lesson (slugs: ${[...lessonSlugs].sort().join(', ')})`,
  ]);
  assert.deepEqual(problems([{ file: 'a.md', source: source('same', 'masking') }, { file: 'b.md', source: source('same', 'self-attention') }]), ['b.md:3: slug "same" is already used by a.md']);
  assert.deepEqual(problems([{ file: 'a.md', source: source('a', 'masking') }, { file: 'b.md', source: source('b', 'masking') }]), [
    'b.md:4: lesson "masking" already has a walkthrough, a.md: a lesson\'s "Present" link can open only one',
  ]);
  assert.deepEqual(problems([{ file: 'a.md', source: source('self-attention', 'masking') }]), [
    'a.md:3: slug "self-attention" is the slug of another lesson, whose own deck is presented at /present/self-attention/; choose another, or "masking" to take this lesson\'s place',
  ]);
  assert.equal(validateWalkthroughSources([{ file: 'a.md', source: source('masking', 'masking') }], lessonSlugs)[0].slug, 'masking', "its own lesson's slug is allowed");
});

test("problems of several files come together, each file's in line order", () => {
  const broken = source('a', 'masking').replace('minutes: 10', 'minutes: 0');
  const found = problems([{ file: 'b.md', source: source('b', 'nope') }, { file: 'a.md', source: broken }]);
  assert.deepEqual(
    found.map((p) => p.split(': ')[0]),
    ['a.md:5', 'b.md:4'],
  );
});

test('a missing folder is no walkthroughs', () => {
  assert.deepEqual(loadWalkthroughs(lessonSlugs, 'content/no-such-folder'), []);
});
