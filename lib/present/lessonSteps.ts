/**
 * Every lesson can be presented (issue 14): its `## ` sections become steps, in the same shape as a
 * walkthrough's (deck.ts), so the views need no second kind of deck. A step shows at most one
 * calculator, so a section with k embeds becomes k steps: each runs up to and including its embed,
 * the text after the last embed stays with the last one, and their titles are numbered
 * ("The padding mask (2/2)"). Text before the first `## ` becomes a step titled with the lesson.
 *
 * The lesson was validated by loadLessons; its embeds are read again through the same validator
 * (embedRegistry.parseEmbedBlock) to get their props. Only top-level embed blocks count (all of the
 * site's are); one inside a list stays in the text. A generated step has no speaker notes.
 */
import type { Code, RootContent } from 'mdast';
import type { Lesson } from '../content/lessonSource';
import { parseEmbedBlock } from '../content/embedRegistry';
import { parseLessonMarkdown } from '../content/renderLesson';
import { EMBED_LANGUAGE } from '../content/remarkEmbeds';
import type { Deck, DeckStep } from './deck';
import { sliceLines, splitAtHeadings } from './markdownSections';

export function lessonDeck(lesson: Lesson): Deck {
  const { frontMatter, file, markdown, bodyStartLine } = lesson;
  const fileLine = (mdLine: number) => bodyStartLine + mdLine - 1;
  const lines = markdown.split('\n');
  const steps: DeckStep[] = [];
  for (const section of splitAtHeadings(parseLessonMarkdown(markdown), markdown)) {
    const title = section.heading === null ? frontMatter.title : section.title;
    const headingLine = fileLine(section.line);
    const embeds = section.nodes.filter(isEmbed);
    // Piece j runs from its first line to the end of embed j (the last piece to the section's end).
    const pieceStarts = [section.bodyFirstLine, ...embeds.slice(0, -1).map((embed) => embed.position!.end.line + 1)];
    const pieceEnds = [...embeds.slice(0, -1).map((embed) => embed.position!.end.line), section.bodyLastLine];
    pieceStarts.forEach((from, j) => {
      const embed = embeds[j];
      steps.push({
        title: embeds.length > 1 ? `${title} (${j + 1}/${embeds.length})` : title,
        markdown: sliceLines(lines, from, pieceEnds[j]),
        file,
        line: j === 0 ? headingLine : fileLine(from),
        bodyStartLine: fileLine(from),
        embed: embed ? parseEmbedBlock(embed.value, file, fileLine(embed.position!.start.line)).props : null,
        notes: '',
        notesStartLine: null,
      });
    });
  }
  return {
    slug: frontMatter.slug,
    title: frontMatter.title,
    lesson: frontMatter.slug,
    minutes: frontMatter.minutes,
    summary: frontMatter.summary,
    source: 'lesson',
    file,
    steps,
  };
}

function isEmbed(node: RootContent): node is Code {
  return node.type === 'code' && node.lang === EMBED_LANGUAGE;
}
