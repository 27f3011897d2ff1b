/**
 * "Copy as NumPy" for the positional-encodings calculator: one script that builds the sinusoidal
 * table (the lab's convention: PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(…), odd d
 * ending in a lone sine), the dot products against a reference position, and rotary embedding on
 * one 2-D pair (rotate by position·θ) with the check that shifting both positions leaves q·k
 * unchanged. The last printed line is JSON with the numbers the calculator shows.
 */
import { AttentionInputError } from '../errors';
import { pythonFloat } from './pythonLiterals';

export interface PositionalSnippetInput {
  n: number;
  d: number;
  base: number;
  reference: number;
  theta: number;
  positionQ: number;
  positionK: number;
  q2: [number, number];
  k2: [number, number];
  shifts: readonly number[];
}

function int(x: number, name: string): string {
  if (!Number.isInteger(x)) throw new AttentionInputError('invalid-argument', `${name} is ${String(x)}: a whole number is needed.`, { input: name });
  return String(x);
}

export function numpyPositionalSnippet(input: PositionalSnippetInput): string {
  const { n, d, base, reference, theta, positionQ, positionK, q2, k2, shifts } = input;
  return [
    '# Positional encodings from Attention Lab, in NumPy.',
    'import json',
    '',
    'import numpy as np',
    '',
    '# Sinusoidal table (Vaswani et al. 2017): column pair i has frequency base^(-2i/d).',
    `n, d, base = ${int(n, 'n')}, ${int(d, 'd')}, ${pythonFloat(base)}`,
    'p = np.arange(n)[:, None]',
    'c = np.arange(d)[None, :]',
    'angle = p * base ** (-(2 * (c // 2)) / d)',
    'pe = np.where(c % 2 == 0, np.sin(angle), np.cos(angle))  # (n, d)',
    '',
    '# How similar positions are: dot products of their encodings (for even d: sum of cos((p - q) * freq)).',
    'similarity = pe @ pe.T  # (n, n)',
    `reference = ${int(reference, 'reference')}`,
    'print("PE[reference] . PE[q] for q = 0 .. n-1:", np.round(similarity[reference], 3))',
    '',
    '# Rotary embedding (RoPE) on one 2-D pair: rotate by position * theta.',
    'def rotate(v, angle):',
    '    c, s = np.cos(angle), np.sin(angle)',
    '    return np.array([v[0] * c - v[1] * s, v[0] * s + v[1] * c])',
    '',
    `theta = ${pythonFloat(theta)}  # radians per position`,
    `m, k_pos = ${int(positionQ, 'positionQ')}, ${int(positionK, 'positionK')}  # positions of the query and the key`,
    `q = np.array([${pythonFloat(q2[0])}, ${pythonFloat(q2[1])}])`,
    `k = np.array([${pythonFloat(k2[0])}, ${pythonFloat(k2[1])}])`,
    'dot = rotate(q, m * theta) @ rotate(k, k_pos * theta)',
    'print("q.k before rotation:", q @ k, "after:", dot)',
    '# Shift both positions by s: only the offset k_pos - m matters, so q.k stays the same.',
    `shifts = [0, ${shifts.filter((s) => s !== 0).map((s) => pythonFloat(s)).join(', ')}]`,
    'shifted = [float(rotate(q, (m + s) * theta) @ rotate(k, (k_pos + s) * theta)) for s in shifts]',
    'for s, value in zip(shifts, shifted):',
    '    print(f"shift {s:g}: q.k = {value:.12f}")',
    'print(json.dumps({"pe_row_1": pe[min(1, n - 1)].tolist(), "similarity_to_reference": similarity[reference].tolist(),',
    '                  "dot_unrotated": float(q @ k), "dot": float(dot), "shifted_dots": shifted}))',
  ].join('\n');
}

/**
 * "Copy as PyTorch": the same script with torch tensors (float64 throughout, so the numbers are
 * the lab's up to the last bits): the sinusoidal table, PE·PEᵀ, RoPE on the 2-D pair and the shift
 * check. The last printed line is the same JSON as the NumPy snippet's.
 */
export function pytorchPositionalSnippet(input: PositionalSnippetInput): string {
  const { n, d, base, reference, theta, positionQ, positionK, q2, k2, shifts } = input;
  return [
    '# Positional encodings from Attention Lab, in PyTorch (float64, as the lab computes).',
    'import json',
    'import math',
    '',
    'import torch',
    '',
    '# Sinusoidal table (Vaswani et al. 2017): column pair i has frequency base^(-2i/d).',
    `n, d, base = ${int(n, 'n')}, ${int(d, 'd')}, ${pythonFloat(base)}`,
    'p = torch.arange(n, dtype=torch.float64)[:, None]',
    'c = torch.arange(d, dtype=torch.float64)[None, :]',
    'angle = p * base ** (-(2 * torch.div(c, 2, rounding_mode="floor")) / d)',
    'pe = torch.where(c % 2 == 0, torch.sin(angle), torch.cos(angle))  # (n, d)',
    '',
    '# How similar positions are: dot products of their encodings (for even d: sum of cos((p - q) * freq)).',
    'similarity = pe @ pe.T  # (n, n)',
    `reference = ${int(reference, 'reference')}`,
    'print("PE[reference] . PE[q] for q = 0 .. n-1:", [round(x, 3) for x in similarity[reference].tolist()])',
    '',
    '# Rotary embedding (RoPE) on one 2-D pair: rotate by position * theta.',
    'def rotate(v, angle):',
    '    c, s = math.cos(angle), math.sin(angle)',
    '    return torch.stack([v[0] * c - v[1] * s, v[0] * s + v[1] * c])',
    '',
    '',
    `theta = ${pythonFloat(theta)}  # radians per position`,
    `m, k_pos = ${int(positionQ, 'positionQ')}, ${int(positionK, 'positionK')}  # positions of the query and the key`,
    `q = torch.tensor([${pythonFloat(q2[0])}, ${pythonFloat(q2[1])}], dtype=torch.float64)`,
    `k = torch.tensor([${pythonFloat(k2[0])}, ${pythonFloat(k2[1])}], dtype=torch.float64)`,
    'dot = float(rotate(q, m * theta) @ rotate(k, k_pos * theta))',
    'print("q.k before rotation:", float(q @ k), "after:", dot)',
    '# Shift both positions by s: only the offset k_pos - m matters, so q.k stays the same.',
    `shifts = [0, ${shifts.filter((s) => s !== 0).map((s) => pythonFloat(s)).join(', ')}]`,
    'shifted = [float(rotate(q, (m + s) * theta) @ rotate(k, (k_pos + s) * theta)) for s in shifts]',
    'for s, value in zip(shifts, shifted):',
    '    print(f"shift {s:g}: q.k = {value:.12f}")',
    'print(json.dumps({"pe_row_1": pe[min(1, n - 1)].tolist(), "similarity_to_reference": similarity[reference].tolist(),',
    '                  "dot_unrotated": float(q @ k), "dot": dot, "shifted_dots": shifted}))',
    '',
  ].join('\n');
}
