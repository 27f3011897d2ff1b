import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  computeMaskCost,
  computeMaskPattern,
  defaultExplorerPattern,
  EXPLORER_PATTERN_KINDS,
  explorerAttentionCost,
  maskCostCurve,
  paddingValidKeys,
  patternAtLength,
  timeMaskedAttention,
} from '../lib/calculators/maskExplorer';
import { attentionCost } from '../lib/costModel';
import { getKernelPreference } from '../lib/kernels/activeKernels';
import { throwsInput } from './support/assertions';
import { patternArb } from './support/maskPatterns';

describe('computeMaskPattern', () => {
  test('causal n=4 by hand: rows allow 1, 2, 3, 4 keys, 10 of 16 pairs', () => {
    const r = computeMaskPattern({ n: 4, pattern: { kind: 'causal' } });
    // lower triangle including the diagonal
    assert.deepEqual(Array.from(r.mask), [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(r.rowCounts), [1, 2, 3, 4]);
    assert.equal(r.allowedPairs, 10);
    assert.equal(r.density, 10 / 16);
  });

  test('padding n=5, validFraction 0.5: ⌈2.5⌉ = 3 real keys for every query, 15 of 25', () => {
    const r = computeMaskPattern({ n: 5, pattern: { kind: 'padding', validFraction: 0.5 } });
    for (let i = 0; i < 5; i++) assert.deepEqual(Array.from(r.mask.subarray(i * 5, i * 5 + 5)), [1, 1, 1, 0, 0], `row ${i}`);
    assert.equal(r.allowedPairs, 15);
    assert.equal(r.density, 0.6);
  });

  test('paddingValidKeys: ceiling, snapped when n·f is an integer up to rounding, at least 1', () => {
    assert.equal(paddingValidKeys(10, 0.7), 7); // 0.7·10 = 7.000000000000001 in float64, still 7
    assert.equal(paddingValidKeys(10, 0.71), 8); // 7.1 → 8
    assert.equal(paddingValidKeys(8, 0.01), 1); // 0.08 → 1
    assert.equal(paddingValidKeys(8, 1), 8);
  });

  test('every kind has a default the functions accept, and the result is cloneable', () => {
    for (const kind of EXPLORER_PATTERN_KINDS) {
      const r = computeMaskPattern({ n: 32, pattern: defaultExplorerPattern(kind) });
      assert.equal(r.mask.length, 32 * 32, kind);
      const copy = structuredClone(r);
      assert.deepEqual(copy, r, `${kind} survives structuredClone`);
    }
  });

  test('refuses bad input with learner messages', () => {
    throwsInput(() => computeMaskPattern({ n: 5000, pattern: { kind: 'full' } }), /n is 5000/, 'n');
    throwsInput(() => computeMaskPattern({ n: 8, pattern: { kind: 'padding', validFraction: 0 } }), /validFraction is 0/, 'validFraction');
    throwsInput(() => computeMaskPattern({ n: 8, pattern: { kind: 'bogus' } as never }), /must be one of full, causal, padding/, 'pattern');
    throwsInput(() => computeMaskPattern(null as never), /needs \{ n, pattern \}/);
  });
});

describe('computeMaskCost', () => {
  test('padding n=4, 2 real keys, d=8, 2 heads, fp32: half of full by hand', () => {
    const { full, pattern, flopRatio, scoreBytesRatio } = computeMaskCost({
      n: 4,
      d: 8,
      heads: 2,
      precision: 'fp32',
      pattern: { kind: 'padding', validFraction: 0.5 },
    });
    // pairs = 4 queries × 2 keys = 8 per head; dₕ = 4.
    assert.equal(pattern.allowedPairs, 8);
    // QKᵀ 2·8·4·2 = 128, softmax 5·8·2 = 80, W·V 128 → 336; full is 256 + 160 + 256 = 672.
    assert.equal(pattern.flops, 336);
    assert.equal(full.flops, 672);
    assert.equal(flopRatio, 0.5);
    assert.equal(pattern.scoreBytes, 8 * 4 * 2); // 64
    assert.equal(scoreBytesRatio, 0.5);
    assert.equal(pattern.denseScoreBytes, full.denseScoreBytes, 'a masked dense kernel still stores n²');
  });

  test('non-padding patterns are exactly the core cost model', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(fc.constant(n), patternArb(n))), ([n, p]) => {
        const input = { n, d: 8, heads: 2, precision: 'bf16' as const, pattern: p };
        assert.deepEqual(explorerAttentionCost(input), attentionCost(input));
      }),
      { numRuns: 100 },
    );
  });

  test('padding cost agrees with counting the padding mask', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (n, f) => {
        const pattern = { kind: 'padding' as const, validFraction: f };
        const counted = computeMaskPattern({ n, pattern }).allowedPairs;
        const c = explorerAttentionCost({ n, d: 4, heads: 1, precision: 'fp16', pattern });
        assert.equal(c.allowedPairs, counted);
        // independent: per allowed pair, 2·dₕ + 5 + 2·dₕ = 21 FLOPs with dₕ = 4, one head
        assert.equal(c.flops, 21 * counted);
        assert.ok(Number.isInteger(c.scoreBytes), `scoreBytes ${c.scoreBytes} is a whole number`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('maskCostCurve', () => {
  test('default ns are 8 … 4096; sliding window radius 1 is linear: FLOPs (3n − 2)·21', () => {
    const { points } = maskCostCurve({ d: 4, heads: 1, precision: 'fp32', pattern: { kind: 'slidingWindow', radius: 1 } });
    assert.deepEqual(
      points.map((p) => p.n),
      [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
    );
    for (const p of points) {
      // tridiagonal: n + 2(n − 1) pairs; 21 FLOPs per pair at dₕ = 4
      assert.equal(p.patternFlops, 21 * (3 * p.n - 2), `n=${p.n}`);
      assert.equal(p.fullFlops, 21 * p.n * p.n, `n=${p.n}`);
      // bytes: Q,K,V 3·n·4·4 + scores pairs·4 + output n·4·4
      assert.equal(p.patternBytes, 48 * p.n + 4 * (3 * p.n - 2) + 16 * p.n, `n=${p.n}`);
    }
  });

  test('global tokens beyond n are dropped and global blocks capped', () => {
    assert.deepEqual(patternAtLength({ kind: 'globalLocal', radius: 2, globalTokens: [0, 9, 20] }, 10), {
      kind: 'globalLocal',
      radius: 2,
      globalTokens: [0, 9],
    });
    const bs = patternAtLength({ kind: 'blockSparse', blockSize: 4, windowBlocks: 1, globalBlocks: 5, randomBlocks: 1, seed: 3 }, 8);
    assert.equal((bs as { globalBlocks: number }).globalBlocks, 2); // ⌈8/4⌉ = 2 blocks
    const { points } = maskCostCurve({ ns: [8, 64], d: 8, heads: 1, precision: 'fp32', pattern: { kind: 'globalLocal', radius: 1, globalTokens: [40] } });
    assert.deepEqual((points[0].pattern as { globalTokens: number[] }).globalTokens, []);
    assert.deepEqual((points[1].pattern as { globalTokens: number[] }).globalTokens, [40]);
  });

  test('refuses bad ns', () => {
    throwsInput(() => maskCostCurve({ ns: [8, 0], d: 8, heads: 1, precision: 'fp32', pattern: { kind: 'full' } }), /ns entry 2 is 0/, 'ns');
    throwsInput(() => maskCostCurve({ ns: [], d: 8, heads: 1, precision: 'fp32', pattern: { kind: 'full' } }), /ns must be a list/, 'ns');
  });
});

describe('timeMaskedAttention', () => {
  test('returns positive timings and the density of the mask', () => {
    const r = timeMaskedAttention({ n: 64, d: 16, pattern: { kind: 'causal' }, seed: 1, repeats: 1 });
    assert.equal(r.density, (64 * 65) / 2 / (64 * 64));
    assert.ok(r.fullMs >= 0 && r.patternMs >= 0, `timings ${r.fullMs}, ${r.patternMs} are non-negative`);
    assert.ok(typeof r.causalFlagMs === 'number', 'causal also times the causal flag');
    assert.equal(structuredClone(r).patternMs, r.patternMs);
  });

  test('the TypeScript kernel can be asked for, and the global preference is restored', () => {
    const r = timeMaskedAttention({ n: 32, d: 8, pattern: { kind: 'slidingWindow', radius: 2 }, seed: 3, repeats: 1, kernel: 'typescript' });
    assert.equal(r.kernel, 'typescript');
    assert.equal(getKernelPreference(), 'auto', 'preference restored');
    // density of a radius-2 band at n = 32: n + 2·(n−1) + 2·(n−2) = 32 + 62 + 60 = 154 pairs
    assert.equal(r.density, 154 / 1024);
  });

  test('a sparse pattern is also timed given as a description; full, causal and padding are not', () => {
    const r = timeMaskedAttention({ n: 48, d: 8, pattern: { kind: 'strided', stride: 4 }, seed: 5, repeats: 1 });
    assert.ok(typeof r.descriptionMs === 'number' && r.descriptionMs >= 0, `descriptionMs ${r.descriptionMs}`);
    for (const pattern of [{ kind: 'full' }, { kind: 'causal' }, { kind: 'padding', validFraction: 0.5 }] as const) {
      assert.equal(timeMaskedAttention({ n: 16, d: 4, pattern, seed: 1, repeats: 1 }).descriptionMs, undefined, pattern.kind);
    }
  });

  test('refuses n > 2048 with a message that points at the cost model', () => {
    throwsInput(() => timeMaskedAttention({ n: 4096, d: 64, pattern: { kind: 'full' }, seed: 1 }), /Time n ≤ 2048/, 'n');
    throwsInput(() => timeMaskedAttention({ n: 64, d: 64, pattern: { kind: 'full' }, seed: -1 }), /seed is -1/, 'seed');
  });
});
