/**
 * Part of `npm run build`, after `next build` and before scripts/csp-meta.ts: writes each page's
 * static HTML (its static-html.json, lib/content/staticHtml.ts) into the page's exported HTML
 * (lib/build/staticHtmlFill.ts), and the chunks the page does not show into static-html-later.json
 * beside it (lib/content/laterChunkFile.ts), then prints what went where.
 *
 * Usage: node --import tsx scripts/static-html-fill.ts [out]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chunkIdsIn, fillStaticHtml } from '../lib/build/staticHtmlFill';
import { laterChunkFile } from '../lib/content/laterChunkFile';
import { exportedPages } from './exportedPages';


const outDir = process.argv[2] ?? 'out';
let pages = 0;
let placed = 0;
let stored = 0;
let laterBytes = 0;
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
    const laterCount = Object.keys(filled.later ?? {}).length;
    if (filled.later && laterCount > 0) {
      const text = JSON.stringify(filled.later);
      writeFileSync(laterChunkFile(chunkFile), text);
      stored += laterCount;
      laterBytes += Buffer.byteLength(text);
    }
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
  }
}
if (problems.length) {
  console.error(`static-html-fill: ${problems.length} pages could not be filled:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(
  `static-html-fill: ${placed} chunks written into ${pages} pages of ${outDir}/; ${stored} shown only after an answer went to the pages' static-html-later.json (${(laterBytes / 1024).toFixed(0)} KiB in all)`,
);
