import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutlineStep } from '../lib/present/deckOutline';
import { parsePresenterState } from '../lib/present/presentMessages';
import { calculatorChanges, changedCalculators, PRESENT_VIEW_BOOT_SCRIPT, readSession, sessionKey, viewFromSearch } from '../lib/present/presentSync';

const steps: OutlineStep[] = [
  { title: 'Intro', preview: '', calculator: null },
  { title: 'Scores', preview: '', calculator: { embedId: 'scores', name: 'step-through', version: 1 } },
  { title: 'Masks', preview: '', calculator: { embedId: 'step-3', name: 'mask-pattern', version: 2 } },
];
const entry = (calculator: string, state: Record<string, unknown>, initial: Record<string, unknown> = { t: 1 }) => ({ calculator, initial, state });

test('the query picks the view: audience, a student\'s step (clamped), else the presenter', () => {
  assert.deepEqual(viewFromSearch('', 12), { view: 'presenter', step: null, notes: false });
  assert.deepEqual(viewFromSearch('?view=audience', 12), { view: 'audience', step: null, notes: false });
  assert.deepEqual(viewFromSearch('?view=audience&step=3', 12), { view: 'audience', step: null, notes: false });
  assert.deepEqual(viewFromSearch('?view=handout', 12), { view: 'handout', step: null, notes: false });
  assert.deepEqual(viewFromSearch('?view=handout&notes=1', 12), { view: 'handout', step: null, notes: true });
  assert.deepEqual(viewFromSearch('?view=handout&notes=yes', 12), { view: 'handout', step: null, notes: false });
  assert.deepEqual(viewFromSearch('?step=3', 12), { view: 'student', step: 2, notes: false });
  assert.deepEqual(viewFromSearch('?step=99', 12), { view: 'student', step: 11, notes: false });
  assert.deepEqual(viewFromSearch('?step=abc', 12), { view: 'student', step: 0, notes: false });
  assert.deepEqual(viewFromSearch('?view=presenter', 12), { view: 'presenter', step: null, notes: false });
});

test('a presenter sends only the calculators that differ from their examples, and only its steps\' own', () => {
  const entries = {
    scores: entry('step-through', { t: 2 }),
    'step-3': entry('mask-pattern', { t: 1 }),
    other: entry('attention', { t: 5 }),
  };
  assert.deepEqual(changedCalculators(steps, entries), [{ step: 1, embedId: 'scores', calculator: 'step-through', version: 1, state: { t: 2 } }]);
  // An entry of another calculator under the step's id (a stale page) is not the step's.
  assert.deepEqual(changedCalculators(steps, { scores: entry('attention', { t: 2 }) }), []);
});

test('a follower replaces what differs, resets what the presenter no longer lists, and waits for unregistered calculators', () => {
  const sent = [{ step: 1, embedId: 'scores', calculator: 'step-through', version: 1, state: { t: 3 } }];
  const entries = { scores: entry('step-through', { t: 1 }), 'step-3': entry('mask-pattern', { t: 9 }) };
  assert.deepEqual(calculatorChanges(steps, sent, entries), [
    { embedId: 'scores', kind: 'replace', calculator: 'step-through', version: 1, state: { t: 3 } },
    { embedId: 'step-3', kind: 'reset' },
  ]);
  // Already in that state: nothing to do (so applying on every store change settles).
  assert.deepEqual(calculatorChanges(steps, sent, { scores: entry('step-through', { t: 3 }) }), []);
  // Not registered yet: nothing now, the state stays pending.
  assert.deepEqual(calculatorChanges(steps, sent, {}), []);
  // A state for another step's calculator is not taken.
  assert.deepEqual(calculatorChanges(steps, [{ ...sent[0], embedId: 'step-3' }], { scores: entry('step-through', { t: 1 }) }), []);
  // A presenter restoring its session resets nothing of its own.
  assert.deepEqual(calculatorChanges(steps, [], entries, false), []);
});

test('a stored session comes back validated, clamped into the deck, and anything damaged is dropped', () => {
  const state = { step: 5, stepCount: 6, blackout: true, qr: false, calculators: [{ step: 1, embedId: 'scores', calculator: 'step-through', version: 1, state: { t: 2 } }] };
  const timer = { startedAt: 1000, pausedAt: null, pausedMs: 0 };
  const stored = JSON.stringify({ state, timer });
  assert.deepEqual(readSession(stored, 6, parsePresenterState), { state, timer });
  const shorter = readSession(stored, 3, parsePresenterState);
  assert.equal(shorter?.state.step, 2);
  assert.deepEqual(shorter?.state.calculators.map((c) => c.step), [1]);
  assert.equal(readSession(null, 6, parsePresenterState), null);
  assert.equal(readSession('{not json', 6, parsePresenterState), null);
  assert.equal(readSession(JSON.stringify({ state: { ...state, step: -1 }, timer }), 6, parsePresenterState), null);
  assert.deepEqual(readSession(JSON.stringify({ state, timer: { startedAt: 'x' } }), 6, parsePresenterState)?.timer, { startedAt: null, pausedAt: null, pausedMs: 0 });
  assert.equal(sessionKey('masking'), 'attention-lab-present:masking');
});

test('the boot script names the same view as viewFromSearch, before React runs', () => {
  for (const search of ['', '?view=audience', '?view=audience&step=3', '?view=handout&notes=1', '?step=3', '?step=abc', '?view=presenter', '?view=AUDIENCE', '?x=1&step=']) {
    const attributes: Record<string, string> = {};
    const document = { documentElement: { setAttribute: (name: string, value: string) => (attributes[name] = value) } };
    new Function('location', 'document', PRESENT_VIEW_BOOT_SCRIPT)({ search }, document);
    assert.equal(attributes['data-present-boot'], viewFromSearch(search, 12).view, search);
  }
});
