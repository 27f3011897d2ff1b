/**
 * The "from the source article" badge says which article it means: it is a link a reader can see
 * and follow, and it lands on the section of the sources page that describes the article.
 */
import { expect, test } from '@playwright/test';
import { axeScan } from './support/axeScan';
import { watchErrors } from './support/calculatorPage';

test('the badge on a lesson question is a visible link that lands on the article\'s section', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/lessons/cross-attention/');
  const badge = page.getByRole('link', { name: /^from the source article/ }).first();
  await badge.scrollIntoViewIfNeeded();
  await expect(badge).toBeVisible();
  await expect(badge).toHaveText('from the source article');
  await expect(badge).toHaveAttribute('href', '/sources/#the-source-article');
  // It looks like a link, unlike the grey words beside it: underlined, in the link colour.
  const look = await badge.evaluate((el) => {
    const style = getComputedStyle(el);
    const sibling = getComputedStyle(el.parentElement!);
    const probe = document.createElement('a');
    probe.href = '#';
    document.body.append(probe);
    const link = getComputedStyle(probe).color;
    probe.remove();
    return { decoration: style.textDecorationLine, color: style.color, metaColor: sibling.color, link };
  });
  expect(look.decoration).toContain('underline');
  expect(look.color).toBe(look.link);
  expect(look.color).not.toBe(look.metaColor);

  await badge.focus();
  await expect(badge).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sources\/#the-source-article$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  const section = page.getByRole('heading', { name: 'The source article' });
  await expect(section).toBeVisible();
  await expect(section).toBeInViewport();
  await expect(page.getByRole('heading', { name: 'What it gets wrong' })).toBeVisible();
  await expect(page.getByText('F1 is the harmonic mean of precision and recall')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the sources page: reachable from the footer, every link on it leads to a page, axe-clean', async ({ page, request }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/');
  const footerLink = page.getByRole('contentinfo').getByRole('link', { name: 'Sources' });
  await expect(footerLink).toBeVisible();
  await footerLink.click();
  await expect(page).toHaveURL(/\/sources\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  // A section heading's name also carries its "Link to this section" anchor, hence the prefix match.
  for (const name of ['The source article', 'What it covers', 'What it gets wrong', 'The papers', 'The libraries']) {
    await expect(page.getByRole('heading', { name: new RegExp(`^${name}`) })).toBeVisible();
  }
  const hrefs = await page.locator('main a[href^="/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!.split('#')[0]))]);
  expect(hrefs.length).toBeGreaterThanOrEqual(10);
  for (const href of hrefs) expect({ href, status: (await request.get(href)).status() }).toEqual({ href, status: 200 });
  const { violations } = await axeScan(page).include('main').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  expect(errors).toEqual([]);
});
