/**
 * How much of an exported page is the React Server Components payload (issue 13: the content
 * must not travel twice). Next.js inlines the payload into the HTML as `self.__next_f.push(…)`
 * scripts, which hydration reads; the rest of the file is the markup a browser shows.
 *
 * ratio = payload bytes / markup bytes, where the payload is the text of those scripts and the
 * markup is everything else in the file (tags of those scripts included), all in UTF-8 bytes, plus
 * the page's later file (static-html-later.json: the explanations the page no longer carries,
 * lib/build/staticHtmlFill.ts). That is content too, travelling once; without it, taking 283 KB of
 * explanations out of a lesson would raise its ratio while nothing travelled twice any more.
 */
import { inlineScripts } from './contentSecurityPolicy';

export interface PayloadShare {
  /** The whole file (index.html; its later file not included). */
  fileBytes: number;
  payloadBytes: number;
  markupBytes: number;
  /** payloadBytes / markupBytes. */
  ratio: number;
}

const isPayload = (script: string) => /^\s*\(?self\.__next_f\s*=|^\s*self\.__next_f\.push\(/.test(script);

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export function payloadShare(html: string, laterFileBytes = 0): PayloadShare {
  const fileBytes = bytes(html);
  const payloadBytes = inlineScripts(html)
    .filter(isPayload)
    .reduce((sum, script) => sum + bytes(script), 0);
  const markupBytes = fileBytes - payloadBytes + laterFileBytes;
  return { fileBytes, payloadBytes, markupBytes, ratio: markupBytes > 0 ? payloadBytes / markupBytes : Infinity };
}

/**
 * The routes whose ratio is gated: the lessons (issue 13's target). Calculator pages and /sources/
 * are reported beside them; on /sources/, a short page, Next's own share of the payload (root
 * layout, router state, metadata: about 7 KiB on every page) is already a fifth of the markup.
 */
export function isGatedRoute(route: string): boolean {
  return /^\/lessons\/[^/]+\/$/.test(route);
}

/** Issue 13's limit: the payload at most 15 % of the markup. */
export const PAYLOAD_RATIO_LIMIT = 0.15;
