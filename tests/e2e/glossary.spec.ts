/**
 * Glossary terms as a reader meets them: focusing or hovering a term shows its definition in a box
 * that stays inside the viewport (phone and desktop), Escape hides it, a tap opens it on a touch
 * screen; and a glossary entry's "first used in" link lands on the term itself, highlighted.
 */
import { expect, test, type Page } from '@playwright/test';
import { screenshot, watchErrors } from './support/calculatorPage';

const LESSON = '/lessons/scaled-dot-product-attention/';

async function tooltipOf(page: Page, termSelector: string) {
  const id = await page.locator(termSelector).first().getAttribute('aria-describedby');
  expect(id, `${termSelector} is described by its tooltip`).toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

/** Every glossary term on the page, focused in turn: its definition shows, whole, inside the viewport. */
async function checkEveryTerm(page: Page) {
  const width = page.viewportSize()!.width;
  const height = page.viewportSize()!.height;
  const terms = page.locator('.lesson-body a.glossary-term');
  const count = await terms.count();
  expect(count).toBeGreaterThan(5);
  for (let i = 0; i < count; i++) {
    const term = terms.nth(i);
    await term.focus();
    const tip = page.locator(`[id="${await term.getAttribute('aria-describedby')}"]`);
    await expect(tip).toBeVisible();
    const box = (await tip.boundingBox())!;
    const where = `${await term.innerText()} at ${width} px`;
    expect(box.x, where).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, where).toBeLessThanOrEqual(width);
    expect(box.y, where).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, where).toBeLessThanOrEqual(height);
  }
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`focusing a term shows its definition inside the viewport at ${viewport.width} px; Escape hides it`, async ({ page }) => {
    test.slow(); // focuses each of the longest lesson's terms, rendering the prose around each one
    const errors = watchErrors(page);
    await page.setViewportSize(viewport);
    await page.goto(LESSON);
    const logit = page.locator('#term-logit');
    const tip = await tooltipOf(page, '#term-logit');
    await expect(tip).toBeHidden();
    await expect(logit).not.toHaveAttribute('title');
    await logit.focus();
    await expect(tip).toBeVisible();
    await expect(tip).toHaveText(/^logit: An unnormalised real score fed into a softmax/);
    await expect(tip).toHaveAttribute('role', 'tooltip');
    await expect(logit).toHaveAccessibleDescription(/^logit: An unnormalised real score/);
    await page.keyboard.press('Escape');
    await expect(tip).toBeHidden();
    await expect(logit).toBeFocused();
    // Leaving and coming back shows it again; Tab to the next term shows that one instead.
    await logit.blur();
    await logit.focus();
    await expect(tip).toBeVisible();
    await screenshot(page, `glossary-tooltip-${viewport.width}`);
    await checkEveryTerm(page);
    expect(errors).toEqual([]);
  });
}

test('hovering a term shows its definition, and moving away hides it', async ({ page }) => {
  await page.goto(LESSON);
  const tip = await tooltipOf(page, '#term-logit');
  await page.locator('#term-logit').hover();
  await expect(tip).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  test('a first tap shows the definition and stays in the lesson; a second tap opens the glossary entry', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(LESSON);
    const logit = page.locator('#term-logit');
    const tip = await tooltipOf(page, '#term-logit');
    await logit.tap();
    await expect(tip).toBeVisible();
    expect(new URL(page.url()).pathname).toBe(LESSON);
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // A tap elsewhere closes it.
    await page.locator('h1').tap();
    await expect(tip).toBeHidden();
    await logit.tap();
    await expect(tip).toBeVisible();
    await logit.tap();
    await expect(page).toHaveURL(/\/glossary\/#glossary-logit$/);
    expect(errors).toEqual([]);
  });
});

test('"First used in" on the glossary lands on the term itself, in view and highlighted', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/glossary/');
  const entry = page.locator('#glossary-logit');
  await entry.getByRole('link', { name: 'Scaled dot-product attention' }).click();
  await expect(page).toHaveURL(/\/lessons\/scaled-dot-product-attention\/#term-logit$/);
  const target = page.locator('#term-logit');
  await expect(target).toBeInViewport();
  await expect(target).toHaveText(/logit/i);
  const background = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  const highlighted = await background('#term-logit');
  const plain = await background('.lesson-body a.glossary-term:not(#term-logit)');
  expect(highlighted).not.toBe(plain);
  expect(highlighted).not.toBe('rgba(0, 0, 0, 0)');
  await screenshot(page, 'glossary-first-use');
  expect(errors).toEqual([]);
});
