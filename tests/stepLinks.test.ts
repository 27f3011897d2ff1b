import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildStepLink, MAX_STEP_LINK_LENGTH, parseStepLink, resolveStepLink, stepPath } from '../lib/present/stepLinks';
import type { Deck, DeckStep } from '../lib/present/deck';
import { presetState } from '../lib/calculators/calculatorSpec';
import { stepThroughSpec } from '../lib/calculators/stepThroughSpec';
import { CALCULATOR_SPECS } from '../lib/calculators/calculatorRegistry';
import { encodeShareFragment } from '../lib/share/shareLink';

const causal = presetState(stepThroughSpec, 'causal');
const live = { embedId: 'causal-weights', calculator: 'step-through', version: stepThroughSpec.stateVersion, state: { ...causal, temperature: 0.5 } };

const step = (embed: DeckStep['embed']): DeckStep => ({ title: 't', markdown: '', file: 'f.md', line: 1, bodyStartLine: 2, embed, notes: '', notesStartLine: null });
const deck: Pick<Deck, 'steps'> = {
  steps: [step(null), step({ calculator: 'step-through', preset: 'causal', state: causal, id: 'causal-weights' }), step({ calculator: 'step-through', preset: 'basic', state: presetState(stepThroughSpec, 'basic') })],
};
const specFor = (name: string) => CALCULATOR_SPECS[name];
const ok = (href: string) => {
  const parsed = parseStepLink(href);
  assert.ok(parsed.ok, `expected ${href.slice(0, 80)} to parse: ${parsed.ok ? '' : parsed.reason}`);
  return parsed;
};

test('a plain step link', () => {
  assert.equal(stepPath('masking-in-practice', 3), '/present/masking-in-practice/?step=3');
  assert.deepEqual(buildStepLink('masking-in-practice', 3), { href: '/present/masking-in-practice/?step=3', note: null });
  assert.deepEqual(parseStepLink('/present/masking-in-practice/?step=3'), { ok: true, slug: 'masking-in-practice', step: 3, shared: null });
});

test('the live state rides in the fragment, encoded as every share link is', () => {
  const { href, note } = buildStepLink('masking-in-practice', 2, live);
  assert.equal(note, null);
  assert.ok(href.startsWith('/present/masking-in-practice/?step=2#causal-weights~'));
  assert.equal(href.split('#')[1], encodeShareFragment('causal-weights', live));
  const parsed = ok(href);
  assert.deepEqual(parsed.shared, live);
});

test('full addresses, a base path and a missing trailing slash are read', () => {
  assert.equal(ok('https://example.org/course/present/masking/?step=4').step, 4);
  assert.equal(ok(stepPath('masking', 2, '/attention-lab')).slug, 'masking');
  assert.equal(ok('/present/masking?step=2').step, 2);
  assert.equal(ok('/present/masking/').step, 1, 'no step is the first');
  assert.equal(ok('/present/masking/?step=2&utm_source=chat').step, 2, 'other parameters added on the way are ignored');
  assert.equal(ok('/present/masking/?step=2#how-it-works').shared, null, 'an anchor is not a state');
});

test('tampered links are refused with a reason, keeping what could be read', () => {
  const refused = (href: unknown) => {
    const parsed = parseStepLink(href);
    assert.ok(!parsed.ok, `expected a refusal of ${String(href).slice(0, 60)}`);
    assert.ok(parsed.reason.length > 10);
    return parsed;
  };
  for (const bad of ['step=0', 'step=-1', 'step=1e3', 'step=2.5', 'step=abc', 'step=1000', 'step=01']) {
    assert.deepEqual(refused(`/present/masking/?${bad}`).readable, { slug: 'masking', step: 1 }, bad);
  }
  assert.deepEqual(refused('/present/masking/?step=2&step=3').readable, { slug: 'masking', step: 1 });
  assert.equal(refused('/lessons/masking/?step=2').readable, null);
  assert.equal(refused('/present/Masking/?step=2').readable, null);
  assert.equal(refused('/present/../lessons/?step=2').readable, null);
  assert.equal(refused('javascript:alert(1)//present/masking/').readable, null);
  assert.equal(refused(42).readable, null);
  assert.equal(refused('').readable, null);
  // A damaged state: the step still opens, with its own example.
  const { href } = buildStepLink('masking', 2, live);
  const damaged = refused(href.slice(0, -6) + '!!!!!!');
  assert.deepEqual(damaged.readable, { slug: 'masking', step: 2 });
  assert.match(damaged.reason, /damaged/);
});

