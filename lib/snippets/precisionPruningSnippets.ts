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
import { numpyArrayLiteral, pythonFloat, TORCH_SCRIPT_IMPORTS, torchTensorLiteral } from './pythonLiterals';

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
    ...inputLines({ q, k, v, causal, threshold }, numpyArrayLiteral),
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

/**
 * "Copy as PyTorch": the same comparison with tensor casts, rounding exactly where
 * lib/precision.ts rounds — the inputs, each score once (scale · q·k accumulated in float64), each
 * weight once (softmax in float64 from the rounded scores) and each output once (Σ w·v in float64
 * from the rounded w and v):
 * - fp32: x.to(torch.float32); bf16: x.to(torch.float32).to(torch.bfloat16), the lab's (and
 *   PyTorch's) float64 → float32 → bf16 path, round-to-nearest-even at each step.
 * - fp16: one rounding of the float64 value, written out (spacing 2^(exponent − 10), ties to even,
 *   above 65504 → inf), because PyTorch's float64 → float16 cast goes through float32 and so
 *   rounds twice, which in rare near-ties lands one fp16 step away from the lab's (and NumPy's)
 *   single rounding. The script counts how often the plain cast differs.
 * - int8: per-tensor symmetric quantisation written out (scale max|x|/127, round half to even,
 *   clamp to ±127): Q, K, V; float32 scores; weights rounded to float32 then quantised; float32 outputs.
 * - An fp16 score that overflowed to inf takes softmax's limit (the inf entries share the row), as the lab does.
 * The float64 reference is also checked against F.scaled_dot_product_attention; pruning works on
 * the float64 weights as lib/calculators/precisionPruning.ts does. Matrix products and sums may add in another
 * order than the lab's loops, so float64 results can differ in the last bits, and a rounded value
 * sitting exactly between two steps can then fall the other way (rare).
 */
