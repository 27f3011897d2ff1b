'use client';
/**
 * Attention weights of a long random sequence (64 to 4096 tokens), computed in the worker pool and
 * drawn by AttentionHeatmap on a canvas, pooled when the matrix has more cells than the screen has
 * pixels. Shows what "n² weights" looks like, and that the page stays responsive while it happens.
 */
import { useEffect, useRef, useState } from 'react';
import type { AttentionResult } from '../lib/attention';
import type { Matrix } from '../lib/matrix';
import { AttentionCancelledError } from '../lib/worker/workerErrors';
import { AttentionHeatmap } from './AttentionHeatmap';
import { getAttentionClient } from './attentionWorkerClient';

const SIZES = [64, 256, 1024, 4096] as const;
const D = 16;

type Inputs = [Matrix, Matrix, Matrix];

/**
 * Q, K and V for length n, drawn in the worker pool: 3 × 4096 × 16 normal samples took 15–50 ms
 * on the page (more before the sampler is compiled), inside the task of the click that chose n.
 * The same n always gives the same numbers (seeds 1, 2, 3), so ticking "Causal" reuses them.
 */
function drawInputs(n: number): Promise<Inputs> {
  const client = getAttentionClient();
  return Promise.all([1, 2, 3].map((seed) => client.run('randomNormalMatrix', [seed, n, D, { float32: true }]))) as Promise<Inputs>;
}

export function AttentionAtScale() {
  const [n, setN] = useState<number>(256);
  const [causal, setCausal] = useState(false);
  const [result, setResult] = useState<{ n: number; causal: boolean; weights: AttentionResult['weights']; ms: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputs = useRef(new Map<number, Promise<Inputs>>());

  useEffect(() => {
    let live = true;
    const started = performance.now();
    let drawn = inputs.current.get(n);
    if (drawn === undefined) {
      drawn = drawInputs(n);
      inputs.current.set(n, drawn);
      // A failed draw is not kept: the next choice of this n tries again.
      drawn.catch(() => inputs.current.delete(n));
    }
    drawn
      .then(([q, k, v]) => {
        // A newer choice made while the inputs were drawn has its own request.
        if (!live) return null;
        // Only the weights are drawn: skipping the scores spares the page assembling another n² matrix.
        return getAttentionClient().scaledDotProductAttention(q, k, v, { causal }, { channel: 'attention-at-scale', timeoutMs: 60000, skipScores: true });
      })
      .then((r) => {
        if (r === null || !live) return;
        setError(null);
        setResult({ n, causal, weights: r.weights, ms: performance.now() - started });
      })
      .catch((e: unknown) => {
        if (live && !(e instanceof AttentionCancelledError)) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, [n, causal]);

  const blocked = result?.causal ? ('causal' as const) : undefined;
  const pending = result === null || result.n !== n || result.causal !== causal;

  return (
    <section className="calculator" aria-label="Attention at scale">
      <fieldset className="calculator-row">
        <legend>Sequence length n</legend>
        {SIZES.map((size) => (
          <label key={size}>
            <input type="radio" name="attention-at-scale-n" checked={n === size} onChange={() => setN(size)} /> {size}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={causal} onChange={(e) => setCausal(e.target.checked)} /> Causal
        </label>
      </fieldset>
      <p className="calculator-hint" aria-live="polite">
        {pending
          ? `Computing ${n} × ${n} weights in the worker…`
          : `${result.n} × ${result.n} = ${(result.n * result.n).toLocaleString('en')} weights, computed in ${Math.round(result.ms)} ms off the main thread.`}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        // Starts stretched, the one picture that does: n weights of a row share 1, about 1/n each, so on
        // the fixed 0–1 scale a long sequence is one flat colour. The legend's checkbox shows it ticked
        // and the legend says "Stretched to …"; unticking gives the fixed scale.
        <AttentionHeatmap matrix={result.weights} blocked={blocked} title="Attention weights" valueLabel="weight" scale="sequential" stretch />
      )}
    </section>
  );
}
