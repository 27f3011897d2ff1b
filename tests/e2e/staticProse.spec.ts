/**
 * A lesson's prose, formulas and code are static HTML that React neither carries in its payload
 * nor hydrates (lib/content/staticHtml.ts, components/StaticHtml.tsx), yet a reader sees the same
 * page: on a fresh load, after a client-side navigation (where the prose comes from the page's
 * static-html.json), and back and forward. And the payload stays under issue 13's 15 % gate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { isGatedRoute, PAYLOAD_RATIO_LIMIT, payloadShare } from '../../lib/build/payloadRatio';
import { watchErrors } from './support/calculatorPage';

function lessons(): { slug: string; hasCode: boolean }[] {
  const folder = path.join('content', 'lessons');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = readFileSync(path.join(folder, f), 'utf8');
      return { slug: /^slug:\s*(\S+)\s*$/m.exec(text)![1], order: Number(/^order:\s*(\d+)/m.exec(text)![1]), hasCode: /^```python/m.test(text) };
    })
    .sort((a, b) => a.order - b.order);
}

const lessonSlugs = () => lessons().map((l) => l.slug);

/** What a reader sees of the lesson body: styled prose, typeset formulas (with MathML), highlighted code. */
async function expectProseRendered(page: Page): Promise<void> {
  const body = page.locator('.lesson-body');
  const paragraph = body.locator('[data-static-html] > p').first();
  await expect(paragraph).toBeVisible({ timeout: 20_000 });
  // Rendered text (innerText), not just markup, where a reader looks: prose renders only near the
  // viewport (content-visibility), and back/forward may restore a scroll far below this paragraph.
  await paragraph.scrollIntoViewIfNeeded();
  await expect(paragraph, 'a paragraph with words').toHaveText(/\S.{40}/, { useInnerText: true });
  const prose = await paragraph.evaluate((p) => {
    const style = getComputedStyle(p);
    return { fontFamily: style.fontFamily, lineHeight: parseFloat(style.lineHeight), fontSize: parseFloat(style.fontSize), height: p.getBoundingClientRect().height };
  });
  expect(prose.fontFamily, 'the site font').toMatch(/Inter/);
  expect(prose.lineHeight / prose.fontSize, 'the site line height').toBeGreaterThan(1.3);
  expect(prose.height).toBeGreaterThan(prose.fontSize);

  const formula = body.locator('.katex').first();
  await expect(formula).toBeVisible();
  const maths = await formula.evaluate((katex) => ({
    font: getComputedStyle(katex).fontFamily,
    mathml: katex.querySelector('math annotation')?.textContent ?? '',
    hiddenFromScreenReaders: katex.querySelector('.katex-html')?.getAttribute('aria-hidden'),
    width: katex.getBoundingClientRect().width,
  }));
  expect(maths.font, "KaTeX's stylesheet applies").toMatch(/KaTeX_Main/);
  expect(maths.mathml.length, 'MathML with the TeX source for screen readers').toBeGreaterThan(0);
  expect(maths.hiddenFromScreenReaders).toBe('true');
  expect(maths.width).toBeGreaterThan(4);
}

test('a lesson reads complete from static HTML; its prose and maths are not in the RSC payload', async ({ page }) => {
  test.slow(); // a long page on a shared machine
  const errors = watchErrors(page);
  const { slug } = lessons().find((l) => l.hasCode)!;
  await page.goto(`/lessons/${slug}/`);
  await expectProseRendered(page);
  const code = page.locator('.lesson-body pre.shiki').first();
  await code.scrollIntoViewIfNeeded();
  expect(await code.locator('span[style*="color"]').count(), 'highlighted code').toBeGreaterThan(0);
  // The words the reader sees are nowhere in the payload React reads.
  const sentence = (await page.locator('.lesson-body [data-static-html] > p').first().innerText()).slice(0, 40);
  const payload = await page.evaluate(() =>
    [...document.querySelectorAll('script:not([src])')]
      .map((script) => script.textContent ?? '')
      .filter((text) => text.includes('self.__next_f'))
      .join(''),
  );
  expect(payload.length).toBeGreaterThan(1000);
  expect(payload).not.toContain(sentence.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' '));
  // The static HTML came with the page: nothing fetched it.
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('static-html.json')).length);
  expect(fetched).toBe(0);
  expect(errors).toEqual([]);
});

