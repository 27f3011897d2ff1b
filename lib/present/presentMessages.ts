/**
 * The messages presenter and audience windows exchange over BroadcastChannel (or, where that is
 * missing, through `storage` events, which carry strings — hence parseMessage takes a string too).
 * The same messages could ride a managed pub/sub channel between devices later; nothing here
 * assumes one browser.
 *
 * Anything can arrive on a channel: another tab of another version of the site (the service worker
 * keeps old builds alive), a stale message, a hand-typed postMessage. So parseMessage checks shape,
 * version and size and returns a typed message or null — it never throws — and every message
 * carries:
 * - `v`, the protocol version: another version is ignored, not half-understood;
 * - `deck`, the slug, so windows presenting different decks on one channel ignore each other;
 * - `from`, a sender id new on every page load, and `seq`, which that sender increases with every
 *   message. A receiver keeps the last seq per sender (acceptSequence) and drops anything not
 *   newer, so a late delivery never moves the room back. A reloaded window is a new sender and
 *   starts again from 1, which is why the id is per load and not stored.
 *
 * The conversation:
 * - `hello`: a window that opens or reloads asks for the state; the presenter answers with `state`.
 * - `state`: the presenter's step, blackout, QR, and each step's calculator state where it differs
 *   from the walkthrough's (what a value typed mid-talk changes). Calculator states are only
 *   checked to be plain JSON here; the receiving calculator validates them against its spec exactly
 *   as it does a share link (calculatorSpec.stateFromLink).
 * - `claim`: a presenter window that opens says since when it presents; a presenter already there
 *   answers `claimed` (to the newcomer), so the second window can say one is already presenting.
 *   Two opening together settle it with claimWins: the earlier start wins.
 * - `action`: an audience window forwards a navigation key (the clicker's focus may be on the
 *   projector's window) for the presenter to apply; help, digits and full screen stay local.
 * - `bye`: the presenter window is closing.
 */
import { createJsonNestingGauge, findJsonProblem } from '../share/jsonSafety';
import { CALCULATOR_NAME_PATTERN, EMBED_ID_PATTERN, MAX_STATE_BYTES, MAX_STATE_VERSION } from '../share/shareLink';
import { SLUG_PATTERN } from '../content/slug';
import type { DeckAction } from './deckNavigation';

export const PRESENT_PROTOCOL_VERSION = 1;
/** The BroadcastChannel's name (and the storage key of the fallback). */
export const PRESENT_CHANNEL = 'attention-lab-present';
/** Largest message, in characters of JSON: every calculator state of a long deck fits many times. */
export const MAX_MESSAGE_CHARS = 512 * 1024;
/** Most steps a message may speak of (a lesson's deck has a dozen). */
export const MAX_DECK_STEPS = 500;
/** Typed step numbers have at most three digits (deckKeys.ts). */
const MAX_GO_TO = 999;
/** A UUID, or any id of 8–64 URL-safe characters. */
export const SENDER_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** Senders remembered by acceptSequence: each reload is a new sender; the oldest are forgotten. */
export const MAX_TRACKED_SENDERS = 64;
const MAX_JSON_DEPTH = 64;

export type PresentRole = 'presenter' | 'audience';

export interface CalculatorStepState {
  /** 0-based step whose calculator this is. */
  step: number;
  embedId: string;
  calculator: string;
  /** The calculator spec's stateVersion. */
  version: number;
  state: unknown;
}

export interface PresenterState {
  /** 0-based. */
  step: number;
  stepCount: number;
  blackout: boolean;
  qr: boolean;
  calculators: CalculatorStepState[];
}

/** Navigation an audience window may forward (the rest is local to a window). */
export type ForwardedAction = Extract<DeckAction, { type: 'next' | 'previous' | 'first' | 'last' | 'goTo' | 'toggleBlackout' | 'toggleQr' }>;
const FORWARDED_TYPES = ['next', 'previous', 'first', 'last', 'goTo', 'toggleBlackout', 'toggleQr'] as const;

export type MessageBody =
  | { kind: 'hello'; role: PresentRole }
  | { kind: 'state'; state: PresenterState }
  | { kind: 'claim'; since: number }
  | { kind: 'claimed'; to: string; since: number }
  | { kind: 'action'; action: ForwardedAction }
  | { kind: 'bye' };

export interface Envelope {
  v: typeof PRESENT_PROTOCOL_VERSION;
  deck: string;
  from: string;
  seq: number;
}

export type PresentMessage = Envelope & MessageBody;

export function makeMessage(envelope: { deck: string; from: string; seq: number }, body: MessageBody): PresentMessage {
  return { v: PRESENT_PROTOCOL_VERSION, deck: envelope.deck, from: envelope.from, seq: envelope.seq, ...body };
}

/** The message in `raw` (a structured-clone object, or a JSON string), or null when it is not one. */
export function parseMessage(raw: unknown): PresentMessage | null {
  try {
    return parse(raw);
  } catch {
    // Every expected failure returns null below; this keeps the promise for the unexpected
    // (a getter that throws on an object posted by other code).
    return null;
  }
}

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isInt = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
const isTime = (x: unknown): x is number => isInt(x, 0, Number.MAX_SAFE_INTEGER);

