/**
 * The site offline after one visit (issue 13): the service worker (lib/serviceWorker/) precaches
 * the export on the first visit; then, with the network off, a lesson, a calculator page whose
 * worker recomputes after a change, /practice with a question loaded, /progress, the glossary and
 * a soft navigation of Next's client router all show their real content. And a new deploy is
 * announced with a notice whose "Reload" activates it.
 *
 * The only spec that lets service workers run (playwright.config.ts blocks them for the others).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { screenshot, watchErrors } from './support/calculatorPage';

test.use({ serviceWorkers: 'allow' });

/** The first visit: waits until the worker has precached everything and controls the page. */
async function installOffline(page: Page): Promise<number> {
  const started = Date.now();
  await page.goto('/');
  // The worker activates only once every precached file is stored, and then claims the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  return Date.now() - started;
}

/** The build the controlling worker serves (it answers GET_VERSION). */
function activeVersion(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data as string);
        navigator.serviceWorker.controller!.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
      }),
  );
}

/** Any CSP violation becomes a console error, which watchErrors reports. */
async function reportCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`));
  });
}

// One test, one install: the first visit downloads the whole precache (20-50 s on a loaded
// 2-core machine), which the update check then reuses.
test('after one visit the site works offline; a new deploy is announced and Reload switches to it', async ({ page, context }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  // A miss offline fails with ERR_INTERNET_DISCONNECTED or ERR_FAILED; ERR_ABORTED is a prefetch
  // cut short by the next goto, or a HEAD request (Chromium reports each as aborted, online too).
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  await reportCspViolations(page);

  const installMs = await installOffline(page);
  const stored = await page.evaluate(async () => {
    const names = await caches.keys();
    const precache = names.find((name) => name.startsWith('attention-lab-precache'));
    return { names, entries: precache ? (await (await caches.open(precache)).keys()).length : 0 };
  });
  console.log(`offline: precache installed in ${installMs} ms, ${stored.entries} entries in ${stored.names.join(', ')}`);
  expect(stored.entries).toBeGreaterThan(100);

  await context.setOffline(true);
  const notFromWorker: string[] = [];
  page.on('response', (response) => {
    if (!response.fromServiceWorker()) notFromWorker.push(response.url());
  });

  // A lesson, opened by address: its prose, maths and a calculator's prerendered numbers.
  await page.goto('/lessons/scaled-dot-product-attention/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scaled dot-product attention');
  await expect(page.locator('.lesson-body .katex').first()).toBeVisible();

  // A calculator page: a change makes the worker (and its SIMD kernel) compute anew, offline.
  await page.goto('/calculators/why-sqrt-d/');
  const calc = page.locator('#sqrt-d');
  const saturated = calc.getByTestId('unscaled-saturated');
  await expect(saturated).toHaveText(/%/);
  const before = await saturated.innerText();
  await calc.getByLabel('d', { exact: true }).selectOption('512');
  await expect.poll(() => saturated.innerText(), { timeout: 20_000 }).not.toBe(before);

  // Practice: a question's content comes from /practice-data/, through the worker.
  await page.goto('/practice/');
  const question = page.locator('[data-question-id]');
  await expect(question).toBeVisible({ timeout: 15_000 });
  expect((await question.innerText()).length).toBeGreaterThan(20);
  await expect(page.getByText(/Could not load/)).toHaveCount(0);

  await page.goto('/progress/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your progress');

  await page.goto('/glossary/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glossary');
  await expect(page.locator('#glossary-logit')).toBeVisible();

  // A soft navigation: the router prefetches the lesson's segments (HEAD + _tree + page segment),
  // then shows it without loading a document.
  // (Offline, the prefetch starts only if the worker answers its HEAD request.)
  // Its answer, not just the request: a click while the prefetch is still on its way was once
  // (1 in ~10 full runs, under load) a document load instead of a soft navigation.
  const prefetched = page.waitForResponse((response) => response.url().includes('/lessons/masking/__next.lessons.'), { timeout: 20_000 });
  await page.goto('/lessons/');
  const link = page.locator('main a[href="/lessons/masking/"]').first();
  await link.hover(); // links prefetch on intent: pointer, touch or focus (components/IntentLink.tsx)
  await prefetched;
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  await link.click();
  await expect(page).toHaveURL(/\/lessons\/masking\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Masking');
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(documents).toEqual([]);

  expect(notFromWorker).toEqual([]);
  expect(errors).toEqual([]);

  await context.setOffline(false);
  await test.step('a new deploy is announced; Reload, by keyboard, switches to it', () => updateToNextDeploy(page, errors));
});

/** The precache's URLs with their revisions (`?__WB_REVISION__=`), as the page sees them. */
function precachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.startsWith('attention-lab-precache'))!;
    return (await (await caches.open(name)).keys()).map((request) => request.url.replace(location.origin, ''));
  });
}

/**
 * The next deploy: out/sw.js becomes another build's worker (another build id, /glossary/ changed,
 * /sources/ gone) until `restore()`. It must be /sw.js itself: every page registers that URL, so a
 * worker under another name would be replaced by /sw.js on the next load. (Playwright's routes do
 * not see the browser's update check, so the file is changed; other specs block service workers.)
 */
function writeNextDeploy(version: string): { restore(): void } {
  const file = join(process.cwd(), 'out', 'sw.js');
  const original = readFileSync(file, 'utf8');
  const changed = /\{"revision":"[0-9a-f]+","url":"\/glossary\/"\}/;
  const gone = /\{"revision":"[0-9a-f]+","url":"\/sources\/"\},?/;
  expect(original).toMatch(changed);
  expect(original).toMatch(gone);
  const next = original
    .replace(changed, '{"revision":"next","url":"/glossary/"}')
    .replace(gone, '')
    .replace(JSON.stringify(version), JSON.stringify(`${version}-next`));
  writeFileSync(file, next);
  return { restore: () => writeFileSync(file, original) };
}

/** A new deploy: the notice, Reload by keyboard, the new worker in control and its cache. */
async function updateToNextDeploy(page: Page, errors: string[]): Promise<void> {
  await page.goto('/');
  const first = await activeVersion(page);
  expect((await precachedUrls(page)).filter((u) => u.startsWith('/sources/?'))).toHaveLength(1);

  const next = writeNextDeploy(first);
  try {
    // What the browser does on a navigation or when the tab comes back: check sw.js for a change.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

    const notice = page.getByRole('status').filter({ hasText: 'A new version of Attention Lab is ready.' });
    await expect(notice).toBeVisible({ timeout: 20_000 });
    const reload = notice.getByRole('button', { name: 'Reload' });
    // Inside the viewport, above the page, readable.
    const box = (await notice.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(await notice.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    // The old worker still serves this page until the reader chooses.
    expect(await activeVersion(page)).toBe(first);

    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        await screenshot(page, `update-notice-${width}-${colorScheme}`);
      }
    }
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: 'light' });

    // Keyboard: the notice's button comes right after "Skip to content".
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(reload).toBeFocused();
    const reloaded = page.waitForEvent('load');
    await page.keyboard.press('Enter');
    await reloaded;
    await expect.poll(() => activeVersion(page)).toBe(`${first}-next`);
    await expect(page.getByText('A new version of Attention Lab is ready.')).toHaveCount(0);

    // The new list is the cache: the changed page under its new revision, the dropped one gone.
    // The new list is the cache: the changed page under its new revision, the dropped one gone
    // (deleted while the new worker activates, which may end after it took control).
    await expect
      .poll(async () => (await precachedUrls(page)).filter((u) => u.startsWith('/glossary/?') || u.startsWith('/sources/?')))
      .toEqual(['/glossary/?__WB_REVISION__=next']);
  } finally {
    next.restore();
  }
  expect(errors).toEqual([]);
}
