/**
 * Reads every lesson of a folder (synchronously: it runs at build time, in server components and
 * generateStaticParams). All problems of all files — front matter, embed blocks, code languages,
 * and the rules between lessons — are gathered and thrown as ONE ContentError, one problem per
 * line, so an author fixes everything in one go.
 *
 * Rules between lessons: slugs unique, orders unique, each prerequisite names an existing lesson
 * that comes earlier (smaller order), which also rules out prerequisite cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ContentProblemList } from './contentError';
import type { GlossaryIndex } from './glossaryTerms';
import { parseLessonSource, type Lesson } from './lessonSource';
import { parseLessonMarkdown, renderLessonMarkdown, type RenderedLesson } from './renderLesson';
import { transformEmbeds } from './remarkEmbeds';

export const DEFAULT_LESSONS_DIR = 'content/lessons';

export interface LoadLessonsOptions {
  /** Also check embed blocks and code languages of each body (default true). */
  checkBodies?: boolean;
}

/** Every lesson of `dir`, validated, sorted by `order`. Throws one ContentError with every problem. */
export function loadLessons(dir: string = DEFAULT_LESSONS_DIR, options: LoadLessonsOptions = {}): Lesson[] {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
  const sources = files.map((file) => ({ file, source: readFileSync(file, 'utf8') }));
  return validateLessonSources(sources, options);
}

/** The file-system-free core of loadLessons (used by tests). */
export function validateLessonSources(
  sources: readonly { file: string; source: string }[],
  options: LoadLessonsOptions = {},
): Lesson[] {
  const problems = new ContentProblemList();
  const lessons: Lesson[] = [];
  for (const { file, source } of sources) {
    try {
      const lesson = parseLessonSource(source, file);
      if (options.checkBodies ?? true) transformEmbeds(parseLessonMarkdown(lesson.markdown), lesson);
      lessons.push(lesson);
    } catch (error) {
      problems.addError(error);
      // A lesson whose body alone is wrong still takes part in the checks between lessons.
      try {
        lessons.push(parseLessonSource(source, file));
      } catch {
        /* front matter already reported */
      }
    }
  }
  checkLessonsTogether(lessons, problems);
  // Report problems file by file, top to bottom.
  problems.problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  problems.throwIfAny();
  return [...lessons].sort((a, b) => a.frontMatter.order - b.frontMatter.order);
}

function checkLessonsTogether(lessons: readonly Lesson[], problems: ContentProblemList): void {
  const bySlug = new Map<string, Lesson>();
  const byOrder = new Map<number, Lesson>();
  for (const lesson of lessons) {
    const { slug, order } = lesson.frontMatter;
    const firstWithSlug = bySlug.get(slug);
    if (firstWithSlug) {
      const at = lesson.frontMatterPositions.slug!;
      problems.add(lesson.file, at.line, at.column, `slug "${slug}" is already used by ${firstWithSlug.file}`);
    } else {
      bySlug.set(slug, lesson);
    }
    const firstWithOrder = byOrder.get(order);
    if (firstWithOrder) {
      const at = lesson.frontMatterPositions.order!;
      problems.add(lesson.file, at.line, at.column, `order ${order} is already used by ${firstWithOrder.file}`);
    } else {
      byOrder.set(order, lesson);
    }
  }
  for (const lesson of lessons) {
    lesson.frontMatter.prerequisites.forEach((prerequisite, index) => {
      const at = lesson.prerequisitePositions[index] ?? lesson.frontMatterPositions.prerequisites!;
      const required = bySlug.get(prerequisite);
      if (!required) {
        problems.add(
          lesson.file,
          at.line,
          at.column,
          `prerequisite "${prerequisite}" is not the slug of any lesson (slugs: ${[...bySlug.keys()].sort().join(', ')})`,
        );
      } else if (required.frontMatter.order >= lesson.frontMatter.order) {
        problems.add(
          lesson.file,
          at.line,
          at.column,
          `prerequisite "${prerequisite}" has order ${required.frontMatter.order}, so it does not come before this lesson (order ${lesson.frontMatter.order})`,
        );
      }
    });
  }
}

/** The lesson with `slug`, or undefined. Loads (and validates) the whole folder. */
export function findLesson(slug: string, dir: string = DEFAULT_LESSONS_DIR): Lesson | undefined {
  return loadLessons(dir).find((lesson) => lesson.frontMatter.slug === slug);
}

/**
 * Renders a loaded lesson's body (renderLessonMarkdown with the lesson's own location). With a
 * glossary index, marks of undefined terms are errors and the lesson's own terms get anchors.
 */
export function renderLesson(lesson: Lesson, glossary: GlossaryIndex | null = null, knownPaths: ReadonlySet<string> | null = null): Promise<RenderedLesson> {
  const ownTerms = new Set(Object.keys(lesson.frontMatter.glossary).map((t) => t.toLowerCase()));
  return renderLessonMarkdown(lesson.markdown, { file: lesson.file, bodyStartLine: lesson.bodyStartLine }, { glossary, ownTerms, knownPaths });
}

