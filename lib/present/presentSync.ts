/**
 * The pure side of keeping windows in step (presentMessages.ts is the wire format): which view a
 * URL asks for, which calculator states a presenter sends, what a receiving window does with the
 * states it gets, and the presenter's session as sessionStorage keeps it across a reload.
 * The components (components/present/) only wire these to the channel, the store and the DOM.
 */
import { IDLE_TIMER, type PresentTimer } from './pacing';
import type { CalculatorStepState, PresenterState } from './presentMessages';
import { clampStep } from './deckNavigation';
import type { OutlineStep } from './deckOutline';

export type PresentView = 'presenter' | 'audience' | 'student' | 'handout';

/**
 * The view a page's query asks for: `?view=audience` is the projector, `?view=handout` every step
 * on paper (`&notes=1` with the speaker notes), `?step=N` is a student's link, anything else the
 * presenter. `step` is 0-based, clamped into the deck; null when the query names none.
 */
export function viewFromSearch(search: string, stepCount: number): { view: PresentView; step: number | null; notes: boolean } {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  if (view === 'handout') return { view: 'handout', step: null, notes: params.get('notes') === '1' };
  if (view === 'audience') return { view: 'audience', step: null, notes: false };
  const raw = params.get('step');
  if (raw !== null) {
    const n = /^[0-9]{1,3}$/.test(raw) ? Number(raw) : 1;
    return { view: 'student', step: clampStep(n - 1, stepCount), notes: false };
  }
  return { view: 'presenter', step: null, notes: false };
}

/**
 * The same choice as viewFromSearch, as an inline script that runs while the page is parsed,
 * before its first paint: it names the view on <html data-present-boot>, so a projector or a
 * student's phone never shows the presenter's layout (and its speaker notes) for the moment
 * before React has chosen. tests/presentSync.test.ts runs it against viewFromSearch.
 */
export const PRESENT_VIEW_BOOT_SCRIPT = `(function(){var p=new URLSearchParams(location.search),v=p.get("view");document.documentElement.setAttribute("data-present-boot",v==="handout"||v==="audience"?v:p.get("step")!==null?"student":"presenter")})()`;

/** A calculator's entry as the page's store holds it (lib/stores/calculatorStateStore.ts). */
export interface StoredCalculator {
  calculator: string;
  initial: Record<string, unknown>;
  state: Record<string, unknown>;
}

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The steps' calculator states that differ from their examples: what a `state` message carries. */
export function changedCalculators(steps: readonly OutlineStep[], entries: Readonly<Record<string, StoredCalculator | undefined>>): CalculatorStepState[] {
  const changed: CalculatorStepState[] = [];
  steps.forEach((step, index) => {
    const calc = step.calculator;
    const entry = calc && entries[calc.embedId];
    if (!calc || !entry || entry.calculator !== calc.name || sameJson(entry.state, entry.initial)) return;
    changed.push({ step: index, embedId: calc.embedId, calculator: calc.name, version: calc.version, state: entry.state });
  });
  return changed;
}

export type CalculatorChange =
  | { embedId: string; kind: 'replace'; calculator: string; version: number; state: unknown }
  | { embedId: string; kind: 'reset' };

/**
 * What a window receiving `calculators` (from a `state` message, or its own stored session) does
 * to its store: replace a state that differs, reset one the sender no longer lists (it went back to
 * its example). Entries not registered yet (a calculator not hydrated) are left for the next call,
 * made whenever the store changes (a presenter takes each restored state once: see resetUnlisted). Only states meant for a step's own calculator are taken; the
 * caller still validates each against the calculator's spec before it replaces anything.
 */
export function calculatorChanges(
  steps: readonly OutlineStep[],
  calculators: readonly CalculatorStepState[],
  entries: Readonly<Record<string, StoredCalculator | undefined>>,
  /** False for a presenter restoring its session: the states it lists are all it restores, and its other calculators are its own to change. */
  resetUnlisted = true,
): CalculatorChange[] {
  const byStep = new Map(calculators.map((c) => [c.step, c]));
  const changes: CalculatorChange[] = [];
  steps.forEach((step, index) => {
    const calc = step.calculator;
    const entry = calc && entries[calc.embedId];
    if (!calc || !entry) return;
    const sent = byStep.get(index);
    if (sent && sent.embedId === calc.embedId && sent.calculator === calc.name) {
      if (!sameJson(entry.state, sent.state)) changes.push({ embedId: calc.embedId, kind: 'replace', calculator: sent.calculator, version: sent.version, state: sent.state });
    } else if (!sent && resetUnlisted && !sameJson(entry.state, entry.initial)) {
      changes.push({ embedId: calc.embedId, kind: 'reset' });
    }
  });
  return changes;
}

/** What a presenter window keeps in sessionStorage, so a reload resumes the talk where it was. */
export interface PresenterSession {
  state: PresenterState;
  timer: PresentTimer;
}

export function sessionKey(slug: string): string {
  return `attention-lab-present:${slug}`;
}

const isTimeOrNull = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0);

/**
 * A stored session read back, or null when there is none or it cannot be trusted (another deck
 * length after a content change keeps the timer but clamps the step; anything malformed is
 * dropped). The state goes through `parseState` — presentMessages' own validation of a `state`
 * message — so stored and received states are checked one way.
 */
export function readSession(raw: string | null, stepCount: number, parseState: (state: unknown) => PresenterState | null): PresenterSession | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as { state?: unknown; timer?: Partial<PresentTimer> };
    const timer = value.timer;
    const timerOk = timer && isTimeOrNull(timer.startedAt) && isTimeOrNull(timer.pausedAt) && typeof timer.pausedMs === 'number' && timer.pausedMs >= 0;
    const state = parseState(value.state);
    if (!state) return null;
    const step = clampStep(state.step, stepCount);
    const calculators = state.calculators.filter((c) => c.step < stepCount);
    return {
      state: { ...state, step, stepCount, calculators },
      timer: timerOk ? { startedAt: timer.startedAt!, pausedAt: timer.pausedAt!, pausedMs: timer.pausedMs! } : IDLE_TIMER,
    };
  } catch {
    return null;
  }
}
