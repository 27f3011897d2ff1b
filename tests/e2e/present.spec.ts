/**
 * Instructor mode in a real browser (issue 14): /present/<slug>/ as presenter, audience and student
 * views. Presenter and audience windows are pages of one context, so they share BroadcastChannel
 * and localStorage as two windows of one browser do. Every check is on what a person sees: the
 * step heading shown in each window, the value in the projector's calculator, the notice.
 */
import { expect, test } from '@playwright/test';
import { axeScan } from './support/axeScan';
import { watchErrors } from './support/calculatorPage';
import { mulberry32 } from '../../lib/random';
import { expectBothOn, openAudience, openPresenter, shownHeading, SLUG, stepTitles, WALKTHROUGHS } from './support/presentPages';

const SEED = 14;

test(`presenter and audience stay in sync over random moves (seed ${SEED})`, async ({ context }) => {
  test.setTimeout(120_000);
  const presenter = await openPresenter(context);
  const audience = await openAudience(context);
  const errors = [...watchErrors(presenter), ...watchErrors(audience)];
  const titles = await stepTitles(presenter);
  const last = titles.length - 1;
  let step = 0;
  await expectBothOn(presenter, audience, titles[0]);

  const random = mulberry32(SEED);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const moves = 30;
  const reloadPresenterAt = 10;
  const reloadAudienceAt = 20;
  const editAt = 15;
  for (let move = 0; move < moves; move++) {
    if (move === reloadPresenterAt) {
      await presenter.reload();
    } else if (move === reloadAudienceAt) {
      await audience.reload();
    } else if (move === editAt) {
      // One value typed into the presenter's live calculator appears on the projector.
      await presenter.getByRole('navigation', { name: 'All steps' }).getByRole('button').first().click();
      step = 0;
      await expectBothOn(presenter, audience, titles[0]);
      const temperature = presenter.locator('section[data-step="1"]').getByLabel('Temperature');
      await expect(presenter.locator('section[data-step="1"] fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
      await temperature.fill('2');
      await expect(audience.locator('section[data-step="1"]').getByLabel('Temperature')).toHaveValue('2', { timeout: 10_000 });
      // The clicker still works with the field focused (PageDown means nothing in a one-line field).
      await presenter.keyboard.press('PageDown');
      step = 1;
    } else {
      const window = random() < 0.7 ? presenter : audience;
      const kind = pick(['next', 'next', 'previous', 'home', 'end', 'number', 'list'] as const);
      if (kind === 'list') {
        const target = Math.floor(random() * titles.length);
        await presenter.getByRole('navigation', { name: 'All steps' }).getByRole('button').nth(target).click();
        step = target;
      } else if (kind === 'number') {
        const target = 1 + Math.floor(random() * titles.length);
        for (const digit of String(target)) await window.keyboard.press(digit);
        await window.keyboard.press('Enter');
        step = target - 1;
      } else {
        const key = { next: pick(['ArrowRight', 'PageDown', 'Space']), previous: pick(['ArrowLeft', 'PageUp']), home: 'Home', end: 'End' }[kind];
        await window.keyboard.press(key);
        step = kind === 'next' ? Math.min(last, step + 1) : kind === 'previous' ? Math.max(0, step - 1) : kind === 'home' ? 0 : last;
      }
    }
    await expectBothOn(presenter, audience, titles[step]);
  }
  // The presenter's next-step box names the step after the one shown.
  await presenter.getByRole('navigation', { name: 'All steps' }).getByRole('button').nth(2).click();
  const stepListTitles = await presenter.getByRole('navigation', { name: 'All steps' }).getByRole('button').allTextContents();
  await expect(presenter.getByRole('region', { name: 'Next' })).toContainText(stepListTitles[3]);
  // Its preview is typeset as the step is: formulas, not TeX source ("Here d_k = 2 … $1/\\sqrt{2}$").
  await presenter.keyboard.press('PageUp');
  const preview = presenter.getByRole('region', { name: 'Next' });
  await expect(preview.locator('.katex').first()).toBeVisible();
  const prose = await preview.evaluate((box) => {
    const copy = box.cloneNode(true) as HTMLElement;
    for (const formula of copy.querySelectorAll('.katex')) formula.remove();
    return copy.textContent ?? '';
  });
  expect(prose, 'TeX source outside the typeset formulas').not.toMatch(/\\[a-z]+|\$/);
  // Forward and back: the box shows the same preview again, not a loading error.
  const before = await preview.textContent();
  await presenter.keyboard.press('PageDown');
  await presenter.keyboard.press('PageUp');
  await expect(preview.locator('.field-error')).toHaveCount(0);
  await expect.poll(() => preview.textContent()).toBe(before);
  // The edited value survived both reloads, in both windows.
  await presenter.getByRole('navigation', { name: 'All steps' }).getByRole('button').first().click();
  await expectBothOn(presenter, audience, titles[0]);
  await expect(presenter.locator('section[data-step="1"]').getByLabel('Temperature')).toHaveValue('2', { timeout: 10_000 });
  await expect(audience.locator('section[data-step="1"]').getByLabel('Temperature')).toHaveValue('2', { timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('a second presenter window is told that one is already presenting, and does not move the room', async ({ context }) => {
  const first = await openPresenter(context);
  const audience = await openAudience(context);
  const titles = await stepTitles(first);
  await first.keyboard.press('PageDown');
  await expectBothOn(first, audience, titles[1]);

  const second = await openPresenter(context);
  await expect(second.getByRole('alert').filter({ hasText: 'Another window is already presenting' })).toBeVisible();
  await expect(first.getByText('Another window is already presenting')).toHaveCount(0);
  await second.keyboard.press('End');
  await second.waitForTimeout(300);
  await expect(shownHeading(audience)).toHaveText(titles[1]);
  // The first presenter still leads.
  await first.keyboard.press('PageDown');
  await expectBothOn(first, audience, titles[2]);
});

test('malformed messages on the channel are ignored', async ({ context }) => {
  const presenter = await openPresenter(context);
  const audience = await openAudience(context);
  const errors = [...watchErrors(presenter), ...watchErrors(audience)];
  const titles = await stepTitles(presenter);
  await presenter.keyboard.press('PageDown');
  await expectBothOn(presenter, audience, titles[1]);

  const third = await context.newPage();
  errors.push(...watchErrors(third));
  await third.goto('/present/');
  await third.evaluate((slug) => {
    const channel = new BroadcastChannel('attention-lab-present');
    const envelope = { v: 1, deck: slug, from: 'intruder-0001', seq: 1 };
    const state = { step: 5, stepCount: 12, blackout: true, qr: false, calculators: [] };
    for (const message of [
      'not json',
      '{"v":1',
      42,
      null,
      [envelope],
      { ...envelope, v: 2, kind: 'state', state },
      { ...envelope, seq: 2, kind: 'state', state: { ...state, step: 99 } },
      { ...envelope, seq: 3, kind: 'state', state: { ...state, blackout: 'yes' } },
      { ...envelope, seq: 4, kind: 'action', action: { type: 'explode' } },
      { ...envelope, seq: 5, kind: 'action', action: { type: 'goTo', step: -3 } },
      { ...envelope, seq: 6, from: 'x', kind: 'action', action: { type: 'next' } },
      { ...envelope, seq: 7, deck: '../etc', kind: 'action', action: { type: 'next' } },
      { ...envelope, seq: 8, kind: 'claimed', to: 'nobody', since: 'now' },
      { ...envelope, seq: 9, kind: 'mystery' },
    ]) {
      channel.postMessage(message);
    }
    localStorage.setItem('attention-lab-present', '{"nonce":1,"message":{"v":1}}');
    channel.close();
  }, SLUG);
  await presenter.waitForTimeout(500);
  await expectBothOn(presenter, audience, titles[1]);
  await expect(audience.getByTestId('blackout')).toHaveCount(0);
  await expect(presenter.getByText('Another window is already presenting')).toHaveCount(0);
  // And the windows still talk.
  await presenter.keyboard.press('PageDown');
  await expectBothOn(presenter, audience, titles[2]);
  expect(errors).toEqual([]);
});

test('where BroadcastChannel is missing, the windows keep in sync through storage events', async ({ context }) => {
  await context.addInitScript(() => {
    // @ts-expect-error: a browser without BroadcastChannel
    delete window.BroadcastChannel;
  });
  const presenter = await openPresenter(context);
  const audience = await openAudience(context);
  expect(await audience.evaluate(() => typeof BroadcastChannel)).toBe('undefined');
  const titles = await stepTitles(presenter);
  await presenter.keyboard.press('End');
  await expectBothOn(presenter, audience, titles[titles.length - 1]);
  await audience.keyboard.press('Home');
  await expectBothOn(presenter, audience, titles[0]);
});

for (const where of ['presenter', 'audience'] as const) {
  test(`clicker keys work in the ${where} view`, async ({ context }) => {
    const presenter = await openPresenter(context);
    const audience = await openAudience(context);
    const titles = await stepTitles(presenter);
    await expectBothOn(presenter, audience, titles[0]);
    const keys = where === 'presenter' ? presenter.keyboard : audience.keyboard;
    const sequence: [string[], number][] = [
      [['PageDown'], 1],
      [['Space'], 2],
      [['ArrowLeft'], 1],
      [['End'], titles.length - 1],
      [['Home'], 0],
      [['3', 'Enter'], 2],
    ];
    for (const [press, step] of sequence) {
      for (const key of press) await keys.press(key);
      await expectBothOn(presenter, audience, titles[step]);
    }
    await keys.press('b');
    await expect(audience.getByTestId('blackout')).toBeVisible();
    // Only the projector goes black: the presenter keeps the notes and the clock, and is told.
    await expect(presenter.getByTestId('blackout')).toHaveCount(0);
    await expect(presenter.getByRole('heading', { name: 'Notes' })).toBeVisible();
    await expect(presenter.getByText('screen blacked out (B)')).toBeVisible();
    await keys.press('b');
    await expect(audience.getByTestId('blackout')).toHaveCount(0);
  });
}

test('the ? key opens the keys as a dialog: focus moves in, Escape closes it, focus comes back', async ({ page }) => {
  await page.goto(`/present/${SLUG}/`);
  const openButton = page.getByRole('button', { name: 'Keys (?)' });
  await openButton.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keys' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(openButton).toBeFocused();
});

test('a student opens a step by its link and goes on at their own pace', async ({ page }) => {
  await page.goto(`/present/${SLUG}/?step=3`);
  const titles = await stepTitles(page);
  await expect(shownHeading(page)).toHaveText(titles[2]);
  await page.getByRole('button', { name: 'Next step', exact: true }).click();
  await expect(shownHeading(page)).toHaveText(titles[3]);
  await expect(page).toHaveURL(/\?step=4$/);
  await page.getByRole('button', { name: 'Previous step', exact: true }).click();
  await page.getByRole('button', { name: 'Previous step', exact: true }).click();
  await expect(shownHeading(page)).toHaveText(titles[1]);
  // The step's calculator is live and editable.
  const step = page.locator('section[data-step="2"]');
  await expect(step.locator('fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
  await step.getByLabel('Temperature').fill('3');
  await expect(step.getByLabel('Temperature')).toHaveValue('3');
});

test('on a phone, Next at the foot of a long step opens the next one at its top', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/present/${SLUG}/?step=2`);
  const titles = await stepTitles(page);
  await expect(page.locator('section[data-step="2"] fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(shownHeading(page)).not.toBeInViewport();
  await page.getByRole('button', { name: 'Next step', exact: true }).click();
  await expect(shownHeading(page)).toHaveText(titles[2]);
  await expect(shownHeading(page)).toBeInViewport();
});

test('a lesson page links to its walkthrough, and /present/ lists the decks', async ({ page }) => {
  await page.goto('/lessons/scaled-dot-product-attention/');
  await expect(page.getByRole('link', { name: 'Present', exact: true })).toHaveAttribute('href', `/present/${SLUG}/`);
  await page.goto('/present/');
  for (const slug of WALKTHROUGHS) await expect(page.locator(`a[href="/present/${slug}/"]`)).toBeVisible();
  await expect(page.locator('a[href="/present/self-attention/"]')).toBeVisible();
});

for (const [width, height, label] of [
  [1920, 1080, '1920×1080'],
  [960, 540, '1920×1080 at 200 % zoom'],
] as const) {
  test(`every walkthrough step fits the audience screen at ${label}`, async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: width === 960 ? 2 : 1 });
    const audience = await context.newPage();
    const overflowing: string[] = [];
    const tooSmall: string[] = [];
    const cutOff: string[] = [];
    const scales: string[] = [];
    for (const slug of WALKTHROUGHS) {
      await audience.goto(`/present/${slug}/?view=audience`);
      const titles = await stepTitles(audience);
      for (let i = 0; i < titles.length; i++) {
        if (i > 0) await audience.keyboard.press('PageDown');
        const section = audience.locator(`section[data-step="${i + 1}"]`);
        await expect(section).toBeVisible();
        const live = section.locator('fieldset.calculator-live');
        if (await live.count()) await expect(live.first()).toBeEnabled({ timeout: 20_000 });
        // Let the fit follow the calculator's first layout (ResizeObserver, then a frame).
        await audience.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const { bottom, right, viewportHeight, viewportWidth, scale, calculatorText, cut } = await section.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const scale = box.width / (el as HTMLElement).offsetWidth;
          // What the room reads: the median on-screen size of the calculator's visible text
          // (labels, values, readouts), in screen pixels: after the fit's scaling and the zoom.
          const sizes: number[] = [];
          const calculator = el.querySelector('.calculator');
          if (calculator) {
            const walker = document.createTreeWalker(calculator, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const parent = node.parentElement;
              if (!node.textContent?.trim() || !parent?.checkVisibility()) continue;
              sizes.push(parseFloat(getComputedStyle(parent).fontSize) * scale * window.devicePixelRatio);
            }
          }
          sizes.sort((a, b) => a - b);
          const calculatorText = sizes.length ? sizes[Math.floor(sizes.length / 2)] : null;
          // Nobody scrolls a projector: a box whose content is wider than it (a matrix's columns,
          // a heatmap) hides part of the picture.
          const cut = [...el.querySelectorAll<HTMLElement>('*')]
            // (A 1 px box is text for screen readers only: KaTeX's MathML, a figure's description.)
            .filter((e) => e.checkVisibility() && e.clientWidth > 2 && ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
            .map((e) => (e.getAttribute('aria-label') ?? e.querySelector('caption, figcaption, h4')?.textContent ?? e.className).slice(0, 50));
          return { bottom: box.bottom, right: box.right, viewportHeight: window.innerHeight, viewportWidth: window.innerWidth, scale, calculatorText, cut };
        });
        if (cut.length) cutOff.push(`${slug} step ${i + 1}: ${cut.join('; ')}`);
        scales.push(`${slug.split('-')[0]} ${i + 1}: ${scale.toFixed(2)}${calculatorText === null ? '' : ` (text ${calculatorText.toFixed(0)} px)`}`);
        if (bottom > viewportHeight + 0.5 || right > viewportWidth + 0.5) overflowing.push(`${slug} step ${i + 1}: bottom ${bottom.toFixed(0)} of ${viewportHeight}, right ${right.toFixed(0)} of ${viewportWidth}`);
        // A floor against regressions, not a target: the projector's two-column layout reads at
        // 0.39 and 10 px at worst; the lesson's single column, which it replaced, gave 0.34 and
        // 5 px (at 200 % zoom, 0.14 and 6 screen pixels).
        if ((width === 1920 && scale < 0.36) || (calculatorText !== null && calculatorText < 9))
          tooSmall.push(`${slug} step ${i + 1}: scaled to ${scale.toFixed(2)}, calculator text ${calculatorText?.toFixed(1)} px`);
      }
    }
    // The figures: how far each step is scaled down to fit (1 = not at all), and its calculator's text size on screen.
    console.log(`audience scale at ${label}: ${scales.join(', ')}`);
    expect(tooSmall).toEqual([]);
    expect(cutOff, 'pictures cut at the edge of their box').toEqual([]);
    expect(overflowing).toEqual([]);
    await context.close();
  });
}

test('the next-step box shows its preview again after a step forward and back', async ({ page }) => {
  await page.goto(`/present/${SLUG}/`);
  const next = page.getByRole('region', { name: 'Next' });
  await expect(next.locator('.katex').first()).toBeVisible();
  const first = await next.textContent();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => next.textContent()).not.toBe(first);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => next.textContent()).toBe(first);
  await expect(next.locator('.field-error')).toHaveCount(0);
});

test('the projector shows the step with no controls: values as text, no buttons', async ({ context }) => {
  const audience = await openAudience(context);
  await audience.keyboard.press('PageDown');
  const step = audience.locator('section[data-step="2"]');
  await expect(step.locator('fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
  await expect(step.getByRole('table').first()).toBeVisible();
  expect(await step.locator('button, .control-row').filter({ visible: true }).count(), 'buttons on the projector').toBe(0);
  const temperature = step.getByLabel('Temperature');
  await expect(temperature).toBeVisible();
  expect(await temperature.evaluate((e) => [getComputedStyle(e).borderTopColor, getComputedStyle(e).backgroundColor])).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
});

test('a projector or a phone never shows the presenter\'s layout and notes, even before the scripts run', async ({ browser }) => {
  // No scripts from files: the page as it is painted before React has chosen the view.
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.route('**/*.js', (route) => route.abort());
  const page = await context.newPage();
  for (const [query, view] of [['?view=audience', 'audience'], ['?step=2', 'student'], ['?view=handout', 'handout']] as const) {
    await page.goto(`/present/${SLUG}/${query}`);
    await expect(page.locator('html')).toHaveAttribute('data-present-boot', view);
    await expect(page.getByRole('heading', { name: 'Notes' })).toBeHidden();
    await expect(page.locator('section[data-step="1"] h2')).toBeHidden();
  }
  await page.goto(`/present/${SLUG}/`);
  await expect(page.locator('html')).toHaveAttribute('data-present-boot', 'presenter');
  await expect(page.locator('section[data-step="1"] h2')).toBeVisible();
  await context.close();
});

test('axe finds no serious or critical violations in the presenter, audience and student views', async ({ context }) => {
  test.setTimeout(120_000);
  const presenter = await openPresenter(context);
  const audience = await openAudience(context);
  const student = await context.newPage();
  await student.goto(`/present/${SLUG}/?step=2`);
  for (const page of [presenter, audience, student]) {
    await expect(page.locator('section[data-step]:not([hidden]) fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
    const { violations } = await axeScan(page).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, page.url()).toEqual([]);
  }
});

test('the presenter and the projector take the whole window; a student keeps the site around the deck', async ({ context }) => {
  const presenter = await openPresenter(context);
  const audience = await openAudience(context);
  for (const page of [presenter, audience]) {
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(page.getByRole('contentinfo')).toBeHidden();
  }
  // The presenter's main column is as wide as the window, not the reading width of a lesson.
  const main = presenter.locator('.site-main');
  expect(await main.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(0.9 * presenter.viewportSize()!.width);
  const student = await context.newPage();
  await student.goto(`/present/${SLUG}/?step=1`);
  await expect(shownHeading(student)).toBeVisible();
  await expect(student.getByRole('banner')).toBeVisible();
  // The presenter's link to the lesson leads back to a page with the site's header.
  await presenter.getByRole('link', { name: 'Lesson', exact: true }).click();
  await expect(presenter.getByRole('heading', { level: 1 })).not.toHaveText(/present/i);
  await expect(presenter.getByRole('banner')).toBeVisible();
});
