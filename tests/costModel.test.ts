import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { attentionCost, countAllowedPairs, type AttentionCostInput } from '../lib/costModel';
import { countAllowed, maskFromPattern, type MaskPattern } from '../lib/masks';
import { throwsInput } from './support/assertions';
import { patternArb } from './support/maskPatterns';



const base: AttentionCostInput = { n: 4, d: 8, heads: 2, precision: 'fp32', pattern: { kind: 'full' } };

describe('attentionCost by hand', () => {
  test('n=4, d=8, 2 heads, full, fp32', () => {
    const c = attentionCost(base);
    assert.equal(c.headDim, 4); // 8 / 2
    assert.equal(c.allowedPairs, 16); // 4 × 4 per head
    assert.equal(c.density, 1);
    // QKᵀ: 2 FLOPs × 16 pairs × dₕ 4 × 2 heads = 256; weights·V the same.
    assert.equal(c.flopsBreakdown.qkT, 256);
    assert.equal(c.flopsBreakdown.weightsTimesV, 256);
    // softmax: 5 × 16 pairs × 2 heads = 160.
    assert.equal(c.flopsBreakdown.softmax, 160);
    assert.equal(c.flops, 256 + 256 + 160);
    // projections: 4 matmuls × 2 × n 4 × d² 64 = 2048.
    assert.equal(c.projectionFlops, 2048);
    assert.equal(c.bytesPerElement, 4);
    assert.equal(c.scoreBytes, 16 * 4 * 2); // pairs × 4 bytes × heads = 128
    assert.equal(c.denseScoreBytes, 128);
    assert.equal(c.inputBytes, 3 * 4 * 8 * 4); // Q, K, V each 4 × 8 floats of 4 bytes = 384
    assert.equal(c.kvBytes, 2 * 4 * 8 * 4); // 256
    assert.equal(c.outputBytes, 4 * 8 * 4); // 128
  });

  test('n=4 causal: 1 + 2 + 3 + 4 = 10 pairs; sparse score storage shrinks, dense does not', () => {
    const c = attentionCost({ ...base, pattern: { kind: 'causal' } });
    assert.equal(c.allowedPairs, 10);
    assert.equal(c.density, 10 / 16);
    assert.equal(c.flopsBreakdown.qkT, 2 * 10 * 4 * 2); // 160
    assert.equal(c.flopsBreakdown.softmax, 5 * 10 * 2); // 100
    assert.equal(c.scoreBytes, 10 * 4 * 2);
    assert.equal(c.denseScoreBytes, 16 * 4 * 2);
  });

  test('sliding window n=5, r=1: rows allow 2, 3, 3, 3, 2 = 13 pairs', () => {
    assert.equal(countAllowedPairs(5, { kind: 'slidingWindow', radius: 1 }), 13);
  });

  test('dilated n=7, r=1, dilation 2: rows allow 2,2,3,3,3,2,2 = 17 pairs', () => {
    assert.equal(countAllowedPairs(7, { kind: 'dilatedWindow', radius: 1, dilation: 2 }), 17);
  });

  test('strided n=6, stride 2: rows allow 1,2,3,3,4,4 = 17 pairs', () => {
    assert.equal(countAllowedPairs(6, { kind: 'strided', stride: 2 }), 17);
  });

  test('global + local n=5, r=0, token 1 global: 5 (global row) + 4 × 2 = 13', () => {
    assert.equal(countAllowedPairs(5, { kind: 'globalLocal', radius: 0, globalTokens: [1] }), 13);
  });

  test('block sparse n=5, blocks {0,1},{2,3},{4}, block 0 global: 10 + 2·4 + 1·3 = 21', () => {
    const pattern: MaskPattern = { kind: 'blockSparse', blockSize: 2, windowBlocks: 0, globalBlocks: 1, randomBlocks: 0, seed: 0 };
    assert.equal(countAllowedPairs(5, pattern), 21);
  });

  test('precision sets bytes: fp16 and bf16 half of fp32, int8 a quarter; FLOPs unchanged', () => {
    const fp32 = attentionCost({ ...base, n: 64, d: 64 });
    for (const [precision, factor] of [
      ['fp16', 2],
      ['bf16', 2],
      ['int8', 4],
    ] as const) {
      const c = attentionCost({ ...base, n: 64, d: 64, precision });
      assert.equal(c.scoreBytes * factor, fp32.scoreBytes);
      assert.equal(c.inputBytes * factor, fp32.inputBytes);
      assert.equal(c.flops, fp32.flops);
    }
  });
});

