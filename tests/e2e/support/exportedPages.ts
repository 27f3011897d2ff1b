/**
 * The static export as the browser tests see it: the pages the build's own steps walk
 * (scripts/exportedPages.ts), so a new lesson or calculator page is covered without editing a
 * spec, and a page's built HTML can be searched before a browser opens it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportedPages as pagesOf } from '../../../scripts/exportedPages';

const OUT = join(process.cwd(), 'out');

/** Site paths of the exported pages: out/a/b/index.html → /a/b/, out/404.html → /404.html. */
export function exportedPages(): string[] {
  return pagesOf(OUT).map((page) => page.route);
}

/** The built HTML of a site path. */
export function builtHtml(path: string): string {
  return readFileSync(join(OUT, path.endsWith('/') ? `${path}index.html` : path), 'utf8');
}

/** The first lesson (in path order) whose built HTML contains `needle`. */
export function firstLessonContaining(needle: string): string {
  const found = exportedPages().find((p) => /^\/lessons\/[^/]+\/$/.test(p) && builtHtml(p).includes(needle));
  if (!found) throw new Error(`no lesson page in out/ contains ${needle}`);
  return found;
}