export function pytorchPrecisionPruningSnippet({ q, k, v, causal, threshold }: PrecisionPruningSnippetInput): string {
  const lines = [
    '# Attention in fp32 / fp16 / bf16 / int8 against float64, and pruning of small weights (Attention Lab), in PyTorch.',
    ...TORCH_SCRIPT_IMPORTS,
    ...inputLines({ q, k, v, causal, threshold }, torchTensorLiteral),
    'n_q, n_k, d = Q.shape[0], K.shape[0], Q.shape[1]',
    'scale = 1 / math.sqrt(d)',
    'allowed = torch.ones(n_q, n_k, dtype=torch.bool)',
    'if causal:',
    '    allowed = allowed.tril()  # top-left aligned, as is_causal=True',
    '',
    '',
    'def round_fp16(x):',
    '    """float64 → nearest float16 value (ties to even), rounded once, kept as float64."""',
    '    a = x.abs()',
    '    exponent = torch.frexp(a).exponent - 1  # a = m · 2^exponent with 1 ≤ m < 2',
    '    spacing = torch.ldexp(torch.ones_like(a), (exponent.clamp(min=-14) - 10).to(a.dtype))',
    '    rounded = torch.round(a / spacing) * spacing  # torch.round: half to even',
    '    rounded = torch.where(rounded > 65504, torch.full_like(a, math.inf), rounded)',
    '    out = torch.where((a == 0) | ~torch.isfinite(a), a, rounded)',
    '    return torch.copysign(out, x)',
    '',
    '',
    'def quantize_int8(x):',
    '    """Per-tensor symmetric int8: values round(x / max|x| · 127) in −127 … 127, scale max|x| / 127."""',
    '    max_abs = x.abs().max().item()',
    '    if max_abs == 0:',
    '        return torch.zeros_like(x, dtype=torch.int8), 1.0',
    '    return torch.round(x / max_abs * 127).clamp(-127, 127).to(torch.int8), max_abs / 127',
    '',
    '',
    'def int8_round_trip(x):',
    '    values, step = quantize_int8(x)',
    '    return values.double() * step',
    '',
    '',
    'def cast(dtype):',
    '    return lambda x: x.to(dtype).double()',
    '',
    '',
    'to_fp32 = cast(torch.float32)',
    '# Rounding of each stage: (inputs, scores, weights, outputs).',
    'FORMATS = {',
    '    "fp32": (to_fp32,) * 4,',
    '    "fp16": (round_fp16,) * 4,',
    '    "bf16": (lambda x: x.to(torch.float32).to(torch.bfloat16).double(),) * 4,',
    '    "int8": (int8_round_trip, to_fp32, lambda w: int8_round_trip(to_fp32(w)), to_fp32),',
    '}',
    '',
    '',
    'def softmax_rows(scores):',
    '    """Softmax over each row\'s allowed keys; where scores overflowed, softmax\'s limit."""',
    '    weights = torch.zeros_like(scores)',
    '    for i in range(n_q):',
    '        s = scores[i][allowed[i]]',
    '        if s.numel() == 0:',
    '            continue  # every key blocked: zero weights, as PyTorch ≥ 2.5\'s SDPA',
    '        if (s == math.inf).any():',
    '            w = (s == math.inf).double() / (s == math.inf).sum()  # the inf entries tie',
    '        elif (s == -math.inf).all():',
    '            w = torch.full_like(s, 1 / s.numel())',
    '        else:',
    '            e = torch.exp(s - s.max())',
    '            w = e / e.sum()',
    '        weights[i, allowed[i]] = w',
    '    return weights',
    '',
    '',
    'def attention(q, k, v, rounding=None):',
    '    """Float64 (rounding None), or rounded once at each stage, float64 arithmetic in between."""',
    '    r_in, r_score, r_weight, r_out = rounding or (lambda x: x,) * 4',
    '    q, k, v = r_in(q), r_in(k), r_in(v)',
    '    scores = r_score(scale * (q @ k.T)).masked_fill(~allowed, -math.inf)',
    '    overflowed = int((~torch.isfinite(scores) & allowed).sum())',
    '    weights = r_weight(softmax_rows(scores))',
    '    return weights, r_out(weights @ v), overflowed',
    '',
    '',
    'ref_w, ref_out, _ = attention(Q, K, V)',
    '# PyTorch\'s fused attention gives the same float64 output (up to the order of additions).',
    'sdpa_out = F.scaled_dot_product_attention(Q, K, V, is_causal=causal)',
    'print(f"float64: SDPA vs softmax(QK^T/sqrt(d)) V, max difference {(sdpa_out - ref_out).abs().max().item():.2e}")',
    '',
    'errors = {}',
    'for name, rounding in FORMATS.items():',
    '    w, out, overflowed = attention(Q, K, V, rounding)',
    '    # Over all cells, as the lab measures it (blocked cells are 0 in every format).',
    '    err_w, err_out = (w - ref_w).abs(), (out - ref_out).abs()',
    '    errors[name] = {"weightsMax": err_w.max().item(), "weightsMean": err_w.mean().item(),',
    '                    "outputMax": err_out.max().item(), "outputMean": err_out.mean().item(),',
    '                    "overflowedScores": overflowed}',
    '    print(f"{name}: weights max error {err_w.max().item():.4g}, mean {err_w.mean().item():.4g}; "',
    '          f"output max {err_out.max().item():.4g}, mean {err_out.mean().item():.4g}; overflowed scores {overflowed}")',
    '',
    "# For comparison, PyTorch's own fused kernel on inputs cast to each format. It keeps its",
    '# intermediates in its own precision and order, so these are not the simulation above.',
    'for name, dtype in (("fp16", torch.float16), ("bf16", torch.bfloat16)):',
    '    try:',
    '        real = F.scaled_dot_product_attention(Q.to(dtype), K.to(dtype), V.to(dtype), is_causal=causal).double()',
    '        print(f"{name} SDPA kernel: output max error {(real - ref_out).abs().max().item():.4g}")',
    '    except RuntimeError as e:  # some CPU builds have no kernel for this dtype',
    '        print(f"{name} SDPA kernel not available here: {e}")',
    '',
    '# The plain cast rounds float64 → float32 → float16 (twice); count where that differs from one rounding.',
    'inputs = torch.cat([Q.flatten(), K.flatten(), V.flatten()])',
    'double_rounded = int((inputs.to(torch.float16).double() != round_fp16(inputs)).sum())',
    'print(f"fp16 inputs where x.to(torch.float16) differs from one rounding: {double_rounded}")',
    '',
    '',
    'def prune(weights, t):',
    '    """Drop weights below t and renormalise each row; a row with nothing left keeps its maximum."""',
    '    out = weights.clone()',
    '    rows_kept_at_max = 0',
    '    for i, row in enumerate(weights):',
    '        nonzero = row > 0',
    '        if not nonzero.any():',
    '            continue  # a fully blocked row stays zero',
    '        keep = nonzero & (row >= t)',
    '        if not keep.any():',
    '            keep = nonzero & (row == row.max())',
    '            rows_kept_at_max += 1',
    '        if bool(keep[nonzero].all()):',
    '            continue  # nothing dropped: the row is left exactly as it was',
    '        out[i] = torch.where(keep, row, torch.zeros_like(row))',
    '        out[i] /= out[i].sum()',
    '    return out, rows_kept_at_max',
    '',
    '',
    'pruned, rows_kept_at_max = prune(ref_w, threshold)',
    'nonzero = ref_w > 0',
    'dropped = int(((pruned == 0) & nonzero).sum())',
    'sparsity = dropped / int(nonzero.sum()) if nonzero.any() else 0.0',
    '# Against weights @ V of the unpruned weights, so a threshold that drops nothing changes nothing.',
    'delta = pruned @ V - ref_out',
    'diff_norm, out_norm = torch.linalg.norm(delta).item(), torch.linalg.norm(ref_out).item()',
    'relative = 0.0 if diff_norm == 0 else (diff_norm / out_norm if out_norm else math.inf)',
    'print(f"threshold {threshold}: sparsity {sparsity:.4g} ({dropped} of {int(nonzero.sum())} weights dropped), "',
    '      f"max |output change| {delta.abs().max().item():.4g}, relative {relative:.4g}, rows kept at max {rows_kept_at_max}")',
    '',
    'print(json.dumps({"formats": errors, "pruning": {"sparsity": sparsity, "dropped": dropped, "maxAbsError": delta.abs().max().item(),',
    '                                                 "relativeError": relative, "rowsKeptAtMax": rows_kept_at_max}}))',
    '',
  ];
  return lines.join('\n');
}

/** Both scripts start from the same float64 inputs and settings. */
function inputLines({ q, k, v, causal, threshold }: PrecisionPruningSnippetInput, literal: (m: Matrix, dtype: 'float64', name: string) => string): string[] {
  return [
    `Q = ${literal(q, 'float64', 'Q')}`,
    `K = ${literal(k, 'float64', 'K')}`,
    `V = ${literal(v, 'float64', 'V')}`,
    `causal = ${causal ? 'True' : 'False'}`,
    `threshold = ${pythonFloat(threshold)}`,
  ];
}
