import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { overridePreset, presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { computeMaskPattern } from '../lib/calculators/maskExplorer';
import {
  curveLengths,
  describePattern,
  fittedNotes,
  maskPatternSpec,
  parseFieldInput,
  PATTERN_FIELDS,
  patternFromState,
  timingRefusal,
  type MaskPatternState,
} from '../lib/calculators/maskPatternSpec';
import { numpyMaskSnippet, pytorchMaskSnippet } from '../lib/snippets/maskSnippets';

const base = () => presetState(maskPatternSpec);

describe('mask-pattern spec', () => {
  test('every preset maps to a pattern the core accepts at its n', () => {
    for (const name of Object.keys(maskPatternSpec.presets)) {
      const state = presetState(maskPatternSpec, name);
      const r = computeMaskPattern({ n: Math.min(state.n, 512), pattern: patternFromState({ ...state, n: Math.min(state.n, 512) }) });
      assert.ok(r.density > 0 && r.density <= 1, name);
    }
  });

  test('every kind names the fields it reads, and each is in the schema', () => {
    for (const fields of Object.values(PATTERN_FIELDS)) for (const f of fields) assert.ok(f in maskPatternSpec.schema, f);
  });

  test('patternFromState reads only the chosen pattern and fits it to n', () => {
    const s: MaskPatternState = { ...base(), pattern: 'globalLocal', n: 16, radius: 2, globalTokens: [40, 3, 3, 0] };
    assert.deepEqual(patternFromState(s), { kind: 'globalLocal', radius: 2, globalTokens: [0, 3] });
    assert.deepEqual(fittedNotes(s), ['Global token 40 lies beyond n = 16 and is left out.']);
    const bs: MaskPatternState = { ...base(), pattern: 'blockSparse', n: 32, blockSize: 16, globalBlocks: 5 };
    assert.equal((patternFromState(bs) as { globalBlocks: number }).globalBlocks, 2);
    assert.match(fittedNotes(bs)[0], /only 2 blocks of 16/);
    assert.deepEqual(patternFromState({ ...base(), pattern: 'padding', validFraction: 0.5 }), { kind: 'padding', validFraction: 0.5 });
    assert.equal(describePattern(patternFromState({ ...base(), pattern: 'strided', stride: 8 })), 'Strided, stride 8');
  });

  test('curve lengths: powers of two, plus n when it is not one', () => {
    assert.deepEqual(curveLengths(256), [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
    assert.deepEqual(curveLengths(300).slice(5, 8), [256, 300, 512]);
  });

  test('timing is refused above n = 2048 and for heads wider than 512', () => {
    assert.equal(timingRefusal({ ...base(), n: 2048 }), null);
    assert.match(timingRefusal({ ...base(), n: 4096 }) ?? '', /n ≤ 2048/);
    assert.match(timingRefusal({ ...base(), d: 1024, heads: 1 }) ?? '', /width d \/ heads = 1024/);
  });

  test('typed input: range messages, and d must stay a multiple of heads', () => {
    const s = base();
    assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', '1024'), { ok: true, value: 1024 });
    assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', '5000'), { ok: false, message: 'n must be a whole number from 8 to 4096.' });
    assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', ''), { ok: false, message: 'n must be a whole number from 8 to 4096.' });
    assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'n', '12.5'), { ok: false, message: 'n must be a whole number from 8 to 4096.' });
    const d = parseFieldInput(maskPatternSpec, s, 'd', '100');
    assert.equal(d.ok, false);
    assert.match((d as { message: string }).message, /multiple of heads/);
    assert.deepEqual(parseFieldInput(maskPatternSpec, s, 'globalTokens', '0, 7 9'), { ok: true, value: [0, 7, 9] });
    assert.equal(parseFieldInput(maskPatternSpec, s, 'globalTokens', '0, -1').ok, false);
  });

  test('embeds and links: overrides checked, tampered state falls back', () => {
    assert.equal(overridePreset(maskPatternSpec, 'causal', { n: 9000 }).problems.length, 1);
    assert.equal(overridePreset(maskPatternSpec, 'causal', { heads: 3 }).problems[0].field, 'heads');
    const good = { ...base(), n: 128 };
    assert.deepEqual(stateFromLink(maskPatternSpec, { calculator: 'mask-pattern', version: 1, state: good }, base()).state, good);
    const bad = stateFromLink(maskPatternSpec, { calculator: 'mask-pattern', version: 1, state: { ...good, pattern: 'bogus' } }, base());
    assert.equal(bad.state.n, base().n);
    assert.ok(bad.problems.length > 0);
    // The link stays small: no arrays beyond the global tokens.
    assert.ok(JSON.stringify(base()).length < 400);
  });
});

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here' : false;

describe('mask snippets', () => {
  test('the NumPy script builds exactly the lab mask for every pattern', { skip: numpyMissing }, () => {
    const cases: MaskPatternState[] = [
      { ...base(), pattern: 'full', n: 9 },
      { ...base(), pattern: 'causal', n: 10 },
      { ...base(), pattern: 'padding', n: 10, validFraction: 0.7 },
      { ...base(), pattern: 'slidingWindow', n: 17, radius: 3 },
      { ...base(), pattern: 'dilatedWindow', n: 20, radius: 2, dilation: 3 },
      { ...base(), pattern: 'globalLocal', n: 19, radius: 1, globalTokens: [0, 5, 30] },
      { ...base(), pattern: 'blockSparse', n: 37, blockSize: 4, windowBlocks: 1, globalBlocks: 1, randomBlocks: 2, seed: 11 },
      { ...base(), pattern: 'strided', n: 23, stride: 4 },
    ];
    for (const s of cases) {
      const pattern = patternFromState(s);
      const script = `${numpyMaskSnippet({ n: s.n, pattern, description: describePattern(pattern) })}\nprint(json.dumps(mask.astype(int).tolist()))`;
      const r = spawnSync('python3', ['-W', 'error', '-'], { input: script, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 0, `${s.pattern}: ${r.stderr}\n${script}`);
      const lines = r.stdout.trimEnd().split('\n');
      const cells = (JSON.parse(lines[lines.length - 1]) as number[][]).flat();
      const summary = JSON.parse(lines[lines.length - 2]) as { allowed_pairs: number; density: number };
      const lab = computeMaskPattern({ n: s.n, pattern });
      assert.deepEqual(cells, Array.from(lab.mask), `${s.pattern}: same cells`);
      assert.equal(summary.allowed_pairs, lab.allowedPairs, s.pattern);
    }
  });

  test('the PyTorch script uses a boolean attn_mask and the causal flag where it applies', () => {
    const s = { ...base(), pattern: 'causal' as const, n: 16 };
    const text = pytorchMaskSnippet({ n: 16, pattern: patternFromState(s), description: 'Causal', d: 64, heads: 4, seed: 3 });
    assert.match(text, /attn_mask=attn_mask/);
    assert.match(text, /is_causal=True/);
    assert.match(text, /heads, head_dim = 4, 16/);
    assert.throws(() => pytorchMaskSnippet({ n: 16, pattern: { kind: 'full' }, description: 'x', d: 10, heads: 4, seed: 1 }), /does not split/);
  });

  test('a line break in the description cannot escape the comment', () => {
    const text = numpyMaskSnippet({ n: 8, pattern: { kind: 'full' }, description: 'a\nimport os' });
    assert.ok(!/^import os/m.test(text));
  });
});

test('scaledQuantity picks readable units', async () => {
  const { scaledQuantity } = await import('../lib/calculators/maskPatternSpec');
  assert.deepEqual(scaledQuantity(1.5e9, 'flops'), { value: 1.5, unit: 'GFLOP' });
  assert.deepEqual(scaledQuantity(512, 'bytes'), { value: 512, unit: 'B' });
  assert.deepEqual(scaledQuantity(3 * 1024 * 1024, 'bytes'), { value: 3, unit: 'MiB' });
});

test('maskPatternView: the mask itself up to the limit, block shares above it', async () => {
  const { maskPatternView, maskViewLabels } = await import('../lib/calculators/maskPatternSpec');
  const small = maskPatternView({ n: 4, pattern: { kind: 'causal' } });
  assert.equal(small.factor, 1);
  assert.deepEqual(Array.from(small.view.data), [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
  // n = 5 shown at most 2 a side: factor 3, blocks {0,1,2} and {3,4}.
  const pooled = maskPatternView({ n: 5, pattern: { kind: 'causal' }, maxSide: 2 });
  assert.equal(pooled.factor, 3);
  // block (0,0): rows 0–2 × cols 0–2 → 6 of 9; (0,1): 0 of 6; (1,0): 6 of 6; (1,1): rows 3–4 × cols 3–4 → 3 of 4
  assert.deepEqual(Array.from(pooled.view.data), [6 / 9, 0, 1, 3 / 4].map(Math.fround));
  assert.equal(pooled.allowedPairs, 15);
  assert.deepEqual(maskViewLabels(5, 3), ['0–2', '3–4']);
  assert.deepEqual(maskViewLabels(3, 1), ['0', '1', '2']);
});
