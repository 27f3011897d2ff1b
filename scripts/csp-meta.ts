/**
 * Part of `npm run build`, after `next build`: writes the Content-Security-Policy meta tag, with
 * the hashes of that page's inline scripts, into every HTML file of the static export in out/.
 * Why after the build and not in app/layout.tsx: lib/build/contentSecurityPolicy.ts.
 *
 * Usage: node --import tsx scripts/csp-meta.ts [out]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withContentSecurityPolicy } from '../lib/build/contentSecurityPolicy';
import { exportedPages } from './exportedPages';


const outDir = process.argv[2] ?? 'out';
const files = exportedPages(outDir).map((page) => page.file);
if (files.length === 0) {
  console.error(`csp-meta: no HTML files in ${outDir}/. Run next build first.`);
  process.exit(1);
}
for (const file of files) writeFileSync(file, withContentSecurityPolicy(readFileSync(file, 'utf8')));
console.log(`csp-meta: Content-Security-Policy written into ${files.length} pages of ${outDir}/`);
