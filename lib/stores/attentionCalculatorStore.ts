/**
 * State of every scaled dot-product calculator on the page, keyed by embed id, so two calculators
 * on one page never share inputs. Plain zustand (vanilla) so it is testable without React; the
 * component reads it with zustand's `useStore`. Not persisted: a lesson always opens on the
 * example its author chose.
 */
import { createStore } from 'zustand/vanilla';
import type { AttentionResult } from '../attention';
import type { AttentionCalculatorInputs, FieldError } from '../calculator/attentionCalculatorModel';

export interface AttentionCalculatorEntry {
  inputs: AttentionCalculatorInputs;
  /** The preset's inputs, for the reset button. */
  initial: AttentionCalculatorInputs;
  /** The last good result; kept on screen while the inputs have errors. */
  result: AttentionResult | null;
  /** Tokens the result was computed for (the inputs may have moved on). */
  resultTokens: string[];
  errors: FieldError[];
  computing: boolean;
}

export interface AttentionCalculatorStore {
  calculators: Record<string, AttentionCalculatorEntry>;
  /** Registers a calculator with its preset; keeps the entry if it exists (a re-render). */
  register(id: string, initial: AttentionCalculatorInputs): void;
  update(id: string, patch: Partial<AttentionCalculatorInputs>): void;
  reset(id: string): void;
  setErrors(id: string, errors: FieldError[]): void;
  setComputing(id: string, computing: boolean): void;
  setResult(id: string, result: AttentionResult, tokens: string[]): void;
}

export function createAttentionCalculatorStore() {
  return createStore<AttentionCalculatorStore>()((set) => {
    const patchEntry = (id: string, patch: Partial<AttentionCalculatorEntry>) =>
      set((s) => (s.calculators[id] ? { calculators: { ...s.calculators, [id]: { ...s.calculators[id], ...patch } } } : s));
    return {
      calculators: {},
      register: (id, initial) =>
        set((s) =>
          s.calculators[id]
            ? s
            : { calculators: { ...s.calculators, [id]: { inputs: initial, initial, result: null, resultTokens: [], errors: [], computing: false } } },
        ),
      update: (id, patch) =>
        set((s) => {
          const entry = s.calculators[id];
          return entry ? { calculators: { ...s.calculators, [id]: { ...entry, inputs: { ...entry.inputs, ...patch } } } } : s;
        }),
      reset: (id) =>
        set((s) => {
          const entry = s.calculators[id];
          return entry ? { calculators: { ...s.calculators, [id]: { ...entry, inputs: entry.initial, errors: [] } } } : s;
        }),
      setErrors: (id, errors) => patchEntry(id, { errors }),
      setComputing: (id, computing) => patchEntry(id, { computing }),
      setResult: (id, result, resultTokens) => patchEntry(id, { result, resultTokens, errors: [], computing: false }),
    };
  });
}

/** The page's one store. */
export const attentionCalculatorStore = createAttentionCalculatorStore();
