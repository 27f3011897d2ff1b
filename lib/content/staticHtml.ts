/**
 * A rendered page's static HTML taken out of its React tree (issue 13), at build time.
 *
 * Prose, formulas and code need no React in the browser, yet a hast tree turned into React travels
 * twice: as HTML and again in the RSC payload, and hydration walks every KaTeX span. So before the
 * tree becomes React, every maximal run of sibling nodes that holds no island (an element React
 * must own, such as a calculator) is serialised to HTML and replaced by one empty
 * `<static-html data-id="…">` element. React then carries only that skeleton; the HTML goes into
 * the exported page after `next build` (lib/build/staticHtmlFill.ts) and, for client-side
 * navigation, into a JSON file beside the page (components/StaticHtml.tsx reads it).
 *
 * A chunk's id is a hash of its HTML, so the page and the JSON file, each built in its own render,
 * agree without sharing state, and a chunk that occurs twice on a page is stored once.
 */
import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';

/** The skeleton's element that stands for one chunk (a custom element: never a real HTML tag). */
export const STATIC_HTML_TAG = 'static-html';

/** id → HTML of every chunk taken out of a page's trees. */
export type StaticHtmlChunks = Map<string, string>;

export type IsIsland = (element: Element) => boolean;

export const noIslands: IsIsland = () => false;

export function staticHtmlId(html: string): string {
  // 12 base64url characters = 72 bits: no collision among a site's few thousand chunks.
  return createHash('sha256').update(html, 'utf8').digest('base64url').slice(0, 12);
}

function holdsIsland(node: ElementContent, isIsland: IsIsland): boolean {
  if (node.type !== 'element') return false;
  return isIsland(node) || node.children.some((child) => holdsIsland(child, isIsland));
}

const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === '';

/**
 * The tree with its static runs replaced by `static-html` elements, their HTML added to `chunks`.
 * The input tree is not changed. Islands and their ancestors stay as they are; a run of nothing
 * but whitespace stays as text (a chunk for it would cost more than it saves).
 */
export function separateStaticHtml(tree: Root, isIsland: IsIsland, chunks: StaticHtmlChunks): Root {
  return { ...tree, children: separateChildren(tree.children as ElementContent[], isIsland, chunks) };
}

function separateChildren(children: readonly ElementContent[], isIsland: IsIsland, chunks: StaticHtmlChunks): ElementContent[] {
  const out: ElementContent[] = [];
  let run: ElementContent[] = [];
  const flush = () => {
    if (run.length === 0) return;
    if (run.every(isBlank)) out.push(...run);
    else out.push(chunkElement(toHtml({ type: 'root', children: run }), chunks));
    run = [];
  };
  for (const child of children) {
    if (!holdsIsland(child, isIsland)) {
      run.push(child);
      continue;
    }
    flush();
    const element = child as Element;
    out.push(isIsland(element) ? element : { ...element, children: separateChildren(element.children, isIsland, chunks) });
  }
  flush();
  return out;
}

function chunkElement(html: string, chunks: StaticHtmlChunks): Element {
  const id = staticHtmlId(html);
  chunks.set(id, html);
  return { type: 'element', tagName: STATIC_HTML_TAG, properties: { dataId: id }, children: [] };
}
