/**
 * Recovery as a person meets it: workers that die without a word, share links damaged on the way,
 * saved progress with fields this version does not use, and notices that say each thing once.
 */
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';
import { storedProgress as savedProgress } from './support/storedProgress';
import { progressToEntries, questionKey } from '../../lib/practice/progressKeys';
import { progress, review } from '../support/progressFixtures';

const STEP_THROUGH = '/calculators/step-through/';
const KEY = 'attention-lab:progress';

test.describe('workers that die without an error event', () => {
  test.beforeEach(async ({ page }) => {
    // Keep every Web Worker the page makes, so the test can kill them the way a browser does: silently.
    await page.addInitScript(() => {
      const Original = window.Worker;
      const made: Worker[] = [];
      (window as unknown as { __workers: Worker[] }).__workers = made;
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          made.push(this);
          // Answered at least once (the warm-up ping's acknowledgement): its script has loaded.
          this.addEventListener('message', () => ((this as unknown as { answered: boolean }).answered = true), { once: true });
        }
      };
    });
  });

  test('after every worker is terminated, a preset change still updates the result within seconds', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(STEP_THROUGH);
    const calc = page.locator('#walkthrough');
    await expect(calc.getByRole('table', { name: 'Q (queries)' })).toBeVisible();
    // The first numbers come with the page; the workers start when the browser is idle.
    // Killed once they work: a worker that dies while still loading its script is given the
    // pool's start-up allowance (20 s), not the 2 s of one that has answered before.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const workers = (window as unknown as { __workers: (Worker & { answered?: boolean })[] }).__workers;
          return workers.length > 0 && workers.every((w) => w.answered);
        }),
      )
      .toBe(true);
    const killed = await page.evaluate(() => {
      const workers = (window as unknown as { __workers: Worker[] }).__workers;
      for (const w of workers) w.terminate();
      return workers.length;
    });
    expect(killed).toBeGreaterThan(0);

    // Numbers only a worker computes (row labels come from the inputs, so they would change anyway):
    // the causal preset opens on masked logits, whose masked cells read −∞.
    const started = Date.now();
    await calc.locator('.calculator-toolbar select').selectOption('causal');
    await expect(calc.getByRole('heading', { name: /Masked logits/ })).toBeVisible();
    await expect(calc.locator('td', { hasText: /^−∞$/ }).first()).toBeVisible({ timeout: 8000 });
    const firstChange = Date.now() - started;
    await expect(calc.locator('.field-error')).toHaveCount(0);

    // The next change must not wait for another dead worker: back to the basic preset, whose Q
    // (seed 7) starts with 2.759.
    const again = Date.now();
    await calc.locator('.calculator-toolbar select').selectOption('basic');
    await expect(calc.getByRole('table', { name: 'Q (queries)' }).locator('td', { hasText: /^2\.759$/ })).toBeVisible({ timeout: 4000 });
    const secondChange = Date.now() - again;
    console.log(`  preset after killing ${killed} workers: ${firstChange} ms; the next one: ${secondChange} ms`);
    expect(firstChange).toBeLessThan(8000);
    await expect(calc.locator('.field-error')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

test.describe('every damaged share link shows a notice', () => {
  const cases: { name: string; fragment: string; on: string; says: RegExp }[] = [
    { name: 'over 16 KiB once decoded', fragment: `step-through-2~0${'A'.repeat(17 * 1024)}`, on: '#step-through-2', says: /longer than any link Attention Lab writes/ },
    { name: 'over 48 KiB raw, its calculator unreadable', fragment: `${'B'.repeat(49 * 1024)}~1`, on: '#walkthrough', says: /far longer than any link/ },
    { name: 'a broken %-escape', fragment: 'step-through-3~1AAAA%E0%A4%A', on: '#step-through-3', says: /broken %-escape/ },
    { name: 'a malformed embed id', fragment: 'Walk_Through~0eyJjIjoic3RlcC10aHJvdWdoIn0', on: '#walkthrough', says: /malformed id/ },
  ];
  for (const { name, fragment, on, says } of cases) {
    test(name, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`${STEP_THROUGH}#${fragment}`);
      const notice = page.locator(`${on} .calculator-notice`);
      await expect(notice).toBeVisible();
      await expect(notice).toContainText('This link is damaged');
      await expect(notice).toContainText(says);
      await expect(notice).toBeInViewport();
      // One notice on the page, not one per calculator.
      await expect(page.locator('.calculator-notice')).toHaveCount(1);
      expect(errors).toEqual([]);
    });
  }
});

