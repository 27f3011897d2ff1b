/**
 * One interview question file (docs/CONTENT.md, "Questions"): YAML front matter, the prompt in
 * Markdown, then `## ` sections whose set depends on the type. `parseQuestionSource` validates
 * everything a single file can know (schema, sections, choices, numeric fields) and reports every
 * problem with its file line; cross-file rules (unique ids, lesson links, computed answers) are
 * checked by loadQuestions.
 */
import { ContentError, ContentProblemList } from './contentError';
import { SLUG_PATTERN } from './lessonSource';
import { readYamlMapping, rejectUnknownKeys, type SourcePosition, type YamlField, type YamlSlice } from './yamlFields';
import { readBoolean, readChoice, readText, readTextList, readWholeNumber, type FieldContext } from './yamlValidators';

export const QUESTION_TYPES = ['single-choice', 'multiple-choice', 'numeric', 'free-recall', 'spot-the-bug', 'ordering'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TOPICS = [
  'foundations',
  'scoring-functions',
  'scaled-dot-product',
  'self-attention',
  'masking',
  'multi-head',
  'cross-attention',
  'positional-encoding',
  'long-sequences',
  'evaluation',
  'improving-models',
  'adaptation',
  'training',
  'applications',
  'coding',
] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

const KEYS = ['id', 'topic', 'lesson', 'difficulty', 'type', 'tags', 'source', 'answer', 'tolerance', 'unit', 'check', 'runnable'] as const;
const REQUIRED = ['id', 'topic', 'lesson', 'difficulty', 'type'] as const;

export interface QuestionChoice {
  /** Markdown of the choice. */
  text: string;
  correct: boolean;
  /** Why it is right or wrong. */
  why: string;
  line: number;
}

export interface NumericCheck {
  function: string;
  inputs: Record<string, unknown>;
  line: number;
}

export interface QuestionSection {
  /** Markdown of the section, without its heading. */
  markdown: string;
  /** File line of its first Markdown line. */
  line: number;
}

export interface Question {
  file: string;
  id: string;
  topic: QuestionTopic;
  lesson: string;
  difficulty: 1 | 2 | 3;
  type: QuestionType;
  tags: string[];
  source?: 'seed';
  /** The question itself, Markdown. */
  prompt: QuestionSection;
  explanation: QuestionSection;
  references?: QuestionSection;
  choices?: QuestionChoice[];
  numeric?: { answer: number; tolerance: number; unit: string; check?: NumericCheck };
  modelAnswer?: QuestionSection;
  rubric?: string[];
  bug?: QuestionSection;
  runnable?: boolean;
  /** Ordering: the steps in the correct order (Markdown each). */
  steps?: string[];
  /** Where front matter keys were written, for cross-file messages. */
  positions: Partial<Record<(typeof KEYS)[number], SourcePosition>>;
}

/** Sections each type requires besides `Explanation` (which every type requires). */
const SECTIONS_BY_TYPE: Readonly<Record<QuestionType, readonly string[]>> = {
  'single-choice': ['Choices'],
  'multiple-choice': ['Choices'],
  numeric: [],
  'free-recall': ['Model answer', 'Rubric'],
  'spot-the-bug': ['Bug'],
  ordering: ['Steps'],
};
const KNOWN_SECTIONS = ['Choices', 'Explanation', 'Model answer', 'Rubric', 'Bug', 'Steps', 'References'];
/** Sections any type may have. */
const OPTIONAL_SECTIONS = ['Explanation', 'References'];

export const QUESTION_ID_RULE = 'lowercase words and digits joined by single hyphens (like "sdpa-why-scale")';

export function parseQuestionSource(source: string, file: string): Question {
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trimEnd() !== '---') {
    throw new ContentError({ file, line: 1, column: 1, detail: 'a question must start with front matter between "---" lines' });
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trimEnd() === '---');
  if (closing === -1) throw new ContentError({ file, line: 1, column: 1, detail: 'the front matter that starts here has no closing "---" line' });
  const closingLine = closing + 1;
  const slice: YamlSlice = { file, firstLine: 2, what: 'front matter' };
  const problems = new ContentProblemList();
  const fields = readYamlMapping(lines.slice(1, closing).join('\n'), slice, problems);
  if (!fields) throw new ContentError(problems.problems);
  rejectUnknownKeys(fields, KEYS, slice, problems);
  for (const key of REQUIRED) if (!fields.has(key)) problems.add(file, closingLine, 1, `front matter is missing "${key}"`);

  const context: FieldContext = { slice, problems };
  const read = <T>(key: (typeof KEYS)[number], reader: (field: YamlField) => T | undefined): T | undefined => {
    const field = fields.get(key);
    return field ? reader(field) : undefined;
  };
  const at = (key: (typeof KEYS)[number]) => fields.get(key)?.keyPosition ?? { line: closingLine, column: 1 };
  const add = (position: SourcePosition, detail: string) => problems.add(file, position.line, position.column, detail);

  const id = read('id', (f) => readText(f, context, { maxLength: 80, pattern: SLUG_PATTERN, patternHint: QUESTION_ID_RULE }));
  const topic = read('topic', (f) => readChoice(f, context, QUESTION_TOPICS));
  const lesson = read('lesson', (f) => readText(f, context, { pattern: SLUG_PATTERN, patternHint: 'a lesson slug' }));
  const difficulty = read('difficulty', (f) => readWholeNumber(f, context, 1, 3, 'a whole number from 1 (recall) to 3 (reasoning)')) as 1 | 2 | 3 | undefined;
  const type = read('type', (f) => readChoice(f, context, QUESTION_TYPES));
  const tags = fields.has('tags') ? read('tags', (f) => readTextList(f, context, { unique: true })) : [];
  const sourceField = fields.get('source');
  if (sourceField && sourceField.value !== 'seed') add(sourceField.keyPosition, `"source" can only be "seed" (the source article's questions), got ${JSON.stringify(sourceField.value)}`);
  const runnable = fields.has('runnable') ? read('runnable', (f) => readBoolean(f, context)) : undefined;

  // Numeric fields: required for numeric questions, refused elsewhere.
  const numericKeys = ['answer', 'tolerance', 'unit', 'check'] as const;
  let numeric: Question['numeric'];
  if (type === 'numeric') {
    const answer = fields.get('answer');
    const tolerance = fields.get('tolerance');
    const unit = fields.get('unit');
    if (!answer || typeof answer.value !== 'number' || !Number.isFinite(answer.value)) add(at('answer'), '"answer" must be a finite number');
    if (!tolerance || typeof tolerance.value !== 'number' || !(tolerance.value >= 0)) add(at('tolerance'), '"tolerance" must be a number ≥ 0 (absolute)');
    if (!unit || typeof unit.value !== 'string') add(at('unit'), '"unit" must be text (use "" for a pure number)');
    const check = fields.get('check');
    let parsedCheck: NumericCheck | undefined;
    if (check) {
      const value = check.value as { function?: unknown; inputs?: unknown } | null;
      if (typeof value !== 'object' || value === null || typeof value.function !== 'string' || typeof value.inputs !== 'object' || value.inputs === null || Array.isArray(value.inputs)) {
        add(check.keyPosition, '"check" must be a mapping with "function" (a name) and "inputs" (a mapping)');
      } else {
        parsedCheck = { function: value.function, inputs: value.inputs as Record<string, unknown>, line: check.keyPosition.line };
      }
    }
    if (answer && tolerance && unit && typeof answer.value === 'number' && typeof tolerance.value === 'number' && typeof unit.value === 'string') {
      numeric = { answer: answer.value, tolerance: tolerance.value, unit: unit.value, ...(parsedCheck ? { check: parsedCheck } : {}) };
    }
  } else if (type !== undefined) {
    for (const key of numericKeys) if (fields.has(key)) add(at(key), `"${key}" belongs to numeric questions only (this one is ${type})`);
  }
  if (runnable !== undefined && type !== 'spot-the-bug') add(at('runnable'), '"runnable" belongs to spot-the-bug questions only');

  // Body: the prompt, then "## " sections.
  const body = lines.slice(closing + 1);
  const firstBodyLine = closingLine + 1;
  const sections = new Map<string, QuestionSection & { headingLine: number }>();
  let current: { name: string; start: number } | null = null;
  const promptLines: string[] = [];
  const sectionLines = new Map<string, string[]>();
  let inFence = false;
  body.forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    const heading = !inFence ? /^## +(.+?)\s*$/.exec(text) : null;
    if (heading) {
      const name = heading[1];
      const line = firstBodyLine + index;
      if (!KNOWN_SECTIONS.includes(name)) {
        add({ line, column: 1 }, `unknown section "## ${name}" (known: ${KNOWN_SECTIONS.join(', ')})`);
      } else if (sections.has(name)) {
        add({ line, column: 1 }, `section "## ${name}" appears twice`);
      }
      current = { name, start: line + 1 };
      sectionLines.set(name, []);
      sections.set(name, { markdown: '', line: line + 1, headingLine: line });
      return;
    }
    if (current === null) promptLines.push(text);
    else sectionLines.get((current as { name: string }).name)!.push(text);
  });
  for (const [name, texts] of sectionLines) {
    const s = sections.get(name)!;
    Object.assign(s, withoutBlankEnds(texts, s.headingLine + 1));
  }
  const prompt = withoutBlankEnds(promptLines, firstBodyLine);
  if (prompt.markdown.length === 0) add({ line: firstBodyLine, column: 1 }, 'the question has no prompt: write it after the front matter, before the first "## " section');

  const explanation = sections.get('Explanation');
  if (!explanation || explanation.markdown.length === 0) add({ line: explanation?.headingLine ?? firstBodyLine, column: 1 }, 'every question needs a "## Explanation" that teaches');
  if (type !== undefined) {
    for (const name of SECTIONS_BY_TYPE[type]) {
      if (!sections.has(name)) add({ line: firstBodyLine, column: 1 }, `a ${type} question needs a "## ${name}" section`);
    }
    for (const name of sections.keys()) {
      // Unknown sections were reported above; this is for known ones of another type.
      if (KNOWN_SECTIONS.includes(name) && !OPTIONAL_SECTIONS.includes(name) && !SECTIONS_BY_TYPE[type].includes(name)) {
        add({ line: sections.get(name)!.headingLine, column: 1 }, `"## ${name}" does not belong to a ${type} question`);
      }
    }
  }

  let choices: QuestionChoice[] | undefined;
  if ((type === 'single-choice' || type === 'multiple-choice') && sections.has('Choices')) {
    choices = parseChoices(sections.get('Choices')!, file, problems);
    const correct = choices.filter((c) => c.correct).length;
    const where = { line: sections.get('Choices')!.headingLine, column: 1 };
    if (choices.length < 2) add(where, 'a choice question needs at least 2 choices ("- [ ] text" lines)');
    else if (type === 'single-choice' && correct !== 1) add(where, `a single-choice question needs exactly one "- [x]" choice, found ${correct}`);
    else if (type === 'multiple-choice' && correct < 1) add(where, 'a multiple-choice question needs at least one "- [x]" choice');
  }
  let rubric: string[] | undefined;
  if (type === 'free-recall' && sections.has('Rubric')) {
    rubric = listItems(sections.get('Rubric')!.markdown, /^[-*] +(.+)$/);
    if (rubric.length < 2) add({ line: sections.get('Rubric')!.headingLine, column: 1 }, 'a rubric needs at least 2 points ("- point" lines)');
    if ((sections.get('Model answer')?.markdown.length ?? 0) === 0) add({ line: sections.get('Model answer')?.headingLine ?? firstBodyLine, column: 1 }, '"## Model answer" is empty');
  }
  let steps: string[] | undefined;
  if (type === 'ordering' && sections.has('Steps')) {
    steps = listItems(sections.get('Steps')!.markdown, /^\d+[.)] +(.+)$/);
    if (steps.length < 3) add({ line: sections.get('Steps')!.headingLine, column: 1 }, 'an ordering question needs at least 3 steps ("1. step" lines, in the correct order)');
  }
  if (type === 'spot-the-bug') {
    if (!/^\s*(```|~~~)/m.test(prompt.markdown)) add({ line: firstBodyLine, column: 1 }, 'a spot-the-bug question needs the code, in a fenced code block, in its prompt');
    if ((sections.get('Bug')?.markdown.length ?? 0) === 0) add({ line: sections.get('Bug')?.headingLine ?? firstBodyLine, column: 1 }, '"## Bug" must say where the bug is and how to fix it');
  }

  problems.throwIfAny();
  const positions: Question['positions'] = {};
  for (const key of KEYS) if (fields.has(key)) positions[key] = fields.get(key)!.keyPosition;
  const section = (name: string) => {
    const s = sections.get(name);
    return s ? { markdown: s.markdown, line: s.line } : undefined;
  };
  return {
    file,
    id: id!,
    topic: topic!,
    lesson: lesson!,
    difficulty: difficulty!,
    type: type!,
    tags: tags!,
    ...(sourceField ? { source: 'seed' as const } : {}),
    prompt,
    explanation: section('Explanation')!,
    ...(section('References') ? { references: section('References') } : {}),
    ...(choices ? { choices } : {}),
    ...(numeric ? { numeric } : {}),
    ...(section('Model answer') ? { modelAnswer: section('Model answer') } : {}),
    ...(rubric ? { rubric } : {}),
    ...(section('Bug') ? { bug: section('Bug') } : {}),
    ...(runnable !== undefined ? { runnable } : {}),
    ...(steps ? { steps } : {}),
    positions,
  };
}

/** "- [x] text" / "- [ ] text" items, each followed by "  > why" lines. */
function parseChoices(section: QuestionSection, file: string, problems: ContentProblemList): QuestionChoice[] {
  const choices: QuestionChoice[] = [];
  const lines = section.markdown.split('\n');
  let current: QuestionChoice | null = null;
  const finish = () => {
    if (current && current.why.trim().length === 0) {
      problems.add(file, current.line, 1, 'every choice needs a "> why" line under it saying why it is right or wrong');
    }
    if (current) choices.push({ ...current, text: current.text.trim(), why: current.why.trim() });
  };
  lines.forEach((text, index) => {
    const line = section.line + index;
    const item = /^[-*] +\[( |x|X)\] +(.+)$/.exec(text);
    if (item) {
      finish();
      current = { text: item[2], correct: item[1] !== ' ', why: '', line };
      return;
    }
    const why = /^\s+> ?(.*)$/.exec(text);
    if (why && current) {
      current.why += `${why[1]}\n`;
      return;
    }
    if (text.trim().length === 0) return;
    if (current && /^\s{2,}\S/.test(text)) {
      current.text += ` ${text.trim()}`;
      return;
    }
    problems.add(file, line, 1, `"${text.trim().slice(0, 40)}" is not a choice: write "- [ ] text" (or "- [x]" for a correct one) followed by an indented "> why" line`);
  });
  finish();
  return choices;
}

/**
 * The Markdown of `texts` (whose first line is file line `firstLine`) without blank lines at either
 * end; `line` moves past the leading ones so that line n of `markdown` is file line `line + n - 1`,
 * which formula and choice messages rely on.
 */
function withoutBlankEnds(texts: readonly string[], firstLine: number): QuestionSection {
  let start = 0;
  while (start < texts.length && texts[start].trim().length === 0) start++;
  return { markdown: texts.slice(start).join('\n').trimEnd(), line: firstLine + start };
}

function listItems(markdown: string, pattern: RegExp): string[] {
  const items: string[] = [];
  for (const text of markdown.split('\n')) {
    const match = pattern.exec(text.trim());
    if (match) items.push(match[1].trim());
    else if (items.length > 0 && /^\s{2,}\S/.test(text)) items[items.length - 1] += ` ${text.trim()}`;
  }
  return items;
}
