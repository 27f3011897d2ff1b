import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterLoadWhenIdle, type IdleHost } from '../lib/afterLoadWhenIdle';

/** A window stand-in whose load event and idle callbacks the test fires by hand. */
function fakeHost(readyState: string, withIdle = true) {
  const loadListeners = new Set<() => void>();
  const idle = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  let next = 1;
  const timeouts: number[] = [];
  const host: IdleHost = {
    document: { readyState },
    addEventListener: (_type, listener) => void loadListeners.add(listener),
    removeEventListener: (_type, listener) => void loadListeners.delete(listener),
    setTimeout: (callback) => (timers.set(next, callback), next++),
    clearTimeout: (handle) => void timers.delete(handle as number),
    ...(withIdle
      ? {
          requestIdleCallback: (callback: () => void, options: { timeout: number }) => (timeouts.push(options.timeout), idle.set(next, callback), next++),
          cancelIdleCallback: (handle: number) => void idle.delete(handle),
        }
      : {}),
  };
  const fireAll = (callbacks: Map<number, () => void>) => {
    const pending = [...callbacks.values()];
    callbacks.clear();
    for (const callback of pending) callback();
  };
  return {
    host,
    timeouts,
    load: () => [...loadListeners].forEach((listener) => listener()),
    idle: () => fireAll(idle),
    timers: () => fireAll(timers),
    loadListeners,
  };
}

test('waits for load, then for an idle moment', () => {
  const fake = fakeHost('interactive');
  let runs = 0;
  afterLoadWhenIdle(fake.host, () => runs++);
  fake.idle();
  assert.equal(runs, 0, 'not before load');
  fake.load();
  assert.equal(runs, 0, 'not at load: after an idle moment');
  fake.idle();
  assert.equal(runs, 1);
  assert.equal(fake.loadListeners.size, 0, 'the load listener is removed');
  assert.deepEqual(fake.timeouts, [4000], 'a page that is never idle still gets there');
});

test('a page that has already loaded waits only for idle', () => {
  const fake = fakeHost('complete');
  let runs = 0;
  afterLoadWhenIdle(fake.host, () => runs++);
  assert.equal(runs, 0);
  fake.idle();
  assert.equal(runs, 1);
});

test('without requestIdleCallback (Safari) it runs in a task after load', () => {
  const fake = fakeHost('loading', false);
  let runs = 0;
  afterLoadWhenIdle(fake.host, () => runs++);
  fake.timers();
  assert.equal(runs, 0);
  fake.load();
  fake.timers();
  assert.equal(runs, 1);
});

test('cancelling before load or before idle means it never runs', () => {
  for (const when of ['before load', 'before idle'] as const) {
    const fake = fakeHost('loading');
    let runs = 0;
    const cancel = afterLoadWhenIdle(fake.host, () => runs++);
    if (when === 'before idle') fake.load();
    cancel();
    fake.load();
    fake.idle();
    assert.equal(runs, 0, when);
  }
});
