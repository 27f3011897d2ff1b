/**
 * Runs a callback once the page has loaded and the main thread is idle; returns a cancel. The one
 * way the site defers work that the page's first load does not need: the service worker's
 * registration, the attention workers' start, the calculators' extra font files, calibration.
 *
 * Registering the service worker starts its install, which precaches the whole site (about 20 MB).
 * Begun while the page hydrates, that download and the worker's tasks compete with the page's
 * first load for the network and for the phone's cores; after `load` and an idle moment they take
 * only what the page leaves (Lighthouse's mobile profile, docs/PERFORMANCE.md). The timeout makes
 * sure a page that is never idle still registers.
 *
 * Plain TypeScript over the few window members it needs, so it is tested without a browser.
 */

export interface IdleHost {
  readonly document: { readonly readyState: string };
  addEventListener(type: 'load', listener: () => void): void;
  removeEventListener(type: 'load', listener: () => void): void;
  requestIdleCallback?: (callback: () => void, options: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function afterLoadWhenIdle(host: IdleHost, run: () => void, timeoutMs = 4000): () => void {
  let cancelIdle: (() => void) | null = null;
  const whenIdle = () => {
    host.removeEventListener('load', whenIdle);
    if (host.requestIdleCallback && host.cancelIdleCallback) {
      const handle = host.requestIdleCallback(run, { timeout: timeoutMs });
      cancelIdle = () => host.cancelIdleCallback?.(handle);
    } else {
      const handle = host.setTimeout(run, 0);
      cancelIdle = () => host.clearTimeout(handle);
    }
  };
  if (host.document.readyState === 'complete') whenIdle();
  else host.addEventListener('load', whenIdle);
  return () => {
    host.removeEventListener('load', whenIdle);
    cancelIdle?.();
  };
}
