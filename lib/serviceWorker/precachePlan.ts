/**
 * Which files of the static export the service worker precaches, and under which URL.
 *
 * The goal is that after one visit every page works with no network: each page's HTML, the
 * segment files Next's client router fetches on prefetch and soft navigation, every script,
 * stylesheet, font, worker and the practice questions. Left out are only files no browser that
 * runs a service worker asks for, because the precache is downloaded whole on the first visit:
 * - `index.txt` and `__next._full.txt`, the whole-page RSC payloads: in a static export Next 16's
 *   router asks for `__next._tree.txt` and each segment's `__next.<segment>.txt` instead
 *   (tests/e2e/offline.spec.ts walks a soft navigation offline), and these two are each as big as
 *   the page's own segment file;
 * - `.woff` and `.ttf` fonts: KaTeX's @font-face lists woff2 first, which every such browser reads;
 * - source maps, and the service worker itself (the browser fetches it on its own schedule).
 *
 * A page is cached under its directory URL (`/lessons/x/`), the address every link uses and any
 * static server answers, rather than `/lessons/x/index.html`, which some servers redirect.
 */

/** A file of out/, its path relative to out/ with forward slashes (`lessons/x/index.html`). */
export type ExportPath = string;

const NOT_FETCHED = [
  /(^|\/)index\.txt$/, // whole-page RSC payload, unused by the segment-based router
  /(^|\/)__next\._full\.txt$/, // the same payload under another name
  /\.(woff|ttf|map)$/,
  /^sw\.js$/,
  /^serve\.json$/,
];

/** The URL the service worker caches `path` under, or null when it is not precached. */
export function precacheUrl(path: ExportPath): string | null {
  if (path.startsWith('/') || path.includes('\\')) throw new Error(`precacheUrl: expected a path relative to out/ with forward slashes, got ${path}`);
  if (NOT_FETCHED.some((pattern) => pattern.test(path))) return null;
  if (path === '404.html') return null; // the same page as 404/index.html, cached as /404/
  if (path === 'index.html') return '/';
  if (path.endsWith('/index.html')) return `/${path.slice(0, -'index.html'.length)}`;
  return `/${path}`;
}

/**
 * Whether a URL's name already changes with its content (Next's `_next/static/` files are
 * content-hashed or sit under the build id), so the precache may take it from the HTTP cache the
 * page just filled rather than download it again, and needs no revision of its own.
 */
export function isContentHashed(url: string): boolean {
  return url.startsWith('/_next/static/');
}

/** What a precached URL is, for the build's summary. */
export type PrecacheKind = 'page' | 'router data' | 'script' | 'style' | 'font' | 'question' | 'other';

export function precacheKind(url: string): PrecacheKind {
  if (url.endsWith('/')) return 'page';
  if (url.endsWith('.txt')) return 'router data';
  if (/\.(js|mjs|ts|wasm)$/.test(url)) return 'script';
  if (url.endsWith('.css')) return 'style';
  if (/\.(woff2?|ttf|otf)$/.test(url)) return 'font';
  if (url.startsWith('/practice-data/')) return 'question';
  return 'other';
}

export interface PrecacheTotals {
  entries: number;
  bytes: number;
  byKind: Record<PrecacheKind, { entries: number; bytes: number }>;
}

export function precacheTotals(entries: readonly { url: string; size: number }[]): PrecacheTotals {
  const byKind = Object.fromEntries(
    (['page', 'router data', 'script', 'style', 'font', 'question', 'other'] as const).map((kind) => [kind, { entries: 0, bytes: 0 }]),
  ) as PrecacheTotals['byKind'];
  let bytes = 0;
  for (const entry of entries) {
    const kind = byKind[precacheKind(entry.url)];
    kind.entries += 1;
    kind.bytes += entry.size;
    bytes += entry.size;
  }
  return { entries: entries.length, bytes, byKind };
}