test('oversized links are refused before any decoding', () => {
  const parsed = parseStepLink(`/present/masking/?step=2#x~0${'A'.repeat(MAX_STEP_LINK_LENGTH)}`);
  assert.ok(!parsed.ok);
  assert.match(parsed.reason, /too long/);
  const fragmentTooLong = parseStepLink(`/present/masking/?step=2#x~0${'A'.repeat(20_000)}`);
  assert.ok(!fragmentTooLong.ok);
  assert.deepEqual(fragmentTooLong.readable, { slug: 'masking', step: 2 });
});

test('a state too big for a link is left out, and the link says why', () => {
  const huge = { ...live, state: { filler: Array.from({ length: 20_000 }, (_, i) => i * 1.2345) } };
  const { href, note } = buildStepLink('masking', 2, huge);
  assert.equal(href, '/present/masking/?step=2');
  assert.ok(note !== null && /at most|link/.test(note));
});

test('resolving against the deck: the step exists, the state is its calculator\'s and passes its spec', () => {
  const resolved = resolveStepLink(ok(buildStepLink('d', 2, live).href), deck, specFor);
  assert.deepEqual(resolved, { ok: true, stepIndex: 1, state: live.state });
  assert.deepEqual(resolveStepLink(ok('/present/d/?step=1'), deck, specFor), { ok: true, stepIndex: 0, state: null });

  const past = resolveStepLink(ok('/present/d/?step=9'), deck, specFor);
  assert.deepEqual([past.ok, past.stepIndex], [false, 2]);
  const wrongStep = resolveStepLink(ok(buildStepLink('d', 3, live).href), deck, specFor);
  assert.ok(!wrongStep.ok && /not for step 3/.test(wrongStep.reason));
  const stepWithoutId = resolveStepLink(ok(buildStepLink('d', 3, { ...live, embedId: 'step-3' }).href), deck, specFor);
  assert.equal(stepWithoutId.ok, true, 'a step whose embed has no id answers to step-<n>');
  const tampered = resolveStepLink(ok(buildStepLink('d', 2, { ...live, state: { ...live.state, temperature: 999 } }).href), deck, specFor);
  assert.ok(!tampered.ok && /Temperature/.test(tampered.reason), !tampered.ok ? tampered.reason : '');
  const otherCalculator = resolveStepLink(ok(buildStepLink('d', 2, { ...live, calculator: 'attention' }).href), deck, specFor);
  assert.equal(otherCalculator.ok, false);
});

test('property: build → parse round-trips any step and state', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,3}$/),
      fc.integer({ min: 1, max: 999 }),
      fc.option(fc.record({ embedId: fc.stringMatching(/^[a-z0-9-]{1,40}$/), calculator: fc.constantFrom('step-through', 'attention'), version: fc.nat(9), state: fc.jsonValue({ maxDepth: 3 }) }), { nil: null }),
      (slug, n, shared) => {
        const { href, note } = buildStepLink(slug, n, shared);
        assert.equal(note, null);
        const parsed = parseStepLink(href);
        assert.ok(parsed.ok);
        assert.equal(parsed.slug, slug);
        assert.equal(parsed.step, n);
        assert.deepEqual(parsed.shared, shared === null ? null : JSON.parse(JSON.stringify(shared)));
      },
    ),
    { numRuns: 200 },
  );
});

test('property: random strings never throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.anything()), (junk) => {
      const parsed = parseStepLink(junk);
      assert.equal(typeof parsed.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
});
