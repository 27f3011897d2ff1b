/**
 * Share links applied while the page is open, with no reload (`hashchange`): a copied link pasted
 * into the address bar, an instructor's list of in-page links to examples, a tampered link (a
 * notice, and the learner's state kept), and deep or huge links refused at once with a notice and
 * without freezing the page (no main-thread task over 200 ms). The page has three calculators,
 * each of which used to decode the fragment itself.
 */
import { expect, test, type Page } from '@playwright/test';
import { deflateSync } from 'fflate';
import { presetState } from '../../lib/calculators/calculatorSpec';
import { metricsSpec } from '../../lib/calculators/metricsSpec';
import { encodeBase64url } from '../../lib/share/base64url';
import { encodeShareFragment } from '../../lib/share/shareLink';
import { copiedLink, grantClipboard, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/evaluation-metrics/';

/** A link's fragment for the metrics calculator `embedId`, with some fields changed from the preset. */
function linkTo(embedId: string, patch: Record<string, unknown>): string {
  const state = { ...presetState(metricsSpec, 'synthetic'), ...patch };
  return '#' + encodeShareFragment(embedId, { calculator: metricsSpec.name, version: metricsSpec.stateVersion, state });
}

/** Opens the page and waits until all three calculators have hydrated and shown numbers. */
async function openPage(page: Page) {
  await page.goto(PAGE);
  // Each calculator loads its code and computes in a worker: on a loaded machine that takes seconds.
  for (const calc of await page.locator('[data-calculator="evaluation-metrics"]').all()) await expect(calc.getByTestId('tp')).toContainText('TP', { timeout: 15_000 });
  // Survives a change of fragment, not a reload.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
const setHash = (page: Page, hash: string) => page.evaluate((h) => (window.location.hash = h), hash);

test('a copied link pasted into the address bar, and an in-page link to another example, apply without a reload', async ({ page, context }) => {
  test.slow(); // Seven states to compute, one after the other, on a loaded machine.
  await grantClipboard(context);
  const errors = watchErrors(page);
  await openPage(page);
  const calc = page.locator('#synthetic');
  const samples = calc.getByLabel('Samples');
  const threshold = calc.getByLabel('exact threshold');

  // The learner's link: 500 samples at threshold 0.35, copied, then the calculator reset.
  await samples.fill('500');
  await threshold.fill('0.35');
  // The numbers for exactly this state, not the previous result still on screen while it computes.
  await expect(calc.getByRole('table', { name: /Confusion matrix \(500 samples, \d+ positive\) at threshold 0\.35$/ })).toBeVisible();
  const confusion = await calc.getByRole('table', { name: /Confusion matrix/ }).innerText();
  const link = await copiedLink(page, calc);
  await calc.getByRole('button', { name: 'Reset' }).click();
  await expect(samples).toHaveValue('200');
  await expect(calc.getByRole('table', { name: /Confusion matrix \(200 samples/ })).toBeVisible();

  // Pasted into the address bar of this tab.
  await setHash(page, new URL(link).hash);
  await expect(samples).toHaveValue('500');
  await expect(threshold).toHaveValue('0.35');
  await expect.poll(() => calc.getByRole('table', { name: /Confusion matrix/ }).innerText()).toBe(confusion);
  expect(await sameDocument(page)).toBe(true);

  // An instructor's list of examples on the page, one of them for the second calculator.
  await page.evaluate(
    ([wellSeparated, rare]) => {
      const list = document.createElement('ul');
      list.innerHTML = `<li><a href="${wellSeparated}">Well separated, 300 samples</a></li><li><a href="${rare}">Rare positives, 40 samples</a></li>`;
      document.querySelector('main h1')!.after(list);
    },
    [linkTo('synthetic', { n: 300, separation: 3 }), linkTo('evaluation-metrics-2', { n: 40, positiveShare: 0.1 })],
  );
  await page.getByRole('link', { name: 'Well separated, 300 samples' }).click();
  await expect(samples).toHaveValue('300');
  await expect(calc.getByLabel('Separation').first()).toHaveValue('3');
  await expect(calc.getByRole('table', { name: /Confusion matrix \(300 samples, 90 positive\)/ })).toBeVisible();
  await expect(calc).toBeInViewport();
  // Edited, then the same example clicked again (no hashchange): the example comes back.
  await samples.fill('250');
  await expect(calc.getByRole('table', { name: /Confusion matrix \(250 samples/ })).toBeVisible();
  await page.getByRole('link', { name: 'Well separated, 300 samples' }).click();
  await expect(samples).toHaveValue('300');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('link', { name: 'Rare positives, 40 samples' }).click();
  const second = page.locator('#evaluation-metrics-2');
  await expect(second.getByRole('table', { name: /Confusion matrix \(40 samples, 4 positive\)/ })).toBeVisible();
  await expect(second).toBeInViewport();
  await expect(samples).toHaveValue('300');

  // Back through history is a change of fragment too: two steps back is the pasted link.
  await page.goBack();
  await page.goBack();
  await expect(samples).toHaveValue('500');
  await expect(threshold).toHaveValue('0.35');
  expect(await sameDocument(page)).toBe(true);
  await expect(page.locator('.calculator-notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('tampered, deep and huge links leave what the calculator shows, say why, and never freeze the page', async ({ page }) => {
  test.slow(); // Two page states to compute on a loaded machine, then up to three rounds of five links.
  const errors = watchErrors(page);
  // When the page starts handling each link: a listener added before the calculators' own runs first.
  await page.addInitScript(() => {
    const w = window as unknown as { __links: [number, number][] };
    w.__links = [];
    window.addEventListener('hashchange', () => w.__links.push([performance.now(), NaN]));
  });
  await openPage(page);
  const calc = page.locator('#synthetic');
  const samples = calc.getByLabel('Samples');
  await samples.fill('700');
  await expect(calc.getByRole('table', { name: /Confusion matrix \(700 samples/ })).toBeVisible();
  const notice = calc.locator('.calculator-notice p');
  // ... and when it is done: a listener added after theirs runs last. Long tasks are recorded too.
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: [number, number][]; __links: [number, number][] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push([e.startTime, e.startTime + e.duration]))).observe({ type: 'longtask' });
    window.addEventListener('hashchange', () => (w.__links[w.__links.length - 1][1] = performance.now()));
  });

  const good = linkTo('synthetic', { n: 300 });
  // 30,000 levels of nesting (60 KB, under the size limit) deflate to a few hundred characters.
  const levels = 30_000;
  const deep = new TextEncoder().encode(`{"c":"evaluation-metrics","v":1,"s":${'['.repeat(levels)}${']'.repeat(levels)}}`);
  // Small to send, far too big unpacked: a deflate bomb (of spaces, which JSON allows anywhere).
  const bomb = deflateSync(new Uint8Array(8_000_000).fill(0x20), { level: 9 });
  const refused: [string, string | RegExp][] = [
    // A character of the payload changed to one no link contains.
    [good.slice(0, 20) + '*' + good.slice(21), /^This link is damaged: it contains "\*".* This calculator keeps what it showed\.$/],
    // Well formed, but a value the calculator does not accept: the whole link is refused, not half of it.
    [linkTo('synthetic', { n: 99_999, threshold: 0.2 }), /could not be opened \(Samples must be a whole number from 4 to 2000.* This calculator keeps what it showed\.$/],
    ['#synthetic~1' + encodeBase64url(deflateSync(deep, { level: 9 })), 'This link is damaged: its state is nested more than 64 levels deep. This calculator keeps what it showed.'],
    ['#synthetic~1' + encodeBase64url(bomb), 'This link is damaged or too long to open: its state unpacks to more than 64 KiB. This calculator keeps what it showed.'],
    // Longer than any link the site writes.
    ['#synthetic~0' + 'A'.repeat(40_000), 'This link is damaged or too long to open: it is longer than any link Attention Lab writes. This calculator keeps what it showed.'],
  ];

  // The longest task that handled a link must stay under 200 ms (a deep link decoded by each of
  // the three calculators took 1.9 s). Long tasks that handled no link (the browser's own work,
  // drawing) are left out. A loaded machine can stretch any task, so up to three rounds are run:
  // a slow decoder is slow in every round, a busy moment is not.
  const rounds: number[][] = [];
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: unknown[]; __links: unknown[] };
      w.__longTasks = [];
      w.__links = [];
    });
    for (const [hash, text] of refused) {
      await setHash(page, hash);
      await expect(notice).toHaveText(text);
      await expect(notice).toBeVisible();
      await expect(samples).toHaveValue('700');
    }
    await expect(calc.getByLabel('exact threshold')).toHaveValue('0.5');
    const { links, longTasks } = await page.evaluate(() => {
      const w = window as unknown as { __longTasks: [number, number][]; __links: [number, number][] };
      return { links: w.__links, longTasks: w.__longTasks };
    });
    expect(links.length, 'each refused link was handled once').toBe(refused.length);
    rounds.push(links.map(([start, end]) => Math.round(Math.max(end - start, ...longTasks.filter(([s, e]) => s <= end && e >= start).map(([s, e]) => e - s)))));
    if (Math.max(...rounds[round]) < 200) break;
  }
  console.log(`  longest task handling each refused link, ms, per round: ${JSON.stringify(rounds)}`);
  expect(Math.min(...rounds.map((r) => Math.max(...r))), `longest task handling a link, in ms, per round: ${JSON.stringify(rounds)}`).toBeLessThan(200);
  await expect(calc.getByRole('table', { name: /Confusion matrix \(700 samples/ })).toBeVisible();

  // A good link afterwards opens, and the notice about the old one goes.
  await setHash(page, good);
  await expect(samples).toHaveValue('300');
  await expect(calc.getByRole('table', { name: /Confusion matrix \(300 samples/ })).toBeVisible();
  await expect(calc.locator('.calculator-notice')).toHaveCount(0);
  expect(await sameDocument(page)).toBe(true);
  expect(errors).toEqual([]);
});
