/**
 * The bundle budget's arithmetic (issue 13), apart from the files it reads
 * (scripts/bundle-budget.ts does the reading and printing).
 *
 * What counts as a page's first-load JS: the scripts the browser runs before the page can hydrate.
 * That is every `<script src>` of its index.html except `nomodule` ones (polyfills that modern
 * browsers skip), plus the `<link rel="preload" as="script">` files that are Next's root main
 * files (the Turbopack runtime loads those itself at start-up). Other preloaded scripts are the
 * lazily loaded calculators, fetched at low priority and run when a calculator comes near the
 * viewport: they are reported beside the figure, not in it. Sizes are gzipped, in KiB.
 */

export interface PageScripts {
  /** Run before hydration: counted against the budget. */
  firstLoad: string[];
  /** Preloaded at low priority for later (the calculators' chunks): reported, not budgeted. */
  lazy: string[];
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([a-zA-Z][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+)))?/g)) {
    found.set(match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/** The script files a page loads, as written in its HTML (`/_next/static/chunks/….js`). */
export function pageScripts(html: string, rootMainFiles: readonly string[]): PageScripts {
  const roots = new Set(rootMainFiles.map((file) => file.replace(/^\/?(_next\/)?/, '')));
  const isRoot = (src: string) => roots.has(src.replace(/^\/?(_next\/)?/, ''));
  const firstLoad: string[] = [];
  const lazy: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const attrs = attributes(tag.slice('<script'.length, -1));
    const src = attrs.get('src');
    if (src && !attrs.has('nomodule') && !firstLoad.includes(src)) firstLoad.push(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(tag.slice('<link'.length, -1));
    const href = attrs.get('href');
    if (!href || attrs.get('rel') !== 'preload' || attrs.get('as') !== 'script') continue;
    const list = isRoot(href) ? firstLoad : lazy;
    if (!firstLoad.includes(href) && !lazy.includes(href)) list.push(href);
  }
  return { firstLoad, lazy };
}

export interface Budget {
  name: string;
  /** Site paths; `*` stands for one path segment, and `*` alone for any page. */
  routes: string[];
  kb: number;
}

function matches(pattern: string, route: string): boolean {
  if (pattern === '*') return true;
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${source}$`).test(route);
}

/** The first budget whose routes match the page. */
export function budgetFor(route: string, budgets: readonly Budget[]): Budget | undefined {
  return budgets.find((budget) => budget.routes.some((pattern) => matches(pattern, route)));
}

/** A chunk's size under the name it is known by (see scripts/bundle-budget.ts for the names). */
export type ChunkSizes = Record<string, number>;

export interface Growth {
  chunk: string;
  kb: number;
  /** Its size in the baseline, or undefined when the baseline has no chunk of that name. */
  baselineKb: number | undefined;
}

/**
 * What grew, largest growth first: chunks that are new or larger than in the baseline. A chunk
 * that shrank or went away is not listed; the total says whether the page grew overall.
 */
export function whatGrew(now: ChunkSizes, baseline: ChunkSizes | undefined): Growth[] {
  const grew: Growth[] = [];
  for (const [chunk, kb] of Object.entries(now)) {
    const baselineKb = baseline?.[chunk];
    if (baselineKb === undefined || kb > baselineKb + 0.05) grew.push({ chunk, kb, baselineKb });
  }
  return grew.sort((a, b) => b.kb - (b.baselineKb ?? 0) - (a.kb - (a.baselineKb ?? 0)));
}

export const kib = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
