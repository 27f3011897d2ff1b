/**
 * The static site as a reader meets it: served from out/ on 127.0.0.1, in Chromium. Every test
 * also checks that no request left localhost and nothing was logged as an error, because the site
 * promises to work offline in a classroom.
 */

import { mkdirSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { axeScan } from './support/axeScan';

const screenshotDir = '/tmp/shots';

/**
 * Lesson addresses in reading order, read from the built lessons index rather than written here,
 * so adding, renaming or reordering lessons in content/ never breaks these tests.
 */
async function lessonPaths(page: Page): Promise<string[]> {
  await page.goto('/lessons/');
  const hrefs = await page.locator('.lesson-index h2 a').evaluateAll((links) =>
    links.map((link) => link.getAttribute('href') ?? ''),
  );
  expect(hrefs.length, 'lessons on the index page').toBeGreaterThan(0);
  return hrefs;
}

/** The lesson with neighbours on both sides when there are three or more, else the last one. */
function middleLesson(paths: string[]): { path: string; position: number } {
  const index = Math.min(1, paths.length - 1);
  return { path: paths[index], position: index + 1 };
}

interface PageProblems {
  offsiteRequests: string[];
  consoleErrors: string[];
  failedResponses: string[];
}

const localHosts = new Set(['127.0.0.1', 'localhost']);

/** Collects requests to other hosts, console errors, uncaught exceptions and failed responses. */
function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { offsiteRequests: [], consoleErrors: [], failedResponses: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !localHosts.has(url.hostname)) {
      problems.offsiteRequests.push(request.url());
    } else if (url.protocol !== 'http:' && url.protocol !== 'data:' && url.protocol !== 'blob:') {
      problems.offsiteRequests.push(request.url());
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedResponses.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

/**
 * Every test watches its page (auto fixture) and fails on an off-site request, a console error or
 * a failed response; `allowNotFound` lets tests that visit unknown addresses expect their 404s.
 */
const test = base.extend<{ pageProblems: PageProblems; allowNotFound: boolean }>({
  allowNotFound: [false, { option: true }],
  pageProblems: [
    async ({ page, allowNotFound }, use) => {
      const problems = watchPage(page);
      await use(problems);
      expect(problems.offsiteRequests, 'requests to hosts other than localhost').toEqual([]);
      if (allowNotFound) {
        problems.consoleErrors = problems.consoleErrors.filter((text) => !text.includes('404'));
        problems.failedResponses = problems.failedResponses.filter((line) => !line.startsWith('404 '));
      }
      expect(problems.failedResponses, 'failed responses').toEqual([]);
      expect(problems.consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await axeScan(page).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

async function waitForHydration(page: Page): Promise<void> {
  // The toggle's aria-pressed is absent in the prerendered HTML and set once React has hydrated.
  await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', /true|false/);
}

test.describe('pages', () => {
  test('home says what the site is and links to the lessons', async ({ page }) => {
    // Links prefetch on intent, not on entering the viewport (components/IntentLink.tsx): the idle
    // page fetches no other page's router data, and pointing at a link fetches that page's.
    const routerFetches: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).searchParams.has('_rsc')) routerFetches.push(new URL(request.url()).pathname);
    });
    await page.goto('/');
    await expect(page).toHaveTitle('Attention Lab');
    await expect(page.getByRole('heading', { level: 1, name: 'Attention Lab' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lessons' })).toHaveAttribute(
      'href',
      '/lessons/',
    );
    await expect(page.getByRole('link', { name: /^Start with/ })).toHaveAttribute('href', /^\/lessons\/[^/]+\/$/);
    await waitForHydration(page);
    await page.waitForLoadState('networkidle');
    expect(routerFetches, 'router data fetched while the page sat idle').toEqual([]);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lessons' }).hover();
    await expect.poll(() => routerFetches.filter((path) => path.startsWith('/lessons/'))).not.toEqual([]);
    expect(routerFetches.filter((path) => !path.startsWith('/lessons/')), 'router data of pages not pointed at').toEqual([]);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lessons' }).click();
    await expect(page).toHaveURL(/\/lessons\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Lessons' })).toBeVisible();
  });

  test('lessons index lists the lessons in order with minutes and topics', async ({ page }) => {
    const paths = await lessonPaths(page);
    const cards = page.locator('.lesson-index > li');
    await expect(cards).toHaveCount(paths.length);
    await expect(cards.first().getByRole('link')).toHaveAttribute('href', paths[0]);
    await expect(cards.first()).toContainText(/\d+ min/);
    await expect(cards.first().locator('.tag').first()).toBeVisible();
  });

  test('a lesson page shows its place in the sidebar and links to its neighbours', async ({ page }) => {
    const paths = await lessonPaths(page);
    const { path, position } = middleLesson(paths);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const sidebar = page.locator('.lesson-sidebar-wide');
    await expect(sidebar).toBeVisible();
    await expect(sidebar).toContainText(`Lesson ${position} of ${paths.length}`);
    await expect(sidebar.locator('a[aria-current="page"]')).toHaveAttribute('href', path);
    await expect(sidebar.locator('li')).toHaveCount(paths.length);

    const prevNext = page.getByRole('navigation', { name: 'Previous and next lesson' });
    if (paths.length === 1) {
      await expect(prevNext, 'a single lesson has no neighbours').toHaveCount(0);
      return;
    }
    await expect(prevNext.locator('a[rel="prev"]')).toHaveAttribute('href', paths[position - 2]);
    if (position < paths.length) await expect(prevNext.locator('a[rel="next"]')).toHaveAttribute('href', paths[position]);

    await waitForHydration(page);
    await prevNext.locator('a[rel="prev"]').click();
    await expect(page).toHaveURL(new RegExp(`${paths[0]}$`));
    await expect(page.locator('.lesson-sidebar-wide')).toContainText(`Lesson 1 of ${paths.length}`);
    await expect(page.locator('.prev-next a[rel="prev"]')).toHaveCount(0);
    await expect(page.locator('.prev-next a[rel="next"]')).toHaveAttribute('href', paths[1]);
  });

  test('the skip link moves focus to the main content', async ({ page }) => {
    await page.goto((await lessonPaths(page))[0]);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });

  test.describe('unknown addresses', () => {
    test.use({ allowNotFound: true });
    test('show the 404 page', async ({ page }) => {
      const response = await page.goto('/no-such-page/');
      expect(response?.status(), 'HTTP status of an unknown page').toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'See all lessons' })).toBeVisible();
      const lesson = await page.goto('/lessons/no-such-lesson/');
      expect(lesson?.status(), 'HTTP status of an unknown lesson').toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    });
  });
});

test.describe('themes', () => {
  test('follow the system by default', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });

  test('the toggle switches the theme and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto((await lessonPaths(page))[0]);
    await waitForHydration(page);
    const html = page.locator('html');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(html).toHaveAttribute('data-theme', 'light');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBackground, 'the dark theme changes the page background').not.toBe(lightBackground);

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await waitForHydration(page);
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');

    // Back to what the system prefers: the override is forgotten and the site follows the system.
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => localStorage.getItem('attention-lab-theme')), 'stored override').toBeNull();
  });
});

