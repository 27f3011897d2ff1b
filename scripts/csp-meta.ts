/**
 * Part of `npm run build`, after `next build`: writes the Content-Security-Policy meta tag, with
 * the hashes of that page's inline scripts, into every HTML file of the static export in out/.
 * Why after the build and not in app/layout.tsx: lib/build/contentSecurityPolicy.ts.
 *
 * Usage: node --import tsx scripts/csp-meta.ts [out]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withContentSecurityPolicy } from '../lib/build/contentSecurityPolicy';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

const outDir = process.argv[2] ?? 'out';
const files = htmlFiles(outDir);
if (files.length === 0) {
  console.error(`csp-meta: no HTML files in ${outDir}/. Run next build first.`);
  process.exit(1);
}
for (const file of files) writeFileSync(file, withContentSecurityPolicy(readFileSync(file, 'utf8')));
console.log(`csp-meta: Content-Security-Policy written into ${files.length} pages of ${outDir}/`);
