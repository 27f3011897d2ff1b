import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
await p.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); });
const t0 = Date.now();
await p.goto('http://127.0.0.1:4401/lessons/scaled-dot-product-attention/');
console.log('load', Date.now() - t0);
const terms = p.locator('.lesson-body a.glossary-term');
for (let i = 0; i < 6; i++) {
  const t = Date.now();
  await terms.nth(i).focus();
  console.log(i, Date.now() - t);
}
await p.waitForTimeout(3000);
console.log(JSON.stringify(await p.evaluate(() => window.__lt)));
await b.close();
