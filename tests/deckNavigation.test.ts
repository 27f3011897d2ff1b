import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { clampStep, deckReducer, initialDeckState, type DeckAction, type DeckState } from '../lib/present/deckNavigation';

const run = (state: DeckState, ...actions: DeckAction[]) => actions.reduce(deckReducer, state);

test('next and previous stop at the ends', () => {
  const deck = initialDeckState(3);
  assert.equal(run(deck, { type: 'next' }, { type: 'next' }, { type: 'next' }, { type: 'next' }).step, 2);
  assert.equal(run(deck, { type: 'previous' }).step, 0);
  assert.equal(run(deck, { type: 'last' }, { type: 'previous' }).step, 1);
  assert.equal(run(deck, { type: 'last' }, { type: 'first' }).step, 0);
});

test('go to is 1-based and clamped into the deck', () => {
  const deck = initialDeckState(10);
  assert.equal(run(deck, { type: 'goTo', step: 4 }).step, 3);
  assert.equal(run(deck, { type: 'goTo', step: 999 }).step, 9);
  assert.equal(run(deck, { type: 'goTo', step: 0 }).step, 0);
  assert.equal(run(deck, { type: 'goTo', step: Number.NaN }).step, 0);
});

test('toggles flip, close help closes, full screen only counts requests', () => {
  const deck = initialDeckState(2);
  const on = run(deck, { type: 'toggleBlackout' }, { type: 'toggleQr' }, { type: 'toggleHelp' });
  assert.deepEqual([on.blackout, on.qr, on.help], [true, true, true]);
  const off = run(on, { type: 'toggleBlackout' }, { type: 'toggleQr' }, { type: 'closeHelp' });
  assert.deepEqual([off.blackout, off.qr, off.help], [false, false, false]);
  assert.equal(run(deck, { type: 'requestFullScreen' }, { type: 'requestFullScreen' }).fullScreenRequests, 2);
});

test('any action but typing digits ends a half-typed number', () => {
  const typed = run(initialDeckState(20), { type: 'setDigits', digits: '1' });
  assert.equal(typed.digits, '1');
  for (const action of [{ type: 'next' }, { type: 'toggleBlackout' }, { type: 'closeHelp' }, { type: 'first' }] as DeckAction[]) {
    assert.equal(deckReducer(typed, action).digits, '', action.type);
  }
});

test('an action that changes nothing returns the same state (views skip a render and a broadcast)', () => {
  const deck = initialDeckState(3);
  assert.equal(deckReducer(deck, { type: 'previous' }), deck);
  assert.equal(deckReducer(deck, { type: 'closeHelp' }), deck);
});

test('the initial state and clampStep accept any number without leaving the deck', () => {
  assert.deepEqual(initialDeckState(0), { ...initialDeckState(1) });
  assert.equal(initialDeckState(5, 17).step, 4);
  assert.equal(clampStep(-3, 5), 0);
  assert.equal(clampStep(2.7, 5), 2);
  assert.equal(clampStep(Number.POSITIVE_INFINITY, 5), 0);
});

const action: fc.Arbitrary<DeckAction> = fc.oneof(
  fc.constantFrom<DeckAction>({ type: 'next' }, { type: 'previous' }, { type: 'first' }, { type: 'last' }, { type: 'toggleBlackout' }, { type: 'toggleQr' }, { type: 'toggleHelp' }, { type: 'closeHelp' }, { type: 'requestFullScreen' }),
  fc.integer({ min: -5, max: 2000 }).map((step): DeckAction => ({ type: 'goTo', step })),
  fc.stringMatching(/^[0-9]{0,3}$/).map((digits): DeckAction => ({ type: 'setDigits', digits })),
);

test('property: any sequence of actions keeps the step inside the deck', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.array(action, { maxLength: 60 }), (count, actions) => {
      let state = initialDeckState(count);
      for (const a of actions) {
        state = deckReducer(state, a);
        assert.ok(Number.isInteger(state.step) && state.step >= 0 && state.step < count, `step ${state.step} of ${count}`);
      }
    }),
  );
});

test('follow takes the presenter\'s step, blackout and QR, clamped, and keeps help local', () => {
  const deck = run(initialDeckState(5), { type: 'toggleHelp' }, { type: 'setDigits', digits: '3' });
  const followed = run(deck, { type: 'follow', step: 3, blackout: true, qr: true });
  assert.deepEqual([followed.step, followed.blackout, followed.qr, followed.help, followed.digits], [3, true, true, true, '']);
  assert.equal(run(deck, { type: 'follow', step: 40, blackout: false, qr: false }).step, 4);
  const same = initialDeckState(5);
  assert.equal(deckReducer(same, { type: 'follow', step: 0, blackout: false, qr: false }), same);
});
