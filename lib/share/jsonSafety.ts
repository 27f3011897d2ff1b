/**
 * Whether a value survives JSON.stringify → JSON.parse unchanged, and if not, where it breaks.
 * JSON.stringify itself is lenient in ways that corrupt shared state silently: NaN and ±Infinity
 * become null, undefined properties vanish, typed arrays turn into {"0": …} objects, Dates into
 * strings. So a state is checked first and the first offending path is named ("state.q[2][1] is NaN").
 */
/** Deepest nesting of arrays and objects a shared state may have (a matrix needs 2). */
export const MAX_DEPTH = 64;

/** The path (`state.q[2][1]`) and what is wrong there, or null when `value` is plain JSON data. */
export function findJsonProblem(value: unknown, path = 'state'): string | null {
  return visit(value, path, 0, new Set());
}

function visit(value: unknown, path: string, depth: number, open: Set<object>): string | null {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return null;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return `${path} is NaN`;
    if (!Number.isFinite(value)) return `${path} is ${String(value)}`;
    return null;
  }
  if (typeof value === 'undefined') return `${path} is undefined`;
  if (typeof value === 'function') return `${path} is a function`;
  if (typeof value === 'bigint') return `${path} is a BigInt`;
  if (typeof value === 'symbol') return `${path} is a symbol`;
  if (depth >= MAX_DEPTH) return `${path} is nested more than ${MAX_DEPTH} levels deep`;
  const object = value as object;
  if (open.has(object)) return `${path} refers back to itself`;
  if (ArrayBuffer.isView(object)) return `${path} is a typed array (convert it with Array.from)`;
  open.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        // Holes in sparse arrays read as undefined and would become null.
        const problem = visit(object[i], `${path}[${i}]`, depth + 1, open);
        if (problem !== null) return problem;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `${path} is a ${kind}, not a plain object`;
    }
    for (const key of Object.keys(object)) {
      const child = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      const problem = visit((object as Record<string, unknown>)[key], child, depth + 1, open);
      if (problem !== null) return problem;
    }
    return null;
  } finally {
    open.delete(object);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * A reader of UTF-8 JSON text, fed in pieces, that says as soon as arrays and objects nest more
 * than `limit` levels deep, without parsing. It exists because JSON.parse of a deeply nested text
 * is slow (about 0.2 s for 100,000 levels, which a few hundred characters of deflated link carry)
 * and what it builds overflows the stack of any recursive reader; fed while a link is inflated,
 * it stops a deep one after its first levels. Brackets inside strings do not count; UTF-8
 * continuation bytes never equal an ASCII byte, so reading bytes is exact. Malformed JSON is left
 * for JSON.parse to refuse. Once past the limit it keeps answering true.
 */
export function createJsonNestingGauge(limit: number): (bytes: Uint8Array) => boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let exceeded = false;
  return (bytes) => {
    // Copied into locals for the loop (a closure's variables are slow to update per byte).
    let d = depth;
    let str = inString;
    let esc = escaped;
    for (let i = 0; i < bytes.length && !exceeded; i++) {
      const b = bytes[i];
      if (str) {
        if (esc) esc = false;
        else if (b === BACKSLASH) esc = true;
        else if (b === QUOTE) str = false;
      } else if (b === QUOTE) {
        str = true;
      } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
        exceeded = ++d > limit;
      } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
        d--;
      }
    }
    depth = d;
    inString = str;
    escaped = esc;
    return exceeded;
  };
}
