/**
 * A fake of the part of Web Storage that lib/practice/progressStorage.ts uses, backed by a Map,
 * with switches for what real browsers do: a full quota (QuotaExceededError on setItem), a quota
 * by total characters (keys plus values, as browsers count), and storage blocked outright (every
 * call throws, as with cookies switched off). Calls are logged so tests can tell whether a write
 * happened at all.
 */
import type { KeyValueStorage } from '../../lib/practice/progressStorage';

export const quotaError = () => Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
export const blockedError = () => Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' });

export interface MemoryStorage extends KeyValueStorage {
  readonly map: Map<string, string>;
  /** Every setItem attempted, in order (including ones that threw). */
  readonly setCalls: { key: string; value: string }[];
  readonly removeCalls: string[];
  /** setItem throws a QuotaExceededError-like error. */
  full: boolean;
  /** Every call throws, like storage blocked by the browser. */
  blocked: boolean;
  /** Total characters (keys + values) storage may hold; setItem beyond it throws a quota error. */
  quotaChars: number;
  /** Characters held now. */
  usedChars(): number;
}

export function memoryStorage(initial: Record<string, string> = {}, options: { quotaChars?: number } = {}): MemoryStorage {
  const map = new Map<string, string>(Object.entries(initial));
  const setCalls: { key: string; value: string }[] = [];
  const removeCalls: string[] = [];
  const usedChars = () => {
    let n = 0;
    for (const [k, v] of map) n += k.length + v.length;
    return n;
  };
  const storage: MemoryStorage = {
    map,
    setCalls,
    removeCalls,
    full: false,
    blocked: false,
    quotaChars: options.quotaChars ?? Infinity,
    usedChars,
    get length() {
      if (storage.blocked) throw blockedError();
      return map.size;
    },
    key(index: number) {
      if (storage.blocked) throw blockedError();
      return [...map.keys()][index] ?? null;
    },
    getItem(key: string) {
      if (storage.blocked) throw blockedError();
      return map.has(key) ? map.get(key)! : null;
    },
    setItem(key: string, value: string) {
      setCalls.push({ key, value });
      if (storage.blocked) throw blockedError();
      if (storage.full) throw quotaError();
      const old = map.get(key);
      const after = usedChars() - (old === undefined ? 0 : key.length + old.length) + key.length + value.length;
      if (after > storage.quotaChars) throw quotaError();
      map.set(key, String(value));
    },
    removeItem(key: string) {
      removeCalls.push(key);
      if (storage.blocked) throw blockedError();
      map.delete(key);
    },
  };
  return storage;
}
