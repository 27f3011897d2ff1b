import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSkipWaitingMessage, isVersionMessage, nextUpdateStep, SKIP_WAITING_MESSAGE, VERSION_MESSAGE, type UpdateEvent, type UpdateState } from '../lib/serviceWorker/updateFlow';

function run(events: UpdateEvent[], state: UpdateState = 'idle') {
  const effects = [];
  for (const event of events) {
    const step = nextUpdateStep(state, event);
    state = step.state;
    effects.push(step.effect);
  }
  return { state, effects };
}

test('the first install is not an update: no notice, and its taking control does not reload', () => {
  const { state, effects } = run([{ type: 'worker-installed', pageControlled: false }, { type: 'controller-changed' }]);
  assert.equal(state, 'idle');
  assert.deepEqual(effects, [null, null]);
});

test('a new worker installed beside a controlling one waits for the reader; Reload asks it to take over, then the page reloads', () => {
  const { state, effects } = run([
    { type: 'worker-installed', pageControlled: true },
    { type: 'reload-requested', workerWaiting: true },
    { type: 'controller-changed' },
  ]);
  assert.equal(state, 'activating');
  assert.deepEqual(effects, [null, 'skip-waiting', 'reload']);
});

test('the page never reloads before the new worker controls it', () => {
  const { effects } = run([
    { type: 'worker-installed', pageControlled: true },
    { type: 'reload-requested', workerWaiting: true },
  ]);
  assert.ok(!effects.includes('reload'));
});

test('when another tab already activated the update, Reload just reloads', () => {
  const { effects } = run([
    { type: 'worker-installed', pageControlled: true },
    { type: 'controller-changed' },
    { type: 'reload-requested', workerWaiting: false },
  ]);
  assert.deepEqual(effects, [null, null, 'reload']);
});

test('Reload without a notice, or pressed twice, does nothing more', () => {
  assert.deepEqual(nextUpdateStep('idle', { type: 'reload-requested', workerWaiting: true }), { state: 'idle', effect: null });
  assert.deepEqual(nextUpdateStep('activating', { type: 'reload-requested', workerWaiting: true }), { state: 'activating', effect: null });
  assert.deepEqual(nextUpdateStep('waiting', { type: 'worker-installed', pageControlled: true }), { state: 'waiting', effect: null });
});

test('messages are recognised by their type only', () => {
  assert.equal(isSkipWaitingMessage(SKIP_WAITING_MESSAGE), true);
  assert.equal(isSkipWaitingMessage({ type: 'skip' }), false);
  assert.equal(isSkipWaitingMessage(null), false);
  assert.equal(isSkipWaitingMessage('SKIP_WAITING'), false);
  assert.equal(isVersionMessage(VERSION_MESSAGE), true);
  assert.equal(isVersionMessage(SKIP_WAITING_MESSAGE), false);
});
