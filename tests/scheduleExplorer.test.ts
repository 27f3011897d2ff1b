import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultScheduleSpec, SCHEDULE_KINDS, scheduleSeries, type ScheduleSpec } from '../lib/calculators/scheduleExplorer';
import { AttentionInputError } from '../lib/errors';
import { throwsInput } from './support/assertions';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

describe('scheduleSeries', () => {
  test('by hand, steps 4 (five values each)', () => {
    const { series } = scheduleSeries({
      steps: 4,
      schedules: [
        { kind: 'stepDecay', lr: 1, stepSize: 2, gamma: 0.5 },
        { kind: 'exponential', lr: 1, gamma: 0.5 },
        { kind: 'cosineAnnealing', lr: 1, minLr: 0, period: 4, label: 'mine' },
        { kind: 'warmupCosine', lr: 1, minLr: 0, warmupSteps: 2, totalSteps: 4 },
      ],
    });
    // step: 0.5^⌊t/2⌋ = 1, 1, ½, ½, ¼
    assert.deepEqual(Array.from(series[0].lr), [1, 1, 0.5, 0.5, 0.25]);
    // exponential: 0.5^t
    assert.deepEqual(Array.from(series[1].lr), [1, 0.5, 0.25, 0.125, 0.0625]);
    // cosine: (1 + cos(πt/4))/2 = 1, (1 + √2/2)/2, ½, (1 − √2/2)/2, 0
    const h = Math.SQRT2 / 2;
    [1, (1 + h) / 2, 0.5, (1 - h) / 2, 0].forEach((x, t) => close(series[2].lr[t], x, 1e-15, `cosine t=${t}`));
    assert.equal(series[2].label, 'mine');
    // warm-up: t/2 for t < 2, then (1 + cos(π(t − 2)/2))/2 → 0, ½, 1, ½, then 0 at totalSteps
    [0, 0.5, 1, 0.5, 0].forEach((x, t) => close(series[3].lr[t], x, 1e-15, `warm-up t=${t}`));
    assert.equal(series[3].min, 0);
    assert.equal(series[3].max, 1);
    assert.match(series[0].label, /step decay \(lr 1, ×0\.5 every 2\)/);
  });

  test('property: length steps + 1, lr in [0, lr₀], cloneable; defaults valid for every kind', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(...SCHEDULE_KINDS), (steps, kind) => {
        const spec = defaultScheduleSpec(kind, steps);
        const r = scheduleSeries({ steps, schedules: [spec] });
        const { lr } = r.series[0];
        assert.equal(lr.length, steps + 1);
        assert.ok(lr.every((x) => x >= 0 && x <= spec.lr && !Number.isNaN(x)), `${kind} stays in [0, lr]`);
        assert.deepEqual(structuredClone(r), r);
      }),
      { numRuns: 60 },
    );
  });

  test('a bad parameter names its schedule', () => {
    const schedules: ScheduleSpec[] = [
      { kind: 'exponential', lr: 0.1, gamma: 0.9 },
      { kind: 'cosineAnnealing', lr: 0.1, minLr: 0.5, period: 10 },
    ];
    assert.throws(
      () => scheduleSeries({ steps: 10, schedules }),
      (e: unknown) => {
        assert.ok(e instanceof AttentionInputError, 'AttentionInputError');
        assert.match(e.message, /^Schedule 2 \(cosine annealing\): minLr is 0.5/);
        assert.deepEqual(e.where, { input: 'minLr', row: 1 });
        return true;
      },
    );
  });

  test('refuses too many steps, no schedules, unknown kinds', () => {
    throwsInput(() => scheduleSeries({ steps: 100_001, schedules: [defaultScheduleSpec('exponential', 10)] }), /steps is 100001/, 'steps');
    throwsInput(() => scheduleSeries({ steps: 10, schedules: [] }), /1 to 8 schedules/, 'schedules');
    throwsInput(() => scheduleSeries({ steps: 10, schedules: [{ kind: 'linear' } as never] }), /Schedule 1 has kind "linear"/, 'kind');
  });
});
