/**
 * Practice as a candidate uses it, in a real browser: a keyboard-only review session, progress
 * that survives a reload, a mock interview whose clock runs out (Playwright's clock, so the test
 * takes seconds, not 15 minutes), export then import into a fresh profile, corrupt and blocked
 * storage, and two tabs answering at once.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { axeScan } from './support/axeScan';
import { answerWithKeyboard } from './support/answerWithKeyboard';
import { watchErrors } from './support/calculatorPage';
import { storedProgress } from './support/storedProgress';

const KEY = 'attention-lab:progress';

interface StoredProgress {
  state: { data: { reviews: { questionId: string; rating: number }[]; cards: Record<string, unknown>; mocks: { id: string; timedOut: boolean; answers: unknown[] }[] } };
}

async function stored(page: Page): Promise<StoredProgress | null> {
  const data = await storedProgress(page);
  return data === null ? null : ({ state: { data } } as unknown as StoredProgress);
}

async function openReview(page: Page): Promise<void> {
  await page.goto('/practice/');
  await expect(page.locator('.practice-counts')).toContainText('new');
}

/** Answers the question on screen with the keyboard and rates it with `rating`. Returns its id. */
async function answerAndRate(page: Page, rating: 1 | 2 | 3 | 4): Promise<string> {
  const id = await answerWithKeyboard(page);
  await page.keyboard.press(String(rating));
  await expect(page.locator(`[data-question-id="${id}"]`)).toHaveCount(0);
  return id;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

test('a review session end to end with the keyboard, kept across a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await openReview(page);
  await expect(page.locator('.practice-counts')).toContainText('10 new');
  const answered: string[] = [];
  for (const rating of [3, 1, 4] as const) answered.push(await answerAndRate(page, rating));
  await expect(page.locator('.practice-counts')).toContainText('3 done this visit');
  await expect(page.locator('.practice-counts')).toContainText('7 new');

  const saved = await stored(page);
  expect(saved!.state.data.reviews.map((r) => [r.questionId, r.rating])).toEqual(answered.map((id, i) => [id, [3, 1, 4][i]]));
  expect(Object.keys(saved!.state.data.cards).sort()).toEqual([...answered].sort());

  await page.reload();
  // Three of today's ten new questions are used: the daily cap remembers across reloads.
  await expect(page.locator('.practice-counts')).toContainText('7 new');
  await page.goto('/progress/');
  await expect(page.locator('.progress-summary')).toContainText('3 reviews');
  expect(errors).toEqual([]);
});

test('filters narrow the queue, and the daily limit is a setting', async ({ page }) => {
  await openReview(page);
  await page.getByText('Filters and daily limit').click();
  await page.getByLabel('New questions per day').fill('3');
  await page.getByLabel('New questions per day').press('Enter');
  await expect(page.locator('.practice-counts')).toContainText('3 new');
  await page.getByRole('checkbox', { name: 'Numeric' }).check();
  await expect(page.locator('[data-question-type="numeric"]')).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Only what I got wrong' }).check();
  await expect(page.getByRole('heading', { name: 'Nothing left that matches the filters' })).toBeVisible();
  await page.getByLabel('New questions per day').fill('-4');
  await page.getByLabel('New questions per day').press('Enter');
  await expect(page.locator('#new-per-day-error')).toContainText('whole number from 0 to');
});

test('a mock interview runs out of time, then reports by topic and is kept in the history', async ({ page }) => {
  await page.clock.install();
  await page.goto('/practice/mock/');
  await page.getByRole('radio', { name: '15 minutes' }).check();
  await page.getByRole('button', { name: 'Start the interview' }).click();
  // The clock runs from the start: on a busy machine it may have ticked once or twice already.
  await expect(page.locator('.mock-clock')).toContainText(/15:00|14:5\d/);
  await expect(page.getByText(/Question 1 of \d+/)).toBeVisible();
  const total = Number((await page.getByText(/Question 1 of \d+/).innerText()).match(/of (\d+)/)![1]);
  // No feedback during the interview.
  const firstType = await page.locator('[data-question-id]').getAttribute('data-question-type');
  if (firstType === 'numeric') await page.locator('[data-question-id] input').fill('12345');
  else if (firstType === 'free-recall' || firstType === 'spot-the-bug') await page.locator('[data-question-id] textarea').fill('My written answer');
  else if (firstType !== 'ordering') await page.keyboard.press('1');
  await page.getByRole('button', { name: /Next question|Finish/ }).click();
  await expect(page.getByText('Question 2 of')).toBeVisible();
  await expect(page.locator('.rating-bar, [role="status"]:has-text("Correct")')).toHaveCount(0);

  await page.clock.runFor(15 * 60 * 1000);
  await expect(page.getByRole('heading', { name: 'Your report' })).toBeVisible();
  await expect(page.locator('.mock-score')).toContainText('when the clock ran out');
  await expect(page.getByRole('table', { name: /Score by topic/ })).toBeVisible();
  await expect(page.locator('.mock-questions > li')).toHaveCount(total);
  // The report shows what was answered to the first question.
  if (firstType !== 'ordering') await expect(page.locator('.mock-questions > li').first()).toContainText(firstType === 'numeric' ? '12345' : firstType?.includes('choice') ? '1. ' : 'My written answer');

  const saved = await stored(page);
  expect(saved!.state.data.mocks).toHaveLength(1);
  expect(saved!.state.data.mocks[0].timedOut).toBe(true);
  expect(saved!.state.data.mocks[0].answers).toHaveLength(total);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Earlier interviews' })).toBeVisible();
  await expect(page.locator('section[aria-labelledby="mock-history"] tbody tr')).toHaveCount(1);
});

