import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import ts from 'typescript';
import {
  additiveAttention,
  applyRotary,
  attentionRowBlock,
  blockSparseLayout,
  blockSparseMask,
  multiHeadAttention,
  multiHeadAttentionHeads,
  scaledDotProductAttention,
  simulateAttentionPrecision,
  sinusoidalPositionalEncoding,
} from '../lib/attention';
import { computeAttentionStages } from '../lib/calculators/stepThrough';
import { stageColours } from '../lib/calculators/stepThroughColours';
import { AttentionInputError } from '../lib/errors';
import { colourPolicy } from '../lib/heatmap/colourPolicy';
import { pasteBlock } from '../lib/matrixEditor/pasteBlock';
import { randomFillCells } from '../lib/matrixEditor/randomFillCells';
import { fromRows } from '../lib/matrix';
import { randomNormalMatrix } from '../lib/random';
import { cosineAnnealing, exponentialDecay, stepDecay, warmupCosine } from '../lib/schedules';
import { matrixToCsv } from '../lib/snippets/csv';
import { numpySqrtDSnippet, pytorchSqrtDSnippet } from '../lib/snippets/sqrtDSnippets';

/**
 * Every public lib function that takes an options object, called with everything but the options
 * valid. `optional`: leaving the options out is fine. Whatever else is passed as options, the
 * function either works or throws AttentionInputError, never a TypeError from destructuring.
 */
const one = fromRows([[1]]);
const two = fromRows([[1, 0], [0, 1]]);
const sqrtDState = { d: 4, samples: 10, keys: 4, seed: 1, temperature: 1 };
const functions: { name: string; optional: boolean; call: (options: unknown) => unknown }[] = [
  { name: 'scaledDotProductAttention', optional: true, call: (o) => scaledDotProductAttention(one, one, one, o as never) },
  { name: 'attentionRowBlock', optional: false, call: (o) => attentionRowBlock(one, one, one, o as never) },
  { name: 'multiHeadAttention', optional: true, call: (o) => multiHeadAttention(two, two, { wq: two, wk: two, wv: two, wo: two }, 2, o as never) },
  { name: 'multiHeadAttentionHeads', optional: false, call: (o) => multiHeadAttentionHeads(two, two, { wq: two, wk: two, wv: two, wo: two }, 2, o as never) },
  { name: 'additiveAttention', optional: true, call: (o) => additiveAttention(one, one, one, { w1: one, w2: one, va: [1] }, o as never) },
  { name: 'sinusoidalPositionalEncoding', optional: true, call: (o) => sinusoidalPositionalEncoding(3, 4, o as never) },
  { name: 'applyRotary', optional: true, call: (o) => applyRotary(two, o as never) },
  { name: 'blockSparseLayout', optional: false, call: (o) => blockSparseLayout(8, o as never) },
  { name: 'blockSparseMask', optional: false, call: (o) => blockSparseMask(8, o as never) },
  { name: 'simulateAttentionPrecision', optional: false, call: (o) => simulateAttentionPrecision(one, one, one, o as never) },
  { name: 'stepDecay', optional: false, call: (o) => stepDecay(3, o as never) },
  { name: 'exponentialDecay', optional: false, call: (o) => exponentialDecay(3, o as never) },
  { name: 'cosineAnnealing', optional: false, call: (o) => cosineAnnealing(3, o as never) },
  { name: 'warmupCosine', optional: false, call: (o) => warmupCosine(3, o as never) },
  { name: 'randomNormalMatrix', optional: true, call: (o) => randomNormalMatrix(1, 2, 2, o as never) },
  { name: 'randomFillCells', optional: true, call: (o) => randomFillCells(2, 2, 1, o as never) },
  { name: 'pasteBlock', optional: false, call: (o) => pasteBlock([['1']], { row: 0, col: 0 }, [['2']], o as never) },
  { name: 'matrixToCsv', optional: true, call: (o) => matrixToCsv([[1, 2]], o as never) },
  { name: 'numpySqrtDSnippet', optional: true, call: (o) => numpySqrtDSnippet(sqrtDState, o as never) },
  { name: 'pytorchSqrtDSnippet', optional: true, call: (o) => pytorchSqrtDSnippet(sqrtDState, o as never) },
  { name: 'colourPolicy', optional: true, call: (o) => colourPolicy('sequential', [{ data: [0.5] }], o as never) },
  { name: 'stageColours', optional: true, call: (o) => stageColours(computeAttentionStages({ q: two, k: two, v: two }), o as never) },
];

