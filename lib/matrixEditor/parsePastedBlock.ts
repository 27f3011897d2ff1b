/**
 * Cells from pasted text, whatever the learner copied from: a spreadsheet (tab-separated, with
 * cells quoted when they hold a tab, quote or line break), CSV (comma, or semicolon when there is
 * no comma), numbers separated by spaces, or a JSON array of arrays (`[[1, 2], [3, 4]]`, or one row
 * `[1, 2]`). The format is decided in that order of evidence: JSON if it starts with "[" (unless it
 * does not parse and has tabs: a spreadsheet cell can start with "["), then tabs, then
 * commas/semicolons, then whitespace. A comma is therefore always a separator (a decimal comma
 * "1,5" splits into two cells; validation then shows both).
 *
 * Cells are trimmed text, not numbers: validation is validateCells' job, so a pasted "1/sqrt(2)"
 * survives. Rows can differ in length (spreadsheets drop trailing empty cells): pasteBlock writes
 * only the cells a row has. Leading and trailing blank lines are dropped.
 */
import { AttentionInputError } from '../errors';
import { MAX_EDITOR_COLS, MAX_EDITOR_ROWS, type Cells } from './cells';

/** Characters read from one paste: 512×512 cells of ~4 characters is about a megabyte. */
export const MAX_PASTE_LENGTH = 2_000_000;

export function parsePastedBlock(text: string): Cells {
  if (typeof text !== 'string') throw new AttentionInputError('invalid-argument', 'Nothing was pasted.', { input: 'paste' });
  if (text.length > MAX_PASTE_LENGTH) {
    throw new AttentionInputError('out-of-range', `The pasted text is ${text.length} characters; at most ${MAX_PASTE_LENGTH} can be pasted.`, {
      input: 'paste',
    });
  }
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let rows: Cells;
  const json = trimmed.startsWith('[') ? fromJson(trimmed, !text.includes('\t')) : null;
  if (json !== null) rows = json;
  else if (text.includes('\t')) rows = delimited(stripBlankEdges(text), '\t');
  else if (text.includes(',')) rows = delimited(stripBlankEdges(text), ',');
  else if (text.includes(';')) rows = delimited(stripBlankEdges(text), ';');
  else rows = trimmed.split(/\r\n|\r|\n/).map((line) => line.trim().split(/\s+/)).filter((row) => row.some((c) => c !== ''));
  if (rows.length > MAX_EDITOR_ROWS) {
    throw new AttentionInputError('out-of-range', `The pasted block has ${rows.length} rows; at most ${MAX_EDITOR_ROWS} fit in the editor.`, { input: 'paste' });
  }
  const widest = rows.reduce((w, row) => Math.max(w, row.length), 0);
  if (widest > MAX_EDITOR_COLS) {
    throw new AttentionInputError('out-of-range', `The pasted block has ${widest} columns; at most ${MAX_EDITOR_COLS} fit in the editor.`, { input: 'paste' });
  }
  return rows;
}

/** Drops blank lines before the first and after the last row; empty cells inside rows keep their place. */
function stripBlankEdges(text: string): string {
  return text.replace(/^(?:[ ]*(?:\r\n|\r|\n))+/, '').replace(/(?:(?:\r\n|\r|\n)[ ]*)+$/, '');
}

/** Cells from JSON; null when it is not JSON and `strict` is off (a spreadsheet cell may start with "["). */
function fromJson(text: string, strict: boolean): Cells | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (!strict) return null;
    throw new AttentionInputError('not-a-matrix', 'The pasted text starts with "[" but is not valid JSON: paste [[1, 2], [3, 4]], or rows of numbers.', {
      input: 'paste',
    });
  }
  if (!Array.isArray(json)) throw new AttentionInputError('not-a-matrix', 'Pasted JSON must be a list of rows, like [[1, 2], [3, 4]].', { input: 'paste' });
  const rows = json.every((x) => !Array.isArray(x)) ? [json] : json;
  if (!rows.every(Array.isArray)) {
    throw new AttentionInputError('not-a-matrix', 'Pasted JSON mixes rows and single numbers: write every row as [..].', { input: 'paste' });
  }
  // Strings are kept as typed ("1/sqrt(2)"); anything else as its JSON text, which validation then flags.
  return (rows as unknown[][]).map((row) => row.map((x) => (typeof x === 'string' ? x.trim() : JSON.stringify(x) ?? '')));
}

/** RFC 4180-style splitting with quoted fields ("a, b", "say ""hi"""), cells trimmed. */
function delimited(text: string, delimiter: string): Cells {
  const rows: Cells = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    row.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (c === delimiter) endField();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  endField();
  rows.push(row);
  return rows;
}
