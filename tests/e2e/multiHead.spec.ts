/**
 * The multi-head calculator: one heatmap per head, the split of d_model and the cost line follow
 * the inputs, heads that do not divide d_model are explained at the field (with the divisors) while
 * the last result stays, and a copied link restores the example in a new page. Typed projections:
 * editing Wq changes the head that owns the column, a bad cell is explained by the editor, d_model
 * resizes the editors (up to 16), and the link carries the typed matrices.
 */
import { expect, test } from '@playwright/test';
import { copiedLink, grantClipboard, screenshot, seriousViolations, watchErrors } from './support/calculatorPage';

const PAGE = '/calculators/multi-head-attention/';

test('renders the preset: a heatmap per head, the split and the cost of h heads against one', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 1', exact: true })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'head 3', exact: true })).toHaveCount(0);
  await expect(calc.getByRole('grid', { name: 'Concatenated head outputs' })).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'Output = concat · Wo' })).toBeVisible();
  await expect(calc.getByTestId('head-split')).toContainText('8 / 2 = 4');
  // n = 6, d = 8: QKᵀ + weights·V = 1,152 FLOPs either way; softmax 180 per head.
  await expect(calc.getByTestId('cost-multi')).toHaveText('1,512');
  await expect(calc.getByTestId('cost-single')).toHaveText('1,332');
  await screenshot(calc, 'multi-head');
  expect(await seriousViolations(page, '#heads')).toEqual([]);
  expect(errors).toEqual([]);
});

test('after a preset switch every part catches up: the later heads, the concatenation and the output (they commit a frame after the first heads)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  const caption = (name: string) => calc.locator('figure').filter({ has: page.getByRole('grid', { name, exact: true }) }).locator('figcaption');
  await calc.getByRole('combobox', { name: 'Preset' }).selectOption('eight-heads-causal');
  for (let h = 1; h <= 8; h++) await expect(caption(`head ${h}`)).toContainText('6 × 6');
  await expect(caption('Concatenated head outputs')).toContainText('6 × 32');
  await expect(caption('Output = concat · Wo')).toContainText('6 × 32');
  // Head 8 is causal too: its last key column is masked for the first query (the readout says so).
  const head8 = calc.getByRole('grid', { name: 'head 8', exact: true });
  await head8.focus();
  await page.keyboard.press('End');
  await expect(calc.locator('figure').filter({ has: page.getByRole('grid', { name: 'head 8', exact: true }) }).locator('[aria-live="polite"]')).toContainText(/masked/i);
  // The concatenation's last column belongs to head 8.
  const concat = calc.getByRole('grid', { name: 'Concatenated head outputs' });
  await concat.focus();
  await page.keyboard.press('End');
  await expect(calc.locator('figure').filter({ has: page.getByRole('grid', { name: 'Concatenated head outputs' }) }).locator('[aria-live="polite"]')).toContainText('h8.4');

  await calc.getByRole('combobox', { name: 'Preset' }).selectOption('one-head');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toHaveCount(0);
  await expect(caption('Concatenated head outputs')).toContainText('6 × 8');
  await expect(caption('Output = concat · Wo')).toContainText('6 × 8');
  expect(errors).toEqual([]);
});

test('more heads: more heatmaps, narrower heads, the same QKᵀ cost', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await calc.getByLabel('Heads', { exact: true }).fill('4');
  await expect(calc.getByRole('grid', { name: 'head 4', exact: true })).toBeVisible();
  await expect(calc.getByTestId('head-split')).toContainText('8 / 4 = 2');
  await expect(calc.getByTestId('cost-multi')).toHaveText('1,872');
  await expect(calc.getByTestId('cost-single')).toHaveText('1,332');
  // Another seed draws other projections: the weights of head 1 change.
  const grid = calc.getByRole('grid', { name: 'head 1', exact: true });
  await grid.focus();
  // `has` is matched inside each figure, so it takes a locator of its own, not one rooted at #heads.
  const readout = calc.locator('figure').filter({ has: page.getByRole('grid', { name: 'head 1', exact: true }) }).locator('[aria-live="polite"]');
  const before = await readout.innerText();
  await calc.getByLabel('Seed', { exact: true }).fill('8');
  await grid.focus();
  await expect.poll(() => readout.innerText()).not.toBe(before);
  expect(errors).toEqual([]);
});

test('heads that do not divide d_model, or a bad d_model, are explained at the field; the last result stays', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  const heads = calc.getByLabel('Heads', { exact: true });
  await heads.fill('3');
  await expect(calc.getByRole('alert')).toContainText('heads must divide 8 (1, 2, 4, 8)');
  await expect(heads).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByText('Showing the last valid result')).toBeVisible();
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await expect(calc.getByTestId('head-split')).toContainText('8 / 2 = 4');

  // d_model = 12 makes 3 heads valid.
  await calc.getByLabel('d_model', { exact: true }).fill('12');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(calc.getByTestId('head-split')).toContainText('12 / 3 = 4');
  await expect(calc.getByRole('grid', { name: 'head 3', exact: true })).toBeVisible();

  await calc.getByLabel('d_model', { exact: true }).fill('999');
  await expect(calc.getByRole('alert')).toContainText('d_model must be a whole number from 4 to 64.');
  await calc.getByLabel('Tokens', { exact: true }).fill('');
  await expect(calc.getByRole('alert')).toHaveCount(2);
  await calc.getByRole('button', { name: 'Reset' }).click();
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await expect(calc.getByLabel('d_model', { exact: true })).toHaveValue('8');
  await expect(calc.getByLabel('Tokens', { exact: true })).toHaveValue('the cat sat on the mat');
  expect(errors).toEqual([]);
});

