import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepEmbedId, type DeckStep } from '../lib/present/deck';

const step = (embed: DeckStep['embed']): DeckStep => ({ title: 't', markdown: '', file: 'f.md', line: 1, bodyStartLine: 2, embed, notes: '', notesStartLine: null });

test("a step's calculator answers to the block's id, else to step-<n> counted from 1", () => {
  const deck = {
    steps: [step(null), step({ calculator: 'attention', preset: 'sdpa-basic', state: {}, id: 'sdpa-live' }), step({ calculator: 'attention', preset: 'sdpa-basic', state: {} })],
  };
  assert.equal(stepEmbedId(deck, 0), null);
  assert.equal(stepEmbedId(deck, 1), 'sdpa-live');
  assert.equal(stepEmbedId(deck, 2), 'step-3');
  assert.equal(stepEmbedId(deck, 7), null);
});
