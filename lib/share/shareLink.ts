/**
 * A calculator's state carried in a link, so a learner can send exactly what they see.
 *
 * The fragment is `#<embedId>~<tag><payload>`: the embed id says which calculator on the page the
 * state belongs to, the one-character tag says how the payload is written, so the format can
 * change later without breaking old links:
 * - `0`: base64url (unpadded) of the UTF-8 JSON `{"c": calculator, "v": version, "s": state}`;
 * - `1`: base64url of fflate's raw `deflateSync` of that JSON.
 * The encoder writes whichever is shorter (tiny states do not compress). The fragment, never the
 * query, carries the state so it is not sent to any server.
 *
 * Decoding never throws: a link can come from anywhere. Every damaged link gets a notice on the page
 * (routeShareFragment): on the calculator it names when the name can still be read, otherwise on
 * the page's first calculator, never silence. A link is refused before each costly step: fragments
 * above MAX_FRAGMENT_LENGTH unread, inflating as soon as the output would pass MAX_STATE_BYTES (a
 * deflate bomb of a few KiB could otherwise expand to gigabytes), and inflating or parsing as soon
 * as the JSON nests deeper than any state the encoder accepts (a few hundred characters of
 * deflated "[[[[…" parse for a fifth of a second and break recursive readers). These refusals say
 * the link is too long or damaged. Raw deflate has no checksum, so a damaged link is caught by
 * base64url, inflate, UTF-8, JSON and shape checks; a changed character can still, rarely, decode
 * to a different but well-formed state, which is why each calculator validates the state it
 * receives (see stateSchema.ts).
 */
import { deflateSync, Inflate } from 'fflate';
import { AttentionInputError } from '../errors';
import { decodeBase64url, encodeBase64url } from './base64url';
import { createJsonNestingGauge, findJsonProblem, MAX_DEPTH } from './jsonSafety';

export const EMBED_ID_PATTERN = /^[a-z0-9-]{1,40}$/;
export const CALCULATOR_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Longest fragment written or read, in characters (16 KiB). Browsers and chat apps cope with it. */
export const MAX_FRAGMENT_LENGTH = 16 * 1024;
/**
 * Largest JSON a payload may hold once inflated (64 KiB). A fragment carries at most 12 KiB of
 * deflate and a state of numbers deflates about 2–3×, so no calculator's state comes near it
 * (the largest, four typed 16×16 matrices at full precision, is about 22 KiB). Only repetitive
 * filler gets further, and each KiB of it is inflated before it is refused: a 256 KiB cap let a
 * 10 KB bomb hold a cold page for 0.1–0.2 s, this one about a quarter of that.
 */
export const MAX_STATE_BYTES = 64 * 1024;
/** Deepest nesting of a payload's JSON: the state's MAX_DEPTH levels inside the `{c, v, s}` wrapper. */
export const MAX_PAYLOAD_DEPTH = MAX_DEPTH + 1;
export const MAX_STATE_VERSION = 1_000_000;

export interface SharedState {
  calculator: string;
  version: number;
  state: unknown;
}

export type DecodedShare =
  | { ok: true; embedId: string; calculator: string; version: number; state: unknown }
  | { ok: false; embedId?: string; reason: string };

const TAG_JSON = '0';
const TAG_DEFLATE = '1';
/** Input fed to the inflater per step; one step can expand at most ~1032× (about 66 KiB here). */
const INFLATE_STEP = 64;

export function encodeShareFragment(embedId: string, shared: SharedState): string {
  assertEmbedId(embedId);
  if (typeof shared !== 'object' || shared === null) {
    throw new AttentionInputError('invalid-argument', 'Nothing to share: give { calculator, version, state }.', { input: 'shared' });
  }
  const { calculator, version, state } = shared;
  if (typeof calculator !== 'string' || !CALCULATOR_NAME_PATTERN.test(calculator)) {
    throw new AttentionInputError(
      'invalid-argument',
      `The calculator name ${JSON.stringify(calculator)} cannot go in a link: use a letter then up to 63 letters, digits, "_" or "-".`,
      { input: 'calculator' },
    );
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > MAX_STATE_VERSION) {
    throw new AttentionInputError('out-of-range', `The state version is ${String(version)}: it must be a whole number from 0 to ${MAX_STATE_VERSION}.`, {
      input: 'version',
    });
  }
  const problem = findJsonProblem(state);
  if (problem !== null) {
    throw new AttentionInputError('invalid-argument', `This state cannot be shared in a link: ${problem}.`, { input: 'state' });
  }
  const json = new TextEncoder().encode(JSON.stringify({ c: calculator, v: version, s: state }));
  if (json.length > MAX_STATE_BYTES) {
    throw new AttentionInputError(
      'out-of-range',
      `This state is ${json.length} bytes of JSON; a link can carry at most ${MAX_STATE_BYTES}. Share a seed instead of the numbers.`,
      { input: 'state' },
    );
  }
  const plain = TAG_JSON + encodeBase64url(json);
  const packed = TAG_DEFLATE + encodeBase64url(deflateSync(json, { level: 9 }));
  const fragment = `${embedId}~${packed.length < plain.length ? packed : plain}`;
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    throw new AttentionInputError(
      'out-of-range',
      `This state needs a ${fragment.length}-character link; at most ${MAX_FRAGMENT_LENGTH} are allowed. Share a seed instead of the numbers.`,
      { input: 'state' },
    );
  }
  return fragment;
}

