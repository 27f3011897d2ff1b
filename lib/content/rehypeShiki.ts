/**
 * Build-time syntax highlighting with shiki: each `<pre><code class="language-x">` that
 * remark-rehype produced is replaced by shiki's `<pre class="shiki ...">` with one styled span per
 * token, colours for both themes inline (`color` = light, `--shiki-dark` = dark). The app's CSS
 * switches to the dark colours (e.g. `.dark .shiki, .dark .shiki span { color: var(--shiki-dark);
 * background-color: var(--shiki-dark-bg) }`); no highlighting JavaScript reaches the browser.
 *
 * The highlighter is created on first use and its promise cached module-wide, so importing this
 * module (e.g. from a server component) costs nothing and every page of a build shares one
 * highlighter. The JavaScript regex engine is used instead of Oniguruma so no .wasm file has to
 * be located by the bundler.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { createHighlighter, createJavaScriptRegexEngine, type Highlighter } from 'shiki';
import { HIGHLIGHTED_LANGUAGES, resolveCodeLanguage } from './codeLanguages';
import { textOf } from './rehypeHeadings';

export const CODE_THEMES = { light: 'github-light', dark: 'github-dark' } as const;

/**
 * github-light draws parameters and keyword arguments in #E36209, 3.5:1 on the white code
 * background, below the 4.5:1 that body-size text needs (axe, issue 13): a darker orange of the
 * same hue, 5.6:1, replaces it.
 */
export const CODE_COLOUR_REPLACEMENTS = { [CODE_THEMES.light]: { '#e36209': '#a84d00' } };

let highlighterPromise: Promise<Highlighter> | undefined;

export function getHighlighter(): Promise<Highlighter> {
  highlighterPromise ??= createHighlighter({
    themes: [CODE_THEMES.light, CODE_THEMES.dark],
    langs: [...HIGHLIGHTED_LANGUAGES],
    engine: createJavaScriptRegexEngine(),
  }).catch((error: unknown) => {
    highlighterPromise = undefined; // let a later call try again instead of caching the failure
    throw error;
  });
  return highlighterPromise;
}

function languageOf(code: Element): string | undefined {
  const className = code.properties?.className;
  const classes = Array.isArray(className) ? className.map(String) : [];
  return classes.find((name) => name.startsWith('language-'))?.slice('language-'.length);
}

/**
 * shiki writes `class: "a b"`; hast (and every other plugin here) uses `className: ['a', 'b']`.
 * Both render the same, but one convention lets the app and tests read classes one way.
 */
function normaliseClassProperty(element: Element): void {
  const value: unknown = element.properties?.class;
  if (typeof value === 'string') {
    const { class: _class, ...rest } = element.properties;
    element.properties = { ...rest, className: value.split(/\s+/).filter(Boolean) };
  }
  for (const child of element.children) if (child.type === 'element') normaliseClassProperty(child);
}

/** Replaces code blocks in place. Unknown languages are shown as plain text (remarkEmbeds reports them). */
export async function highlightCodeBlocks(tree: Root): Promise<void> {
  const blocks: { parent: Root | Element; index: number; code: Element }[] = [];
  const walk = (parent: Root | Element): void => {
    parent.children.forEach((child: RootContent | ElementContent, index: number) => {
      if (child.type !== 'element') return;
      const code = child.children[0];
      if (child.tagName === 'pre' && code?.type === 'element' && code.tagName === 'code') {
        blocks.push({ parent, index, code });
      } else {
        walk(child);
      }
    });
  };
  walk(tree);
  if (blocks.length === 0) return;

  const highlighter = await getHighlighter();
  for (const { parent, index, code } of blocks) {
    const written = languageOf(code);
    const lang = resolveCodeLanguage(written) ?? 'text';
    const source = textOf(code).replace(/\n$/, '');
    const highlighted = highlighter.codeToHast(source, { lang, themes: CODE_THEMES, colorReplacements: CODE_COLOUR_REPLACEMENTS });
    const pre = highlighted.children[0];
    if (pre?.type !== 'element') continue;
    normaliseClassProperty(pre);
    pre.properties = { ...pre.properties, dataLanguage: lang };
    pre.position = parent.children[index].position;
    parent.children[index] = pre;
  }
}
