/**
 * Facts the content once got wrong (issue 11, "Content corrections"), checked over every lesson and
 * question so that none comes back unnoticed. Each test reads the Markdown as written; a paragraph
 * is text between blank lines.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadLessons } from '../lib/content';
import { DEFAULT_QUESTIONS_DIR, loadQuestions } from '../lib/content/loadQuestions';

const DIRS = ['content/lessons', 'content/questions', 'content/calculators', 'content/pages'];
const files = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f)));
const text = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
/** Every paragraph of every content file, with its file, for messages. */
const paragraphs = [...text].flatMap(([file, source]) => source.split(/\n\s*\n/).map((p) => ({ file, p })));
const lessons = loadLessons('content/lessons');
const questions = loadQuestions(DEFAULT_QUESTIONS_DIR, lessons.map((l) => l.frontMatter.slug));

const where = (hits: { file: string; p: string }[]) => hits.map((h) => `${h.file}: ${h.p.slice(0, 120)}`).join('\n');

test('Whisper is dated 2023 (ICML; arXiv December 2022) everywhere, and its decoder emits at most 448 tokens', () => {
  const hits = paragraphs.filter(({ p }) => /Whisper/.test(p) && /Radford et al\.?,?\s*\(?2022\)?|\(Whisper\),\s*2022/.test(p));
  assert.equal(hits.length, 0, `Whisper cited as 2022:\n${where(hits)}`);
  const dozen = paragraphs.filter(({ p }) => /few dozen tokens/.test(p));
  assert.equal(dozen.length, 0, where(dozen));
});

test('hierarchical attention networks (Yang et al. 2016) are not given the pairwise cost s·m² + s²', () => {
  const hits = paragraphs.filter(({ p }) => /Yang et al/.test(p) && /m\^2|m²/.test(p));
  assert.equal(hits.length, 0, `HAN scores words against one context vector, O(s·m + s):\n${where(hits)}`);
});

test('claims without a source stay out: "the scale closes the gap", "destroys ... in a few hundred steps", Houlsby\'s 0.4 % unqualified', () => {
  const gap = paragraphs.filter(({ p }) => /clos(es|ed) (the|that) gap/.test(p) && /sqrt|scal/i.test(p));
  assert.equal(gap.length, 0, `Vaswani et al. only suspected saturation:\n${where(gap)}`);
  const steps = paragraphs.filter(({ p }) => /few hundred steps/.test(p));
  assert.equal(steps.length, 0, where(steps));
  const houlsby = paragraphs.filter(({ p }) => /Houlsby/.test(p) && /0\.4\s*%/.test(p) && !/arXiv/.test(p));
  assert.equal(houlsby.length, 0, `the ICML paper says 0.8 %; 0.4 % is the arXiv abstract:\n${where(houlsby)}`);
});

test('the SDPA zeros for fully masked rows are cited to the PyTorch PRs, not to the documentation', () => {
  const hits = paragraphs.filter(({ p }) => /scaled_dot_product_attention/.test(p) && /2\.5/.test(p) && /documentation/i.test(p) && !/#131060/.test(p));
  assert.equal(hits.length, 0, where(hits));
  for (const file of ['content/lessons/masking.md', 'content/lessons/scaled-dot-product-attention.md']) {
    assert.match(text.get(file)!, /#131060/, `${file} cites the PR`);
  }
});

test('ranking metrics promised elsewhere are taught in the evaluation lesson', () => {
  const promising = paragraphs.filter(({ file, p }) => !file.endsWith('evaluating-attention-models.md') && /NDCG|hit rate/i.test(p));
  if (promising.length === 0) return;
  const evaluation = text.get('content/lessons/evaluating-attention-models.md')!;
  assert.match(evaluation, /^## .*NDCG/m, 'the evaluation lesson has a section on NDCG');
  assert.match(evaluation, /^## .*hit rate/im, 'the evaluation lesson has a section on hit rate');
});

test('Squeeze-and-Excitation is never keyed as attention (no query is compared with keys)', () => {
  for (const q of questions) {
    for (const choice of q.choices ?? []) {
      if (/Squeeze-and-Excitation|SE block/i.test(choice.text)) assert.equal(choice.correct, false, `${q.id}: an SE choice is keyed correct`);
    }
  }
});

test('ordering questions have one defensible order: no step that may go anywhere (zero_grad), scale and mask not split', () => {
  for (const q of questions.filter((x) => x.type === 'ordering')) {
    for (const step of q.steps ?? []) assert.doesNotMatch(step, /zero_grad/, `${q.id}: zero_grad may come anywhere before backward`);
    const scale = q.steps!.findIndex((s) => /^Scale\b/i.test(s));
    const mask = q.steps!.findIndex((s) => /^(Add|Apply) the mask\b/i.test(s));
    assert.ok(scale < 0 || mask < 0, `${q.id}: scaling and masking commute, so separate steps have no single order`);
  }
});

test('a correct choice does not claim softmax weights are strictly positive in floating point', () => {
  for (const q of questions) {
    for (const choice of q.choices ?? []) {
      if (choice.correct && /strictly positive/.test(choice.text)) assert.match(choice.text, /exact arithmetic/, `${q.id}: weights underflow to 0 in floating point`);
    }
  }
});

test('the self-attention model answer guards fully masked rows, which left padding with a causal mask produces', () => {
  const q = questions.find((x) => x.id === 'code-seed-self-attention');
  assert.ok(q?.modelAnswer);
  assert.match(q.modelAnswer.markdown, /isneginf\(scores\)\.all\(dim=-1/);
  assert.doesNotMatch(q.modelAnswer.markdown, /normally ignored by the loss/);
});

test('"a vector is most similar to itself" is refuted even without projections (x·y can exceed x·x)', () => {
  const q = questions.find((x) => x.id === 'self-diagonal-trap');
  const selfScore = q?.choices?.find((c) => /\\lVert x_i \\rVert\^2/.test(c.text));
  assert.ok(selfScore, 'the choice claiming q_i·k_i = ‖x_i‖² is the largest');
  assert.equal(selfScore.correct, false);
  assert.doesNotMatch(selfScore.why, /holds only if/);
  assert.match(selfScore.why, /need not be the largest score even then/);
});
