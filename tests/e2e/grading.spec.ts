/**
 * Grading as a learner reads it (issue 11): the numeric key shown exactly and graded as shown, a
 * decimal comma read or refused out loud, the same live warning in a mock interview, lesson
 * answers that count on /progress, one "due" on both pages, dated chart axes, filters that survive
 * a reload, and focus that stays where a keyboard user is while ordering steps.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';

// The machine is shared: pages hydrate slowly under load.
test.setTimeout(120_000);

const KEY = 'attention-lab:progress';
const MINUTE = 60_000;

async function numericCard(page: Page): Promise<Locator> {
  await page.goto('/lessons/scoring-functions/');
  const card = page.locator('#question-score-softmax-logits');
  await expect(card).toHaveAttribute('data-question-type', 'numeric');
  return card;
}

/** Progress as the site stores it, with the given cards (no reviews needed for due counts). */
function envelope(cards: Record<string, unknown>, settings: Record<string, unknown> = {}): string {
  return JSON.stringify({
    state: { data: { version: 3, cards, reviews: [], mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z', ...settings } } },
    version: 3,
  });
}

function card(due: Date, state: 'review' | 'learning', lastReview: Date) {
  return { due: due.toISOString(), stability: 1, difficulty: 5, scheduledDays: 0, learningSteps: 0, reps: 1, lapses: 0, state, lastReview: lastReview.toISOString() };
}

test('numeric: the key and tolerance are shown exactly, and the stated edge is graded right', async ({ page }) => {
  const errors = watchErrors(page);
  const card = await numericCard(page);
  const input = card.getByLabel(/Your answer/);
  const status = card.getByRole('status').last();
  // 0.6647 is 0.6652 − 0.0005: on the edge the card states.
  await input.fill('0.6647');
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(status).toHaveText('Correct. The answer is 0.6652 ± 0.0005 (anything from 0.6647 to 0.6657 counts).');
  // Reload for a fresh card: 0.6645 is outside what is shown, and the text says why.
  await page.reload();
  await card.getByLabel(/Your answer/).fill('0.6645');
  await card.getByLabel(/Your answer/).press('Enter');
  await expect(card.getByRole('status').last()).toHaveText('Not quite. The answer is 0.6652 ± 0.0005 (anything from 0.6647 to 0.6657 counts).');
  expect(errors).toEqual([]);
});

test('numeric: a decimal comma is read and said, an ambiguous one is refused while typing, never misread', async ({ page }) => {
  const card = await numericCard(page);
  const input = card.getByLabel(/Your answer/);
  const reading = card.locator('[id$="-reading"]');
  await input.fill('0,6652');
  await expect(reading).toHaveText('Read as 0.6652 (decimal comma).');
  await expect(input).not.toHaveAttribute('aria-invalid', 'true');
  await input.fill('1,024');
  // Warned before any Check: visible, in the warning colour, and tied to the box.
  await expect(reading).toContainText('could mean 1024 or 1.024');
  await expect(reading).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const colour = await reading.evaluate((el) => getComputedStyle(el).color);
  const body = await page.evaluate(() => getComputedStyle(document.body).color);
  expect(colour).not.toBe(body);
  await input.fill('0,6652');
  await input.press('Enter');
  await expect(card.getByRole('status').last()).toHaveText(/^Correct\. The answer is 0\.6652/);
});

test('mock interview: typing "abc" into a numeric answer warns while typing, as /practice does', async ({ page }) => {
  await page.goto('/practice/mock/');
  const now = Date.now();
  await page.evaluate(
    ({ now }) => {
      sessionStorage.setItem(
        'attention-lab:mock-in-progress',
        JSON.stringify({ id: `${new Date(now).toISOString()}~7`, seed: 7, minutes: 15, startedAt: new Date(now).toISOString(), deadline: now + 15 * 60_000, questionIds: ['score-softmax-logits'], index: 0, answers: [], written: {} }),
      );
    },
    { now },
  );
  await page.reload();
  const card = page.locator('[data-question-id="score-softmax-logits"]');
  const input = card.getByLabel(/Your answer/);
  await input.pressSequentially('abc');
  const reading = card.locator('[id$="-reading"]');
  await expect(reading).toHaveText('Type a number, such as 0.25, 1e-3 or 1024.');
  await expect(reading).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  // A number cut short does not flicker a warning; a finished one clears it.
  await input.fill('1e');
  await expect(reading).toHaveText('');
  await input.fill('0.6652');
  await expect(reading).toHaveText('');
  await expect(input).not.toHaveAttribute('aria-invalid', 'true');
});

test('lesson "Check yourself": a wrong pick says "Not quite" beside the marked answer, and the answer counts on /progress', async ({ page }) => {
  // A single choice has one right option, so of the first two picks (each on a fresh page) one is wrong.
  let reviews = 0;
  for (const pick of [0, 1]) {
    await page.goto('/lessons/scoring-functions/');
    const single = page.locator('article[data-question-type="single-choice"]').first();
    await expect(single.getByText('Your first answer on this visit counts toward your review schedule.')).toBeVisible();
    await single.getByRole('radio').nth(pick).check();
    reviews++;
    const status = single.getByRole('status');
    await expect(status).toHaveText(/^(Correct\.|Not quite: the right answer is marked below your pick\.)$/);
    await expect(single.getByText(/Counted as “(Again|Hard|Good|Easy)” in your review schedule/)).toBeVisible();
    if ((await status.innerText()).startsWith('Not quite')) {
      await expect(single.getByText('This is the right answer.')).toBeVisible();
      await expect(single.getByText('Not quite.', { exact: true })).toBeVisible();
      await expect(single).not.toContainText('try again');
      // One answer: the other options lock.
      await expect(single.getByRole('radio').nth(pick === 0 ? 1 : 0)).toBeDisabled();
      break;
    }
  }
  await page.goto('/progress/');
  await expect(page.locator('.progress-summary')).toContainText(new RegExp(`1 of \\d+ questions seen, ${reviews} reviews?`));
});

test('due counts: /practice and /progress show the same numbers from one definition', async ({ page }) => {
  await page.goto('/practice/');
  const now = Date.now();
  const cards: Record<string, unknown> = { 'score-softmax-logits': card(new Date(now - 60 * MINUTE), 'review', new Date(now - 3 * 86_400_000)) };
  for (const [i, id] of ['sdpa-weight-2d', 'mask-causal-weight', 'self-output-row', 'score-additive-by-hand', 'sdpa-unscaled-weight'].entries()) {
    cards[id] = card(new Date(now + (i + 2) * MINUTE), 'learning', new Date(now - MINUTE));
  }
  await page.evaluate(({ key, value }) => localStorage.setItem(key, value), { key: KEY, value: envelope(cards) });
  await page.reload();
  const counts = page.locator('.practice-counts');
  await expect(counts).toContainText('1 due');
  await expect(counts).toContainText('5 in learning');
  await page.goto('/progress/');
  await expect(page.locator('.due-summary')).toHaveText('1 due, 5 in learning');
  await expect(page.locator('.progress-summary')).not.toContainText('6 due');
  // The forecast's today bar (6, or 1 just before midnight) says what it is made of, in the same words.
  await expect(page.locator('section[aria-labelledby="forecast"] .meta')).toContainText(/Today’s bar, \d+, counts every question due before midnight: 1 due now, 5 in learning \(back within 20 minutes\)/);
});

test('the 28-day chart names the month on its axis and labels today', async ({ page }) => {
  await page.goto('/progress/');
  const now = new Date();
  const reviews = [0, 3, 10].map((daysAgo) => ({ questionId: 'score-softmax-logits', reviewedAt: new Date(now.getTime() - daysAgo * 86_400_000 - MINUTE).toISOString(), rating: 3, correct: true, seconds: 20 }));
  await page.evaluate(
    ({ key, reviews }) => {
      const value = {
        state: { data: { version: 3, cards: {}, reviews, mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' } } },
        version: 3,
      };
      localStorage.setItem(key, JSON.stringify(value));
    },
    { key: KEY, reviews },
  );
  await page.reload();
  const history = page.locator('figure.bar-chart', { hasText: 'Reviews and predictions per day' });
  const ticks = await history.locator('text.bar-x').evaluateAll((els) => els.map((el) => el.textContent ?? ''));
  expect(ticks.at(-1)).toBe('Today');
  const months = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
  for (const t of ticks.slice(0, -1)) expect(t).toMatch(new RegExp(`^\\d{1,2} (${months})$`));
  expect(ticks.length).toBe(4);
  // Today's label is drawn, and in the text colour, not the muted one.
  const today = history.locator('text.bar-x', { hasText: 'Today' });
  const box = await today.boundingBox();
  const svg = await history.locator('svg').boundingBox();
  expect(box && svg && box.x + box.width <= svg.x + svg.width + 0.5).toBe(true);
  expect(await today.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('600');
});

test('on a phone the progress charts keep their labels readable and apart', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/progress/');
  const now = Date.now();
  const reviews = [0, 1, 5].map((daysAgo) => ({ questionId: 'score-softmax-logits', reviewedAt: new Date(now - daysAgo * 86_400_000 - MINUTE).toISOString(), rating: 3, correct: true, seconds: 20 }));
  await page.evaluate(
    ({ key, value }) => localStorage.setItem(key, value),
    { key: KEY, value: JSON.stringify({ state: { data: { version: 3, cards: { 'score-softmax-logits': card(new Date(now + 86_400_000), 'review', new Date(now - MINUTE)) }, reviews, mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' } } }, version: 3 }) },
  );
  await page.reload();
  const charts = page.locator('svg.bar-chart-svg');
  await expect(charts).toHaveCount(3);
  for (const chart of await charts.all()) {
    await chart.scrollIntoViewIfNeeded();
    // The size a reader sees: the CSS font size times the drawing's scale on screen.
    const { smallest, overlaps } = await chart.evaluate((svg) => {
      const s = svg as SVGSVGElement;
      const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
      const texts = [...s.querySelectorAll('text')];
      const smallest = Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
      const ticks = [...s.querySelectorAll('text.bar-tick')].map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0);
      const overlaps = ticks.filter((a, i) => ticks.some((b, j) => j > i && Math.abs(a.y - b.y) < 2 && a.left < b.right && b.left < a.right)).length;
      return { smallest, overlaps };
    });
    expect(smallest, 'the smallest label on screen, px').toBeGreaterThanOrEqual(11);
    expect(overlaps, 'axis labels running into each other').toBe(0);
  }
});

test('practice filters survive a reload', async ({ page }) => {
  await page.goto('/practice/');
  await expect(page.locator('.practice-counts')).toContainText('new');
  await page.getByText('Filters and daily limit').click();
  const numeric = page.locator('.filter-panel').getByRole('checkbox', { name: 'Numeric' });
  await numeric.check();
  await expect(page.locator('[data-question-type]')).toHaveAttribute('data-question-type', 'numeric');
  await page.reload();
  await expect(page.locator('.practice-counts')).toContainText('counts match your filters');
  await page.getByText(/Filters and daily limit/).click();
  await expect(page.locator('.filter-panel').getByRole('checkbox', { name: 'Numeric' })).toBeChecked();
  await expect(page.locator('[data-question-type]')).toHaveAttribute('data-question-type', 'numeric');
});

async function activeLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el === null || el === document.body ? 'body' : (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName);
  });
}

test('ordering on a lesson: focus stays on the moved step’s button, then goes to the verdict', async ({ page }) => {
  await page.goto('/lessons/cross-attention/');
  const card = page.locator('#question-cross-layer-order');
  const rows = card.locator('ol').first().locator('li');
  const count = await rows.count();
  const first = (await rows.first().innerText()).split('\n')[0];
  await card.getByRole('button', { name: 'Move step 1 down' }).focus();
  for (let p = 1; p < count; p++) {
    await page.keyboard.press('Enter');
    await expect(rows.nth(p)).toContainText(first);
    // At the bottom "down" is disabled, so focus moves to the same step's "up".
    expect(await activeLabel(page)).toBe(p === count - 1 ? `Move step ${count} up` : `Move step ${p + 1} down`);
  }
  await card.getByRole('button', { name: 'Check order' }).focus();
  await page.keyboard.press('Enter');
  await expect(card.getByRole('status')).toHaveText(/Correct order\.|steps are in place/);
  expect(await activeLabel(page)).toMatch(/Correct order\.|steps are in place/);
});

test('ordering in /practice: a move keeps focus, and Submit focuses the verdict', async ({ page }) => {
  await page.goto('/practice/');
  await page.evaluate(({ key, value }) => localStorage.setItem(key, value), {
    key: KEY,
    value: envelope({}, { filters: { topics: [], lessons: [], types: ['ordering'], difficulties: [], onlyWrong: false } }),
  });
  await page.reload();
  const card = page.locator('[data-question-type="ordering"]');
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Move step 1 down' }).focus();
  await page.keyboard.press('Enter');
  expect(await activeLabel(page)).toBe('Move step 2 down');
  await page.keyboard.press('Enter');
  expect(await activeLabel(page)).toBe('Move step 3 down');
  await card.getByRole('button', { name: 'Submit' }).focus();
  await page.keyboard.press('Enter');
  await expect(card.getByRole('status')).toHaveText(/Correct\.|Not quite/);
  expect(await activeLabel(page)).toMatch(/^(Correct\.|Not quite)/);
});