test('the copied link restores the same example in a new page; a tampered one opens the default with a notice', async ({ page, context }) => {
  // Three loads of the page's heaviest calculator page: over 30 s on a loaded 2-core machine.
  test.setTimeout(90_000);
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 1', exact: true })).toBeVisible();
  await calc.getByLabel('Tokens', { exact: true }).fill('a b c d');
  await calc.getByLabel('d_model', { exact: true }).fill('16');
  await calc.getByLabel('Heads', { exact: true }).fill('8');
  await calc.getByLabel('Seed', { exact: true }).fill('42');
  await calc.getByLabel(/Causal/).check();
  await expect(calc.getByRole('grid', { name: 'head 8', exact: true })).toBeVisible();
  const cost = await calc.getByTestId('cost-line').innerText();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#heads~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#heads');
  await expect(restored.getByRole('grid', { name: 'head 8', exact: true })).toBeVisible();
  await expect(restored.getByLabel('Tokens', { exact: true })).toHaveValue('a b c d');
  await expect(restored.getByLabel('Heads', { exact: true })).toHaveValue('8');
  await expect(restored.getByLabel('Seed', { exact: true })).toHaveValue('42');
  await expect(restored.getByLabel(/Causal/)).toBeChecked();
  await expect(restored.getByTestId('cost-line')).toHaveText(cost);

  const third = await context.newPage();
  await third.goto(link.slice(0, -6) + 'AAAAAA');
  const fallback = third.locator('#heads');
  await expect(fallback.locator('.calculator-notice')).toContainText('Showing this calculator');
  await expect(fallback.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
});

/** The live readout under one head's heatmap (the focused cell's value). */
function headReadout(page: import('@playwright/test').Page, h: number) {
  return page
    .locator('#heads figure')
    .filter({ has: page.getByRole('grid', { name: `head ${h}`, exact: true }) })
    .locator('[aria-live="polite"]');
}

async function readHead(page: import('@playwright/test').Page, h: number): Promise<string> {
  await page.locator('#heads').getByRole('grid', { name: `head ${h}`, exact: true }).focus();
  const readout = headReadout(page, h);
  // The focused cell's reading ("the → cat: weight 0.1601"); before focus lands it is empty or a hint.
  await expect(readout).toHaveText(/ → .+: weight /);
  return readout.innerText();
}

test('typed projections: start from the seeded ones, a cell of Wq changes head 1 only, a bad cell is explained and the last result stays', async ({ page }) => {
  // A dozen worker round trips, a screenshot and an axe scan: under a loaded CI machine this took
  // over 30 s once, so it gets the time of the other long walkthroughs.
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  const seeded1 = await readHead(page, 1);

  await calc.getByLabel('Projections', { exact: true }).selectOption('typed');
  // The result of the rounded (typed) projections is on screen: the baseline for the edits.
  await expect(calc.locator('.calculator-results')).toHaveAttribute('data-projections', 'typed');
  const head1 = await readHead(page, 1);
  const head2 = await readHead(page, 2);
  for (const name of ['Wq', 'Wk', 'Wv', 'Wo']) await expect(calc.getByRole('region', { name: `${name}, 8 × 8, editable` })).toBeVisible();
  const first = calc.getByLabel('Wq row 1, column 1', { exact: true });
  // The seeded numbers rounded to 2 decimals.
  await expect(first).toHaveValue(/^-?\d+(\.\d{1,2})?$/);
  await expect(calc.getByRole('button', { name: 'Refill from the seed' })).toBeVisible();

  // Column 1 of Wq belongs to head 1 (columns 1–4 of 8): head 1's weights change, head 2's do not.
  await first.fill('5');
  await expect.poll(() => readHead(page, 1)).not.toBe(head1);
  const edited = await readHead(page, 1);
  expect(await readHead(page, 2)).toBe(head2);

  // An empty cell: the editor says which cell and why; nothing is applied, the last result stays.
  const second = calc.getByLabel('Wq row 1, column 2', { exact: true });
  await second.fill('');
  await expect(calc.getByText('Wq row 1, column 2 is empty: type a number.')).toBeVisible();
  await expect(second).toHaveAttribute('aria-invalid', 'true');
  await expect(calc.getByText('Showing the last valid result')).toBeVisible();
  expect(await readHead(page, 1)).toBe(edited);
  await second.fill('2.5');
  await expect(calc.getByText('Wq row 1, column 2 is empty: type a number.')).toHaveCount(0);
  await expect(calc.getByText('Showing the last valid result')).toHaveCount(0);
  await expect.poll(() => readHead(page, 1)).not.toBe(edited);
  await screenshot(calc, 'multi-head-typed');
  expect(await seriousViolations(page, '#heads')).toEqual([]);

  // Back to the seed: the editors go and the seeded example returns.
  await calc.getByLabel('Projections', { exact: true }).selectOption('seed');
  await expect(calc.getByRole('region', { name: 'Wq, 8 × 8, editable' })).toHaveCount(0);
  await expect(calc.locator('.calculator-results')).toHaveAttribute('data-projections', 'seed');
  await expect.poll(() => readHead(page, 1)).toBe(seeded1);
  expect(errors).toEqual([]);
});

test('typed projections follow d_model (new cells 0) up to 16; wider is explained', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 2', exact: true })).toBeVisible();
  await calc.getByLabel('Projections', { exact: true }).selectOption('typed');
  await expect(calc.locator('.calculator-results')).toHaveAttribute('data-projections', 'typed');
  const before = await readHead(page, 1);
  await calc.getByLabel('Wq row 1, column 1', { exact: true }).fill('3');
  // Wait for the edit to be applied before d_model changes.
  await expect.poll(() => readHead(page, 1)).not.toBe(before);
  await calc.getByLabel('d_model', { exact: true }).fill('12');
  await expect(calc.getByRole('region', { name: 'Wq, 12 × 12, editable' })).toBeVisible();
  await expect(calc.getByLabel('Wq row 1, column 1', { exact: true })).toHaveValue('3');
  await expect(calc.getByLabel('Wo row 12, column 12', { exact: true })).toHaveValue('0');
  await expect(calc.getByTestId('head-split')).toContainText('12 / 2 = 6');

  await calc.getByLabel('d_model', { exact: true }).fill('32');
  await expect(calc.getByRole('alert')).toContainText('Typed projections go up to d_model = 16');
  await expect(calc.getByTestId('head-split')).toContainText('12 / 2 = 6');

  // In seed mode d_model 32 is fine (the switch puts back the last good d_model, 12), but typed is
  // refused there with the same explanation.
  await calc.getByLabel('Projections', { exact: true }).selectOption('seed');
  await expect(calc.getByRole('alert')).toHaveCount(0);
  await calc.getByLabel('d_model', { exact: true }).fill('32');
  await expect(calc.getByTestId('head-split')).toContainText('32 / 2 = 16');
  await calc.getByLabel('Projections', { exact: true }).selectOption('typed');
  await expect(calc.getByRole('alert')).toContainText('Typed projections go up to d_model = 16');
  await expect(calc.getByLabel('Projections', { exact: true })).toHaveValue('seed');
  expect(errors).toEqual([]);
});