/** `baseUrl` with its fragment (if any) replaced by the shared state; the query is kept. */
export function shareUrl(baseUrl: string, embedId: string, shared: SharedState): string {
  if (typeof baseUrl !== 'string') {
    throw new AttentionInputError('invalid-argument', 'The page address to share is missing.', { input: 'baseUrl' });
  }
  const hash = baseUrl.indexOf('#');
  return `${hash < 0 ? baseUrl : baseUrl.slice(0, hash)}#${encodeShareFragment(embedId, shared)}`;
}

export function decodeShareFragment(fragment: string): DecodedShare {
  try {
    return decode(fragment);
  } catch {
    // Every expected failure is handled in decode; this is the promise that a link never throws.
    return { ok: false, reason: 'This link is damaged: it could not be read.' };
  }
}

function decode(fragment: string): DecodedShare {
  if (typeof fragment !== 'string') return { ok: false, reason: 'This link has no calculator state in it.' };
  let text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.length > MAX_FRAGMENT_LENGTH * 3) return tooLong('it is far longer than any link Attention Lab writes', text);
  if (text.includes('%')) {
    // Some apps percent-encode the fragment (`~` as %7E) on the way.
    try {
      text = decodeURIComponent(text);
    } catch {
      return damaged('it contains a broken %-escape', text);
    }
  }
  if (text.length > MAX_FRAGMENT_LENGTH) return tooLong('it is longer than any link Attention Lab writes', text);
  const sep = text.indexOf('~');
  if (sep < 0) return { ok: false, reason: 'This link has no calculator state in it.' };
  const embedId = text.slice(0, sep);
  if (!EMBED_ID_PATTERN.test(embedId)) return damaged('the calculator it points at has a malformed id', text);
  const fail = (why: string): DecodedShare => ({ ok: false, embedId, reason: `This link is damaged: ${why}.` });
  const failTooLong = (why: string): DecodedShare => ({ ok: false, embedId, reason: `${TOO_LONG}: ${why}.` });

  const tag = text[sep + 1];
  if (tag === undefined) return fail('the calculator state is missing');
  if (tag !== TAG_JSON && tag !== TAG_DEFLATE) {
    return { ok: false, embedId, reason: 'This link was made by a newer version of Attention Lab, or is damaged: reload the page and try again.' };
  }
  const decoded = decodeBase64url(text.slice(sep + 2));
  if (!decoded.ok) return fail(decoded.reason);
  if (decoded.bytes.length === 0) return fail('the calculator state is empty');

  let jsonBytes: Uint8Array;
  const tooDeep = createJsonNestingGauge(MAX_PAYLOAD_DEPTH);
  const deep = () => fail(`its state is nested more than ${MAX_DEPTH} levels deep`);
  if (tag === TAG_DEFLATE) {
    const inflated = inflateChecked(decoded.bytes, MAX_STATE_BYTES, tooDeep);
    if (inflated === 'too-big') return failTooLong(`its state unpacks to more than ${MAX_STATE_BYTES / 1024} KiB`);
    if (inflated === 'too-deep') return deep();
    if (inflated === 'corrupt') return fail('its compressed state is corrupt');
    jsonBytes = inflated;
  } else {
    if (decoded.bytes.length > MAX_STATE_BYTES) return failTooLong(`its state is more than ${MAX_STATE_BYTES / 1024} KiB`);
    if (tooDeep(decoded.bytes)) return deep();
    jsonBytes = decoded.bytes;
  }

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes));
  } catch {
    return fail('its state is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('its state has the wrong shape');
  const { c, v, s } = json as { c?: unknown; v?: unknown; s?: unknown };
  if (typeof c !== 'string' || !CALCULATOR_NAME_PATTERN.test(c)) return fail('it does not say which calculator it is for');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_STATE_VERSION) return fail('its state version is not a whole number');
  if (!('s' in json)) return fail('the calculator state is missing');
  return { ok: true, embedId, calculator: c, version: v, state: s };
}

const TOO_LONG = 'This link is damaged or too long to open';

