/**
 * Markdown body of a lesson → hast tree, table of contents and embeds, at build time:
 *
 *   remark-parse → remark-gfm → remark-math → remarkEmbeds (```embed blocks, code languages)
 *   → remark-rehype (raw HTML dropped) → rehype-katex → heading ids/anchors/TOC → shiki
 *
 * The tree is returned unserialised: the app turns it into React with hast-util-to-jsx-runtime
 * and maps 'calculator-embed' (see remarkEmbeds.ts) to the calculator component. KaTeX CSS and
 * fonts are the app's to import.
 */
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { EmbedDeclaration } from './embedRegistry';
import { addHeadingAnchors, type TocEntry } from './rehypeHeadings';
import { highlightCodeBlocks } from './rehypeShiki';
import { makeWideBlocksScrollable } from './rehypeScrollable';
import { transformEmbeds, type MarkdownLocation } from './remarkEmbeds';
import { checkMath } from './checkMath';
import { checkInternalLinks } from './checkLinks';
import { ContentProblemList } from './contentError';
import { linkGlossaryMarks, type GlossaryIndex } from './glossaryTerms';

export interface RenderOptions {
  /** Every defined glossary term; marks of other terms are errors. Null: marks link unchecked. */
  glossary?: GlossaryIndex | null;
  /** Terms (lower-cased) this document defines: their first mark gets the anchor. */
  ownTerms?: ReadonlySet<string>;
  /** Every page of the site (sitePaths); links to other site paths are errors. Null: unchecked. */
  knownPaths?: ReadonlySet<string> | null;
}

export type { HastRoot };

export interface RenderedLesson {
  tree: HastRoot;
  toc: TocEntry[];
  embeds: EmbedDeclaration[];
}

/** The Markdown parser alone (GFM + math syntax), shared with the loader's checks. */
export function parseLessonMarkdown(markdown: string): MdastRoot {
  return unified().use(remarkParse).use(remarkGfm).use(remarkMath).parse(markdown);
}

/**
 * Renders one lesson body. Problems in embed blocks, code languages, formulas that do not
 * typeset and glossary marks of undefined terms throw a ContentError whose lines refer to the .md
 * file (via `bodyStartLine`).
 */
export async function renderLessonMarkdown(markdown: string, location: MarkdownLocation, options: RenderOptions = {}): Promise<RenderedLesson> {
  const mdast = parseLessonMarkdown(markdown);
  const problems = new ContentProblemList();
  checkMath(mdast, location, problems);
  if (options.knownPaths) checkInternalLinks(mdast, location, options.knownPaths, problems);
  linkGlossaryMarks(mdast, location, options.glossary ?? null, options.ownTerms ?? new Set(), problems);
  problems.throwIfAny();
  const embeds = transformEmbeds(mdast, location);
  const toHast = unified()
    // allowDangerousHtml false: raw HTML in Markdown (<script>, <iframe>, ...) is dropped, so
    // lesson files cannot inject markup the site does not control.
    .use(remarkRehype, { allowDangerousHtml: false })
    .use(rehypeKatex, { output: 'htmlAndMathml' });
  const tree = (await toHast.run(mdast)) as HastRoot;
  const toc = addHeadingAnchors(tree);
  makeWideBlocksScrollable(tree);
  await highlightCodeBlocks(tree);
  return { tree, toc, embeds };
}
