/**
 * What a deck's client views need besides the rendered steps: each step's title and a short preview
 * as plain text (the step list and the presenter's "next" box), and its calculator's embed id,
 * name and state version (what sync messages carry). Built at build time from the Deck, so the
 * page's JavaScript never carries the Markdown or the calculators' specs.
 */
import type { Nodes } from 'mdast';
import { parseLessonMarkdown } from '../content/renderLesson';
import { EMBED_LANGUAGE } from '../content/remarkEmbeds';
import { stepEmbedId, type Deck } from './deck';

/** Characters of a step's text shown as the next step's preview: a glance, not a read. */
export const PREVIEW_CHARS = 280;

export interface OutlineStep {
  title: string;
  preview: string;
  /** Null when the step has no calculator. */
  calculator: { embedId: string; name: string; version: number } | null;
}

export interface DeckOutline {
  slug: string;
  title: string;
  lesson: string;
  minutes: number;
  steps: OutlineStep[];
}

/** `stateVersionOf` gives a calculator's spec stateVersion by name (calculatorRegistry's specs). */
export function deckOutline(deck: Deck, stateVersionOf: (calculator: string) => number): DeckOutline {
  return {
    slug: deck.slug,
    title: deck.title,
    lesson: deck.lesson,
    minutes: deck.minutes,
    steps: deck.steps.map((step, index) => {
      const embedId = stepEmbedId(deck, index);
      return {
        title: markdownText(step.title),
        preview: shorten(markdownText(step.markdown), PREVIEW_CHARS),
        calculator: step.embed && embedId ? { embedId, name: step.embed.calculator, version: stateVersionOf(step.embed.calculator) } : null,
      };
    }),
  };
}

/** Markdown as the words a reader sees: formulas as written, embed and notes blocks left out. */
export function markdownText(markdown: string): string {
  const parts: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'code') {
      if (node.lang !== EMBED_LANGUAGE && node.lang !== 'notes') parts.push(node.value);
      return;
    }
    // Raw HTML is dropped by the renderer (renderLesson.ts), so it is not part of what is read.
    if (node.type === 'html') return;
    if ('value' in node && typeof node.value === 'string') parts.push(node.value);
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'listItem') parts.push(' ');
  };
  walk(parseLessonMarkdown(markdown));
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The Markdown of a step's first paragraph, as written (formulas whole), with the display formula
 * that follows it if one does, for the presenter's typeset "next" box; null when the step has no
 * paragraph (a list, code or a calculator only).
 */
export function firstParagraphMarkdown(markdown: string): string | null {
  const tree = parseLessonMarkdown(markdown);
  const at = tree.children.findIndex((node) => node.type === 'paragraph');
  if (at === -1) return null;
  // A display formula right after it goes with it: that paragraph usually ends in a colon.
  const last = tree.children[at + 1]?.type === 'math' ? tree.children[at + 1] : tree.children[at];
  const start = tree.children[at].position?.start.offset;
  const end = last.position?.end.offset;
  return start === undefined || end === undefined ? null : markdown.slice(start, end);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
