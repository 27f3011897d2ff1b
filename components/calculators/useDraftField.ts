'use client';
/**
 * Typed text of calculator fields kept as drafts: what the learner typed stays in the field, with
 * its error, while it is not a valid value; the state (and a share link) keeps the last good one.
 * When the state changes from outside — a preset, reset or link — the drafts give way to it.
 *
 * Two ways of committing, for two kinds of calculator:
 * - `useFieldDrafts`: each field commits on its own (masks, positional encodings);
 * - `useValidatedDrafts`: a draft commits only when every draft parses and the cross-field rules
 *   pass (multi-head, cross-attention), because one field's value decides whether another's fits.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { FieldProblem } from '../../lib/calculators/calculatorSpec';
import { mustBeMessage, numberInRange, rangeOf, type ParsedField } from '../../lib/calculators/fieldInput';
import { MULTI_HEAD_MAX_TOKEN_LENGTH, MULTI_HEAD_MAX_TOKENS } from '../../lib/calculators/multiHeadExplorer';
import type { FieldSchema, StateOf, StateSchema } from '../../lib/share/stateSchema';
import { calculatorStateStore } from '../../lib/stores/calculatorStateStore';

export interface FieldDraft {
  text: string;
  error: string | null;
}

/**
 * Text typed into fields that commit one by one, kept while it is not a valid value. Drafts are
 * dropped when the state changes from outside (preset, reset, a link), which is any store change
 * other than the one our own last commit made.
 */
export function useFieldDrafts(embedId: string) {
  const [drafts, setDrafts] = useState<Record<string, FieldDraft>>({});
  const entry = useStore(calculatorStateStore, (s) => s.entries[embedId]);
  const ownEntry = useRef<unknown>(null);
  useEffect(() => {
    if (entry !== ownEntry.current) setDrafts({});
  }, [entry]);
  return {
    drafts: drafts as Readonly<Record<string, FieldDraft | undefined>>,
    /**
     * Keeps the typed text of a field with its parse; a good value goes to the state through
     * `apply`, and that store change is remembered as ours (so it does not drop the drafts).
     */
    commit<V>(field: string, text: string, parsed: ParsedField<V>, apply: (value: V) => void) {
      setDrafts((d) => ({ ...d, [field]: { text, error: parsed.ok ? null : parsed.message } }));
      if (parsed.ok) {
        apply(parsed.value);
        ownEntry.current = calculatorStateStore.getState().entries[embedId];
      }
    },
  };
}

export type Parsed<V> = { ok: true; value: V } | { ok: false; error: string };

export interface DraftField<V> {
  format(value: V): string;
  parse(text: string): Parsed<V>;
}

/** A number field of the spec (whole or not, from its kind), in its range, explained by its label. */
export function rangeDraft(label: string, field: FieldSchema & { kind: 'int' | 'number' }): DraftField<number> {
  const range = rangeOf(field);
  return {
    format: (value) => String(value),
    parse: (text) => {
      const value = numberInRange(text, range);
      return value === null ? { ok: false, error: mustBeMessage(label, range) } : { ok: true, value };
    },
  };
}

export function tokensDraft(label: string): DraftField<string[]> {
  return {
    format: (value) => value.join(' '),
    parse: (text) => {
      const tokens = text.split(/\s+/).filter((t) => t !== '');
      if (tokens.length < 1 || tokens.length > MULTI_HEAD_MAX_TOKENS) {
        return { ok: false, error: `${label}: type 1 to ${MULTI_HEAD_MAX_TOKENS} tokens separated by spaces (now ${tokens.length}).` };
      }
      const long = tokens.find((t) => t.length > MULTI_HEAD_MAX_TOKEN_LENGTH);
      if (long !== undefined) return { ok: false, error: `${label}: "${long.slice(0, 30)}…" is longer than ${MULTI_HEAD_MAX_TOKEN_LENGTH} characters.` };
      return { ok: true, value: tokens };
    },
  };
}

export interface DraftsHandle {
  drafts: Record<string, string>;
  errors: Record<string, string>;
  setDraft(field: string, text: string): void;
  hasErrors: boolean;
}

/**
 * Text drafts of some state fields. A draft is committed to the state only when every draft parses
 * and the cross-field rules pass (so the store, and a share link, never hold a bad state); errors
 * are reported at the field they blame. When the state changes from outside (reset, a preset, a
 * link), drafts that no longer describe it are replaced by the state's values. `fixup` may adjust
 * a candidate state before it is checked (e.g. drop an alignment that no longer fits).
 */
export function useValidatedDrafts<S extends StateSchema>(
  embedId: string,
  state: StateOf<S>,
  update: (patch: Partial<StateOf<S>>) => void,
  fields: Record<string, DraftField<any>>,
  check: (candidate: StateOf<S>) => FieldProblem[],
  fixup: (candidate: StateOf<S>) => StateOf<S> = (c) => c,
): DraftsHandle {
  const formatted = (s: StateOf<S>) =>
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.format((s as Record<string, unknown>)[name])]));
  const [drafts, setDrafts] = useState<Record<string, string>>(() => formatted(state));
  const entry = useStore(calculatorStateStore, (s) => s.entries[embedId]);

  const normalise = (name: string, text: string): string | null => {
    const parsed = fields[name].parse(text);
    return parsed.ok ? fields[name].format(parsed.value) : null;
  };

  useEffect(() => {
    const current = formatted(state);
    setDrafts((previous) => {
      let changed = false;
      const next = { ...previous };
      for (const name of Object.keys(fields)) {
        if (normalise(name, previous[name] ?? '') !== current[name]) {
          next[name] = current[name];
          changed = true;
        }
      }
      return changed ? next : previous;
    });
    // Only when the store's entry changes (reset replaces it even when the state is the same object).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry]);

  const evaluate = (all: Record<string, string>) => {
    const errors: Record<string, string> = {};
    const patch: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields)) {
      const parsed = field.parse(all[name] ?? '');
      if (parsed.ok) patch[name] = parsed.value;
      else errors[name] = parsed.error;
    }
    let candidate: StateOf<S> | null = null;
    if (Object.keys(errors).length === 0) {
      candidate = fixup({ ...state, ...patch } as StateOf<S>);
      for (const problem of check(candidate)) errors[problem.field] ??= problem.message;
    }
    return { errors, candidate: Object.keys(errors).length === 0 ? candidate : null };
  };

  const { errors } = evaluate(drafts);
  return {
    drafts,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    setDraft(name, text) {
      const next = { ...drafts, [name]: text };
      setDrafts(next);
      const { candidate } = evaluate(next);
      if (candidate !== null) update(candidate as Partial<StateOf<S>>);
    },
  };
}
