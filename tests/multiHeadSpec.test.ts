/**
 * The multi-head calculator's state → the worker's input, for seeded and typed projections: typed
 * matrices reach the core exactly, the rules (shapes, the d_model cap of typed mode) come back as
 * messages that name the matrix or field, a typed link round-trips, and the NumPy snippet of a
 * typed example, run with python3, prints the lab's numbers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { computeMultiHeadExplorer, matmul, seededProjections, tokenEmbeddings, typedProjectionWeights } from '../lib/calculators/multiHeadExplorer';
import {
  MULTI_HEAD_MAX_TYPED_D_MODEL,
  fitTypedProjections,
  multiHeadInput,
  multiHeadSpec,
  resizeSquare,
  switchToSeed,
  switchToTyped,
  type MultiHeadState,
} from '../lib/calculators/multiHeadSpec';
import { toRows, type Matrix } from '../lib/matrix';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { multiHeadCalculatorSnippet } from '../lib/snippets/multiHeadCalculatorSnippets';

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here: the NumPy snippet was not run' : false;

function runPython(script: string): any {
  const r = spawnSync('python3', ['-W', 'error', '-'], { input: script, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `python3 failed:\n${r.stderr}\n--- script ---\n${script}`);
  const lines = r.stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** A typed example whose numbers are not seeded ones: rows i, columns j of a simple pattern. */
function typedState(dModel = 4, heads = 2): MultiHeadState {
  const pattern = (a: number, b: number) => Array.from({ length: dModel }, (_, i) => Array.from({ length: dModel }, (_, j) => Math.round((a * (i + 1) - b * (j + 1)) * 100) / 1000));
  return {
    ...presetState(multiHeadSpec),
    tokens: ['a', 'b', 'c'],
    dModel,
    heads,
    projections: 'typed',
    wq: pattern(1, 0.5),
    wk: pattern(-0.7, 0.3),
    wv: pattern(0.2, 0.9),
    wo: pattern(0.4, -0.6),
  };
}

const check = (state: MultiHeadState) => multiHeadSpec.check?.(state) ?? [];

test('seeded state → input: no matrices travel; the core draws them from the seed', () => {
  const state = presetState(multiHeadSpec);
  const input = multiHeadInput(state);
  assert.equal(input.projections, undefined);
  assert.deepEqual(input, { tokens: state.tokens, dModel: 8, heads: 2, seed: 7, causal: false });
  const r = computeMultiHeadExplorer(input);
  assert.equal(r.projections, 'seed');
  assert.deepEqual(r.weights.wq.data, seededProjections(8, 7).wq.data);
});

test('typed state → input: the four matrices reach the core exactly, and the heads use them', () => {
  const state = typedState();
  const input = multiHeadInput(state);
  assert.deepEqual(input.projections, { wq: state.wq, wk: state.wk, wv: state.wv, wo: state.wo });
  const r = computeMultiHeadExplorer(input);
  assert.equal(r.projections, 'typed');
  for (const name of ['wq', 'wk', 'wv', 'wo'] as const) assert.deepEqual(toRows(r.weights[name]), state[name], name);
  // X still comes from the seed; Q = X·Wq with the typed Wq, exactly.
  const x = tokenEmbeddings(state.tokens, 4, state.seed);
  assert.deepEqual(r.x.data, x.data);
  const wq: Matrix = { rows: 4, cols: 4, data: Float64Array.from(state.wq.flat()) };
  assert.deepEqual(r.projected.q.data, matmul(x, wq).data);
  // Editing one typed cell changes the weights of the head that owns its column, not the other head.
  const edited = { ...state, wq: state.wq.map((row, i) => row.map((v, j) => (i === 0 && j === 0 ? v + 2 : v))) };
  const r2 = computeMultiHeadExplorer(multiHeadInput(edited));
  assert.notDeepEqual(r2.perHead[0].weights.data, r.perHead[0].weights.data);
  assert.deepEqual(r2.perHead[1].weights.data, r.perHead[1].weights.data);
});

