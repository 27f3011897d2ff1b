'use client';
/**
 * /present/<slug>/: one page, four views, chosen from the address once the page is in the browser
 * (a static export cannot choose on the server):
 * - presenter (no query): the current step live and editable, the next step, the notes, the clock
 *   and pacing, the step list; it owns the deck and broadcasts its state;
 * - audience (`?view=audience`): the step alone, scaled to fit the screen, no controls; it follows
 *   the presenter and forwards the clicker's keys to it;
 * - student (`?step=N`): the step with Previous/Next, on its own, no presenter needed;
 * - handout (`?view=handout`, `&notes=1`): every step in order, each calculator at its step's
 *   state, for paper (one or two steps a page, no controls), the notes optional.
 *
 * Every step, note and panel is always in the tree and the view only shows or hides it (CSS on
 * data-view, `hidden` on steps): the steps' static HTML is written into the exported page once
 * (StaticHtml), and moving it between parents would throw that away.
 *
 * The rules live in lib/present/ (deckNavigation, deckKeys, pacing, presentMessages, presentSync);
 * this component wires them to the channel (presentChannel.ts), the calculators' store and the DOM.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { stateFromLink } from '../../lib/calculators/calculatorSpec';
import type { DeckOutline } from '../../lib/present/deckOutline';
import { deckReducer, initialDeckState, type DeckAction, type DeckState } from '../../lib/present/deckNavigation';
import { keyToAction } from '../../lib/present/deckKeys';
import { describePace, elapsedMs, formatClock, formatWallClock, IDLE_TIMER, pace, pauseTimer, resumeTimer, startTimer, type PresentTimer } from '../../lib/present/pacing';
import {
  acceptSequence,
  claimWins,
  makeMessage,
  parseMessage,
  parsePresenterState,
  type CalculatorStepState,
  type ForwardedAction,
  type MessageBody,
  type PresenterState,
} from '../../lib/present/presentMessages';
import { calculatorChanges, changedCalculators, readSession, sessionKey, viewFromSearch, type PresentView } from '../../lib/present/presentSync';
import { buildStepLink, parseStepLink, stepPath } from '../../lib/present/stepLinks';
import { calculatorStateStore } from '../../lib/stores/calculatorStateStore';
import { openPresentChannel } from './presentChannel';
import { PresentHelp } from './PresentHelp';
import { StepLinkQr } from './StepLinkQr';
import styles from './PresentDeck.module.css';

/** How long a presenter's claim must stand, unanswered, before it speaks to the room. */
const CLAIM_SETTLE_MS = 500;

export interface PresentDeckProps {
  outline: DeckOutline;
  /** Each step rendered (title, text, calculator island), in deck order. */
  steps: ReactNode[];
  /** Each step's title, typeset (formulas), for the step list and the next-step box. */
  titles: ReactNode[];
  /** Each step's speaker notes, null where it has none. */
  notes: (ReactNode | null)[];
  /** Each step's first paragraph, typeset, for the "next" box; null where it has none. */
  previews: (ReactNode | null)[];
  lessonHref: string;
}

const FORWARDED: ReadonlySet<DeckAction['type']> = new Set(['next', 'previous', 'first', 'last', 'goTo', 'toggleBlackout', 'toggleQr']);

const subscribeNothing = () => () => {};

/**
 * Typing into the step's calculator is a value, not a clicker key (deckKeys.ts). Except PageUp and
 * PageDown in a one-line field, which mean nothing there and are what a clicker sends: a presenter
 * who just typed a value must not find the clicker dead.
 */
function isTyping(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  const field = target.closest('input, select, textarea, [contenteditable]:not([contenteditable="false"])');
  if (field === null) return false;
  return !(field instanceof HTMLInputElement && (key === 'PageDown' || key === 'PageUp'));
}