describe('attentionCost properties', () => {
  test('closed forms equal counting the mask from lib/masks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(fc.constant(n), patternArb(n))),
        ([n, pattern]) => {
          assert.equal(countAllowedPairs(n, pattern), countAllowed(maskFromPattern(n, pattern)), JSON.stringify(pattern));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('closed forms equal counting at a few larger sizes too', () => {
    const n = 300;
    const patterns: MaskPattern[] = [
      { kind: 'slidingWindow', radius: 17 },
      { kind: 'dilatedWindow', radius: 9, dilation: 7 },
      { kind: 'globalLocal', radius: 5, globalTokens: [0, 1, 150, 299] },
      { kind: 'blockSparse', blockSize: 16, windowBlocks: 1, globalBlocks: 2, randomBlocks: 3, seed: 123 },
      { kind: 'strided', stride: 17 },
    ];
    for (const p of patterns) assert.equal(countAllowedPairs(n, p), countAllowed(maskFromPattern(n, p)), p.kind);
  });

  test('causal is about half of full: exactly (n + 1) / 2n', () => {
    for (const n of [1, 2, 7, 100, 4096]) {
      const causal = attentionCost({ ...base, n, pattern: { kind: 'causal' } });
      const full = attentionCost({ ...base, n });
      assert.equal(causal.allowedPairs / full.allowedPairs, (n + 1) / (2 * n));
    }
  });

  test('full ÷ sliding window grows linearly in n (≈ n / (2r + 1))', () => {
    const r = 8;
    const ratio = (n: number) =>
      countAllowedPairs(n, { kind: 'full' }) / countAllowedPairs(n, { kind: 'slidingWindow', radius: r });
    for (const n of [512, 1024, 2048, 4096]) {
      // r(r+1) / n corrects for the clipped window at the ends: pairs = n(2r+1) − r(r+1).
      assert.ok(Math.abs(ratio(n) / (n / (2 * r + 1)) - 1) < 0.01, `n=${n}`);
      if (n > 512) assert.ok(Math.abs(ratio(n) / ratio(n / 2) - 2) < 0.02);
    }
  });

  test('FLOPs are linear in allowed pairs and in heads × dₕ = d', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.constantFrom(1, 2, 4, 8),
        fc.integer({ min: 1, max: 16 }),
        (n, heads, perHead) => {
          const d = heads * perHead;
          const c = attentionCost({ n, d, heads, precision: 'bf16', pattern: { kind: 'slidingWindow', radius: 3 } });
          assert.equal(c.flops, c.allowedPairs * heads * (4 * perHead + 5));
          assert.ok(c.scoreBytes <= c.denseScoreBytes);
          assert.ok(c.density > 0 && c.density <= 1);
        },
      ),
    );
  });

  test('counts n = 4096 and 8192 for every pattern in safe integers', () => {
    const patterns: MaskPattern[] = [
      { kind: 'full' },
      { kind: 'causal' },
      { kind: 'slidingWindow', radius: 256 },
      { kind: 'dilatedWindow', radius: 128, dilation: 4 },
      { kind: 'globalLocal', radius: 256, globalTokens: Array.from({ length: 64 }, (_, i) => i * 64) },
      { kind: 'blockSparse', blockSize: 64, windowBlocks: 1, globalBlocks: 2, randomBlocks: 3, seed: 1 },
      { kind: 'blockSparse', blockSize: 1, windowBlocks: 3, globalBlocks: 2, randomBlocks: 3, seed: 1 },
      { kind: 'strided', stride: 64 },
    ];
    for (const n of [4096, 8192]) {
      for (const pattern of patterns) {
        const c = attentionCost({ n, d: 1024, heads: 16, precision: 'fp16', pattern });
        assert.ok(Number.isSafeInteger(c.flops));
      }
    }
  });
});

describe('attentionCost validation', () => {
  test('heads must divide d', () => {
    throwsInput(() => attentionCost({ ...base, d: 10, heads: 4 }), /d = 10 does not split into 4 heads/, 'heads');
  });

  test('sizes and precision', () => {
    throwsInput(() => attentionCost({ ...base, n: 0 }), /n is 0/, 'n');
    throwsInput(() => attentionCost({ ...base, n: 8193 }), /n is 8193: it must be a whole number from 1 to 8192/, 'n');
    throwsInput(() => attentionCost({ ...base, d: 4097 }), /d is 4097/, 'd');
    throwsInput(() => attentionCost({ ...base, heads: 0 }), /heads is 0/, 'heads');
    throwsInput(
      () => attentionCost({ ...base, precision: 'fp8' as unknown as 'fp16' }),
      /precision is "fp8": it must be one of fp32, fp16, bf16, int8/,
      'precision',
    );
  });

  test('pattern parameters are checked as the masks check them', () => {
    throwsInput(() => attentionCost({ ...base, pattern: { kind: 'slidingWindow', radius: -2 } }), /radius is -2/, 'radius');
    throwsInput(
      () => attentionCost({ ...base, pattern: { kind: 'globalLocal', radius: 1, globalTokens: [4] } }),
      /globalTokens entry 1 is 4/,
    );
    throwsInput(() => attentionCost({ ...base, pattern: undefined as unknown as MaskPattern }), /pattern is missing/, 'pattern');
  });
});
