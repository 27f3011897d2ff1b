/**
 * The other half of lib/content/staticHtml.ts, after `next build`: puts each chunk's HTML into the
 * exported page, where React rendered only an empty element for it (components/StaticHtml.tsx).
 *
 * A chunk whose element is in the HTML is written into it, so the page reads complete with no
 * script at all. A chunk the page does not show yet (a question's explanation, shown once the
 * question is answered) goes into the page's store, a hidden element, as a `<template>`: inert
 * markup the browser parses but neither shows nor exposes, which StaticHtml copies when that part
 * mounts. React leaves both kinds of content alone when it hydrates: their elements declare
 * their content as raw HTML (dangerouslySetInnerHTML), which hydration does not descend into.
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
  /** Chunks put into the store. */
  stored: number;
}

/** The chunk ids a page shows (its empty chunk elements), in document order. */
export function chunkIdsIn(html: string): string[] {
  return [...html.matchAll(CHUNK_ELEMENT)].map((match) => match[3]);
}

/**
 * The page with every chunk element filled and every other chunk of `chunks` in its store.
 * Throws when the page shows a chunk `chunks` lacks, or has chunks to store but no store: either
 * means the page and its chunk file come from different renders. A page filled before is returned
 * as it is.
 */
export function fillStaticHtml(html: string, chunks: Readonly<Record<string, string>>): FilledPage {
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
  const rest = Object.keys(chunks).filter((id) => !shown.has(id));
  if (rest.length === 0) return { html: filled, placed, stored: 0 };
  const store = STORE_START.exec(filled);
  if (!store) throw new Error(`${rest.length} chunks are not shown and the page has no ${STORE_ATTRIBUTE} element to keep them`);
  const at = store.index + store[0].length;
  if (!filled.startsWith('</div>', at)) return { html: filled, placed, stored: 0 }; // filled before
  const templates = rest.map((id) => `<template ${CHUNK_ATTRIBUTE}="${id}">${chunks[id]}</template>`).join('');
  return { html: filled.slice(0, at) + templates + filled.slice(at), placed, stored: rest.length };
}
