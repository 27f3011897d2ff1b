/**
 * The step-through calculator as an instructor uses it: stages by button and keyboard, a picked
 * cell marks where it came from, play advances on its own, bad input is explained in place, and
 * a copied link opens the same stage and cell on another screen.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, scrollToLive, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/step-through/';

test('stages move by button and arrow keys; a picked cell marks its sources and spells out the sum', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await expect(calc.getByRole('table', { name: 'Q (queries)' })).toBeVisible();
  await expect(calc.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();

  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6: Raw scores/ })).toBeVisible();
  // The stage's formula, typeset anew (in the worker): KaTeX's fonts, its TeX kept in the MathML.
  const formula = calc.getByRole('math', { name: 'Formula: Raw scores' });
  await expect(formula.locator('annotation')).toHaveText('S = QK^\\top');
  await expect(formula).not.toHaveAttribute('aria-busy');
  expect(await formula.locator('.katex-html .mord').first().evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/KaTeX_(Math|Main)/);
  // S = QKᵀ next to the row of Q and the row of K it came from.
  const scores = calc.getByRole('table', { name: 'S = QKᵀ' });
  await expect(scores).toBeVisible();
  await scores.getByRole('button', { name: /^sat, cat:/ }).click();
  await expect(calc.locator('.step-through-explain')).toContainText('q₃·k₂');
  // Row 3 of Q (d = 4 cells) and row 2 of K are marked as sources.
  await expect(calc.getByRole('table', { name: 'Q (queries)' }).locator('td[class*="marked"]')).toHaveCount(4);
  await expect(calc.getByRole('table', { name: 'K (keys)' }).locator('td[class*="marked"]')).toHaveCount(4);

  // Arrow keys inside the matrix move the picked cell; outside it they move between stages.
  await scores.getByRole('button', { name: /^sat, cat:/ }).press('ArrowRight');
  await expect(calc.locator('.step-through-explain')).toContainText('q₃·k₃');
  await calc.getByRole('button', { name: 'Next →' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(calc.getByRole('heading', { name: /Stage 3 of 6: Scaled logits/ })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6: Raw scores/ })).toBeVisible();
  await page.keyboard.press('End');
  await expect(calc.getByRole('heading', { name: /Stage 6 of 6: Output/ })).toBeVisible();
  // The output cell comes from a row of weights and a column of V.
  await expect(calc.getByRole('table', { name: 'A = softmax(M)' })).toBeVisible();
  await expect(calc.getByRole('table', { name: 'V (values)' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(calc.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();
  await screenshot(calc, 'step-through');
  expect(await seriousViolations(page, '#walkthrough')).toEqual([]);
  expect(errors).toEqual([]);
});

test('play walks through the stages by itself and stops at the end', async ({ page }) => {
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await calc.getByLabel('Speed').selectOption('fast');
  await calc.getByRole('button', { name: 'Play' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6/ })).toBeVisible({ timeout: 3000 });
  await expect(calc.getByRole('heading', { name: /Stage 6 of 6/ })).toBeVisible({ timeout: 8000 });
  await expect(calc.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('the fonts a stage needs arrive while the page is idle, not in the middle of a change', async ({ page }) => {
  // A face that arrives mid-change makes Chromium lay out the whole page again inside that frame.
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await expect(calc.getByRole('button', { name: 'Next →' })).toBeEnabled();
  const loadedFaces = () =>
    page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.unicodeRange}`));
  // Greek (Σ in the arithmetic), Latin extended (ᵀ) and KaTeX's tall delimiters, none of them on screen yet.
  await expect.poll(loadedFaces).toEqual(expect.arrayContaining([expect.stringMatching(/JetBrains Mono.*U\+370/i), expect.stringMatching(/JetBrains Mono.*U\+1D00/i), expect.stringMatching(/KaTeX_Size1/)]));
  const fetched: string[] = [];
  page.on('request', (r) => void (/\.woff2$/.test(new URL(r.url()).pathname) && fetched.push(r.url())));
  const preset = calc.getByRole('combobox', { name: 'Preset' });
  for (const value of await preset.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) {
    await preset.selectOption(value);
    await calc.getByRole('button', { name: /^6\./ }).click();
    await expect(calc.getByRole('heading', { name: /Stage 6 of 6/ })).toBeVisible();
    await calc.getByRole('button', { name: /^3\./ }).click();
    await expect(calc.getByRole('heading', { name: /Stage 3 of 6/ })).toBeVisible();
    await calc.getByRole('button', { name: /^[^,]+, [^:]+:/ }).first().click();
    await expect(calc.locator('.step-through-explain')).toContainText('=');
  }
  expect(fetched).toEqual([]);
});

test('a causal mask blanks later keys; a bad temperature is explained and the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await calc.getByLabel('Causal mask').check();
  await calc.getByRole('button', { name: /^4\. Masked logits/ }).click();
  const masked = calc.getByRole('table', { name: 'M (masked logits)' });
  await expect(masked.getByRole('button', { name: /^the, cat: −∞/ })).toBeVisible();
  await expect(masked.getByRole('button', { name: /^cat, the: −∞/ })).toHaveCount(0);
  const before = await masked.innerText();
  await calc.getByLabel('Temperature').fill('0');
  await expect(calc.getByRole('alert')).toHaveText('Temperature must be a number from 0.05 to 20.');
  await expect(calc.getByLabel('Temperature')).toHaveAccessibleDescription('Temperature must be a number from 0.05 to 20.');
  await expect.poll(() => masked.innerText()).toBe(before);
  await calc.getByLabel('Temperature').fill('2');
  await expect.poll(() => masked.innerText()).not.toBe(before);
  // Every message names the field as the page labels it, never by its key in the state.
  await calc.getByLabel('Real keys').fill('9');
  await expect(calc.getByRole('alert')).toHaveText('Real keys is 9 but there are only 4 tokens.');
  await calc.getByLabel('Real keys').fill('2.5');
  await expect(calc.getByRole('alert')).toHaveText(/^Real keys must be a whole number/);
  await expect(calc).not.toContainText('validKeys');
  await calc.getByLabel('Real keys').fill('3');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the copied link opens the same example, stage and cell in a new page; a tampered one opens the default with a notice', async ({ page, context }) => {
  // Three page visits: near the 30 s limit on a loaded 2-core machine.
  test.slow();
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await calc.getByLabel('Causal mask').check();
  await calc.getByRole('button', { name: /^5\. Attention weights/ }).click();
  await calc.getByRole('table', { name: 'A = softmax(M)' }).getByRole('button', { name: /^down, cat:/ }).click();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#walkthrough~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#walkthrough');
  await expect(restored.getByRole('heading', { name: /Stage 5 of 6: Attention weights/ })).toBeVisible();
  await expect(restored.getByLabel('Causal mask')).toBeChecked();
  await expect(restored.locator('.step-through-explain')).toContainText('A₄₂');

  const tampered = link.slice(0, -6) + 'AAAAAA';
  const third = await context.newPage();
  await third.goto(tampered);
  const fallback = third.locator('#walkthrough');
  await expect(fallback.locator('.calculator-notice')).toContainText('Showing this calculator');
  await expect(fallback.getByRole('heading', { name: /Stage 1 of 6/ })).toBeVisible();
});

test('the words match the widget: as many stages as it shows, and a masked row sums over its open keys only', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/calculators/');
  const card = page.locator('.lesson-card', { has: page.getByRole('link', { name: 'Step through scaled dot-product attention' }) });
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  const stages = await calc.locator('.step-through-stages li').count();
  expect(stages).toBe(6);
  await expect(page.locator('.lead')).toContainText('six stages');
  await expect(page.locator('.lesson-body')).not.toContainText('five stages');
  await page.goto('/calculators/');
  await expect(card.locator('.lesson-summary')).toContainText('six stages');

  await page.goto(PAGE);
  await calc.getByLabel('Causal mask').check();
  await calc.getByRole('button', { name: /^5\. Attention weights/ }).click();
  // Query "cat" (row 2) may attend "the" and "cat": 2 of the 4 keys.
  await calc.getByRole('table', { name: 'A = softmax(M)' }).getByRole('button', { name: /^cat, the:/ }).click();
  await expect(calc.locator('.step-through-explain')).toContainText('over its 2 keys not masked (of 4).');
  await calc.getByLabel('Causal mask').uncheck();
  await expect(calc.locator('.step-through-explain')).toContainText('over its 4 keys.');
  expect(errors).toEqual([]);
});

test('typed matrices: adding a token adds a row to Q, K and V and keeps the typed numbers; removing a middle token removes its row', async ({ page }) => {
  // The editors' chunk loads on first use, and each token edit recomputes: long on a loaded machine.
  test.slow();
  const errors = watchErrors(page);
  await page.goto(PAGE);
  // The "by-hand" example: Q, K and V typed as numbers, three tokens a b c.
  const calc = await scrollToLive(page.locator('.suite-calculator').nth(1));
  const cell = (name: string, row: number, col: number) => calc.getByRole('textbox', { name: `${name} row ${row}, column ${col}`, exact: true });
  await expect(cell('Q', 1, 1)).toBeVisible({ timeout: 15_000 });
  const scores = calc.getByRole('table', { name: 'S = QKᵀ' });
  // Query b = [7, 1] against key a = [1, 0]: a raw score of 7 once the typed number is applied.
  await cell('Q', 2, 1).fill('7');
  await expect(scores.getByRole('button', { name: /^b, a: 7$/ })).toBeVisible();

  const tokens = calc.getByLabel('Tokens', { exact: true });
  await tokens.fill('a b c d');
  for (const name of ['Q', 'K', 'V']) await expect(calc.getByRole('region', { name: `${name}, 4 × 2, editable` })).toBeVisible();
  await expect(cell('Q', 2, 1)).toHaveValue('7');
  await expect(cell('Q', 4, 1)).toHaveValue('0');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  // The stage table follows: 4 queries × 4 keys, the typed score still there.
  await expect(scores.locator('tbody tr')).toHaveCount(4);
  await expect(scores.locator('td[data-cell]')).toHaveCount(16);
  await expect(scores.getByRole('button', { name: /^b, a: 7$/ })).toBeVisible();
  await expect(scores.getByRole('button', { name: /^d, a: 0$/ })).toBeVisible();

  // Removing b (a middle token) removes b's rows; c keeps its numbers (Q row c = [1, 1]).
  await tokens.fill('a c d');
  for (const name of ['Q', 'K', 'V']) await expect(calc.getByRole('region', { name: `${name}, 3 × 2, editable` })).toBeVisible();
  await expect(cell('Q', 1, 1)).toHaveValue('1');
  await expect(cell('Q', 2, 1)).toHaveValue('1');
  await expect(cell('Q', 2, 2)).toHaveValue('1');
  await expect(cell('V', 2, 1)).toHaveValue('5');
  await expect(scores.locator('td[data-cell]')).toHaveCount(9);
  await expect(scores.getByRole('button', { name: /^b, / })).toHaveCount(0);
  // Back to three tokens with b: a new (zero) row for b, and the others as they were.
  await tokens.fill('a b c');
  await expect(cell('Q', 2, 1)).toHaveValue('0');
  await expect(cell('Q', 3, 1)).toHaveValue('1');
  await expect(cell('V', 3, 2)).toHaveValue('6');
  expect(errors).toEqual([]);
});
