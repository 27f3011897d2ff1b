'use client';
import { startTransition, use, useEffect, useId, useRef, useState } from 'react';
import { loadKatex, typesetWith } from '../lib/formulas/typesetFormula';
import { AttentionCancelledError } from '../lib/worker/workerErrors';
import { getAttentionClient } from './attentionWorkerClient';

/** Formulas typeset on this page, so going back to an earlier setting shows its formula at once. */
const typeset = new Map<string, string>();

/**
 * A formula that changes with the calculator's settings. The build typesets the first formula
 * into the page, and hydration keeps that HTML (read back from the page), so nothing jumps when a
 * calculator comes alive (issue 12: the TeX source used to show until KaTeX loaded, and the
 * calculator's height changed). A changed formula is typeset in the attention worker
 * (lib/formulas/typesetFormula.ts): on the main thread, KaTeX's first load and each formula were
 * long tasks. Until the new one arrives the old one stays, marked busy; after a client-side
 * navigation the TeX source shows until then.
 */
export function KatexFormula({ tex, label }: { tex: string; label: string }) {
  const id = useId();
  const katex = typeof window === 'undefined' ? use(loadKatex()) : null;
  const [html, setHtml] = useState<string | null>(() => {
    if (katex) return typesetWith(katex, tex);
    return document.getElementById(id)?.innerHTML ?? null;
  });
  const [shownTex, setShownTex] = useState<string | null>(html === null ? null : tex);
  const wanted = useRef(tex);
  wanted.current = tex;
  useEffect(() => {
    if (shownTex === tex) return;
    const show = (formula: string) => {
      typeset.set(tex, formula);
      startTransition(() => {
        setHtml(formula);
        setShownTex(tex);
      });
    };
    const known = typeset.get(tex);
    if (known !== undefined) return show(known);
    getAttentionClient()
      .run('typesetFormula', [tex], { channel: `formula:${id}` })
      .then((formula) => wanted.current === tex && show(formula))
      .catch(async (error: unknown) => {
        if (error instanceof AttentionCancelledError || wanted.current !== tex) return;
        // No worker (a browser that refuses module workers): typeset here rather than show nothing.
        show(typesetWith(await loadKatex(), tex));
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tex]);
  return html === null ? (
    <code aria-label={label}>{tex}</code>
  ) : (
    <span id={id} aria-label={label} aria-busy={shownTex !== tex || undefined} role="math" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
