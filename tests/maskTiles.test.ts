/**
 * Tile skipping in the SIMD kernel, and masks given as patterns (lib/kernels/kernelMask.ts).
 *
 * The SIMD kernel skips the quads (4 keys) of a row pair that its mask blocks entirely, in Q·Kᵀ,
 * softmax and weights·V, and copies out only the weights its tiles cover when the weights buffer
 * is fresh. None of that may change a bit: every comparison here is exact, against the same
 * kernel with skipping off (setWasmTileSkipping(false)), which computes every score as before.
 * A pattern (`{ kind: 'slidingWindow', radius }`, …) must give exactly what its materialised
 * mask gives, in both kernels and through the worker pool's row blocks.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attentionRowBlock, scaledDotProductAttention, type Matrix } from '../lib/attention';
import { AttentionInputError } from '../lib/errors';
import { setKernelPreference } from '../lib/kernels/activeKernels';
import type { SdpaBlockJob } from '../lib/kernels/sdpaKernel';
import { setWasmTileSkipping, wasmSdpaKernel } from '../lib/kernels/wasmSimdKernel';
import { maskFromPattern, type MaskPattern } from '../lib/masks';
import { describeEachWasmBuild } from './support/wasmBuilds';
import { mulberry32, normalSampler, randomNormalMatrix } from '../lib/random';

after(() => {
  setWasmTileSkipping(true);
  setKernelPreference('auto');
});

/** Exact equality of two float arrays, bit for bit (so -0 ≠ +0 and NaN = NaN of the same bits). */
function assertSameBits(got: ArrayBufferView, want: ArrayBufferView, what: string): void {
  const a = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  const b = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const el = Math.floor(i / 4);
      assert.fail(`${what}: element ${el} differs: ${(got as Float32Array)[el]} vs ${(want as Float32Array)[el]}`);
    }
  }
}

type MaskShape = 'random' | 'band' | 'tiles' | 'rowsOff';

/** Masks with structure, so whole quads and panels are empty (and some not): bytes 0/1. */
function makeMask(shape: MaskShape, nq: number, nk: number, seed: number, density: number): Uint8Array {
  const random = mulberry32(seed);
  const mask = new Uint8Array(nq * nk);
  const radius = Math.floor(random() * 20);
  const tileOn = Array.from({ length: Math.ceil(nq / 2) * Math.ceil(nk / 4) }, () => random() < density);
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < nk; j++) {
      let on: boolean;
      if (shape === 'random') on = random() < density;
      else if (shape === 'band') on = Math.abs(i - j) <= radius || random() < density / 20;
      else if (shape === 'tiles') on = tileOn[(i >> 1) * Math.ceil(nk / 4) + (j >> 2)] && random() < 0.8;
      else on = i % 3 !== 0 && random() < density;
      if (on) mask[i * nk + j] = 1 + Math.floor(random() * 200);
    }
  }
  return mask;
}

interface Spec {
  nq: number;
  nk: number;
  d: number;
  dv: number;
  seed: number;
  causal: boolean;
  rowOffset: number;
  shape: MaskShape;
  density: number;
  form: 'bytes' | 'float32';
}

function makeJob(spec: Spec, fresh: boolean): SdpaBlockJob {
  const normal = normalSampler(mulberry32(spec.seed));
  const fill = (n: number) => Float32Array.from({ length: n }, () => normal());
  const bytes = makeMask(spec.shape, spec.nq, spec.nk, spec.seed + 1, spec.density);
  return {
    q: fill(spec.nq * spec.d),
    k: fill(spec.nk * spec.d),
    v: fill(spec.nk * spec.dv),
    rowCount: spec.nq,
    nk: spec.nk,
    d: spec.d,
    dv: spec.dv,
    rowOffset: spec.rowOffset,
    scale: 1 / Math.sqrt(spec.d),
    mask: spec.form === 'bytes' ? bytes : Float32Array.from(bytes, (b) => (b === 0 ? 0 : 1)),
    causal: spec.causal,
    // NaN where the kernel must write everything; zeros where it is told the weights are zero.
    scores: new Float32Array(spec.nq * spec.nk).fill(NaN),
    weights: fresh ? new Float32Array(spec.nq * spec.nk) : new Float32Array(spec.nq * spec.nk).fill(NaN),
    weightsAreZero: fresh,
    output: new Float32Array(spec.nq * spec.dv).fill(NaN),
  };
}

