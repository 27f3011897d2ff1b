import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  acceptSequence,
  claimWins,
  makeMessage,
  MAX_MESSAGE_CHARS,
  MAX_TRACKED_SENDERS,
  parseMessage,
  PRESENT_PROTOCOL_VERSION,
  type MessageBody,
  type PresentMessage,
} from '../lib/present/presentMessages';
import { presetState } from '../lib/calculators/calculatorSpec';
import { stepThroughSpec } from '../lib/calculators/stepThroughSpec';

const SENDER = '6f1c2b9e-0d4a-4f5e-9a7b-3c2d1e0f9a8b';
const envelope = { deck: 'masking-in-practice', from: SENDER, seq: 1 };
const liveState: MessageBody = {
  kind: 'state',
  state: {
    step: 2,
    stepCount: 10,
    blackout: false,
    qr: true,
    calculators: [{ step: 2, embedId: 'causal-weights', calculator: 'step-through', version: 1, state: { ...presetState(stepThroughSpec, 'causal'), temperature: 0.5 } }],
  },
};

test('every kind of message survives JSON and a structured clone', () => {
  const bodies: MessageBody[] = [
    { kind: 'hello', role: 'audience' },
    liveState,
    { kind: 'claim', since: 1_765_000_000_000 },
    { kind: 'claimed', to: 'second-window-0001', since: 1_765_000_000_000 },
    { kind: 'action', action: { type: 'goTo', step: 4 } },
    { kind: 'action', action: { type: 'toggleBlackout' } },
    { kind: 'bye' },
  ];
  for (const body of bodies) {
    const message = makeMessage(envelope, body);
    assert.equal(message.v, PRESENT_PROTOCOL_VERSION);
    assert.deepEqual(parseMessage(JSON.stringify(message)), message, body.kind);
    assert.deepEqual(parseMessage(structuredClone(message)), message, body.kind);
  }
});

test('another version, another shape or a bad envelope is ignored', () => {
  const good = makeMessage(envelope, { kind: 'hello', role: 'audience' }) as unknown as Record<string, unknown>;
  const variants: [string, unknown][] = [
    ['version 2', { ...good, v: 2 }],
    ['no version', { ...good, v: undefined }],
    ['unknown kind', { ...good, kind: 'takeover' }],
    ['bad role', { ...good, role: 'admin' }],
    ['sequence 0', { ...good, seq: 0 }],
    ['fractional sequence', { ...good, seq: 1.5 }],
    ['short sender id', { ...good, from: 'abc' }],
    ['sender id with spaces', { ...good, from: 'a sender id' }],
    ['deck not a slug', { ...good, deck: '../lessons' }],
    ['an array', [good]],
    ['a number', 42],
    ['null', null],
    ['not JSON', '{"v":1,'],
    ['JSON of a string', '"hello"'],
  ];
  for (const [name, raw] of variants) assert.equal(parseMessage(raw), null, name);
});

test('a state is refused when its step is outside the deck or its calculators are malformed', () => {
  const base = liveState.kind === 'state' ? liveState.state : assert.fail();
  const cases: [string, unknown][] = [
    ['step past the end', { ...base, step: 10 }],
    ['negative step', { ...base, step: -1 }],
    ['no steps', { ...base, stepCount: 0, step: 0 }],
    ['blackout not boolean', { ...base, blackout: 'yes' }],
    ['calculator on a missing step', { ...base, calculators: [{ ...base.calculators[0], step: 12 }] }],
    ['two states for one step', { ...base, calculators: [base.calculators[0], base.calculators[0]] }],
    ['bad embed id', { ...base, calculators: [{ ...base.calculators[0], embedId: 'Causal Weights' }] }],
    ['version not whole', { ...base, calculators: [{ ...base.calculators[0], version: 1.5 }] }],
    ['state missing', { ...base, calculators: [{ step: 2, embedId: 'x', calculator: 'step-through', version: 1 }] }],
    ['state bigger than a link carries', { ...base, calculators: [{ ...base.calculators[0], state: { filler: 'x'.repeat(70_000) } }] }],
  ];
  for (const [name, state] of cases) assert.equal(parseMessage({ ...makeMessage(envelope, liveState), state }), null, name);
});

test('only navigation is forwarded from an audience window', () => {
  const action = (a: unknown) => parseMessage({ ...makeMessage(envelope, { kind: 'bye' }), kind: 'action', action: a });
  assert.deepEqual(action({ type: 'next' })?.kind, 'action');
  assert.equal(action({ type: 'setDigits', digits: '3' }), null);
  assert.equal(action({ type: 'requestFullScreen' }), null);
  assert.equal(action({ type: 'goTo', step: 'ten' }), null);
  assert.equal(action({ type: 'goTo', step: 1e6 }), null);
});

test('values JSON cannot carry, and oversized or deeply nested messages, are ignored', () => {
  const message = makeMessage(envelope, liveState) as PresentMessage & { state: { calculators: { state: unknown }[] } };
  const withState = (state: unknown) => ({ ...message, state: { ...message.state, calculators: [{ ...message.state.calculators[0], state }] } });
  assert.equal(parseMessage(withState({ temperature: Number.NaN })), null, 'NaN');
  assert.equal(parseMessage(withState({ q: new Float64Array(4) })), null, 'typed array');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(parseMessage(withState(cyclic)), null, 'cycle');
  let deep: unknown = 0;
  for (let i = 0; i < 100; i++) deep = [deep];
  assert.equal(parseMessage(withState(deep)), null, 'deep object');
  assert.equal(parseMessage(JSON.stringify(withState(deep))), null, 'deep JSON');
  assert.equal(parseMessage('['.repeat(200_000)), null, 'a long run of brackets');
  assert.equal(parseMessage(' '.repeat(MAX_MESSAGE_CHARS + 1)), null, 'too long');
});

