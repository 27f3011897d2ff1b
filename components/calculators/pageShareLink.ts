/**
 * The share link in the address bar, as the page's calculators see it: read from location.hash
 * and routed by one router for the whole page, so however many calculators ask (each when it
 * mounts, and each on every `hashchange`) a fragment is decoded once (lib/share/shareFragmentRouter.ts).
 */
import { createShareFragmentRouter } from '../../lib/share/shareFragmentRouter';
import type { ShareLinkAction, ShareLinkMoment } from '../../lib/share/shareLink';

const route = createShareFragmentRouter();

/** Where the page's current link goes and what it does there, as seen by `embedId`; null when there is no link. */
export function pageShareLinkAction(embedId: string, moment: ShareLinkMoment): ShareLinkAction | null {
  // Every calculator of the page is in the prerendered HTML, in page order, even before its own
  // code has loaded; each one reaches the same answer about whose link this is.
  const onPage = Array.from(document.querySelectorAll<HTMLElement>('.suite-calculator[id]'), (el) => el.id);
  return route(window.location.hash, onPage.includes(embedId) ? onPage : [...onPage, embedId], moment);
}
