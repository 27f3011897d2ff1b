/**
 * What the presenter, audience and student views show: a deck of steps. A hand-written walkthrough
 * (walkthroughSource.ts) and the deck made from a lesson (lessonSteps.ts) have this one shape, so
 * navigation, sync, links and pacing never ask where a deck came from.
 *
 * Plain data (JSON-safe): a deck is built at build time and handed to client components as props.
 */
import type { CalculatorEmbedProps } from '../content/calculatorEmbed';

export interface DeckStep {
  /** The `## ` heading's text as written (inline Markdown: it may hold $maths$ or `code`). */
  title: string;
  /**
   * The step's Markdown without its heading and notes, embed block included (it renders where the
   * author put it). Notes lines are blanked, not removed, so line n of it is file line
   * bodyStartLine + n - 1 and the renderer's file:line errors stay right.
   */
  markdown: string;
  /** The .md file the step comes from, for messages. */
  file: string;
  /** File line of the step's heading (of its first line for a lesson's untitled opening). */
  line: number;
  /** File line of the first line of `markdown`. */
  bodyStartLine: number;
  /** The step's one calculator, validated like a lesson's embed; null when it has none. */
  embed: CalculatorEmbedProps | null;
  /** Speaker notes (Markdown); '' for a deck made from a lesson. */
  notes: string;
  /** File line of the notes' first line (for their renderer's file:line); null without notes. */
  notesStartLine: number | null;
}

export type DeckSource = 'walkthrough' | 'lesson';

export interface Deck {
  /** The name in /present/<slug>/. */
  slug: string;
  title: string;
  /** The lesson the deck presents (its own slug for a deck made from a lesson). */
  lesson: string;
  /** Planned minutes for the whole deck (pacing.ts). */
  minutes: number;
  summary: string;
  source: DeckSource;
  file: string;
  steps: DeckStep[];
}

/**
 * The id a step's calculator answers to in share links and sync messages: the embed block's `id`
 * when it gave one, else `step-<n>` (1-based, as the step is shown). A walkthrough refuses a
 * repeated id and a hand-written id of the form `step-<n>` (walkthroughSource.ts), so its ids are
 * unique and a link's id names one step.
 */
export function stepEmbedId(deck: Pick<Deck, 'steps'>, index: number): string | null {
  const step = deck.steps[index];
  if (!step?.embed) return null;
  return step.embed.id ?? `step-${index + 1}`;
}
