'use client';
/**
 * The page's one attention client: workers start on the first calculation, not at page load, and
 * every calculator shares the same pool (each on its own latest-wins channel).
 */
import type { AttentionClient } from '../lib/worker/attentionClient';
import { createBrowserAttentionClient } from '../lib/worker/browserWorker';

let client: AttentionClient | null = null;

export function getAttentionClient(): AttentionClient {
  client ??= createBrowserAttentionClient();
  return client;
}
