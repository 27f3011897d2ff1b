/**
 * Where a page's later chunks live: the chunks its HTML does not carry because nothing shows them
 * until the reader acts (a question's explanation after an answer). The build writes the file
 * (scripts/static-html-fill.ts) and the browser reads it (components/StaticHtml.tsx), so both take
 * its name from here.
 */
export function laterChunkFile(src: string): string {
  if (!src.endsWith('/static-html.json')) throw new Error(`laterChunkFile: expected a path ending in /static-html.json, got ${src}`);
  return `${src.slice(0, -'static-html.json'.length)}static-html-later.json`;
}
