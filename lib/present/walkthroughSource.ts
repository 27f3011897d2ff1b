/**
 * One walkthrough file, `content/walkthroughs/<slug>.md`: what an instructor presents, written
 * without TypeScript (docs/CONTENT.md, "Walkthroughs"):
 *
 *   ---
 *   title: Scaled dot-product attention, stage by stage
 *   slug: sdpa-stage-by-stage
 *   lesson: scaled-dot-product-attention
 *   minutes: 20
 *   ---
 *
 *   ## The step's title            ← every step starts at a `## ` heading
 *
 *   Markdown: maths, code, images, and at most one ```embed block (the lessons' own).
 *
 *   ```notes
 *   What the presenter says. Only the presenter view shows it.
 *   ```
 *
 * Why a ```notes block: it has a visible start and end, so notes can sit anywhere in the step and
 * hold several paragraphs without a rule about "everything after Notes:", and the Markdown parser
 * finds it (a `## ` inside it never starts a step).
 *
 * Every problem of the file is reported at once, each at its file line, through the lessons'
 * ContentError; embed blocks are validated by the lessons' own code (remarkEmbeds → embedRegistry →
 * calculatorEmbed), so a walkthrough accepts exactly the presets and overrides a lesson does,
 * including the step-through's `stage`, `row` and `col`.
 */
import type { Code, Nodes, Root, RootContent } from 'mdast';
import { ContentProblemList } from '../content/contentError';
import { readFrontMatter } from '../content/frontMatter';
import { parseLessonMarkdown } from '../content/renderLesson';
import { transformEmbeds, type MarkdownLocation } from '../content/remarkEmbeds';
import { SLUG_PATTERN, SLUG_RULE } from '../content/slug';
import { rejectUnknownKeys, type SourcePosition, type YamlField } from '../content/yamlFields';
import { readText, readWholeNumber, type FieldContext } from '../content/yamlValidators';
import type { EmbedDeclaration } from '../content/embedRegistry';
import type { Deck, DeckStep } from './deck';
import { sliceLines, splitAtHeadings } from './markdownSections';

export const NOTES_LANGUAGE = 'notes';
/**
 * Issue 14's rule for a walkthrough: enough steps to teach one idea in stages, few enough for one
 * class slot. A deck made from a lesson is not held to it (it has as many steps as sections).
 */
export const MIN_WALKTHROUGH_STEPS = 8;
export const MAX_WALKTHROUGH_STEPS = 15;
/** A class slot is at most a few hours; more is a typo (`minutes: 200` for 20). */
export const MAX_WALKTHROUGH_MINUTES = 180;

export const WALKTHROUGH_KEYS = ['title', 'slug', 'lesson', 'minutes', 'summary'] as const;
export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[number];
const REQUIRED_KEYS: readonly WalkthroughKey[] = ['title', 'slug', 'lesson', 'minutes'];

/** Hand-written ids may not look like the ids steps without one get (deck.ts, stepEmbedId). */
const GENERATED_ID = /^step-\d+$/;

export interface Walkthrough extends Deck {
  source: 'walkthrough';
  /** Where each front matter key was written, for the checks between files. */
  positions: Partial<Record<WalkthroughKey, SourcePosition>>;
}

/** Splits and validates one walkthrough file. Throws one ContentError with every problem found. */
export function parseWalkthroughSource(source: string, file: string): Walkthrough {
  const front = readFrontMatter(source, file, 'a walkthrough must start with front matter: a "---" line, then "key: value" lines (title, slug, lesson, minutes), then "---"');
  const { fields, slice, closingLine, markdown, bodyStartLine } = front;
  const problems = new ContentProblemList();
  rejectUnknownKeys(fields, WALKTHROUGH_KEYS, slice, problems);
  for (const key of REQUIRED_KEYS) if (!fields.has(key)) problems.add(file, closingLine, 1, `front matter is missing "${key}"`);
  const context: FieldContext = { slice, problems };
  const read = <T>(key: WalkthroughKey, reader: (field: YamlField) => T | undefined): T | undefined => {
    const field = fields.get(key);
    return field ? reader(field) : undefined;
  };
  const title = read('title', (f) => readText(f, context, { maxLength: 200 }));
  const slug = read('slug', (f) => readText(f, context, { pattern: SLUG_PATTERN, patternHint: SLUG_RULE }));
  const lesson = read('lesson', (f) => readText(f, context, { pattern: SLUG_PATTERN, patternHint: `a lesson's slug, ${SLUG_RULE}` }));
  const minutes = read('minutes', (f) => readWholeNumber(f, context, 1, MAX_WALKTHROUGH_MINUTES, `the planned minutes, a whole number from 1 to ${MAX_WALKTHROUGH_MINUTES}`));
  const summary = fields.has('summary') ? read('summary', (f) => readText(f, context, { maxLength: 600 })) : '';

  const steps = readSteps(markdown, { file, bodyStartLine }, closingLine, problems);

  problems.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  problems.throwIfAny();
  const positions: Partial<Record<WalkthroughKey, SourcePosition>> = {};
  for (const key of WALKTHROUGH_KEYS) {
    const field = fields.get(key);
    if (field) positions[key] = field.keyPosition;
  }
  return { slug: slug!, title: title!, lesson: lesson!, minutes: minutes!, summary: summary!, source: 'walkthrough', file, steps, positions };
}

