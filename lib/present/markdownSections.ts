/**
 * Cuts a Markdown body at its `## ` headings, by the parsed tree rather than by scanning lines, so a
 * `## ` inside a fenced code block or a quote never starts a step. Both kinds of deck are made this
 * way: a walkthrough's steps (walkthroughSource.ts) and a lesson's sections (lessonSteps.ts).
 *
 * Lines here are Markdown lines (1-based, as mdast counts them); callers add their body's first
 * file line to report file:line.
 */
import type { Heading, Root, RootContent } from 'mdast';

export interface MarkdownSection {
  /** null for what comes before the first heading. */
  heading: Heading | null;
  /** The heading's text exactly as written ('' when it has none). */
  title: string;
  /** Markdown line of the heading; for the opening part, the line of its first node. */
  line: number;
  /** The top-level nodes after the heading, up to the next `## `. */
  nodes: RootContent[];
  /** First and last Markdown line the section's body may span (the heading's next line … the line before the next heading). */
  bodyFirstLine: number;
  bodyLastLine: number;
}

const STEP_DEPTH = 2;

export function splitAtHeadings(tree: Root, markdown: string): MarkdownSection[] {
  const totalLines = markdown.split('\n').length;
  const sections: MarkdownSection[] = [];
  let current: MarkdownSection = { heading: null, title: '', line: 1, nodes: [], bodyFirstLine: 1, bodyLastLine: totalLines };
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === STEP_DEPTH) {
      const line = node.position!.start.line;
      current.bodyLastLine = line - 1;
      sections.push(current);
      current = { heading: node, title: headingText(node, markdown), line, nodes: [], bodyFirstLine: node.position!.end.line + 1, bodyLastLine: totalLines };
    } else {
      if (current.heading === null && current.nodes.length === 0) current.line = node.position!.start.line;
      current.nodes.push(node);
    }
  }
  sections.push(current);
  // The opening part is kept only when it holds something.
  return sections[0].nodes.length === 0 ? sections.slice(1) : sections;
}

function headingText(heading: Heading, markdown: string): string {
  const first = heading.children[0];
  const last = heading.children[heading.children.length - 1];
  if (!first || !last) return '';
  return markdown.slice(first.position!.start.offset, last.position!.end.offset).trim();
}

/** Markdown lines `from`…`to` (1-based, inclusive) of `lines`, trailing blank lines dropped. */
export function sliceLines(lines: readonly string[], from: number, to: number): string {
  return lines.slice(from - 1, Math.max(from - 1, to)).join('\n').trimEnd();
}