/** The job twice: skipping on with fresh weights, skipping off writing every cell; same bits. */
function checkSkippingChangesNothing(spec: Spec): void {
  const skipped = makeJob(spec, true);
  const computed = makeJob(spec, false);
  setWasmTileSkipping(true);
  wasmSdpaKernel.run(skipped);
  setWasmTileSkipping(false);
  try {
    wasmSdpaKernel.run(computed);
  } finally {
    setWasmTileSkipping(true);
  }
  const what = JSON.stringify(spec);
  assertSameBits(skipped.scores, computed.scores, `${what} scores`);
  assertSameBits(skipped.weights, computed.weights, `${what} weights`);
  assertSameBits(skipped.output, computed.output, `${what} output`);
}

const spec = fc.record({
  nq: fc.integer({ min: 1, max: 140 }),
  nk: fc.integer({ min: 1, max: 90 }),
  d: fc.integer({ min: 1, max: 20 }),
  dv: fc.integer({ min: 1, max: 20 }),
  seed: fc.integer({ min: 0, max: 1e9 }),
  causal: fc.boolean(),
  rowOffset: fc.integer({ min: 0, max: 100 }),
  shape: fc.constantFrom<MaskShape>('random', 'band', 'tiles', 'rowsOff'),
  density: fc.double({ min: 0, max: 1, noNaN: true }),
  form: fc.constantFrom<'bytes' | 'float32'>('bytes', 'float32'),
});

