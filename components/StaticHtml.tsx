'use client';
/**
 * One chunk of a page's static HTML (prose, formulas, code: lib/content/staticHtml.ts), which
 * React places but does not carry: the RSC payload holds only the chunk's id.
 *
 * - Hydrating an exported page: the build wrote the HTML into this very element
 *   (lib/build/staticHtmlFill.ts). The element declares its content as raw HTML (empty), so
 *   hydration does not descend into it, and the declared HTML never changes, so React never
 *   rewrites it.
 * - Mounting later on the same page (an explanation shown after an answer): the HTML is shown
 *   elsewhere on the page, or it is in the page's later file (static-html-later.json, which the
 *   page does not carry: lib/build/staticHtmlFill.ts). That file is fetched once the page is idle
 *   after load, so by the time someone answers it is at hand and the chunk shows at once; if not
 *   yet, the part says it is loading (no suspense: the card around it stays as it is).
 * - Mounting after a client-side navigation (a `<Link>`, back/forward): the new page's HTML never
 *   arrived, so the chunk reads the page's static-html.json. It suspends meanwhile; the router's
 *   navigation is a transition, so the old page stays on screen until the new one is complete.
 * - `next dev`, or a page the build did not fill: the element is empty after hydration, and is
 *   filled from the JSON file the same way.
 */
import { createContext, use, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { afterLoadWhenIdle } from '../lib/afterLoadWhenIdle';
import { laterChunkFile } from '../lib/content/laterChunkFile';

interface Source {
  /** The page's static-html.json: every chunk. */
  src: string;
  /** The page came from the export and hydrated (not rendered after a client-side navigation). */
  hydrated: boolean;
}

const SourceContext = createContext<Source | null>(null);

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

/** The chunk's HTML if this visit has it: met before, or shown elsewhere on the page. */
function htmlAtHand(id: string): string | null {
  const met = known.get(id);
  if (met !== undefined) return met;
  const shown = document.querySelector(`[data-static-html="${CSS.escape(id)}"]`);
  const html = shown && shown.childNodes.length > 0 ? shown.innerHTML : null;
  if (html !== null) known.set(id, html);
  return html;
}

/** Whether the exported page keeps chunks in a later file (its store element says so: staticHtmlFill). */
function pageHasLaterFile(): boolean {
  return document.querySelector('[data-static-html-store]')?.getAttribute('data-static-html-store') === 'later';
}

/**
 * Wraps a page whose chunks live in `src` (the page's static-html.json), and holds the page's
 * store of chunks not shown yet, which the build fills.
 */
export function StaticHtmlSource({ src, children }: { src: string; children: ReactNode }) {
  const hydrating = useSyncExternalStore(
    subscribeNothing,
    () => false,
    () => true,
  );
  const [hydrated] = useState(hydrating);
  // One value for good: a new context value after hydration would reach the calculators' islands
  // while they still wait to hydrate (dehydrated Suspense boundaries), and React would throw their
  // server HTML away and render them on the client from nothing.
  const source = useMemo(() => ({ src, hydrated }), [src, hydrated]);
  useEffect(() => {
    if (!hydrated || !pageHasLaterFile()) return;
    // Off the critical path: after load, when the page is idle (the service worker caches it too).
    return afterLoadWhenIdle(window, () => void chunkFile(laterChunkFile(src)), 4000);
  }, [hydrated, src]);
  return (
    <SourceContext value={source}>
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
  const source = useContext(SourceContext);
  if (source === null) throw new Error('StaticHtml needs a StaticHtmlSource around it');
  const { src } = source;
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
  useLayoutEffect(() => {
    const element = ref.current;
    return () => {
      // Unmounted, the chunk leaves the page (a deck's next-step box moving on): keep its HTML
      // for the next mount of the same chunk, which would otherwise look for it in a file.
      if (element && element.childNodes.length > 0 && !known.has(id)) known.set(id, element.innerHTML);
    };
  }, [id]);
  const atHand = fromPage ? null : htmlAtHand(id);
  // Mounted later on a page that came whole: the chunk is in the page's later file.
  const fromLaterFile = !fromPage && atHand === null && source.hydrated && pageHasLaterFile();
  const [fetched, setFetched] = useState<string | null>(null);
  useEffect(() => {
    if (!fromLaterFile) return;
    let live = true;
    void chunkFile(laterChunkFile(src)).then((chunks) => live && setFetched(chunks?.[id] ?? ''));
    return () => {
      live = false;
    };
  }, [fromLaterFile, src, id]);

  if (fromLaterFile && fetched === null) {
    // A span: the part may sit inside a paragraph (a choice's verdict line). No live region: the
    // card's own status line says the verdict, and several "Loading…" would talk over it.
    return <span className="static-html-pending">Loading…</span>;
  }
  // No hook may follow `use`: a render replayed once the file has come finds the chunk at hand and
  // skips `use`, and React would then take a hook after it for an update of a component never mounted.
  const html = fromPage ? late : (atHand ?? (fromLaterFile ? fetched : null) ?? use(chunkFile(src))?.[id] ?? '');
  if (html === '') return <Unavailable />;
  // React rewrites the element's content only when `__html` changes, so the page's HTML stays.
  return <div data-static-html={id} className="static-html" ref={ref} dangerouslySetInnerHTML={html === null ? EMPTY : { __html: html }} suppressHydrationWarning />;
}
