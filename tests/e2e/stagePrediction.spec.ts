/**
 * "Predict, then check" in the step-through: a stage stays hidden until the learner has predicted
 * its chosen cells (or asked "Show me"); a miss shows the working and reveals the stage; a guess
 * worked out from the numbers on screen is marked right, and the session keeps the score. Every
 * checked guess is recorded in the learner's progress and shown on /progress; "Show me" is not.
 */
import { expect, test } from '@playwright/test';
import { screenshot, seriousViolations, watchErrors } from './support/calculatorPage';
import { storedProgress } from './support/storedProgress';

const PAGE = '/calculators/step-through/';

test('a stage stays hidden until predicted; a miss shows the working and reveals it; a right guess is marked right', async ({ page }) => {
  // One learner's whole pass through four stages, then /progress read twice (after a reload): long
  // on a loaded machine, and one visit rather than two keeps the suite's page loads down.
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(PAGE);
  const calc = page.locator('#walkthrough');
  await expect(calc.locator('td[data-cell]').first()).toBeVisible({ timeout: 20_000 });
  await calc.getByLabel('Predict, then check').check();

  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 2 of 6: Raw scores/ })).toBeVisible();
  // The scores are hidden; Q and K, where they come from, are shown with the rows to use marked.
  const scores = calc.getByRole('table', { name: 'S = QKᵀ' });
  await expect(scores).toHaveCount(0);
  await expect(calc.getByRole('table', { name: 'Q (queries)' }).locator('td[class*="marked"]')).toHaveCount(4);
  const guess = calc.getByRole('textbox', { name: /^S\S+ \(query \S+, key \S+\)$/ });
  await expect(guess).toBeVisible();
  // The form says that a checked guess is recorded, and where to see it.
  const note = calc.locator('form p', { hasText: 'recorded' });
  await expect(note).toHaveText('Each guess you check is recorded, right or not, and counted on your progress (kept in this browser). “Show me” is not counted.');
  await expect(note.getByRole('link', { name: 'your progress' })).toHaveAttribute('href', '/progress/');
  // "S₂₃ (query cat, key sat)": the cell's name first.
  const cellName = (await calc.locator('form label').first().innerText()).split(' ')[0];
  const subscript = cellName.slice(1);

  // Nothing typed: asked for, still hidden; moving on does not reveal the next stage either.
  await calc.getByRole('button', { name: 'Check' }).click();
  await expect(calc.getByRole('alert')).toHaveText(`Type your prediction for ${cellName}, or press “Show me”.`);
  await expect(guess).toBeFocused();
  await expect(scores).toHaveCount(0);
  await expect(calc.locator('.step-through-explain')).toHaveCount(0);
  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('heading', { name: /Stage 3 of 6: Scaled logits/ })).toBeVisible();
  await expect(calc.getByRole('table', { name: 'L = S · scale / T' })).toHaveCount(0);
  await calc.getByRole('button', { name: '← Previous' }).click();

  // A wrong guess, by the keyboard: graded, the working shown, the stage revealed.
  await calc.getByRole('textbox', { name: /^S\S+ \(query/ }).fill('1000');
  await page.keyboard.press('Enter');
  const verdicts = calc.getByRole('list', { name: 'Your predictions' });
  await expect(verdicts.getByRole('listitem')).toHaveCount(1);
  await expect(verdicts).toContainText(`✗ Not quite: ${cellName}: you said 1000; it is`);
  await expect(verdicts).toContainText(`${cellName} = q`);
  await expect(scores).toBeVisible();
  await expect(calc.locator('.step-through-explain')).toContainText(`Selected: ${cellName} = q`);
  // The focus is on the cell that was asked for, now on screen.
  await expect(scores.locator('[aria-pressed="true"]')).toBeFocused();
  await expect(calc.getByRole('status').filter({ hasText: 'This session' })).toHaveText(/This session: 0 of 1 prediction right\./);

  // The scaled logit of the same pair, worked out from what is on screen: S × 1/√4 (T = 1).
  const said = await verdicts.innerText();
  const raw = Number(/it is (\S+)\./.exec(said)![1].replace('−', '-'));
  await calc.getByRole('button', { name: 'Next →' }).click();
  const logit = calc.getByRole('textbox', { name: new RegExp(`^L${subscript} \\(query`) });
  await expect(logit).toBeVisible();
  await logit.fill(String(Math.round((raw / 2) * 1000) / 1000));
  await calc.getByRole('button', { name: 'Check' }).click();
  await expect(verdicts).toContainText(`✓ Right: L${subscript}: you said`);
  await expect(verdicts).not.toContainText(' = S');
  await expect(calc.getByRole('table', { name: 'L = S · scale / T' })).toBeVisible();
  await expect(calc.getByRole('status').filter({ hasText: 'This session' })).toHaveText(/This session: 1 of 2 predictions right\./);

  // "Show me" reveals without a verdict; the score stays.
  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('table', { name: 'M (masked logits)' })).toHaveCount(0);
  await calc.getByRole('button', { name: 'Show me' }).click();
  await expect(calc.getByRole('table', { name: 'M (masked logits)' })).toBeVisible();
  await expect(verdicts).toHaveCount(0);
  await expect(calc.getByRole('status').filter({ hasText: 'This session' })).toHaveText(/1 of 2/);
  // The weights ask for two keys of one query.
  await calc.getByRole('button', { name: 'Next →' }).click();
  await expect(calc.getByRole('textbox', { name: /^A\S+ \(query/ })).toHaveCount(2);
  await screenshot(calc, 'step-through-predict');
  expect(await seriousViolations(page, '#walkthrough')).toEqual([]);

  // /progress shows the two checked guesses (one right), not the "Show me", as a learner reads them.
  const stored = (await storedProgress(page))?.predictions ?? [];
  expect(stored.map((p: { stage: string; guess: string; correct: boolean }) => [p.stage, p.guess, p.correct])).toEqual([
    ['rawScores', '1000', false],
    ['scaledScores', String(Math.round((raw / 2) * 1000) / 1000), true],
  ]);
  const readProgress = async () => {
    await expect(page.locator('.prediction-summary')).toHaveText('2 predictions in the step-through, 1 right.');
    const section = page.getByRole('region', { name: 'Predictions in the step-through' });
    await expect(section.getByText(/cells predicted/)).toHaveText('2 cells predicted, 1 right (50 %). Predict again');
    const rows = section.getByRole('table', { name: 'Predictions by stage' }).getByRole('row');
    await expect(rows).toHaveText([/Stage\s*Predicted\s*Right/, /Raw scores\s*1\s*0/, /Scaled logits\s*1\s*1/]);
    // Today's bar of the 28-day chart counts them, as its table says.
    const history = page.getByRole('region', { name: 'Reviews and predictions over the last 28 days' });
    await history.getByText('Show as a table').click();
    await expect(history.getByRole('row', { name: /^Today/ }).getByRole('cell')).toHaveText(['2', '0 reviews (0 right, 0 rated Again), 2 predictions (1 right)']);
    // A day with predictions is a study day.
    await expect(page.locator('.progress-summary')).toContainText('1 day in a row (today done)');
  };
  await page.goto('/progress/');
  await readProgress();
  await page.reload();
  await readProgress();
  expect(errors).toEqual([]);
});
