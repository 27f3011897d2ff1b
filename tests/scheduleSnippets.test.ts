/**
 * The schedules calculator's NumPy snippet (closed forms, run with python3 against the lab's
 * series) and the PyTorch snippet's parse check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { presetState } from '../lib/calculators/calculatorSpec';
import { scheduleSeries, type ScheduleKind } from '../lib/calculators/scheduleExplorer';
import { scheduleSpec, schedulesOf, type ScheduleState } from '../lib/calculators/scheduleSpec';
import { numpyScheduleSnippet, pytorchScheduleSnippet } from '../lib/snippets/scheduleSnippets';

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here: the NumPy snippet was not run' : false;
const pythonMissing = spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not installed here: the snippet was not parsed' : false;

/** The snippet's dictionary keys, per kind (the names PyTorch's schedulers have). */
const SNIPPET_NAME: Record<ScheduleKind, string> = {
  stepDecay: 'StepLR',
  exponential: 'ExponentialLR',
  cosineAnnealing: 'CosineAnnealingLR',
  warmupCosine: 'warm-up + cosine',
};

function runPython(script: string): { step: number; lr: Record<string, number[]> } {
  const r = spawnSync('python3', ['-W', 'error', '-'], { input: script, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `python3 failed:\n${r.stderr}\n--- script ---\n${script}`);
  return JSON.parse(r.stdout.trimEnd().split('\n').pop()!);
}

const states: [string, ScheduleState][] = [
  ...Object.keys(scheduleSpec.presets).map((name): [string, ScheduleState] => [name, presetState(scheduleSpec, name)]),
  // No warm-up at all, and odd parameters: the branches that divide by the warm-up length.
  ['no warm-up', { ...presetState(scheduleSpec), warmupSteps: 0, warmTotal: 37, warmMinLr: 0.013, stepSize: 7, stepGamma: 0.3, expGamma: 0.9, cosPeriod: 13, cosMinLr: 0.02 }],
];

describe('numpyScheduleSnippet', () => {
  test('holds the state as literals and only the enabled schedules', () => {
    const base = presetState(scheduleSpec);
    const text = numpyScheduleSnippet(base);
    for (const piece of ['lr = 0.1', 'steps = 100', 'step = 30', '0.5 ** np.floor(t / 25)', '0.955 ** t', 'cosine(t / 100, lr, 0.0)', 'WARMUP, TOTAL, MIN_LR = 10, 100, 0.0']) {
      assert.ok(text.includes(piece), piece);
    }
    const onlyCos = numpyScheduleSnippet({ ...base, showStep: false, showExp: false, showWarm: false });
    assert.ok(onlyCos.includes('"CosineAnnealingLR"') && !onlyCos.includes('"StepLR"') && !onlyCos.includes('warmup_cosine'));
    assert.match(text.trimEnd().split('\n').pop()!, /^print\(json\.dumps\(/);
  });

  for (const [name, state] of states) {
    test(`python3 prints the lab's learning rates at every step (${name})`, { skip: numpyMissing }, () => {
      const out = runPython(numpyScheduleSnippet(state));
      const lab = scheduleSeries({ steps: state.steps, schedules: schedulesOf(state) });
      assert.equal(out.step, state.step);
      assert.deepEqual(Object.keys(out.lr), lab.series.map((s) => SNIPPET_NAME[s.kind]));
      for (const s of lab.series) {
        const py = out.lr[SNIPPET_NAME[s.kind]];
        assert.equal(py.length, state.steps + 1, s.kind);
        // Same float64 formulas; pow and cos may differ in the last bit between libms, and 1 + cos
        // near −1 turns cos's last bit into a few ulps of the result: a few ulps of lr.
        s.lr.forEach((x, t) => assert.ok(Math.abs(py[t] - x) <= 1e-15 * state.lr, `${s.kind} at t = ${t}: ${py[t]} vs ${x}`));
      }
    });
  }
});

describe('pytorchScheduleSnippet', () => {
  test('parses as Python', { skip: pythonMissing }, () => {
    for (const [, state] of states) {
      const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: pytorchScheduleSnippet(state), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  });
});
