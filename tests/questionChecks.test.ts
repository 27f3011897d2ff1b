import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { QUESTION_CHECKS } from '../lib/content/questionChecks';

const { sdpaWeight, sdpaOutput, softmax, attentionFlops, attentionScoreBytes, multiHeadParameters, classificationMetric, averagePrecision, rocAuc, learningRate, sinusoidalPE } =
  QUESTION_CHECKS;

const E = Math.E;

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

function throwsNaming(action: () => unknown, input: string, message: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof AttentionInputError, `expected an AttentionInputError, got ${String(error)}`);
    assert.equal(error.where?.input, input);
    assert.match(error.message, message);
    return true;
  });
}

test('the table of docs/CONTENT.md and QUESTION_CHECKS name the same functions', () => {
  assert.deepEqual(Object.keys(QUESTION_CHECKS).sort(), [
    'attentionFlops',
    'attentionScoreBytes',
    'averagePrecision',
    'classificationMetric',
    'learningRate',
    'multiHeadParameters',
    'rocAuc',
    'sdpaOutput',
    'sdpaWeight',
    'sinusoidalPE',
    'softmax',
  ]);
});

describe('sdpaWeight and sdpaOutput', () => {
  const q = [[1, 0]];
  const k = [
    [1, 0],
    [0, 1],
  ];

  test('scale 1: scores (1, 0), weights e/(e+1) and 1/(e+1)', () => {
    // e/(e+1) = 2.718282 / 3.718282 = 0.731059; 1/(e+1) = 0.268941
    close(sdpaWeight({ q, k, row: 0, col: 0, scale: 1 }), E / (E + 1), 1e-12, 'weight (0, 0)');
    close(sdpaWeight({ q, k, row: 0, col: 1, scale: 1 }), 1 / (E + 1), 1e-12, 'weight (0, 1)');
    close(sdpaWeight({ q, k, row: 0, col: 0, scale: 1 }), 0.731059, 1e-6, 'weight (0, 0) by hand');
  });

  test('the default scale is 1/√d and temperature divides it', () => {
    // d = 2: scores (1/√2, 0) = (0.707107, 0); weight = 1/(1 + e^−0.707107) = 1/1.493069 = 0.669762
    close(sdpaWeight({ q, k, row: 0, col: 0 }), 0.669762, 1e-6, 'default scale');
    // scale 1, T = 2: scores (0.5, 0); weight = 1/(1 + e^−0.5) = 1/1.606531 = 0.622459
    close(sdpaWeight({ q, k, row: 0, col: 0, scale: 1, temperature: 2 }), 0.622459, 1e-6, 'temperature 2');
  });

  test('causal: a query cannot see later keys', () => {
    const qk = [
      [1, 0],
      [0, 1],
    ];
    assert.equal(sdpaWeight({ q: qk, k: qk, row: 0, col: 1, scale: 1, causal: true }), 0);
    assert.equal(sdpaWeight({ q: qk, k: qk, row: 0, col: 0, scale: 1, causal: true }), 1);
    // Row 2 sees both keys: scores (0, 1), weight of key 2 = e/(1+e).
    close(sdpaWeight({ q: qk, k: qk, row: 1, col: 1, scale: 1, causal: true }), E / (E + 1), 1e-12, 'row 2');
  });

  test('sdpaOutput mixes the values with the weights', () => {
    // q = (2, 0), scale 1/√2: scores (√2, 0); w₁ = 1/(1 + e^−1.414214) = 1/1.243117 = 0.804429;
    // output column 1 = 10·w₁ + 0·w₂ = 8.04429, column 2 = 10·(1 − w₁) = 1.95571.
    const v = [
      [10, 0],
      [0, 10],
    ];
    close(sdpaOutput({ q: [[2, 0]], k, v, row: 0, col: 0 }), 8.04429, 1e-5, 'output (0, 0)');
    close(sdpaOutput({ q: [[2, 0]], k, v, row: 0, col: 1 }), 1.95571, 1e-5, 'output (0, 1)');
  });

  test('property: the weights of a row sum to 1 and match a float64 softmax written here', () => {
    const cell = fc.double({ min: -2, max: 2, noNaN: true });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 2, maxLength: 2 }), fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (query, keys) => {
        const scores = keys.map((key) => (query[0] * key[0] + query[1] * key[1]) / Math.SQRT2);
        const top = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - top));
        const total = exps.reduce((a, b) => a + b, 0);
        let sum = 0;
        keys.forEach((_, col) => {
          const w = sdpaWeight({ q: [query], k: keys, row: 0, col });
          close(w, exps[col] / total, 1e-12, `weight ${col}`);
          sum += w;
        });
        close(sum, 1, 1e-12, 'row sum');
      }),
      { numRuns: 100 },
    );
  });

  test('bad inputs are refused with the input named', () => {
    throwsNaming(() => sdpaWeight({ q, k, row: 0, col: 2 }), 'row', /\(row 0, col 2\) is outside the 1 × 2 result/);
    throwsNaming(() => sdpaWeight({ q, k, row: 0.5, col: 0 }), 'row', /inputs\.row must be a whole number/);
    throwsNaming(() => sdpaWeight({ q: [[1, 'a']], k, row: 0, col: 0 }), 'q', /inputs\.q must be rows of numbers/);
    throwsNaming(() => sdpaWeight({ q, k, row: 0, col: 0, temperature: 0 }), 'temperature', /positive/);
    throwsNaming(() => sdpaWeight({ q, k, row: 0, col: 0, temperature: -1 }), 'temperature', /positive/);
    // A misspelt optional input would otherwise silently use the default (not causal).
    throwsNaming(() => sdpaWeight({ q, k, row: 0, col: 1, casual: true }), 'casual', /inputs\.casual is not an input of sdpaWeight/);
    throwsNaming(() => sdpaOutput({ q, k, row: 0, col: 0 }), 'v', /inputs\.v must be rows/);
  });
});

