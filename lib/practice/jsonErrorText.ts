/**
 * A JSON.parse failure in words a learner can act on. Engines word it differently, and V8 quotes
 * the start of the text itself ("Unexpected token 'x', "{"state":…" is not valid JSON"), which for
 * a progress file is a wall of raw data. This keeps the parser's point, drops the quoted text, and
 * says where in one form, "at line 3, column 8", whether the engine gave a line and column
 * (current V8, Firefox), only a character position (older V8), or nothing.
 */
const QUOTED_TEXT = /,\s*(\.\.\.)?".*"(\.\.\.)?\s+is not valid JSON\s*$/s;
const WHERE = /\s*(in JSON\s*)?(at position \d+\s*)?(\(line \d+ column \d+\)|at line \d+ column \d+( of the JSON data)?)?\s*$/;
const MAX_DETAIL = 80;

export function jsonErrorText(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  let detail = raw.replace(QUOTED_TEXT, '').replace(/^JSON\.parse:\s*/, '').replace(WHERE, '').trim();
  if (detail.length > MAX_DETAIL) detail = `${detail.slice(0, MAX_DETAIL - 1)}…`;
  const where = position(text, raw);
  return where ? `${detail} at line ${where.line}, column ${where.column}` : detail;
}

function position(text: string, message: string): { line: number; column: number } | null {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const at = /position (\d+)/.exec(message);
  if (!at) return null;
  const offset = Math.min(Number(at[1]), text.length);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
