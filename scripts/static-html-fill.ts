/**
 * Part of `npm run build`, after `next build` and before scripts/csp-meta.ts: writes each page's
 * static HTML (its static-html.json, lib/content/staticHtml.ts) into the page's exported HTML
 * (lib/build/staticHtmlFill.ts), then prints what went where.
 *
 * Usage: node --import tsx scripts/static-html-fill.ts [out]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chunkIdsIn, fillStaticHtml } from '../lib/build/staticHtmlFill';
import { exportedPages } from './exportedPages';


const outDir = process.argv[2] ?? 'out';
let pages = 0;
let placed = 0;
let stored = 0;
const problems: string[] = [];
for (const { file } of exportedPages(outDir)) {
  const html = readFileSync(file, 'utf8');
  const chunkFile = join(dirname(file), 'static-html.json');
  if (!existsSync(chunkFile)) {
    if (chunkIdsIn(html).length > 0) problems.push(`${file}: shows static HTML chunks but has no ${chunkFile}`);
    continue;
  }
  try {
    const filled = fillStaticHtml(html, JSON.parse(readFileSync(chunkFile, 'utf8')) as Record<string, string>);
    writeFileSync(file, filled.html);
    pages++;
    placed += filled.placed;
    stored += filled.stored;
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
  }
}
if (problems.length) {
  console.error(`static-html-fill: ${problems.length} pages could not be filled:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`static-html-fill: ${placed} chunks written into ${pages} pages of ${outDir}/, ${stored} more kept in their pages' stores`);
