/**
 * A student's link to one step: `/present/<slug>/?step=N`, N counted from 1 as the room sees it,
 * and, when the presenter changed the step's calculator, `#<embedId>~<payload>` — the calculators'
 * own share link (lib/share/shareLink.ts), so the state is encoded, size-checked and validated one
 * way across the site, and the student view's calculator opens it as any calculator opens a link.
 * The step goes in the query (it picks what the static page shows); the state stays in the
 * fragment, which is never sent to a server.
 *
 * A link arrives from a QR code, a chat or a hand, so parseStepLink never throws: a link it cannot
 * trust is refused with a reason a student can read, and says which step it still could read, so
 * the view can open that step without the state rather than nothing.
 */
import type { CalculatorSpec } from '../calculators/calculatorSpec';
import { stateFromLink } from '../calculators/calculatorSpec';
import { SLUG_PATTERN } from '../content/slug';
import { decodeShareFragment, looksLikeShareFragment, MAX_FRAGMENT_LENGTH, shareUrl, type SharedState } from '../share/shareLink';
import { stepEmbedId, type Deck } from './deck';

/** Longest link read: a longest fragment, even percent-encoded, plus a generous path and query. */
export const MAX_STEP_LINK_LENGTH = MAX_FRAGMENT_LENGTH * 3 + 2048;
/** Step numbers have at most three digits, as typed with the keys (deckKeys.ts). */
const STEP_PARAM = /^[1-9][0-9]{0,2}$/;

export interface LiveCalculator extends SharedState {
  embedId: string;
}

/** The page of a step, without state: `/present/<slug>/?step=N` (with `basePath` before it when the site is served below /). */
export function stepPath(slug: string, step: number, basePath = ''): string {
  return `${basePath}/present/${slug}/?step=${step}`;
}

/**
 * The link to step `step` (1-based), with the live calculator state when there is one. A state too
 * big for a link leaves it out and says why in `note` (the step still opens, with its example).
 */
export function buildStepLink(slug: string, step: number, live: LiveCalculator | null = null, basePath = ''): { href: string; note: string | null } {
  const href = stepPath(slug, step, basePath);
  if (live === null) return { href, note: null };
  try {
    return { href: shareUrl(href, live.embedId, live), note: null };
  } catch (error) {
    return { href, note: error instanceof Error ? error.message : 'The calculator state could not go in the link.' };
  }
}

export interface SharedCalculator {
  embedId: string;
  calculator: string;
  version: number;
  state: unknown;
}

export type ParsedStepLink =
  | { ok: true; slug: string; step: number; shared: SharedCalculator | null }
  /** `readable` is what could still be trusted: open that step, without the state. */
  | { ok: false; reason: string; readable: { slug: string; step: number } | null };

export function parseStepLink(href: unknown): ParsedStepLink {
  try {
    return parse(href);
  } catch {
    return { ok: false, reason: 'This link is damaged: it could not be read.', readable: null };
  }
}

function parse(href: unknown): ParsedStepLink {
  const refuse = (reason: string, readable: { slug: string; step: number } | null = null): ParsedStepLink => ({ ok: false, reason, readable });
  if (typeof href !== 'string' || href.length === 0) return refuse('This is not a link to a step.');
  if (href.length > MAX_STEP_LINK_LENGTH) return refuse('This link is damaged or too long to open.');
  let url: URL;
  try {
    url = new URL(href, 'https://attention-lab.invalid/');
  } catch {
    return refuse('This is not a link to a step.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('This is not a link to a step.');
  const match = /\/present\/([^/]+)\/?$/.exec(url.pathname);
  if (!match || !SLUG_PATTERN.test(match[1])) return refuse('This link does not point at a presentation.');
  const slug = match[1];
  const steps = url.searchParams.getAll('step');
  if (steps.length > 1) return refuse('This link names more than one step.', { slug, step: 1 });
  if (steps.length === 1 && !STEP_PARAM.test(steps[0])) {
    return refuse(`This link's step, ${JSON.stringify(steps[0].slice(0, 12))}, is not a step number: opening the first step.`, { slug, step: 1 });
  }
  const step = steps.length === 1 ? Number(steps[0]) : 1;
  const fragment = url.hash.slice(1);
  if (!looksLikeShareFragment(fragment)) return { ok: true, slug, step, shared: null };
  const decoded = decodeShareFragment(fragment);
  if (!decoded.ok) return refuse(`${decoded.reason} Opening the step with its own example.`, { slug, step });
  const { embedId, calculator, version, state } = decoded;
  return { ok: true, slug, step, shared: { embedId, calculator, version, state } };
}

export type ResolvedStepLink =
  | { ok: true; stepIndex: number; state: Record<string, unknown> | null }
  | { ok: false; stepIndex: number; reason: string };

/**
 * A parsed link checked against the deck it opens: the step exists, and a shared state belongs to
 * that step's calculator and passes its spec (the check every share link gets). `specFor` finds a
 * calculator's spec by name (the view passes the one it loaded). A refusal still names the step
 * to open, clamped into the deck.
 */
export function resolveStepLink(
  link: Extract<ParsedStepLink, { ok: true }>,
  deck: Pick<Deck, 'steps'>,
  specFor: (calculator: string) => CalculatorSpec | undefined,
): ResolvedStepLink {
  const count = deck.steps.length;
  const stepIndex = Math.min(link.step, count) - 1;
  if (link.step > count) return { ok: false, stepIndex, reason: `This presentation has ${count} steps, not ${link.step}: opening the last one.` };
  if (link.shared === null) return { ok: true, stepIndex, state: null };
  const step = deck.steps[stepIndex];
  const embedId = stepEmbedId(deck, stepIndex);
  if (step.embed === null || embedId !== link.shared.embedId) {
    return { ok: false, stepIndex, reason: `This link's calculator state is not for step ${link.step}: opening the step with its own example.` };
  }
  const spec = specFor(step.embed.calculator);
  if (!spec) return { ok: false, stepIndex, reason: 'This step\'s calculator is not available.' };
  const { state, problems } = stateFromLink(spec, link.shared, step.embed.state as never);
  if (problems.length > 0) return { ok: false, stepIndex, reason: `This link's calculator state cannot be opened: ${problems.join(' ')} Opening the step with its own example.` };
  return { ok: true, stepIndex, state: state as Record<string, unknown> };
}