test('client-side navigation shows the new lesson complete, from the home page, by next/previous links, and back and forward', async ({ page }) => {
  test.slow(); // five page changes on a shared machine
  const errors = watchErrors(page);
  const slugs = lessonSlugs();
  await page.goto('/');
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/); // hydrated
  // A marker on window survives only client-side navigations: a full load would drop it.
  await page.evaluate(() => ((window as unknown as { softNavigation: boolean }).softNavigation = true));
  const stillSoft = () => page.evaluate(() => (window as unknown as { softNavigation?: boolean }).softNavigation === true);

  await page.getByRole('link', { name: /^Start with/ }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${slugs[0]}/$`), { timeout: 20_000 });
  await expectProseRendered(page);
  const firstTitle = await page.getByRole('heading', { level: 1 }).innerText();

  await page.getByRole('navigation', { name: 'Previous and next lesson' }).locator('a[rel="next"]').click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${slugs[1]}/$`), { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(firstTitle);
  await expectProseRendered(page);
  // "On this page" lists this lesson's headings, and they are on the page.
  const firstEntry = page.locator('.lesson-toc a').first();
  const target = (await firstEntry.getAttribute('href'))!;
  await expect(page.locator(`.lesson-body ${target}`)).toBeVisible();
  // The questions' texts come from the same file.
  const card = page.locator('.check-yourself article').first();
  if ((await card.count()) > 0) {
    await expect(card.locator('[data-static-html] p').first()).toBeVisible();
  }

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/lessons/${slugs[0]}/$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstTitle);
  await expectProseRendered(page);
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`/lessons/${slugs[1]}/$`));
  await expectProseRendered(page);

  // The sidebar's link back to the first lesson.
  await page.locator('.lesson-sidebar-wide').getByRole('link', { name: firstTitle }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${slugs[0]}/$`), { timeout: 20_000 });
  await expectProseRendered(page);
  expect(await stillSoft(), 'every change above was a client-side navigation').toBe(true);
  expect(errors).toEqual([]);
});

test('every lesson keeps its RSC payload within 15 % of its markup', async ({ request }) => {
  for (const slug of lessonSlugs()) {
    const route = `/lessons/${slug}/`;
    expect(isGatedRoute(route)).toBe(true);
    const response = await request.get(route);
    expect(response.ok()).toBe(true);
    // The page's later file (explanations, shown after an answer) is its content too.
    const later = await request.get(`${route}static-html-later.json`);
    const share = payloadShare(await response.text(), later.ok() ? (await later.body()).length : 0);
    expect(share.payloadBytes, `${route} has a payload`).toBeGreaterThan(0);
    expect(share.ratio, `${route}: ${share.payloadBytes} payload bytes for ${share.markupBytes} of markup`).toBeLessThanOrEqual(PAYLOAD_RATIO_LIMIT);
  }
});

test('a lesson carries only what it shows: an explanation comes from the later file, fetched once while idle, or says it is loading', async ({ page }) => {
  test.slow(); // a long page on a shared machine
  const errors = watchErrors(page);
  const route = '/lessons/scaled-dot-product-attention/';
  const laterRequests: string[] = [];
  page.on('request', (r) => r.url().endsWith('/static-html-later.json') && laterRequests.push(r.url()));
  const prefetched = page.waitForResponse((r) => r.url().endsWith(`${route}static-html-later.json`), { timeout: 20_000 });
  const response = await page.goto(route);
  const html = await response!.text();
  expect(html, 'no explanation travels in the page').not.toContain('<template data-static-html');
  expect(html).toContain('data-static-html-store="later"');
  // Fetched once the page is idle after load, before anyone answers.
  expect((await prefetched).ok()).toBe(true);

  const card = page.locator('article[data-question-type="single-choice"]').first();
  await card.scrollIntoViewIfNeeded();
  await card.getByRole('radio').first().check();
  const explanation = card.getByRole('heading', { name: 'Explanation' }).locator('xpath=..');
  await expect(explanation).toBeVisible();
  await expect(explanation, 'the explanation itself, at once').toHaveText(/Explanation\s*\S.{40}/, { useInnerText: true, timeout: 2_000 });
  expect(laterRequests, 'one request for the later file').toHaveLength(1);
  expect(errors).toEqual([]);
});

test('an answer given before the later file arrives says it is loading, then shows the explanation; if the file fails, the card says so', async ({ page }) => {
  test.slow();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let fail = false;
  await page.route('**/static-html-later.json', async (route) => {
    if (fail) return route.abort();
    await held;
    await route.continue();
  });
  await page.goto('/lessons/scaled-dot-product-attention/');
  const cards = page.locator('article[data-question-type="single-choice"]');
  const card = cards.first();
  await card.scrollIntoViewIfNeeded();
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/); // hydrated
  await card.getByRole('radio').first().check();
  // The explanation and the references under it: each part says it is loading.
  const pending = card.locator('.static-html-pending', { hasText: 'Loading…' });
  await expect(pending.first()).toBeVisible();
  const colour = await pending.first().evaluate((p) => getComputedStyle(p).color);
  expect(colour, 'muted, not the error colour').not.toBe('rgb(0, 0, 0)');
  release();
  await expect(pending).toHaveCount(0);
  const explanation = card.getByRole('heading', { name: 'Explanation' }).locator('xpath=..');
  await expect(explanation).toHaveText(/Explanation\s*\S.{40}/, { useInnerText: true });

  // A fresh page whose later file cannot be read: the answer is still checked, and the missing part says what to do.
  fail = true;
  await page.reload();
  const again = page.locator('article[data-question-type="single-choice"]').first();
  await again.scrollIntoViewIfNeeded();
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/);
  await again.getByRole('radio').first().check();
  await expect(again.getByText('This part of the page could not be loaded.').first()).toBeVisible();
  await expect(again.getByRole('link', { name: 'Reload the page' }).first()).toBeVisible();
});

test('prose far below the fold is laid out only when near; a jump to a heading lands on it and scrolling back up does not jump', async ({ page }) => {
  test.slow(); // the longest lesson on a shared machine
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/scaled-dot-product-attention/');
  // Most of the lesson's blocks are skipped by the first layout (content-visibility: auto).
  const blocks = await page.evaluate(() => {
    const deferred = [...document.querySelectorAll('.lesson-body > .static-html > *, .check-yourself > article')].filter(
      (el) => getComputedStyle(el).contentVisibility === 'auto',
    );
    // A block's own box stays; what content-visibility skips is what is inside it.
    const withInside = deferred.filter((el) => el.querySelector('*'));
    return { deferred: deferred.length, withInside: withInside.length, skipped: withInside.filter((el) => !el.querySelector('*')!.checkVisibility({ contentVisibilityAuto: true })).length };
  });
  expect(blocks.deferred, 'blocks laid out only near the viewport').toBeGreaterThan(20);
  expect(blocks.skipped, 'blocks skipped while far below the fold').toBeGreaterThan(blocks.withInside / 2);

  // "On this page": the last heading, after every block above it was skipped.
  const entry = page.locator('.lesson-toc a').last();
  const heading = page.locator(`[id="${(await entry.getAttribute('href'))!.slice(1)}"]`);
  await entry.click();
  await expect(page).toHaveURL(/#/);
  const top = () => heading.evaluate((h) => h.getBoundingClientRect().top);
  await expect.poll(top, { message: 'the heading is in view after the jump' }).toBeLessThan(800 * 0.45);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const landed = await top();
  expect(landed, 'the heading is in the viewport (its top edge within a pixel of it)').toBeGreaterThanOrEqual(-1);
  await page.waitForTimeout(300); // blocks around it render in the next frames
  expect(Math.abs((await top()) - landed), 'the heading stays where it landed').toBeLessThanOrEqual(2);

  // Scrolling back up renders the blocks above with their real heights; what is on screen stays put.
  for (let i = 0; i < 4; i++) {
    const before = await top();
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await top()) - before, { message: 'the heading moves by exactly the scroll' }).toBeCloseTo(300, 0);
  }
  // And the prose it passes is there to read.
  const paragraph = page.locator('.lesson-body > .static-html > p').last();
  await paragraph.scrollIntoViewIfNeeded();
  await expect(paragraph).toHaveText(/\S.{40}/, { useInnerText: true });
  expect(errors).toEqual([]);
});
