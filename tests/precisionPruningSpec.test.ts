/** The precision and pruning calculator's state: presets, share links, rules, state → inputs, snippets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overridePreset, presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { pruningSweep } from '../lib/calculators/precisionPruning';
import { SWEEP_POINTS, precisionInputs, precisionPruningSpec, sweepThresholds } from '../lib/calculators/precisionPruningSpec';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { numpyPrecisionPruningSnippet } from '../lib/snippets/precisionPruningSnippets';

test('every preset survives a share link: encode, decode, validate, same state; links stay short', () => {
  for (const name of Object.keys(precisionPruningSpec.presets)) {
    const state = presetState(precisionPruningSpec, name);
    const fragment = encodeShareFragment('demo', { calculator: precisionPruningSpec.name, version: precisionPruningSpec.stateVersion, state });
    assert.ok(fragment.length < 700, `${name}: ${fragment.length} characters`);
    const decoded = decodeShareFragment(fragment);
    assert.ok(decoded.ok);
    if (!decoded.ok) continue;
    const opened = stateFromLink(precisionPruningSpec, decoded, presetState(precisionPruningSpec));
    assert.deepEqual(opened.problems, [], name);
    assert.deepEqual(opened.state, state);
  }
});

test('a bad override or link value is refused with the field named', () => {
  const range = overridePreset(precisionPruningSpec, 'basic', { n: 40 });
  assert.equal(range.problems[0].field, 'n');
  const fallback = presetState(precisionPruningSpec);
  const bad = stateFromLink(precisionPruningSpec, { calculator: precisionPruningSpec.name, version: 1, state: { ...fallback, threshold: 2 } }, fallback);
  assert.equal(bad.state, fallback);
  assert.match(bad.problems.join(' '), /Threshold must be a number from 0 to 1/);
});

test('precision: inputs come from the seed (repeatable), the sweep holds the current threshold', () => {
  const state = presetState(precisionPruningSpec);
  const a = precisionInputs(state);
  const b = precisionInputs(state);
  assert.deepEqual(Array.from(a.q.data), Array.from(b.q.data));
  assert.equal(a.q.rows, state.n);
  assert.equal(a.q.cols, state.d);
  assert.notDeepEqual(Array.from(a.q.data), Array.from(a.k.data));
  const wide = precisionInputs({ ...state, spread: 10 });
  assert.ok(Math.abs(wide.q.data[0] - 10 * a.q.data[0]) < 1e-12, 'spread scales Q');
  assert.deepEqual(Array.from(wide.v.data), Array.from(a.v.data), 'V does not depend on the spread');
  const t = sweepThresholds(0.123);
  assert.ok(t.includes(0.123) && t.includes(0) && t.includes(1));
  assert.equal(t.length, SWEEP_POINTS + 2);
  assert.ok(t.every((x, i) => i === 0 || x > t[i - 1]));
  assert.equal(sweepThresholds(0.25).length, SWEEP_POINTS + 1, 'a grid threshold is not repeated');
  const sweep = pruningSweep({ ...a, thresholds: t });
  assert.equal(sweep.points.length, t.length);
  assert.equal(sweep.points[0].sparsity, 0);
});

test('precision: the NumPy snippet carries the seeded matrices and the threshold', () => {
  const state = presetState(precisionPruningSpec, 'causal');
  const inputs = precisionInputs(state);
  const code = numpyPrecisionPruningSnippet({ ...inputs, causal: state.causal, threshold: state.threshold });
  assert.match(code, /^causal = True$/m);
  assert.match(code, /^threshold = 0\.1$/m);
  assert.ok(code.includes(String(inputs.q.data[0])), 'Q literal holds the exact first entry');
  assert.match(code, /astype\(dtype\)/);
  assert.match(code, /np\.float16/);
  assert.match(code, /def prune\(weights, t\)/);
});

test('peaked preset: sharp attention prunes cheaply, flat attention does not (the long-sequences lesson\'s numbers)', () => {
  const peaked = presetState(precisionPruningSpec, 'peaked');
  const at = (state: typeof peaked) => pruningSweep({ ...precisionInputs(state), thresholds: [state.threshold] }).points[0];
  const sharp = at(peaked);
  assert.ok(sharp.sparsity > 0.6 && sharp.sparsity < 0.75, `sparsity ${sharp.sparsity}`);
  assert.ok(sharp.relativeFrobeniusError < 0.03, `error ${sharp.relativeFrobeniusError}`);
  // Spread 1 at the same threshold: under a tenth of the weights go, for about as large a change.
  const flat = at({ ...peaked, spread: 1 });
  assert.ok(flat.sparsity < 0.1, `flat sparsity ${flat.sparsity}`);
  assert.ok(flat.relativeFrobeniusError > 0.025, `flat error ${flat.relativeFrobeniusError}`);
});
