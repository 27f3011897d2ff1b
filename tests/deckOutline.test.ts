import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deck } from '../lib/present/deck';
import { deckOutline, firstParagraphMarkdown, markdownText, PREVIEW_CHARS } from '../lib/present/deckOutline';

const step = (title: string, markdown: string, embed: Deck['steps'][number]['embed'] = null) => ({ title, markdown, file: 'w.md', line: 1, bodyStartLine: 2, embed, notes: '', notesStartLine: null });

test('markdown as plain text: formulas as written, embed and notes blocks and raw HTML tags left out', () => {
  assert.equal(markdownText('Stage 1: raw scores $QK^\\top$'), 'Stage 1: raw scores QK^\\top');
  assert.equal(markdownText('One **two**\n\n```embed\ncalculator: attention\n```\n\n```notes\nsecret\n```\n\n<b>raw</b> three'), 'One two raw three');
});

test('the outline has each step\'s title, a short preview and its calculator\'s id, name and version', () => {
  const deck: Deck = {
    slug: 'd',
    title: 'D',
    lesson: 'l',
    minutes: 10,
    summary: '',
    source: 'walkthrough',
    file: 'w.md',
    steps: [
      step('First', 'word '.repeat(200)),
      step('Second', 'text', { calculator: 'attention', preset: 'p', state: {}, id: 'mine' }),
      step('Third', 'text', { calculator: 'mask-pattern', preset: 'p', state: {} }),
    ],
  };
  const outline = deckOutline(deck, (name) => (name === 'attention' ? 3 : 1));
  assert.ok(outline.steps[0].preview.length <= PREVIEW_CHARS + 1);
  assert.ok(outline.steps[0].preview.endsWith('…'));
  assert.deepEqual(
    outline.steps.map((s) => s.calculator),
    [null, { embedId: 'mine', name: 'attention', version: 3 }, { embedId: 'step-3', name: 'mask-pattern', version: 1 }],
  );
});

test('the first paragraph is cut from the Markdown as written, formulas whole', () => {
  const markdown = 'Here $d_k = 2$, so every score is multiplied by $1/\\sqrt{2}$.\nStill the same paragraph.\n\nA second one.';
  assert.equal(firstParagraphMarkdown(markdown), 'Here $d_k = 2$, so every score is multiplied by $1/\\sqrt{2}$.\nStill the same paragraph.');
  assert.equal(firstParagraphMarkdown('- a list\n- only\n\n```embed\n{}\n```'), null);
  assert.equal(firstParagraphMarkdown('```notes\nsay this\n```\n\nThen this.'), 'Then this.');
  assert.equal(firstParagraphMarkdown('Weights sum to 1:\n\n$$\nw = e^s\n$$\n\nMore.'), 'Weights sum to 1:\n\n$$\nw = e^s\n$$');
});
