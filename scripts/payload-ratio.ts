/**
 * npm run payload:ratio — after `npm run build`: prints, for every exported page, the size of its
 * HTML, of the RSC payload inlined in it, and the payload's share of the markup
 * (lib/build/payloadRatio.ts), and exits 1 when a lesson is over issue 13's 15 %. A lesson's prose,
 * formulas and code are static HTML that the payload must not carry again
 * (lib/content/staticHtml.ts); a lesson over the limit has content travelling twice.
 *
 * Usage: node --import tsx scripts/payload-ratio.ts [out]
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { isGatedRoute, PAYLOAD_RATIO_LIMIT, payloadShare } from '../lib/build/payloadRatio';
import { laterChunkFile } from '../lib/content/laterChunkFile';
import { exportedPages } from './exportedPages';

const OUT = process.argv[2] ?? 'out';


const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

// Pages with a payload of their own: the folder pages, not 404.html.
const pages = exportedPages(OUT).filter((page) => page.file.endsWith(`${sep}index.html`));
if (pages.length === 0) {
  console.error(`payload-ratio: no pages in ${OUT}/. Run npm run build first.`);
  process.exit(1);
}

const rows = [['page', 'HTML', 'markup', 'RSC payload', 'payload/markup', 'index.txt', 'gate']];
const over: string[] = [];
for (const { file, route } of pages) {
  const later = laterChunkFile(join(dirname(file), 'static-html.json'));
  const share = payloadShare(readFileSync(file, 'utf8'), existsSync(later) ? statSync(later).size : 0);
  const flight = join(dirname(file), 'index.txt');
  const gated = isGatedRoute(route);
  const fails = gated && share.ratio > PAYLOAD_RATIO_LIMIT;
  if (fails) over.push(`${route}: the payload is ${percent(share.ratio)} of the markup (${kib(share.payloadBytes)} of ${kib(share.markupBytes)})`);
  rows.push([
    route,
    kib(share.fileBytes),
    kib(share.markupBytes),
    kib(share.payloadBytes),
    percent(share.ratio),
    existsSync(flight) ? kib(statSync(flight).size) : '-',
    gated ? (fails ? 'OVER' : 'ok') : '',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
console.log(
  `RSC payload: the text of the page's inline self.__next_f scripts; markup: the rest of index.html and its static-html-later.json; index.txt: the payload a client-side navigation fetches. Gate: every lesson at most ${percent(PAYLOAD_RATIO_LIMIT)}.`,
);
if (over.length) {
  console.error(`\npayload-ratio: ${over.length} ${over.length === 1 ? 'page carries' : 'pages carry'} too much in the RSC payload:\n${over.join('\n')}`);
  process.exit(1);
}
console.log(`payload-ratio: all ${rows.length - 1} pages measured; every gated page within ${percent(PAYLOAD_RATIO_LIMIT)}.`);
