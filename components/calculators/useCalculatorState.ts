'use client';
/**
 * A suite calculator's state, from the store (lib/stores/calculatorStateStore.ts), keyed by embed
 * id. On mount it opens the share link in the address bar if the link names this embed: a valid
 * state replaces the example and the calculator scrolls into view; a damaged or tampered one leaves
 * the example in place and says why (never a broken page).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { stateFromLink, type CalculatorSpec } from '../../lib/calculators/calculatorSpec';
import { decodeShareFragment } from '../../lib/share/shareLink';
import type { StateOf, StateSchema } from '../../lib/share/stateSchema';
import { calculatorStateStore } from '../../lib/stores/calculatorStateStore';

export interface CalculatorStateHandle<S extends StateSchema> {
  state: StateOf<S>;
  update(patch: Partial<StateOf<S>>): void;
}

export function useCalculatorState<S extends StateSchema>(
  embedId: string,
  spec: CalculatorSpec<S>,
  initial: StateOf<S>,
  preset: string,
): CalculatorStateHandle<S> {
  useState(() => calculatorStateStore.getState().register(embedId, spec.name, preset, initial));
  const entry = useStore(calculatorStateStore, (s) => s.entries[embedId]);

  useEffect(() => {
    const hash = window.location.hash;
    if (!hash.includes('~')) return;
    const decoded = decodeShareFragment(hash);
    const store = calculatorStateStore.getState();
    if (!decoded.ok) {
      if (decoded.embedId === embedId) {
        store.setNotice(embedId, `${decoded.reason} Showing this calculator's own example instead.`);
        document.getElementById(embedId)?.scrollIntoView({ block: 'start' });
      }
      return;
    }
    if (decoded.embedId !== embedId) return;
    const { state, problems } = stateFromLink(spec, decoded, initial);
    if (problems.length > 0) {
      store.setNotice(embedId, `This link's example could not be opened (${problems.join('; ')}). Showing this calculator's own example instead.`);
    } else {
      store.replace(embedId, state as Record<string, unknown>);
      store.setNotice(embedId, null);
    }
    document.getElementById(embedId)?.scrollIntoView({ block: 'start' });
    // Only the link the page was opened with; later edits are the learner's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [embedId]);

  const state = (entry?.state ?? initial) as StateOf<S>;
  return {
    state,
    update: (patch) => calculatorStateStore.getState().update(embedId, patch as Record<string, unknown>),
  };
}
