/**
 * When the token list of a calculator with typed matrices changes, which row of before each row of
 * after comes from, so that the numbers typed for the tokens that stay stay with them.
 *
 * The learner edits the tokens as one line of text (typing, deleting, pasting). A token that is
 * still there, spelt the same, keeps its row: the two lists are matched on their longest common
 * subsequence, so "the cat sat" → "the sat" removes row 2 (not row 3), and "the cat sat" →
 * "the big cat sat" inserts a row before "cat". In each stretch between matched tokens, tokens
 * renamed in place keep their rows in order (that is how a word is typed: "d", "do", "dog"), and
 * the rows added or removed form one block, placed where the words match best. Typing "big "
 * before "cat" passes through "bigcat" → "big cat", and the row of "bigcat" (cat's) stays with
 * "cat", the word it ends with; joining "big cat" back into "bigcat" likewise keeps cat's row. With
 * nothing alike, the block goes at the end of the stretch.
 */

/** For each token of `after`, the index in `before` whose row it keeps, or null for a new row. */
export function tokenRowSources(before: readonly string[], after: readonly string[]): (number | null)[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const sources: (number | null)[] = [];
  // The stretch since the last matched pair: old tokens from `gapOld`, new ones from `gapNew`.
  let gapOld = 0;
  let gapNew = 0;
  const closeGap = (i: number, j: number) => {
    for (const from of middlePairs(before.slice(gapOld, i), after.slice(gapNew, j))) sources.push(from === null ? null : gapOld + from);
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j] && lcs[i][j] === lcs[i + 1][j + 1] + 1) {
      closeGap(i, j);
      sources.push(i);
      gapOld = ++i;
      gapNew = ++j;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  closeGap(n, m);
  return sources;
}

/** For each new middle token, its old middle index or null: one block added or removed at the best offset. */
function middlePairs(old: readonly string[], now: readonly string[]): (number | null)[] {
  const extra = Math.abs(now.length - old.length);
  const kept = Math.min(old.length, now.length);
  let best = { offset: kept, score: -1, suffixScore: -1 };
  for (let offset = 0; offset <= kept; offset++) {
    let score = 0;
    let suffixScore = 0;
    for (let k = 0; k < kept; k++) {
      const shift = k < offset ? 0 : extra;
      const [a, b] = now.length > old.length ? [old[k], now[k + shift]] : [old[k + shift], now[k]];
      const s = commonSuffix(a, b);
      score += Math.max(commonPrefix(a, b), s);
      suffixScore += s;
    }
    // Better likeness wins, then likeness at the words' ends, then the later offset.
    if (score > best.score || (score === best.score && suffixScore >= best.suffixScore)) best = { offset, score, suffixScore };
  }
  if (now.length >= old.length) return now.map((_, i) => (i < best.offset ? i : i < best.offset + extra ? null : i - extra));
  return now.map((_, i) => (i < best.offset ? i : i + extra));
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** The rows of `rows` in the order of `sources`; a null source gets a fresh row from `fill`. */
export function moveRows<T>(rows: readonly (readonly T[])[], sources: readonly (number | null)[], fill: () => T[]): T[][] {
  return sources.map((from) => {
    if (from === null) return fill();
    const row = rows[from];
    if (row === undefined) throw new RangeError(`moveRows: row ${from + 1} does not exist (there are ${rows.length})`);
    return row.slice();
  });
}
