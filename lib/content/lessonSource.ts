/**
 * One lesson file: YAML front matter between `---` lines, then Markdown. `parseLessonSource`
 * splits and validates it without touching the file system, so tests and the loader share it.
 *
 * Front matter rules (all problems of a file are reported together in one ContentError):
 * - required: title, slug, order, summary, minutes; optional: prerequisites, tags (default []).
 * - a missing field is reported at the closing `---` line (where the author would add it);
 *   a wrong value at its key's line; a bad list item at the item's line.
 * - unknown keys are refused, so a typo ("minute:") does not silently drop a field.
 */
import { ContentProblemList } from './contentError';
import { readFrontMatter } from './frontMatter';
import { rejectUnknownKeys, type SourcePosition, type YamlField } from './yamlFields';
import { readText, readTextList, readWholeNumber, type FieldContext } from './yamlValidators';

import { SLUG_PATTERN, SLUG_RULE } from './slug';

export { SLUG_PATTERN };
/** Generous upper bounds: they only exist to catch typos like `order: 30000`. */
const MAX_ORDER = 9999;
const MAX_MINUTES = 600;

export interface LessonFrontMatter {
  title: string;
  slug: string;
  /** Position in the course, a positive whole number, unique across lessons. */
  order: number;
  summary: string;
  /** Slugs of lessons to read first; each must exist and come earlier (smaller order). */
  prerequisites: string[];
  /** Estimated reading minutes. */
  minutes: number;
  tags: string[];
  /**
   * Terms this lesson introduces, term → one-sentence definition. The glossary page is built
   * from them; the lesson marks the term's first use in its text as [[term]] (or [[shown|term]]).
   */
  glossary: Record<string, string>;
}

export type LessonFrontMatterKey = keyof LessonFrontMatter;

export const FRONT_MATTER_KEYS: readonly LessonFrontMatterKey[] = [
  'title',
  'slug',
  'order',
  'summary',
  'prerequisites',
  'minutes',
  'tags',
  'glossary',
];
const REQUIRED_KEYS: readonly LessonFrontMatterKey[] = ['title', 'slug', 'order', 'summary', 'minutes'];

export interface Lesson {
  /** The path as given to the parser/loader; used in every message about this lesson. */
  file: string;
  frontMatter: LessonFrontMatter;
  /** The Markdown after the closing `---`. */
  markdown: string;
  /** File line (1-based) of the first Markdown line: Markdown line n is file line bodyStartLine + n - 1. */
  bodyStartLine: number;
  /** Where each front matter key was written (absent for defaulted optional keys). */
  frontMatterPositions: Partial<Record<LessonFrontMatterKey, SourcePosition>>;
  /** Where each prerequisite slug was written, index-aligned with frontMatter.prerequisites. */
  prerequisitePositions: SourcePosition[];
}

/** Splits and validates one lesson file. Throws a ContentError listing every problem found. */
export function parseLessonSource(source: string, file: string): Lesson {
  const { fields, slice, closingLine, markdown, bodyStartLine } = readFrontMatter(
    source,
    file,
    'a lesson must start with front matter: a "---" line, then "key: value" lines, then "---"',
  );
  const problems = new ContentProblemList();
  rejectUnknownKeys(fields, FRONT_MATTER_KEYS, slice, problems);
  for (const key of REQUIRED_KEYS) {
    if (!fields.has(key)) problems.add(file, closingLine, 1, `front matter is missing "${key}"`);
  }

  const context: FieldContext = { slice, problems };
  const read = <T>(key: LessonFrontMatterKey, reader: (field: YamlField) => T | undefined): T | undefined => {
    const field = fields.get(key);
    return field ? reader(field) : undefined;
  };
  const title = read('title', (f) => readText(f, context, { maxLength: 200 }));
  const slug = read('slug', (f) => readText(f, context, { pattern: SLUG_PATTERN, patternHint: SLUG_RULE }));
  const order = read('order', (f) => readWholeNumber(f, context, 1, MAX_ORDER, 'a positive whole number'));
  const summary = read('summary', (f) => readText(f, context, { maxLength: 600 }));
  const minutes = read('minutes', (f) => readWholeNumber(f, context, 1, MAX_MINUTES, 'a positive whole number'));
  const slugItem = { item: (text: string) => SLUG_PATTERN.test(text), itemRule: `a lesson slug, ${SLUG_RULE}`, unique: true };
  const prerequisites = fields.has('prerequisites') ? read('prerequisites', (f) => readTextList(f, context, slugItem)) : [];
  const tags = fields.has('tags') ? read('tags', (f) => readTextList(f, context, { unique: true, itemRule: 'text' })) : [];

  const glossary = fields.has('glossary') ? read('glossary', (f) => readGlossary(f, context)) : {};

  const prerequisiteField = fields.get('prerequisites');
  if (slug !== undefined && prerequisites?.includes(slug) && prerequisiteField) {
    const item = prerequisiteField.items?.find((i) => i.value === slug);
    const at = item?.position ?? prerequisiteField.keyPosition;
    problems.add(file, at.line, at.column, `a lesson cannot be its own prerequisite ("${slug}")`);
  }

  problems.throwIfAny();
  const frontMatterPositions: Partial<Record<LessonFrontMatterKey, SourcePosition>> = {};
  for (const key of FRONT_MATTER_KEYS) {
    const field = fields.get(key);
    if (field) frontMatterPositions[key] = field.keyPosition;
  }
  return {
    file,
    // Every value is defined here: a missing/invalid one added a problem and we threw above.
    frontMatter: {
      title: title!,
      slug: slug!,
      order: order!,
      summary: summary!,
      prerequisites: prerequisites!,
      minutes: minutes!,
      tags: tags!,
      glossary: glossary!,
    },
    markdown,
    bodyStartLine,
    frontMatterPositions,
    prerequisitePositions: prerequisiteField?.items?.map((item) => item.position) ?? [],
  };
}

export const GLOSSARY_TERM_MAX = 60;
export const GLOSSARY_DEFINITION_MAX = 400;

/** `glossary:` is a mapping of term → definition, both text, terms unique ignoring case. */
function readGlossary(field: YamlField, context: FieldContext): Record<string, string> | undefined {
  const { value } = field;
  const report = (detail: string) => {
    context.problems.add(context.slice.file, field.keyPosition.line, field.keyPosition.column, detail);
    return undefined;
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return report('"glossary" must be a mapping of term: definition (one sentence each)');
  }
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  let ok = true;
  for (const [term, definition] of Object.entries(value as Record<string, unknown>)) {
    const key = term.trim().toLowerCase();
    if (term.trim().length === 0 || term.length > GLOSSARY_TERM_MAX || term.includes('|') || term.includes(']')) {
      report(`glossary term ${JSON.stringify(term)} must be 1 to ${GLOSSARY_TERM_MAX} characters without "|" or "]"`);
      ok = false;
    } else if (typeof definition !== 'string' || definition.trim().length === 0 || definition.length > GLOSSARY_DEFINITION_MAX) {
      report(`glossary term ${JSON.stringify(term)} needs a definition of 1 to ${GLOSSARY_DEFINITION_MAX} characters`);
      ok = false;
    } else if (seen.has(key)) {
      report(`glossary lists ${JSON.stringify(term)} twice`);
      ok = false;
    } else {
      seen.add(key);
      out[term.trim()] = definition.trim();
    }
  }
  return ok ? out : undefined;
}
