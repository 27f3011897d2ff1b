'use client';
/**
 * Reads saved progress into the store once the page has mounted (the prerendered HTML was made
 * with an empty store, so reading earlier would mismatch it), and takes in what another tab saves,
 * which the store merges rather than replaces. Another tab's save is several storage events (a
 * rating: its question's value, then the index); the keys are gathered and read once, in a task
 * of their own, and only those values are read (see progressKeys.ts). Renders nothing.
 */
import { useEffect } from 'react';
import { isProgressPartKey } from '../../lib/practice/progressKeys';
import { PROGRESS_KEY } from '../../lib/practice/progressStorage';
import { nextTask } from '../../lib/nextTask';
import { progressStore } from '../../lib/stores/progressStore';

export function ProgressSync() {
  useEffect(() => {
    if (!progressStore.getState().hydrated) void progressStore.persist.rehydrate();
    const pending = new Set<string>();
    let scheduled = false;
    const onStorage = (event: StorageEvent) => {
      if (event.storageArea !== null && event.storageArea !== window.localStorage) return;
      // Storage cleared: read it all again.
      if (event.key === null) {
        void progressStore.persist.rehydrate();
        return;
      }
      if (event.key !== PROGRESS_KEY && !isProgressPartKey(event.key)) return;
      pending.add(event.key);
      if (scheduled) return;
      scheduled = true;
      void nextTask().then(() => {
        scheduled = false;
        const keys = [...pending];
        pending.clear();
        progressStore.getState().syncStorage(keys);
      });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  return null;
}