function parse(raw: unknown): PresentMessage | null {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_MESSAGE_CHARS) return null;
    // Depth first: JSON.parse of "[[[[…" is slow and what it builds breaks recursive readers.
    if (createJsonNestingGauge(MAX_JSON_DEPTH)(new TextEncoder().encode(raw))) return null;
    value = JSON.parse(raw);
  } else {
    if (!isObject(raw) || findJsonProblem(raw) !== null) return null;
    if (JSON.stringify(raw).length > MAX_MESSAGE_CHARS) return null;
  }
  if (!isObject(value) || value.v !== PRESENT_PROTOCOL_VERSION) return null;
  const { deck, from, seq } = value;
  if (typeof deck !== 'string' || !SLUG_PATTERN.test(deck) || deck.length > 100) return null;
  if (typeof from !== 'string' || !SENDER_ID_PATTERN.test(from)) return null;
  if (!isInt(seq, 1, Number.MAX_SAFE_INTEGER)) return null;
  const envelope = { deck, from, seq };
  const body = parseBody(value);
  return body === null ? null : makeMessage(envelope, body);
}

function parseBody(value: Obj): MessageBody | null {
  switch (value.kind) {
    case 'hello':
      return value.role === 'presenter' || value.role === 'audience' ? { kind: 'hello', role: value.role } : null;
    case 'state': {
      const state = parsePresenterState(value.state);
      return state === null ? null : { kind: 'state', state };
    }
    case 'claim':
      return isTime(value.since) ? { kind: 'claim', since: value.since } : null;
    case 'claimed':
      return typeof value.to === 'string' && SENDER_ID_PATTERN.test(value.to) && isTime(value.since) ? { kind: 'claimed', to: value.to, since: value.since } : null;
    case 'action': {
      const action = parseForwardedAction(value.action);
      return action === null ? null : { kind: 'action', action };
    }
    case 'bye':
      return { kind: 'bye' };
    default:
      return null;
  }
}

/** A `state` message's state checked alone (also what a presenter's stored session is read with, presentSync.ts). */
export function parsePresenterState(raw: unknown): PresenterState | null {
  if (!isObject(raw)) return null;
  const { step, stepCount, blackout, qr, calculators } = raw;
  if (!isInt(stepCount, 1, MAX_DECK_STEPS) || !isInt(step, 0, stepCount - 1)) return null;
  if (typeof blackout !== 'boolean' || typeof qr !== 'boolean') return null;
  if (!Array.isArray(calculators) || calculators.length > stepCount) return null;
  const seen = new Set<number>();
  const parsed: CalculatorStepState[] = [];
  for (const entry of calculators) {
    if (!isObject(entry)) return null;
    const { step: at, embedId, calculator, version, state } = entry;
    if (!isInt(at, 0, stepCount - 1) || seen.has(at)) return null;
    if (typeof embedId !== 'string' || !EMBED_ID_PATTERN.test(embedId)) return null;
    if (typeof calculator !== 'string' || !CALCULATOR_NAME_PATTERN.test(calculator)) return null;
    if (!isInt(version, 0, MAX_STATE_VERSION) || !('state' in entry)) return null;
    // The same bound a share link has, so any state that syncs can also go in a student's link.
    if (new TextEncoder().encode(JSON.stringify(state)).length > MAX_STATE_BYTES) return null;
    seen.add(at);
    parsed.push({ step: at, embedId, calculator, version, state });
  }
  return { step, stepCount, blackout, qr, calculators: parsed };
}

function parseForwardedAction(raw: unknown): ForwardedAction | null {
  if (!isObject(raw) || !(FORWARDED_TYPES as readonly unknown[]).includes(raw.type)) return null;
  if (raw.type === 'goTo') return isInt(raw.step, 0, MAX_GO_TO) ? { type: 'goTo', step: raw.step } : null;
  return { type: raw.type as Exclude<ForwardedAction['type'], 'goTo'> } as ForwardedAction;
}

/**
 * Whether `message` is newer than anything seen from its sender, and the updated memory (the same
 * map object when it is not). Senders are kept most recent last; past MAX_TRACKED_SENDERS the
 * least recently heard is forgotten.
 */
export function acceptSequence(lastSeen: ReadonlyMap<string, number>, message: Pick<Envelope, 'from' | 'seq'>): { fresh: boolean; lastSeen: ReadonlyMap<string, number> } {
  const last = lastSeen.get(message.from);
  if (last !== undefined && message.seq <= last) return { fresh: false, lastSeen };
  const next = new Map(lastSeen);
  next.delete(message.from);
  next.set(message.from, message.seq);
  while (next.size > MAX_TRACKED_SENDERS) next.delete(next.keys().next().value as string);
  return { fresh: true, lastSeen: next };
}

/** Of two presenter claims, whether `mine` stands against `theirs`: the earlier start, then the smaller id. */
export function claimWins(mine: { since: number; from: string }, theirs: { since: number; from: string }): boolean {
  if (mine.since !== theirs.since) return mine.since < theirs.since;
  return mine.from < theirs.from;
}
