'use client';
/**
 * When an embedded calculator should hydrate: once its prerendered HTML comes within
 * NEAR_VIEWPORT_MARGIN of the viewport, so it is live before the reader gets there; at once if
 * someone reaches it first by keyboard or pointer, or the address's fragment names it (a share
 * link, `#embedId~…`, or any share fragment, since a damaged one is reported by the page's first
 * calculator). Until then its HTML, numbers included, stays as the build rendered it.
 */

/** Far enough ahead that a fast scroll still finds the calculator live (about a screen). */
export const NEAR_VIEWPORT_MARGIN = '100% 0px';

const pending = new Map<string, Promise<void>>();

/** A share fragment (`#embedId~payload`) names a calculator; any of them wakes every calculator. */
function fragmentWakes(embedId: string): boolean {
  const hash = window.location.hash;
  return hash.includes('~') || hash === `#${embedId}`;
}

export function whenNear(embedId: string): Promise<void> {
  let promise = pending.get(embedId);
  if (promise) return promise;
  promise = new Promise<void>((resolve) => {
    const element = document.getElementById(embedId);
    if (!element || typeof IntersectionObserver === 'undefined' || fragmentWakes(embedId)) return resolve();
    const wakeEvents = ['focusin', 'pointerdown', 'pointerenter', 'keydown'] as const;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && done(), { rootMargin: NEAR_VIEWPORT_MARGIN });
    const onHashChange = () => fragmentWakes(embedId) && done();
    function done() {
      observer.disconnect();
      for (const type of wakeEvents) element!.removeEventListener(type, done, true);
      window.removeEventListener('hashchange', onHashChange);
      resolve();
    }
    observer.observe(element);
    for (const type of wakeEvents) element.addEventListener(type, done, true);
    window.addEventListener('hashchange', onHashChange);
  });
  pending.set(embedId, promise);
  return promise;
}
