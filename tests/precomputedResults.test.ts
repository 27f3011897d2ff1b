/**
 * The build's precomputed calculator results (lib/calculators/precomputedResults.ts) must come back
 * in the browser as exactly the values the build rendered: same typed arrays, same bits, the
 * numbers JSON cannot spell included; and never break the page they travel in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import {
  LIVE_ONLY_OPS,
  PRECOMPUTED_MAX_CHARS,
  decodeResult,
  encodeResult,
  fillDerived,
  parsePrecomputed,
  precomputedEntryKey,
  recordPrecomputed,
  serializePrecomputed,
  splitDerived,
  type DerivedParts,
  type PrecomputedEntries,
} from '../lib/calculators/precomputedResults';
import { computeMultiHeadExplorer, multiHeadDerivedParts } from '../lib/calculators/multiHeadExplorer';
import { multiHeadInput, multiHeadSpec } from '../lib/calculators/multiHeadSpec';
import { computeScoringComparison, scoringDerivedParts } from '../lib/calculators/scoringComparison';
import { scoringInput, scoringSpec } from '../lib/calculators/scoringSpec';
import { computeSinusoidalTable, sinusoidalTableDerivedParts } from '../lib/calculators/positionalExplorer';
import { positionalEncodingSpec, sinusoidalArgs } from '../lib/calculators/positionalEncodingSpec';
import { computeAttentionStages } from '../lib/calculators/stepThrough';
import { stepThroughInput, stepThroughSpec } from '../lib/calculators/stepThroughSpec';
import { presetState } from '../lib/calculators/calculatorSpec';
import { maskPatternSpec, maskPatternView, patternFromState } from '../lib/calculators/maskPatternSpec';
import { metricsSpec } from '../lib/calculators/metricsSpec';
import { computeMetricsCurves, syntheticClassifier } from '../lib/calculators/metricsExplorer';

test('typed arrays keep their type and every bit, special numbers included', () => {
  const f64 = Float64Array.from([1 / 3, -0, NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE]);
  const f32 = Float32Array.from([0.1, -2.5, NaN, -Infinity]);
  const back = decodeResult(encodeResult({ a: f64, b: f32, u: Uint8Array.from([0, 255]) })) as Record<string, ArrayBufferView>;
  assert.ok(back.a instanceof Float64Array);
  assert.ok(back.b instanceof Float32Array);
  assert.ok(back.u instanceof Uint8Array);
  assert.deepEqual(new Uint8Array(back.a.buffer), new Uint8Array(f64.buffer));
  assert.deepEqual(new Uint8Array(back.b.buffer), new Uint8Array(f32.buffer));
});

test('a view into a bigger buffer carries only its own elements', () => {
  const whole = Float32Array.from([1, 2, 3, 4, 5]);
  const back = decodeResult(encodeResult(whole.subarray(1, 3))) as Float32Array;
  assert.deepEqual(Array.from(back), [2, 3]);
});

test('plain numbers JSON has no word for survive: NaN, ±Infinity, −0', () => {
  const back = decodeResult(encodeResult({ xs: [NaN, Infinity, -Infinity, -0, 0, 1.5] })) as { xs: number[] };
  assert.ok(Number.isNaN(back.xs[0]));
  assert.equal(back.xs[1], Infinity);
  assert.equal(back.xs[2], -Infinity);
  assert.ok(Object.is(back.xs[3], -0));
  assert.ok(Object.is(back.xs[4], 0));
  assert.equal(back.xs[5], 1.5);
});

test('any JSON-like value with doubles round-trips exactly (property)', () => {
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null)),
    node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }).filter((k) => !k.startsWith('$') && k !== '__proto__'), tie('node'), { maxKeys: 4, noNullPrototype: true })),
  })).node;
  fc.assert(
    fc.property(value, (v) => {
      assert.deepStrictEqual(decodeResult(encodeResult(v)), v);
    }),
  );
});

test('values a page cannot carry faithfully are refused, not mangled', () => {
  assert.throws(() => encodeResult({ f: () => 1 }));
  assert.throws(() => encodeResult(new Map()));
  assert.throws(() => encodeResult(undefined));
});

test('a real calculator result (the step-through example) round-trips through the page text', () => {
  const state = presetState(stepThroughSpec, stepThroughSpec.defaultPreset);
  const stages = computeAttentionStages(stepThroughInput(state));
  const entries: PrecomputedEntries = new Map();
  const recorded = recordPrecomputed(entries, 'computeAttentionStages', 'k1', stages);
  assert.deepStrictEqual(recorded, stages);
  const page = parsePrecomputed(serializePrecomputed(entries));
  assert.deepStrictEqual(page.get(precomputedEntryKey('computeAttentionStages', 'k1')), stages);
});

test('the page text cannot close its <script>: a "</script>" in a token stays data', () => {
  const entries: PrecomputedEntries = new Map();
  recordPrecomputed(entries, 'op', 'k', { tokens: ['</script><script>alert(1)</script>'] });
  const text = serializePrecomputed(entries);
  assert.ok(!text.includes('<'));
  assert.deepEqual(parsePrecomputed(text).get(precomputedEntryKey('op', 'k')), { tokens: ['</script><script>alert(1)</script>'] });
});

/** Fills an array's bytes with noise that does not deflate (a fixed LCG, so the test repeats). */
function noise<T extends ArrayBufferView>(array: T): T {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return array;
}