test.describe('accessibility', () => {
  // axe checks every node of a long lesson (formulas, questions, glossary popovers): 30-40 s on
  // this 2-core machine while another browser runs, so these scans get more than the default 30 s.
  test.describe.configure({ timeout: 120_000 });
  // The light theme of every page is scanned by everyPage.spec.ts; here the dark theme.
  for (const colorScheme of ['dark'] as const) {
    for (const pageName of ['home', 'lessons index', 'lesson'] as const) {
      test(`the ${pageName} page has no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
        const path =
          pageName === 'home' ? '/' : pageName === 'lessons index' ? '/lessons/' : middleLesson(await lessonPaths(page)).path;
        await page.emulateMedia({ colorScheme });
        await page.goto(path);
        await waitForHydration(page);
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
      });
    }
  }

  // Every lesson is scanned at 390 px by everyPage.spec.ts; here, that the phone gets its own layout.
  test('the phone layout swaps the wide sidebar for the narrow one', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(middleLesson(await lessonPaths(page)).path);
    await waitForHydration(page);
    await expect(page.locator('.lesson-sidebar-wide')).toBeHidden();
    await expect(page.locator('.lesson-sidebar-narrow')).toBeVisible();
  });
});

test.describe('screenshots', () => {
  // For people, not assertions: `SCREENSHOTS=1 npx playwright test site.spec.ts -g screenshot`,
  // then look at /tmp/shots/. Skipped otherwise: a minute of CI that checks nothing. (The print
  // test below asserts, so it always runs.)
  test.use({ allowNotFound: true });
  test.beforeAll(() => mkdirSync(screenshotDir, { recursive: true }));

  const shots = [
    { name: 'home-light', path: '/', colorScheme: 'light', width: 1280 },
    { name: 'home-dark', path: '/', colorScheme: 'dark', width: 1280 },
    { name: 'lessons-light', path: '/lessons/', colorScheme: 'light', width: 1280 },
    { name: 'lesson-light', path: 'lesson', colorScheme: 'light', width: 1280 },
    { name: 'lesson-dark', path: 'lesson', colorScheme: 'dark', width: 1280 },
    { name: 'lesson-phone', path: 'lesson', colorScheme: 'light', width: 390 },
    { name: 'home-phone-dark', path: '/', colorScheme: 'dark', width: 390 },
    { name: 'not-found', path: '/no-such-page/', colorScheme: 'light', width: 1280 },
  ] as const;

  for (const shot of shots) {
    test(`screenshot ${shot.name}`, async ({ page }) => {
      test.skip(!process.env.SCREENSHOTS, 'pictures for people: set SCREENSHOTS=1');
      await page.setViewportSize({ width: shot.width, height: shot.width < 600 ? 844 : 800 });
      await page.emulateMedia({ colorScheme: shot.colorScheme });
      await page.goto(shot.path === 'lesson' ? middleLesson(await lessonPaths(page)).path : shot.path);
      await waitForHydration(page);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `${screenshotDir}/${shot.name}.png`, fullPage: true });
    });
  }

  test('screenshot lesson-print (dark theme chosen, printed black on white)', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(middleLesson(await lessonPaths(page)).path);
    await waitForHydration(page);
    await page.emulateMedia({ colorScheme: 'dark', media: 'print' });
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.locator('.lesson-sidebar')).toBeHidden();
    const colours = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colours, 'print colours').toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });
    // The picture, like the others, only with SCREENSHOTS=1: a full-page shot of a long lesson was
    // seconds of every run, and nothing asserts on it.
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${screenshotDir}/lesson-print.png`, fullPage: true });
  });
});
