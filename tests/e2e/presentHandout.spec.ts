/**
 * A walkthrough printed as a handout (issue 14): every step with its text and its calculator's
 * picture, one or two steps to a page, no controls, the speaker notes only when asked for.
 */
import { expect, test } from '@playwright/test';
import { axeScan } from './support/axeScan';
import { watchErrors } from './support/calculatorPage';
import { SLUG } from './support/presentPages';

/** Pages in a PDF that Chromium wrote: one `/Type /Page` object each. */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

test('the handout prints every step with its picture, one or two to a page, and the notes on request', async ({ context }, testInfo) => {
  test.setTimeout(120_000);
  const presenter = await context.newPage();
  await presenter.goto(`/present/${SLUG}/`);
  // In a new tab: the talk's presenter window stays where it is.
  const [page] = await Promise.all([context.waitForEvent('page'), presenter.getByRole('link', { name: 'Handout' }).click()]);
  const errors = watchErrors(page);
  await expect(page).toHaveURL(/\?view=handout$/);
  await expect(presenter).toHaveURL(new RegExp(`/present/${SLUG}/$`));
  await expect(page.locator('[data-present-view="handout"]')).toBeVisible();

  const steps = page.locator('section[data-step]');
  const count = await steps.count();
  expect(count).toBeGreaterThanOrEqual(8);
  const withCalculator = steps.filter({ has: page.locator('.calculator') });
  const pictures = await withCalculator.count();
  expect(pictures, 'the walkthrough has calculator steps').toBeGreaterThan(2);
  const notes = page.locator('[data-notes-for]');
  await expect(notes.filter({ visible: true })).toHaveCount(0);

  await page.emulateMedia({ media: 'print' });
  for (let i = 0; i < count; i++) {
    const step = steps.nth(i);
    await expect(step, `step ${i + 1} prints`).toBeVisible();
    await expect(step.locator('h2')).toBeVisible();
    await expect(step.getByText(`Step ${i + 1} of ${count}`)).toBeVisible();
  }
  // Each calculator step prints its picture (drawn by the build at the step's state), at full size.
  for (let i = 0; i < pictures; i++) {
    const picture = withCalculator.nth(i).locator('.calculator svg, .calculator canvas, .calculator table').filter({ visible: true }).first();
    await expect(picture, `calculator step ${i + 1}'s picture`).toBeVisible();
    expect((await picture.boundingBox())!.height).toBeGreaterThan(40);
  }
  const controls = await page.evaluate(() =>
    [...document.querySelectorAll('button, input:not(table input), select, textarea, .calculator label, .keyboard-help, .theme-toggle, .site-header, nav, .calculator-toolbar')]
      .filter((e) => (e as HTMLElement).checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}"`),
  );
  expect(controls, 'controls that would print').toEqual([]);
  // Steps follow in order down the paper.
  const tops = await steps.evaluateAll((sections) => sections.map((s) => s.getBoundingClientRect().top));
  expect(tops).toEqual([...tops].sort((a, b) => a - b));

  const plain = await page.pdf({ format: 'A4' });
  await testInfo.attach('handout.pdf', { body: plain, contentType: 'application/pdf' });
  const pages = pdfPages(plain);
  expect(pages, `${count} steps, one or two to a page`).toBeGreaterThanOrEqual(Math.ceil(count / 2));
  expect(pages).toBeLessThanOrEqual(count + 2);

  // With the notes: each step is followed by its own.
  await page.emulateMedia({ media: 'screen' });
  await page.getByLabel('Include the speaker notes').check();
  await expect(page).toHaveURL(/\?view=handout&notes=1$/);
  await page.emulateMedia({ media: 'print' });
  const shownNotes = notes.filter({ visible: true });
  expect(await shownNotes.count()).toBeGreaterThan(count / 2);
  const order = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section[data-step], [data-notes-for]')]
      .filter((e) => e.checkVisibility())
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((e) => (e.dataset.step ? `step ${e.dataset.step}` : `notes ${e.dataset.notesFor}`)),
  );
  for (const [i, item] of order.entries()) {
    if (item.startsWith('notes')) expect(order[i - 1], `${item} follows its step`).toBe(item.replace('notes', 'step'));
  }
  const withNotes = await page.pdf({ format: 'Letter' });
  await testInfo.attach('handout-with-notes.pdf', { body: withNotes, contentType: 'application/pdf' });
  expect(pdfPages(withNotes)).toBeGreaterThanOrEqual(pages);

  await page.emulateMedia({ media: 'screen' });
  const { violations } = await axeScan(page).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  expect(errors).toEqual([]);
});
