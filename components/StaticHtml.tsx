'use client';
/**
 * One chunk of a page's static HTML (prose, formulas, code: lib/content/staticHtml.ts), which
 * React places but does not carry: the RSC payload holds only the chunk's id.
 *
 * - Hydrating an exported page: the build wrote the HTML into this very element
 *   (lib/build/staticHtmlFill.ts). The element declares its content as raw HTML (empty), so
 *   hydration does not descend into it, and the declared HTML never changes, so React never
 *   rewrites it.
 * - Mounting later on the same page (an explanation shown after an answer): the HTML is in the
 *   page's store as a `<template>`, or already shown elsewhere on the page; copied synchronously.
 * - Mounting after a client-side navigation (a `<Link>`, back/forward): the new page's HTML never
 *   arrived, so the chunk reads the page's static-html.json. It suspends meanwhile; the router's
 *   navigation is a transition, so the old page stays on screen until the new one is complete.
 * - `next dev`, or a page the build did not fill: the element is empty after hydration, and is
 *   filled from the JSON file the same way.
 */
import { createContext, use, useContext, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';

const SourceContext = createContext<string | null>(null);

const EMPTY = { __html: '' };

const subscribeNothing = () => () => {};

/** Chunks met so far, by id. An id is a hash of the HTML, so it stands for the same HTML on every page. */
const known = new Map<string, string>();

/** Chunk files by URL, each fetched once per visit. Never rejects: null when the file could not be read. */
const files = new Map<string, Promise<Record<string, string> | null>>();

function chunkFile(src: string): Promise<Record<string, string> | null> {
  let file = files.get(src);
  if (!file) {
    file = fetch(src)
      .then((response) => (response.ok ? (response.json() as Promise<Record<string, string>>) : null))
      .catch(() => null);
    // A failure stays cached: a render replayed after it must find the same promise, or it would
    // fetch and suspend again forever. The reader is offered a reload instead (Unavailable).
    void file.then((chunks) => {
      for (const [id, html] of Object.entries(chunks ?? {})) known.set(id, html);
    });
    files.set(src, file);
  }
  return file;
}

/** The chunk's HTML if this visit has it: met before, in the page's store, or shown elsewhere on the page. */
function htmlAtHand(id: string): string | null {
  const met = known.get(id);
  if (met !== undefined) return met;
  const selector = `[data-static-html="${CSS.escape(id)}"]`;
  const template = document.querySelector<HTMLTemplateElement>(`template${selector}`);
  const shown = template ? null : document.querySelector(`${selector}:not(template)`);
  const html = template ? template.innerHTML : shown && shown.childNodes.length > 0 ? shown.innerHTML : null;
  if (html !== null) known.set(id, html);
  return html;
}

/**
 * Wraps a page whose chunks live in `src` (the page's static-html.json), and holds the page's
 * store of chunks not shown yet, which the build fills.
 */
export function StaticHtmlSource({ src, children }: { src: string; children: ReactNode }) {
  return (
    <SourceContext value={src}>
      {children}
      <div hidden data-static-html-store="" dangerouslySetInnerHTML={EMPTY} suppressHydrationWarning />
    </SourceContext>
  );
}

function Unavailable() {
  return (
    <p className="field-error">
      This part of the page could not be loaded. <a href="">Reload the page</a> to see it.
    </p>
  );
}

/** The `static-html` element of a skeleton tree (hast-util-to-jsx-runtime passes `data-id`). */
export function StaticHtml({ 'data-id': id }: { 'data-id': string }) {
  const src = useContext(SourceContext);
  if (src === null) throw new Error('StaticHtml needs a StaticHtmlSource around it');
  // True only while hydrating (the server snapshot); kept, so the first render decides for good.
  const hydrating = useSyncExternalStore(
    subscribeNothing,
    () => false,
    () => true,
  );
  const [fromPage] = useState(hydrating);
  const [late, setLate] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!fromPage || ref.current?.firstChild) return;
    let live = true;
    void chunkFile(src).then((chunks) => live && setLate(chunks?.[id] ?? ''));
    return () => {
      live = false;
    };
  }, [fromPage, src, id]);

  // No hook may follow `use`: a render replayed once the file has come finds the chunk at hand and
  // skips `use`, and React would then take a hook after it for an update of a component never mounted.
  const html = fromPage ? late : (htmlAtHand(id) ?? use(chunkFile(src))?.[id] ?? '');
  if (html === '') return <Unavailable />;
  // React rewrites the element's content only when `__html` changes, so the page's HTML stays.
  return <div data-static-html={id} className="static-html" ref={ref} dangerouslySetInnerHTML={html === null ? EMPTY : { __html: html }} suppressHydrationWarning />;
}
