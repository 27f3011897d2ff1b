/**
 * The languages code blocks may use. Kept apart from the highlighter so the loader can check
 * them without starting shiki. A typo such as ```pyhton is an error rather than a silently
 * uncoloured block.
 */
export const HIGHLIGHTED_LANGUAGES = ['python', 'typescript', 'javascript', 'bash', 'json', 'tsx', 'jsx', 'yaml'] as const;
export type HighlightedLanguage = (typeof HIGHLIGHTED_LANGUAGES)[number];

const ALIASES: Record<string, HighlightedLanguage> = {
  py: 'python',
  ts: 'typescript',
  js: 'javascript',
  sh: 'bash',
  shell: 'bash',
  yml: 'yaml',
};

/** Fences shown as plain monospaced text (still inside a shiki <pre> so they share its look). */
export const PLAIN_LANGUAGES = ['text', 'txt', 'plaintext'] as const;

/** 'text' for plain blocks, the shiki language for known ones, undefined for unknown ones. */
export function resolveCodeLanguage(lang: string | null | undefined): HighlightedLanguage | 'text' | undefined {
  if (!lang) return 'text';
  const lower = lang.toLowerCase();
  if ((PLAIN_LANGUAGES as readonly string[]).includes(lower)) return 'text';
  if ((HIGHLIGHTED_LANGUAGES as readonly string[]).includes(lower)) return lower as HighlightedLanguage;
  return ALIASES[lower];
}

export function describeKnownLanguages(): string {
  return [...HIGHLIGHTED_LANGUAGES, ...Object.keys(ALIASES), ...PLAIN_LANGUAGES].join(', ');
}
