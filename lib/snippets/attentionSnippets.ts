/**
 * "Copy as code": self-contained NumPy and PyTorch scripts that reproduce the numbers a calculator
 * shows, so a learner can take the example into a notebook and keep going.
 *
 * The scripts follow lib/attention.ts exactly: scores = Q·Kᵀ · scale / temperature (scale defaults
 * to 1/√d), blocked pairs set to -inf (mask: non-zero = may attend; causal: query i sees keys
 * j ≤ i, top-left aligned as PyTorch's is_causal), a softmax that gives an all-zero row when every
 * key is blocked, output = weights · V. Multi-head: projections multiply on the right
 * (Q = Xq·Wq), head h owns columns [h·dₕ, (h+1)·dₕ), scale 1/√dₕ, concat(heads)·Wo, no biases.
 * The data type follows the inputs (float32 when every input matrix is a Float32Array, as the lab
 * then computes in float32), or `dtype`. Every script's last line prints the results as JSON.
 * Learner text (tokens) only ever goes into string literals, never into comments or code.
 */
import { AttentionInputError } from '../errors';
import { MAX_HEADS } from '../limits';
import {
  literalRows,
  maskCells,
  type MatrixLike,
  nestedListLiteral,
  numpyArrayLiteral,
  type PythonDtype,
  pythonFloat,
  pythonString,
  TORCH_SCRIPT_IMPORTS,
  torchTensorLiteral,
} from './pythonLiterals';

export interface AttentionSnippetInput {
  q: MatrixLike;
  k: MatrixLike;
  v: MatrixLike;
  /** Multiplies Q·Kᵀ; defaults to 1/√d. */
  scale?: number;
  /** Divides the scores; 1 when omitted. */
  temperature?: number;
  causal?: boolean;
  /** nq × nk, non-zero = may attend. */
  mask?: MatrixLike;
  /** Labels of the query rows, one each. */
  tokens?: string[];
  dtype?: PythonDtype;
  /** Decimals in the human-readable printout (the JSON line is unrounded). */
  digits?: number;
}

export interface MultiHeadSnippetInput {
  xq: MatrixLike;
  /** Key/value input; omitted for self-attention (Xkv = Xq). */
  xkv?: MatrixLike;
  wq: MatrixLike;
  wk: MatrixLike;
  wv: MatrixLike;
  wo: MatrixLike;
  heads: number;
  causal?: boolean;
  mask?: MatrixLike;
  tokens?: string[];
  dtype?: PythonDtype;
  digits?: number;
}

type Lib = 'np' | 'torch';

const SOFTMAX_ROWS = `def softmax_rows(x):
    # Subtract each row's largest score before exp, so large scores cannot overflow. A row whose
    # keys are all blocked is all -inf: its max is -inf and exp(-inf - (-inf)) would be NaN, so
    # such a row gets zero weights instead (as in the lab, and in PyTorch >= 2.5's SDPA).
    row_max = x.max(axis=-1, keepdims=True)
    blocked = np.isneginf(row_max)
    e = np.exp(x - np.where(blocked, 0, row_max))
    total = e.sum(axis=-1, keepdims=True)
    return np.where(blocked, 0, e / np.where(blocked, 1, total))`;

export function numpyAttentionSnippet(input: AttentionSnippetInput): string {
  const p = prepareAttention(input);
  const lines = [
    '# Scaled dot-product attention from Attention Lab, in NumPy:',
    '# weights = softmax(Q @ K.T * scale / temperature) with blocked pairs removed; output = weights @ V.',
    'import json',
    'import math',
    '',
    'import numpy as np',
    '',
    ...tokenLines(p.tokens),
    `Q = ${numpyArrayLiteral(p.q, p.dtype, 'Q')}`,
    `K = ${numpyArrayLiteral(p.k, p.dtype, 'K')}`,
    `V = ${numpyArrayLiteral(p.v, p.dtype, 'V')}`,
    ...scaleLines(p, 'Q.shape[1]'),
    ...allowedLines(p, 'np', 'Q.shape[0], K.shape[0]'),
    '',
    '',
    SOFTMAX_ROWS,
    '',
    '',
    'scores = Q @ K.T * scale / temperature',
    ...(p.masked ? ['scores = np.where(allowed, scores, -np.inf)  # blocked pairs get no weight'] : []),
    'weights = softmax_rows(scores)',
    'output = weights @ V',
    '',
    ...printLines('np', p.digits, p.tokens, [['weights (rows: queries, columns: keys)', 'weights'], ['output', 'output']]),
    '# The same numbers as JSON, unrounded, for checking against the lab.',
    'print(json.dumps({"weights": weights.tolist(), "output": output.tolist()}))',
  ];
  return lines.join('\n') + '\n';
}

