'use client';
/** React access to the progress store, and the clock and time zone that practice logic takes as inputs. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { progressStore, type ProgressState } from '../../lib/stores/progressStore';

export function useProgress<T>(selector: (state: ProgressState) => T): T {
  return useStore(progressStore, selector);
}

/**
 * The current time as an ISO string, refreshed every `everyMs` so "due" changes while a page is
 * left open. null before mount: the prerendered HTML must not depend on when it was built.
 */
export function useNow(everyMs = 30_000): [string | null, () => void] {
  const [now, setNow] = useState<string | null>(null);
  const refresh = () => setNow(new Date().toISOString());
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return [now, refresh];
}

/** The browser's offset (getTimezoneOffset's sign), 0 before mount. */
export function useTimeZoneOffset(): number {
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(new Date().getTimezoneOffset()), []);
  return offset;
}
