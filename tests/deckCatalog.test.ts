import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLessons } from '../lib/content/loadLessons';
import { deckCatalog } from '../lib/present/deckCatalog';
import type { Deck } from '../lib/present/deck';

const lessons = loadLessons('content/lessons');
const walkthrough = (slug: string, lesson: string): Deck => ({ slug, lesson, title: slug, minutes: 10, summary: '', source: 'walkthrough', file: `content/walkthroughs/${slug}.md`, steps: [] });

test('every lesson is presentable; a walkthrough takes its lesson\'s place', () => {
  const catalog = deckCatalog(lessons, [walkthrough('masking-live', 'masking'), walkthrough('multi-head-attention', 'multi-head-attention')]);
  assert.equal(catalog.decks.length, lessons.length);
  assert.equal(catalog.presentSlugOf.get('masking'), 'masking-live');
  assert.equal(catalog.bySlug.has('masking'), false, "the lesson's generated deck is overridden");
  assert.equal(catalog.bySlug.get('multi-head-attention')?.source, 'walkthrough', 'a walkthrough may reuse its own lesson\'s slug');
  assert.equal(catalog.presentSlugOf.get('what-is-attention'), 'what-is-attention');
  assert.equal(catalog.bySlug.get('what-is-attention')?.source, 'lesson');
  for (const lesson of lessons) assert.ok(catalog.bySlug.has(catalog.presentSlugOf.get(lesson.frontMatter.slug)!), lesson.file);
});

test('clashes the loader should have refused are a bug, and throw', () => {
  assert.throws(() => deckCatalog(lessons, [walkthrough('masking', 'self-attention')]), /claimed by/);
  assert.throws(() => deckCatalog(lessons, [walkthrough('a', 'masking'), walkthrough('b', 'masking')]), /two walkthroughs/);
});
