/**
 * One way for the present windows of a browser to talk: BroadcastChannel where there is one, else
 * `storage` events (a write to localStorage is announced to every other window of the origin). The
 * views speak presentMessages.ts through this interface and never ask which carries them.
 *
 * The fallback writes each message under PRESENT_CHANNEL with a fresh nonce (a `storage` event
 * fires only when the value changes, and two identical messages must both arrive) and removes
 * nothing: the key holds just the last message. Incoming values are handed over raw; the view
 * parses them (parseMessage takes a string or an object), so anything malformed is dropped there.
 */
import { PRESENT_CHANNEL, type PresentMessage } from '../../lib/present/presentMessages';

export interface PresentChannel {
  post(message: PresentMessage): void;
  close(): void;
}

export function openPresentChannel(onMessage: (raw: unknown) => void): PresentChannel {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(PRESENT_CHANNEL);
    channel.onmessage = (event: MessageEvent) => onMessage(event.data);
    // A message that cannot be deserialised is dropped like a malformed one.
    channel.onmessageerror = () => {};
    return { post: (message) => channel.postMessage(message), close: () => channel.close() };
  }
  return openStorageChannel(onMessage);
}

/** The `storage` event fallback (exported for the tests, which run it where BroadcastChannel exists). */
export function openStorageChannel(onMessage: (raw: unknown) => void): PresentChannel {
  const onStorage = (event: StorageEvent) => {
    if (event.key !== PRESENT_CHANNEL || event.newValue === null) return;
    try {
      const { message } = JSON.parse(event.newValue) as { message?: unknown };
      onMessage(message);
    } catch {
      // Not ours, or damaged: ignored like any malformed message.
    }
  };
  window.addEventListener('storage', onStorage);
  return {
    post: (message) => {
      try {
        localStorage.setItem(PRESENT_CHANNEL, JSON.stringify({ nonce: `${Date.now()}-${Math.random()}`, message }));
      } catch {
        // Storage full or refused (private mode): the other windows miss this message, the
        // presenter goes on, and the next change sends the whole state again.
      }
    },
    close: () => window.removeEventListener('storage', onStorage),
  };
}
