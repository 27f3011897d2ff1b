/**
 * Glossary marks in lesson text: [[term]] or [[shown words|term]]. The build turns each into a
 * link to the term's entry on /glossary/ (the first mark of a term in the lesson that defines it
 * also gets the anchor the glossary links back to), followed by the definition as a tooltip the
 * link is described by (shown on hover, focus or tap: components/GlossaryPopovers.tsx), so a
 * reader can stay in the lesson. A term no lesson defines is a content error.
 *
 * Marks are found in text nodes of the Markdown tree, so code and math are never touched.
 */
import GithubSlugger from 'github-slugger';
import type { Link, Nodes as MdastNodes, Parents as MdastParents, PhrasingContent, Root as MdastRoot, Text } from 'mdast';
import type { ContentProblemList } from './contentError';
import { fileLineOf, type MarkdownLocation } from './remarkEmbeds';

export const GLOSSARY_MARK = /\[\[([^\]|]+?)(?:\|([^\]|]+?))?\]\]/g;

/** The anchor id of a term, on the glossary page ("glossary-…") and at its first use ("term-…"). */
export function glossarySlug(term: string): string {
  return new GithubSlugger().slug(term.trim().toLowerCase());
}

export interface GlossaryMark {
  term: string;
  shown: string;
  line: number;
}

/** Every mark in a Markdown text, without changing it (for cross-lesson checks). */
export function findGlossaryMarks(tree: MdastRoot, location: MarkdownLocation): GlossaryMark[] {
  const marks: GlossaryMark[] = [];
  const visit = (node: MdastNodes): void => {
    if (node.type === 'text') {
      for (const match of node.value.matchAll(GLOSSARY_MARK)) {
        const term = (match[2] ?? match[1]).trim();
        marks.push({ term, shown: match[1].trim(), line: markLine(node, match.index!, location) });
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as MdastNodes);
  };
  visit(tree);
  return marks;
}

/**
 * File line of the mark at `offset` in a text node: a paragraph's text node spans all its lines
 * (soft breaks stay "\n" in its value), so the node's own start line is only right for the first.
 */
function markLine(node: Text, offset: number, location: MarkdownLocation): number {
  let breaks = 0;
  for (let i = node.value.indexOf('\n'); i !== -1 && i < offset; i = node.value.indexOf('\n', i + 1)) breaks++;
  return fileLineOf(node, location) + breaks;
}

export interface GlossaryIndex {
  /** Lower-cased term → the slug of the lesson that defines it. */
  definedIn: ReadonlyMap<string, string>;
  /** Lower-cased term → the term as written and its definition (the tooltip of each mark). */
  definitions?: ReadonlyMap<string, { term: string; definition: string }>;
}

/**
 * Whether the shown words of a mark name its term, allowing for inflection: "projection matrices"
 * names "projection matrix", "saturated" names "saturation", "Scores" does not name "logit". The
 * first mark of a term is where the glossary's "first used in" link lands, so it must say the term.
 */
export function showsTerm(shown: string, term: string): boolean {
  const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shownWords = words(shown);
  return words(term).some((t) => shownWords.some((w) => commonPrefix(w, t) >= Math.min(4, w.length, t.length)));
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Replaces marks by links to /glossary/#glossary-<slug>. `ownTerms` (lower-cased) are the terms
 * this lesson defines: their first mark carries id="term-<slug>" for the glossary to link back.
 * Marks of unknown terms are reported (when an index is given) and left as plain text.
 */
export function linkGlossaryMarks(
  tree: MdastRoot,
  location: MarkdownLocation,
  index: GlossaryIndex | null,
  ownTerms: ReadonlySet<string>,
  problems: ContentProblemList,
): void {
  const anchored = new Set<string>();
  // Tooltip ids: unique on the page, which shows a lesson and its questions, each rendered alone.
  const tipPrefix = `glossary-tip-${glossarySlug(location.file.replace(/^.*\//, '').replace(/\.md$/, ''))}`;
  let tips = 0;
  const visit = (parent: MdastParents): void => {
    const children = parent.children as MdastNodes[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.type === 'text' && child.value.includes('[[')) {
        const replacement = splitText(child);
        if (replacement) {
          children.splice(i, 1, ...(replacement as MdastNodes[]));
          i += replacement.length - 1;
        }
      } else if ('children' in child && child.type !== 'link') {
        visit(child as MdastParents);
      }
    }
  };
  const splitText = (node: Text): PhrasingContent[] | null => {
    const out: PhrasingContent[] = [];
    let last = 0;
    for (const match of node.value.matchAll(GLOSSARY_MARK)) {
      const term = (match[2] ?? match[1]).trim();
      const key = term.toLowerCase();
      if (match.index! > last) out.push({ type: 'text', value: node.value.slice(last, match.index) });
      last = match.index! + match[0].length;
      if (index && !index.definedIn.has(key)) {
        problems.add(location.file, markLine(node, match.index!, location), 1, `glossary term "${term}" is marked but no lesson defines it in its "glossary:" front matter`);
        out.push({ type: 'text', value: match[1] });
        continue;
      }
      const slug = glossarySlug(term);
      const first = ownTerms.has(key) && !anchored.has(key);
      if (first) anchored.add(key);
      const entry = index?.definitions?.get(key);
      const tipId = entry ? `${tipPrefix}-${++tips}` : null;
      const link: Link = {
        type: 'link',
        url: `/glossary/#glossary-${slug}`,
        children: [{ type: 'text', value: match[1].trim() }],
        data: {
          hProperties: { className: ['glossary-term'], ...(first ? { id: `term-${slug}` } : {}), ...(tipId ? { ariaDescribedBy: [tipId] } : {}) },
        },
      };
      if (!entry || !tipId) {
        out.push(link);
        continue;
      }
      // <span class="glossary-mark"><a …>shown</a><span role="tooltip">term: definition</span></span>
      const tooltip = {
        type: 'emphasis',
        data: { hName: 'span', hProperties: { className: ['glossary-popover'], role: 'tooltip', id: tipId } },
        children: [{ type: 'strong', children: [{ type: 'text', value: entry.term }] }, { type: 'text', value: `: ${entry.definition}` }],
      } as PhrasingContent;
      out.push({ type: 'emphasis', data: { hName: 'span', hProperties: { className: ['glossary-mark'] } }, children: [link, tooltip] } as PhrasingContent);
    }
    if (last === 0) return null;
    if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
    return out;
  };
  visit(tree);
}