describe('softmax', () => {
  test('softmax([2, 1, 0]) by hand, with and without temperature', () => {
    // e² / (e² + e + 1) = 7.389056 / 11.107338 = 0.665241
    close(softmax({ logits: [2, 1, 0], index: 0 }), 0.665241, 1e-6, 'index 0');
    // 1 / 11.107338 = 0.090031
    close(softmax({ logits: [2, 1, 0], index: 2 }), 0.090031, 1e-6, 'index 2');
    // T = 2: logits (1, 0.5, 0): e / (e + e^0.5 + 1) = 2.718282 / 5.367003 = 0.506480
    close(softmax({ logits: [2, 1, 0], index: 0, temperature: 2 }), 0.50648, 1e-6, 'T = 2');
  });

  test('property: the probabilities over every index sum to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 8 }), (logits) => {
        const total = logits.reduce((sum, _, index) => sum + softmax({ logits, index }), 0);
        close(total, 1, 1e-12, 'sum');
      }),
      { numRuns: 100 },
    );
  });

  test('an index outside the logits is refused', () => {
    throwsNaming(() => softmax({ logits: [1, 2], index: 2 }), 'index', /index 2 is outside the 2 logits/);
    throwsNaming(() => softmax({ logits: [1, 2], index: -1 }), 'index', /outside/);
    throwsNaming(() => softmax({ logits: [1, 2], index: 0, temperature: 0 }), 'temperature', /positive/);
  });
});

