import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionInputError } from '../lib/errors';
import { toRows, type Matrix } from '../lib/matrix';
import {
  blockSparseAllows,
  blockSparseLayout,
  blockSparseMask,
  causalMask,
  countAllowed,
  dilatedWindowMask,
  fullMask,
  globalLocalMask,
  maskDensity,
  maskFromPattern,
  paddingMask,
  slidingWindowMask,
  stridedMask,
  type BlockSparseOptions,
  type MaskPattern,
} from '../lib/masks';
import { throwsInput } from './support/assertions';
import { patternArb } from './support/maskPatterns';

const grid = (m: Matrix) => toRows(m);



const sizedPattern = fc.integer({ min: 1, max: 24 }).chain((n) => fc.tuple(fc.constant(n), patternArb(n)));

describe('hand-drawn masks', () => {
  test('causal 3×4 is torch.tril(ones(3, 4)): top-left aligned', () => {
    assert.deepEqual(grid(causalMask(3, 4)), [
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
    ]);
  });

  test('causal defaults to square', () => {
    assert.deepEqual(grid(causalMask(3)), [
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
  });

  test('full 2×3', () => {
    assert.deepEqual(grid(fullMask(2, 3)), [
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });

  test('sliding window n=5, radius 1: a band of width 3', () => {
    assert.deepEqual(grid(slidingWindowMask(5, 1)), [
      [1, 1, 0, 0, 0],
      [1, 1, 1, 0, 0],
      [0, 1, 1, 1, 0],
      [0, 0, 1, 1, 1],
      [0, 0, 0, 1, 1],
    ]);
  });

  test('padding: keys from validKeys on are blocked for every query', () => {
    assert.deepEqual(grid(paddingMask(2, 4, 3)), [
      [1, 1, 1, 0],
      [1, 1, 1, 0],
    ]);
    assert.deepEqual(grid(paddingMask(1, 2, 0)), [[0, 0]]);
  });

  test('dilated n=7, radius 1, dilation 2: offsets 0 and ±2 only', () => {
    assert.deepEqual(grid(dilatedWindowMask(7, 1, 2)), [
      [1, 0, 1, 0, 0, 0, 0],
      [0, 1, 0, 1, 0, 0, 0],
      [1, 0, 1, 0, 1, 0, 0],
      [0, 1, 0, 1, 0, 1, 0],
      [0, 0, 1, 0, 1, 0, 1],
      [0, 0, 0, 1, 0, 1, 0],
      [0, 0, 0, 0, 1, 0, 1],
    ]);
  });

  test('strided n=6, stride 2: causal; i−j < 2 or i−j even', () => {
    // row 3: j=3 (0), j=2 (1) local; j=1 (2, even) strided; j=0 (3) neither.
    // row 5: j=5, 4 local; j=3 (2), j=1 (4) strided; j=2 (3), j=0 (5) neither.
    assert.deepEqual(grid(stridedMask(6, 2)), [
      [1, 0, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0],
      [1, 1, 1, 0, 0, 0],
      [0, 1, 1, 1, 0, 0],
      [1, 0, 1, 1, 1, 0],
      [0, 1, 0, 1, 1, 1],
    ]);
  });

  test('stride 1 is plain causal', () => {
    assert.deepEqual(grid(stridedMask(5, 1)), grid(causalMask(5)));
  });

  test('global + local n=5, radius 0, token 1 global: diagonal plus row 1 and column 1', () => {
    assert.deepEqual(grid(globalLocalMask(5, 0, [1])), [
      [1, 1, 0, 0, 0],
      [1, 1, 1, 1, 1],
      [0, 1, 1, 0, 0],
      [0, 1, 0, 1, 0],
      [0, 1, 0, 0, 1],
    ]);
    // Duplicates are harmless.
    assert.deepEqual(grid(globalLocalMask(5, 0, [1, 1])), grid(globalLocalMask(5, 0, [1])));
  });

  test('block sparse n=5, blocks of 2 (last block partial), no window beyond itself, block 0 global', () => {
    // Blocks: {0,1}, {2,3}, {4}. Block 0 is global: rows 0-1 all ones, columns 0-1 all ones.
    // Block 1 also sees itself (cols 2-3); block 2 (row 4) sees itself (col 4).
    const m = blockSparseMask(5, { blockSize: 2, windowBlocks: 0, globalBlocks: 1, randomBlocks: 0, seed: 7 });
    assert.deepEqual(grid(m), [
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 0, 0, 1],
    ]);
  });

  test('countAllowed and maskDensity on causal 3×4: 1 + 2 + 3 = 6 of 12 cells', () => {
    const m = causalMask(3, 4);
    assert.equal(countAllowed(m), 6);
    assert.equal(maskDensity(m), 0.5);
  });

  test('masks are Float32Array 0/1', () => {
    const m = slidingWindowMask(4, 1);
    assert.ok(m.data instanceof Float32Array);
    assert.ok(Array.from(m.data).every((x) => x === 0 || x === 1));
  });
});

describe('block sparse (BigBird)', () => {
  const opts: BlockSparseOptions = { blockSize: 3, windowBlocks: 1, globalBlocks: 1, randomBlocks: 2, seed: 42 };

  test('same seed, same mask; different seeds, different random blocks', () => {
    const n = 40;
    assert.deepEqual(blockSparseMask(n, opts).data, blockSparseMask(n, opts).data);
    const a = blockSparseLayout(n, opts).randomBlocks;
    const b = blockSparseLayout(n, { ...opts, seed: 43 }).randomBlocks;
    assert.notDeepEqual(a, b);
  });

  test('each non-global block row gets exactly min(r, available) random blocks outside window and globals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 5 }),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, blockSize, windowBlocks, randomBlocks, seed, gf) => {
          const numBlocks = Math.ceil(n / blockSize);
          const globalBlocks = Math.floor(gf * numBlocks);
          const layout = blockSparseLayout(n, { blockSize, windowBlocks, globalBlocks, randomBlocks, seed });
          assert.equal(layout.numBlocks, numBlocks);
          for (let row = 0; row < numBlocks; row++) {
            const picked = layout.randomBlocks[row];
            if (row < globalBlocks) {
              assert.deepEqual(picked, []);
              continue;
            }
            const available: number[] = [];
            for (let col = globalBlocks; col < numBlocks; col++) if (Math.abs(col - row) > windowBlocks) available.push(col);
            assert.equal(picked.length, Math.min(randomBlocks, available.length));
            assert.equal(new Set(picked).size, picked.length, 'no repeats');
            for (const b of picked) assert.ok(available.includes(b), `block ${b} is not a candidate for row ${row}`);
          }
        },
      ),
    );
  });

  test('token mask is the block layout expanded, including a partial last block', () => {
    const n = 21; // blocks of 4: five full blocks and one of 1 token
    const o = { blockSize: 4, windowBlocks: 1, globalBlocks: 1, randomBlocks: 1, seed: 3 };
    const layout = blockSparseLayout(n, o);
    assert.equal(layout.numBlocks, 6);
    const m = blockSparseMask(n, o);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const bi = Math.floor(i / 4);
        const bj = Math.floor(j / 4);
        const expected =
          bi < 1 || bj < 1 || Math.abs(bi - bj) <= 1 || layout.randomBlocks[bi].includes(bj) ? 1 : 0;
        assert.equal(m.data[i * n + j], expected, `cell (${i}, ${j})`);
        assert.equal(blockSparseAllows(layout, bi, bj), expected === 1);
      }
    }
    // The one-token last block (row 20) still sees the global block and its window.
    assert.deepEqual(Array.from(m.data.subarray(20 * n, 20 * n + 4)), [1, 1, 1, 1]);
    assert.deepEqual(Array.from(m.data.subarray(20 * n + 16, 21 * n)), [1, 1, 1, 1, 1]);
  });

  test('random blocks are not symmetric in general, but every row has the same count when enough candidates', () => {
    const n = 64;
    const layout = blockSparseLayout(n, { blockSize: 4, windowBlocks: 1, globalBlocks: 1, randomBlocks: 3, seed: 11 });
    for (let row = 1; row < layout.numBlocks; row++) assert.equal(layout.randomBlocks[row].length, 3);
  });
});

