/** The learning-rate schedules calculator's state: presets, share links, rules, state → inputs, snippets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { scheduleSeries } from '../lib/calculators/scheduleExplorer';
import { checkSchedules, scheduleSpec, schedulesOf } from '../lib/calculators/scheduleSpec';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { printStride, pytorchScheduleSnippet, scheduleCsv } from '../lib/snippets/scheduleSnippets';

test('every preset survives a share link: encode, decode, validate, same state; links stay short', () => {
  for (const name of Object.keys(scheduleSpec.presets)) {
    const state = presetState(scheduleSpec, name);
    const fragment = encodeShareFragment('demo', { calculator: scheduleSpec.name, version: scheduleSpec.stateVersion, state });
    assert.ok(fragment.length < 700, `${name}: ${fragment.length} characters`);
    const decoded = decodeShareFragment(fragment);
    assert.ok(decoded.ok);
    if (!decoded.ok) continue;
    const opened = stateFromLink(scheduleSpec, decoded, presetState(scheduleSpec));
    assert.deepEqual(opened.problems, [], name);
    assert.deepEqual(opened.state, state);
  }
});

test('a tampered link opens the fallback with reasons', () => {
  const fallback = presetState(scheduleSpec);
  const bad = stateFromLink(scheduleSpec, { calculator: scheduleSpec.name, version: 1, state: { ...fallback, cosMinLr: 5 } }, fallback);
  assert.equal(bad.state, fallback);
  assert.match(bad.problems.join(' '), /the cosine's eta_min \(5\) is above the base lr/);
});

test('schedules: cross-field rules name their field; the state maps to the explorer in a fixed order', () => {
  const base = presetState(scheduleSpec);
  assert.deepEqual(checkSchedules(base), []);
  const fields = (s: typeof base) => checkSchedules(s).map((p) => p.field);
  assert.deepEqual(fields({ ...base, step: base.steps + 1 }), ['step']);
  assert.deepEqual(fields({ ...base, showStep: false, showExp: false, showCos: false, showWarm: false }), ['showStep']);
  assert.deepEqual(fields({ ...base, warmupSteps: 100, warmTotal: 100 }), ['warmupSteps']);
  assert.deepEqual(fields({ ...base, warmMinLr: 1 }), ['warmMinLr']);
  const kinds = schedulesOf({ ...base, showExp: false }).map((s) => s.kind);
  assert.deepEqual(kinds, ['stepDecay', 'cosineAnnealing', 'warmupCosine']);
  // Every preset evaluates without a parameter error, and the preset values mean what they say.
  for (const name of Object.keys(scheduleSpec.presets)) {
    const s = presetState(scheduleSpec, name);
    const result = scheduleSeries({ steps: s.steps, schedules: schedulesOf(s) });
    assert.equal(result.series[0].lr.length, s.steps + 1);
  }
  const compare = scheduleSeries({ steps: base.steps, schedules: schedulesOf(base) });
  const exp = compare.series.find((s) => s.kind === 'exponential')!;
  assert.ok(Math.abs(exp.lr[100] / base.lr - 0.01) < 0.002, 'the exponential preset ends near 1 % of lr');
  const step = compare.series.find((s) => s.kind === 'stepDecay')!;
  assert.equal(step.lr[24], 0.1);
  assert.equal(step.lr[25], 0.05);
});

test('schedules: the PyTorch snippet names the schedulers with the state\'s parameters; CSV has a column per schedule', () => {
  const base = presetState(scheduleSpec);
  const code = pytorchScheduleSnippet(base);
  assert.match(code, /StepLR\(opt, step_size=25, gamma=0\.5\)/);
  assert.match(code, /ExponentialLR\(opt, gamma=0\.955\)/);
  assert.match(code, /CosineAnnealingLR\(opt, T_max=100, eta_min=0\.0\)/);
  assert.match(code, /LambdaLR\(opt, warmup_cosine\)/);
  assert.match(code, /WARMUP, TOTAL, MIN_LR = 10, 100, 0\.0/);
  assert.match(code, /^lr = 0\.1$/m);
  assert.match(code, /^step = 30$/m);
  const onlyCos = pytorchScheduleSnippet({ ...base, showStep: false, showExp: false, showWarm: false });
  assert.doesNotMatch(onlyCos, /StepLR\(|warmup_cosine/);
  assert.equal(printStride(100), 5);
  assert.equal(printStride(10), 1);
  const csv = scheduleCsv([
    { label: 'a, b', lr: [0.1, 0.05] },
    { label: '=x', lr: [1, 2] },
  ]);
  assert.equal(csv, 'step,"a, b",\'=x\r\n0,0.1,1\r\n1,0.05,2\r\n');
});

test('step-vs-exponential preset: only StepLR and ExponentialLR, meeting at every drop; the lesson\'s numbers', () => {
  const s = presetState(scheduleSpec, 'step-vs-exponential');
  assert.deepEqual(schedulesOf(s).map((x) => x.kind), ['stepDecay', 'exponential']);
  assert.equal(s.logY, true);
  const { series } = scheduleSeries({ steps: s.steps, schedules: schedulesOf(s) });
  const [step, exp] = series;
  // The training lesson quotes these: 0.01 and 3.16e-3 at epoch 45, equal (within 1 %) at 30, 60, 90.
  assert.ok(Math.abs(step.lr[45] - 0.01) < 1e-12);
  assert.ok(Math.abs(exp.lr[45] - 3.16e-3) < 5e-6, String(exp.lr[45]));
  for (const t of [30, 60, 90]) assert.ok(Math.abs(exp.lr[t] / step.lr[t] - 1) < 0.01, `epoch ${t}: ${exp.lr[t]} vs ${step.lr[t]}`);
  assert.ok(exp.lr[45] < step.lr[45] && exp.lr[29] < step.lr[29], 'between drops the exponential runs below the staircase');
});
