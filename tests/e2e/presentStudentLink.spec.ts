/**
 * The class follows on its own devices (issue 14): the projector shows the step's link, Q shows it
 * as a QR code, and the code, read the way a phone reads it (a picture of the screen, decoded by
 * jsQR), opens the same step with the presenter's live change in a browser that never saw the talk.
 */
import { expect, test } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { watchErrors } from './support/calculatorPage';
import { expectBothOn, openAudience, openPresenter, shownHeading, SLUG, stepTitles } from './support/presentPages';

test('the QR code on the projector opens the same step, with the presenter\'s change, on another device', async ({ context, browser }) => {
  test.setTimeout(90_000);
  const presenter = await openPresenter(context);
  const audience = await openAudience(context);
  const errors = [...watchErrors(presenter), ...watchErrors(audience)];
  const titles = await stepTitles(presenter);
  await expectBothOn(presenter, audience, titles[0]);

  // The link is always on the projector, as text; no code until asked for.
  const follow = audience.getByRole('complementary', { name: 'Follow on your own device' });
  await expect(follow).toContainText(`/present/${SLUG}/?step=1`);
  await expect(follow.getByRole('img', { name: /^QR code/ })).toHaveCount(0);

  // A value changed mid-talk goes into the link.
  const temperature = presenter.locator('section[data-step="1"]').getByLabel('Temperature');
  await expect(presenter.locator('section[data-step="1"] fieldset.calculator-live')).toBeEnabled({ timeout: 20_000 });
  await temperature.fill('2');
  await expect(audience.locator('section[data-step="1"]').getByLabel('Temperature')).toHaveValue('2', { timeout: 10_000 });
  await expect(follow).toContainText('with the changes made here');

  // Q on the presenter's clicker shows the code on the projector, beside the step, not over it.
  await presenter.keyboard.press('q');
  const code = follow.getByRole('img', { name: /^QR code/ });
  await expect(code).toHaveAttribute('data-qr-href', /step=1#/);
  await expect(presenter.getByRole('button', { name: 'QR code on the projector (Q)' })).toHaveAttribute('aria-pressed', 'true');
  const codeBox = (await code.boundingBox())!;
  const stepBox = (await audience.locator('section[data-step="1"]').boundingBox())!;
  expect(codeBox.width, 'big enough to scan from the back of a room').toBeGreaterThan(0.3 * audience.viewportSize()!.height);
  expect(codeBox.x, 'the code is beside the step, not over it').toBeGreaterThanOrEqual(stepBox.x + stepBox.width - 0.5);

  const png = PNG.sync.read(await code.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded, 'the QR code decodes').not.toBeNull();
  const link = decoded!.data;
  expect(link).toBe(await code.getAttribute('data-qr-href'));
  expect(link.startsWith('http://127.0.0.1:')).toBe(true);

  // A student's phone: a fresh browser, no presenter, the link from the code.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const student = await phone.newPage();
  errors.push(...watchErrors(student));
  await student.goto(link);
  await expect(student.locator('[data-present-view="student"]')).toBeVisible();
  await expect(shownHeading(student)).toHaveText(titles[0]);
  await expect(student.locator('section[data-step="1"]').getByLabel('Temperature')).toHaveValue('2', { timeout: 20_000 });
  // The link opens the step, heading first, not scrolled down to its calculator.
  await expect(shownHeading(student)).toBeInViewport();
  await expect(student.getByRole('button', { name: 'Next step', exact: true })).toBeVisible();
  await phone.close();

  // Q again hides the code, and the step has the whole screen back.
  await audience.keyboard.press('q');
  await expect(code).toHaveCount(0);
  await expect(follow).toContainText(`/present/${SLUG}/?step=1`);
  // The next step's link follows the room.
  await presenter.keyboard.press('ArrowRight');
  await expectBothOn(presenter, audience, titles[1]);
  await expect(follow).toContainText(`/present/${SLUG}/?step=2`);
  expect(errors).toEqual([]);
});
