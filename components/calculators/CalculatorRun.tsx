'use client';
/**
 * What one embedded calculator's worker calls share (see CalculatorEmbed): the results the build
 * precomputed for its example (lib/calculators/precomputedResults.ts), and where the numbers on
 * screen came from, shown as `data-result="build" | "live"` on the calculator (CalculatorFrame),
 * so a test or the browser benchmark can see when numbers are up and whose they are.
 *
 * At build time useWorkerOp runs each operation right in the render (`compute`, the worker's own
 * operations table) and records the result here; CalculatorFrame writes the record into the page
 * as JSON (PrecomputedResults). In the browser the record is read back from that element before
 * the calculator hydrates, so the first render equals the page's HTML, numbers included.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import {
  fillDerived,
  parsePrecomputed,
  precomputedEntryKey,
  recordPrecomputed,
  serializePrecomputed,
  splitDerived,
  type DerivedParts,
  type PrecomputedEntries,
} from '../../lib/calculators/precomputedResults';

export type ResultSource = 'build' | 'live';

type Compute = (op: string, args: unknown[]) => unknown;

export interface CalculatorRun {
  readonly embedId: string;
  /** The embed's preset: what the frame's menu shows until the state store has the embed. */
  readonly preset: string;
  /**
   * The build's result of `op` for `key`, or null: computed now at build time, read from the page in
   * the browser. `derive` names fields the page need not carry, drawn again from the arguments.
   */
  precomputed(op: string, key: string, args: unknown[], derive?: DerivedParts): unknown;
  /** The JSON the page carries (build time), or the text found in the page (browser). */
  readonly serialized: () => string;
  report(source: ResultSource): void;
  readonly source: () => ResultSource | null;
  /** What the page's HTML says (hydration must render the same). */
  readonly initialSource: () => ResultSource | null;
  subscribe(listener: () => void): () => void;
}

const scriptSelector = (embedId: string) => `script[data-precomputed-for="${CSS.escape(embedId)}"]`;

function createRun(
  embedId: string,
  preset: string,
  read: (op: string, key: string, args: unknown[], derive?: DerivedParts) => unknown,
  serialized: () => string,
  initialSource: () => ResultSource | null,
): CalculatorRun {
  let source = initialSource();
  const listeners = new Set<() => void>();
  return {
    embedId,
    preset,
    precomputed: read,
    serialized,
    initialSource,
    source: () => source,
    report(next) {
      if (next === source) return;
      source = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** At build time: computes each operation in the render and records it for the page. */
export function createBuildRun(embedId: string, preset: string, compute: Compute): CalculatorRun {
  const entries: PrecomputedEntries = new Map();
  return createRun(
    embedId,
    preset,
    (op, key, args, derive) => {
      let result: unknown;
      try {
        result = compute(op, args);
      } catch {
        return null; // refused input: the browser computes it and shows the message
      }
      const { shipped, parts } = splitDerived(result, args, derive);
      const recorded = recordPrecomputed(entries, op, key, shipped);
      // Rendered as the browser will hydrate it: the carried fields decoded, the drawn ones added.
      return recorded === null || Object.keys(parts).length === 0 ? recorded : { ...(recorded as object), ...parts };
    },
    () => serializePrecomputed(entries),
    // Asked by the frame, which renders after the calculator's own hooks ran: the record is complete.
    () => (entries.size > 0 ? 'build' : null),
  );
}

/** In the browser: the results the page carries for this embed (none after a client-side navigation). */
export function createBrowserRun(embedId: string, preset: string): CalculatorRun {
  const script = typeof document === 'undefined' ? null : document.querySelector<HTMLScriptElement>(scriptSelector(embedId));
  const text = script?.textContent ?? '';
  const results = text ? parsePrecomputed(text) : new Map<string, unknown>();
  return createRun(
    embedId,
    preset,
    (op, key, args, derive) => {
      const value = results.get(precomputedEntryKey(op, key));
      return value === undefined || value === null ? null : fillDerived(value, args, derive);
    },
    () => text,
    () => (results.size > 0 ? 'build' : null),
  );
}

const CalculatorRunContext = createContext<CalculatorRun | null>(null);
export const CalculatorRunProvider = CalculatorRunContext.Provider;

export function useCalculatorRun(): CalculatorRun | null {
  return useContext(CalculatorRunContext);
}

const noRun = () => () => {};
const none = () => null;

/** Where the numbers on screen came from; what the page's HTML said until the calculator has hydrated. */
export function useResultSource(): ResultSource | null {
  const run = useCalculatorRun();
  return useSyncExternalStore(run ? run.subscribe : noRun, run ? run.source : none, run ? run.initialSource : none);
}

/** The build's results for this calculator, as JSON in the page; nothing when there are none. */
export function PrecomputedResults() {
  const run = useCalculatorRun();
  const text = run?.serialized() ?? '';
  if (!run || text === '' || text === '{}') return null;
  return <script type="application/json" data-precomputed-for={run.embedId} dangerouslySetInnerHTML={{ __html: text }} />;
}