test('typed arrays that deflate travel deflated, bit for bit; noise stays plain base64', () => {
  const mask = new Float64Array(256 * 256);
  for (let i = 0; i < 256; i++) for (let j = Math.max(0, i - 16); j <= Math.min(255, i + 16); j++) mask[i * 256 + j] = 1;
  const text = encodeResult({ view: mask });
  assert.ok(text.includes('"deflated"'));
  assert.ok(text.length < 4096, `a 256 × 256 band mask took ${text.length} characters`);
  const back = (decodeResult(text) as { view: Float64Array }).view;
  assert.ok(back instanceof Float64Array);
  assert.deepEqual(new Uint8Array(back.buffer), new Uint8Array(mask.buffer));

  const floats = noise(new Float64Array(512));
  const plain = encodeResult(floats);
  assert.ok(plain.includes('"base64"') && !plain.includes('"deflated"'));
  assert.deepEqual(new Uint8Array((decodeResult(plain) as Float64Array).buffer), new Uint8Array(floats.buffer));
});

test("the masks calculator's 256 × 256 example mask fits its page's budget", () => {
  const state = presetState(maskPatternSpec, maskPatternSpec.defaultPreset);
  assert.equal(state.n, 256);
  const view = maskPatternView({ n: state.n, pattern: patternFromState(state) });
  const entries: PrecomputedEntries = new Map();
  const recorded = recordPrecomputed(entries, 'maskPatternView', 'k', view);
  assert.notEqual(recorded, null, 'left out: the calculator would grow by the mask when it hydrates');
  assert.deepStrictEqual(recorded, view);
});

test('long plain arrays of numbers travel as float64 bytes, exactly, and come back as plain arrays (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.double(), { minLength: 16, maxLength: 300 }), (xs) => {
      const back = decodeResult(encodeResult({ xs })) as { xs: number[] };
      assert.ok(Array.isArray(back.xs));
      assert.deepStrictEqual(back.xs, xs);
    }),
  );
  const curve = Array.from({ length: 200 }, (_, i) => Math.sin(i / 7) / 3);
  assert.ok(encodeResult(curve).length < JSON.stringify(curve).length * 0.7);
  // Whichever is shorter: a few small integers stay decimals; many deflate.
  const digits = Array.from({ length: 20 }, (_, i) => (i * 7) % 10);
  assert.equal(encodeResult(digits), JSON.stringify(digits));
  const labels = Array.from({ length: 1000 }, (_, i) => i % 2);
  assert.ok(encodeResult(labels).length < JSON.stringify(labels).length / 10);
  assert.deepStrictEqual(decodeResult(encodeResult(labels)), labels);
});

test("the metrics calculator's imbalanced example (1000 samples and their curves) fits its page's budget", () => {
  const state = presetState(metricsSpec, 'imbalanced');
  const samples = syntheticClassifier({ n: state.n, positiveShare: state.positiveShare, separation: state.separation, seed: state.seed });
  const entries: PrecomputedEntries = new Map();
  assert.notEqual(recordPrecomputed(entries, 'syntheticClassifier', 'k', samples), null);
  const curves = computeMetricsCurves(samples);
  const recorded = recordPrecomputed(entries, 'computeMetricsCurves', 'k', curves);
  assert.notEqual(recorded, null, 'left out: the charts would appear, and move the page, when it hydrates');
  assert.deepStrictEqual(recorded, curves);
});

