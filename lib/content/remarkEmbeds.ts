/**
 * Remark side of the pipeline: turns ```embed blocks into calculator elements and checks the
 * language of every other code block, reporting `file:line` of the .md file.
 *
 * Contract with the app (hast → React via hast-util-to-jsx-runtime): each embed becomes
 *
 *   { type: 'element', tagName: 'calculator-embed',
 *     properties: { dataEmbed: JSON.stringify(props) },     // props: CalculatorEmbedProps
 *     children: [] }
 *
 * which the app receives as a component for 'calculator-embed' with a string prop `data-embed`
 * (hast-util-to-jsx-runtime writes data* properties as data-* attributes); `JSON.parse` of it is
 * the complete, validated CalculatorEmbedProps (calculatorEmbed.ts). ```math blocks are left to remark-math/rehype-katex.
 */
import type { Code, Nodes as MdastNodes, Paragraph, Parents as MdastParents, Root as MdastRoot } from 'mdast';
import { ContentProblemList } from './contentError';
import { describeKnownLanguages, resolveCodeLanguage } from './codeLanguages';
import { parseEmbedBlock, type EmbedDeclaration } from './embedRegistry';

export const EMBED_LANGUAGE = 'embed';

export interface MarkdownLocation {
  file: string;
  /** File line of Markdown line 1 (Lesson.bodyStartLine). */
  bodyStartLine: number;
}

export function fileLineOf(node: { position?: { start: { line: number } } }, location: MarkdownLocation): number {
  return location.bodyStartLine + (node.position?.start.line ?? 1) - 1;
}

function isParent(node: MdastNodes): node is MdastParents {
  return 'children' in node && Array.isArray(node.children);
}

/**
 * Validates every embed block and code language in `tree`, replacing embed blocks by their
 * elements. Throws one ContentError with every problem of the file.
 */
export function transformEmbeds(tree: MdastRoot, location: MarkdownLocation): EmbedDeclaration[] {
  const problems = new ContentProblemList();
  const embeds: EmbedDeclaration[] = [];
  const walk = (parent: MdastParents): void => {
    parent.children.forEach((child, index) => {
      if (child.type === 'code') {
        const replacement = handleCode(child, location, problems, embeds);
        if (replacement) (parent.children as MdastNodes[])[index] = replacement;
      } else if (isParent(child)) {
        walk(child);
      }
    });
  };
  walk(tree);
  problems.throwIfAny();
  return embeds;
}

function handleCode(
  node: Code,
  location: MarkdownLocation,
  problems: ContentProblemList,
  embeds: EmbedDeclaration[],
): Paragraph | undefined {
  const fenceLine = fileLineOf(node, location);
  if (node.lang !== EMBED_LANGUAGE) {
    if (node.lang !== 'math' && resolveCodeLanguage(node.lang) === undefined) {
      problems.add(
        location.file,
        fenceLine,
        1,
        `unknown code block language "${node.lang}" (known: ${describeKnownLanguages()}, embed, math)`,
      );
    }
    return undefined;
  }
  let embed: EmbedDeclaration;
  try {
    embed = parseEmbedBlock(node.value, location.file, fenceLine);
  } catch (error) {
    problems.addError(error);
    return undefined;
  }
  embeds.push(embed);
  // A childless paragraph renamed through data.hName: mdast-util-to-hast turns it into exactly
  // the element described above, and keeps the block's position.
  return {
    type: 'paragraph',
    children: [],
    position: node.position,
    data: { hName: embed.tagName, hProperties: { dataEmbed: JSON.stringify(embed.props) }, hChildren: [] },
  };
}

export interface RemarkEmbedsOptions extends MarkdownLocation {
  /** Receives the validated embeds of the document, in order. */
  embeds: EmbedDeclaration[];
}

/** unified plugin wrapper of transformEmbeds. */
export function remarkEmbeds(options: RemarkEmbedsOptions) {
  return (tree: MdastRoot): void => {
    options.embeds.push(...transformEmbeds(tree, options));
  };
}