describe('attentionFlops and attentionScoreBytes (lib/costModel.ts definitions)', () => {
  // costModel: FLOPs = 2·dₕ·pairs·heads (QKᵀ) + 5·pairs·heads (softmax) + 2·dₕ·pairs·heads (weights·V).
  test('full, n = 4, d = 8, 2 heads', () => {
    // pairs = 16 per head, dₕ = 4: 2·16·4·2 = 256, 5·16·2 = 160, 256: total 672.
    assert.equal(attentionFlops({ n: 4, d: 8, heads: 2, pattern: { kind: 'full' } }), 672);
  });

  test('causal, n = 4: 10 pairs per head', () => {
    // pairs = 4·5/2 = 10: 2·10·4·2 = 160, 5·10·2 = 100, 160: total 420.
    assert.equal(attentionFlops({ n: 4, d: 8, heads: 2, pattern: { kind: 'causal' } }), 420);
  });

  test('sliding window radius 1, n = 5: 13 pairs per head', () => {
    // diagonal 5, offsets ±1 give 4 each: 13 pairs. 2·13·4·2 = 208, 5·13·2 = 130, 208: total 546.
    assert.equal(attentionFlops({ n: 5, d: 8, heads: 2, pattern: { kind: 'slidingWindow', radius: 1 } }), 546);
  });

  test('defaults: one head, the full pattern', () => {
    // n = 3, d = 2: 9 pairs, dₕ = 2: 2·9·2 = 36, 5·9 = 45, 36: total 117.
    assert.equal(attentionFlops({ n: 3, d: 2 }), 117);
  });

  test('score bytes: heads · allowed pairs · bytes per element', () => {
    assert.equal(attentionScoreBytes({ n: 4, d: 8, heads: 2, pattern: { kind: 'full' }, precision: 'fp16' }), 2 * 16 * 2);
    assert.equal(attentionScoreBytes({ n: 4, d: 8, heads: 2, pattern: { kind: 'causal' } }), 2 * 10 * 4, 'fp32 by default');
  });

  test('bad inputs are refused', () => {
    throwsNaming(() => attentionFlops({ n: 4, d: 6, heads: 4 }), 'heads', /multiple of heads/);
    throwsNaming(() => attentionFlops({ n: 4, d: 8, precision: 'fp64' }), 'precision', /fp32, fp16, bf16 or int8/);
    throwsNaming(() => attentionFlops({ n: 4, d: 8, head: 2 }), 'head', /inputs\.head is not an input of attentionFlops/);
  });
});

describe('multiHeadParameters', () => {
  test('4d² + 4d with biases, 4d² without', () => {
    // d = 2: each of Wq, Wk, Wv, Wo has 2·2 = 4 weights and 2 biases: 4·6 = 24.
    assert.equal(multiHeadParameters({ dModel: 2 }), 24);
    // d = 512: 4·262144 + 4·512 = 1048576 + 2048 = 1050624.
    assert.equal(multiHeadParameters({ dModel: 512 }), 1_050_624);
    assert.equal(multiHeadParameters({ dModel: 512, bias: false }), 1_048_576);
  });

  test('property: the bias adds exactly 4d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (d) => {
        assert.equal(multiHeadParameters({ dModel: d }) - multiHeadParameters({ dModel: d, bias: false }), 4 * d);
      }),
    );
  });

  test('dModel must be a positive whole number', () => {
    throwsNaming(() => multiHeadParameters({ dModel: 0 }), 'dModel', /positive whole number/);
    throwsNaming(() => multiHeadParameters({ dModel: 2.5 }), 'dModel', /positive whole number/);
  });
});

describe('classificationMetric', () => {
  // yTrue 1 0 1 1 0 1 0 0, yPred 1 1 0 1 0 0 0 0: tp = 2 (entries 1, 4), fp = 1 (entry 2),
  // fn = 2 (entries 3, 6), tn = 3 (entries 5, 7, 8).
  const yTrue = [1, 0, 1, 1, 0, 1, 0, 0];
  const yPred = [1, 1, 0, 1, 0, 0, 0, 0];
  test('accuracy, precision, recall and F1 by hand', () => {
    close(classificationMetric({ yTrue, yPred, metric: 'accuracy' }), 5 / 8, 1e-15, 'accuracy (tp + tn)/8');
    close(classificationMetric({ yTrue, yPred, metric: 'precision' }), 2 / 3, 1e-15, 'precision tp/(tp + fp)');
    close(classificationMetric({ yTrue, yPred, metric: 'recall' }), 2 / 4, 1e-15, 'recall tp/(tp + fn)');
    // F1 = 2PR/(P+R) = 2·(2/3)·(1/2) / (2/3 + 1/2) = (2/3)/(7/6) = 4/7
    close(classificationMetric({ yTrue, yPred, metric: 'f1' }), 4 / 7, 1e-15, 'f1');
  });

  test('an unknown metric or non-label predictions are refused', () => {
    throwsNaming(() => classificationMetric({ yTrue, yPred, metric: 'auc' }), 'metric', /accuracy, precision, recall or f1/);
    assert.throws(() => classificationMetric({ yTrue: [1, 0], yPred: [0.7, 0.2], metric: 'f1' }), AttentionInputError);
  });
});

