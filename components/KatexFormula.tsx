'use client';
import { use, useEffect, useId, useRef, useState } from 'react';

type Katex = typeof import('katex').default;

let buildKatex: Promise<Katex> | null = null;

const typeset = (katex: Katex, tex: string) => katex.renderToString(tex, { throwOnError: false, output: 'htmlAndMathml' });

/**
 * A formula that changes with the calculator's settings. The build typesets the first formula
 * into the page, and hydration keeps that HTML (read back from the page), so nothing jumps when a
 * calculator comes alive (issue 12: the TeX source used to show until KaTeX loaded, and the
 * calculator's height changed). A changed formula is typeset in the browser, KaTeX imported on
 * first use so the page does not pay for it up front; after a client-side navigation the TeX
 * source shows until then.
 */
export function KatexFormula({ tex, label }: { tex: string; label: string }) {
  const id = useId();
  const katex = typeof window === 'undefined' ? use((buildKatex ??= import('katex').then((m) => m.default))) : null;
  const [html, setHtml] = useState<string | null>(() => {
    if (katex) return typeset(katex, tex);
    return document.getElementById(id)?.innerHTML ?? null;
  });
  const typesetTex = useRef<string | null>(html === null ? null : tex);
  useEffect(() => {
    if (typesetTex.current === tex) return;
    let live = true;
    import('katex').then(({ default: k }) => {
      if (!live) return;
      typesetTex.current = tex;
      setHtml(typeset(k, tex));
    });
    return () => {
      live = false;
    };
  }, [tex]);
  return html === null ? (
    <code aria-label={label}>{tex}</code>
  ) : (
    <span id={id} aria-label={label} role="math" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
