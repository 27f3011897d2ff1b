/**
 * Every formula must typeset: KaTeX renders a bad formula in red rather than throwing, which
 * would ship a broken formula silently. This walks the math nodes of a Markdown body and asks
 * KaTeX to render each with throwOnError, reporting the file line of any that fails.
 */
import katex from 'katex';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import type { ContentProblemList } from './contentError';
import { fileLineOf, type MarkdownLocation } from './remarkEmbeds';

export function checkMath(tree: MdastRoot, location: MarkdownLocation, problems: ContentProblemList): void {
  const visit = (node: MdastNodes): void => {
    if (node.type === 'math' || node.type === 'inlineMath') {
      try {
        katex.renderToString(node.value, { throwOnError: true, displayMode: node.type === 'math', strict: 'ignore' });
      } catch (error) {
        const message = error instanceof Error ? error.message.replace(/^KaTeX parse error: /, '') : String(error);
        problems.add(location.file, fileLineOf(node, location), 1, `formula does not typeset: ${message}`);
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as MdastNodes);
  };
  visit(tree);
}
