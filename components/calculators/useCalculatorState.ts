'use client';
/**
 * A suite calculator's state, from the store (lib/stores/calculatorStateStore.ts), keyed by embed
 * id. It opens the share link in the address bar when the link names this embed: on mount, and
 * again whenever the fragment changes while the page is open (a link pasted into the address bar,
 * or an in-page link to another example, `hashchange`), with no reload, or an in-page link to the
 * current fragment is clicked again. A valid state replaces
 * what is shown and the calculator scrolls into view; a damaged or tampered one changes nothing
 * and says why (never a broken page). A damaged link that names no calculator of the page is
 * reported by the page's first calculator (lib/share/shareLink.ts, routeShareFragment). The page's
 * calculators share one decoding of each fragment (pageShareLink.ts).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { stateFromLink, type CalculatorSpec } from '../../lib/calculators/calculatorSpec';
import { keptStateNote, type ShareLinkMoment } from '../../lib/share/shareLink';
import type { StateOf, StateSchema } from '../../lib/share/stateSchema';
import { calculatorStateStore } from '../../lib/stores/calculatorStateStore';
import { pageShareLinkAction } from './pageShareLink';

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
  // The state only: a notice (a link refused) re-renders the frame, not the whole calculator.
  const current = useStore(calculatorStateStore, (s) => s.entries[embedId]?.state);

  useEffect(() => {
    const open = (moment: ShareLinkMoment) => {
      const action = pageShareLinkAction(embedId, moment);
      if (action === null) return;
      const store = calculatorStateStore.getState();
      if (action.embedId !== embedId) {
        // A new link for another calculator: a notice here was about the link before it.
        if (moment === 'changed') store.setNotice(embedId, null);
        return;
      }
      if ('notice' in action) {
        store.setNotice(embedId, action.notice);
      } else {
        const { state, problems } = stateFromLink(spec, action.open, initial);
        if (problems.length > 0) {
          store.setNotice(embedId, `This link's example could not be opened (${problems.join('; ')}). ${keptStateNote(moment)}`);
        } else {
          store.replace(embedId, state as Record<string, unknown>);
          store.setNotice(embedId, null);
        }
      }
      // In a presentation's step the step is what the link opens: its heading says which one.
      const calculator = document.getElementById(embedId);
      (calculator?.closest('section[data-step]') ?? calculator)?.scrollIntoView({ block: 'start' });
    };
    open('opened');
    const onHashChange = () => open('changed');
    // A click on a link to the fragment already in the address bar fires no hashchange, yet
    // means "open this example" again, e.g. after editing it (an instructor's list of examples).
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (link instanceof HTMLAnchorElement && link.hash === window.location.hash) open('changed');
    };
    window.addEventListener('hashchange', onHashChange);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      document.removeEventListener('click', onClick);
    };
    // The spec and the example are fixed for an embed; edits between links are the learner's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [embedId]);

  const state = (current ?? initial) as StateOf<S>;
  return {
    state,
    update: (patch) => calculatorStateStore.getState().update(embedId, patch as Record<string, unknown>),
  };
}
