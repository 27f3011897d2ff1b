import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { keyToAction, MAX_TYPED_DIGITS, pressKey } from '../lib/present/deckKeys';
import { initialDeckState, type DeckState } from '../lib/present/deckNavigation';

const press = (state: DeckState, ...keys: string[]) => keys.reduce(pressKey, state);

test('what clickers send moves the deck', () => {
  for (const key of ['ArrowRight', 'PageDown', ' ']) assert.deepEqual(keyToAction(key, ''), { action: { type: 'next' }, buffer: '' }, key);
  for (const key of ['ArrowLeft', 'PageUp']) assert.deepEqual(keyToAction(key, ''), { action: { type: 'previous' }, buffer: '' }, key);
  assert.deepEqual(keyToAction('Home', '').action, { type: 'first' });
  assert.deepEqual(keyToAction('End', '').action, { type: 'last' });
});

test('letters toggle, in either case; "." is the clickers\' blank-screen button', () => {
  for (const key of ['b', 'B', '.']) assert.deepEqual(keyToAction(key, '').action, { type: 'toggleBlackout' }, key);
  for (const key of ['f', 'F']) assert.deepEqual(keyToAction(key, '').action, { type: 'requestFullScreen' }, key);
  for (const key of ['q', 'Q']) assert.deepEqual(keyToAction(key, '').action, { type: 'toggleQr' }, key);
  assert.deepEqual(keyToAction('?', '').action, { type: 'toggleHelp' });
});

test('digits accumulate, Enter jumps to that step, counted from 1', () => {
  assert.deepEqual(keyToAction('1', ''), { action: { type: 'setDigits', digits: '1' }, buffer: '1' });
  assert.deepEqual(keyToAction('2', '1'), { action: { type: 'setDigits', digits: '12' }, buffer: '12' });
  assert.deepEqual(keyToAction('Enter', '12'), { action: { type: 'goTo', step: 12 }, buffer: '' });
  assert.equal(press(initialDeckState(20), '1', '2', 'Enter').step, 11);
  assert.equal(press(initialDeckState(5), '9', '9', 'Enter').step, 4, 'clamped to the last step');
});

test('Enter with nothing typed does nothing; Backspace takes a digit back', () => {
  assert.deepEqual(keyToAction('Enter', ''), { action: null, buffer: '' });
  assert.deepEqual(keyToAction('Backspace', '12'), { action: { type: 'setDigits', digits: '1' }, buffer: '1' });
  assert.equal(press(initialDeckState(20), '1', '5', 'Backspace', '3', 'Enter').step, 12);
});

test('at most three digits are kept', () => {
  assert.equal(press(initialDeckState(2000), '1', '2', '3', '4').digits, '123');
  assert.equal(MAX_TYPED_DIGITS, 3);
});

test('Escape forgets the digits and closes help', () => {
  const state = press(initialDeckState(20), '?', '7', 'Escape');
  assert.equal(state.help, false);
  assert.equal(state.digits, '');
  assert.equal(press(state, 'Enter').step, 0, 'Enter after Escape goes nowhere');
});

test('a navigation key between digits starts the number again', () => {
  assert.equal(press(initialDeckState(20), '1', 'ArrowRight', '3', 'Enter').step, 2);
});

test('keys that mean nothing leave a half-typed number alone (Shift on the way to "?")', () => {
  assert.deepEqual(keyToAction('Shift', '4'), { action: null, buffer: '4' });
  assert.deepEqual(keyToAction('x', '4'), { action: null, buffer: '4' });
  assert.equal(press(initialDeckState(9), '4', 'Shift', 'Enter').step, 3);
});

const keys = fc.constantFrom('ArrowRight', 'ArrowLeft', 'PageDown', 'PageUp', ' ', 'Home', 'End', 'Enter', 'Escape', 'Backspace', 'b', 'f', 'q', '?', '.', 'Shift', 'x', '0', '1', '2', '3', '5', '9');

test('property: random key sequences never leave the step index out of range', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.array(keys, { maxLength: 80 }), (count, pressed) => {
      let state = initialDeckState(count);
      for (const key of pressed) {
        state = pressKey(state, key);
        assert.ok(Number.isInteger(state.step) && state.step >= 0 && state.step < count);
        assert.ok(/^[0-9]{0,3}$/.test(state.digits));
      }
    }),
    { numRuns: 300 },
  );
});

test('property: the buffer keyToAction returns is the digits the state ends with', () => {
  fc.assert(
    fc.property(fc.array(keys, { maxLength: 40 }), (pressed) => {
      let state = initialDeckState(12);
      for (const key of pressed) {
        const { buffer } = keyToAction(key, state.digits);
        state = pressKey(state, key);
        assert.equal(state.digits, buffer, key);
      }
    }),
  );
});
