/**
 * Why a request to the attention workers did not produce a result, other than bad input (which
 * rejects with the core's own AttentionInputError). Each is its own class so a UI can tell them
 * apart with instanceof: a superseded request is routine and silent, a crash is worth a retry
 * button, a timeout is worth a "try a smaller n" hint.
 */

export type CancelReason = 'superseded' | 'aborted' | 'disposed';

const CANCEL_MESSAGES: Record<CancelReason, string> = {
  superseded: 'This attention request was replaced by a newer one on the same channel.',
  aborted: 'This attention request was cancelled.',
  disposed: 'The attention workers were shut down before this request finished.',
};

/** The request was dropped on purpose; its result (if any was computed) was thrown away. */
export class AttentionCancelledError extends Error {
  override readonly name = 'AttentionCancelledError' as const;
  readonly reason: CancelReason;

  constructor(reason: CancelReason, options?: { cause?: unknown }) {
    super(CANCEL_MESSAGES[reason], options);
    this.reason = reason;
  }
}

/** The request took longer than its timeoutMs; the worker running it was replaced. */
export class AttentionTimeoutError extends Error {
  override readonly name = 'AttentionTimeoutError' as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`The attention computation took longer than ${timeoutMs} ms and was stopped. Try smaller inputs, or allow more time.`);
    this.timeoutMs = timeoutMs;
  }
}

/** 'crashed': the worker reported an error or exited; 'unresponsive': it stopped acknowledging requests. */
export type WorkerFailure = 'crashed' | 'unresponsive';

const FAILURE_MESSAGES: Record<WorkerFailure, string> = {
  crashed: 'The attention worker stopped unexpectedly; please try again.',
  unresponsive:
    'The background worker that computes this stopped responding, and a restarted one did not respond either. ' +
    'Your inputs are fine: reload the page to start it afresh.',
};

/** The worker running the request died (crashed, ran out of memory, was killed); it has been replaced. */
export class AttentionWorkerError extends Error {
  override readonly name = 'AttentionWorkerError' as const;
  readonly reason: WorkerFailure;

  constructor(options?: { cause?: unknown; reason?: WorkerFailure }) {
    const reason = options?.reason ?? 'crashed';
    super(FAILURE_MESSAGES[reason], options);
    this.reason = reason;
  }
}