test('a reload during a mock interview resumes it, clock still running', async ({ page }) => {
  await page.clock.install();
  await page.goto('/practice/mock/');
  await page.getByRole('radio', { name: '15 minutes' }).check();
  await page.getByRole('button', { name: 'Start the interview' }).click();
  await expect(page.getByText(/Question 1 of \d+/)).toBeVisible();
  const firstId = await page.locator('[data-question-id]').getAttribute('data-question-id');
  await page.getByRole('button', { name: /Next question|Finish/ }).click();
  await expect(page.getByText(/Question 2 of/)).toBeVisible();
  const secondId = await page.locator('[data-question-id]').getAttribute('data-question-id');
  await page.clock.runFor(5 * 60 * 1000);
  page.on('dialog', (d) => void d.accept()); // the "leave the page?" warning
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Resumed after the page reloaded' })).toBeVisible();
  await expect(page.getByText(/Question 2 of/)).toBeVisible();
  await expect(page.locator('[data-question-id]')).toHaveAttribute('data-question-id', secondId!);
  await expect(page.locator('.mock-clock')).toContainText(/^⏱ (9|10):/);
  await page.clock.runFor(11 * 60 * 1000);
  await expect(page.getByRole('heading', { name: 'Your report' })).toBeVisible();
  const mock = (await stored(page))!.state.data.mocks[0];
  expect(mock.timedOut).toBe(true);
  expect((mock.answers as { questionId: string }[])[0].questionId).toBe(firstId);
});

test('export, then import into a fresh browser profile, restores the progress exactly', async ({ page, browser }) => {
  await openReview(page);
  await answerAndRate(page, 3);
  await answerAndRate(page, 2);
  const original = await stored(page);
  await page.goto('/progress/');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const file = await (await downloading).path();
  expect(file).toBeTruthy();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/progress/');
  await expect(other.getByRole('heading', { name: 'Your data' })).toBeVisible();
  expect(await stored(other)).toBeNull();
  await other.locator('input[type="file"]').setInputFiles(file!);
  await expect(other.locator('#your-data [role="status"]')).toContainText('2 new reviews');
  await expect(other.locator('.progress-summary')).toContainText('2 reviews');
  expect((await stored(other))!.state.data).toEqual(original!.state.data);

  // Importing the same file again changes nothing; a broken file is refused, with the reason.
  await other.locator('input[type="file"]').setInputFiles(file!);
  await expect(other.locator('#your-data [role="status"]')).toContainText('already had everything');
  const text = await readFile(file!, 'utf8');
  await other.locator('input[type="file"]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(text.replace('"rating": 3', '"rating": 9')) });
  await expect(other.locator('#your-data [role="status"]')).toContainText('Not imported');
  await expect(other.locator('#your-data [role="status"]')).toContainText('rating must be 1, 2, 3 or 4');
  expect((await stored(other))!.state.data).toEqual(original!.state.data);
  await fresh.close();
});

test('after an answer the ratings are on screen at 1280 × 720 and 390 px, below a long explanation, and cover none of it', async ({ page }) => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await openReview(page);
    await answerWithKeyboard(page);
    const bar = page.locator('.rating-bar');
    for (const button of await bar.getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.y + box.height, `${await button.innerText()} inside the ${viewport.width}-px viewport`).toBeLessThanOrEqual(viewport.height);
      expect(box.y).toBeGreaterThanOrEqual(0);
    }
    // The explanation scrolls under the bar and comes out above it: its last line can be read.
    const explanation = page.getByRole('heading', { name: 'Explanation' }).locator('xpath=..');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const [last, barBox] = [(await explanation.boundingBox())!, (await bar.boundingBox())!];
    expect(last.y + last.height, 'the end of the explanation, above the bar').toBeLessThanOrEqual(barBox.y + 1);
    await page.keyboard.press('3');
    await expect(page.locator('.rating-bar')).toHaveCount(0);
  }
});

