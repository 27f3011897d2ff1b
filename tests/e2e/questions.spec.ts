/**
 * The course as a reader meets it: every question type can be answered in place with feedback,
 * and glossary links go both ways.
 */
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './support/calculatorPage';
import { firstLessonContaining } from './support/exportedPages';

/**
 * The first question of a type on any lesson page, found in the built HTML so only that page
 * loads. (Every lesson's clean render is checked in everyPage.spec.ts.)
 */
async function firstQuestionOfType(page: Page, type: string) {
  await page.goto(firstLessonContaining(`data-question-type="${type}"`));
  return page.locator(`article[data-question-type="${type}"]`).first();
}

test('single and multiple choice: feedback with the reason, then the explanation', async ({ page }) => {
  const single = await firstQuestionOfType(page, 'single-choice');
  await single.getByRole('radio').first().check();
  await expect(single.getByRole('status')).toHaveText(/^(Correct\.|Not quite: the right answer is marked below your pick\.)$/);
  await expect(single.getByRole('heading', { name: 'Explanation' })).toBeVisible();

  const multiple = await firstQuestionOfType(page, 'multiple-choice');
  await multiple.getByRole('checkbox').first().check();
  await multiple.getByRole('button', { name: 'Check' }).click();
  await expect(multiple.getByRole('status')).toHaveText(/^(Correct\.|Partly right: see the notes under the choices\.|Not quite: see the notes under the choices\.)$/);
  await expect(multiple.getByRole('heading', { name: 'Explanation' })).toBeVisible();
});

test('numeric: a wrong number shows the answer; the answer itself is accepted; junk is explained', async ({ page }) => {
  const card = await firstQuestionOfType(page, 'numeric');
  const input = card.getByLabel(/Your answer/);
  await input.fill('abc');
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(card.locator('[id$="-reading"]')).toHaveText(/Type a number/);
  await input.fill('-123456789');
  await input.press('Enter');
  await expect(card.getByRole('status')).toHaveText(/Not quite\. The answer is/);
  // One answer per visit: the box locks once graded.
  await expect(input).toBeDisabled();
  const answer = /The answer is (-?[\d.]+)/.exec(await card.getByRole('status').innerText())![1];
  await page.reload();
  await card.getByLabel(/Your answer/).fill(answer);
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(card.getByRole('status')).toHaveText(/^Correct/);
});

test('free recall and spot the bug: reveal, then grade yourself against the rubric', async ({ page }) => {
  const recall = await firstQuestionOfType(page, 'free-recall');
  await recall.getByLabel(/Your answer/).fill('Queries, keys and values.');
  await recall.getByRole('button', { name: 'Show the model answer' }).click();
  await expect(recall.getByRole('heading', { name: 'Model answer' })).toBeVisible();
  const points = recall.getByRole('group', { name: /Grade yourself/ }).getByRole('checkbox');
  const total = await points.count();
  await points.first().check();
  await expect(recall.getByRole('group', { name: /Grade yourself/ }).getByRole('status')).toHaveText(`1 of ${total} points`);

  const bug = await firstQuestionOfType(page, 'spot-the-bug');
  await expect(bug.locator('pre')).toBeVisible();
  await bug.getByRole('button', { name: 'Show the bug' }).click();
  await expect(bug.getByRole('heading', { name: 'The bug' })).toBeVisible();
});

test('ordering: steps move with the keyboard and the order is checked', async ({ page }) => {
  const card = await firstQuestionOfType(page, 'ordering');
  const first = card.locator('ol').first().locator('li').first();
  const text = await first.innerText();
  await card.getByRole('button', { name: 'Move step 1 down' }).focus();
  await page.keyboard.press('Enter');
  await expect(card.locator('ol').first().locator('li').nth(1)).toContainText(text.split('\n')[0]);
  await card.getByRole('button', { name: 'Check order' }).click();
  await expect(card.getByRole('status')).toHaveText(/Correct order\.|steps are in place/);
  await expect(card.getByRole('heading', { name: 'Explanation' })).toBeVisible();
});

test('glossary: each term links to its first use, and the marked word links back', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/glossary/');
  const entries = page.locator('.glossary-entry');
  expect(await entries.count()).toBeGreaterThanOrEqual(20);
  const entry = entries.first();
  const id = (await entry.getAttribute('id'))!.replace(/^glossary-/, '');
  await entry.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#term-${id}$`));
  const mark = page.locator(`#term-${id}`);
  await expect(mark).toBeVisible();
  await mark.click();
  await expect(page).toHaveURL(new RegExp(`/glossary/#glossary-${id}$`));
  expect(errors).toEqual([]);
});

test('links: the contents lead to "Check yourself", and links between lessons open the lesson', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/lessons/scoring-functions/');
  await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Check yourself' }).click();
  await expect(page).toHaveURL(/#check-yourself$/);
  await expect(page.getByRole('heading', { name: 'Check yourself' })).toBeInViewport();
  const internal = page.locator('.lesson-body a[href^="/lessons/"]').first();
  await internal.click();
  await expect(page).toHaveURL(/\/lessons\/scaled-dot-product-attention\/$/);
  await expect(page.locator('h1')).toHaveText('Scaled dot-product attention');
  expect(errors).toEqual([]);
});