describe('averagePrecision and rocAuc (scikit-learn definitions)', () => {
  const yTrue = [1, 0, 1, 0, 1, 0];
  const scores = [0.9, 0.7, 0.7, 0.5, 0.4, 0.2];

  test('average precision by hand', () => {
    // Thresholds, descending (sklearn's average_precision_score = Σ (Rₙ − Rₙ₋₁)·Pₙ):
    //   ≥ 0.9: tp 1, fp 0: P = 1,   R = 1/3
    //   ≥ 0.7: tp 2, fp 1: P = 2/3, R = 2/3   (the tie takes both entries at once)
    //   ≥ 0.5: tp 2, fp 2: R unchanged, adds nothing
    //   ≥ 0.4: tp 3, fp 2: P = 3/5, R = 1
    // AP = (1/3)·1 + (1/3)·(2/3) + (1/3)·(3/5) = 15/45 + 10/45 + 9/45 = 34/45 = 0.755556
    close(averagePrecision({ yTrue, scores }), 34 / 45, 1e-12, 'AP');
  });

  test('ROC-AUC by hand, a tie counting one half', () => {
    // Positives score 0.9, 0.7, 0.4; negatives 0.7, 0.5, 0.2: 9 pairs.
    // 0.9 beats all 3 → 3; 0.7 ties 0.7 (½) and beats 0.5, 0.2 → 2.5; 0.4 beats 0.2 only → 1.
    // AUC = 6.5 / 9 = 0.722222 (sklearn roc_auc_score gives the same).
    close(rocAuc({ yTrue, scores }), 6.5 / 9, 1e-12, 'AUC');
  });

  test('property: reversing the scores gives 1 − AUC', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ y: fc.constantFrom(0, 1), s: fc.integer({ min: 0, max: 5 }) }), { minLength: 2, maxLength: 12 }).filter((xs) => xs.some((x) => x.y === 1) && xs.some((x) => x.y === 0)),
        (xs) => {
          const y = xs.map((x) => x.y);
          close(rocAuc({ yTrue: y, scores: xs.map((x) => x.s) }) + rocAuc({ yTrue: y, scores: xs.map((x) => -x.s) }), 1, 1e-12, 'AUC + reversed AUC');
        },
      ),
    );
  });

  test('without positives they are refused', () => {
    assert.throws(() => averagePrecision({ yTrue: [0, 0], scores: [0.1, 0.2] }), AttentionInputError);
    assert.throws(() => rocAuc({ yTrue: [1, 1], scores: [0.1, 0.2] }), AttentionInputError);
    throwsNaming(() => rocAuc({ yTrue, scores, yPred: yTrue }), 'yPred', /not an input of rocAuc/);
  });
});

