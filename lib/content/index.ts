/**
 * The content pipeline's public entry (build time only: Node fs, shiki). Import from here in
 * server components and generateStaticParams; nothing runs on import.
 */
export { ContentError, ContentProblemList, formatContentProblem, type ContentProblem } from './contentError';
export {
  parseLessonSource,
  SLUG_PATTERN,
  FRONT_MATTER_KEYS,
  type Lesson,
  type LessonFrontMatter,
  type LessonFrontMatterKey,
} from './lessonSource';
export {
  loadLessons,
  validateLessonSources,
  findLesson,
  renderLesson,
  DEFAULT_LESSONS_DIR,
  type LoadLessonsOptions,
} from './loadLessons';
export { renderLessonMarkdown, parseLessonMarkdown, type RenderedLesson, type HastRoot } from './renderLesson';
export type { TocEntry } from './rehypeHeadings';
export { CODE_THEMES } from './rehypeShiki';
export { EMBED_LANGUAGE, type MarkdownLocation } from './remarkEmbeds';
export { EMBED_CALCULATOR_NAMES, parseEmbedBlock, type EmbedDeclaration } from './embedRegistry';
export { HIGHLIGHTED_LANGUAGES } from './codeLanguages';