function readSteps(markdown: string, location: MarkdownLocation, closingLine: number, problems: ContentProblemList): DeckStep[] {
  const { file } = location;
  const fileLine = (mdLine: number) => location.bodyStartLine + mdLine - 1;
  const tree = parseLessonMarkdown(markdown);
  const lines = markdown.split('\n');
  const sections = splitAtHeadings(tree, markdown);

  // Notes are not Markdown to render: taken out of the tree before the lessons' checks (which
  // would call "notes" an unknown code language) and blanked out of the step's text.
  const notesBlocks = new Set<Code>();
  for (const section of sections) for (const node of section.nodes) if (isNotes(node)) notesBlocks.add(node);
  reportNestedNotes(tree, notesBlocks, fileLine, file, problems);
  const checked: Root = { ...tree, children: tree.children.filter((node) => !notesBlocks.has(node as Code)) };
  let embeds: EmbedDeclaration[] = [];
  try {
    embeds = transformEmbeds(checked, location);
  } catch (error) {
    problems.addError(error);
  }

  const steps: DeckStep[] = [];
  const usedIds = new Map<string, number>();
  sections.forEach((section) => {
    if (section.heading === null) {
      problems.add(file, fileLine(section.line), 1, 'text before the first step: every step starts with a "## " heading (the title comes from the front matter)');
      return;
    }
    const number = steps.length + 1;
    const headingLine = fileLine(section.line);
    const name = section.title ? `step ${number} ("${section.title}")` : `step ${number}`;
    if (section.title === '') problems.add(file, headingLine, 1, `step ${number} has no title: write it after "## "`);

    const notes = section.nodes.filter(isNotes);
    if (notes.length === 0) problems.add(file, headingLine, 1, `${name} has no speaker notes: add a \`\`\`notes block`);
    notes.slice(1).forEach((extra) => problems.add(file, fileLine(extra.position!.start.line), 1, `${name} has a second notes block (the first is at line ${fileLine(notes[0].position!.start.line)}): write the notes in one`));
    if (notes[0] && notes[0].value.trim() === '') problems.add(file, fileLine(notes[0].position!.start.line), 1, `the notes of ${name} are empty: say what the presenter should say here`);

    const first = fileLine(section.bodyFirstLine);
    const last = fileLine(section.bodyLastLine);
    const own = embeds.filter((embed) => embed.line >= first && embed.line <= last);
    own.slice(1).forEach((extra) => problems.add(file, extra.line, 1, `${name} has a second calculator (the first is at line ${own[0].line}): a step shows at most one, so split it into two steps`));
    const id = own[0]?.props.id;
    if (id !== undefined) {
      if (GENERATED_ID.test(id)) problems.add(file, own[0].line, 1, `embed id "${id}" looks like the id a step without one gets; choose another name`);
      else if (usedIds.has(id)) problems.add(file, own[0].line, 1, `embed id "${id}" is already used at line ${usedIds.get(id)}: ids name one calculator in links`);
      else usedIds.set(id, own[0].line);
    }

    const body = blankNotes(lines, section.bodyFirstLine, section.bodyLastLine, notes);
    const onScreen = section.nodes.some((node) => !isNotes(node));
    if (!onScreen) problems.add(file, headingLine, 1, `${name} has nothing to show: add text or a calculator besides the notes`);
    steps.push({
      title: section.title,
      markdown: body,
      file,
      line: headingLine,
      bodyStartLine: first,
      embed: own[0]?.props ?? null,
      notes: notes[0]?.value.trim() ?? '',
      notesStartLine: notes[0] ? fileLine(notes[0].position!.start.line) + 1 + leadingBlankLines(notes[0].value) : null,
    });
  });

  if (steps.length > MAX_WALKTHROUGH_STEPS) {
    const firstExtra = steps[MAX_WALKTHROUGH_STEPS];
    problems.add(file, firstExtra.line, 1, `a walkthrough has ${MIN_WALKTHROUGH_STEPS} to ${MAX_WALKTHROUGH_STEPS} steps; this is step ${MAX_WALKTHROUGH_STEPS + 1} of ${steps.length}: split the walkthrough or merge steps`);
  } else if (steps.length < MIN_WALKTHROUGH_STEPS) {
    problems.add(file, closingLine, 1, `a walkthrough has ${MIN_WALKTHROUGH_STEPS} to ${MAX_WALKTHROUGH_STEPS} steps, each starting with "## "; this one has ${steps.length}`);
  }
  return steps;
}

/** Notes are trimmed; their first line is the first line with text. */
function leadingBlankLines(text: string): number {
  return /^(\s*\n)*/.exec(text)![0].split('\n').length - 1;
}

function isNotes(node: Nodes): node is Code {
  return node.type === 'code' && node.lang === NOTES_LANGUAGE;
}

/** A notes block inside a list or quote is not the step's notes; say so rather than "unknown language". */
function reportNestedNotes(tree: Root, topLevel: ReadonlySet<Code>, fileLine: (line: number) => number, file: string, problems: ContentProblemList): void {
  const walk = (node: Nodes): void => {
    if (isNotes(node) && !topLevel.has(node)) {
      problems.add(file, fileLine(node.position!.start.line), 1, 'a notes block must stand on its own in the step, not inside a list or quote');
      // Reported once, here: the lessons' check would call it an unknown code language as well.
      node.lang = 'text';
    }
    if ('children' in node) for (const child of node.children as RootContent[]) walk(child);
  };
  walk(tree);
}

/** The step's lines with its notes blocks' lines emptied (see DeckStep.markdown for why not removed). */
function blankNotes(lines: readonly string[], from: number, to: number, notes: readonly Code[]): string {
  const copy = lines.slice();
  for (const block of notes) for (let line = block.position!.start.line; line <= block.position!.end.line; line++) copy[line - 1] = '';
  return sliceLines(copy, from, to);
}
