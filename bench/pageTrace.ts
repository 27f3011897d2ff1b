/**
 * A Chromium trace of what a page's main thread did while `run` ran, for the browser benches.
 * Only the renderers that hosted the page count: headless Chromium also runs its own WebUI
 * renderers (chrome://omnibox-popup…), whose 390 ms tasks are not the site's.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export interface TraceEvent {
  name: string;
  ph?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where the trace has it. */
  tdur?: number;
  args?: { name?: string; data?: { processId?: number; frames?: { processId?: number }[]; type?: string; functionName?: string; url?: string } };
}

/** Every event on the main thread of the page's renderer(s) while `run` runs. */
export async function tracePageMainThread(
  page: Page,
  run: () => Promise<void>,
  categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
): Promise<TraceEvent[]> {
  const path = join(tmpdir(), `attention-lab-trace-${process.pid}.json`);
  const browser = page.context().browser()!;
  await browser.startTracing(page, { path, categories });
  try {
    await run();
  } finally {
    await browser.stopTracing();
  }
  const { traceEvents } = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] };
  rmSync(path, { force: true });
  const pagePids = new Set<number>();
  for (const e of traceEvents) {
    if (e.name === 'TracingStartedInBrowser') for (const f of e.args?.data?.frames ?? []) if (f.processId) pagePids.add(f.processId);
    if (e.name === 'FrameCommittedInBrowser' && e.args?.data?.processId) pagePids.add(e.args.data.processId);
  }
  // A navigation may start a new renderer: every main thread of the page's renderers counts.
  const mains = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pagePids.has(e.pid));
  const isMain = (e: TraceEvent) => mains.some((m) => m.pid === e.pid && m.tid === e.tid);
  return traceEvents.filter(isMain);
}
