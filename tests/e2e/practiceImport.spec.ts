/**
 * Importing progress off the main thread (issue 13): a large file shows a labelled progress bar
 * while a worker checks and merges it, then the result; a corrupt one is refused with the same
 * message as ever, naming the record, and what was saved stays exactly as it was; so is one too
 * big for the browser's storage, with its size.
 */
import { expect, test, type Page } from '@playwright/test';
import { axeScan } from './support/axeScan';
import { watchErrors } from './support/calculatorPage';
import { storedProgress, storedSnapshot } from './support/storedProgress';

const START = Date.parse('2026-01-01T00:00:00.000Z');

/** An export of `n` reviews over two questions, one a minute, as the site writes files. */
function exportFile(n: number, edit?: (reviews: Record<string, unknown>[]) => void): Buffer {
  const reviews: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({
    questionId: i % 2 ? 'rope-basics' : 'softmax-basics',
    reviewedAt: new Date(START + i * 60_000).toISOString(),
    rating: 3,
    correct: true,
    seconds: 12,
  }));
  edit?.(reviews);
  const progress = { version: 3, cards: {}, reviews, mocks: [], settings: { newPerDay: 10, updatedAt: '1970-01-01T00:00:00.000Z' } };
  return Buffer.from(JSON.stringify({ format: 'attention-lab-progress', exportedAt: '2026-06-01T00:00:00.000Z', progress }, null, 1));
}

