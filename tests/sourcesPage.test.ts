/**
 * The sources page (content/pages/sources.md at /sources/) and what points at it: it renders through
 * the lesson pipeline with every site link valid, it has the section the "from the source article"
 * badge links to, and questions that say they quote the article's code quote it exactly.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { loadLessons, renderLesson } from '../lib/content';
import { sitePaths } from '../lib/content/checkLinks';
import { buildGlossary } from '../lib/content/glossary';
import { ContentProblemList } from '../lib/content/contentError';
import { DEFAULT_QUESTIONS_DIR, loadQuestions } from '../lib/content/loadQuestions';
import { SOURCE_ARTICLE_HREF, SOURCE_ARTICLE_SECTION_ID, SOURCES_PATH } from '../lib/content/sourcesPage';

const lessons = loadLessons('content/lessons');
const paths = sitePaths(
  lessons.map((l) => l.frontMatter.slug),
  loadLessons('content/calculators').map((l) => l.frontMatter.slug),
);
const { index } = buildGlossary(lessons, new ContentProblemList());
const sources = loadLessons('content/pages').find((page) => page.frontMatter.slug === 'sources');

test('the sources page is a site path, so content may link to it', () => {
  assert.ok(paths.has(SOURCES_PATH));
  assert.equal(SOURCE_ARTICLE_HREF, '/sources/#the-source-article');
});

test('the sources page renders with valid site links and has the sections a reader looks for', async () => {
  assert.ok(sources, 'content/pages/sources.md exists with slug "sources"');
  // renderLesson with known paths throws a ContentError for any link to a page the build does not make.
  const { toc } = await renderLesson(sources, index, paths);
  const ids = toc.map((entry) => entry.id);
  // The badge's target: without this heading the badge would land at the top of the page.
  assert.ok(ids.includes(SOURCE_ARTICLE_SECTION_ID), `headings: ${ids.join(', ')}`);
  for (const id of ['what-it-covers', 'what-it-gets-wrong', 'the-papers', 'the-libraries']) assert.ok(ids.includes(id), `missing section #${id}`);
});

test('the sources page explains each of the article\'s known errors', () => {
  assert.ok(sources);
  const text = sources.markdown;
  // One phrase per error of the article (see the page's "What it gets wrong").
  for (const phrase of ['view(-1, heads, head_dim)', 'np.softmax', 'O(n^2 d)', 'harmonic mean of precision and recall', '(R_n - R_{n-1})', 'sinusoidal', 'Faster R-CNN', 'U-Net', 'use_adaptive_attention', 'simulated']) {
    assert.ok(text.includes(phrase), `the sources page does not mention ${phrase}`);
  }
});

/**
 * SHA-256 of the article's own code blocks (the article is not in the repository), with comments
 * removed because a question may translate them. A question whose prompt says it shows the
 * article's code must show exactly that code.
 */
const ARTICLE_CODE_SHA256: Record<string, string> = {
  'cross-seed-ignores-key': '5ead67088a0cd1b7072fa3c7ef8a3bb814c482148c10979b45e3500a72dbee0c', // CrossAttention class
  'train-seed-bert-loop': '7a597918398cd4c722c770379be6bfabd360130bdbcc1613670159fa226030f5', // BERT text-classification snippet
};

const withoutComments = (code: string) =>
  code
    .split('\n')
    .map((line) => line.replace(/\s*#.*$/, ''))
    .join('\n')
    .trimEnd();

test('questions that present the article\'s code quote it verbatim', () => {
  const questions = loadQuestions(DEFAULT_QUESTIONS_DIR, lessons.map((l) => l.frontMatter.slug));
  const claiming = questions.filter((q) => /exactly\s+as\s+the\s+article\s+prints\s+it|the\s+code\s+is\s+the\s+article's/i.test(q.prompt.markdown));
  assert.deepEqual(claiming.map((q) => q.id).sort(), Object.keys(ARTICLE_CODE_SHA256).sort(), 'every question that claims to quote the article is checked here');
  for (const q of claiming) {
    const code = /```python\n([\s\S]*?)```/.exec(q.prompt.markdown)?.[1];
    assert.ok(code, `${q.id}: no python block in the prompt`);
    const digest = createHash('sha256').update(withoutComments(code)).digest('hex');
    assert.equal(digest, ARTICLE_CODE_SHA256[q.id], `${q.id}: the code differs from the article's`);
  }
});
