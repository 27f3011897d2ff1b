/**
 * Every message about a calculator field names it as the page does (its label in the spec), never
 * by its internal key: "Real keys is 5 …", not "validKeys is 5 …". Walks every registered
 * calculator through the three places messages come from: a typed value (parseFieldInput), a
 * share link (stateFromLink) and the cross-field rules (check, on random states of the schema).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { presetState, stateFromLink, type CalculatorSpec } from '../lib/calculators/calculatorSpec';
import { CALCULATOR_SPECS } from '../lib/calculators/calculatorRegistry';
import { parseFieldInput } from '../lib/calculators/fieldInput';
import type { FieldSchema, StateSchema } from '../lib/share/stateSchema';

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}_]+/u);

/** Keys the page never shows: not a word of their own label (d in "d (model width)" is shown). */
function internalKeys(spec: CalculatorSpec<any>): string[] {
  return Object.keys(spec.schema).filter((key) => !words(spec.labels[key]).includes(key.toLowerCase()));
}

function assertNoInternalKey(spec: CalculatorSpec<any>, message: string, where: string) {
  // Quoted text is a value ("typed", one of a choice's options), not a field's name.
  const unquoted = message.replace(/"[^"]*"/g, '""');
  for (const key of internalKeys(spec)) {
    assert.ok(!new RegExp(`(^|[^\\p{L}\\p{N}_])${key}($|[^\\p{L}\\p{N}_])`, 'u').test(unquoted), `${spec.name}, ${where}: "${message}" shows the internal key ${key}`);
  }
}

function arbitraryOf(field: FieldSchema): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'int':
      return fc.integer({ min: field.min, max: field.max });
    case 'number':
      return fc.double({ min: field.min, max: field.max, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...field.options);
    case 'text':
      return fc.string({ maxLength: Math.min(field.maxLength, 40) });
    case 'textList':
      return fc.array(fc.string({ minLength: 1, maxLength: Math.min(field.maxLength, 6) }), { minLength: field.minItems, maxLength: field.maxItems });
    case 'numberList':
      return fc.array(fc.integer({ min: -2, max: 20 }), { minLength: field.minItems, maxLength: field.maxItems });
    case 'numberMatrix':
      return fc
        .tuple(fc.integer({ min: 1, max: Math.min(field.maxRows, 5) }), fc.integer({ min: 1, max: Math.min(field.maxCols, 5) }))
        .chain(([rows, cols]) => fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));
  }
}

function stateArbitrary(schema: StateSchema): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(Object.entries(schema).map(([key, field]) => [key, arbitraryOf(field)])));
}

const specs = Object.values(CALCULATOR_SPECS);

describe('calculator messages name each field by its label', () => {
  test('every field of every calculator has a label', () => {
    for (const spec of specs) {
      assert.deepEqual(Object.keys(spec.labels).sort(), Object.keys(spec.schema).sort(), spec.name);
    }
  });

  test('a typed value out of range, not a number, or not whole: the message starts with the label', () => {
    for (const spec of specs) {
      const state = presetState(spec);
      for (const [key, field] of Object.entries(spec.schema as StateSchema)) {
        if (field.kind !== 'int' && field.kind !== 'number' && field.kind !== 'numberList') continue;
        const texts = field.kind === 'numberList' ? ['x, y', Array.from({ length: field.maxItems + 1 }, () => '1').join(', ')] : ['', 'abc', String(field.min - 1), String(field.max + 1), field.kind === 'int' ? '1.5' : '1e999'];
        for (const text of texts) {
          const parsed = parseFieldInput(spec, state, key, text);
          if (parsed.ok) continue;
          assert.ok(parsed.message.startsWith(spec.labels[key]), `${spec.name}.${key} "${text}": "${parsed.message}" does not start with "${spec.labels[key]}"`);
          assertNoInternalKey(spec, parsed.message, `typing "${text}" into ${key}`);
        }
      }
    }
  });

  test('a share link with a bad or missing field: the notice names the field by its label', () => {
    for (const spec of specs) {
      const fallback = presetState(spec);
      for (const key of Object.keys(spec.schema)) {
        const { [key]: _dropped, ...missing } = fallback as Record<string, unknown>;
        for (const state of [{ ...fallback, [key]: { bad: true } }, missing]) {
          const { problems } = stateFromLink(spec, { calculator: spec.name, version: spec.stateVersion, state }, fallback);
          assert.ok(problems.length > 0, `${spec.name}.${key}`);
          assert.ok(problems.some((p) => p.includes(spec.labels[key])), `${spec.name}.${key}: ${problems.join(' ')} does not say "${spec.labels[key]}"`);
          for (const p of problems) assertNoInternalKey(spec, p, `a link with a bad ${key}`);
        }
      }
    }
  });

  test('a cross-field rule names the field it blames by its label, and no internal key', () => {
    const wrong = new Set<string>();
    for (const spec of specs) {
      if (!spec.check) continue;
      let problems = 0;
      for (const state of fc.sample(stateArbitrary(spec.schema), { numRuns: 400, seed: 11 })) {
        for (const problem of spec.check(state as never)) {
          problems++;
          try {
            assertNoInternalKey(spec, problem.message, `rule on ${problem.field}`);
            assert.ok(
              problem.message.toLowerCase().includes(spec.labels[problem.field].toLowerCase()),
              `${spec.name}, rule on ${problem.field}: "${problem.message}" does not name "${spec.labels[problem.field]}"`,
            );
          } catch (error) {
            wrong.add((error as Error).message.replace(/\d+(\.\d+)?/g, 'N'));
          }
        }
      }
      if (spec.name !== 'scoring-functions') assert.ok(problems > 0, `${spec.name}: random states broke none of its rules`);
    }
    assert.deepEqual([...wrong], []);
  });
});