test('live-only operations and results over the budget are left to the worker', () => {
  const entries: PrecomputedEntries = new Map();
  for (const op of LIVE_ONLY_OPS) assert.equal(recordPrecomputed(entries, op, 'k', { ms: 3 }), null);
  const big = noise(new Float64Array(PRECOMPUTED_MAX_CHARS)); // 8 bytes each: far over the budget as base64
  assert.equal(recordPrecomputed(entries, 'op', 'big', big), null);
  assert.equal(entries.size, 0);
  // The budget is per calculator: entries add up.
  const half = noise(new Uint8Array(Math.floor((PRECOMPUTED_MAX_CHARS * 0.6 * 3) / 4)));
  assert.notEqual(recordPrecomputed(entries, 'op', 'one', half), null);
  assert.equal(recordPrecomputed(entries, 'op', 'two', half), null);
  assert.ok(serializePrecomputed(entries).length <= PRECOMPUTED_MAX_CHARS);
});

test('a damaged page gives no results rather than an error', () => {
  assert.equal(parsePrecomputed('{not json').size, 0);
  assert.equal(parsePrecomputed('[1,2]').size, 0);
});

/** What the build records for an embed and the browser then reads back, with a calculator's derived parts. */
function shipAndRead(op: string, args: unknown[], result: unknown, derive: DerivedParts): { recorded: unknown; read: unknown; chars: number } {
  const entries: PrecomputedEntries = new Map();
  const { shipped, parts } = splitDerived(result, args, derive);
  const recorded = recordPrecomputed(entries, op, 'k', shipped);
  const text = serializePrecomputed(entries);
  const read = parsePrecomputed(text).get(precomputedEntryKey(op, 'k'));
  return { recorded: recorded === null ? null : { ...(recorded as object), ...parts }, read: read === undefined ? null : fillDerived(read, args, derive), chars: text.length };
}

// These examples were over the page's budget, so their calculators had no picture until they
// hydrated and grew by 600-2000 px (issue 13). Their seeded or closed-form matrices are drawn
// again in the browser instead of travelling with the page.
const DERIVED_EXAMPLES: { name: string; op: string; args: () => unknown[]; compute: (args: unknown[]) => unknown; derive: DerivedParts }[] = [
  {
    name: "multi-head's eight-heads-causal (d = 32)",
    op: 'computeMultiHeadExplorer',
    args: () => [multiHeadInput(presetState(multiHeadSpec, 'eight-heads-causal'))],
    compute: (a) => computeMultiHeadExplorer(a[0] as never),
    derive: multiHeadDerivedParts as DerivedParts,
  },
  {
    name: "scoring's large-d (d = 64)",
    op: 'computeScoringComparison',
    args: () => [scoringInput(presetState(scoringSpec, 'large-d'))],
    compute: (a) => computeScoringComparison(a[0] as never),
    derive: scoringDerivedParts as DerivedParts,
  },
  {
    name: "positional encoding's paper-512 (128 × 512)",
    op: 'computeSinusoidalTable',
    args: () => [sinusoidalArgs(presetState(positionalEncodingSpec, 'paper-512'))],
    compute: (a) => computeSinusoidalTable(a[0] as never),
    derive: sinusoidalTableDerivedParts as unknown as DerivedParts,
  },
];

for (const { name, op, args, compute, derive } of DERIVED_EXAMPLES) {
  test(`${name}: fits the page's budget once its derived parts are drawn in the browser, and reads back exactly`, () => {
    const a = args();
    const result = compute(a);
    assert.equal(recordPrecomputed(new Map(), op, 'k', result), null, 'the whole result is over the budget (else this test proves nothing)');
    const { recorded, read, chars } = shipAndRead(op, a, result, derive);
    assert.ok(chars <= PRECOMPUTED_MAX_CHARS, `${chars} characters`);
    assert.notEqual(recorded, null, 'left out: the calculator would grow by its pictures when it hydrates');
    assert.ok(isDeepStrictEqual(recorded, result), 'the build renders what the operation computed');
    assert.ok(isDeepStrictEqual(read, result), 'the browser hydrates with what the build rendered');
  });
}

test('a derived field is left out of the page only when it has the computed bits', () => {
  const result = { a: new Float64Array([1, 2, 3]), b: 'kept', c: 5 };
  const { shipped, parts } = splitDerived(result, [], () => ({ a: new Float64Array([1, 2, 3]), c: 6, d: 7 }));
  assert.deepStrictEqual(shipped, { b: 'kept', c: 5 });
  assert.deepStrictEqual(Object.keys(parts), ['a']);
  // The browser fills only what is missing: the carried c stays 5 though the derivation says 6.
  assert.deepStrictEqual(fillDerived(shipped, [], () => ({ a: new Float64Array([1, 2, 3]), c: 6 })), { b: 'kept', c: 5, a: new Float64Array([1, 2, 3]) });
  // A derivation that throws or has nothing leaves the result whole.
  assert.equal(splitDerived(result, [], () => { throw new Error('refused'); }).shipped, result);
  assert.equal(splitDerived(result, [], () => null).shipped, result);
});