test('the typed preset is valid and uses identity projections: Q = K = V = X', () => {
  const state = presetState(multiHeadSpec, 'typed-identity');
  assert.deepEqual(check(state), []);
  const r = computeMultiHeadExplorer(multiHeadInput(state));
  assert.deepEqual(r.projected.q.data, r.x.data);
  assert.deepEqual(r.output.data, r.concat.data);
});

test('the check rejects typed matrices of the wrong shape, naming the matrix', () => {
  const state = typedState();
  const problems = check({ ...state, wk: [[1, 2], [3, 4]] });
  assert.deepEqual(problems, [{ field: 'wk', message: 'Wk is 2×2 but must be d_model × d_model = 4×4' }]);
  const two = check({ ...state, wq: [[1]], wo: resizeSquare(state.wo, 5) });
  assert.deepEqual(two.map((p) => p.field), ['wq', 'wo']);
  assert.match(two[1].message, /^Wo is 5×5 /);
  // Seeded: the placeholders are not checked.
  assert.deepEqual(check({ ...state, projections: 'seed', wq: [[1]] }), []);
});

test('typed mode stops at d_model = 16, with the message at d_model', () => {
  const state = typedState();
  const problems = check({ ...state, dModel: 32, heads: 2 });
  assert.equal(problems.length, 1);
  assert.equal(problems[0].field, 'dModel');
  assert.match(problems[0].message, /Typed projections go up to d_model = 16 .*d_model is 32/);
  // The same message when switching to typed at d_model = 32.
  assert.deepEqual(switchToTyped(presetState(multiHeadSpec, 'eight-heads-causal')), { problem: problems[0].message });
  assert.equal(MULTI_HEAD_MAX_TYPED_D_MODEL, 16);
});

test('switching to typed starts from the seeded projections rounded to 2 decimals; back to seed drops them', () => {
  const state = presetState(multiHeadSpec);
  const switched = switchToTyped(state);
  assert.ok('patch' in switched);
  const next = { ...state, ...switched.patch };
  assert.equal(next.projections, 'typed');
  assert.deepEqual(check(next), []);
  const exact = toRows(seededProjections(8, 7).wv);
  next.wv.forEach((row, i) =>
    row.forEach((x, j) => {
      assert.ok(Math.abs(x - exact[i][j]) <= 0.005 + 1e-12, `wv[${i}][${j}]`);
      assert.equal(x, Math.round(x * 100) / 100);
    }),
  );
  const back = { ...next, ...switchToSeed() };
  assert.equal(back.projections, 'seed');
  assert.deepEqual(back.wq, [[0]]);
  assert.deepEqual(back, presetState(multiHeadSpec));
});