/** Progress as this site stores it, with one review of a real question. */
function storedProgress(extra: { top?: Record<string, unknown>; review?: Record<string, unknown> } = {}): string {
  const reviewedAt = '2026-03-01T09:00:00.000Z';
  const data = {
    version: 2,
    cards: {},
    reviews: [{ questionId: 'adapt-adapters', reviewedAt, rating: 3, correct: true, seconds: 12, ...extra.review }],
    mocks: [],
    settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' },
    ...extra.top,
  };
  return JSON.stringify({ state: { data }, version: 2 });
}

async function setStored(page: Page, value: string): Promise<void> {
  await page.goto('/');
  await page.evaluate(([key, v]) => localStorage.setItem(key, v), [KEY, value]);
}

test.describe('saved progress', () => {
  test('fields this version does not use are kept aside, the learner is told, the rest loads', async ({ page }) => {
    const errors = watchErrors(page);
    const original = storedProgress({ top: { notes: 'ask about RoPE' }, review: { confidence: 0.8 } });
    await setStored(page, original);
    await page.goto('/progress/');
    const notice = page.locator('[data-notice-kind="setAside"]');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Saved progress has extra fields: its fields notes, reviews[].confidence are not used by this version of the site');
    await expect(notice.getByRole('button', { name: 'download it' })).toBeVisible();
    await expect(page.locator('.progress-summary')).toContainText(/\b1 review\b/);
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('set-aside')));
    expect(keys).toHaveLength(1);
    expect(await page.evaluate((k) => localStorage.getItem(k), keys[0])).toBe(original);
    expect(errors).toEqual([]);
  });

  test('"could not be copied aside" is said once, however often storage is read', async ({ page }) => {
    await setStored(page, 'garbage');
    // Fill the rest of the site's storage, so the copy cannot be made.
    await page.evaluate(() => {
      let size = 1024 * 1024;
      for (let i = 0; size >= 16; i++) {
        try {
          localStorage.setItem(`filler-${i}`, 'x'.repeat(size));
        } catch {
          size = Math.floor(size / 2);
        }
      }
    });
    await page.goto('/practice/');
    const notices = page.locator('.storage-notices .notice');
    await expect(notices.first()).toContainText('could not be copied aside');
    // Another tab writing makes this one read storage again, which used to add the same notice each time.
    await page.evaluate((key) => {
      window.dispatchEvent(new StorageEvent('storage', { key }));
      window.dispatchEvent(new StorageEvent('storage', { key }));
    }, KEY);
    await page.waitForTimeout(300);
    await expect(notices).toHaveCount(1);
  });

  test('one damaged question\'s saved value is set aside alone: the notice names it, the rest of the progress shows, "Your data" lists the copy', async ({ page }) => {
    const errors = watchErrors(page);
    const reviewedAt = new Date(Date.now() - 86_400_000).toISOString();
    const data = progress({ reviews: ['adapt-adapters', 'score-softmax-logits', 'mask-causal-weight'].map((questionId) => review(questionId, reviewedAt)) });
    const damaged = '{"card":{"due":';
    await page.goto('/');
    await page.evaluate((pairs) => pairs.forEach(([k, v]) => localStorage.setItem(k, v)), Object.entries({ ...progressToEntries(data), [questionKey('score-softmax-logits')]: damaged }));
    await page.goto('/progress/');
    const notice = page.locator('[data-notice-kind="setAside"]');
    await expect(notice).toContainText('Some saved progress could not be read: the saved record of question “score-softmax-logits” is not valid JSON');
    await expect(notice).toContainText('Everything else was kept; importing an export you saved earlier brings back what was lost.');
    await expect(page.locator('.progress-summary')).toContainText(/\b2 reviews\b/);
    const listed = page.locator('#your-data li', { hasText: /^Set aside on .+: could not be read; 15 characters\./ });
    await expect(listed).toHaveCount(1);
    await expect(listed.getByRole('button', { name: 'Delete' })).toBeVisible();
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('set-aside')));
    expect(keys).toHaveLength(1);
    expect(await page.evaluate((k) => localStorage.getItem(k), keys[0])).toBe(damaged);
    expect(errors).toEqual([]);
  });

  test('importing a card keyed "constructor" brings it in', async ({ page }) => {
    await page.goto('/progress/');
    await expect(page.locator('#your-data')).toBeVisible();
    const card = { due: '2026-03-02T09:00:00.000Z', stability: 2.3, difficulty: 5, scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, state: 'review', lastReview: '2026-03-01T09:00:00.000Z' };
    const file = {
      format: 'attention-lab-progress',
      exportedAt: '2026-03-10T12:00:00.000Z',
      progress: { version: 2, cards: { constructor: card }, reviews: [], mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' } },
    };
    await page.locator('input[type="file"]').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    const status = page.locator('#your-data [role="status"]');
    await expect(status).toContainText('1 scheduled question');
    await expect(status).not.toContainText('already had everything');
    await expect.poll(async () => (await savedProgress(page))?.cards.constructor).toEqual(card);
  });
});

