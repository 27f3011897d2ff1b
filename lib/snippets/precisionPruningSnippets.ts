/**
 * Take-away NumPy code for the precision-and-pruning calculator: the calculator's Q, K, V as
 * literals; attention in float64 and in fp16 rounded the way lib/precision.ts rounds it (inputs,
 * each score, each weight and each output once, with float64 arithmetic in between); the max and
 * mean errors; then pruning at the chosen threshold as lib/calculators/precisionPruning.ts does it
 * (drop weights below the threshold, renormalise, a row with nothing left keeps its maximum), with
 * the sparsity and the output error. NumPy has no bfloat16; the script says how to get it.
 * BLAS may sum in another order than the lab, so float64 results can differ in the last bits.
 */
import type { Matrix } from '../matrix';
import { numpyArrayLiteral, pythonFloat } from './pythonLiterals';

export interface PrecisionPruningSnippetInput {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  causal: boolean;
  threshold: number;
}

export function numpyPrecisionPruningSnippet({ q, k, v, causal, threshold }: PrecisionPruningSnippetInput): string {
  const lines = [
    '# Attention in fp16 against float64, and pruning of small weights (Attention Lab).',
    'import numpy as np',
    '',
    `Q = ${numpyArrayLiteral(q, 'float64', 'Q')}`,
    `K = ${numpyArrayLiteral(k, 'float64', 'K')}`,
    `V = ${numpyArrayLiteral(v, 'float64', 'V')}`,
    `causal = ${causal ? 'True' : 'False'}`,
    `threshold = ${pythonFloat(threshold)}`,
    'n_q, n_k = Q.shape[0], K.shape[0]',
    'allowed = np.tril(np.ones((n_q, n_k), dtype=bool)) if causal else np.ones((n_q, n_k), dtype=bool)',
    '',
    '',
    'def softmax_rows(scores):',
    '    # An overflowed fp16 score (inf) gives NaN here, as in a kernel that keeps fp16 scores;',
    "    # the lab takes softmax's limit instead (the inf entries share the row).",
    '    e = np.exp(scores - scores.max(axis=1, keepdims=True))',
    '    return e / e.sum(axis=1, keepdims=True)',
    '',
    '',
    'def attention(q, k, v, dtype=None):',
    '    """Float64 (dtype None), or rounded to dtype once at each stage, float64 arithmetic in between."""',
    '    rnd = (lambda x: x) if dtype is None else (lambda x: x.astype(dtype).astype(np.float64))',
    '    q, k, v = rnd(q), rnd(k), rnd(v)',
    '    scores = rnd((q @ k.T) * (1 / np.sqrt(q.shape[1])))',
    '    scores = np.where(allowed, scores, -np.inf)',
    '    weights = rnd(softmax_rows(scores))',
    '    return weights, rnd(weights @ v)',
    '',
    '',
    'ref_w, ref_out = attention(Q, K, V)',
    'w16, out16 = attention(Q, K, V, np.float16)',
    '# bfloat16: pip install ml_dtypes, then attention(Q, K, V, ml_dtypes.bfloat16).',
    '# Over all cells, as the lab measures it (blocked cells are 0 in every format).',
    'err_w = np.abs(w16 - ref_w)',
    'err_out = np.abs(out16 - ref_out)',
    'print(f"fp16 weights: max error {err_w.max():.4g}, mean {err_w.mean():.4g}")',
    'print(f"fp16 output:  max error {err_out.max():.4g}, mean {err_out.mean():.4g}")',
    '',
    '',
    'def prune(weights, t):',
    '    """Drop weights below t and renormalise each row; a row with nothing left keeps its maximum."""',
    '    out = weights.copy()',
    '    for i, row in enumerate(weights):',
    '        nonzero = row > 0',
    '        if not nonzero.any():',
    '            continue  # a fully blocked row stays zero',
    '        keep = nonzero & (row >= t)',
    '        if not keep.any():',
    '            keep = row == row.max()',
    '        if keep[nonzero].all():',
    '            continue  # nothing dropped: the row is left exactly as it was',
    '        out[i] = np.where(keep, row, 0.0)',
    '        out[i] /= out[i].sum()',
    '    return out',
    '',
    '',
    'pruned = prune(ref_w, threshold)',
    'nonzero = ref_w > 0',
    'sparsity = ((pruned == 0) & nonzero).sum() / nonzero.sum()',
    'delta = pruned @ V - ref_out',
    'print(f"threshold {threshold}: sparsity {sparsity:.4g}, max |output change| {np.abs(delta).max():.4g}, "',
    '      f"relative {np.linalg.norm(delta) / np.linalg.norm(ref_out):.4g}")',
  ];
  return lines.join('\n') + '\n';
}