test('a new d_model while typed resizes the matrices (kept top-left, new cells 0); seeded or too wide: untouched', () => {
  const state = typedState();
  const wider = fitTypedProjections({ ...state, dModel: 6 });
  assert.equal(wider.wq.length, 6);
  assert.deepEqual(wider.wq[0].slice(0, 4), state.wq[0]);
  assert.deepEqual(wider.wq[0].slice(4), [0, 0]);
  assert.deepEqual(wider.wo[5], [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(check({ ...wider, heads: 3 }), []);
  assert.equal(fitTypedProjections(state), state, 'the same shape: nothing to do');
  const narrower = fitTypedProjections({ ...wider, dModel: 4 });
  assert.deepEqual(narrower.wv, state.wv, 'shrinking back keeps the top-left cells');
  const seeded = presetState(multiHeadSpec);
  assert.equal(fitTypedProjections({ ...seeded, dModel: 12 }).wq, seeded.wq);
  const tooWide = { ...state, dModel: 32 };
  assert.equal(fitTypedProjections(tooWide), tooWide);
});

test('the core refuses typed matrices of the wrong shape or with a non-finite cell, naming the matrix', () => {
  const { wq, wk, wv, wo } = typedState();
  assert.throws(() => typedProjectionWeights({ wq, wk, wv: [[1]], wo }, 4), /Wv is 1×1 but must be d_model × d_model = 4×4/);
  assert.throws(() => typedProjectionWeights({ wq, wk, wv }, 4), /Wo is missing but must be/);
  const bad = wo.map((row) => row.slice());
  bad[1][2] = Number.NaN;
  assert.throws(() => typedProjectionWeights({ wq, wk, wv, wo: bad }, 4), /Wo row 2, column 3 must be a finite number/);
  assert.throws(() => computeMultiHeadExplorer({ ...multiHeadInput(typedState()), dModel: 8 }), /Wq is 4×4 but must be d_model × d_model = 8×8/);
});

test('a typed link round-trips, even at d_model = 16 with full-precision numbers; a wrong shape opens the example', () => {
  const state = typedState(4, 2);
  const fragment = encodeShareFragment('heads', { calculator: 'multi-head', version: multiHeadSpec.stateVersion, state });
  const decoded = decodeShareFragment(fragment);
  assert.ok(decoded.ok);
  if (!decoded.ok) return;
  const opened = stateFromLink(multiHeadSpec, decoded, presetState(multiHeadSpec));
  assert.deepEqual(opened, { state, problems: [] });

  const big = typedState(16, 4);
  const noisy = (m: number[][]) => m.map((row, i) => row.map((x, j) => x + Math.sin(i * 16 + j) / 3));
  const full = { ...big, wq: noisy(big.wq), wk: noisy(big.wk), wv: noisy(big.wv), wo: noisy(big.wo) };
  assert.deepEqual(check(full), []);
  const bigFragment = encodeShareFragment('heads', { calculator: 'multi-head', version: multiHeadSpec.stateVersion, state: full });
  const bigDecoded = decodeShareFragment(bigFragment);
  assert.ok(bigDecoded.ok);
  if (!bigDecoded.ok) return;
  assert.deepEqual(stateFromLink(multiHeadSpec, bigDecoded, presetState(multiHeadSpec)).state, full);

  const wrong = stateFromLink(multiHeadSpec, { calculator: 'multi-head', version: 2, state: { ...state, wk: [[1]] } }, presetState(multiHeadSpec));
  assert.deepEqual(wrong.state, presetState(multiHeadSpec));
  assert.match(wrong.problems.join(' '), /Wk is 1×1/);
  // A version-1 link (before typed projections) opens the example with a notice.
  const old = stateFromLink(multiHeadSpec, { calculator: 'multi-head', version: 1, state: { ...state } }, presetState(multiHeadSpec));
  assert.deepEqual(old.state, presetState(multiHeadSpec));
  assert.match(old.problems[0], /another version/);
});

test('the NumPy snippet of a typed example prints the typed matrices and, run with python3, the lab\'s numbers', { skip: numpyMissing }, () => {
  const state = { ...typedState(6, 3), tokens: ['the', 'cat', 'sat', 'down'], causal: true };
  const result = computeMultiHeadExplorer(multiHeadInput(state));
  const script = multiHeadCalculatorSnippet('numpy', result);
  assert.match(script, /typed in the lab/);
  // The script's matrices are the typed ones, to the last bit.
  const matrices = runPython(`${script}print(json.dumps({"Wq": Wq.tolist(), "Wk": Wk.tolist(), "Wv": Wv.tolist(), "Wo": Wo.tolist()}))\n`);
  assert.deepEqual(matrices, { Wq: state.wq, Wk: state.wk, Wv: state.wv, Wo: state.wo });
  const out = runPython(script);
  result.perHead.forEach((head, h) => {
    toRows(head.weights).forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(out.heads[h].weights[i][j] - x) <= 1e-12, `head ${h + 1} weights[${i}][${j}]: ${out.heads[h].weights[i][j]} vs ${x}`)));
  });
  toRows(result.output).forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(out.output[i][j] - x) <= 1e-12, `output[${i}][${j}]`)));
  // The PyTorch snippet carries the same typed rows and says so.
  const torch = multiHeadCalculatorSnippet('pytorch', result);
  assert.match(torch, /typed in the lab/);
  assert.equal(torch.match(/^W[qkvo] = torch\.tensor\(/gm)?.length, 4);
});