test('a lesson reads saved progress only when a question is first touched, then says in place what was set aside and counts the answer', async ({ page }) => {
  const errors = watchErrors(page);
  const reviewedAt = new Date(Date.now() - 86_400_000).toISOString();
  const data = progress({ reviews: ['adapt-adapters', 'mask-causal-weight'].map((questionId) => review(questionId, reviewedAt)) });
  await page.goto('/');
  await page.evaluate((pairs) => pairs.forEach(([k, v]) => localStorage.setItem(k, v)), Object.entries({ ...progressToEntries(data), [questionKey('adapt-adapters')]: '{"card":' }));
  // Every read of saved progress, from before the page's first script.
  await page.addInitScript(() => {
    const w = window as unknown as { __progressReads: number };
    w.__progressReads = 0;
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function (key: string) {
      if (key.startsWith('attention-lab:progress')) w.__progressReads++;
      return getItem.call(this, key);
    };
  });
  const reads = () => page.evaluate(() => (window as unknown as { __progressReads: number }).__progressReads);
  await page.goto('/lessons/scoring-functions/');
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/);
  const single = page.locator('article[data-question-type="single-choice"]').first();
  await single.scrollIntoViewIfNeeded();
  await expect(single.getByText('Your first answer on this visit counts toward your review schedule.')).toBeVisible();
  // Loaded and idle, and nothing has read the 2 saved questions yet, nor said anything about them.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
  expect(await reads()).toBe(0);
  await expect(page.locator('.storage-notices')).toHaveCount(0);

  await single.getByRole('radio').first().check();
  await expect(single.getByText(/Counted as “(Again|Hard|Good|Easy)” in your review schedule/)).toBeVisible();
  expect(await reads()).toBeGreaterThan(0);
  const notice = page.locator('[data-notice-kind="setAside"]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('the saved record of question “adapt-adapters” is not valid JSON');
  await expect(notice).toContainText('Everything else was kept; importing an export you saved earlier brings back what was lost.');

  await page.goto('/progress/');
  // The damaged question's review is the one lost; the other and the lesson's answer are counted.
  await expect(page.locator('.progress-summary')).toContainText(/2 of \d+ questions seen, 2 reviews/);
  expect(errors).toEqual([]);
});

test('a lesson whose progress script cannot load still checks the answer, and says it was not counted', async ({ page }) => {
  await page.goto('/lessons/scoring-functions/');
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/);
  const single = page.locator('article[data-question-type="single-choice"]').first();
  await single.scrollIntoViewIfNeeded();
  await expect(single.getByText('Your first answer on this visit counts toward your review schedule.')).toBeVisible();
  // Offline before the site was cached: every script not yet loaded fails from here on.
  await page.route('**/_next/static/chunks/*.js', (route) => route.abort());
  await single.getByRole('radio').first().check();
  await expect(single.getByRole('status')).toHaveText(/^(Correct\.|Not quite: the right answer is marked below your pick\.)$/);
  await expect(single.getByText('This answer could not be counted: the page’s progress script did not load (offline?). Reload the page to answer again.')).toBeVisible();
  await expect(single.getByText(/Counted as/)).toHaveCount(0);
});
