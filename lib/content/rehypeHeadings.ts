/**
 * Headings: every heading gets a GitHub-style id (github-slugger, so links match what authors see
 * on GitHub); h2 and h3 also get a visible anchor link and form the table of contents. Runs after
 * rehype-katex, so math in a heading is read back as its TeX source for the TOC and the id.
 */
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root, RootContent } from 'hast';

export interface TocEntry {
  depth: 2 | 3;
  text: string;
  id: string;
}

const HEADING_DEPTH: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

function classList(element: Element): string[] {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

/** Plain text of a node; KaTeX output counts as its TeX source (not the HTML+MathML twice). */
export function textOf(node: RootContent | ElementContent | Root): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' && node.type !== 'root') return '';
  if (node.type === 'element' && classList(node).includes('katex')) {
    const annotation = findElement(node, (e) => e.tagName === 'annotation');
    return annotation ? textOf(annotation) : '';
  }
  return node.children.map((child) => textOf(child)).join('');
}

function findElement(node: Element, predicate: (element: Element) => boolean): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (predicate(child)) return child;
    const found = findElement(child, predicate);
    if (found) return found;
  }
  return undefined;
}

/** Adds ids and anchors in place and returns the h2/h3 table of contents, in document order. */
export function addHeadingAnchors(tree: Root): TocEntry[] {
  const slugger = new GithubSlugger();
  const toc: TocEntry[] = [];
  const walk = (children: (RootContent | ElementContent)[]): void => {
    for (const child of children) {
      if (child.type !== 'element') continue;
      const depth = HEADING_DEPTH[child.tagName];
      if (depth === undefined) {
        walk(child.children);
        continue;
      }
      const text = textOf(child).replace(/\s+/g, ' ').trim();
      const id = slugger.slug(text || 'section');
      child.properties = { ...child.properties, id };
      if (depth === 2 || depth === 3) {
        toc.push({ depth, text, id });
        child.children.push({
          type: 'element',
          tagName: 'a',
          properties: { href: `#${id}`, className: ['heading-anchor'], ariaLabel: `Link to this section: ${text}` },
          children: [{ type: 'text', value: '#' }],
        });
      }
    }
  };
  walk(tree.children);
  return toc;
}

/**
 * "On this page" as hast: one link per entry, indented by depth (the `toc-depth-N` class). Plain
 * in-page links with no behaviour, so the page takes it out as static HTML (staticHtml.ts).
 */
export function tableOfContentsTree(entries: readonly TocEntry[]): Root {
  if (entries.length === 0) return { type: 'root', children: [] };
  const items: Element[] = entries.map((entry) => ({
    type: 'element',
    tagName: 'li',
    properties: { className: [`toc-depth-${entry.depth}`] },
    children: [{ type: 'element', tagName: 'a', properties: { href: `#${entry.id}` }, children: [{ type: 'text', value: entry.text }] }],
  }));
  const list: Element = { type: 'element', tagName: 'ol', properties: {}, children: items };
  return { type: 'root', children: [{ type: 'element', tagName: 'nav', properties: { className: ['lesson-toc'], ariaLabel: 'On this page' }, children: [list] }] };
}
