/**
 * The pages of the static export: every HTML file under out/ (outside _next/) with its site path,
 * out/a/b/index.html → /a/b/, out/404.html → /404.html, sorted by path. Every post-build step
 * (static HTML, CSP, service worker, budgets) and the browser tests walk the export through this.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ExportedPage {
  file: string;
  route: string;
}

function htmlFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '_next' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

export function exportedPages(outDir = 'out'): ExportedPage[] {
  return htmlFiles(outDir)
    .map((file) => {
      const site = `/${relative(outDir, file).split(sep).join('/')}`;
      return { file, route: site.endsWith('/index.html') ? site.slice(0, -'index.html'.length) : site };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}
