/**
 * The state of every suite calculator on the page, keyed by embed id: what its inputs are now,
 * which preset it started from (for reset), and a notice to show (a share link that could not be
 * opened). Vanilla zustand, so it is testable without React. Not persisted: a lesson opens on its
 * author's example, or on the example a share link carries.
 */
import { createStore } from 'zustand/vanilla';

export interface CalculatorStateEntry {
  calculator: string;
  /** The preset the current state started from (an embed's own overrides included). */
  preset: string;
  /** What reset returns to: the embed's example. */
  initial: Record<string, unknown>;
  state: Record<string, unknown>;
  notice: string | null;
}

export interface CalculatorStateStore {
  entries: Record<string, CalculatorStateEntry>;
  /** Registers an embed; keeps an existing entry (a re-render, or React's strict double mount). */
  register(embedId: string, calculator: string, preset: string, initial: Record<string, unknown>): void;
  update(embedId: string, patch: Record<string, unknown>): void;
  /** Replaces the whole state, e.g. from a preset or a share link; `preset` names where it came from. */
  replace(embedId: string, state: Record<string, unknown>, preset?: string): void;
  reset(embedId: string): void;
  setNotice(embedId: string, notice: string | null): void;
}

export function createCalculatorStateStore() {
  return createStore<CalculatorStateStore>()((set) => {
    const patchEntry = (embedId: string, patch: (entry: CalculatorStateEntry) => Partial<CalculatorStateEntry>) =>
      set((s) => {
        const entry = s.entries[embedId];
        return entry ? { entries: { ...s.entries, [embedId]: { ...entry, ...patch(entry) } } } : s;
      });
    return {
      entries: {},
      register: (embedId, calculator, preset, initial) =>
        set((s) =>
          s.entries[embedId]
            ? s
            : { entries: { ...s.entries, [embedId]: { calculator, preset, initial, state: initial, notice: null } } },
        ),
      update: (embedId, patch) => patchEntry(embedId, (e) => ({ state: { ...e.state, ...patch } })),
      replace: (embedId, state, preset) => patchEntry(embedId, (e) => ({ state, preset: preset ?? e.preset })),
      reset: (embedId) => patchEntry(embedId, (e) => ({ state: e.initial, notice: null })),
      setNotice: (embedId, notice) => patchEntry(embedId, () => ({ notice })),
    };
  });
}

/** The page's one store. */
export const calculatorStateStore = createCalculatorStateStore();
