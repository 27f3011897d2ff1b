/**
 * A calculator's first results, computed by the build and shipped inside its page, so the first
 * paint already has numbers: no waiting for the page's scripts, the worker's start and its answer
 * (1.7–2.6 s on a lesson page before this). The live worker takes over from the first change.
 *
 * The build renders each suite calculator with its example state; every worker operation it
 * would ask for runs right there (the compute modules are pure), and the results travel as JSON
 * in a `<script type="application/json">` next to the calculator. This module is that JSON:
 * typed arrays as base64 of their bytes (exact, and about half the size of decimal text for
 * float64), the numbers JSON has no word for (NaN, ±Infinity, −0) tagged, and a size budget so a
 * big result costs the page nothing: it is simply computed live, as before.
 *
 * A typed array whose bytes deflate to well under their size travels deflated (fflate, which the
 * calculators already load for share links): a mask's 256 × 256 zeros and ones are 512 KiB of
 * float64 but about 1 KiB deflated, so the masks calculator's first picture fits the budget and
 * its box no longer grows by a mask's height when it hydrates. Computed floats hardly deflate and
 * stay plain base64. Long plain arrays of numbers (a metric's curves) travel as float64 bytes the
 * same way, which is 40 % shorter than their decimals and exact.
 */
import { deflateSync, inflateSync } from 'fflate';

/** Operations whose result is not a function of their arguments (a timing of this machine). */
export const LIVE_ONLY_OPS: ReadonlySet<string> = new Set(['timeMaskedAttention']);

/** The tag of a plain array of numbers packed as float64 bytes. */
const NUMBER_ARRAY = 'Array';
/** Plain arrays of numbers from this length are packed when that is shorter. */
const NUMBER_ARRAY_MIN_LENGTH = 16;

/** Typed arrays from this many bytes are tried deflated… */
const DEFLATE_MIN_BYTES = 1024;
/** …and travel deflated when that saves at least a quarter of their bytes. */
const DEFLATE_WORTH_IT = 0.75;

/**
 * The most characters of precomputed results one calculator may add to its page. 52 KiB, up from
 * 48, so the metrics calculator's "imbalanced" example (1000 samples and their curves, 49.7 KiB
 * packed, 104 KiB as decimals) ships and its charts are there before it hydrates.
 */
export const PRECOMPUTED_MAX_CHARS = 52 * 1024;

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function specialNumber(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return null;
}

/** A typed array's bytes as page text: deflated when that pays, plain base64 otherwise. */
function packBytes(name: TypedArrayName | typeof NUMBER_ARRAY, bytes: Uint8Array): object {
  const deflated = bytes.byteLength >= DEFLATE_MIN_BYTES ? deflateSync(bytes, { level: 9 }) : null;
  if (deflated && deflated.byteLength <= bytes.byteLength * DEFLATE_WORTH_IT) {
    return { $typed: name, bytes: bytes.byteLength, deflated: bytesToBase64(deflated) };
  }
  return { $typed: name, base64: bytesToBase64(bytes) };
}

/** Characters a number takes in JSON as encodeResult writes it (special numbers are tagged). */
const numberChars = (x: number): number => (specialNumber(x) === null ? String(x).length : 16);

/** JSON text of an operation's result; throws on values JSON cannot carry faithfully (functions, Maps…). */
export function encodeResult(value: unknown): string {
  const text = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'number') {
      const special = specialNumber(v);
      return special === null ? v : { $num: special };
    }
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name as TypedArrayName;
      if (!Object.hasOwn(TYPED_ARRAYS, name)) throw new TypeError(`precomputed results cannot hold a ${v.constructor.name}`);
      return packBytes(name, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    // A long plain array of computed numbers (a curve) is shorter as float64 bytes: about 11
    // characters a number in base64 against 17-19 in decimal, and fewer when it deflates.
    if (Array.isArray(v) && v.length >= NUMBER_ARRAY_MIN_LENGTH && v.every((x) => typeof x === 'number')) {
      const packed = packBytes(NUMBER_ARRAY, new Uint8Array(Float64Array.from(v).buffer));
      const plainChars = v.reduce((sum: number, x: number) => sum + numberChars(x) + 1, 1);
      if (JSON.stringify(packed).length < plainChars) return packed;
    }
    if (typeof v === 'function' || typeof v === 'bigint' || v instanceof Map || v instanceof Set) {
      throw new TypeError(`precomputed results cannot hold a ${typeof v === 'object' ? v.constructor.name : typeof v}`);
    }
    return v;
  });
  if (text === undefined) throw new TypeError('precomputed results cannot hold undefined');
  return text;
}

/** The array packBytes' bytes stand for: a typed array of the same type, or a plain array of numbers. */
function unpackBytes(name: TypedArrayName | typeof NUMBER_ARRAY, bytes: Uint8Array<ArrayBuffer>): unknown {
  if (name === NUMBER_ARRAY) return Array.from(new Float64Array(bytes.buffer, 0, bytes.byteLength / 8));
  const Type = TYPED_ARRAYS[name];
  return new Type(bytes.buffer, 0, bytes.byteLength / Type.BYTES_PER_ELEMENT);
}

