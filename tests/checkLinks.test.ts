/** Links to site paths inside content must name pages the build makes; the problem has file:line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sitePaths } from '../lib/content/checkLinks';
import { ContentError } from '../lib/content/contentError';
import { renderLessonMarkdown } from '../lib/content/renderLesson';

const paths = sitePaths(['masking'], ['step-through']);

test('links to lessons, calculators and the glossary pass, with or without the trailing slash and with anchors', async () => {
  const md = 'See [masking](/lessons/masking/#padding), [the calculator](/calculators/step-through), [terms](/glossary/) and [a paper](https://arxiv.org/abs/1706.03762).';
  await renderLessonMarkdown(md, { file: 'l.md', bodyStartLine: 10 }, { knownPaths: paths });
});

test('a link to a page that does not exist is reported at its line; without known paths nothing is checked', async () => {
  const md = 'Intro.\n\nRead [the lesson](/lessons/no-such-lesson/) first.';
  await assert.rejects(
    renderLessonMarkdown(md, { file: 'l.md', bodyStartLine: 10 }, { knownPaths: paths }),
    (error: unknown) => error instanceof ContentError && /l\.md:12: link to \/lessons\/no-such-lesson\/: no such page/.test(error.message),
  );
  await renderLessonMarkdown(md, { file: 'l.md', bodyStartLine: 10 });
});

test('a link to the sources page, with its section anchor, passes', async () => {
  const md = 'The [source article](/sources/#the-source-article) and [all sources](/sources).';
  await renderLessonMarkdown(md, { file: 'q.md', bodyStartLine: 1 }, { knownPaths: paths });
});
