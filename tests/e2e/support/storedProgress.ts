/**
 * Saved progress as the page's storage holds it, read in the browser: the keyed form of stored
 * form 5 (lib/practice/progressKeys.ts) put back together, so a test checks what was saved
 * (reviews, cards, mocks, predictions) without knowing how it is split into keys.
 */
import type { Page } from '@playwright/test';
import type { ProgressData } from '../../../lib/practice/progressTypes';

/** The progress saved in the page's localStorage, or null when nothing is. */
export async function storedProgress(page: Page): Promise<ProgressData | null> {
  return page.evaluate(() => {
    const base = 'attention-lab:progress';
    const keys = Object.keys(localStorage).filter((k) => k === base || (k.startsWith(`${base}:`) && !k.startsWith(`${base}:set-aside:`)));
    if (keys.length === 0) return null;
    const data = { version: 4, cards: {} as Record<string, unknown>, reviews: [] as { questionId: string; reviewedAt: string }[], mocks: [] as { startedAt: string }[], predictions: [] as unknown[], settings: null as unknown };
    for (const key of keys) {
      const value = JSON.parse(localStorage.getItem(key) ?? 'null');
      if (key.startsWith(`${base}:q:`)) {
        if (value.card) data.cards[key.slice(`${base}:q:`.length)] = value.card;
        data.reviews.push(...value.reviews);
      } else if (key.startsWith(`${base}:mocks:`)) data.mocks.push(...value);
      else if (key === `${base}:predictions`) data.predictions = value;
      else if (key === `${base}:settings`) data.settings = value;
    }
    data.reviews.sort((a, b) => (a.reviewedAt < b.reviewedAt ? -1 : a.reviewedAt > b.reviewedAt ? 1 : a.questionId < b.questionId ? -1 : 1));
    data.mocks.sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
    return data;
  }) as Promise<ProgressData | null>;
}

/** Every stored value of progress (set-aside copies left out), as text: to check that nothing changed. */
export async function storedSnapshot(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('attention-lab:progress') && !k.startsWith('attention-lab:progress:set-aside:'))
        .sort()
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );
}
