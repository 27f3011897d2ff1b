/**
 * The one error type of the content pipeline. A lesson author reads it in a failed `next build`,
 * so its message starts with `file:line:` (the form editors and terminals turn into a link) and
 * says what is wrong in words: `content/lessons/x.md:4: "minutes" must be a positive whole
 * number, got "ten"`.
 *
 * One ContentError can carry several problems (`problems`), one per line of its message, so an
 * author sees everything wrong in one build instead of fixing one problem per run.
 */

/** One problem at one place of one file. Lines and columns are 1-based and refer to the .md file. */
export interface ContentProblem {
  file: string;
  line: number;
  column: number;
  /** The problem without the location prefix, e.g. `"order" must be a positive whole number, got 0`. */
  detail: string;
}

export function formatContentProblem(problem: ContentProblem): string {
  return `${problem.file}:${problem.line}: ${problem.detail}`;
}

export class ContentError extends Error {
  override readonly name = 'ContentError' as const;
  /** Every problem found, in file order; the first is also `file`/`line`/`column`/`detail`. */
  readonly problems: readonly ContentProblem[];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly detail: string;

  constructor(problems: ContentProblem | readonly ContentProblem[]) {
    const list = Array.isArray(problems) ? [...(problems as readonly ContentProblem[])] : [problems as ContentProblem];
    if (list.length === 0) throw new TypeError('ContentError needs at least one problem');
    super(list.map(formatContentProblem).join('\n'));
    this.problems = list;
    const first = list[0];
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.detail = first.detail;
  }

  /** Merges the problems of several errors into one error (or returns undefined for none). */
  static combine(errors: readonly ContentError[]): ContentError | undefined {
    if (errors.length === 0) return undefined;
    if (errors.length === 1) return errors[0];
    return new ContentError(errors.flatMap((error) => error.problems));
  }
}

/** Collects problems while a validator keeps going, then throws them all at once. */
export class ContentProblemList {
  readonly problems: ContentProblem[] = [];

  add(file: string, line: number, column: number, detail: string): void {
    this.problems.push({ file, line, column, detail });
  }

  addError(error: unknown): void {
    if (error instanceof ContentError) this.problems.push(...error.problems);
    else throw error;
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new ContentError(this.problems);
  }
}

/** How a value the author wrote is quoted back in a message: strings quoted, lists and maps named. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping (key: value pairs)';
  return String(value);
}