describe('mask properties', () => {
  test('window-style masks are symmetric', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 22 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        (n, radius, dilation, globals) => {
          const g = globals.map((x) => x % n);
          for (const m of [slidingWindowMask(n, radius), dilatedWindowMask(n, radius, dilation), globalLocalMask(n, radius, g)]) {
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(m.data[i * n + j], m.data[j * n + i]);
          }
        },
      ),
    );
  });

  test('every self-attention pattern lets each token attend itself', () => {
    fc.assert(
      fc.property(sizedPattern, ([n, pattern]) => {
        const m = maskFromPattern(n, pattern);
        for (let i = 0; i < n; i++) assert.equal(m.data[i * n + i], 1, `diagonal ${i} of ${pattern.kind}`);
      }),
    );
  });

  test('sliding-window density is (n + 2·Σ_{k=1..r}(n−k)) / n² when r < n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
        ([n, r]) => {
          let allowed = n;
          for (let k = 1; k <= r; k++) allowed += 2 * (n - k);
          assert.equal(maskDensity(slidingWindowMask(n, r)), allowed / (n * n));
        },
      ),
    );
  });

  test('a radius at least n − 1 is full attention', () => {
    assert.deepEqual(slidingWindowMask(6, 5).data, fullMask(6).data);
    assert.deepEqual(slidingWindowMask(6, 100).data, fullMask(6).data);
  });

  test('global tokens: their rows and columns are all ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 })),
        ),
        ([n, radius, g]) => {
          const m = globalLocalMask(n, radius, g);
          for (const t of g) {
            for (let j = 0; j < n; j++) {
              assert.equal(m.data[t * n + j], 1);
              assert.equal(m.data[j * n + t], 1);
            }
          }
          // Cells touching no global token follow the window alone.
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++)
              if (!g.includes(i) && !g.includes(j)) assert.equal(m.data[i * n + j], Math.abs(i - j) <= radius ? 1 : 0);
        },
      ),
    );
  });

  test('dilation 1 is the plain sliding window; strided is causal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 21 }), (n, r, s) => {
        assert.deepEqual(dilatedWindowMask(n, r, 1).data, slidingWindowMask(n, r).data);
        const m = stridedMask(n, s);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(m.data[i * n + j], 0);
      }),
    );
  });

  test('causal nq × nk allows Σ_i min(i + 1, nk) cells', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (nq, nk) => {
        let expected = 0;
        for (let i = 0; i < nq; i++) expected += Math.min(i + 1, nk);
        assert.equal(countAllowed(causalMask(nq, nk)), expected);
      }),
    );
  });

  test('maskFromPattern matches the individual builders', () => {
    const n = 9;
    assert.deepEqual(maskFromPattern(n, { kind: 'full' }).data, fullMask(n).data);
    assert.deepEqual(maskFromPattern(n, { kind: 'causal' }).data, causalMask(n).data);
    assert.deepEqual(maskFromPattern(n, { kind: 'slidingWindow', radius: 2 }).data, slidingWindowMask(n, 2).data);
    assert.deepEqual(
      maskFromPattern(n, { kind: 'dilatedWindow', radius: 2, dilation: 3 }).data,
      dilatedWindowMask(n, 2, 3).data,
    );
    assert.deepEqual(
      maskFromPattern(n, { kind: 'globalLocal', radius: 1, globalTokens: [0, 8] }).data,
      globalLocalMask(n, 1, [0, 8]).data,
    );
    const bs = { blockSize: 2, windowBlocks: 1, globalBlocks: 1, randomBlocks: 1, seed: 5 };
    assert.deepEqual(maskFromPattern(n, { kind: 'blockSparse', ...bs }).data, blockSparseMask(n, bs).data);
    assert.deepEqual(maskFromPattern(n, { kind: 'strided', stride: 3 }).data, stridedMask(n, 3).data);
  });

  test('countAllowed counts non-zero entries, as the attention core reads a mask', () => {
    const m: Matrix = { rows: 2, cols: 2, data: new Float64Array([0, 2, -1, 0]) };
    assert.equal(countAllowed(m), 2);
  });
});