function newSenderId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2, 12)}`;
}

export function PresentDeck({ outline, steps, titles, notes, previews, lessonHref }: PresentDeckProps) {
  const stepCount = outline.steps.length;
  const search = useSyncExternalStore(subscribeNothing, () => window.location.search, () => null);
  const origin = useSyncExternalStore(subscribeNothing, () => window.location.origin, () => null);
  const chosen = search === null ? null : viewFromSearch(search, stepCount);
  const view: PresentView | null = chosen?.view ?? null;
  const [deck, dispatch] = useReducer(deckReducer, stepCount, (n) => initialDeckState(n));
  const [timer, setTimer] = useState<PresentTimer>(IDLE_TIMER);
  const [now, setNow] = useState<number | null>(null);
  const [secondary, setSecondary] = useState(false);
  const [linkNotice, setLinkNotice] = useState<string | null>(null);
  const [sentCalculators, setSentCalculators] = useState<CalculatorStepState[]>([]);
  const [restored, setRestored] = useState(false);
  /** Audience: the presenter's changed calculators, as last heard (for the step's student link). */
  const [roomCalculators, setRoomCalculators] = useState<CalculatorStepState[]>([]);
  const [withNotes, setWithNotes] = useState(false);

  const deckRef = useRef<DeckState>(deck);
  deckRef.current = deck;
  const channelRef = useRef<{ post(body: MessageBody): void } | null>(null);
  const presenterHeard = useRef(false);
  /** Calculator states received (or restored) and not yet all applied: a calculator hydrates only when shown. */
  const pending = useRef<CalculatorStepState[]>([]);

  const presenterState: PresenterState = { step: deck.step, stepCount: deck.stepCount, blackout: deck.blackout, qr: deck.qr, calculators: sentCalculators };
  const presenterStateRef = useRef(presenterState);
  presenterStateRef.current = presenterState;
  const stateJson = JSON.stringify(presenterState);

  // Apply received calculator states to the store, each validated as a share link is (its spec's
  // schema and checks); called on arrival and whenever a calculator registers.
  const applyPending = useCallback(() => {
    const store = calculatorStateStore.getState();
    // Only the audience follows: a presenter restores each stored state once, when its calculator
    // registers, and after that the calculator is its own to change (a student's always is).
    const following = view === 'audience';
    const changes = calculatorChanges(outline.steps, pending.current, store.entries, following);
    if (!following) pending.current = pending.current.filter((c) => !store.entries[c.embedId]);
    if (changes.length === 0) return;
    void import('../../lib/calculators/calculatorRegistry').then(({ CALCULATOR_SPECS }) => {
      const current = calculatorStateStore.getState();
      for (const change of changes) {
        const entry = current.entries[change.embedId];
        if (!entry) continue;
        if (change.kind === 'reset') {
          current.reset(change.embedId);
          continue;
        }
        const spec = CALCULATOR_SPECS[change.calculator];
        if (!spec) continue;
        const { state, problems } = stateFromLink(spec, change, entry.initial as never);
        if (problems.length === 0) current.replace(change.embedId, state as Record<string, unknown>);
      }
    });
  }, [outline.steps, view]);

  useEffect(() => calculatorStateStore.subscribe((s, before) => s.entries !== before.entries && applyPending()), [applyPending]);

  // The view's starting point: a student's step, a presenter's stored session.
  useEffect(() => {
    if (view === 'student') {
      const link = parseStepLink(window.location.href);
      const step = link.ok ? link.step : (link.readable?.step ?? 1);
      if (!link.ok) setLinkNotice(link.reason);
      else if (link.step > stepCount) setLinkNotice(`This presentation has ${stepCount} steps, not ${link.step}: opening the last one.`);
      dispatch({ type: 'goTo', step });
    } else if (view === 'presenter') {
      let session = null;
      try {
        session = readSession(sessionStorage.getItem(sessionKey(outline.slug)), stepCount, parsePresenterState);
      } catch {
        // sessionStorage refused (privacy settings): the talk starts from the first step.
      }
      if (session) {
        dispatch({ type: 'follow', step: session.state.step, blackout: session.state.blackout, qr: session.state.qr });
        pending.current = session.state.calculators;
        applyPending();
      }
      setTimer(session && session.timer.startedAt !== null ? session.timer : startTimer(Date.now()));
    }
    if (view !== null) setRestored(true);
    setWithNotes(chosen?.notes ?? false);
  }, [chosen?.notes, view, outline.slug, stepCount, applyPending]);

  // The channel: presenter and audience only; a student's view needs nobody.
  useEffect(() => {
    if (view !== 'presenter' && view !== 'audience') return;
    const me = newSenderId();
    const since = Date.now();
    let seq = 0;
    let lastSeen: ReadonlyMap<string, number> = new Map();
    let isSecondary = false;
    const channel = openPresentChannel((raw) => {
      const message = parseMessage(raw);
      if (!message || message.deck !== outline.slug || message.from === me) return;
      const accepted = acceptSequence(lastSeen, message);
      if (!accepted.fresh) return;
      lastSeen = accepted.lastSeen;
      if (view === 'presenter') {
        if (message.kind === 'claim') {
          if (!isSecondary && claimWins({ since, from: me }, { since: message.since, from: message.from })) {
            post({ kind: 'claimed', to: message.from, since });
            // Say where the room is again, in case the newcomer spoke before it heard it was second.
            if (settled) post({ kind: 'state', state: presenterStateRef.current });
          } else if (!isSecondary) {
            isSecondary = true;
            setSecondary(true);
          }
        } else if (message.kind === 'claimed' && message.to === me) {
          isSecondary = true;
          setSecondary(true);
        } else if (message.kind === 'hello' && !isSecondary && settled) {
          post({ kind: 'state', state: presenterStateRef.current });
        } else if (message.kind === 'action' && !isSecondary) {
          dispatch(message.action);
        }
        return;
      }
      if (message.kind === 'state') {
        presenterHeard.current = true;
        const { step, blackout, qr, calculators } = message.state;
        dispatch({ type: 'follow', step, blackout, qr });
        setRoomCalculators((before) => (JSON.stringify(before) === JSON.stringify(calculators) ? before : calculators));
        pending.current = calculators;
        applyPending();
      }
    });
    const post = (body: MessageBody) => channel.post(makeMessage({ deck: outline.slug, from: me, seq: ++seq }, body));
    // A presenter speaks to the room only once its claim has stood for CLAIM_SETTLE_MS: a second
    // presenter window starts on step 1 and would otherwise move the projector there before the
    // first one's "claimed" reaches it.
    let settled = view !== 'presenter';
    const settle = window.setTimeout(() => {
      settled = true;
      if (!isSecondary) post({ kind: 'state', state: presenterStateRef.current });
    }, CLAIM_SETTLE_MS);
    channelRef.current = { post: (body) => !isSecondary && settled && post(body) };
    if (view === 'presenter') post({ kind: 'claim', since });
    else post({ kind: 'hello', role: 'audience' });
    const onPageHide = () => view === 'presenter' && !isSecondary && post({ kind: 'bye' });
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.clearTimeout(settle);
      window.removeEventListener('pagehide', onPageHide);
      channelRef.current = null;
      channel.close();
    };
  }, [view, outline.slug, applyPending]);

  // The presenter's calculators that differ from their examples (with restored ones not shown yet).
  useEffect(() => {
    if (view !== 'presenter') return;
    const collect = () => {
      const entries = calculatorStateStore.getState().entries;
      const changed = changedCalculators(outline.steps, entries);
      const waiting = pending.current.filter((c) => !entries[c.embedId]);
      const next = [...changed, ...waiting].sort((a, b) => a.step - b.step);
      setSentCalculators((before) => (JSON.stringify(before) === JSON.stringify(next) ? before : next));
    };
    collect();
    return calculatorStateStore.subscribe(collect);
  }, [view, outline.steps]);


  // Every change of the presenter's state goes to the room and into the session (for a reload).
  useEffect(() => {
    if (view !== 'presenter' || !restored) return;
    channelRef.current?.post({ kind: 'state', state: JSON.parse(stateJson) as PresenterState });
    try {
      sessionStorage.setItem(sessionKey(outline.slug), JSON.stringify({ state: JSON.parse(stateJson), timer }));
    } catch {
      // No session storage: a reload starts again from the first step.
    }
  }, [view, restored, stateJson, timer, outline.slug]);

  // A student's place is in the address, so a reload or a shared link opens the same step.
  useEffect(() => {
    if (view !== 'student' || !restored) return;
    const url = `${stepPath(outline.slug, deck.step + 1)}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', url);
  }, [view, restored, deck.step, outline.slug]);

  // A student who pressed Next at the foot of a long step would land in the middle of the next one,
  // its title scrolled away above: a new step starts at its top.
  const shownStep = useRef<number | null>(null);
  useEffect(() => {
    if (view !== 'student' || !restored) return;
    const previous = shownStep.current;
    shownStep.current = deck.step;
    if (previous === null || previous === deck.step) return;
    const section = stageRef.current?.querySelector<HTMLElement>(`[data-step="${deck.step + 1}"]`);
    if (section && section.getBoundingClientRect().top < 0) section.scrollIntoView({ block: 'start' });
  }, [view, restored, deck.step]);

  // The presenter's clocks tick once a second.
  useEffect(() => {
    if (view !== 'presenter') return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [view]);

  const act = useCallback(
    (action: DeckAction) => {
      if (action.type === 'requestFullScreen') {
        // Called inside the key's own event: browsers grant full screen only to a user's gesture.
        if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
        else void document.documentElement.requestFullscreen?.().catch(() => {});
      }
      if (view === 'audience' && FORWARDED.has(action.type) && presenterHeard.current) {
        channelRef.current?.post({ kind: 'action', action: action as ForwardedAction });
        return;
      }
      dispatch(action);
    },
    [view],
  );

  // Clicker keys, in every view (deckKeys.ts), but not while typing or with a modifier held.
  useEffect(() => {
    if (view === null || view === 'handout') return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target, event.key)) return;
      const help = deckRef.current.help;
      if (help && event.key !== '?' && event.key !== 'Escape') return;
      // Buttons and links answer Space and Enter themselves, except Enter ending a typed step
      // number (after a click in the step list, focus is still on that step's button).
      const onControl = event.target instanceof Element && event.target.closest('button, a, summary') !== null;
      if (onControl && (event.key === ' ' || (event.key === 'Enter' && deckRef.current.digits === ''))) return;
      const { action } = keyToAction(event.key, deckRef.current.digits);
      if (action === null) return;
      event.preventDefault();
      act(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [view, act]);

  const stageRef = useRef<HTMLDivElement>(null);
  useFitToScreen(stageRef, view === 'audience', deck.step);

  const openAudience = () => {
    window.open(`/present/${outline.slug}/?view=audience`, `attention-lab-audience-${outline.slug}`);
  };

  const next = outline.steps[deck.step + 1] ?? null;
  const elapsed = now === null ? 0 : elapsedMs(timer, now);
  const paceNow = pace({ elapsedMs: elapsed, plannedMinutes: outline.minutes, stepCount, step: deck.step });
  const stepLabel = `Step ${deck.step + 1} of ${stepCount}`;
  // Not on every tick of the presenter's clock: a link with a state is an encoded share fragment.
  const linkCalculators = view === 'audience' ? roomCalculators : sentCalculators;
  const studentLink = useMemo(
    () => (origin === null ? null : followLink(origin, outline.slug, deck.step, linkCalculators)),
    [origin, outline.slug, deck.step, linkCalculators],
  );

  // <html data-present-boot> names the view from the first paint (PRESENT_VIEW_BOOT_SCRIPT), for
  // the rules that give the presenter and the projector the whole screen (globals.css). The deck
  // keeps it and takes it away when the page is left by a client-side navigation, so the next page
  // gets its header back. An attribute, not `body:has(...)`: a :has() over the whole body made
  // every DOM change on every page check whether it had changed the answer.
  useLayoutEffect(() => {
    if (view === null) return;
    const root = document.documentElement;
    root.setAttribute('data-present-boot', view);
    return () => root.removeAttribute('data-present-boot');
  }, [view]);

  return (
    <div className={styles.present} data-present-view={view ?? 'loading'}>
      {/* On the projector the title is for screen readers only: the room sees the step. */}
      <h1 className={view === 'audience' ? 'visually-hidden' : styles.deckTitle}>{outline.title}</h1>
      {view === 'handout' ? (
        <div className={`${styles.handoutBar} plain-buttons`}>
          <p className={styles.muted}>
            Handout: {stepCount} steps, about {outline.minutes} minutes. Each calculator shows its step&apos;s example; print it on A4 or Letter.
          </p>
          <label>
            <input
              type="checkbox"
              checked={withNotes}
              onChange={(event) => {
                setWithNotes(event.target.checked);
                window.history.replaceState(window.history.state, '', `?view=handout${event.target.checked ? '&notes=1' : ''}`);
              }}
            />{' '}
            Include the speaker notes
          </label>
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
          <a href={`/present/${outline.slug}/`}>Present</a> <a href={lessonHref}>Read the lesson</a>
        </div>
      ) : null}
      {secondary && view === 'presenter' ? (
        <p className={styles.notice} role="alert">
          Another window is already presenting this deck. This window follows nobody and tells nobody: close it, or present from the other one.
        </p>
      ) : null}
      {linkNotice && view === 'student' ? (
        <p className={styles.notice} role="status">
          {linkNotice}
        </p>
      ) : null}
      <div
        className={styles.stage}
        ref={stageRef}
        tabIndex={view === 'presenter' ? -1 : undefined} inert={view === 'audience'}
        aria-label={view === 'audience' || view === 'handout' ? undefined : `Current step: ${stepLabel}`}
        role={view === 'handout' ? undefined : 'region'}
      >
        {steps.map((body, index) => (
          <section
            key={index}
            className={styles.step}
            hidden={view !== 'handout' && index !== deck.step}
            style={{ ['--step-index' as string]: index }}
            data-step={index + 1}
            aria-label={`${outline.steps[index].title}, step ${index + 1} of ${stepCount}`}
          >
            <p className={styles.stepNumber} aria-hidden="true">
              Step {index + 1} of {stepCount}
            </p>
            {body}
          </section>
        ))}
      </div>

      <nav className={`${styles.studentNav} plain-buttons`} aria-label="Steps">
        {/* "step", because a step-through calculator has its own Previous and Next (its stages). */}
        <button type="button" onClick={() => act({ type: 'previous' })} disabled={deck.step === 0}>
          Previous step
        </button>
        <span aria-live="polite">{stepLabel}</span>
        <button type="button" onClick={() => act({ type: 'next' })} disabled={deck.step === stepCount - 1}>
          Next step
        </button>
        <a href={lessonHref}>Read the lesson</a>
      </nav>

      <aside className={styles.panel} aria-label="Presenter">
        <div className={`${styles.clocks} plain-buttons`}>
          <p>
            <span className={styles.clockLabel}>Time</span> <span data-testid="wall-clock">{now === null ? '--:--' : formatWallClock(new Date(now))}</span>
          </p>
          <p>
            <span className={styles.clockLabel}>Elapsed</span> <span>{formatClock(elapsed)}</span> <span className={styles.muted}>of {outline.minutes} min</span>
          </p>
          <p data-pace={paceNow.status}>
            <span className={styles.clockLabel}>Pace</span> <span>{describePace(paceNow)}</span>
          </p>
          <button type="button" onClick={() => setTimer((t) => (t.pausedAt === null ? pauseTimer(t, Date.now()) : resumeTimer(t, Date.now())))}>
            {timer.pausedAt === null ? 'Pause timer' : 'Resume timer'}
          </button>
        </div>
        <div className={`${styles.actions} plain-buttons`}>
          <button type="button" onClick={openAudience}>
            Open audience window
          </button>
          <button type="button" onClick={() => act({ type: 'toggleHelp' })} aria-haspopup="dialog">
            Keys (?)
          </button>
          <a href={`/present/${outline.slug}/?view=handout`} target="_blank" rel="noopener">
            Handout
          </a>
          <a href={lessonHref}>Lesson</a>
        </div>
        <section className={`${styles.linkBox} plain-buttons`} aria-labelledby="present-link-heading">
          <h2 id="present-link-heading">Students follow on their devices</h2>
          {studentLink ? (
            <p>
              <a href={studentLink.href} target="_blank" rel="noopener">
                {studentLink.shown}
              </a>
              {studentLink.withState ? <span className={styles.muted}> with your changes to this step</span> : null}
            </p>
          ) : null}
          {studentLink?.note ? <p className={styles.muted}>{studentLink.note}</p> : null}
          {studentLink && isLocalAddress(studentLink.href) ? (
            <p className={styles.muted}>This address opens only on this computer: for students, serve the site at an address their devices can reach.</p>
          ) : null}
          <button type="button" aria-pressed={deck.qr} onClick={() => act({ type: 'toggleQr' })}>
            QR code on the projector (Q)
          </button>
        </section>
        <p className={styles.status} aria-live="polite">
          {stepLabel}
          {deck.blackout ? ' · screen blacked out (B)' : ''}
          {deck.digits ? ` · go to ${deck.digits}…` : ''}
        </p>
        <section className={styles.next} aria-labelledby="present-next-heading">
          <h2 id="present-next-heading">Next</h2>
          {next ? (
            <>
              {/* A div, not a p: the title is a StaticHtml chunk (a div), which a p cannot hold. Keyed by
                  step: a chunk never changes its id once mounted (StaticHtml), so another title is a new one. */}
              <div key={deck.step + 1} className={styles.nextTitle}>
                {titles[deck.step + 1]}
              </div>
              <div key={`preview-${deck.step + 1}`} className={`${styles.muted} ${styles.nextPreview}`}>
                {previews[deck.step + 1] ?? <p>{next.preview}</p>}
              </div>
            </>
          ) : (
            <p className={styles.muted}>End of the deck.</p>
          )}
        </section>
        <section className={styles.notes} aria-labelledby="present-notes-heading">
          <h2 id="present-notes-heading">Notes</h2>
          {notes.map((note, index) => (
            <div
              key={index}
              className={styles.note}
              hidden={view === 'handout' ? !withNotes || note === null : index !== deck.step}
              style={{ ['--step-index' as string]: index }}
              data-notes-for={index + 1}
            >
              <h3 className={styles.noteLabel}>Speaker notes, step {index + 1}</h3>
              {note ?? <p className={styles.muted}>No notes for this step.</p>}
            </div>
          ))}
        </section>
        <nav className={styles.stepList} aria-label="All steps">
          <h2>Steps</h2>
          <ol>
            {outline.steps.map((_, index) => (
              <li key={index}>
                <button
                  type="button"
                  aria-current={index === deck.step ? 'step' : undefined}
                  onClick={() => {
                    act({ type: 'goTo', step: index + 1 });
                    // Focus goes to the step, as after any navigation: left on this button, the
                    // clicker's Space would press it again instead of moving on.
                    stageRef.current?.focus({ preventScroll: true });
                  }}
                >
                  {titles[index]}
                </button>
              </li>
            ))}
          </ol>
        </nav>
      </aside>

      {studentLink && view === 'audience' ? (
        <aside className={styles.follow} data-qr={deck.qr ? 'shown' : 'hidden'} aria-label="Follow on your own device">
          {deck.qr ? <StepLinkQr href={studentLink.href} className={styles.qr} /> : null}
          <p>
            <span className={styles.clockLabel}>Follow on your device</span> <span className={styles.followLink}>{breakAfterSlashes(studentLink.shown)}</span>
            {studentLink.withState ? <span className={styles.muted}> (with the changes made here)</span> : null}
          </p>
        </aside>
      ) : null}
      {/* Only the projector goes black: the presenter still needs the notes and the clock (the
          status line says the room is blacked out). */}
      {deck.blackout && view === 'audience' ? <div className={styles.blackout} data-testid="blackout" /> : null}
      {deck.digits && view === 'audience' ? <p className={styles.digits}>{deck.digits}</p> : null}
      <PresentHelp open={deck.help} onClose={() => dispatch({ type: 'closeHelp' })} />
    </div>
  );
}