/**
 * Parts of lib/ outside this rule: they are not checked with AttentionInputError because what
 * they receive is not input a learner typed.
 */
const OTHER_ERROR_DOMAINS = [
  'content/', // the build-time content pipeline: errors are build failures with file:line
  'practice/', // practice's pure side, called by our own components with fixed shapes
  'stores/',
  'worker/', // the thread pool's configuration, set once in code
];
/** The input checks themselves. */
const CHECKS = new Set(['assertMatrix', 'assertOptions']);

const refusal = (e: unknown) => {
  assert.ok(e instanceof AttentionInputError, `expected AttentionInputError, got ${String(e)}`);
  return e;
};

describe('options arguments: null or a non-object is refused with AttentionInputError naming it', () => {
  const notAnObject: [unknown, RegExp][] = [
    [null, /^The options argument is null: give an object /],
    [42, /^The options argument is 42: give an object/],
    ['causal', /^The options argument is the text "causal": give an object/],
    [[], /^The options argument is a list: give an object/],
    [true, /^The options argument is true: give an object/],
    [() => ({}), /^The options argument is a function: give an object/],
  ];
  for (const { name, optional, call } of functions) {
    test(name, () => {
      for (const [value, message] of notAnObject) {
        assert.throws(
          () => call(value),
          (e: unknown) => {
            const err = refusal(e);
            assert.match(err.message, message, `${name}(${String(value)})`);
            assert.deepEqual(err.where, { input: 'options' });
            return true;
          },
        );
      }
      if (optional) {
        assert.doesNotThrow(() => call(undefined), `${name} without options uses the defaults`);
        assert.match(String(catchError(() => call(null))?.message), /, or leave it out for the defaults\.$/);
      } else {
        assert.match(String(refusal(catchError(() => call(undefined))).message), /^The options argument is missing: give an object .*[^s]\.$/);
      }
    });
  }

  test('property: any value as options either works or gives an AttentionInputError, never a TypeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...functions), fc.anything(), ({ call }, value) => {
        const e = catchError(() => call(value));
        if (e !== undefined) refusal(e);
      }),
      { numRuns: 1000 },
    );
  });

  test('every exported lib function with an options parameter is in the table above', () => {
    const found = exportedFunctionsWithOptions(join(import.meta.dirname, '..', 'lib'));
    const listed = new Set(functions.map((f) => f.name));
    const missing = found.filter((f) => !listed.has(f.name) && !CHECKS.has(f.name));
    assert.deepEqual(missing, [], 'add these to the table (and check their options with assertOptions)');
    // And the table lists nothing that no longer exists.
    for (const name of listed) assert.ok(found.some((f) => f.name === name), `${name} has no options parameter in lib/`);
  });
});

function catchError(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/**
 * Exported function declarations in lib/ with a parameter that is an options bag: named opts or
 * options, typed as some …Options, or destructured with a `= {}` default.
 */
function exportedFunctionsWithOptions(dir: string): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!OTHER_ERROR_DOMAINS.includes(`${relative(dir, path)}/`)) walk(path);
      }
      else if (/\.tsx?$/.test(entry.name) && !entry.name.includes('.generated.')) {
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
        for (const statement of source.statements) {
          if (!ts.isFunctionDeclaration(statement) || !statement.name) continue;
          if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
          const bag = statement.parameters.some((p) => {
            const named = ts.isIdentifier(p.name) && /^(opts|options)$/.test(p.name.text);
            const typed = p.type !== undefined && /Options\b/.test(p.type.getText(source));
            const destructuredWithDefault = ts.isObjectBindingPattern(p.name) && p.initializer !== undefined && ts.isObjectLiteralExpression(p.initializer);
            return named || typed || destructuredWithDefault;
          });
          if (bag) out.push({ name: statement.name.text, file: relative(dir, path) });
        }
      }
    }
  };
  walk(dir);
  return out;
}
