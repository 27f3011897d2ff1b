/**
 * The site's Content-Security-Policy, written into each exported page as a
 * `<meta http-equiv="Content-Security-Policy">` (a static export cannot set headers).
 *
 * Scripts: 'self' plus the SHA-256 of each inline script of that very page, not 'unsafe-inline'.
 * Next.js's static export puts the page's RSC payload in inline `self.__next_f.push(…)` scripts
 * that differ from page to page, and the root layout cannot carry their hashes: it renders before
 * them, and the payload contains the layout's own output, so a meta tag listing the payload's
 * hashes would change the payload it hashes. So the build writes the tag into the finished HTML
 * (scripts/csp-meta.ts), where every inline script is final. Nothing adds an inline script later:
 * client navigations fetch the payload as data, and chunks load by `<script src>` from 'self'.
 *
 * 'wasm-unsafe-eval' lets the SIMD kernel compile should it run on the page (today it runs in the
 * workers, whose own policy would come with their script's response); 'unsafe-eval' is absent.
 * Workers come from 'self': Turbopack starts them from a same-origin bootstrap script, not a
 * blob: URL (fflate's blob: workers belong to its async API, which the site does not use).
 * Styles: stylesheets from 'self'; inline style *attributes* are allowed because KaTeX positions
 * every glyph with them (hundreds per lesson), while `<style>` elements stay blocked.
 */
import { createHash } from 'node:crypto';

/** Every inline script's exact text (what the browser hashes), in document order. */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  // A script's text ends at the first `</script`: that is how the HTML parser reads it too.
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script/gi)) {
    const [, attributes, text] = match;
    if (/\ssrc\s*=/i.test(` ${attributes}`)) continue;
    scripts.push(text);
  }
  return scripts;
}

export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(inlineScriptHashes: readonly string[]): string {
  const unique = [...new Set(inlineScriptHashes)];
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${unique.map((hash) => ` ${hash}`).join('')}`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "worker-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const META_PATTERN = /<meta http-equiv="Content-Security-Policy"[^>]*>/i;

/**
 * The page with its policy as the first thing after the charset declaration, so it governs every
 * script and stylesheet that follows, while the charset stays within the first 1024 bytes. Running
 * it again replaces the policy rather than adding a second one.
 */
export function withContentSecurityPolicy(html: string): string {
  const withoutOld = html.replace(META_PATTERN, '');
  const policy = contentSecurityPolicy(inlineScripts(withoutOld).map(scriptHash));
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}"/>`;
  const charset = /<meta charset="?utf-8"?\s*\/?>/i.exec(withoutOld);
  if (charset) {
    const end = charset.index + charset[0].length;
    return withoutOld.slice(0, end) + meta + withoutOld.slice(end);
  }
  const head = /<head[^>]*>/i.exec(withoutOld);
  if (!head) throw new Error('withContentSecurityPolicy: the page has no <head>');
  const end = head.index + head[0].length;
  return withoutOld.slice(0, end) + meta + withoutOld.slice(end);
}