interface FollowLink {
  /** Absolute: a phone that scans it has no page to resolve it against. */
  href: string;
  /** What the room reads: host and path, no scheme, no state. */
  shown: string;
  withState: boolean;
  /** Why the presenter's changes stayed out of the link, when they did. */
  note: string | null;
}

/** The link to the room's step, with the presenter's change to that step's calculator when there is one. */
function followLink(origin: string, slug: string, step: number, calculators: readonly CalculatorStepState[]): FollowLink {
  const live = calculators.find((c) => c.step === step) ?? null;
  const { href, note } = buildStepLink(slug, step + 1, live && { embedId: live.embedId, calculator: live.calculator, version: live.version, state: live.state });
  return { href: `${origin}${href}`, shown: `${origin.replace(/^https?:\/\//, '')}${stepPath(slug, step + 1)}`, withState: href.includes('#'), note };
}

function isLocalAddress(href: string): boolean {
  const host = new URL(href).hostname;
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

/** A link that wraps where a reader expects it to, after a slash, rather than inside a word. */
function breakAfterSlashes(link: string): ReactNode[] {
  return link.split(/(?<=\/)/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/**
 * Audience only: scales the current step down until it fits the screen (a projector shows no
 * scroll bar), never up. Measured on the untransformed box, again whenever it or the window
 * changes size (a calculator hydrating, a font arriving, zoom).
 */
function useFitToScreen(stageRef: React.RefObject<HTMLDivElement | null>, active: boolean, step: number) {
  useLayoutEffect(() => {
    const stage = stageRef.current;
    const section = stage?.querySelector<HTMLElement>(`[data-step="${step + 1}"]`);
    if (!stage || !section) return;
    if (!active) {
      section.style.transform = '';
      return;
    }
    const fit = () => {
      const scale = Math.min(1, stage.clientHeight / Math.max(1, section.offsetHeight), stage.clientWidth / Math.max(1, section.offsetWidth));
      section.style.transform = scale < 1 ? `scale(${scale.toFixed(4)})` : '';
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(section);
    observer.observe(stage);
    return () => {
      observer.disconnect();
      section.style.transform = '';
    };
  }, [stageRef, active, step]);
}