const isPackedName = (name: unknown): name is TypedArrayName | typeof NUMBER_ARRAY =>
  typeof name === 'string' && (name === NUMBER_ARRAY || Object.hasOwn(TYPED_ARRAYS, name));

/** The value encodeResult wrote: typed arrays of the same type and bytes, special numbers restored. */
export function decodeResult(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null) return v;
    const tagged = v as { $num?: unknown; $typed?: unknown; base64?: unknown; deflated?: unknown; bytes?: unknown };
    if (typeof tagged.$num === 'string' && Object.keys(v).length === 1) return Number(tagged.$num);
    if (isPackedName(tagged.$typed) && typeof tagged.base64 === 'string') return unpackBytes(tagged.$typed, base64ToBytes(tagged.base64));
    if (isPackedName(tagged.$typed) && typeof tagged.deflated === 'string' && Number.isSafeInteger(tagged.bytes)) {
      // The size is written beside the data, so inflating allocates once and cannot run away.
      return unpackBytes(tagged.$typed, inflateSync(base64ToBytes(tagged.deflated), { out: new Uint8Array(tagged.bytes as number) }));
    }
    return v;
  });
}

/** One embed's results, by operation and the calculator's key for its arguments. */
export type PrecomputedEntries = Map<string, string>;

export const precomputedEntryKey = (op: string, key: string): string => `${op} ${key}`;

/**
 * Adds `op`'s result under `key` unless the operation is live-only or the embed's budget would be
 * exceeded; returns the value as the page will decode it (so the build renders exactly what the
 * browser hydrates), or null when it was left out.
 */
export function recordPrecomputed(entries: PrecomputedEntries, op: string, key: string, result: unknown): unknown {
  if (LIVE_ONLY_OPS.has(op)) return null;
  let text: string;
  try {
    text = encodeResult(result);
  } catch {
    return null;
  }
  const entryKey = precomputedEntryKey(op, key);
  const used = [...entries].reduce((sum, [k, t]) => (k === entryKey ? sum : sum + k.length + t.length + 8), 0);
  if (used + entryKey.length + text.length + 8 > PRECOMPUTED_MAX_CHARS) return null;
  entries.set(entryKey, text);
  return decodeResult(text);
}

/**
 * Parts of a result that the browser draws again from the arguments, cheaper than carrying them:
 * a calculator's seeded projection matrices (the multi-head example's Wq, Wk, Wv, Wo at d = 32 are
 * 44 KiB of page text, its pictures 20 KiB) are a pure function of a seed, drawn in microseconds.
 * Returns the fields by name, exactly as the operation computes them, or null when these
 * arguments have none (typed matrices, say).
 */
export type DerivedParts = (args: unknown[]) => Record<string, unknown> | null;

function derivedFor(derive: DerivedParts | undefined, args: unknown[]): Record<string, unknown> | null {
  if (!derive) return null;
  try {
    return derive(args);
  } catch {
    return null; // arguments the operation refuses too
  }
}

/**
 * At build time: the result as the page carries it, without the fields `derive` draws again, and
 * the fields to put back. A field is left out only when the drawn value has the computed one's
 * every bit, so a derivation that drifts from its operation costs page weight, never numbers.
 */
export function splitDerived(result: unknown, args: unknown[], derive?: DerivedParts): { shipped: unknown; parts: Record<string, unknown> } {
  const drawn = derivedFor(derive, args);
  if (drawn === null || typeof result !== 'object' || result === null || Array.isArray(result)) return { shipped: result, parts: {} };
  const shipped: Record<string, unknown> = { ...result };
  const parts: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(drawn)) {
    if (!Object.hasOwn(shipped, name)) continue;
    try {
      if (encodeResult(value) !== encodeResult(shipped[name])) continue;
    } catch {
      continue;
    }
    parts[name] = value;
    delete shipped[name];
  }
  return { shipped, parts };
}

/** In the browser: a carried result with the fields the build left out drawn again (present ones win). */
export function fillDerived(value: unknown, args: unknown[], derive?: DerivedParts): unknown {
  if (!derive || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const drawn = derivedFor(derive, args);
  if (drawn === null) return value;
  const missing = Object.entries(drawn).filter(([name]) => !Object.hasOwn(value, name));
  return missing.length === 0 ? value : { ...value, ...Object.fromEntries(missing) };
}

/** The text of the page's <script type="application/json">: safe inside HTML (no "</script>"). */
export function serializePrecomputed(entries: PrecomputedEntries): string {
  const body = [...entries].map(([k, text]) => `${JSON.stringify(k)}:${text}`).join(',');
  return `{${body}}`.replace(/</g, '\\u003c');
}

/** The decoded results of serializePrecomputed's text, by entry key; empty if the text is damaged. */
export function parsePrecomputed(text: string): Map<string, unknown> {
  try {
    const parsed = decodeResult(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return new Map(Object.entries(parsed));
  } catch {
    // A damaged page: every result is simply computed live.
  }
  return new Map();
}
