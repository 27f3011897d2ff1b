/**
 * The glossary: every term the lessons define in their `glossary:` front matter, with its
 * definition and the lesson that introduces it. Cross-lesson rules: a term is defined once;
 * every defined term is marked ([[term]]) somewhere in its own lesson, so the glossary can link to
 * its first use; and that first mark shows the term by name (not [[Scores|logit]]), so the link
 * lands on the word the reader came for.
 */
import { ContentProblemList } from './contentError';
import { findGlossaryMarks, glossarySlug, showsTerm, type GlossaryIndex } from './glossaryTerms';
import type { Lesson } from './lessonSource';
import { parseLessonMarkdown } from './renderLesson';

export interface GlossaryEntry {
  term: string;
  definition: string;
  /** Anchor on /glossary/ is `glossary-<slug>`; at the first use, `term-<slug>`. */
  slug: string;
  lessonSlug: string;
  lessonTitle: string;
}

export function buildGlossary(lessons: readonly Lesson[], problems: ContentProblemList = new ContentProblemList()): { entries: GlossaryEntry[]; index: GlossaryIndex } {
  const entries: GlossaryEntry[] = [];
  const definedIn = new Map<string, string>();
  const definitions = new Map<string, { term: string; definition: string }>();
  const bySlug = new Map<string, GlossaryEntry>();
  for (const lesson of lessons) {
    const marks = findGlossaryMarks(parseLessonMarkdown(lesson.markdown), { file: lesson.file, bodyStartLine: lesson.bodyStartLine });
    const marked = new Set(marks.map((m) => m.term.toLowerCase()));
    const firstMark = (key: string) => marks.find((m) => m.term.toLowerCase() === key);
    const at = lesson.frontMatterPositions.glossary ?? { line: 1, column: 1 };
    for (const [term, definition] of Object.entries(lesson.frontMatter.glossary)) {
      const key = term.toLowerCase();
      const slug = glossarySlug(term);
      const earlier = bySlug.get(slug);
      if (earlier) {
        problems.add(lesson.file, at.line, at.column, `glossary term "${term}" is already defined by the lesson "${earlier.lessonSlug}"`);
        continue;
      }
      if (!marked.has(key)) {
        problems.add(lesson.file, at.line, at.column, `glossary term "${term}" is never marked in this lesson: write [[${term}]] where it is first used`);
      } else {
        const first = firstMark(key)!;
        if (!showsTerm(first.shown, term)) {
          problems.add(
            lesson.file,
            first.line,
            1,
            `the first mark of glossary term "${term}" shows "${first.shown}": the glossary's "first used in" link lands there, so mark the term where its name is first used ([[${term}]] or [[${term}s|${term}]])`,
          );
        }
      }
      const entry = { term, definition, slug, lessonSlug: lesson.frontMatter.slug, lessonTitle: lesson.frontMatter.title };
      entries.push(entry);
      bySlug.set(slug, entry);
      definedIn.set(key, lesson.frontMatter.slug);
      definitions.set(key, { term, definition });
    }
  }
  entries.sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
  return { entries, index: { definedIn, definitions } };
}
