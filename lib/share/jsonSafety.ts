/**
 * Whether a value survives JSON.stringify → JSON.parse unchanged, and if not, where it breaks.
 * JSON.stringify itself is lenient in ways that corrupt shared state silently: NaN and ±Infinity
 * become null, undefined properties vanish, typed arrays turn into {"0": …} objects, Dates into
 * strings. So a state is checked first and the first offending path is named ("state.q[2][1] is NaN").
 */
const MAX_DEPTH = 64;

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
