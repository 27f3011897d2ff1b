/**
 * `where.input` of an AttentionInputError names the argument ("heads"), which a UI matches against
 * its fields; the sentence that names it for a learner ("The number of heads") is the message's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multiHeadAttention } from '../lib/attention';
import { computeCrossAttention } from '../lib/calculators/crossAttentionExplorer';
import { computeMultiHeadExplorer } from '../lib/calculators/multiHeadExplorer';
import { computeSqrtDSweep, symmetricEdges } from '../lib/calculators/sqrtDExperiment';
import { scoringParameters } from '../lib/calculators/scoringComparison';
import { AttentionInputError } from '../lib/errors';
import { assertFiniteNumber, assertInteger, fromRows } from '../lib/matrix';

function where(run: () => unknown): { input: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AttentionInputError, String(error));
    return { input: error.where?.input, message: error.message };
  }
  assert.fail('expected an AttentionInputError');
}

const identity = (n: number) => fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));

test('a non-integer number of heads: where.input is "heads", the message says "The number of heads"', () => {
  const x = identity(4);
  const weights = { wq: identity(4), wk: identity(4), wv: identity(4), wo: identity(4) };
  const core = where(() => multiHeadAttention(x, x, weights, 1.5));
  assert.equal(core.input, 'heads');
  assert.match(core.message, /^The number of heads is 1\.5: it must be a whole number/);
  const explorer = where(() => computeMultiHeadExplorer({ tokens: ['a', 'b'], dModel: 8, heads: 1.5, seed: 1 }));
  assert.equal(explorer.input, 'heads');
  assert.match(explorer.message, /^The number of heads is 1\.5/);
});

test('every argument check names its input by an identifier, whatever sentence the message uses', () => {
  const cases: [string, () => unknown][] = [
    ['seed', () => computeMultiHeadExplorer({ tokens: ['a'], dModel: 8, heads: 2, seed: 0.5 })],
    ['seed', () => computeCrossAttention({ source: ['a'], target: ['b'], dModel: 8, seed: 0.5, mode: 'random', alignment: [] })],
    ['hidden', () => scoringParameters(1, 4, 2.5)],
    ['bins', () => symmetricEdges(1, 0.5)],
    ['ds', () => computeSqrtDSweep({ ds: [4, 2.5], samples: 4, keys: 4, seed: 1, temperature: 1 })],
  ];
  for (const [input, run] of cases) {
    const got = where(run);
    assert.equal(got.input, input, got.message);
  }
  assert.equal(where(() => assertInteger(0.5, 'n', 1, 4)).message, 'n is 0.5: it must be a whole number from 1 to 4.');
  assert.deepEqual(where(() => assertFiniteNumber(NaN, 'theta', 'The angle θ')), { input: 'theta', message: 'The angle θ is NaN: it must be a finite number.' });
});
