/**
 * What every calculator's browser test needs: a watch for console errors and off-site requests,
 * the share link a calculator copies (from the clipboard, or the fallback box when there is none),
 * an axe scan of one calculator, and a screenshot to look at.
 */
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { axeScan } from './axeScan';

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith('http') && !['127.0.0.1', 'localhost'].includes(url.hostname)) errors.push(`off-site request: ${r.url()}`);
  });
  return errors;
}

/**
 * Brings a calculator into view, as a reader scrolling to it would, and waits until it is live:
 * a calculator hydrates only near the viewport, and its controls stay disabled until then (and
 * Playwright waits for a disabled control to be enabled before it would scroll to it).
 */
export async function scrollToLive(calculator: Locator): Promise<Locator> {
  await calculator.scrollIntoViewIfNeeded();
  await expect(calculator.locator('fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
  return calculator;
}

export async function grantClipboard(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
}

/** Presses the calculator's "Copy link" and returns the link it copied. */
export async function copiedLink(page: Page, calculator: Locator): Promise<string> {
  await calculator.getByRole('button', { name: 'Copy link' }).click();
  await expect(calculator.locator('.calculator-status')).toContainText('Link');
  const box = calculator.locator('.calculator-copy-box');
  if (await box.count()) return box.inputValue();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Serious or critical axe violations inside one calculator. */
export async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const { violations } = await axeScan(page).include(selector).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * A picture for people to look at, taken only with SCREENSHOTS=1: nothing asserts on it, and
 * each one cost about 3 s of every CI run.
 */
export async function screenshot(target: Locator | Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await target.screenshot({ path: `test-results/screenshots/${name}.png` });
}

const EXPORTS = { NumPy: 'NumPy code', PyTorch: 'PyTorch code', CSV: 'CSV' } as const;

/**
 * Checks the calculator offers all three exports, then copies one and returns its text. Retries
 * the click until the calculator has numbers: an export asked for before them says so instead.
 */
export async function copiedExport(page: Page, calculator: Locator, which: keyof typeof EXPORTS): Promise<string> {
  for (const name of ['Copy NumPy', 'Copy PyTorch', 'Copy CSV']) await expect(calculator.getByRole('button', { name, exact: true })).toBeVisible();
  const status = new RegExp(`^${EXPORTS[which]}( copied|: the clipboard)`);
  await expect(async () => {
    await calculator.getByRole('button', { name: `Copy ${which}`, exact: true }).click();
    await expect(calculator.locator('.calculator-status')).toContainText(status, { timeout: 1000 });
  }).toPass();
  const box = calculator.locator('.calculator-copy-box');
  return (await box.count()) ? box.inputValue() : page.evaluate(() => navigator.clipboard.readText());
}
