/**
 * One decoding of the page's fragment, however many calculators ask about it. Every calculator of a
 * page asks where the link in the address bar goes, when it mounts and again on each `hashchange`;
 * decoding per calculator did the same work once per calculator (a deep link froze the page with
 * three calculators for 1.9 s). The router keeps the last fragment
 * and what it decoded to, so each new fragment value is decoded once; a different fragment
 * replaces it (one entry: a fragment holds up to 64 KiB of state, and only the current one matters).
 * Routing the decoded link to a calculator is cheap and is done for each caller, whose list of the
 * page's calculators may differ while they mount.
 *
 * The decoded state is shared between callers, so it must be read, not changed: calculators copy
 * it when they validate it (stateSchema.ts).
 */
import { decodeShareFragment, looksLikeShareFragment, routeDecodedShare, type DecodedShare, type ShareLinkAction, type ShareLinkMoment } from './shareLink';

export type ShareFragmentRouter = (fragment: string, embedIds: readonly string[], moment?: ShareLinkMoment) => ShareLinkAction | null;

/** `decode` is replaceable for tests that count the decodings. */
export function createShareFragmentRouter(decode: (fragment: string) => DecodedShare = decodeShareFragment): ShareFragmentRouter {
  let last: { fragment: string; decoded: DecodedShare } | null = null;
  return (fragment, embedIds, moment = 'opened') => {
    if (!looksLikeShareFragment(fragment) || embedIds.length === 0) return null;
    if (last === null || last.fragment !== fragment) last = { fragment, decoded: decode(fragment) };
    return routeDecodedShare(last.decoded, embedIds, moment);
  };
}