/** A refusal that still names the calculator when the link's start reads as one (`id~…` or `id%7E…`). */
function damaged(why: string, text: string, headline = 'This link is damaged'): DecodedShare {
  const address = /^([^~%]*)(?:~|%7e)/i.exec(text)?.[1];
  const embedId = address !== undefined && EMBED_ID_PATTERN.test(address) ? address : undefined;
  return { ok: false, ...(embedId ? { embedId } : {}), reason: `${headline}: ${why}.` };
}

function tooLong(why: string, text: string): DecodedShare {
  return damaged(why, text, TOO_LONG);
}

/**
 * Whether a page's fragment is meant as a share link rather than an anchor: it has the `~` every
 * share link has (heading ids never do), or `%7E`, as some apps encode it.
 */
export function looksLikeShareFragment(fragment: string): boolean {
  return typeof fragment === 'string' && /~|%7e/i.test(fragment);
}

/** What the page does with its fragment: one calculator opens the shared state, or shows `notice`. */
export type ShareLinkAction = { embedId: string; open: Extract<DecodedShare, { ok: true }> } | { embedId: string; notice: string };

/**
 * When a link arrives: with the page (`opened`: a link that cannot be opened leaves the examples),
 * or later, pasted or clicked while the page is open (`changed`: it leaves what the learner has).
 * Only the notice's last sentence differs; it must say truthfully what is on screen.
 */
export type ShareLinkMoment = 'opened' | 'changed';

/** The sentence a notice ends with: what is on screen instead of the link's state. */
export function keptStateNote(moment: ShareLinkMoment, whole: 'calculator' | 'page' = 'calculator'): string {
  if (moment === 'opened') return whole === 'calculator' ? "Showing this calculator's own example instead." : 'Every calculator on this page shows its own example.';
  return whole === 'calculator' ? 'This calculator keeps what it showed.' : 'Every calculator on this page keeps what it showed.';
}

/**
 * Which calculator on the page (`embedIds`, in page order) a share link goes to, and what it does
 * there; null when the fragment is not a share link or the page has no calculator. A link that
 * cannot be addressed to one of them (its id unreadable, or not on this page) is reported by the
 * first, so a damaged link never leaves the calculators as they are without a word.
 */
export function routeShareFragment(fragment: string, embedIds: readonly string[], moment: ShareLinkMoment = 'opened'): ShareLinkAction | null {
  if (!looksLikeShareFragment(fragment) || embedIds.length === 0) return null;
  return routeDecodedShare(decodeShareFragment(fragment), embedIds, moment);
}

/** routeShareFragment for a fragment already decoded (see shareFragmentRouter.ts, which decodes once). */
export function routeDecodedShare(decoded: DecodedShare, embedIds: readonly string[], moment: ShareLinkMoment = 'opened'): ShareLinkAction | null {
  if (embedIds.length === 0) return null;
  const target = decoded.embedId !== undefined && embedIds.includes(decoded.embedId) ? decoded.embedId : null;
  if (target !== null) return decoded.ok ? { embedId: target, open: decoded } : { embedId: target, notice: `${decoded.reason} ${keptStateNote(moment)}` };
  const reason = decoded.ok ? `This link is for a calculator ("${decoded.embedId}") that is not on this page.` : decoded.reason;
  return { embedId: embedIds[0], notice: `${reason} ${keptStateNote(moment, embedIds.length === 1 ? 'calculator' : 'page')}` };
}

function assertEmbedId(embedId: unknown): asserts embedId is string {
  if (typeof embedId !== 'string' || !EMBED_ID_PATTERN.test(embedId)) {
    throw new AttentionInputError(
      'invalid-argument',
      `The embed id ${JSON.stringify(embedId)} cannot go in a link: use 1 to 40 lowercase letters, digits or "-".`,
      { input: 'embedId' },
    );
  }
}

const TOO_BIG = new Error('inflated past the cap');
const TOO_DEEP = new Error('nested past the limit');

/**
 * Inflates raw deflate in small steps, giving up the moment the output passes `cap` bytes or
 * `tooDeep` (fed each piece of output) says the JSON nests too deep.
 */
function inflateChecked(bytes: Uint8Array, cap: number, tooDeep: (chunk: Uint8Array) => boolean): Uint8Array | 'too-big' | 'too-deep' | 'corrupt' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > cap) throw TOO_BIG;
    if (tooDeep(chunk)) throw TOO_DEEP;
    chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let i = 0; i < bytes.length; i += INFLATE_STEP) {
      inflater.push(bytes.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= bytes.length);
    }
  } catch (e) {
    return e === TOO_BIG ? 'too-big' : e === TOO_DEEP ? 'too-deep' : 'corrupt';
  }
  if (!finished) return 'corrupt';
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
