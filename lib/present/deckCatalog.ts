/**
 * Everything that can be presented, by slug: each walkthrough, and each lesson's own deck unless a
 * walkthrough names that lesson — the hand-written one overrides the generated one (issue 14). The
 * build lists these for /present/<slug>/, and a lesson's "Present" link asks `presentSlugOf`.
 *
 * loadWalkthroughs has already refused slug clashes with file:line; a clash reaching this point is
 * a bug in the caller (unvalidated input), so it throws a plain Error.
 */
import type { Lesson } from '../content/lessonSource';
import type { Deck } from './deck';
import { lessonDeck } from './lessonSteps';

export interface DeckCatalog {
  /** Every deck, walkthroughs first (by slug), then lessons' own decks in course order. */
  decks: readonly Deck[];
  bySlug: ReadonlyMap<string, Deck>;
  /** Lesson slug → the slug its "Present" link opens. */
  presentSlugOf: ReadonlyMap<string, string>;
}

export function deckCatalog(lessons: readonly Lesson[], walkthroughs: readonly Deck[]): DeckCatalog {
  const decks: Deck[] = [];
  const bySlug = new Map<string, Deck>();
  const presentSlugOf = new Map<string, string>();
  const add = (deck: Deck) => {
    const clash = bySlug.get(deck.slug);
    if (clash) throw new Error(`deckCatalog: /present/${deck.slug}/ is claimed by ${clash.file} and ${deck.file}`);
    bySlug.set(deck.slug, deck);
    decks.push(deck);
  };
  for (const walkthrough of walkthroughs) {
    if (presentSlugOf.has(walkthrough.lesson)) throw new Error(`deckCatalog: lesson "${walkthrough.lesson}" has two walkthroughs`);
    presentSlugOf.set(walkthrough.lesson, walkthrough.slug);
    add(walkthrough);
  }
  for (const lesson of [...lessons].sort((a, b) => a.frontMatter.order - b.frontMatter.order)) {
    const { slug } = lesson.frontMatter;
    if (presentSlugOf.has(slug)) continue;
    presentSlugOf.set(slug, slug);
    add(lessonDeck(lesson));
  }
  return { decks, bySlug, presentSlugOf };
}
