import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cosineAnnealing, exponentialDecay, scheduleSeries, stepDecay, warmupCosine } from '../lib/schedules';
import { AttentionInputError } from '../lib/errors';

const close = (actual: number, expected: number, tol = 1e-12, msg?: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    msg ?? `${actual} is not within ${tol} of ${expected}`,
  );

function expectInputError(fn: () => unknown, pattern: RegExp, input?: string) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AttentionInputError, `expected AttentionInputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    if (input) assert.equal(err.where?.input, input);
    return true;
  });
}

// ---- PyTorch's chainable (recursive) get_lr, replayed step by step: an independent reference. ----

function chainableStepLR(steps: number, lr: number, stepSize: number, gamma: number): number[] {
  const out = [lr];
  for (let epoch = 1; epoch < steps; epoch++) {
    const prev = out[epoch - 1];
    out.push(epoch % stepSize !== 0 ? prev : prev * gamma);
  }
  return out;
}

function chainableExponentialLR(steps: number, lr: number, gamma: number): number[] {
  const out = [lr];
  for (let epoch = 1; epoch < steps; epoch++) out.push(out[epoch - 1] * gamma);
  return out;
}

function chainableCosineAnnealingLR(steps: number, baseLr: number, etaMin: number, tMax: number): number[] {
  const out = [baseLr];
  for (let epoch = 1; epoch < steps; epoch++) {
    const prev = out[epoch - 1];
    if ((epoch - 1 - tMax) % (2 * tMax) === 0) {
      // At the trough the ratio below would divide by 1 + cos(π) = 0; PyTorch adds the rise instead.
      out.push(prev + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    } else {
      out.push(
        ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) * (prev - etaMin) +
          etaMin,
      );
    }
  }
  return out;
}

/**
 * Hugging Face's cosine-with-warmup lr_lambda (num_cycles = 0.5), mapped onto [minLr, lr] as its
 * min-lr variant does; progress is clamped at 1 to match our documented hold at minLr.
 */
function hfWarmupCosine(step: number, lr: number, minLr: number, warmup: number, total: number): number {
  if (step < warmup) return lr * (step / Math.max(1, warmup));
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  const factor = Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * progress)));
  return lr * (factor * (1 - minLr / lr) + minLr / lr);
}

describe('stepDecay', () => {
  const opts = { lr: 0.1, stepSize: 3, gamma: 0.5 };
  test('hand-worked: holds for stepSize steps, then multiplies by gamma', () => {
    // ⌊t/3⌋: t=0,1,2 → 0; t=3,4,5 → 1; t=6 → 2
    assert.equal(stepDecay(0, opts), 0.1);
    assert.equal(stepDecay(2, opts), 0.1); // t = stepSize − 1: not decayed yet
    assert.equal(stepDecay(3, opts), 0.05); // t = stepSize: 0.1·0.5
    assert.equal(stepDecay(5, opts), 0.05);
    assert.equal(stepDecay(6, opts), 0.025); // 0.1·0.25
  });

  test('matches the chainable StepLR over 100 steps', () => {
    for (const [stepSize, gamma] of [
      [3, 0.5],
      [7, 0.9],
      [1, 0.95],
    ]) {
      const closed = scheduleSeries((t) => stepDecay(t, { lr: 0.3, stepSize, gamma }), 100);
      chainableStepLR(100, 0.3, stepSize, gamma).forEach((v, t) => close(closed[t], v, 1e-12, `t=${t}`));
    }
  });
});

describe('exponentialDecay', () => {
  test('hand-worked', () => {
    // 1·0.9² = 0.81; 2·0.5³ = 0.25
    assert.equal(exponentialDecay(0, { lr: 1, gamma: 0.9 }), 1);
    close(exponentialDecay(2, { lr: 1, gamma: 0.9 }), 0.81);
    assert.equal(exponentialDecay(3, { lr: 2, gamma: 0.5 }), 0.25);
    assert.equal(exponentialDecay(1000, { lr: 2, gamma: 1 }), 2);
  });

  test('matches the chainable ExponentialLR over 100 steps', () => {
    const closed = scheduleSeries((t) => exponentialDecay(t, { lr: 0.01, gamma: 0.97 }), 100);
    chainableExponentialLR(100, 0.01, 0.97).forEach((v, t) => close(closed[t], v, 1e-12, `t=${t}`));
  });
});

describe('cosineAnnealing', () => {
  const opts = { lr: 1, minLr: 0.1, period: 10 };
  test('hand-worked points over one and a half periods', () => {
    // minLr + (lr − minLr)·(1 + cos(π t/10))/2 with lr − minLr = 0.9
    assert.equal(cosineAnnealing(0, opts), 1); // cos 0 = 1 → lr
    close(cosineAnnealing(5, opts), 0.55); // cos(π/2) = 0 → (lr + minLr)/2
    close(cosineAnnealing(10, opts), 0.1); // cos π = −1 → minLr
    // t = 12: cos(1.2π) = −cos(0.2π) = −0.809017 → 0.1 + 0.9·0.190983/2 = 0.185942
    close(cosineAnnealing(12, opts), 0.1 + (0.9 * (1 - Math.cos(0.2 * Math.PI))) / 2);
    close(cosineAnnealing(12, opts), 0.18594235, 1e-8);
    // Past the period it rises again, as PyTorch's closed form does: t = 15 mirrors t = 5, t = 20 is lr.
    close(cosineAnnealing(15, opts), 0.55);
    close(cosineAnnealing(20, opts), 1);
  });

  test('minLr = lr gives a constant', () => {
    for (let t = 0; t < 30; t++) assert.equal(cosineAnnealing(t, { lr: 0.2, minLr: 0.2, period: 7 }), 0.2);
  });

  test('matches the chainable CosineAnnealingLR over 100 steps, across several periods', () => {
    for (const [minLr, period] of [
      [0, 10],
      [0.001, 30],
      [0.05, 1],
    ]) {
      const closed = scheduleSeries((t) => cosineAnnealing(t, { lr: 0.1, minLr, period }), 100);
      chainableCosineAnnealingLR(100, 0.1, minLr, period).forEach((v, t) =>
        close(closed[t], v, 1e-9, `minLr=${minLr} period=${period} t=${t}: ${closed[t]} vs ${v}`),
      );
    }
  });

  test('property: within [minLr, lr], non-increasing over the first period, symmetric about it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (lr, frac, period) => {
          const o = { lr, minLr: lr * frac, period };
          let prev = Infinity;
          for (let t = 0; t <= 2 * period; t++) {
            const v = cosineAnnealing(t, o);
            assert.ok(v >= o.minLr - 1e-15 * lr && v <= lr + 1e-15 * lr, `t=${t}: ${v}`);
            if (t <= period) {
              assert.ok(v <= prev + 1e-15 * lr, `rose at t=${t}`);
              prev = v;
              close(cosineAnnealing(2 * period - t, o), v, 1e-9);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('warmupCosine', () => {
  const opts = { lr: 1, minLr: 0.1, warmupSteps: 4, totalSteps: 14 };
  test('hand-worked: linear warm-up lr·t/warmupSteps, cosine over 10 steps, then minLr', () => {
    assert.equal(warmupCosine(0, opts), 0); // 1·0/4
    assert.equal(warmupCosine(1, opts), 0.25); // 1·1/4
    assert.equal(warmupCosine(2, opts), 0.5);
    assert.equal(warmupCosine(4, opts), 1); // progress 0 → lr
    close(warmupCosine(9, opts), 0.55); // progress 5/10 → (lr + minLr)/2
    close(warmupCosine(14, opts), 0.1); // progress 1 → minLr
    assert.equal(warmupCosine(15, opts), 0.1); // clamped after totalSteps
    assert.equal(warmupCosine(1000, opts), 0.1);
  });

  test('no warm-up: starts at lr', () => {
    assert.equal(warmupCosine(0, { lr: 0.5, minLr: 0, warmupSteps: 0, totalSteps: 2 }), 0.5);
    close(warmupCosine(1, { lr: 0.5, minLr: 0, warmupSteps: 0, totalSteps: 2 }), 0.25);
  });

  test('matches the Hugging Face lr_lambda form over 100 steps', () => {
    for (const [minLr, warmup, total] of [
      [0, 10, 80],
      [0.01, 0, 50],
      [0.05, 25, 26],
    ]) {
      const ours = scheduleSeries((t) => warmupCosine(t, { lr: 0.1, minLr, warmupSteps: warmup, totalSteps: total }), 100);
      ours.forEach((v, t) => close(v, hfWarmupCosine(t, 0.1, minLr, warmup, total), 1e-12, `t=${t}`));
    }
  });

  test('property: rises during warm-up, then never rises, stays in [0, lr], ends at minLr', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 100 }),
        (lr, frac, warmupSteps, decaySteps) => {
          const o = { lr, minLr: lr * frac, warmupSteps, totalSteps: warmupSteps + decaySteps };
          const series = scheduleSeries((t) => warmupCosine(t, o), o.totalSteps + 5);
          series.forEach((v, t) => {
            assert.ok(v >= 0 && v <= lr * (1 + 1e-15), `t=${t}: ${v}`);
            if (t > 0 && t <= warmupSteps) assert.ok(v > series[t - 1], `no rise at t=${t}`);
            if (t > warmupSteps) assert.ok(v <= series[t - 1] + 1e-15 * lr, `rose at t=${t}`);
            if (t >= o.totalSteps) assert.equal(v, o.minLr);
          });
          close(series[warmupSteps], lr);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('decay properties', () => {
  test('stepDecay and exponentialDecay: in (0, lr], non-increasing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        (lr, gamma, stepSize) => {
          for (const f of [
            (t: number) => stepDecay(t, { lr, stepSize, gamma }),
            (t: number) => exponentialDecay(t, { lr, gamma }),
          ]) {
            const s = scheduleSeries(f, 60);
            assert.equal(s[0], lr);
            s.forEach((v, t) => {
              assert.ok(v >= 0 && v <= lr);
              if (t > 0) assert.ok(v <= s[t - 1]);
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('scheduleSeries', () => {
  test('evaluates steps 0 .. steps−1', () => {
    assert.deepEqual(
      scheduleSeries((t) => stepDecay(t, { lr: 8, stepSize: 2, gamma: 0.5 }), 6),
      [8, 8, 4, 4, 2, 2],
    );
    assert.deepEqual(scheduleSeries((t) => t, 0), []);
  });

  test('validation', () => {
    expectInputError(() => scheduleSeries((t) => t, -1), /steps is -1/, 'steps');
    expectInputError(() => scheduleSeries((t) => t, 2.5), /steps is 2\.5/, 'steps');
    expectInputError(() => scheduleSeries((t) => t, 1e7), /most supported/, 'steps');
    expectInputError(() => scheduleSeries(null as unknown as (t: number) => number, 3), /fn must be a function/, 'fn');
  });
});

describe('validation', () => {
  test('t must be a whole step count', () => {
    for (const t of [-1, 1.5, NaN, Infinity]) {
      expectInputError(() => exponentialDecay(t, { lr: 1, gamma: 0.9 }), /t is .*whole step count/, 't');
    }
  });

  test('lr, gamma, stepSize, minLr, period, warm-up', () => {
    expectInputError(() => stepDecay(0, { lr: 0, stepSize: 1, gamma: 0.5 }), /lr is 0: .*greater than 0/, 'lr');
    expectInputError(() => stepDecay(0, { lr: NaN, stepSize: 1, gamma: 0.5 }), /lr is NaN/, 'lr');
    expectInputError(() => stepDecay(0, { lr: 1, stepSize: 0, gamma: 0.5 }), /stepSize is 0/, 'stepSize');
    expectInputError(() => stepDecay(0, { lr: 1, stepSize: 1.5, gamma: 0.5 }), /stepSize is 1\.5/, 'stepSize');
    expectInputError(() => stepDecay(0, { lr: 1, stepSize: 1, gamma: 1.1 }), /gamma is 1\.1: .*at most 1/, 'gamma');
    expectInputError(() => exponentialDecay(0, { lr: 1, gamma: 0 }), /gamma is 0/, 'gamma');
    expectInputError(() => cosineAnnealing(0, { lr: 1, minLr: 2, period: 5 }), /minLr is 2: .*from 0 to lr \(1\)/, 'minLr');
    expectInputError(() => cosineAnnealing(0, { lr: 1, minLr: -0.1, period: 5 }), /minLr is -0\.1/, 'minLr');
    expectInputError(() => cosineAnnealing(0, { lr: 1, minLr: 0, period: 0 }), /period is 0/, 'period');
    expectInputError(
      () => warmupCosine(0, { lr: 1, minLr: 0, warmupSteps: 10, totalSteps: 10 }),
      /warmupSteps is 10 but totalSteps is 10/,
      'warmupSteps',
    );
    expectInputError(() => warmupCosine(0, { lr: 1, minLr: 0, warmupSteps: -1, totalSteps: 10 }), /warmupSteps is -1/);
    expectInputError(() => warmupCosine(0, { lr: 1, minLr: 0, warmupSteps: 0, totalSteps: 0 }), /totalSteps is 0/);
  });
});