/** Records, from inside the page, every state of the import progress bar and the status line. */
async function watchImport(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bars: { label: string; width: number; height: number; visible: boolean }[]; __said: string[] };
    w.__bars = [];
    w.__said = [];
    const status = document.querySelector('#your-data [role="status"]')!;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('#your-data progress');
      if (bar) {
        const box = bar.getBoundingClientRect();
        const label = bar.labels?.[0]?.textContent ?? '';
        w.__bars.push({ label, width: box.width, height: box.height, visible: getComputedStyle(bar).visibility === 'visible' && box.width > 0 });
      }
      const said = status.textContent ?? '';
      if (said && w.__said.at(-1) !== said) w.__said.push(said);
    }).observe(document.querySelector('#your-data')!, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

async function openYourData(page: Page): Promise<void> {
  await page.goto('/progress/');
  await expect(page.locator('#your-data input[type="file"]')).toBeEnabled();
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

test('a large file imports in a worker behind a labelled progress bar, then shows the result', async ({ page }) => {
  test.slow(); // a 3 MB file on a loaded 2-core machine
  const errors = watchErrors(page);
  await openYourData(page);
  await watchImport(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'year.json', mimeType: 'application/json', buffer: exportFile(30_000) });

  const status = page.locator('#your-data [role="status"]');
  await expect(status).toContainText('Imported year.json: 30000 new reviews', { timeout: 30_000 });
  await expect(page.locator('.progress-summary')).toContainText('30000 reviews');
  await expect(page.locator('#your-data progress')).toHaveCount(0);
  const { bars, said } = await page.evaluate(() => {
    const w = window as unknown as { __bars: { label: string; width: number; height: number; visible: boolean }[]; __said: string[] };
    return { bars: w.__bars, said: w.__said };
  });
  // The bar was on screen, a real size, named by its label, and counted the records it checked.
  expect(bars.length).toBeGreaterThan(0);
  expect(bars.every((b) => b.visible && b.width >= 150 && b.height >= 6)).toBe(true);
  expect(bars[0].label).toBe('Importing year.json: reading the file…');
  expect(bars.map((b) => b.label)).toContainEqual(expect.stringMatching(/^Importing year\.json: checking [\d,]+ of 30,000 records…$/));
  // The status line said each step once (polite), then the result.
  expect(said[0]).toBe('Importing year.json: reading the file…');
  expect(said).toContain('Importing year.json: merging it with your progress…');
  expect(said.at(-1)).toMatch(/^Imported year\.json: 30000 new reviews/);
  expect(workers.length).toBeGreaterThan(0);
  const saved = (await storedProgress(page))?.reviews.length;
  expect(saved).toBe(30_000);
  expect(errors).toEqual([]);
});

test('while importing, the bar is labelled and the page passes axe; a corrupt file is refused by name and saved data is untouched', async ({ page }) => {
  const errors = watchErrors(page);
  await openYourData(page);
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: exportFile(3) });
  await expect(page.locator('#your-data [role="status"]')).toContainText('Imported mine.json: 3 new reviews');
  await expect.poll(async () => (await storedProgress(page))?.reviews.length).toBe(3);
  const before = await storedSnapshot(page);

  await watchImport(page);
  const corrupt = exportFile(5_000, (reviews) => {
    reviews[4321].rating = 9;
  });
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'corrupt.json', mimeType: 'application/json', buffer: corrupt });
  const status = page.locator('#your-data [role="status"]');
  await expect(status).toHaveText('Not imported: the file has a problem: reviews[4321].rating must be 1, 2, 3 or 4, got 9. Nothing was changed.');
  await expect(status).toHaveClass(/import-error/);
  await expect(page.locator('#your-data progress')).toHaveCount(0);
  expect(await storedSnapshot(page)).toBe(before);
  await expect(page.locator('.progress-summary')).toContainText('3 reviews');
  const said = await page.evaluate(() => (window as unknown as { __said: string[] }).__said);
  expect(said[0]).toBe('Importing corrupt.json: reading the file…');

  // Not JSON at all: the parser's complaint, as before.
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'half.json', mimeType: 'application/json', buffer: corrupt.subarray(0, 2000) });
  await expect(status).toContainText('Not imported: the file is not JSON (');
  expect(await storedSnapshot(page)).toBe(before);

  // More than the browser's storage can hold (filled nearly full by another key): refused with
  // the size, and neither the saved progress nor the numbers on the page change.
  await page.evaluate(() => {
    for (let size = 5_400_000; size > 0; size -= 100_000) {
      try {
        localStorage.setItem('filler', 'x'.repeat(size));
        return;
      } catch {
        // too big: try a little less
      }
    }
  });
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: exportFile(2_000) });
  await expect(status).toContainText(/^Not imported: with big\.json, your progress would take 0\.\d MB, and this browser has no room for that in its storage for this site, so it could not be saved\. Nothing was changed;/);
  await expect(status).toHaveClass(/import-error/);
  expect(await storedSnapshot(page)).toBe(before);
  await expect(page.locator('.progress-summary')).toContainText('3 reviews');
  await expect(page.locator('[data-notice-kind="full"]')).toHaveCount(0);
  await page.evaluate(() => localStorage.removeItem('filler'));

  // The bar mid-import, held there: the worker's first message is kept back until axe has looked.
  await page.evaluate(() => {
    const Original = window.Worker;
    (window as unknown as { __release: () => void }).__release = () => {};
    window.Worker = class extends Original {
      override set onmessage(handler: ((event: MessageEvent) => void) | null) {
        const held: MessageEvent[] = [];
        let open = false;
        (window as unknown as { __release: () => void }).__release = () => {
          open = true;
          for (const e of held.splice(0)) handler?.(e);
        };
        super.onmessage = (event) => (open ? handler?.(event) : held.push(event));
      }
    } as typeof Worker;
  });
  await page.locator('#your-data input[type="file"]').setInputFiles({ name: 'slow.json', mimeType: 'application/json', buffer: exportFile(10) });
  const bar = page.getByRole('progressbar', { name: 'Importing slow.json: reading the file…' });
  await expect(bar).toBeVisible();
  await expect(page.locator('#your-data input[type="file"]')).toBeDisabled();
  const axe = await axeScan(page).include('#your-data').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.evaluate(() => (window as unknown as { __release: () => void }).__release());
  await expect(status).toContainText('Imported slow.json: 7 new reviews');
  await expect(bar).toHaveCount(0);
  expect(errors).toEqual([]);
});
