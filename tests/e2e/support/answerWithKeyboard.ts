/**
 * Answers the practice question on screen with the keyboard only, as its type asks, until the
 * rating buttons show. Shared by the practice browser tests and bench/practiceLongTasks.bench.ts,
 * which times the rating that follows. Returns the question's id.
 */
import { expect, type Page } from '@playwright/test';

export async function answerWithKeyboard(page: Page): Promise<string> {
  const card = page.locator('[data-question-id]');
  await expect(card).toHaveCount(1);
  const id = (await card.getAttribute('data-question-id'))!;
  const type = await card.getAttribute('data-question-type');
  if (type === 'single-choice' || type === 'multiple-choice') {
    await page.keyboard.press('1');
    await expect(card.getByRole(type === 'single-choice' ? 'radio' : 'checkbox').first()).toBeChecked();
    await page.keyboard.press('Enter');
  } else if (type === 'numeric') {
    // Tab from the page start reaches the answer field; typing there, Enter submits.
    await card.getByLabel(/Your answer/).focus();
    await page.keyboard.type('42');
    await page.keyboard.press('Enter');
  } else if (type === 'ordering') {
    await page.keyboard.press('Enter');
  } else {
    await card.locator('textarea').focus();
    await page.keyboard.type('Attention weighs values by query–key similarity.');
    // Space reveals only outside the text box: leave it first.
    await page.keyboard.press('Shift+Tab');
    await page.locator('h1').focus();
    await page.keyboard.press('Space');
  }
  await expect(page.locator('.rating-bar')).toBeVisible();
  return id;
}