test('corrupt saved progress is set aside with a notice, and practice goes on', async ({ page }) => {
  const errors = watchErrors(page);
  const garbage = '{"state":{"data":{"version":2,"cards":{}, oops';
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, garbage]);
  await openReview(page);
  const notice = page.locator('[data-notice-kind="setAside"]');
  await expect(notice).toContainText('could not be read');
  await expect(notice.getByRole('button', { name: 'download it' })).toBeVisible();
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('set-aside')));
  expect(keys).toHaveLength(1);
  expect(await page.evaluate((k) => localStorage.getItem(k), keys[0])).toBe(garbage);

  await answerAndRate(page, 3);
  expect((await stored(page))!.state.data.reviews).toHaveLength(1);
  await page.goto('/progress/');
  await expect(page.locator('#your-data')).toContainText('Set aside');
  // One review: count axes tick at whole numbers, and the summary says "1 review".
  await expect(page.locator('.progress-summary')).toContainText(/\b1 review\b/);
  const ticks = await page.locator('.bar-tick').allTextContents();
  expect(ticks.filter((t) => /^\d+\.\d+$/.test(t))).toEqual([]);
  const downloading = page.waitForEvent('download');
  await page.locator('#your-data').getByRole('button', { name: 'Download' }).click();
  expect(await readFile((await (await downloading).path())!, 'utf8')).toBe(garbage);
  // The list says when, why and how big in words, not a raw timestamp and "1 KB" for 46 characters.
  await expect(page.locator('#your-data li').first()).toHaveText(/^Set aside on \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}: could not be read; 46 characters\. Download Delete$/);
  // Importing that file back says what is wrong and what to do, without a dump of the data.
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'set-aside.json', mimeType: 'application/json', buffer: Buffer.from(garbage) });
  const status = page.locator('#your-data [role="status"]');
  await expect(status).toContainText('Not imported: the file is not JSON (');
  await expect(status).toContainText('a text editor may rescue part of it, or import an export you saved earlier');
  await expect(status).not.toContainText('"state"');
  expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
});

test('with storage blocked (private mode), practice works for the visit and says so', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  await page.goto('/practice/');
  await expect(page.locator('[data-notice-kind="unavailable"]')).toContainText('cannot be saved');
  await answerAndRate(page, 3);
  await expect(page.locator('.practice-counts')).toContainText('1 done this visit');
  await context.close();
});

test('two tabs answering at once keep both reviews', async ({ page, context }) => {
  await openReview(page);
  const second = await context.newPage();
  await openReview(second);
  const first = await answerAndRate(page, 3);
  // The second tab learns of the first tab's review, so it moves on to another question.
  await expect(second.locator(`[data-question-id="${first}"]`)).toHaveCount(0);
  const other = await answerAndRate(second, 4);
  expect(other).not.toBe(first);
  await expect.poll(async () => (await stored(page))!.state.data.reviews.map((r) => r.questionId).sort()).toEqual([first, other].sort());
  await page.goto('/progress/');
  await expect(page.locator('.progress-summary')).toContainText('2 reviews');
});

test('a tab that has not heard of the other tab’s review does not erase it when it saves', async ({ context }) => {
  // Both tabs deaf to storage events, as when two tabs answer at the same moment: only the
  // merge on every write can keep both reviews.
  await context.addInitScript(() => window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true));
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await openReview(page);
  const stale = await context.newPage();
  await openReview(stale);
  const first = await answerAndRate(page, 3);
  const second = await answerAndRate(stale, 4);
  expect(second).toBe(first); // the stale tab still showed the same question
  const saved = (await stored(stale))!.state.data;
  expect(saved.reviews.map((r) => [r.questionId, r.rating])).toEqual([
    [first, 3],
    [first, 4],
  ]);
  // The card was rebuilt from both reviews, not taken from either tab.
  expect((saved.cards[first] as { reps: number }).reps).toBe(2);
  await page.goto('/progress/');
  await expect(page.locator('.progress-summary')).toContainText('2 reviews');
});

test('practice pages pass axe and read on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/practice/', '/practice/mock/', '/progress/']) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const { violations } = await axeScan(page).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path} ${v.id}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
