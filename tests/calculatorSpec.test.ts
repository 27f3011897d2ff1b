/**
 * The declaration every suite calculator makes (lib/calculators/calculatorSpec.ts) and the three
 * readers of it: embed blocks in Markdown (with file:line), share links, and the page's store.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineCalculator, overridePreset, presetState, stateFromLink } from '../lib/calculators/calculatorSpec';
import { CALCULATOR_SPECS } from '../lib/calculators/calculatorRegistry';
import { ContentError } from '../lib/content/contentError';
import { parseEmbedBlock } from '../lib/content/embedRegistry';
import { decodeShareFragment, encodeShareFragment } from '../lib/share/shareLink';
import { createCalculatorStateStore } from '../lib/stores/calculatorStateStore';

const toy = defineCalculator({
  name: 'toy',
  title: 'Toy',
  stateVersion: 2,
  schema: {
    n: { kind: 'int', min: 1, max: 10 },
    window: { kind: 'int', min: 0, max: 10 },
    mode: { kind: 'choice', options: ['a', 'b'] as const },
  },
  labels: { n: 'n', window: 'Window', mode: 'Mode' },
  presets: { small: { n: 4, window: 1, mode: 'a' }, wide: { n: 10, window: 9, mode: 'b' } },
  defaultPreset: 'small',
  check: (s) => (s.window >= s.n ? [{ field: 'window', message: `window ${s.window} must be below n = ${s.n}` }] : []),
});

describe('defineCalculator', () => {
  test('refuses a preset that breaks its own schema or rules, and an unknown default preset', () => {
    const base = { name: 'bad', title: 'Bad', stateVersion: 1, schema: toy.schema, labels: toy.labels, check: toy.check };
    assert.throws(() => defineCalculator({ ...base, presets: { p: { n: 4, window: 4, mode: 'a' } }, defaultPreset: 'p' }), /preset "p": window 4 must be below n = 4/);
    assert.throws(() => defineCalculator({ ...base, presets: { p: { n: 40, window: 1, mode: 'a' } }, defaultPreset: 'p' }), /preset "p": n = 40 does not fit its schema/);
    assert.throws(() => defineCalculator({ ...base, presets: { p: { n: 4, window: 1, mode: 'a' } }, defaultPreset: 'q' }), /default preset "q"/);
    const unlabelled = { ...base, labels: { n: 'n', window: '', mode: 'Mode' }, presets: { p: { n: 4, window: 1, mode: 'a' as const } }, defaultPreset: 'p' };
    assert.throws(() => defineCalculator(unlabelled), /fields without a label: window/);
  });

  test('every registered calculator has valid presets and a name share links accept', () => {
    assert.ok(Object.keys(CALCULATOR_SPECS).length >= 1, 'at least one calculator is registered');
    for (const [name, spec] of Object.entries(CALCULATOR_SPECS)) {
      assert.equal(spec.name, name);
      for (const preset of Object.keys(spec.presets)) {
        const state = presetState(spec, preset);
        const fragment = encodeShareFragment(`${name}-1`, { calculator: name, version: spec.stateVersion, state });
        const decoded = decodeShareFragment(fragment);
        assert.ok(decoded.ok, `${name}/${preset} survives a link`);
        assert.deepEqual(stateFromLink(spec, decoded, presetState(spec)).state, state, `${name}/${preset} round trip`);
      }
    }
  });

  test('presetState hands out copies: changing one never changes the preset', () => {
    const a = presetState(toy, 'wide');
    a.n = 1;
    assert.equal(presetState(toy, 'wide').n, 10);
  });
});

describe('overridePreset', () => {
  test('replaces fields, keeps the preset where an override is bad, and names each bad field', () => {
    assert.deepEqual(overridePreset(toy, 'small', { window: 2 }), { state: { n: 4, window: 2, mode: 'a' }, problems: [] });
    const { state, problems } = overridePreset(toy, 'small', { n: 0, colour: 'red', mode: 'b' });
    assert.deepEqual(state, { n: 4, window: 1, mode: 'b' });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['n', 'colour'],
    );
    assert.match(problems[1].message, /"colour" is not a setting of the toy calculator \(known: n, window, mode\)/);
  });

  test('cross-field rules are checked on the result', () => {
    assert.deepEqual(overridePreset(toy, 'small', { window: 5 }).problems, [{ field: 'window', message: 'window 5 must be below n = 4' }]);
  });
});

describe('stateFromLink', () => {
  const fallback = presetState(toy);
  test('a valid state opens as it is', () => {
    assert.deepEqual(stateFromLink(toy, { calculator: 'toy', version: 2, state: { n: 7, window: 3, mode: 'b' } }, fallback), {
      state: { n: 7, window: 3, mode: 'b' },
      problems: [],
    });
  });
  test('another calculator, another version, a bad field or a broken rule: the fallback, whole, with the reason', () => {
    const cases: [unknown, RegExp][] = [
      [{ calculator: 'other', version: 2, state: fallback }, /for the "other" calculator/],
      [{ calculator: 'toy', version: 1, state: fallback }, /another version of this calculator \(1, this is 2\)/],
      [{ calculator: 'toy', version: 2, state: { n: 7, window: 3, mode: 'c' } }, /Mode must be one of "a", "b"/],
      [{ calculator: 'toy', version: 2, state: { n: 3, window: 5, mode: 'a' } }, /window 5 must be below n = 3/],
    ];
    for (const [shared, reason] of cases) {
      const { state, problems } = stateFromLink(toy, shared as never, fallback);
      assert.deepEqual(state, fallback, 'never half of a tampered state');
      assert.match(problems.join('; '), reason);
    }
  });
});

describe('embed blocks of suite calculators', () => {
  test('a block becomes a calculator-embed with the preset and overrides merged', () => {
    const embed = parseEmbedBlock('calculator: step-through\npreset: causal\ntemperature: 0.5\nid: class-demo', 'l.md', 10);
    assert.equal(embed.tagName, 'calculator-embed');
    const props = embed.props as { calculator: string; preset: string; id: string; state: Record<string, unknown> };
    assert.equal(props.calculator, 'step-through');
    assert.equal(props.preset, 'causal');
    assert.equal(props.id, 'class-demo');
    assert.equal(props.state.temperature, 0.5);
    assert.equal(props.state.causal, true, 'from the preset');
  });

  test('every problem is reported at the line of its key', () => {
    // Fence on line 10, so the YAML's lines are 11, 12, …
    const yaml = ['calculator: step-through', 'preset: nope', 'temperature: 0', 'colour: red', 'id: Not An Id'].join('\n');
    try {
      parseEmbedBlock(yaml, 'l.md', 10);
      assert.fail('expected a ContentError');
    } catch (error) {
      assert.ok(error instanceof ContentError, String(error));
      const lines = error.problems.map((p) => `${p.line}: ${p.detail}`);
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.match(lines[0], /^12: "preset" of the step-through calculator must be one of "basic", "causal"/);
      assert.match(lines[1], /^15: "id" must be/);
      assert.match(lines[2], /^13: temperature must be a number from 0.05 to 20/);
      assert.match(lines[3], /^14: "colour" is not a setting of the step-through calculator/);
    }
  });
});

describe('calculatorStateStore', () => {
  test('register keeps an existing entry; update, replace, reset and notices touch only their embed', () => {
    const store = createCalculatorStateStore();
    const { register, update, replace, reset, setNotice } = store.getState();
    register('a', 'toy', 'small', { n: 4 });
    register('b', 'toy', 'wide', { n: 10 });
    update('a', { n: 5 });
    register('a', 'toy', 'small', { n: 4 }); // a re-render: the edit stays
    assert.deepEqual(store.getState().entries.a.state, { n: 5 });
    replace('b', { n: 2 }, 'small');
    assert.equal(store.getState().entries.b.preset, 'small');
    setNotice('a', 'bad link');
    reset('a');
    assert.deepEqual(store.getState().entries.a.state, { n: 4 });
    assert.equal(store.getState().entries.a.notice, null, 'reset clears the notice');
    assert.deepEqual(store.getState().entries.b.state, { n: 2 });
    update('missing', { n: 1 });
    assert.equal(store.getState().entries.missing, undefined, 'an unknown embed is ignored');
  });
});
