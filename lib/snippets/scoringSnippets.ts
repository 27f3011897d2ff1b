/**
 * Take-away NumPy code for the scoring-functions calculator: the same Q, K, V and the same
 * parameters (W, W1, W2, vₐ as the lab drew them, printed as float64 literals, so no RNG has to
 * agree), the four scores, one softmax, the weights, mean entropies and the pairwise differences.
 * Float64 throughout, as lib/calculators/scoringComparison.ts computes. The last line prints the
 * numbers as JSON so a test (or a learner) can compare them with the lab's.
 */
import type { Matrix } from '../matrix';
import { matrixToCsv } from './csv';
import { numpyArrayLiteral, pythonFloat, pythonString, TORCH_SCRIPT_IMPORTS, torchTensorLiteral } from './pythonLiterals';

export interface ScoringSnippetInput {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  w: Matrix;
  w1: Matrix;
  w2: Matrix;
  va: readonly number[];
  causal: boolean;
  queryLabels: readonly string[];
  keyLabels: readonly string[];
  /** Whether Q is K (= V): then the script says so and writes X once. */
  selfAttention: boolean;
}

export function numpyScoringSnippet(input: ScoringSnippetInput): string {
  const lines = [
    '# Four attention scoring functions on the same inputs (Attention Lab, "Scoring functions").',
    '# Parameters are the ones the lab drew from its seed, written out as numbers.',
    'import json',
    '',
    'import numpy as np',
    '',
    ...scoringInputLines(input, (m, name) => numpyArrayLiteral(m, 'float64', name), (xs) => `np.array([${xs}], dtype=np.float64)`),
    'scores = {',
    '    "dot": Q @ K.T,',
    '    "scaledDot": Q @ K.T / np.sqrt(d),',
    '    "general": Q @ W @ K.T,',
    '    # (nq, 1, h) + (1, nk, h) → (nq, nk, h), then · va → (nq, nk)',
    '    "additive": np.tanh((Q @ W1)[:, None, :] + (K @ W2)[None, :, :]) @ va,',
    '}',
    '',
    'nq, nk = Q.shape[0], K.shape[0]',
    '# Top-left aligned causal mask (PyTorch is_causal): query i sees keys j ≤ i.',
    'allowed = np.tril(np.ones((nq, nk), dtype=bool)) if causal else np.ones((nq, nk), dtype=bool)',
    '',
    '',
    'def softmax(s):',
    '    s = np.where(allowed, s, -np.inf)',
    '    m = s.max(axis=1, keepdims=True)',
    '    m = np.where(np.isfinite(m), m, 0.0)',
    '    e = np.exp(s - m)',
    '    total = e.sum(axis=1, keepdims=True)',
    '    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)  # blocked row → zeros',
    '',
    '',
    'def mean_entropy(p):',
    '    logs = np.log(p, out=np.zeros_like(p), where=p > 0)  # 0·ln 0 = 0',
    '    return float(-(p * logs).sum(axis=1).mean())',
    '',
    '',
    'weights = {name: softmax(s) for name, s in scores.items()}',
    'outputs = {name: A @ V for name, A in weights.items()}',
    'np.set_printoptions(precision=4, suppress=True)',
    'for name, A in weights.items():',
    '    print(f"{name}: mean entropy {mean_entropy(A):.4f} nats (uniform: {np.log(nk):.4f})")',
    '    print(A)',
    '',
    'names = list(weights)',
    'differences = []',
    'for i, a in enumerate(names):',
    '    for b in names[i + 1:]:',
    '        delta = np.abs(weights[a] - weights[b])',
    '        # total variation per query row: ½·Σ|p − q|, the probability mass that has to move',
    '        differences.append({"a": a, "b": b, "maxAbsWeightDiff": float(delta.max()),',
    '                            "meanTotalVariation": float(0.5 * delta.sum(axis=1).mean())})',
    '        print(f"{a} vs {b}: max |Δweight| = {delta.max():.4f}, "',
    '              f"mean TV = {0.5 * delta.sum(axis=1).mean():.4f}")',
    '',
    ...SCORING_JSON_LINES,
  ];
  return lines.join('\n');
}

/**
 * The inputs and parameters of both scripts, in the script's library: `matrix` writes a float64
 * matrix literal, `vector` wraps the comma-separated entries of va.
 */
function scoringInputLines(input: ScoringSnippetInput, matrix: (m: Matrix, name: string) => string, vector: (entries: string) => string): string[] {
  const { q, k, v, w, w1, w2, va, causal, queryLabels, keyLabels, selfAttention } = input;
  return [
    `queries = [${queryLabels.map(pythonString).join(', ')}]`,
    `keys = [${keyLabels.map(pythonString).join(', ')}]`,
    ...(selfAttention
      ? ['# Self-attention without projections: Q = K = V = X (one row per token).', `X = ${matrix(k, 'X')}`, 'Q, K, V = X, X, X']
      : [`Q = ${matrix(q, 'Q')}`, `K = ${matrix(k, 'K')}`, sameMatrix(k, v) ? 'V = K  # the tokens are keys and values' : `V = ${matrix(v, 'V')}`]),
    `d = ${q.cols}`,
    `causal = ${causal ? 'True' : 'False'}`,
    '',
    '# general: q·W·k, W is d×d',
    `W = ${matrix(w, 'W')}`,
    '# additive (Bahdanau): va·tanh(q·W1 + k·W2), W1 and W2 are d×h, va has h entries',
    `W1 = ${matrix(w1, 'W1')}`,
    `W2 = ${matrix(w2, 'W2')}`,
    `va = ${vector(va.map((x) => pythonFloat(x)).join(', '))}`,
    '',
  ];
}