export function pytorchAttentionSnippet(input: AttentionSnippetInput): string {
  const p = prepareAttention(input);
  const sdpaMask = p.mask !== null ? 'attn_mask=allowed' : p.causal ? 'is_causal=True' : 'attn_mask=None';
  const lines = [
    '# Scaled dot-product attention from Attention Lab, in PyTorch.',
    '# Needs PyTorch >= 2.1 (the scale= argument of scaled_dot_product_attention).',
    ...TORCH_SCRIPT_IMPORTS,
    ...tokenLines(p.tokens),
    `q = ${torchTensorLiteral(p.q, p.dtype, 'Q')}`,
    `k = ${torchTensorLiteral(p.k, p.dtype, 'K')}`,
    `v = ${torchTensorLiteral(p.v, p.dtype, 'V')}`,
    ...scaleLines(p, 'q.shape[-1]'),
    '# SDPA has no temperature: dividing the scores by T is the same as multiplying the scale by 1/T.',
    'effective_scale = scale / temperature',
    ...allowedLines(p, 'torch', 'q.shape[0], k.shape[0]'),
    '',
    '# SDPA takes (..., L, E) tensors: a leading batch dimension of 1 keeps every version happy.',
    'output = F.scaled_dot_product_attention(',
    `    q[None], k[None], v[None], ${sdpaMask}, scale=effective_scale`,
    ')[0]',
    '',
    '# SDPA returns only the output, so the weights are worked out again here to print them.',
    'scores = q @ k.T * effective_scale',
    ...(p.masked ? ['scores = scores.masked_fill(~allowed, float("-inf"))  # blocked pairs get no weight'] : []),
    ...(p.masked
      ? [
          '# A query whose keys are all blocked gets NaN from softmax; the lab (and SDPA in',
          '# PyTorch >= 2.5) gives zeros, so NaN rows become zero.',
          'weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)',
        ]
      : ['weights = torch.softmax(scores, dim=-1)']),
    '',
    ...printLines('torch', p.digits, p.tokens, [['weights (rows: queries, columns: keys)', 'weights'], ['output', 'output']]),
    '# The same numbers as JSON, unrounded, for checking against the lab.',
    'print(json.dumps({"weights": weights.tolist(), "output": output.tolist()}))',
  ];
  return lines.join('\n') + '\n';
}

export function numpyMultiHeadSnippet(input: MultiHeadSnippetInput): string {
  const p = prepareMultiHead(input);
  const lit = (m: number[][], name: string) => numpyArrayLiteral(m, p.dtype, name);
  const lines = [
    '# Multi-head attention from Attention Lab, in NumPy ("Attention Is All You Need", no biases).',
    'import json',
    'import math',
    '',
    'import numpy as np',
    '',
    ...multiHeadInputLines(p, lit, 'np'),
    '',
    '',
    SOFTMAX_ROWS,
    '',
    '',
    ...HEAD_LOOP_START,
    '    scores = Q[:, cols] @ K[:, cols].T / math.sqrt(d_head)',
    ...(p.masked ? ['    scores = np.where(allowed, scores, -np.inf)'] : []),
    '    w = softmax_rows(scores)',
    '    head_weights.append(w)',
    '    head_outputs.append(w @ V[:, cols])',
    'output = np.concatenate(head_outputs, axis=1) @ Wo',
    '',
    ...printLines('np', p.digits, p.tokens, [['output', 'output']]),
    ...headPrintLines(`w.round(${p.digits})`),
  ];
  return lines.join('\n') + '\n';
}