test('a getter that throws does not escape', () => {
  const hostile = { ...makeMessage(envelope, { kind: 'bye' }) };
  Object.defineProperty(hostile, 'kind', { enumerable: true, get: () => { throw new Error('boom'); } });
  assert.equal(parseMessage(hostile), null);
});

test('stale messages are dropped per sender; a reloaded window is a new sender', () => {
  let seen: ReadonlyMap<string, number> = new Map();
  const step = (from: string, seq: number) => {
    const result = acceptSequence(seen, { from, seq });
    seen = result.lastSeen;
    return result.fresh;
  };
  assert.equal(step('presenter-a-0001', 1), true);
  assert.equal(step('presenter-a-0001', 3), true);
  assert.equal(step('presenter-a-0001', 2), false, 'late');
  assert.equal(step('presenter-a-0001', 3), false, 'repeated');
  assert.equal(step('presenter-b-0001', 1), true, 'after a reload');
  const before = seen;
  assert.equal(acceptSequence(before, { from: 'presenter-a-0001', seq: 1 }).lastSeen, before, 'a stale message changes nothing');
});

test('the memory of senders is bounded, forgetting the least recently heard', () => {
  let seen: ReadonlyMap<string, number> = new Map();
  for (let i = 0; i < MAX_TRACKED_SENDERS + 10; i++) seen = acceptSequence(seen, { from: `sender-${String(i).padStart(4, '0')}`, seq: 1 }).lastSeen;
  assert.equal(seen.size, MAX_TRACKED_SENDERS);
  assert.equal(seen.has('sender-0000'), false);
  assert.equal(seen.has(`sender-${String(MAX_TRACKED_SENDERS + 9).padStart(4, '0')}`), true);
});

test('of two presenters, the earlier one keeps presenting; a tie goes to the smaller id', () => {
  assert.equal(claimWins({ since: 1, from: 'zzzzzzzz' }, { since: 2, from: 'aaaaaaaa' }), true);
  assert.equal(claimWins({ since: 2, from: 'aaaaaaaa' }, { since: 1, from: 'zzzzzzzz' }), false);
  assert.equal(claimWins({ since: 5, from: 'aaaaaaaa' }, { since: 5, from: 'bbbbbbbb' }), true);
  assert.equal(claimWins({ since: 5, from: 'bbbbbbbb' }, { since: 5, from: 'aaaaaaaa' }), false);
});

const senderId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);
const slug = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,3}$/).filter((s) => s.length <= 100);
const jsonState = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.string({ maxLength: 8 }), fc.array(fc.array(fc.integer(), { maxLength: 3 }), { maxLength: 3 })), { maxKeys: 5 });
const body: fc.Arbitrary<MessageBody> = fc.oneof(
  fc.constantFrom<MessageBody>({ kind: 'hello', role: 'audience' }, { kind: 'hello', role: 'presenter' }, { kind: 'bye' }, { kind: 'action', action: { type: 'next' } }, { kind: 'action', action: { type: 'toggleQr' } }),
  fc.nat().map((since): MessageBody => ({ kind: 'claim', since })),
  fc.tuple(senderId, fc.nat()).map(([to, since]): MessageBody => ({ kind: 'claimed', to, since })),
  fc.integer({ min: 0, max: 999 }).map((step): MessageBody => ({ kind: 'action', action: { type: 'goTo', step } })),
  fc
    .integer({ min: 1, max: 20 })
    .chain((stepCount) =>
      fc.record({
        step: fc.integer({ min: 0, max: stepCount - 1 }),
        stepCount: fc.constant(stepCount),
        blackout: fc.boolean(),
        qr: fc.boolean(),
        calculators: fc.uniqueArray(
          fc.record({ step: fc.integer({ min: 0, max: stepCount - 1 }), embedId: fc.stringMatching(/^[a-z0-9-]{1,40}$/), calculator: fc.constantFrom('step-through', 'attention', 'multi-head'), version: fc.nat(5), state: jsonState }),
          { selector: (c) => c.step, maxLength: stepCount },
        ),
      }),
    )
    .map((state): MessageBody => ({ kind: 'state', state })),
);
const message = fc.tuple(slug, senderId, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), body).map(([deck, from, seq, b]) => makeMessage({ deck, from, seq }, b));

test('property: parseMessage(JSON of a valid message) round-trips', () => {
  fc.assert(
    fc.property(message, (m) => {
      // -0 does not survive JSON; compare against what JSON makes of the message.
      const expected = JSON.parse(JSON.stringify(m));
      assert.deepEqual(parseMessage(JSON.stringify(m)), expected);
      assert.deepEqual(parseMessage(expected), expected);
    }),
    { numRuns: 300 },
  );
});

test('property: random junk never throws and is ignored', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.json(), fc.string(), fc.jsonValue()), (junk) => {
      assert.equal(parseMessage(junk), null);
    }),
    { numRuns: 500 },
  );
});

test('property: a valid message with one field damaged never throws', () => {
  fc.assert(
    fc.property(message, fc.constantFrom('v', 'deck', 'from', 'seq', 'kind', 'state', 'action', 'role', 'since', 'to'), fc.anything(), (m, key, value) => {
      const damaged = { ...m, [key]: value };
      const parsed = parseMessage(damaged);
      if (parsed !== null) assert.equal(parsed.v, PRESENT_PROTOCOL_VERSION);
    }),
    { numRuns: 300 },
  );
});
