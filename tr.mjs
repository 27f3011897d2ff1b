import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const slug = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:4190/calculators/${slug}/`);
await page.waitForTimeout(2000);
const select = page.locator('.suite-calculator').first().getByRole('combobox', { name: 'Preset' });
const presets = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
await browser.startTracing(page, { path: '/tmp/tr.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
for (const p of [...presets.slice(1), presets[0]]) { await select.selectOption(p); await page.waitForTimeout(1200); }
await browser.stopTracing();
const { traceEvents } = JSON.parse(readFileSync('/tmp/tr.json', 'utf8'));
const main = traceEvents.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const tasks = traceEvents.filter((e) => e.name === 'RunTask' && e.pid === main.pid && e.tid === main.tid && e.dur > 25000).sort((a, b) => b.dur - a.dur).slice(0, 4);
for (const t of tasks) {
  const kids = traceEvents.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e.dur > 2000 && e !== t);
  const agg = new Map();
  for (const k of kids) { const key = k.name + (k.args?.data?.functionName ? ':' + k.args.data.functionName : '') + (k.args?.data?.type ? ':' + k.args.data.type : ''); agg.set(key, (agg.get(key) ?? 0) + k.dur / 1000); }
  console.log(`${(t.dur / 1000).toFixed(1)} ms: ${[...agg].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
}
await browser.close();
