/**
 * The one reader of a content file's front matter: `---`, YAML `key: value` lines, `---`, then
 * Markdown. Lessons and walkthroughs both start this way; reading it in one place keeps their line
 * numbers, line-ending handling and messages the same, so `file:line` means the same in every file.
 *
 * It only splits and reads the YAML (with positions); which keys are allowed and what they must
 * hold is the caller's business.
 */
import { ContentError, ContentProblemList } from './contentError';
import { readYamlMapping, type YamlField, type YamlSlice } from './yamlFields';

export interface FrontMatter {
  fields: Map<string, YamlField>;
  /** Where the fields were read from, for validators' messages. */
  slice: YamlSlice;
  /** File line of the closing `---`, where a missing key is reported (the author adds it there). */
  closingLine: number;
  /** The Markdown after the closing `---`. */
  markdown: string;
  /** File line (1-based) of the first Markdown line. */
  bodyStartLine: number;
}

const FENCE = '---';

/**
 * Splits `source` and reads its front matter. `missingMessage` is what an author reads when the
 * file does not start with `---` (it names the kind of file). Throws a ContentError when the
 * front matter cannot be read at all; key rules are left to `problems` of the caller.
 */
export function readFrontMatter(source: string, file: string, missingMessage: string): FrontMatter {
  // Normalise line endings (and a BOM) so line numbers are the same on every platform.
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trimEnd() !== FENCE) {
    throw new ContentError({ file, line: 1, column: 1, detail: missingMessage });
  }
  const closingIndex = lines.findIndex((line, index) => index > 0 && line.trimEnd() === FENCE);
  if (closingIndex === -1) {
    throw new ContentError({ file, line: 1, column: 1, detail: 'the front matter that starts here has no closing "---" line' });
  }
  const slice: YamlSlice = { file, firstLine: 2, what: 'front matter' };
  const problems = new ContentProblemList();
  const fields = readYamlMapping(lines.slice(1, closingIndex).join('\n'), slice, problems);
  if (!fields) throw new ContentError(problems.problems);
  return {
    fields,
    slice,
    closingLine: closingIndex + 1,
    markdown: lines.slice(closingIndex + 1).join('\n'),
    bodyStartLine: closingIndex + 2,
  };
}
