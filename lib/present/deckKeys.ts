/**
 * Keys → deck actions, pure, so every view (presenter, audience, student) answers a clicker the
 * same way. Presentation clickers send →/PageDown/Space for "next" and ←/PageUp for "previous";
 * many also have a "blank screen" button that sends "." (or "b"), which is why "." blacks out too.
 *
 *   next  →, PageDown, Space          previous  ←, PageUp          Home / End  first / last step
 *   digits then Enter  go to that step (1-based; Backspace takes a digit back)
 *   B / .  blackout    F  full screen    Q  QR code    ?  help    Escape  close help, forget digits
 *
 * The view decides which key events reach this: none typed into a field (the step's calculator is
 * editable, and a digit typed there is a value, not a step number), none with Ctrl, Alt or Meta held
 * (Ctrl+F is the browser's find).
 */
import { deckReducer, type DeckAction, type DeckState } from './deckNavigation';

/** Longest step number typed; decks have at most a few dozen steps. */
export const MAX_TYPED_DIGITS = 3;

export interface KeyResult {
  /** What the key does; null when it does nothing. */
  action: DeckAction | null;
  /** The digits typed so far once this key is handled. */
  buffer: string;
}

const NEXT = new Set(['ArrowRight', 'PageDown', ' ']);
const PREVIOUS = new Set(['ArrowLeft', 'PageUp']);

export function keyToAction(key: string, buffer: string): KeyResult {
  if (/^[0-9]$/.test(key)) {
    const digits = buffer.length < MAX_TYPED_DIGITS ? buffer + key : buffer;
    return { action: { type: 'setDigits', digits }, buffer: digits };
  }
  if (key === 'Backspace') {
    return buffer === '' ? { action: null, buffer } : { action: { type: 'setDigits', digits: buffer.slice(0, -1) }, buffer: buffer.slice(0, -1) };
  }
  if (key === 'Enter') {
    return buffer === '' ? { action: null, buffer } : { action: { type: 'goTo', step: Number.parseInt(buffer, 10) }, buffer: '' };
  }
  const action = namedKeyAction(key);
  // Keys that mean nothing here (Shift while typing "?", Tab) leave a half-typed number alone.
  return action === null ? { action: null, buffer } : { action, buffer: '' };
}

function namedKeyAction(key: string): DeckAction | null {
  if (NEXT.has(key)) return { type: 'next' };
  if (PREVIOUS.has(key)) return { type: 'previous' };
  switch (key) {
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    case 'b':
    case 'B':
    case '.':
      return { type: 'toggleBlackout' };
    case 'f':
    case 'F':
      return { type: 'requestFullScreen' };
    case 'q':
    case 'Q':
      return { type: 'toggleQr' };
    case '?':
      return { type: 'toggleHelp' };
    case 'Escape':
      return { type: 'closeHelp' };
    default:
      return null;
  }
}

/** One key press on a deck: the state's own digits are the buffer. */
export function pressKey(state: DeckState, key: string): DeckState {
  const { action } = keyToAction(key, state.digits);
  return action === null ? state : deckReducer(state, action);
}
