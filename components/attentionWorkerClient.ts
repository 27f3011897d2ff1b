'use client';
/**
 * The page's one attention client: every calculator shares the same pool (each on its own
 * latest-wins channel). A page with calculators starts the workers once the browser is idle after
 * loading (warmAttentionWorkers), so the first change a reader makes does not also wait for a
 * worker's script to load and its WebAssembly to compile; other pages never start one.
 */
import { afterLoadWhenIdle } from '../lib/afterLoadWhenIdle';
import type { AttentionClient } from '../lib/worker/attentionClient';
import { createBrowserAttentionClient } from '../lib/worker/browserWorker';

let client: AttentionClient | null = null;

export function getAttentionClient(): AttentionClient {
  client ??= createBrowserAttentionClient();
  return client;
}

let warming = false;

/** Starts the pool's workers when the page has loaded and is idle (at most 2 s after load); once per page. */
export function warmAttentionWorkers(): void {
  if (warming || typeof window === 'undefined') return;
  warming = true;
  afterLoadWhenIdle(window, () => getAttentionClient().warmUp(), 2000);
}
