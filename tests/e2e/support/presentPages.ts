/** Opening the views of /present/<slug>/ as a person would, for the instructor-mode specs. */
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const SLUG = 'sdpa-stage-by-stage';
export const WALKTHROUGHS = ['sdpa-stage-by-stage', 'masking-in-practice', 'multi-head-step-by-step', 'cross-attention-translation'];

/** The heading of the step a view shows. */
export const shownHeading = (page: Page) => page.locator('section[data-step]:not([hidden]) h2');

/** Every step's heading text, in order, as the page renders them (hidden steps included). */
export async function stepTitles(page: Page): Promise<string[]> {
  return page.locator('section[data-step] h2').evaluateAll((headings) => headings.map((h) => (h.textContent ?? '').trim()));
}

export async function openPresenter(context: BrowserContext, slug = SLUG): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/present/${slug}/`);
  await expect(page.locator('[data-present-view="presenter"]')).toBeVisible();
  return page;
}

export async function openAudience(context: BrowserContext, slug = SLUG): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/present/${slug}/?view=audience`);
  await expect(page.locator('[data-present-view="audience"]')).toBeAttached();
  return page;
}

export async function expectBothOn(presenter: Page, audience: Page, title: string) {
  await expect(shownHeading(presenter)).toHaveText(title);
  await expect(shownHeading(audience)).toHaveText(title);
}
