'use client';

/**
 * Registers the service worker (out/sw.js, lib/serviceWorker/serviceWorker.ts) so the whole site
 * works offline after one visit, and says so when a new version is ready: a notice with a
 * "Reload" button that lets the waiting worker take over (when is decided by
 * lib/serviceWorker/updateFlow.ts). Only in the built site: `next dev` has no sw.js.
 */

import { useEffect, useReducer, useRef } from 'react';
import { afterLoadWhenIdle } from '../lib/afterLoadWhenIdle';
import { nextUpdateStep, SKIP_WAITING_MESSAGE, type UpdateEvent, type UpdateStep } from '../lib/serviceWorker/updateFlow';
import styles from './ServiceWorkerUpdates.module.css';

function reduce(step: UpdateStep, event: UpdateEvent): UpdateStep {
  return nextUpdateStep(step.state, event);
}

export function ServiceWorkerUpdates() {
  const [step, dispatch] = useReducer(reduce, { state: 'idle', effect: null });
  const registration = useRef<ServiceWorkerRegistration | null>(null);

  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    let cancelled = false;
    const installed = () => dispatch({ type: 'worker-installed', pageControlled: container.controller !== null });
    const onControllerChange = () => dispatch({ type: 'controller-changed' });
    const onVisible = () => {
      if (document.visibilityState === 'visible') registration.current?.update().catch(() => {});
    };
    container.addEventListener('controllerchange', onControllerChange);
    document.addEventListener('visibilitychange', onVisible);
    // After load and an idle moment: the install precaches the whole site, which should not compete
    // with this page's first load (lib/afterLoadWhenIdle.ts).
    // updateViaCache 'none': the update check never takes sw.js from the HTTP cache.
    const cancelRegister = afterLoadWhenIdle(window, () => {
      container
        .register('/sw.js', { scope: '/', updateViaCache: 'none' })
        .then((reg) => {
          if (cancelled) return;
          registration.current = reg;
          if (reg.waiting) installed();
          reg.addEventListener('updatefound', () => {
            const worker = reg.installing;
            worker?.addEventListener('statechange', () => {
              if (worker.state === 'installed') installed();
            });
          });
        })
        // No service worker (private mode, blocked by settings): the site works online as before.
        .catch(() => {});
    });
    return () => {
      cancelled = true;
      cancelRegister();
      container.removeEventListener('controllerchange', onControllerChange);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  useEffect(() => {
    if (step.effect === 'skip-waiting') registration.current?.waiting?.postMessage(SKIP_WAITING_MESSAGE);
    else if (step.effect === 'reload') window.location.reload();
  }, [step]);

  const shown = step.state !== 'idle';
  return (
    // Always in the page, so screen readers announce the notice when it fills.
    <div role="status" className={shown ? styles.notice : styles.empty}>
      {shown && (
        <>
          <span>A new version of Attention Lab is ready.</span>
          <button
            type="button"
            className={styles.reload}
            disabled={step.state === 'activating'}
            onClick={() => dispatch({ type: 'reload-requested', workerWaiting: registration.current?.waiting != null })}
          >
            {step.state === 'activating' ? 'Reloading…' : 'Reload'}
          </button>
        </>
      )}
    </div>
  );
}
