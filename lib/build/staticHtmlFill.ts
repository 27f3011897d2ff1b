/**
 * The other half of lib/content/staticHtml.ts, after `next build`: puts each chunk's HTML into the
 * exported page, where React rendered only an empty element for it (components/StaticHtml.tsx).
 *
 * A chunk whose element is in the HTML is written into it, so the page reads complete with no
 * script at all; React leaves that content alone when it hydrates, because the element declares
 * its content as raw HTML (dangerouslySetInnerHTML), which hydration does not descend into.
 *
 * A chunk the page does not show yet (a question's explanation, model answer or right order, shown
 * once the question is answered) stays out of the page: it goes into the page's later file,
 * `static-html-later.json` beside it, which StaticHtml fetches when the page is idle after load.
 * Those chunks were 283 KB of the scaled dot-product lesson's 630 KB when they travelled in the
 * page as `<template>`s, parsed before anyone had answered anything. The page's store element
 * says whether there is a later file (`data-static-html-store="later"`, else "none").
 *
 * Runs before scripts/csp-meta.ts, so the policy hashes the page as it is served (the chunks hold
 * no scripts, but nothing should change a page after its hashes are taken).
 */

/** Attribute of a chunk's element; its value is the chunk id. */
export const CHUNK_ATTRIBUTE = 'data-static-html';
/** Attribute of the store element (one per page). */
export const STORE_ATTRIBUTE = 'data-static-html-store';

// What React's server renderer writes for an empty element with these attributes.
const CHUNK_ELEMENT = /<(div|span)((?:\s[^>]*)?)\sdata-static-html="([^"]+)"((?:\s[^>]*)?)><\/\1>/g;
const STORE_START = /<div\b[^>]*\sdata-static-html-store=""[^>]*>/;

export interface FilledPage {
  html: string;
  /** Chunk elements written into. */
  placed: number;
  /**
   * The chunks the page does not show, for its later file; null when the page was filled before
   * (its later file, if any, is already written).
   */
  later: Record<string, string> | null;
}

/** What the store element says once filled: whether the page has a later file. */
export type StoreState = 'later' | 'none';

/** The chunk ids a page shows (its empty chunk elements), in document order. */
export function chunkIdsIn(html: string): string[] {
  return [...html.matchAll(CHUNK_ELEMENT)].map((match) => match[3]);
}

/**
 * The page with every chunk element filled and its store element saying whether the other chunks
 * of `chunks` wait in a later file, and those chunks. Throws when the page shows a chunk `chunks`
 * lacks, or has chunks to keep but no store: either means the page and its chunk file come from
 * different renders. A page filled before is returned as it is.
 */
export function fillStaticHtml(html: string, chunks: Readonly<Record<string, string>>): FilledPage {
  const store = STORE_START.exec(html);
  const filledBefore = chunkIdsIn(html).length === 0 && store === null && html.includes(`${STORE_ATTRIBUTE}="`);
  if (filledBefore) return { html, placed: 0, later: null };
  const shown = new Set<string>();
  let placed = 0;
  const missing: string[] = [];
  const filled = html.replace(CHUNK_ELEMENT, (element: string, tag: string, before: string, id: string, after: string) => {
    if (!Object.hasOwn(chunks, id)) {
      missing.push(id);
      return element;
    }
    shown.add(id);
    placed++;
    return `<${tag}${before} ${CHUNK_ATTRIBUTE}="${id}"${after}>${chunks[id]}</${tag}>`;
  });
  if (missing.length) throw new Error(`the page shows chunks its static-html.json lacks: ${missing.join(', ')}`);
  const later = Object.fromEntries(Object.entries(chunks).filter(([id]) => !shown.has(id)));
  const count = Object.keys(later).length;
  if (count > 0 && !store) throw new Error(`${count} chunks are not shown and the page has no ${STORE_ATTRIBUTE} element to keep them`);
  if (!store) return { html: filled, placed, later };
  const state: StoreState = count > 0 ? 'later' : 'none';
  return { html: filled.replace(STORE_START, (tag) => tag.replace(`${STORE_ATTRIBUTE}=""`, `${STORE_ATTRIBUTE}="${state}"`)), placed, later };
}
