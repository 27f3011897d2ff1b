/**
 * Bundled by bench/kernelBuilds.browser.bench.ts into the worker of its one-page bench: times the
 * kernel's two builds in Chromium's worker (where the site's pool computes) and posts the result.
 */
import { timeKernelBuilds } from './kernelBuildTimings';

self.onmessage = (event: MessageEvent<{ sizes: number[]; rounds: number }>) => {
  try {
    self.postMessage({ ok: true, timings: timeKernelBuilds(event.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error instanceof Error ? error.stack : error) });
  }
};