/** Both scripts end by printing the same JSON, which the tests compare with the lab. */
const SCORING_JSON_LINES = [
  'print(json.dumps({',
  '    "weights": {name: A.tolist() for name, A in weights.items()},',
  '    "entropy": {name: mean_entropy(A) for name, A in weights.items()},',
  '    "differences": differences,',
  '}))',
  '',
];

function sameMatrix(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && a.data.every((x, i) => x === b.data[i]);
}

/**
 * "Copy as PyTorch": the same inputs and parameters as float64 literals, the four scores, the same
 * masked softmax, mean entropies and pairwise differences. Three of the four are dot products of
 * something with K, so their outputs also come from F.scaled_dot_product_attention (dot: scale 1;
 * scaled dot: the default 1/√d; general: (Q·W)·Kᵀ with scale 1) and the script checks them against
 * weights · V; additive attention is not a dot product, so its output is weights · V alone.
 * The last line prints the same JSON as the NumPy snippet.
 */
export function pytorchScoringSnippet(input: ScoringSnippetInput): string {
  const lines = [
    '# Four attention scoring functions on the same inputs (Attention Lab, "Scoring functions"), in PyTorch.',
    '# Parameters are the ones the lab drew from its seed, written out as numbers (float64, as the lab).',
    ...TORCH_SCRIPT_IMPORTS,
    ...scoringInputLines(input, (m, name) => torchTensorLiteral(m, 'float64', name), (xs) => `torch.tensor([${xs}], dtype=torch.float64)`),
    'scores = {',
    '    "dot": Q @ K.T,',
    '    "scaledDot": Q @ K.T / math.sqrt(d),',
    '    "general": Q @ W @ K.T,',
    '    # (nq, 1, h) + (1, nk, h) → (nq, nk, h), then · va → (nq, nk)',
    '    "additive": torch.tanh((Q @ W1)[:, None, :] + (K @ W2)[None, :, :]) @ va,',
    '}',
    '',
    'nq, nk = Q.shape[0], K.shape[0]',
    '# Top-left aligned causal mask, as is_causal=True: query i sees keys j ≤ i.',
    'allowed = torch.ones(nq, nk, dtype=torch.bool)',
    'if causal:',
    '    allowed = allowed.tril()',
    '',
    '',
    'def softmax(s):',
    '    # A row with every key blocked would be NaN (0/0); the lab gives it zero weights.',
    '    return torch.nan_to_num(torch.softmax(s.masked_fill(~allowed, -math.inf), dim=1), nan=0.0)',
    '',
    '',
    'def mean_entropy(p):',
    '    return torch.special.entr(p).sum(dim=1).mean().item()  # entr(x) = -x·ln x, 0 at x = 0',
    '',
    '',
    'weights = {name: softmax(s) for name, s in scores.items()}',
    'outputs = {name: A @ V for name, A in weights.items()}',
    '# The same outputs from PyTorch\'s fused attention where the score is a dot product with K.',
    'sdpa = {',
    '    "dot": F.scaled_dot_product_attention(Q, K, V, is_causal=causal, scale=1.0),',
    '    "scaledDot": F.scaled_dot_product_attention(Q, K, V, is_causal=causal),  # scale 1/√d',
    '    "general": F.scaled_dot_product_attention(Q @ W, K, V, is_causal=causal, scale=1.0),',
    '}',
    'for name, out in sdpa.items():',
    '    print(f"{name}: SDPA output vs weights @ V, max difference {(out - outputs[name]).abs().max().item():.2e}")',
    '',
    'torch.set_printoptions(precision=4, sci_mode=False)',
    'for name, A in weights.items():',
    '    print(f"{name}: mean entropy {mean_entropy(A):.4f} nats (uniform: {math.log(nk):.4f})")',
    '    print(A)',
    '',
    'names = list(weights)',
    'differences = []',
    'for i, a in enumerate(names):',
    '    for b in names[i + 1:]:',
    '        delta = (weights[a] - weights[b]).abs()',
    '        # total variation per query row: ½·Σ|p − q|, the probability mass that has to move',
    '        tv = (0.5 * delta.sum(dim=1).mean()).item()',
    '        differences.append({"a": a, "b": b, "maxAbsWeightDiff": delta.max().item(), "meanTotalVariation": tv})',
    '        print(f"{a} vs {b}: max |Δweight| = {delta.max().item():.4f}, mean TV = {tv:.4f}")',
    '',
    ...SCORING_JSON_LINES,
  ];
  return lines.join('\n');
}

/** A CSV label cell: spreadsheet formulas defused and RFC 4180 quoting, as lib/snippets/csv.ts does. */
function csvLabel(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface ScoringWeightsBlock {
  /** Method key, e.g. "scaledDot". */
  method: string;
  /** Human label, e.g. "Scaled dot product". */
  label: string;
  weights: Matrix;
}

/**
 * The weights of every method as CSV, one block per method: a line `method,<key>,<label>`, then the
 * weights with the keys as the header and one row per query, then an empty line before the next
 * block. CRLF line ends (RFC 4180); blocked cells are 0.
 */
export function scoringWeightsCsv(blocks: readonly ScoringWeightsBlock[], queryLabels: readonly string[], keyLabels: readonly string[]): string {
  return blocks
    .map((b) => `method,${csvLabel(b.method)},${csvLabel(b.label)}\r\n${matrixToCsv(b.weights, { rowLabels: [...queryLabels], colLabels: [...keyLabels] })}`)
    .join('\r\n');
}