export function pytorchMultiHeadSnippet(input: MultiHeadSnippetInput): string {
  const p = prepareMultiHead(input);
  const lit = (m: number[][], name: string) => torchTensorLiteral(m, p.dtype, name);
  const sdpaMask = p.mask !== null ? 'attn_mask=allowed' : p.causal ? 'is_causal=True' : 'attn_mask=None';
  const lines = [
    '# Multi-head attention from Attention Lab, in PyTorch ("Attention Is All You Need", no biases).',
    '# Needs PyTorch >= 2.1 (the scale= argument of scaled_dot_product_attention).',
    '#',
    '# Written out head by head rather than with nn.MultiheadAttention, whose layout differs: it keeps',
    '# the three projections in one in_proj_weight of shape (3*d_model, d_model) applied as',
    '# x @ W.T (nn.Linear convention) and adds biases by default. To load these matrices into it:',
    '# bias=False, in_proj_weight = torch.cat([Wq.T, Wk.T, Wv.T]), out_proj.weight = Wo.T.',
    ...TORCH_SCRIPT_IMPORTS,
    ...multiHeadInputLines(p, lit, 'torch'),
    '',
    ...HEAD_LOOP_START,
    '    qh, kh, vh = Q[:, cols], K[:, cols], V[:, cols]',
    '    head_outputs.append(F.scaled_dot_product_attention(',
    `        qh[None], kh[None], vh[None], ${sdpaMask}, scale=1 / math.sqrt(d_head)`,
    '    )[0])',
    '    # SDPA returns only the output; the weights are worked out again to print them.',
    '    scores = qh @ kh.T / math.sqrt(d_head)',
    ...(p.masked
      ? [
          '    scores = scores.masked_fill(~allowed, float("-inf"))',
          '    # Fully blocked rows: softmax gives NaN, the lab (and SDPA in PyTorch >= 2.5) zeros.',
          '    head_weights.append(torch.softmax(scores, dim=-1).nan_to_num(0.0))',
        ]
      : ['    head_weights.append(torch.softmax(scores, dim=-1))']),
    'output = torch.cat(head_outputs, dim=1) @ Wo',
    '',
    ...printLines('torch', p.digits, p.tokens, [['output', 'output']]),
    ...headPrintLines(`w.round(decimals=${p.digits})`),
  ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

/** The inputs of a multi-head script: tokens, Xq, Xkv, the four projections, heads and widths, the mask. */
function multiHeadInputLines(p: PreparedMultiHead, lit: (m: number[][], name: string) => string, lib: Lib): string[] {
  return [
    ...tokenLines(p.tokens),
    `Xq = ${lit(p.xq, 'Xq')}`,
    p.xkv === null ? 'Xkv = Xq  # self-attention' : `Xkv = ${lit(p.xkv, 'Xkv')}`,
    `Wq = ${lit(p.wq, 'Wq')}`,
    `Wk = ${lit(p.wk, 'Wk')}`,
    `Wv = ${lit(p.wv, 'Wv')}`,
    `Wo = ${lit(p.wo, 'Wo')}`,
    `heads = ${p.heads}`,
    'd_model = Xq.shape[1]',
    'd_head = d_model // heads',
    ...allowedLines(p, lib, 'Xq.shape[0], Xkv.shape[0]'),
  ];
}

/** The projections and the head loop's first line; NumPy and PyTorch spell them the same. */
const HEAD_LOOP_START = [
  '# Projections multiply on the right: row i of Q is (row i of Xq) @ Wq.',
  'Q = Xq @ Wq',
  'K = Xkv @ Wk',
  'V = Xkv @ Wv',
  'head_weights = []',
  'head_outputs = []',
  'for h in range(heads):',
  '    cols = slice(h * d_head, (h + 1) * d_head)  # head h owns these columns of Q, K and V',
];

/** Prints each head's weights (`rounded` spells the rounding in the script's library) and the JSON line. */
function headPrintLines(rounded: string): string[] {
  return [
    'for h, w in enumerate(head_weights):',
    '    print(f"head {h} weights:")',
    `    print(${rounded})`,
    '# The same numbers as JSON, unrounded, for checking against the lab.',
    'print(json.dumps({',
    '    "heads": [{"weights": w.tolist(), "output": o.tolist()} for w, o in zip(head_weights, head_outputs)],',
    '    "output": output.tolist(),',
    '}))',
  ];
}

interface MaskParts {
  causal: boolean;
  mask: number[][] | null;
  masked: boolean;
  tokens: string[] | null;
  dtype: PythonDtype;
  digits: number;
}

interface PreparedAttention extends MaskParts {
  q: number[][];
  k: number[][];
  v: number[][];
  scale: number | null;
  temperature: number;
}

interface PreparedMultiHead extends MaskParts {
  xq: number[][];
  xkv: number[][] | null;
  wq: number[][];
  wk: number[][];
  wv: number[][];
  wo: number[][];
  heads: number;
}

function refuse(code: 'shape' | 'out-of-range' | 'invalid-argument' | 'not-finite', message: string, input: string): never {
  throw new AttentionInputError(code, message, { input });
}

function finiteRows(m: MatrixLike, name: string): number[][] {
  const rows = literalRows(m, name);
  rows.forEach((row, i) =>
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) {
        throw new AttentionInputError('not-finite', `${name} row ${i + 1}, column ${j + 1} is ${String(x)}: every entry must be a finite number.`, {
          input: name,
          row: i,
          col: j,
        });
      }
    }),
  );
  return rows;
}