test('the copied link restores typed projections in a new page', async ({ page, context }) => {
  await grantClipboard(context);
  await page.goto(PAGE);
  const calc = page.locator('#heads');
  await expect(calc.getByRole('grid', { name: 'head 1', exact: true })).toBeVisible();
  await calc.getByLabel('Projections', { exact: true }).selectOption('typed');
  await expect(calc.locator('.calculator-results')).toHaveAttribute('data-projections', 'typed');
  const before = await readHead(page, 1);
  // Wo first: it does not touch the heads' weights; the Wq edit after it does, and is committed
  // with Wo's (the four matrices go to the state together), so the change of head 1 means both are in.
  await calc.getByLabel('Wo row 8, column 8', { exact: true }).fill('-1.25');
  await calc.getByLabel('Wq row 1, column 1', { exact: true }).fill('5');
  await expect.poll(() => readHead(page, 1)).not.toBe(before);
  const head1 = await readHead(page, 1);
  const wk = await calc.getByLabel('Wk row 3, column 4', { exact: true }).inputValue();
  const link = await copiedLink(page, calc);
  expect(link).toContain('#heads~');

  const other = await context.newPage();
  await other.goto(link);
  const restored = other.locator('#heads');
  await expect(restored.getByLabel('Projections', { exact: true })).toHaveValue('typed');
  await expect(restored.getByLabel('Wq row 1, column 1', { exact: true })).toHaveValue('5');
  await expect(restored.getByLabel('Wo row 8, column 8', { exact: true })).toHaveValue('-1.25');
  await expect(restored.getByLabel('Wk row 3, column 4', { exact: true })).toHaveValue(wk);
  await expect(restored.locator('.calculator-notice')).toHaveCount(0);
  await expect.poll(() => readHead(other, 1)).toBe(head1);
});

test("before it hydrates, each calculator's preset menu names the example shown, not the default", async ({ browser }) => {
  // Without the bundles React never hydrates: the page stays the build's HTML (its inline scripts
  // still put streamed parts in place), what a reader sees until the calculator hydrates.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/_next/static/**/*.js', (route) => route.abort());
  await page.goto(PAGE);
  await expect(page.locator('#multi-head-2').getByRole('combobox', { name: 'Preset' })).toHaveValue('eight-heads-causal');
  await expect(page.locator('#multi-head-2').getByRole('checkbox', { name: 'Causal (decoder)' })).toBeChecked();
  await context.close();
});
