'use client';
import { useEffect, useState } from 'react';

/**
 * A formula that changes with the calculator's settings, typeset in the browser. KaTeX is
 * imported on first use so the page does not pay for it up front; until then the TeX source shows.
 */
export function KatexFormula({ tex, label }: { tex: string; label: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('katex').then(({ default: katex }) => {
      if (live) setHtml(katex.renderToString(tex, { throwOnError: false, output: 'htmlAndMathml' }));
    });
    return () => {
      live = false;
    };
  }, [tex]);
  return html === null ? (
    <code aria-label={label}>{tex}</code>
  ) : (
    <span aria-label={label} role="math" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