/** As lib/matrix.ts resultArrayType: the mask does not decide the precision. */
function isFloat32(m: MatrixLike | undefined): boolean {
  return m === undefined || (!Array.isArray(m) && (m as { data?: unknown }).data instanceof Float32Array);
}

function common(
  input: { causal?: boolean; mask?: MatrixLike; tokens?: string[]; dtype?: PythonDtype; digits?: number },
  nq: number,
  nk: number,
  matrices: (MatrixLike | undefined)[],
): MaskParts {
  const causal = input.causal ?? false;
  if (typeof causal !== 'boolean') refuse('invalid-argument', 'causal must be true or false.', 'causal');
  let mask: number[][] | null = null;
  if (input.mask !== undefined) {
    const rows = finiteRows(input.mask, 'mask');
    if (rows.length !== nq || rows[0].length !== nk) {
      refuse('shape', `The mask is ${rows.length}×${rows[0].length} but must be queries × keys = ${nq}×${nk}.`, 'mask');
    }
    mask = maskCells(rows).map((row) => row.map(Number));
  }
  let tokens: string[] | null = null;
  if (input.tokens !== undefined) {
    if (!Array.isArray(input.tokens) || input.tokens.length !== nq || !input.tokens.every((t) => typeof t === 'string')) {
      refuse('shape', `Give one token (text) per query row: ${nq} of them.`, 'tokens');
    }
    tokens = input.tokens.slice();
  }
  const dtype = input.dtype ?? (matrices.every(isFloat32) ? 'float32' : 'float64');
  if (dtype !== 'float32' && dtype !== 'float64') refuse('invalid-argument', `dtype is ${String(dtype)}: use "float32" or "float64".`, 'dtype');
  const digits = input.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) refuse('out-of-range', `digits is ${String(digits)}: use a whole number from 0 to 15.`, 'digits');
  return { causal, mask, masked: causal || mask !== null, tokens, dtype, digits };
}

function prepareAttention(input: AttentionSnippetInput): PreparedAttention {
  if (typeof input !== 'object' || input === null) refuse('invalid-argument', 'Give { q, k, v } to copy as code.', 'input');
  const q = finiteRows(input.q, 'Q');
  const k = finiteRows(input.k, 'K');
  const v = finiteRows(input.v, 'V');
  if (k[0].length !== q[0].length) refuse('shape', `K has ${k[0].length} columns but Q has ${q[0].length}: queries and keys must have the same width d.`, 'K');
  if (v.length !== k.length) refuse('shape', `V has ${v.length} rows but K has ${k.length}: every key needs one value row.`, 'V');
  if (input.scale !== undefined && (typeof input.scale !== 'number' || !Number.isFinite(input.scale))) {
    refuse('not-finite', `The scale is ${String(input.scale)}: it must be a finite number.`, 'scale');
  }
  const temperature = input.temperature ?? 1;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    refuse('out-of-range', `The temperature is ${String(temperature)}: it must be a number above 0.`, 'temperature');
  }
  return {
    ...common(input, q.length, k.length, [input.q, input.k, input.v]),
    q,
    k,
    v,
    scale: input.scale ?? null,
    temperature,
  };
}

