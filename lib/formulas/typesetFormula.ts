/**
 * A calculator's formula, typeset to HTML by KaTeX (HTML for the eye, MathML for screen readers).
 * The build typesets each example's first formula into the page; a formula that changes with the
 * settings is typeset here, in the attention worker (`typesetFormula` is an op of
 * lib/worker/operations.ts). On the page's main thread, loading KaTeX's module took ~60 ms and one
 * formula ~30 ms in Chromium on a 2-core machine: long tasks on every preset switch (issue 12).
 * KaTeX loads with the first formula, not with the worker, so pages that never change a formula
 * never load it.
 */
import { AttentionInputError } from '../errors';

export type Katex = typeof import('katex').default;

/** Far above any calculator's formula; a longer string is a bug, not a formula. */
export const MAX_FORMULA_LENGTH = 2000;

let loading: Promise<Katex> | null = null;

/** KaTeX's module, loaded once. */
export function loadKatex(): Promise<Katex> {
  loading ??= import('katex').then((m) => m.default);
  return loading;
}

/** The one set of options, so the build's formula and a live one are the same markup. */
export function typesetWith(katex: Katex, tex: string): string {
  return katex.renderToString(tex, { throwOnError: false, output: 'htmlAndMathml' });
}

export async function typesetFormula(tex: string): Promise<string> {
  if (typeof tex !== 'string' || tex.length > MAX_FORMULA_LENGTH) {
    throw new AttentionInputError('invalid-argument', `A formula must be text of at most ${MAX_FORMULA_LENGTH} characters.`);
  }
  return typesetWith(await loadKatex(), tex);
}