describe('mask validation', () => {
  test('sizes must be whole numbers from 1', () => {
    throwsInput(() => causalMask(0), /n is 0: it must be a whole number from 1/, 'n');
    throwsInput(() => causalMask(3, 2.5), /nk is 2\.5/, 'nk');
    throwsInput(() => fullMask(Number.NaN), /whole number/);
    throwsInput(() => paddingMask(0, 3, 1), /nq is 0/, 'nq');
    throwsInput(() => causalMask(2, 0), /nk is 0/, 'nk');
  });

  test('a mask bigger than the score-cell limit is refused', () => {
    throwsInput(() => causalMask(8192), /8192×8192 mask has 67108864 cells/);
    throwsInput(() => causalMask(8193, 1), /8193/);
  });

  test('radius, dilation, stride, validKeys', () => {
    throwsInput(() => slidingWindowMask(4, -1), /radius is -1/, 'radius');
    throwsInput(() => slidingWindowMask(4, 0.5), /radius is 0\.5/, 'radius');
    throwsInput(() => dilatedWindowMask(4, 1, 0), /dilation is 0/, 'dilation');
    throwsInput(() => stridedMask(4, 0), /stride is 0/, 'stride');
    throwsInput(() => paddingMask(2, 3, 4), /validKeys is 4: it must be a whole number from 0 to 3/, 'validKeys');
  });

  test('global tokens must be 0-based positions in range', () => {
    throwsInput(() => globalLocalMask(5, 1, [0, 5]), /globalTokens entry 2 is 5: .*below n = 5/, 'globalTokens');
    throwsInput(() => globalLocalMask(5, 1, [1.5]), /entry 1 is 1\.5/, 'globalTokens');
    throwsInput(() => globalLocalMask(5, 1, [-1]), /entry 1 is -1/, 'globalTokens');
    throwsInput(() => globalLocalMask(5, 1, 0 as unknown as number[]), /list of token positions/, 'globalTokens');
  });

  test('block-sparse options', () => {
    const ok = { blockSize: 2, windowBlocks: 1, globalBlocks: 1, randomBlocks: 1, seed: 1 };
    throwsInput(() => blockSparseMask(8, { ...ok, blockSize: 0 }), /blockSize is 0/, 'blockSize');
    throwsInput(() => blockSparseMask(8, { ...ok, globalBlocks: 5 }), /globalBlocks is 5 but n = 8 in blocks of 2 makes only 4 blocks/);
    throwsInput(() => blockSparseMask(8, { ...ok, seed: -1 }), /seed is -1/, 'seed');
    throwsInput(() => blockSparseMask(8, { ...ok, randomBlocks: 1.5 }), /randomBlocks is 1\.5/, 'randomBlocks');
  });

  test('unknown pattern kinds are named', () => {
    throwsInput(
      () => maskFromPattern(4, { kind: 'banded' } as unknown as MaskPattern),
      /pattern kind is "banded": it must be one of full, causal/,
      'pattern',
    );
  });

  test('countAllowed refuses a malformed mask', () => {
    throwsInput(() => countAllowed({ rows: 2, cols: 2, data: new Float64Array(3) }), /holds 3/);
    throwsInput(() => countAllowed({ rows: 1, cols: 2, data: new Float64Array([1, Number.NaN]) }), /column 2 is NaN/);
  });
});
