import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLessons } from '../lib/content/loadLessons';
import { parseLessonSource } from '../lib/content/lessonSource';
import { lessonDeck } from '../lib/present/lessonSteps';

const LESSON = [
  '---', // 1
  'title: Masks',
  'slug: masks',
  'order: 1',
  'summary: S.',
  'minutes: 12',
  '---',
  'An opening paragraph.', // 8
  '',
  '## One calculator', // 10
  '',
  'Before.',
  '',
  '```embed', // 14
  'calculator: step-through',
  'preset: causal',
  '```',
  '',
  'After.',
  '',
  '## Two calculators', // 21
  '',
  'First part.',
  '',
  '```embed', // 25
  'calculator: attention',
  'preset: padding',
  '```',
  '',
  'Second part.', // 30
  '',
  '```embed', // 32
  'calculator: mask-pattern',
  'id: the-pattern',
  '```',
  '',
  'Closing words.', // 37
  '',
  '## Text only', // 39
  '',
  'Words.',
].join('\n');

test("a lesson's sections become steps; a section with two calculators becomes two", () => {
  const deck = lessonDeck(parseLessonSource(LESSON, 'content/lessons/masks.md'));
  assert.deepEqual([deck.slug, deck.title, deck.lesson, deck.minutes, deck.source], ['masks', 'Masks', 'masks', 12, 'lesson']);
  assert.deepEqual(
    deck.steps.map((s) => [s.title, s.line, s.bodyStartLine, s.embed?.calculator ?? null, s.notes]),
    [
      ['Masks', 8, 8, null, ''],
      ['One calculator', 10, 11, 'step-through', ''],
      ['Two calculators (1/2)', 21, 22, 'attention', ''],
      ['Two calculators (2/2)', 29, 29, 'mask-pattern', ''],
      ['Text only', 39, 40, null, ''],
    ],
  );
  const [, one, first, second] = deck.steps;
  assert.ok(one.markdown.includes('Before.') && one.markdown.includes('After.'));
  assert.ok(first.markdown.includes('First part.') && first.markdown.trimEnd().endsWith('```') && !first.markdown.includes('Second part.'));
  assert.ok(second.markdown.includes('Second part.') && second.markdown.includes('Closing words.'), 'text after the last calculator stays with it');
  assert.equal(second.embed?.id, 'the-pattern');
  assert.equal(first.embed?.preset, 'padding');
  assert.equal(first.embed?.state.validKeys, 3, "the embed's props are the validated preset state");
  // Line n of a step's Markdown is file line bodyStartLine + n - 1.
  assert.equal(second.bodyStartLine + second.markdown.split('\n').indexOf('Closing words.'), 37);
});

test('every lesson of the course can be presented: each step has at most one calculator, and none is lost', () => {
  for (const lesson of loadLessons('content/lessons')) {
    const deck = lessonDeck(lesson);
    assert.ok(deck.steps.length >= 1, lesson.file);
    const embedsInLesson = lesson.markdown.split('\n').filter((line) => line.trim() === '```embed').length;
    const embedsInDeck = deck.steps.filter((s) => s.embed !== null).length;
    assert.equal(embedsInDeck, embedsInLesson, lesson.file);
    for (const step of deck.steps) {
      assert.ok(step.markdown.split('\n').filter((line) => line.trim() === '```embed').length <= 1, `${lesson.file}:${step.line}`);
      assert.ok(step.title.length > 0, `${lesson.file}:${step.line}`);
    }
    // Together the steps hold every line of the lesson except the `## ` headings.
    const body = lesson.markdown.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('## '));
    const stepLines = deck.steps.flatMap((s) => s.markdown.split('\n')).filter((line) => line.trim() !== '');
    assert.deepEqual(stepLines, body, lesson.file);
  }
});
