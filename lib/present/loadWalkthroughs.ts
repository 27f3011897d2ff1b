/**
 * Reads every walkthrough of a folder at build time, like loadLessons: all problems of all files —
 * each file's own and the rules between files — are thrown as ONE ContentError, one file:line per
 * problem, so an author fixes everything in one go.
 *
 * Rules between files, all because /present/<slug>/ serves walkthroughs and lessons' own decks
 * from one namespace (deckCatalog.ts):
 * - `lesson` names an existing lesson;
 * - slugs are unique among walkthroughs;
 * - a lesson has at most one walkthrough, so its "Present" link has one target;
 * - a walkthrough's slug is not the slug of another lesson, whose generated deck lives there.
 *   (Its own lesson's slug is fine: that is the override.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ContentProblemList } from '../content/contentError';
import { parseWalkthroughSource, type Walkthrough } from './walkthroughSource';

export const DEFAULT_WALKTHROUGHS_DIR = 'content/walkthroughs';

/** Every walkthrough of `dir` (none when the folder does not exist), checked against `lessonSlugs`, sorted by slug. */
export function loadWalkthroughs(lessonSlugs: readonly string[], dir: string = DEFAULT_WALKTHROUGHS_DIR): Walkthrough[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
  return validateWalkthroughSources(
    files.map((file) => ({ file, source: readFileSync(file, 'utf8') })),
    lessonSlugs,
  );
}

/** The file-system-free core of loadWalkthroughs (used by tests). */
export function validateWalkthroughSources(sources: readonly { file: string; source: string }[], lessonSlugs: readonly string[]): Walkthrough[] {
  const problems = new ContentProblemList();
  const walkthroughs: Walkthrough[] = [];
  for (const { file, source } of sources) {
    try {
      walkthroughs.push(parseWalkthroughSource(source, file));
    } catch (error) {
      problems.addError(error);
    }
  }
  checkTogether(walkthroughs, lessonSlugs, problems);
  problems.problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  problems.throwIfAny();
  return walkthroughs.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

function checkTogether(walkthroughs: readonly Walkthrough[], lessonSlugs: readonly string[], problems: ContentProblemList): void {
  const lessons = new Set(lessonSlugs);
  const bySlug = new Map<string, Walkthrough>();
  const byLesson = new Map<string, Walkthrough>();
  for (const walkthrough of walkthroughs) {
    const { file, slug, lesson, positions } = walkthrough;
    const slugAt = positions.slug!;
    const lessonAt = positions.lesson!;
    if (!lessons.has(lesson)) {
      problems.add(file, lessonAt.line, lessonAt.column, `lesson "${lesson}" is not the slug of any lesson (slugs: ${[...lessons].sort().join(', ')})`);
    } else {
      const other = byLesson.get(lesson);
      if (other) problems.add(file, lessonAt.line, lessonAt.column, `lesson "${lesson}" already has a walkthrough, ${other.file}: a lesson's "Present" link can open only one`);
      else byLesson.set(lesson, walkthrough);
    }
    const sameSlug = bySlug.get(slug);
    if (sameSlug) problems.add(file, slugAt.line, slugAt.column, `slug "${slug}" is already used by ${sameSlug.file}`);
    else bySlug.set(slug, walkthrough);
    if (slug !== lesson && lessons.has(slug)) {
      problems.add(file, slugAt.line, slugAt.column, `slug "${slug}" is the slug of another lesson, whose own deck is presented at /present/${slug}/; choose another, or "${lesson}" to take this lesson's place`);
    }
  }
}
