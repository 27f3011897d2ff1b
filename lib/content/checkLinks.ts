/**
 * Links inside the site must lead somewhere: every Markdown link whose URL is a site path
 * (starts with "/") must name a page the build makes. Anchors after "#" are not checked.
 */
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import type { ContentProblemList } from './contentError';
import { fileLineOf, type MarkdownLocation } from './remarkEmbeds';

/** The site's fixed pages; lesson and calculator pages are added by the caller. */
export const STATIC_PATHS = ['/', '/lessons/', '/calculators/', '/glossary/', '/sources/', '/lab/heatmap/'] as const;

export function sitePaths(lessonSlugs: readonly string[], calculatorSlugs: readonly string[]): Set<string> {
  return new Set([...STATIC_PATHS, ...lessonSlugs.map((s) => `/lessons/${s}/`), ...calculatorSlugs.map((s) => `/calculators/${s}/`)]);
}

export function checkInternalLinks(tree: MdastRoot, location: MarkdownLocation, known: ReadonlySet<string>, problems: ContentProblemList): void {
  const visit = (node: MdastNodes): void => {
    if ((node.type === 'link' || node.type === 'definition') && node.url.startsWith('/') && !node.url.startsWith('//')) {
      const path = node.url.split('#')[0].split('?')[0];
      const withSlash = path.endsWith('/') ? path : `${path}/`;
      if (!known.has(withSlash)) {
        problems.add(location.file, fileLineOf(node, location), 1, `link to ${node.url}: no such page (site paths: /lessons/<slug>/, /calculators/<slug>/, /glossary/, /sources/)`);
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as MdastNodes);
  };
  visit(tree);
}