function prepareMultiHead(input: MultiHeadSnippetInput): PreparedMultiHead {
  if (typeof input !== 'object' || input === null) refuse('invalid-argument', 'Give { xq, wq, wk, wv, wo, heads } to copy as code.', 'input');
  const xq = finiteRows(input.xq, 'Xq');
  const xkv = input.xkv === undefined ? null : finiteRows(input.xkv, 'Xkv');
  const dModel = xq[0].length;
  if (xkv !== null && xkv[0].length !== dModel) {
    refuse('shape', `Xkv has ${xkv[0].length} columns but Xq has ${dModel}: both must have width d_model.`, 'Xkv');
  }
  const w = (m: MatrixLike, name: string) => {
    const rows = finiteRows(m, name);
    if (rows.length !== dModel || rows[0].length !== dModel) {
      refuse('shape', `${name} is ${rows.length}×${rows[0].length} but must be d_model×d_model = ${dModel}×${dModel}.`, name);
    }
    return rows;
  };
  const heads = input.heads;
  if (typeof heads !== 'number' || !Number.isInteger(heads) || heads < 1 || heads > MAX_HEADS) {
    refuse('out-of-range', `The number of heads is ${String(heads)}: it must be a whole number from 1 to ${MAX_HEADS}.`, 'heads');
  }
  if (dModel % heads !== 0) refuse('invalid-argument', `d_model = ${dModel} cannot be split into ${heads} heads: the number of heads must divide d_model.`, 'heads');
  return {
    ...common(input, xq.length, (xkv ?? xq).length, [input.xq, input.xkv, input.wq, input.wk, input.wv, input.wo]),
    xq,
    xkv,
    wq: w(input.wq, 'Wq'),
    wk: w(input.wk, 'Wk'),
    wv: w(input.wv, 'Wv'),
    wo: w(input.wo, 'Wo'),
    heads,
  };
}

function tokenLines(tokens: string[] | null): string[] {
  if (tokens === null) return [];
  const literals = tokens.map(pythonString);
  const oneLine = `tokens = [${literals.join(', ')}]`;
  if (oneLine.length <= 88) return [oneLine];
  const lines = ['tokens = ['];
  let line = '   ';
  for (const literal of literals) {
    if (line.length > 3 && line.length + literal.length + 2 > 88) {
      lines.push(line);
      line = '   ';
    }
    line += ` ${literal},`;
  }
  lines.push(line, ']');
  return lines;
}

function scaleLines(p: PreparedAttention, widthExpr: string): string[] {
  return [
    p.scale === null ? `scale = 1 / math.sqrt(${widthExpr})  # the default, 1/sqrt(d)` : `scale = ${pythonFloat(p.scale)}`,
    `temperature = ${pythonFloat(p.temperature)}`,
  ];
}

function allowedLines(p: MaskParts, lib: Lib, shapeExpr: string): string[] {
  if (!p.masked) return [];
  const ones = lib === 'np' ? `np.ones((${shapeExpr}), dtype=bool)` : `torch.ones(${shapeExpr}, dtype=torch.bool)`;
  const tril = lib === 'np' ? `np.tril(${ones})` : `${ones}.tril()`;
  const maskLiteral =
    p.mask === null ? '' : nestedListLiteral(p.mask.map((row) => row.map(String)), lib === 'np' ? 'np.array(' : 'torch.tensor(', lib === 'np' ? ', dtype=bool)' : ', dtype=torch.bool)');
  const lines = ['', `# allowed[i, j] is True when query i may attend key j${lib === 'torch' ? " (PyTorch's meaning of a boolean attn_mask)" : ''}.`];
  if (p.mask !== null && p.causal) {
    lines.push(`allowed = ${maskLiteral}  # the mask: 1 = may attend`);
    if (lib === 'torch') {
      lines.push('# PyTorch refuses attn_mask together with is_causal=True, so the causal rule is folded');
      lines.push('# into the one boolean mask.');
    }
    lines.push('# causal: query i sees keys 0..i (top-left aligned, as is_causal)');
    lines.push(`allowed &= ${tril}`);
  } else if (p.mask !== null) {
    lines.push(`allowed = ${maskLiteral}  # the mask: 1 = may attend`);
  } else {
    lines.push('# causal: query i sees keys 0..i (top-left aligned, as is_causal)');
    lines.push(`allowed = ${tril}`);
  }
  return lines;
}

function printLines(lib: Lib, digits: number, tokens: string[] | null, items: [string, string][]): string[] {
  const round = (expr: string) => (lib === 'np' ? `${expr}.round(${digits})` : `${expr}.round(decimals=${digits})`);
  const lines = lib === 'np' ? ['np.set_printoptions(suppress=True)'] : ['torch.set_printoptions(sci_mode=False)'];
  for (const [title, expr] of items) {
    lines.push(`print(${pythonString(`${title}:`)})`);
    if (tokens !== null) {
      lines.push(`for token, row in zip(tokens, ${round(expr)}):`);
      lines.push(`    print(f"{token:>12}", row${lib === 'torch' ? '.tolist()' : ''})`);
    } else {
      lines.push(`print(${round(expr)})`);
    }
  }
  return lines;
}
