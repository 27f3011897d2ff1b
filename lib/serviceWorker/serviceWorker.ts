/**
 * The site's service worker, bundled by scripts/service-worker.ts into out/sw.js with the list of
 * files to precache (lib/serviceWorker/precachePlan.ts) injected where `self.__WB_MANIFEST` is.
 *
 * Workbox's precaching does the caching: each file is stored with its revision (a hash of its
 * content), a new deploy's worker downloads only the files whose revision changed while the old
 * worker keeps serving, and when the new one takes over it deletes the entries the new list no
 * longer has. So the cache is versioned per file, and a deploy that changes one page costs one
 * page. The worker waits after installing until the reader presses "Reload" in the page's notice
 * (lib/serviceWorker/updateFlow.ts), except on the first visit, when it takes control at once so
 * that very tab works offline.
 *
 * What Next's client router needs offline, besides the pages: its segment files are requested
 * with a cache-busting `?_rsc=` query (queries are ignored here), and in a static export it first sends a
 * HEAD request for the page it prefetches, answered here from the precache.
 */
import { clientsClaim, setCacheNameDetails } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { isSkipWaitingMessage, isVersionMessage } from './updateFlow';

// The service-worker global, typed by hand so lib/ needs no WebWorker lib (it clashes with DOM).
interface ServiceWorkerScope {
  __WB_MANIFEST: (PrecacheEntry | string)[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: { data: unknown; ports: readonly MessagePort[] }) => void): void;
}
const scope = self as unknown as ServiceWorkerScope;

/** The build this worker serves (Next's build id), replaced by scripts/service-worker.ts. */
declare const ATTENTION_LAB_BUILD: string;

setCacheNameDetails({ prefix: 'attention-lab' });
cleanupOutdatedCaches();

// A worker's global `location` is the URL of the response that made it, and Turbopack's worker
// bootstrap reads its chunks from `?params=` there; a precached response carries the URL it was
// cached under, without the query. So a worker script gets a fresh response (which takes the
// request's URL). Registered before the precache's route, so it wins.
registerRoute(
  ({ request }) => request.destination === 'worker' || request.destination === 'sharedworker',
  async ({ request, url }) => {
    const cached = await matchPrecache(url.pathname);
    if (!cached) return fetch(request);
    return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers: cached.headers });
  },
);

// Spelled out: workbox-build looks for this very text to put the list in.
precacheAndRoute((self as unknown as ServiceWorkerScope).__WB_MANIFEST, {
  // A static export serves the same file whatever the query: the router's `?_rsc=` cache buster,
  // the icon's `?icon.<hash>.svg`, a campaign tag.
  ignoreURLParametersMatching: [/./],
  // Pages are listed under their directory URLs already (precachePlan.ts).
  directoryIndex: '',
  cleanURLs: false,
  // A page typed without its trailing slash is the same page.
  urlManipulation: ({ url }) => (url.pathname.endsWith('/') || /\.[a-z0-9]+$/i.test(url.pathname) ? [] : [new URL(`${url.pathname}/`, url)]),
});

// Next's prefetch asks `HEAD /lessons/x/` before the segment files; precaching routes only GET.
registerRoute(
  ({ request, url }) => request.method === 'HEAD' && url.origin === location.origin,
  async ({ request, url }) => {
    const cached = await matchPrecache(url.pathname);
    if (cached) return new Response(null, { status: cached.status, headers: cached.headers });
    return fetch(request);
  },
  'HEAD',
);

// A page that is not in the precache (a mistyped address) offline: the site's own 404 page
// rather than the browser's error page.
registerRoute(
  ({ request }) => request.mode === 'navigate',
  async ({ request }) => {
    try {
      return await fetch(request);
    } catch (error) {
      const notFound = await matchPrecache('/404/');
      if (notFound) return notFound;
      throw error;
    }
  },
);

scope.addEventListener('message', (event) => {
  if (isSkipWaitingMessage(event.data)) void scope.skipWaiting();
  else if (isVersionMessage(event.data)) event.ports[0]?.postMessage(ATTENTION_LAB_BUILD);
});

// The first install takes control of open pages (the page that installed it then works offline);
// later ones wait for SKIP_WAITING. clientsClaim acts on activation, so it never skips waiting.
clientsClaim();