describeEachWasmBuild('SIMD kernel: skipping empty mask tiles changes no bit', () => {
  test('property: random masks with empty tiles, any shape, causal or not', () => {
    fc.assert(fc.property(spec, checkSkippingChangesNothing), { numRuns: 150 });
  });

  test('tiny and awkward sizes: n = 1 … 5, n around the quad (4), panel (16) and block (64) sizes', () => {
    let seed = 1;
    for (const n of [1, 2, 3, 4, 5, 15, 16, 17, 63, 64, 65, 129]) {
      for (const shape of ['random', 'band', 'tiles', 'rowsOff'] as const) {
        checkSkippingChangesNothing({ nq: n, nk: n, d: 3, dv: 5, seed: seed++, causal: false, rowOffset: 0, shape, density: 0.1, form: 'float32' });
        checkSkippingChangesNothing({ nq: n, nk: n + 3, d: 7, dv: 17, seed: seed++, causal: true, rowOffset: 0, shape, density: 0.3, form: 'bytes' });
      }
    }
  });

  test('fully masked rows keep their meaning: scores -Infinity, weights 0, output 0', () => {
    const job = makeJob({ nq: 9, nk: 37, d: 4, dv: 6, seed: 5, causal: false, rowOffset: 0, shape: 'rowsOff', density: 0.2, form: 'bytes' }, true);
    const mask = job.mask as Uint8Array;
    mask.fill(0, 0, 37); // row 0: nothing allowed
    mask.fill(0, 4 * 37, 6 * 37); // rows 4 and 5: a whole pair blocked
    wasmSdpaKernel.run(job);
    for (const r of [0, 3, 4, 5, 6]) {
      if (r === 3 || r === 6) continue; // rows 3 and 6 are blocked by the shape itself (i % 3 = 0)
      assert.ok(job.scores.subarray(r * 37, (r + 1) * 37).every((x) => x === -Infinity), `row ${r} scores`);
      assert.ok(job.weights.subarray(r * 37, (r + 1) * 37).every((x) => Object.is(x, 0)), `row ${r} weights`);
      assert.ok(job.output.subarray(r * 6, (r + 1) * 6).every((x) => Object.is(x, 0)), `row ${r} output`);
    }
  });

  test('a non-finite float mask entry is refused as before, wherever it is (row and column named)', () => {
    const job = makeJob({ nq: 70, nk: 40, d: 4, dv: 4, seed: 9, causal: true, rowOffset: 0, shape: 'band', density: 0, form: 'float32' }, true);
    (job.mask as Float32Array)[66 * 40 + 39] = NaN; // a causally blocked cell of the second 64-row block
    assert.throws(() => wasmSdpaKernel.run(job), (err: unknown) => {
      assert.ok(err instanceof AttentionInputError);
      assert.match(err.message, /^mask row 67, column 40 is NaN/);
      return true;
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Patterns as descriptors.

const patternArb: fc.Arbitrary<MaskPattern> = fc.oneof(
  fc.constant<MaskPattern>({ kind: 'full' }),
  fc.constant<MaskPattern>({ kind: 'causal' }),
  fc.integer({ min: 0, max: 40 }).map((radius): MaskPattern => ({ kind: 'slidingWindow', radius })),
  fc.record({ radius: fc.integer({ min: 0, max: 10 }), dilation: fc.integer({ min: 1, max: 6 }) }).map((p): MaskPattern => ({ kind: 'dilatedWindow', ...p })),
  fc
    .record({ radius: fc.integer({ min: 0, max: 10 }), globalTokens: fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 4 }) })
    .map((p): MaskPattern => ({ kind: 'globalLocal', ...p })),
  fc
    .record({
      blockSize: fc.integer({ min: 1, max: 24 }),
      windowBlocks: fc.integer({ min: 0, max: 2 }),
      globalBlocks: fc.integer({ min: 0, max: 1 }),
      randomBlocks: fc.integer({ min: 0, max: 3 }),
      seed: fc.integer({ min: 0, max: 1000 }),
    })
    .map((p): MaskPattern => ({ kind: 'blockSparse', ...p })),
  fc.integer({ min: 1, max: 30 }).map((stride): MaskPattern => ({ kind: 'strided', stride })),
);

/** The pattern with its global tokens kept inside n (the generator draws them up to 200). */
function fitted(pattern: MaskPattern, n: number): MaskPattern {
  return pattern.kind === 'globalLocal' ? { ...pattern, globalTokens: pattern.globalTokens.filter((t) => t < n) } : pattern;
}

const f32 = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) });

describe('masks given as patterns', () => {
  for (const [kernel, float32] of [
    ['wasm-simd', true],
    ['typescript', false],
  ] as const) {
    test(`property (${kernel} kernel): a pattern gives exactly what its materialised mask gives`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100 }), patternArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(), (n, raw, d, seed, causal) => {
          const pattern = fitted(raw, n);
          const convert = (m: Matrix) => (float32 ? f32(m) : m);
          const [q, k, v] = [1, 2, 3].map((s) => convert(randomNormalMatrix(seed + s, n, d)));
          const fromPattern = scaledDotProductAttention(q, k, v, { mask: pattern, causal });
          const fromMatrix = scaledDotProductAttention(q, k, v, { mask: maskFromPattern(n, pattern), causal });
          assertSameBits(fromPattern.scores.data, fromMatrix.scores.data, `${n} ${JSON.stringify(pattern)} scores`);
          assertSameBits(fromPattern.weights.data, fromMatrix.weights.data, `${n} ${JSON.stringify(pattern)} weights`);
          assertSameBits(fromPattern.output.data, fromMatrix.output.data, `${n} ${JSON.stringify(pattern)} output`);
        }),
        { numRuns: kernel === 'typescript' ? 60 : 120 },
      );
    });
  }

  test('row blocks (as the worker pool splits a job) with a pattern equal the rows of the whole', () => {
    const n = 150;
    const [q, k, v] = [1, 2, 3].map((s) => randomNormalMatrix(s, n, 8, { float32: true }));
    const pattern: MaskPattern = { kind: 'strided', stride: 7 };
    const whole = scaledDotProductAttention(q, k, v, { mask: pattern });
    for (const [start, end] of [
      [0, 1],
      [1, 66],
      [66, 150],
    ]) {
      const qBlock = { rows: end - start, cols: 8, data: q.data.slice(start * 8, end * 8) };
      const block = attentionRowBlock(qBlock, k, v, { mask: pattern, rowOffset: start });
      assertSameBits(block.weights.data, whole.weights.data.subarray(start * n, end * n), `rows ${start}…${end}`);
      assertSameBits(block.output.data, whole.output.data.subarray(start * 8, end * 8), `rows ${start}…${end} output`);
    }
  });

  test('a pattern is self-attention: queries beyond the keys, and bad parameters, are refused with words', () => {
    const q = randomNormalMatrix(1, 5, 2);
    const k = randomNormalMatrix(2, 4, 2);
    assert.throws(() => scaledDotProductAttention(q, k, k, { mask: { kind: 'slidingWindow', radius: 1 } }), /self-attention.*4 keys but 5 queries/);
    assert.throws(() => scaledDotProductAttention(k, k, k, { mask: { kind: 'slidingWindow', radius: -1 } }), AttentionInputError);
    assert.throws(() => scaledDotProductAttention(k, k, k, { mask: { kind: 'nope' } as unknown as MaskPattern }), /pattern kind is "nope"/);
  });
});
