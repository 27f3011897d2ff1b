'use client';
/**
 * The width of a chart's container, for drawing the chart at its real size: the SVG's viewBox is
 * that many units wide, so its text stays at its CSS size (12 px) on a phone instead of shrinking
 * with a fixed drawing scaled to fit (a 640-wide bar chart at 358 px set its labels at 7 px).
 * Until the first measurement (the build's HTML, the first client render) the width is `initial`;
 * `measured` says when it is real, so the caller can hold the final height meanwhile.
 */
import { useEffect, useState, type RefObject } from 'react';

export function useMeasuredWidth(ref: RefObject<HTMLElement | null>, { initial, min, max }: { initial: number; min: number; max: number }): { width: number; measured: boolean } {
  const [size, setSize] = useState({ width: initial, measured: false });
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = element.clientWidth;
      if (w > 0) setSize({ width: Math.round(Math.min(max, Math.max(min, w))), measured: true });
    };
    // No measure() here: reading layout in an effect forces the browser to lay out the whole page
    // inside the commit's task. The observer's first report comes after the next layout, for free.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, min, max]);
  return size;
}
