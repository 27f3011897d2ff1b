'use client';
/**
 * Runs one operation of the worker table (lib/worker/operations.ts) for a calculator, on the
 * calculator's own latest-wins channel: a new set of arguments supersedes the running call, so a
 * dragged slider never paints a stale result. The last good result stays while a new one computes
 * or when the new arguments are refused; `slow` turns true once a call has taken over 200 ms, for
 * a progress indicator.
 *
 * Inside an embedded calculator (CalculatorRun) the first result needs no worker: the build ran
 * the same operation for the example and the page carries its result, so the calculator hydrates
 * with numbers already on screen; arguments the build did not see go to the worker as usual.
 */
import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { AttentionInputError } from '../../lib/errors';
import type { OpArgs, OpName, OpResult } from '../../lib/worker/operations';
import { AttentionCancelledError } from '../../lib/worker/workerErrors';
import { getAttentionClient } from '../attentionWorkerClient';
import type { DerivedParts } from '../../lib/calculators/precomputedResults';
import { useCalculatorRun, type ResultSource } from './CalculatorRun';

export const PROGRESS_AFTER_MS = 200;

export interface WorkerOpState<K extends OpName> {
  result: OpResult<K> | null;
  error: AttentionInputError | Error | null;
  computing: boolean;
  /** Computing for longer than PROGRESS_AFTER_MS. */
  slow: boolean;
  /** Milliseconds the last good result took, from call to answer (0 for the build's). */
  ms: number | null;
  /** Whose result is shown: the build's (precomputed for the example) or the worker's. */
  source: ResultSource | null;
}

export interface WorkerOpOptions<K extends OpName> {
  /** How long a call may take before it fails with a time-out message (default 60 s). */
  timeoutMs?: number;
  /** Fields of the result drawn again from the arguments, so the page need not carry them. */
  derive?: (args: OpArgs<K>) => Partial<OpResult<K>> | null;
}

// useLayoutEffect warns when rendered on the server; there it would not run anyway.
const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * `args` null means "nothing to compute" (e.g. the inputs have errors the UI already shows).
 * `key` must change exactly when the arguments do (a cheap string of the inputs, not the arrays).
 * `derive` draws fields of the result from the arguments on the main thread, so the page need
 * not carry them with the build's result (DerivedParts); the worker still computes everything.
 */
export function useWorkerOp<K extends OpName>(
  channel: string,
  op: K,
  args: OpArgs<K> | null,
  key: string,
  { timeoutMs = 60_000, derive }: WorkerOpOptions<K> = {},
): WorkerOpState<K> {
  const run = useCalculatorRun();
  const precomputed = (k: string, a: OpArgs<K> | null) =>
    run && a !== null ? (run.precomputed(op, k, a, derive as DerivedParts | undefined) as OpResult<K> | null) : null;
  const [state, setState] = useState<WorkerOpState<K>>(() => {
    const result = precomputed(key, args);
    return { result, error: null, computing: false, slow: false, ms: result ? 0 : null, source: result ? 'build' : null };
  });
  const argsRef = useRef(args);
  argsRef.current = args;
  const shownKey = useRef<string | null>(state.source === 'build' ? key : null);

  useEffect(() => {
    const current = argsRef.current;
    if (current === null) return;
    // The build's result for exactly these arguments (the first render's, or the example after "Reset").
    if (shownKey.current === key) return;
    const built = precomputed(key, current);
    if (built !== null) {
      shownKey.current = key;
      startTransition(() => setState({ result: built, error: null, computing: false, slow: false, ms: 0, source: 'build' }));
      return;
    }
    shownKey.current = null;
    let live = true;
    const started = performance.now();
    startTransition(() => setState((s) => ({ ...s, computing: true, slow: false })));
    const timer = setTimeout(() => live && setState((s) => ({ ...s, slow: true })), PROGRESS_AFTER_MS);
    getAttentionClient()
      .run(op, current, { channel: `${channel}:${op}`, timeoutMs })
      .then((result) => {
        // A transition, so React renders the new numbers in slices between other work instead of
        // in one blocking task (a stage table or a heatmap is hundreds of elements): the page keeps
        // answering input while it renders, and no main-thread task grows past 50 ms.
        if (live) startTransition(() => setState({ result, error: null, computing: false, slow: false, ms: performance.now() - started, source: 'live' }));
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel, op, key, timeoutMs]);

  // After the commit that put the numbers in the page, so data-result never runs ahead of them.
  useClientLayoutEffect(() => {
    if (state.source !== null) run?.report(state.source);
  }, [run, state.source, state.result]);

  return state;
}
