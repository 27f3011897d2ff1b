/**
 * The Lighthouse gate's arithmetic (lib/build/lighthouseTargets.ts): which targets a page has,
 * medians over runs, and the sentence naming each figure out of bounds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CI_FLOORS, TARGETS, median, medianFigures, misses, pageKind, within, type PageKind } from '../lib/build/lighthouseTargets';

test('pages get the targets of their kind; pages without targets get none', () => {
  assert.equal(pageKind('/'), 'home');
  assert.equal(pageKind('/lessons/masking/'), 'lesson');
  assert.equal(pageKind('/calculators/step-through/'), 'calculator');
  assert.equal(pageKind('/practice/'), 'practice');
  assert.equal(pageKind('/lessons/'), null);
  assert.equal(pageKind('/practice/mock/'), null);
  assert.equal(TARGETS.home.score, 95);
  assert.equal(TARGETS.calculator.score, 90);
  for (const kind of Object.keys(TARGETS) as PageKind[]) assert.deepEqual({ ...TARGETS[kind], score: 0 }, { score: 0, lcpMs: 2500, tbtMs: 200, cls: 0.1 });
});

test('the CI floors are never stricter than the targets, and CLS keeps its target where the page meets it', () => {
  for (const kind of Object.keys(TARGETS) as PageKind[]) {
    assert.ok(CI_FLOORS[kind].score <= TARGETS[kind].score);
    assert.ok(CI_FLOORS[kind].lcpMs >= TARGETS[kind].lcpMs);
    assert.ok(CI_FLOORS[kind].tbtMs >= TARGETS[kind].tbtMs);
    assert.ok(CI_FLOORS[kind].cls >= TARGETS[kind].cls);
  }
  for (const kind of ['home', 'lesson', 'calculator'] as const) assert.equal(CI_FLOORS[kind].cls, TARGETS[kind].cls);
});

test('medians: the middle run, or the mean of the middle two', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]));
  const runs = [
    { score: 90, lcpMs: 2000, tbtMs: 300, cls: 0 },
    { score: 70, lcpMs: 2600, tbtMs: 100, cls: 0.2 },
    { score: 80, lcpMs: 2100, tbtMs: 900, cls: 0 },
  ];
  assert.deepEqual(medianFigures(runs), { score: 80, lcpMs: 2100, tbtMs: 300, cls: 0 });
});

test('a score must reach its limit, the timings and CLS stay under theirs; each miss is named', () => {
  const limits = TARGETS.home;
  assert.deepEqual(within({ score: 95, lcpMs: 2500, tbtMs: 200, cls: 0.1 }, limits), { score: true, lcpMs: true, tbtMs: true, cls: true });
  assert.deepEqual(misses({ score: 95, lcpMs: 2500, tbtMs: 200, cls: 0.1 }, limits), []);
  assert.deepEqual(misses({ score: 61, lcpMs: 3010, tbtMs: 1626, cls: 0.19 }, limits), [
    'performance 61 < 95',
    'LCP 3.01 s > 2.50 s',
    'TBT 1626 ms > 200 ms',
    'CLS 0.190 > 0.100',
  ]);
});
