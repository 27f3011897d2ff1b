/**
 * Which row each token keeps when the token line is edited: one insertion or removal anywhere,
 * renames in place, and a property: tokens outside the edited part keep their own rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { moveRows, tokenRowSources } from '../lib/calculators/tokenRows';

test('a token added at the end, at the start or in the middle gets a new row; the others keep theirs', () => {
  assert.deepEqual(tokenRowSources(['the', 'cat', 'sat'], ['the', 'cat', 'sat', 'down']), [0, 1, 2, null]);
  assert.deepEqual(tokenRowSources(['the', 'cat', 'sat'], ['so', 'the', 'cat', 'sat']), [null, 0, 1, 2]);
  assert.deepEqual(tokenRowSources(['the', 'cat', 'sat'], ['the', 'big', 'cat', 'sat']), [0, null, 1, 2]);
});

test('removing a middle token removes its row, not the last one', () => {
  assert.deepEqual(tokenRowSources(['the', 'cat', 'sat'], ['the', 'sat']), [0, 2]);
  assert.deepEqual(tokenRowSources(['a', 'b', 'c', 'd'], ['a', 'd']), [0, 3]);
  assert.deepEqual(tokenRowSources(['a', 'b', 'c'], ['b', 'c']), [1, 2]);
});

test('a renamed token keeps its row (typing a word letter by letter), and so does a repeated one', () => {
  assert.deepEqual(tokenRowSources(['the', 'cat', 'd'], ['the', 'cat', 'do']), [0, 1, 2]);
  assert.deepEqual(tokenRowSources(['the', 'cat'], ['a', 'dog']), [0, 1]);
  // Renamed and one more: the renamed keep their rows in order, the extra one is new.
  assert.deepEqual(tokenRowSources(['a', 'b', 'c', 'z'], ['a', 'x', 'y', 'w', 'z']), [0, 1, 2, null, 3]);
  assert.deepEqual(tokenRowSources(['a', 'b', 'a'], ['a', 'a']), [0, 2]);
  assert.deepEqual(tokenRowSources(['x', 'x'], ['x', 'x', 'x']), [0, 1, null]);
});

test('typing a word before another passes through a joined word; the row stays with the word it ends with', () => {
  // "the bigcat sat" (cat's row, renamed while typing) → "the big cat sat": cat keeps it, big is new.
  assert.deepEqual(tokenRowSources(['the', 'bigcat', 'sat'], ['the', 'big', 'cat', 'sat']), [0, null, 1, 2]);
  // Backspacing the space of "big cat" joins them: the row kept is cat's.
  assert.deepEqual(tokenRowSources(['the', 'big', 'cat', 'sat'], ['the', 'bigcat', 'sat']), [0, 2, 3]);
  // Typing after a word: "catx" → "cat x" keeps cat's row on cat.
  assert.deepEqual(tokenRowSources(['the', 'catx'], ['the', 'cat', 'x']), [0, 1, null]);
});

test('several edits at once (a paste): every token still there keeps its row', () => {
  // b inserted and d removed: c keeps its row, b is new.
  assert.deepEqual(tokenRowSources(['a', 'c', 'd'], ['a', 'b', 'c']), [0, null, 1]);
  assert.deepEqual(tokenRowSources(['a', 'b', 'c', 'd', 'e'], ['b', 'x', 'd', 'e', 'f']), [1, 2, 3, 4, null]);
});

test('property: every row comes from one old row at most once, in order; one inserted token adds one row and keeps all others', () => {
  const tokens = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 8 });
  fc.assert(
    fc.property(tokens, tokens, (before, after) => {
      const sources = tokenRowSources(before, after);
      assert.equal(sources.length, after.length);
      const kept = sources.filter((s): s is number => s !== null);
      for (let i = 1; i < kept.length; i++) assert.ok(kept[i] > kept[i - 1], 'increasing, so no row is used twice');
      for (const s of kept) assert.ok(s >= 0 && s < before.length);
      // Every token common to both lists (their longest common subsequence) keeps a row of its
      // own spelling: nothing typed for a token still there is dropped.
      const same = sources.filter((s, i) => s !== null && before[s] === after[i]).length;
      const table = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
      for (let i = before.length - 1; i >= 0; i--) for (let j = after.length - 1; j >= 0; j--) table[i][j] = before[i] === after[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      const lcs = table[0][0];
      assert.ok(same >= lcs, `${same} rows kept by spelling, at least the ${lcs} tokens common to both`);
    }),
  );
  fc.assert(
    fc.property(tokens, fc.nat(), fc.constantFrom('new', 'a'), (before, at, word) => {
      const i = before.length === 0 ? 0 : at % (before.length + 1);
      const after = [...before.slice(0, i), word, ...before.slice(i)];
      const sources = tokenRowSources(before, after);
      // Inserting one token adds exactly one new row, and every old row survives.
      assert.equal(sources.filter((s) => s === null).length, 1);
      assert.deepEqual(sources.filter((s) => s !== null), before.map((_, j) => j));
    }),
  );
});

test('moveRows copies the kept rows and fills the new ones', () => {
  const rows = [[1, 2], [3, 4], [5, 6]];
  const moved = moveRows(rows, [0, null, 2], () => [0, 0]);
  assert.deepEqual(moved, [[1, 2], [0, 0], [5, 6]]);
  moved[0][0] = 9;
  assert.equal(rows[0][0], 1, 'a copy, not the same array');
  assert.throws(() => moveRows(rows, [3], () => []), /row 4 does not exist/);
});
