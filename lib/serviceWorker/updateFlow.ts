/**
 * When the page tells the reader that a new version is ready, and what pressing "Reload" does.
 *
 * A new deploy changes sw.js; the browser installs the new worker beside the running one, and it
 * waits, so a reader in the middle of a calculation is never switched to new code under their
 * feet. The page shows a notice; "Reload" asks the waiting worker to take over, and the page
 * reloads once it has (not before: a reload while the old worker still controls the page would
 * load the old version again).
 *
 * The very first install is not an update (nothing controlled the page), so it shows nothing.
 * If another tab's "Reload" activated the new worker first, this page's "Reload" just reloads.
 */

export type UpdateState = 'idle' | 'waiting' | 'activating';

export type UpdateEvent =
  /** A worker finished installing; `pageControlled`: an older worker controls this page. */
  | { type: 'worker-installed'; pageControlled: boolean }
  /** The reader pressed "Reload"; `workerWaiting`: a new worker is still waiting. */
  | { type: 'reload-requested'; workerWaiting: boolean }
  /** Another worker took control of the page. */
  | { type: 'controller-changed' };

/** What the page must do: ask the waiting worker to take over, or reload. */
export type UpdateEffect = 'skip-waiting' | 'reload' | null;

export interface UpdateStep {
  state: UpdateState;
  effect: UpdateEffect;
}

export function nextUpdateStep(state: UpdateState, event: UpdateEvent): UpdateStep {
  switch (event.type) {
    case 'worker-installed':
      if (state === 'idle' && event.pageControlled) return { state: 'waiting', effect: null };
      return { state, effect: null };
    case 'reload-requested':
      if (state !== 'waiting') return { state, effect: null };
      return event.workerWaiting ? { state: 'activating', effect: 'skip-waiting' } : { state: 'activating', effect: 'reload' };
    case 'controller-changed':
      // The first install claiming the page, or another tab's update while this one shows the
      // notice: nothing to do until the reader asks.
      return state === 'activating' ? { state, effect: 'reload' } : { state, effect: null };
  }
}

/** The message that asks a waiting worker to take over (lib/serviceWorker/serviceWorker.ts). */
export const SKIP_WAITING_MESSAGE = { type: 'SKIP_WAITING' } as const;

export function isSkipWaitingMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === SKIP_WAITING_MESSAGE.type;
}

/** The message that asks the active worker which build it serves (for tests and support). */
export const VERSION_MESSAGE = { type: 'GET_VERSION' } as const;

export function isVersionMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === VERSION_MESSAGE.type;
}
