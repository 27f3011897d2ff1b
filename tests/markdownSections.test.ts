import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLessonMarkdown } from '../lib/content/renderLesson';
import { sliceLines, splitAtHeadings } from '../lib/present/markdownSections';

const split = (markdown: string) => splitAtHeadings(parseLessonMarkdown(markdown), markdown);

test('sections start at "## " headings; deeper headings stay inside', () => {
  const markdown = ['Opening.', '', '## First $x$', '', 'a', '', '### Inside', '', 'b', '', '## Second', 'c'].join('\n');
  const sections = split(markdown);
  assert.deepEqual(
    sections.map((s) => [s.heading === null, s.title, s.line, s.bodyFirstLine, s.bodyLastLine]),
    [
      [true, '', 1, 1, 2],
      [false, 'First $x$', 3, 4, 10],
      [false, 'Second', 11, 12, 12],
    ],
  );
  assert.equal(sliceLines(markdown.split('\n'), sections[1].bodyFirstLine, sections[1].bodyLastLine), '\na\n\n### Inside\n\nb');
});

test('no opening part when the body starts with a heading; fenced "## " is not a heading', () => {
  const sections = split(['## Only', '', '```text', '## code', '```', '', '> ## quoted'].join('\n'));
  assert.equal(sections.length, 1);
  assert.equal(sections[0].title, 'Only');
  assert.equal(split('').length, 0);
});

test('a heading with no text has an empty title', () => {
  assert.equal(split('## \n\ntext')[0].title, '');
});
