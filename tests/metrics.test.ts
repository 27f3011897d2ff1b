import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  averagePrecision,
  classificationMetrics,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from '../lib/metrics';
import { AttentionInputError } from '../lib/errors';
import { mulberry32 } from '../lib/random';

const close = (actual: number, expected: number, tol = 1e-12, msg?: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, msg ?? `${actual} is not within ${tol} of ${expected}`);

const closeArrays = (actual: number[], expected: number[], tol = 1e-12) => {
  assert.equal(actual.length, expected.length, `length ${actual.length} vs ${expected.length}`);
  actual.forEach((a, i) => close(a, expected[i], tol, `index ${i}: ${a} vs ${expected[i]}`));
};

// ---- Independent O(n²)/O(n·m) float64 references, written from the definitions. ----

/** Mann–Whitney by counting every (positive, negative) pair. */
function bruteAuc(y: number[], s: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      if (s[i] > s[j]) wins += 1;
      else if (s[i] === s[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** For each distinct score v (descending): counts of samples with score ≥ v, by a full scan. */
function bruteOperatingPoints(y: number[], s: number[]) {
  const distinct = [...new Set(s)].sort((a, b) => b - a);
  const P = y.filter((v) => v === 1).length;
  const N = y.length - P;
  return distinct.map((v) => {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < y.length; i++) {
      if (s[i] >= v) {
        if (y[i] === 1) tp++;
        else fp++;
      }
    }
    return { v, tp, fp, P, N };
  });
}

/** AP straight from the definition Σ (Rₙ − Rₙ₋₁)·Pₙ with R₀ = 0. */
function bruteAp(y: number[], s: number[]): number {
  let prevRecall = 0;
  let ap = 0;
  for (const { tp, fp, P } of bruteOperatingPoints(y, s)) {
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

function trapezoid(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** Labels with both classes present and scores drawn from a small set so that ties are common. */
const scoredData = (opts: { tiesLikely: boolean; needNegative?: boolean }) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(0, 1),
        opts.tiesLikely ? fc.integer({ min: -4, max: 4 }) : fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      ),
      { minLength: 2, maxLength: 60 },
    )
    .map((pairs) => ({ y: pairs.map((p) => p[0]), s: pairs.map((p) => p[1]) }))
    .filter(({ y }) => y.includes(1) && (opts.needNegative === false || y.includes(0)));

function randomData(seed: number, n: number, levels: number) {
  const rand = mulberry32(seed);
  const y: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = rand() < 0.3 ? 1 : 0;
    y.push(label);
    // Positives shifted up so the ranking is informative but imperfect; quantised when levels > 0.
    const raw = rand() + 0.35 * label;
    s.push(levels > 0 ? Math.round(raw * levels) / levels : raw);
  }
  return { y, s };
}

function expectInputError(fn: () => unknown, pattern: RegExp, where?: object) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AttentionInputError, `expected AttentionInputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    if (where) assert.deepEqual(err.where, where);
    return true;
  });
}

describe('classificationMetrics', () => {
  test('hand-worked counts and rates', () => {
    // i:     0  1  2  3  4  5  6  7
    // yTrue: 1  1  1  0  0  0  0  1
    // yPred: 1  0  0  1  0  0  0  1
    // tp = {0,7} = 2, fn = {1,2} = 2, fp = {3} = 1, tn = {4,5,6} = 3
    // accuracy = 5/8, precision = 2/3, recall = 2/4 = 1/2
    // F1 = 2·(2/3)·(1/2) / (2/3 + 1/2) = (2/3)/(7/6) = 4/7 ≈ 0.5714
    // (The article's "harmonic mean of accuracy and recall" would give 2·.625·.5/1.125 ≈ 0.5556.)
    const m = classificationMetrics([1, 1, 1, 0, 0, 0, 0, 1], [1, 0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual({ tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn }, { tp: 2, fp: 1, tn: 3, fn: 2 });
    close(m.accuracy, 5 / 8);
    close(m.precision, 2 / 3);
    close(m.recall, 1 / 2);
    close(m.f1, 4 / 7);
  });

  test('zero division gives 0, like sklearn zero_division default', () => {
    // No predicted positives: precision 0/0 → 0; recall 0/1 = 0; F1 → 0.
    const a = classificationMetrics([0, 1, 0], [0, 0, 0]);
    assert.deepEqual(a, { accuracy: 2 / 3, precision: 0, recall: 0, f1: 0, tp: 0, fp: 0, tn: 2, fn: 1 });
    // No positives at all: recall 0/0 → 0, precision 0/1 = 0, F1 0.
    const b = classificationMetrics([0, 0], [1, 0]);
    assert.deepEqual(b, { accuracy: 1 / 2, precision: 0, recall: 0, f1: 0, tp: 0, fp: 1, tn: 1, fn: 0 });
    // All true negatives: every ratio 0/0 → 0 even though accuracy is 1.
    const c = classificationMetrics([0, 0], [0, 0]);
    assert.deepEqual(c, { accuracy: 1, precision: 0, recall: 0, f1: 0, tp: 0, fp: 0, tn: 2, fn: 0 });
  });

  test('property: counts add up and F1 = 2PR/(P+R)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1)), { minLength: 1, maxLength: 50 }),
        (pairs) => {
          const y = pairs.map((p) => p[0]);
          const p = pairs.map((q) => q[1]);
          const m = classificationMetrics(y, p);
          assert.equal(m.tp + m.fp + m.tn + m.fn, y.length);
          assert.equal(m.tp, pairs.filter(([a, b]) => a === 1 && b === 1).length);
          assert.equal(m.tn, pairs.filter(([a, b]) => a === 0 && b === 0).length);
          close(m.accuracy, pairs.filter(([a, b]) => a === b).length / y.length);
          for (const v of [m.accuracy, m.precision, m.recall, m.f1]) assert.ok(v >= 0 && v <= 1);
          if (m.precision + m.recall > 0) {
            close(m.f1, (2 * m.precision * m.recall) / (m.precision + m.recall));
          } else {
            assert.equal(m.f1, 0);
          }
        },
      ),
    );
  });

  test('validation names the entry', () => {
    expectInputError(() => classificationMetrics([0, 1, 1, 2], [0, 1, 1, 1]), /yTrue\[3\] \(entry 4\) is 2: labels must be 0 or 1/, {
      input: 'yTrue',
      row: 3,
    });
    expectInputError(() => classificationMetrics([0, 1], [0, 0.7]), /yPred\[1\] \(entry 2\) is 0\.7: predictions/);
    expectInputError(() => classificationMetrics([0, 1], [0]), /yPred has 1 entries but yTrue has 2/);
    expectInputError(() => classificationMetrics([], []), /yTrue is empty/);
  });
});

describe('averagePrecision', () => {
  test('sklearn docstring example, by hand', () => {
    // yTrue=[0,0,1,1], scores=[0.1,0.4,0.35,0.8]; sorted by score: 0.8(+) 0.4(−) 0.35(+) 0.1(−)
    // thr 0.8 : tp 1 fp 0 → P = 1,   R = 1/2, ΔR = 1/2 → 0.5
    // thr 0.4 : tp 1 fp 1 → P = 1/2, R = 1/2, ΔR = 0   → 0
    // thr 0.35: tp 2 fp 1 → P = 2/3, R = 1,   ΔR = 1/2 → 1/3
    // thr 0.1 : tp 2 fp 2 → P = 1/2, R = 1,   ΔR = 0   → 0
    // AP = 0.5 + 1/3 = 0.8333...
    close(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 5 / 6);
  });

  test('ties form one operating point', () => {
    // yTrue=[1,0,0,1,1], scores=[0.7,0.7,0.7,0.2,0.9]
    // thr 0.9: tp 1 fp 0 → P 1,       R 1/3 → (1/3)·1
    // thr 0.7: tp 2 fp 2 → P 1/2,     R 2/3 → (1/3)·(1/2)
    // thr 0.2: tp 3 fp 2 → P 3/5,     R 1   → (1/3)·(3/5)
    // AP = (1 + 0.5 + 0.6)/3 = 0.7
    close(averagePrecision([1, 0, 0, 1, 1], [0.7, 0.7, 0.7, 0.2, 0.9]), 0.7);
  });

  test('all scores equal: AP is the positive rate', () => {
    // One threshold: R goes 0 → 1 at precision 3/5.
    close(averagePrecision([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]), 0.6);
  });

  test('no negatives: AP 1', () => {
    assert.equal(averagePrecision([1, 1, 1], [0.2, 0.5, 0.1]), 1);
  });

  test('no positives is an error', () => {
    expectInputError(() => averagePrecision([0, 0], [0.1, 0.2]), /no positives.*undefined/, { input: 'yTrue' });
  });

  test('property: in [0, 1], equals brute force, 1 for a perfect ranking', () => {
    for (const tiesLikely of [true, false]) {
      fc.assert(
        fc.property(scoredData({ tiesLikely, needNegative: false }), ({ y, s }) => {
          const ap = averagePrecision(y, s);
          assert.ok(ap >= 0 && ap <= 1 + 1e-15, `AP ${ap}`);
          close(ap, bruteAp(y, s), 1e-12);
          // Perfect ranking: every positive above every negative.
          const perfect = s.map((_, i) => (y[i] === 1 ? 10 + i : -10 - i));
          close(averagePrecision(y, perfect), 1, 1e-12);
        }),
      );
    }
  });

  test('random 2,000-point data matches the brute-force definition', () => {
    for (const levels of [0, 20]) {
      const { y, s } = randomData(7 + levels, 2000, levels);
      close(averagePrecision(y, s), bruteAp(y, s), 1e-12);
    }
  });

  test('equals the sklearn formula applied to precisionRecallCurve output', () => {
    fc.assert(
      fc.property(scoredData({ tiesLikely: true, needNegative: false }), ({ y, s }) => {
        const { precision, recall } = precisionRecallCurve(y, s);
        // -Σ diff(recall)·precision[:-1]
        let ap = 0;
        for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
        close(averagePrecision(y, s), ap, 1e-12);
      }),
    );
  });
});

describe('rocAuc', () => {
  test('sklearn docstring example, by hand', () => {
    // positives {0.35, 0.8}, negatives {0.1, 0.4}
    // pairs: 0.8>0.1 ✓, 0.8>0.4 ✓, 0.35>0.1 ✓, 0.35<0.4 ✗ → 3/4
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });

  test('ties count one half', () => {
    // positives {0.7, 0.2, 0.9}, negatives {0.7, 0.7}
    // 0.9 beats both (2), 0.7 ties both (2·½ = 1), 0.2 beats none (0) → 3/6 = 0.5
    assert.equal(rocAuc([1, 0, 0, 1, 1], [0.7, 0.7, 0.7, 0.2, 0.9]), 0.5);
    // positives {0.5, 0.9}, negatives {0.5, 0.1}: 1 + 1 + ½ + 1 = 3.5 of 4
    assert.equal(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]), 0.875);
  });

  test('all scores equal gives 0.5; perfect and reversed rankings give 1 and 0', () => {
    assert.equal(rocAuc([0, 1, 1, 0, 1], [2, 2, 2, 2, 2]), 0.5);
    assert.equal(rocAuc([0, 1, 0, 1], [0.1, 0.8, 0.2, 0.9]), 1);
    assert.equal(rocAuc([0, 1, 0, 1], [0.9, 0.2, 0.8, 0.1]), 0);
  });

  test('-0 and 0 are one score', () => {
    // Either way round the pair is a tie; treating them as distinct would give 1 or 0.
    assert.equal(rocAuc([0, 1], [-0, 0]), 0.5);
    assert.equal(rocAuc([1, 0], [-0, 0]), 0.5);
    assert.equal(rocCurve([1, 0, 1], [0, -0, 1]).thresholds.length, 3);
  });

  test('one class only is an error', () => {
    expectInputError(() => rocAuc([1, 1], [0.1, 0.2]), /no negatives.*needs both classes/);
    expectInputError(() => rocAuc([0, 0], [0.1, 0.2]), /no positives.*needs both classes/);
  });

  test('validation: scores finite, same length, labels 0/1', () => {
    expectInputError(() => rocAuc([0, 1, 1], [0.1, NaN, 0.3]), /scores\[1\] \(entry 2\) is NaN/, { input: 'scores', row: 1 });
    expectInputError(() => rocAuc([0, 1, 1], [0.1, 0.2, Infinity]), /scores\[2\] \(entry 3\) is Infinity/);
    expectInputError(() => rocAuc([0, 1, 1], [0.1, 0.2]), /scores has 2 entries but yTrue has 3/);
    expectInputError(() => rocAuc([0, -1], [0.1, 0.2]), /yTrue\[1\] \(entry 2\) is -1/);
    expectInputError(() => rocAuc(undefined as unknown as number[], [0.1]), /yTrue must be an array/);
  });

  test('property: matches O(n²) pair counting', () => {
    for (const tiesLikely of [true, false]) {
      fc.assert(
        fc.property(scoredData({ tiesLikely }), ({ y, s }) => {
          close(rocAuc(y, s), bruteAuc(y, s), 1e-12);
        }),
      );
    }
  });

  test('property: AUC(s) = 1 − AUC(−s), ties included', () => {
    fc.assert(
      fc.property(scoredData({ tiesLikely: true }), ({ y, s }) => {
        close(rocAuc(y, s), 1 - rocAuc(y, s.map((v) => -v)), 1e-12);
      }),
    );
  });

  test('property: invariant under strictly increasing transforms', () => {
    // Integer scores keep the transforms exact (x³ + 5x) or far from collisions (exp(x/50)).
    const data = fc
      .array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: -300, max: 300 })), { minLength: 2, maxLength: 60 })
      .map((pairs) => ({ y: pairs.map((p) => p[0]), s: pairs.map((p) => p[1]) }))
      .filter(({ y }) => y.includes(0) && y.includes(1));
    fc.assert(
      fc.property(data, ({ y, s }) => {
        const auc = rocAuc(y, s);
        assert.equal(rocAuc(y, s.map((x) => x ** 3 + 5 * x)), auc);
        assert.equal(rocAuc(y, s.map((x) => Math.exp(x / 50))), auc);
        close(averagePrecision(y, s.map((x) => Math.exp(x / 50))), averagePrecision(y, s), 1e-12);
      }),
    );
  });

  test('random 2,000-point data matches pair counting', () => {
    for (const levels of [0, 10]) {
      const { y, s } = randomData(11 + levels, 2000, levels);
      close(rocAuc(y, s), bruteAuc(y, s), 1e-12);
    }
  });
});

describe('precisionRecallCurve', () => {
  test('sklearn docstring example, by hand', () => {
    // Same operating points as the AP example, listed with thresholds increasing, then (P=1, R=0):
    // thr 0.1: P 2/4, R 1 | 0.35: P 2/3, R 1 | 0.4: P 1/2, R 1/2 | 0.8: P 1, R 1/2 | end: P 1, R 0
    const c = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    closeArrays(c.precision, [0.5, 2 / 3, 0.5, 1, 1]);
    assert.deepEqual(c.recall, [1, 1, 0.5, 0.5, 0]);
    assert.deepEqual(c.thresholds, [0.1, 0.35, 0.4, 0.8]);
  });

  test('keeps points after full recall (sklearn ≥ 1.1) and merges ties', () => {
    // yTrue=[1,0,0,1,0], scores=[0.9,0.1,0.5,0.8,0.5]: full recall at 0.8, then 0.5 (two −), 0.1 (−)
    // thr 0.1: 2/5 | 0.5: 2/4 | 0.8: 2/2 | 0.9: 1/1 ; recall 1,1,1,1/2 ; then (1, 0)
    const c = precisionRecallCurve([1, 0, 0, 1, 0], [0.9, 0.1, 0.5, 0.8, 0.5]);
    closeArrays(c.precision, [0.4, 0.5, 1, 1, 1]);
    assert.deepEqual(c.recall, [1, 1, 1, 0.5, 0]);
    assert.deepEqual(c.thresholds, [0.1, 0.5, 0.8, 0.9]);
  });

  test('all scores equal: one threshold', () => {
    const c = precisionRecallCurve([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]);
    assert.deepEqual(c, { precision: [0.6, 1], recall: [1, 0], thresholds: [0.3] });
  });

  test('no positives is an error', () => {
    expectInputError(() => precisionRecallCurve([0, 0], [0.1, 0.2]), /no positives/);
  });

  test('property: shape, ordering, end points, and brute-force values', () => {
    fc.assert(
      fc.property(scoredData({ tiesLikely: true, needNegative: false }), ({ y, s }) => {
        const { precision, recall, thresholds } = precisionRecallCurve(y, s);
        const m = thresholds.length;
        assert.equal(precision.length, m + 1);
        assert.equal(recall.length, m + 1);
        assert.equal(precision[m], 1);
        assert.equal(recall[m], 0);
        assert.equal(recall[0], 1);
        for (let i = 1; i < m; i++) assert.ok(thresholds[i] > thresholds[i - 1]);
        for (let i = 1; i <= m; i++) assert.ok(recall[i] <= recall[i - 1]);
        const points = bruteOperatingPoints(y, s).reverse();
        points.forEach(({ v, tp, fp, P }, i) => {
          assert.equal(thresholds[i], v);
          close(precision[i], tp / (tp + fp));
          close(recall[i], tp / P);
        });
      }),
    );
  });
});

describe('rocCurve', () => {
  test('sklearn docstring example, by hand', () => {
    // thr +∞: (0,0) | 0.8: tp 1 fp 0 → (0, .5) | 0.4: (.5, .5) | 0.35: (.5, 1) | 0.1: (1, 1)
    const c = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    assert.deepEqual(c, {
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
      thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1],
    });
  });

  test('all scores equal: a single diagonal step', () => {
    assert.deepEqual(rocCurve([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]), {
      fpr: [0, 1],
      tpr: [0, 1],
      thresholds: [Infinity, 0.3],
    });
  });

  test('one class only is an error', () => {
    expectInputError(() => rocCurve([1, 1], [0.1, 0.2]), /no negatives/);
  });

  test('property: monotone from (0,0) to (1,1); trapezoid area equals rocAuc; brute-force points', () => {
    fc.assert(
      fc.property(scoredData({ tiesLikely: true }), ({ y, s }) => {
        const { fpr, tpr, thresholds } = rocCurve(y, s);
        assert.equal(thresholds[0], Infinity);
        assert.deepEqual([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)], [0, 0, 1, 1]);
        for (let i = 1; i < fpr.length; i++) {
          assert.ok(fpr[i] >= fpr[i - 1] && tpr[i] >= tpr[i - 1]);
          assert.ok(thresholds[i] < thresholds[i - 1]);
        }
        close(trapezoid(fpr, tpr), rocAuc(y, s), 1e-12);
        bruteOperatingPoints(y, s).forEach(({ v, tp, fp, P, N }, i) => {
          assert.equal(thresholds[i + 1], v);
          close(fpr[i + 1], fp / N);
          close(tpr[i + 1], tp / P);
        });
      }),
    );
  });
});

test('20,000 points: all score-based metrics agree with the data', () => {
  const { y, s } = randomData(2024, 20_000, 0);
  const yPred = s.map((v) => (v > 0.6 ? 1 : 0));
  const auc = rocAuc(y, s);
  const ap = averagePrecision(y, s);
  const pr = precisionRecallCurve(y, s);
  const roc = rocCurve(y, s);
  classificationMetrics(y, yPred);
  // Positives are shifted up by 0.35 on U(0,1): AUC = 1 − (0.65²/2) ≈ 0.789, with sampling noise.
  assert.ok(auc > 0.76 && auc < 0.82, `AUC ${auc}`);
  assert.ok(ap > 0 && ap <= 1);
  assert.equal(pr.thresholds.length, new Set(s).size);
  assert.equal(roc.fpr.length, new Set(s).size + 1);
  close(trapezoid(roc.fpr, roc.tpr), auc, 1e-9);
});
