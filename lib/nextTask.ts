/**
 * A promise that settles in a later task, so work split around it never makes one long task:
 * the page can paint and answer input in between. `scheduler.yield()` where the browser has it
 * (the continuation runs ahead of other queued tasks), else a MessageChannel message (no 4 ms
 * clamp, unlike a nested setTimeout), else setTimeout.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        // An open port would keep Node's event loop alive.
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}
