/**
 * The "why √d" calculator: its rules (d a power of two, the sweep's work bound), the slider's
 * temperature mapping, the share-link round trip, and the NumPy snippet, whose statistics (from
 * NumPy's own generator) must agree with the lab's up to sampling noise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { computeSqrtDExperiment, computeSqrtDSweep, SQRT_D_MAX_WORK } from '../lib/calculators/sqrtDExperiment';
import {
  SQRT_D_DIMENSIONS,
  SQRT_D_MAX_DOT_PRODUCTS,
  checkSqrtD,
  isPowerOfTwo,
  sliderFromTemperature,
  sqrtDExperimentArgs,
  sqrtDSpec,
  sqrtDSweepArgs,
  temperatureFromSlider,
} from '../lib/calculators/sqrtDSpec';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { numpySqrtDSnippet, sqrtDHistogramCsv } from '../lib/snippets/sqrtDSnippets';

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here: the NumPy snippet was not run' : false;

describe('sqrtDSpec', () => {
  test('every preset passes its rules and its sweep fits the work bound', () => {
    for (const name of Object.keys(sqrtDSpec.presets)) {
      const state = presetState(sqrtDSpec, name);
      assert.deepEqual(checkSqrtD(state), [], name);
      const sweep = sqrtDSweepArgs(state);
      assert.ok(sweep.samples * sweep.keys * sweep.ds.reduce((s, d) => s + d, 0) <= SQRT_D_MAX_WORK, name);
    }
    assert.deepEqual(SQRT_D_DIMENSIONS, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
  });

  test('d must be a power of two; samples × keys is bounded by the sweep (the largest allowed product still runs)', () => {
    const base = presetState(sqrtDSpec);
    assert.ok(isPowerOfTwo(1) && isPowerOfTwo(1024) && !isPowerOfTwo(3) && !isPowerOfTwo(0) && !isPowerOfTwo(2.5));
    assert.deepEqual(checkSqrtD({ ...base, d: 48 }).map((p) => p.field), ['d']);
    const over = checkSqrtD({ ...base, samples: 1000, keys: 10 });
    assert.deepEqual(over.map((p) => p.field), ['samples']);
    assert.match(over[0].message, /10,000 dot products/);
    const atLimit = { ...base, samples: Math.floor(SQRT_D_MAX_DOT_PRODUCTS / 2), keys: 2 };
    assert.deepEqual(checkSqrtD(atLimit), []);
    assert.doesNotThrow(() => computeSqrtDSweep(sqrtDSweepArgs(atLimit)));
    // A link with a bad combination opens the fallback, never a state the worker would refuse.
    const opened = stateFromLink(sqrtDSpec, { calculator: 'why-sqrt-d', version: 1, state: { ...base, samples: 5000, keys: 100 } }, base);
    assert.ok(opened.problems.some((p) => p.includes('dot products')));
    assert.deepEqual(opened.state, base);
  });

  test('the slider moves log₁₀ T and rounds to 3 significant digits within [0.1, 10]', () => {
    assert.equal(temperatureFromSlider(0), 1);
    assert.equal(temperatureFromSlider(-1), 0.1);
    assert.equal(temperatureFromSlider(1), 10);
    assert.equal(temperatureFromSlider(0.5), 3.16);
    assert.equal(temperatureFromSlider(5), 10);
    assert.equal(sliderFromTemperature(10), 1);
    for (let p = -1; p <= 1; p += 0.01) {
      const t = temperatureFromSlider(p);
      assert.ok(t >= 0.1 && t <= 10 && Math.abs(sliderFromTemperature(t) - p) < 0.003, `${p} → ${t}`);
    }
  });

  test('a share link round-trips compactly', () => {
    const state = { ...presetState(sqrtDSpec), d: 256, temperature: 0.562 };
    const fragment = encodeShareFragment('sqrt-d', { calculator: sqrtDSpec.name, version: sqrtDSpec.stateVersion, state });
    assert.ok(fragment.length < 120, `fragment has ${fragment.length} characters`);
    const decoded = decodeShareFragment(fragment);
    assert.ok(decoded.ok);
    if (!decoded.ok) return;
    assert.deepEqual(stateFromLink(sqrtDSpec, decoded, presetState(sqrtDSpec)), { state, problems: [] });
  });

  test('the experiment arguments are the state; the sweep point at d is the experiment at d', () => {
    const state = { ...presetState(sqrtDSpec), samples: 50, keys: 8, d: 16 };
    const one = computeSqrtDExperiment(sqrtDExperimentArgs(state));
    const sweep = computeSqrtDSweep(sqrtDSweepArgs(state));
    const at = sweep.points.find((p) => p.d === 16)!;
    assert.equal(at.rawVariance, one.rawVariance);
    assert.equal(at.scaledSaturatedShare, one.scaledSaturatedShare);
  });

  test('histogram CSV: one line per bin with both counts', () => {
    const csv = sqrtDHistogramCsv([-1, 0, 1], [3, 4], [1, 6]);
    assert.equal(csv, 'bin_left,bin_right,raw_count,scaled_count\n-1,0,3,1\n0,1,4,6\n');
  });
});

describe('numpySqrtDSnippet', () => {
  test('says its samples differ from the site but the statistics agree, and carries the state', () => {
    const state = { ...presetState(sqrtDSpec), temperature: 0.3 };
    const text = numpySqrtDSnippet(state);
    assert.match(text, /samples differ from the site's/);
    assert.match(text, /statistics .* agree/s);
    assert.ok(text.includes('d = 64') && text.includes('samples = 400') && text.includes('keys = 16') && text.includes('temperature = 0.3'));
    assert.ok(text.includes('np.random.default_rng(seed)'));
  });

  test('python3: variances, entropies and saturated shares agree with the lab within sampling noise', { skip: numpyMissing }, () => {
    for (const state of [presetState(sqrtDSpec), { ...presetState(sqrtDSpec, 'cold'), d: 256 }]) {
      const r = spawnSync('python3', ['-W', 'error', '-'], { input: numpySqrtDSnippet(state), encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout.trimEnd().split('\n').pop()!);
      const lab = computeSqrtDSweep(sqrtDSweepArgs(state));
      const labAt = computeSqrtDExperiment(sqrtDExperimentArgs(state));
      const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: numpy ${a} vs lab ${b}`);
      // 6,400 dot products sharing 400 queries: the variance is known to about ±10 %.
      near(out.stats.rawVariance / state.d, labAt.rawVariance / state.d, 0.2, `var(q·k)/d at d = ${state.d}`);
      near(out.stats.rawVariance / state.d, 1, 0.15, 'numpy var(q·k) against the theory d');
      near(out.stats.scaledVariance, 1, 0.15, 'numpy var(q·k/√d) against the theory 1');
      for (const [i, p] of lab.points.entries()) {
        const py = out.sweep[i];
        assert.equal(py.d, p.d);
        near(py.unscaledMeanEntropy, p.unscaledMeanEntropy, 0.12 * p.maxEntropy, `unscaled entropy at d = ${p.d}`);
        near(py.scaledMeanEntropy, p.scaledMeanEntropy, 0.12 * p.maxEntropy, `scaled entropy at d = ${p.d}`);
        near(py.unscaledSaturatedShare, p.unscaledSaturatedShare, 0.12, `unscaled saturated share at d = ${p.d}`);
        near(py.scaledSaturatedShare, p.scaledSaturatedShare, 0.12, `scaled saturated share at d = ${p.d}`);
      }
    }
  });
});
