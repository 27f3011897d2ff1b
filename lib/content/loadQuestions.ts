/**
 * Every question of `content/questions/`, validated together: each file on its own
 * (questionSource.ts), then unique ids, lesson links that resolve, formulas that typeset, and the
 * answers of numeric questions that declare `check:` recomputed with the core (lib/), so a wrong
 * answer key fails the build. All problems of all files are reported at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkMath } from './checkMath';
import { ContentError, ContentProblemList } from './contentError';
import { QUESTION_CHECKS } from './questionChecks';
import { parseQuestionSource, type Question } from './questionSource';
import { parseLessonMarkdown } from './renderLesson';
import { describeKnownLanguages, resolveCodeLanguage } from './codeLanguages';
import { createRequire } from 'node:module';
import vm from 'node:vm';

export const DEFAULT_QUESTIONS_DIR = 'content/questions';

/** Questions sorted by lesson order then id; `lessonSlugs` in course order. */
export function loadQuestions(dir: string, lessonSlugs: readonly string[]): Question[] {
  const problems = new ContentProblemList();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.md')).sort();
  } catch {
    return []; // no questions yet
  }
  const questions: Question[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      questions.push(parseQuestionSource(readFileSync(file, 'utf8'), file));
    } catch (error) {
      problems.addError(error);
    }
  }
  checkQuestionsTogether(questions, lessonSlugs, problems);
  problems.throwIfAny();
  const order = new Map(lessonSlugs.map((slug, i) => [slug, i]));
  return questions.sort((a, b) => (order.get(a.lesson) ?? 0) - (order.get(b.lesson) ?? 0) || a.id.localeCompare(b.id));
}

export function checkQuestionsTogether(questions: readonly Question[], lessonSlugs: readonly string[], problems: ContentProblemList): void {
  const byId = new Map<string, Question>();
  const lessons = new Set(lessonSlugs);
  for (const q of questions) {
    const idAt = q.positions.id ?? { line: 1, column: 1 };
    const earlier = byId.get(q.id);
    if (earlier) problems.add(q.file, idAt.line, idAt.column, `question id "${q.id}" is already used by ${earlier.file}`);
    else byId.set(q.id, q);
    if (path.basename(q.file, '.md') !== q.id) problems.add(q.file, idAt.line, idAt.column, `the file of question "${q.id}" must be named ${q.id}.md`);
    if (!lessons.has(q.lesson)) {
      const at = q.positions.lesson ?? idAt;
      problems.add(q.file, at.line, at.column, `lesson "${q.lesson}" is not the slug of any lesson (slugs: ${[...lessons].join(', ')})`);
    }
    // Choices at the lines renderQuestion renders them with: the text on its "- [ ]" line, the why below.
    const choiceParts = (q.choices ?? []).flatMap((c) => [
      { markdown: c.text, line: c.line },
      { markdown: c.why, line: c.line + 1 },
    ]);
    const parts = [q.prompt, q.explanation, q.modelAnswer, q.bug, q.references, ...choiceParts].filter((s) => s !== undefined);
    for (const part of parts) checkMath(parseLessonMarkdown(part.markdown), { file: q.file, bodyStartLine: part.line }, problems);
    if (q.numeric?.check) checkNumericAnswer(q, problems);
    checkCodeBlocks(q, problems);
  }
}

function checkNumericAnswer(q: Question, problems: ContentProblemList): void {
  const { answer, tolerance, check } = q.numeric!;
  const fn = Object.hasOwn(QUESTION_CHECKS, check!.function) ? QUESTION_CHECKS[check!.function] : undefined;
  if (!fn) {
    problems.add(q.file, check!.line, 1, `check function "${check!.function}" is unknown (known: ${Object.keys(QUESTION_CHECKS).join(', ')})`);
    return;
  }
  let computed: number;
  try {
    computed = fn(check!.inputs);
  } catch (error) {
    problems.add(q.file, check!.line, 1, `check ${check!.function} failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!Number.isFinite(computed) || Math.abs(computed - answer) > tolerance) {
    problems.add(q.file, check!.line, 1, `the answer ${answer} is wrong: ${check!.function} computes ${computed} (tolerance ${tolerance})`);
  }
}

/**
 * Code blocks name a known language; in a question marked `runnable`, TypeScript and JavaScript
 * blocks must parse (they are meant to be run by the reader, so a syntax error is a content bug).
 */
function checkCodeBlocks(q: Question, problems: ContentProblemList): void {
  const parts = [q.prompt, q.explanation, q.modelAnswer, q.bug].filter((s) => s !== undefined);
  for (const part of parts) {
    const lines = part.markdown.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^\s*(```|~~~)\s*([\w+-]*)/.exec(lines[i]);
      if (!open) continue;
      const lang = open[2] || undefined;
      const start = i;
      let end = i + 1;
      while (end < lines.length && !lines[end].trim().startsWith(open[1])) end++;
      const line = part.line + start;
      if (lang !== undefined && lang !== 'math' && resolveCodeLanguage(lang) === undefined) {
        problems.add(q.file, line, 1, `unknown code block language "${lang}" (known: ${describeKnownLanguages()})`);
      }
      const code = lines.slice(start + 1, end).join('\n');
      if (q.runnable && lang && /^(ts|typescript|js|javascript|mjs)$/.test(lang)) {
        const error = syntaxError(code, /^(ts|typescript)$/.test(lang));
        if (error) problems.add(q.file, line, 1, `the ${lang} code of a runnable question does not parse: ${error}`);
      }
      i = end;
    }
  }
}

/** The first syntax error of `code`, or null. Nothing is run. */
function syntaxError(code: string, typescript: boolean): string | null {
  if (typescript) {
    // Loaded only for runnable TypeScript questions, and at run time so the site's bundle never holds it.
    const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
    const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
    const first = out.diagnostics?.[0];
    return first ? ts.flattenDiagnosticMessageText(first.messageText, ' ') : null;
  }
  try {
    new vm.Script(code);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export { ContentError };
