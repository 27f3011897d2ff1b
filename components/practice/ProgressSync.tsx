'use client';
/**
 * Reads saved progress into the store once the page has mounted (the prerendered HTML was made
 * with an empty store, so reading earlier would mismatch it), and again whenever another tab
 * saves, which the store merges rather than replaces. Renders nothing.
 */
import { useEffect } from 'react';
import { PROGRESS_KEY } from '../../lib/practice/progressStorage';
import { progressStore } from '../../lib/stores/progressStore';

export function ProgressSync() {
  useEffect(() => {
    if (!progressStore.getState().hydrated) void progressStore.persist.rehydrate();
    const onStorage = (event: StorageEvent) => {
      if (event.key === PROGRESS_KEY || event.key === null) void progressStore.persist.rehydrate();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  return null;
}
