/**
 * Where a deck is and what covers it, as one pure reducer for the presenter, audience and student
 * views alike: the views differ in what they show and whom they tell, not in how a key moves the
 * deck. Every action leaves `step` inside 0 … stepCount − 1, whatever arrives (a clicker's burst, a
 * typed 999, a synced step from a deck with more steps).
 *
 * Full screen is a request, not a state: the browser owns it (Escape leaves it without asking us),
 * so the reducer only counts requests and the view calls requestFullscreen when the count changes.
 */

export interface DeckState {
  /** 0-based index of the step shown. */
  step: number;
  stepCount: number;
  blackout: boolean;
  /** The step's QR code (audience view); hidden so it does not cover the picture. */
  qr: boolean;
  help: boolean;
  /** Digits typed towards "go to step N", shown while typed (deckKeys.ts fills it). */
  digits: string;
  /** Bumped on each full screen request (see the header). */
  fullScreenRequests: number;
}

export type DeckAction =
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'first' }
  | { type: 'last' }
  /** `step` is 1-based, as people count and type it. */
  | { type: 'goTo'; step: number }
  | { type: 'toggleBlackout' }
  | { type: 'toggleQr' }
  | { type: 'toggleHelp' }
  | { type: 'closeHelp' }
  | { type: 'requestFullScreen' }
  | { type: 'setDigits'; digits: string }
  /** Take the presenter's step (0-based), blackout and QR: what an audience window does with a `state` message. */
  | { type: 'follow'; step: number; blackout: boolean; qr: boolean };

export function initialDeckState(stepCount: number, step = 0): DeckState {
  const count = Math.max(1, Math.floor(Number.isFinite(stepCount) ? stepCount : 1));
  return { step: clampStep(step, count), stepCount: count, blackout: false, qr: false, help: false, digits: '', fullScreenRequests: 0 };
}

/** `step` (0-based) inside the deck; anything not a finite number is the first step. */
export function clampStep(step: number, stepCount: number): number {
  if (!Number.isFinite(step)) return 0;
  return Math.min(Math.max(0, Math.trunc(step)), Math.max(0, stepCount - 1));
}

export function deckReducer(state: DeckState, action: DeckAction): DeckState {
  if (action.type === 'setDigits') return state.digits === action.digits ? state : { ...state, digits: action.digits };
  // Any other action ends a half-typed number, so a stale digit never joins a later one.
  const base = state.digits === '' ? state : { ...state, digits: '' };
  const move = (step: number): DeckState => {
    const next = clampStep(step, state.stepCount);
    return next === base.step ? base : { ...base, step: next };
  };
  switch (action.type) {
    case 'next':
      return move(state.step + 1);
    case 'previous':
      return move(state.step - 1);
    case 'first':
      return move(0);
    case 'last':
      return move(state.stepCount - 1);
    case 'goTo':
      return move(action.step - 1);
    case 'toggleBlackout':
      return { ...base, blackout: !state.blackout };
    case 'toggleQr':
      return { ...base, qr: !state.qr };
    case 'toggleHelp':
      return { ...base, help: !state.help };
    case 'closeHelp':
      return state.help ? { ...base, help: false } : base;
    case 'follow': {
      const step = clampStep(action.step, state.stepCount);
      if (step === state.step && action.blackout === state.blackout && action.qr === state.qr) return base;
      return { ...base, step, blackout: action.blackout, qr: action.qr };
    }
    case 'requestFullScreen':
      return { ...base, fullScreenRequests: state.fullScreenRequests + 1 };
    default:
      return state;
  }
}
