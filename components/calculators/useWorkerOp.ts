'use client';
/**
 * Runs one operation of the worker table (lib/worker/operations.ts) for a calculator, on the
 * calculator's own latest-wins channel: a new set of arguments supersedes the running call, so a
 * dragged slider never paints a stale result. The last good result stays while a new one computes
 * or when the new arguments are refused; `slow` turns true once a call has taken over 200 ms, for
 * a progress indicator.
 */
import { useEffect, useRef, useState } from 'react';
import { AttentionInputError } from '../../lib/errors';
import type { OpArgs, OpName, OpResult } from '../../lib/worker/operations';
import { AttentionCancelledError } from '../../lib/worker/workerErrors';
import { getAttentionClient } from '../attentionWorkerClient';

export const PROGRESS_AFTER_MS = 200;

export interface WorkerOpState<K extends OpName> {
  result: OpResult<K> | null;
  error: AttentionInputError | Error | null;
  computing: boolean;
  /** Computing for longer than PROGRESS_AFTER_MS. */
  slow: boolean;
  /** Milliseconds the last good result took, from call to answer. */
  ms: number | null;
}

/**
 * `args` null means "nothing to compute" (e.g. the inputs have errors the UI already shows).
 * `key` must change exactly when the arguments do (a cheap string of the inputs, not the arrays).
 */
export function useWorkerOp<K extends OpName>(channel: string, op: K, args: OpArgs<K> | null, key: string, timeoutMs = 60_000): WorkerOpState<K> {
  const [state, setState] = useState<WorkerOpState<K>>({ result: null, error: null, computing: false, slow: false, ms: null });
  const argsRef = useRef(args);
  argsRef.current = args;

  useEffect(() => {
    const current = argsRef.current;
    if (current === null) return;
    let live = true;
    const started = performance.now();
    setState((s) => ({ ...s, computing: true, slow: false }));
    const timer = setTimeout(() => live && setState((s) => ({ ...s, slow: true })), PROGRESS_AFTER_MS);
    getAttentionClient()
      .run(op, current, { channel: `${channel}:${op}`, timeoutMs })
      .then((result) => {
        if (live) setState({ result, error: null, computing: false, slow: false, ms: performance.now() - started });
      })
      .catch((error: unknown) => {
        if (error instanceof AttentionCancelledError || !live) return;
        setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)), computing: false, slow: false }));
      })
      .finally(() => clearTimeout(timer));
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [channel, op, key, timeoutMs]);

  return state;
}
