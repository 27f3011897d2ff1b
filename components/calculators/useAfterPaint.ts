'use client';
/**
 * A value that catches up with `value` one painted frame after the render that first saw it.
 *
 * Why: a new result re-renders everything it drives in one commit, and the browser then styles,
 * lays out and paints all of it in one task. Multi-head attention with eight heads is about a
 * thousand SVG elements, a 90–110 ms task. Parts of a picture driven by `useAfterPaint(result)`
 * (and by `useAfterPaint` of that, and so on) commit in later tasks instead, each after the
 * previous part has been painted, so the first screenful shows first and no task carries all of
 * it. useDeferredValue would not do: inside a transition (useWorkerOp's) it returns the new value
 * at once, in the same commit.
 *
 * The first render (and hydration) uses `value` itself, so the build's HTML matches.
 */
import { startTransition, useEffect, useState } from 'react';

/** About one frame at 60 Hz. */
const FRAME_MS = 16;

export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    // About a frame later (the commit that brought `value` gets styled and painted first), in a
    // task of its own. A timer, not requestAnimationFrame, which never fires in a page the browser
    // does not paint (a background tab), where the value would then never catch up.
    const timer = setTimeout(() => startTransition(() => setShown(() => value)), FRAME_MS);
    return () => clearTimeout(timer);
  }, [value, shown]);
  return shown;
}
