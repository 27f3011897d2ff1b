'use client';
/**
 * A suite calculator's state, from the store (lib/stores/calculatorStateStore.ts), keyed by embed
 * id. On mount it opens the share link in the address bar if the link names this embed: a valid
 * state replaces the example and the calculator scrolls into view; a damaged or tampered one leaves
 * the example in place and says why (never a broken page). A damaged link that names no calculator
 * of the page is reported by the page's first calculator (lib/share/shareLink.ts, routeShareFragment).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { stateFromLink, type CalculatorSpec } from '../../lib/calculators/calculatorSpec';
import { routeShareFragment } from '../../lib/share/shareLink';
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
    // Every calculator of the page is in the prerendered HTML, in page order, even before its
    // own code has loaded; each one reaches the same answer about whose link this is.
    const onPage = Array.from(document.querySelectorAll<HTMLElement>('.suite-calculator[id]'), (el) => el.id);
    const action = routeShareFragment(window.location.hash, onPage.includes(embedId) ? onPage : [...onPage, embedId]);
    if (action === null || action.embedId !== embedId) return;
    const store = calculatorStateStore.getState();
    if ('notice' in action) {
      store.setNotice(embedId, action.notice);
      document.getElementById(embedId)?.scrollIntoView({ block: 'start' });
      return;
    }
    const { state, problems } = stateFromLink(spec, action.open, initial);
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