describe('learningRate', () => {
  test('step: lr·γ^⌊t/stepSize⌋', () => {
    // ⌊65/30⌋ = 2: 0.1 · 0.1² = 0.001
    close(learningRate({ schedule: 'step', lr: 0.1, stepSize: 30, gamma: 0.1, step: 65 }), 0.001, 1e-15, 'step 65');
    close(learningRate({ schedule: 'step', lr: 0.1, stepSize: 30, gamma: 0.1, step: 29 }), 0.1, 1e-15, 'step 29, before the first decay');
  });

  test('exponential: lr·γ^t', () => {
    // 2e-5 · 0.8³ = 2e-5 · 0.512 = 1.024e-5
    close(learningRate({ schedule: 'exponential', lr: 2e-5, gamma: 0.8, step: 3 }), 1.024e-5, 1e-18, 'step 3');
  });

  test('cosine: minLr + (lr − minLr)(1 + cos(πt/period))/2', () => {
    // t/period = 1/4: (1 + cos(π/4))/2 = (1 + 0.707107)/2 = 0.853553;
    // 1e-5 + 0.00099 · 0.853553 = 1e-5 + 8.450178e-4 = 8.550178e-4
    close(learningRate({ schedule: 'cosine', lr: 1e-3, minLr: 1e-5, period: 1000, step: 250 }), 8.550178e-4, 1e-10, 'step 250');
    close(learningRate({ schedule: 'cosine', lr: 1e-3, minLr: 1e-5, period: 1000, step: 1000 }), 1e-5, 1e-15, 'the end of the period');
  });

  test('warmupCosine: linear warm-up from 0, cosine decay, then minLr', () => {
    const p = { schedule: 'warmupCosine', lr: 3e-4, minLr: 3e-5, warmupSteps: 2000, totalSteps: 100_000 };
    // Warm-up: 3e-4 · 500/2000 = 7.5e-5
    close(learningRate({ ...p, step: 500 }), 7.5e-5, 1e-15, 'warm-up');
    // Halfway through the decay: (51000 − 2000)/(100000 − 2000) = 1/2, factor (1 + cos(π/2))/2 = 1/2;
    // 3e-5 + 2.7e-4 · 0.5 = 1.65e-4
    close(learningRate({ ...p, step: 51_000 }), 1.65e-4, 1e-15, 'mid-decay');
    close(learningRate({ ...p, step: 200_000 }), 3e-5, 1e-18, 'after the end');
  });

  test('bad schedules and parameters of another schedule are refused', () => {
    throwsNaming(() => learningRate({ schedule: 'linear', lr: 0.1, step: 0 }), 'schedule', /step, exponential, cosine or warmupCosine/);
    throwsNaming(() => learningRate({ schedule: 'exponential', lr: 0.1, gamma: 0.9, stepSize: 10, step: 0 }), 'stepSize', /not an input of learningRate \(schedule exponential\)/);
    throwsNaming(() => learningRate({ schedule: 'step', lr: 0.1, gamma: 0.9, step: 0 }), 'stepSize', /inputs\.stepSize must be a number/);
  });
});

describe('sinusoidalPE', () => {
  test('PE[p, 2i] = sin(p/10000^(2i/d)), PE[p, 2i+1] = cos(…), by hand', () => {
    // position 3, dimension 4, d 8: i = 2, 10000^(4/8) = 100, angle 0.03: sin(0.03) = 0.0299955
    close(sinusoidalPE({ position: 3, dimension: 4, d: 8 }), 0.0299955, 1e-7, 'PE[3, 4]');
    // position 10, dimension 1, d 16: i = 0, angle 10: cos(10) = −0.839072
    close(sinusoidalPE({ position: 10, dimension: 1, d: 16 }), -0.839072, 1e-6, 'PE[10, 1]');
    // position 0: sines 0, cosines 1
    assert.equal(sinusoidalPE({ position: 0, dimension: 3, d: 4 }), 1);
  });

  test('property: each sine/cosine pair has unit norm', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 16 }), (position, halfD) => {
        const d = 2 * halfD;
        for (let i = 0; i < halfD; i++) {
          const s = sinusoidalPE({ position, dimension: 2 * i, d });
          const c = sinusoidalPE({ position, dimension: 2 * i + 1, d });
          close(s * s + c * c, 1, 1e-12, `pair ${i}`);
        }
      }),
      { numRuns: 50 },
    );
  });

  test('a dimension outside d is refused', () => {
    throwsNaming(() => sinusoidalPE({ position: 0, dimension: 8, d: 8 }), 'd', /above the dimension \(8\)/);
    throwsNaming(() => sinusoidalPE({ position: -1, dimension: 0, d: 8 }), 'position', /≥ 0/);
  });
});
