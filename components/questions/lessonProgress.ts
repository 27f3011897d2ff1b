'use client';
/**
 * The progress store on a lesson page, loaded when a question card is first touched rather than
 * with the page. A lesson's reader may never answer; the store, its stored form, schema, merge and
 * FSRS scheduler are then not part of the lesson's first-load JavaScript, and a heavy user's saved
 * progress (2.4 MB at 20,000 reviews) is not read while the lesson loads. By the time an answer is
 * checked the store is usually in; an answer given sooner waits for it, so nothing is lost.
 */
import { useSyncExternalStore } from 'react';

type ProgressStore = (typeof import('../../lib/stores/progressStore'))['progressStore'];

let loading: Promise<ProgressStore> | null = null;
let loaded: ProgressStore | null = null;
const listeners = new Set<() => void>();

/**
 * The store, read from storage (once per page, however often it is asked for). If its script
 * cannot be fetched (offline before the site was cached), the next call tries again.
 */
export function lessonProgressStore(): Promise<ProgressStore> {
  loading ??= import('../../lib/stores/progressStore').then(
    async ({ progressStore }) => {
      if (!progressStore.getState().hydrated) await progressStore.persist.rehydrate();
      loaded = progressStore;
      for (const listener of listeners) listener();
      return progressStore;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The store once something on the page has asked for it; null until then (and in the prerender). */
export function useLessonProgressStore(): ProgressStore | null {
  return useSyncExternalStore(subscribe, () => loaded, () => null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
