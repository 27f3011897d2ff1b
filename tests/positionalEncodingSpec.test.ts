import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { overridePreset, presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { parseFieldInput } from '../lib/calculators/maskPatternSpec';
import {
  angleText,
  positionalEncodingSpec,
  rotaryArgs,
  ROTARY_SHIFTS,
  similarityArgs,
  sinusoidalArgs,
} from '../lib/calculators/positionalEncodingSpec';
import { computeSinusoidalTable, positionSimilarity, rotaryOffsetInvariance, rotaryPairDemo } from '../lib/calculators/positionalExplorer';
import { numpyPositionalSnippet } from '../lib/snippets/positionalSnippets';

const base = () => presetState(positionalEncodingSpec);

describe('positional-encoding spec', () => {
  test('every preset gives arguments the explorer accepts', () => {
    for (const name of Object.keys(positionalEncodingSpec.presets)) {
      const s = presetState(positionalEncodingSpec, name);
      assert.equal(computeSinusoidalTable(sinusoidalArgs(s)).values.length, s.n * s.d, name);
      assert.equal(positionSimilarity(similarityArgs(s)).similarity.length, s.n * s.n, name);
      const r = rotaryPairDemo(rotaryArgs(s));
      assert.ok(Number.isFinite(r.dot), name);
      assert.ok(rotaryOffsetInvariance({ ...rotaryArgs(s), shifts: [...ROTARY_SHIFTS] }).maxDeviation < 1e-9, name);
    }
  });

  test('rotaryArgs: the pair and the angle per position', () => {
    const s = { ...base(), theta: 0.5, positionQ: 2, positionK: 5, qx: 1, qy: 0, kx: 0, ky: 1 };
    assert.deepEqual(rotaryArgs(s), { theta: 0.5, positionQ: 2, positionK: 5, q2: [1, 0], k2: [0, 1] });
    // offset 3·0.5 = 1.5 rad: R(1)(1,0) · R(2.5)(0,1) = cos(1)(−sin 2.5) + sin(1)cos(2.5) = sin(1 − 2.5)
    assert.ok(Math.abs(rotaryPairDemo(rotaryArgs(s)).dot - Math.sin(-1.5)) < 1e-12);
  });

  test('the reference must lie below n; typed values get range messages', () => {
    const s = base();
    assert.equal(overridePreset(positionalEncodingSpec, 'basic', { reference: 64 }).problems[0].field, 'reference');
    const r = parseFieldInput(positionalEncodingSpec, s, 'reference', '100', 'Reference position');
    assert.deepEqual(r, { ok: false, message: `The reference position must be below n = ${s.n} (positions are 0 … ${s.n - 1}).` });
    assert.deepEqual(parseFieldInput(positionalEncodingSpec, s, 'n', '1', 'n'), { ok: false, message: 'n must be a whole number from 2 to 512.' });
    assert.deepEqual(parseFieldInput(positionalEncodingSpec, s, 'theta', '7', 'θ'), { ok: false, message: 'θ must be a number from -6.283 to 6.283.' });
    assert.deepEqual(parseFieldInput(positionalEncodingSpec, s, 'theta', '-0.25', 'θ'), { ok: true, value: -0.25 });
    // Shrinking n below the reference is refused at n, since the reference rule then breaks.
    assert.equal(parseFieldInput(positionalEncodingSpec, s, 'n', '8', 'n').ok, false);
  });

  test('links round-trip and tampered ones fall back', () => {
    const good = { ...base(), theta: -1.25, positionQ: 9 };
    assert.deepEqual(stateFromLink(positionalEncodingSpec, { calculator: 'positional-encoding', version: 1, state: good }, base()).state, good);
    const bad = stateFromLink(positionalEncodingSpec, { calculator: 'positional-encoding', version: 1, state: { ...good, reference: 500 } }, base());
    assert.deepEqual(bad.state, base());
    assert.ok(JSON.stringify(base()).length < 300);
  });

  test('angleText gives radians and degrees', () => {
    assert.equal(angleText(Math.PI, (x) => x.toFixed(2)), '3.14 rad (180.00°)');
  });
});

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here' : false;

describe('positional NumPy snippet', () => {
  test('reproduces the table, the similarity row and the rotary dot products', { skip: numpyMissing }, () => {
    for (const s of [base(), { ...base(), d: 7, n: 10, reference: 3, base: 100, theta: -2.5, positionQ: -4 }]) {
      const script = numpyPositionalSnippet({ ...similarityArgs(s), ...rotaryArgs(s), shifts: ROTARY_SHIFTS });
      const r = spawnSync('python3', ['-W', 'error', '-'], { input: script, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 0, `${r.stderr}\n${script}`);
      const lines = r.stdout.trimEnd().split('\n');
      const out = JSON.parse(lines[lines.length - 1]) as { pe_row_1: number[]; similarity_to_reference: number[]; dot_unrotated: number; dot: number; shifted_dots: number[] };
      const table = computeSinusoidalTable(sinusoidalArgs(s));
      out.pe_row_1.forEach((x, c) => assert.ok(Math.abs(x - table.values[s.d + c]) < 1e-12, `PE[1, ${c}]`));
      const sim = positionSimilarity(similarityArgs(s));
      out.similarity_to_reference.forEach((x, q) => assert.ok(Math.abs(x - sim.similarityAtDistance[q]) < 1e-9, `similarity ${q}`));
      const demo = rotaryPairDemo(rotaryArgs(s));
      assert.ok(Math.abs(out.dot - demo.dot) < 1e-12);
      assert.ok(Math.abs(out.dot_unrotated - demo.dotUnrotated) < 1e-15);
      const inv = rotaryOffsetInvariance({ ...rotaryArgs(s), shifts: [...ROTARY_SHIFTS] });
      out.shifted_dots.forEach((x, idx) => assert.ok(Math.abs(x - inv.dots[idx]) < 1e-9, `shift ${inv.shifts[idx]}`));
    }
  });
});
