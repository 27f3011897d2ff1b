/**
 * The static export as the browser tests see it: the list of pages is read from out/ (every
 * index.html and 404.html), so a new lesson or calculator page is covered without editing a spec,
 * and a page's built HTML can be searched before a browser opens it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const OUT = join(process.cwd(), 'out');

/** Site paths of the exported pages: out/a/b/index.html → /a/b/, out/404.html → /404.html. */
export function exportedPages(dir = OUT): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === '_next' ? [] : exportedPages(path);
      if (!entry.name.endsWith('.html')) return [];
      const site = `/${relative(OUT, path).split(sep).join('/')}`;
      return [site.endsWith('/index.html') ? site.slice(0, -'index.html'.length) : site];
    })
    .sort();
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
