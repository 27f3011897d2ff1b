/**
 * "Copy as code" for the masks calculator: a NumPy script that builds the same n × n mask from its
 * rule (not from a literal of n² cells), and a PyTorch script that turns it into a boolean
 * `attn_mask` for `F.scaled_dot_product_attention` (True = may attend, the lab's convention).
 *
 * Every rule is written the way lib/masks.ts states it, vectorised over query positions i (rows)
 * and key positions j (columns). The one part that is not a formula is block-sparse's random
 * blocks: the lab draws them with its own seeded generator (mulberry32), which NumPy does not have,
 * so the script carries the drawn block lists as a literal (a few numbers per block row).
 */
import { AttentionInputError } from '../errors';
import { blockSparseLayout } from '../masks';
import { paddingValidKeys, type ExplorerPattern } from '../calculators/maskExplorer';
import { MAX_LITERAL_CELLS } from './pythonLiterals';

export interface MaskSnippetInput {
  n: number;
  /** As used at n (the calculator passes `patternFromState`). */
  pattern: ExplorerPattern;
  /** One line for the script's header, e.g. "Sliding window, radius 16". */
  description: string;
}

export interface MaskTorchSnippetInput extends MaskSnippetInput {
  d: number;
  heads: number;
  seed: number;
}

/** The NumPy lines that define `mask` (bool, n × n) given `n`, `i` and `j`. */
function maskLines(n: number, pattern: ExplorerPattern): string[] {
  switch (pattern.kind) {
    case 'full':
      return ['mask = np.ones((n, n), dtype=bool)'];
    case 'causal':
      return ['mask = j <= i  # key not after the query (torch.tril)'];
    case 'padding': {
      const valid = paddingValidKeys(n, pattern.validFraction);
      return [
        `valid = ${valid}  # real tokens: ceil(n * ${pattern.validFraction}); keys from here on are padding`,
        'mask = np.broadcast_to(j < valid, (n, n)).copy()  # every query, padded ones too, sees the real keys',
      ];
    }
    case 'slidingWindow':
      return [`radius = ${pattern.radius}`, 'mask = np.abs(i - j) <= radius'];
    case 'dilatedWindow':
      return [
        `radius, dilation = ${pattern.radius}, ${pattern.dilation}`,
        '# itself plus radius keys on each side, dilation apart (Longformer)',
        'mask = (np.abs(i - j) <= radius * dilation) & ((i - j) % dilation == 0)',
      ];
    case 'globalLocal':
      return [
        `radius = ${pattern.radius}`,
        `global_tokens = [${pattern.globalTokens.join(', ')}]  # attend to all and are attended by all`,
        'is_global = np.zeros(n, dtype=bool)',
        'is_global[global_tokens] = True',
        'mask = (np.abs(i - j) <= radius) | is_global[:, None] | is_global[None, :]',
      ];
    case 'strided':
      return [
        `stride = ${pattern.stride}`,
        '# causal: the last `stride` keys, plus every stride-th key before them (Sparse Transformer)',
        'mask = (j <= i) & (((i - j) < stride) | ((i - j) % stride == 0))',
      ];
    case 'blockSparse': {
      const layout = blockSparseLayout(n, pattern);
      const cells = layout.randomBlocks.reduce((sum, row) => sum + Math.max(1, row.length), 0);
      if (cells > MAX_LITERAL_CELLS) {
        throw new AttentionInputError(
          'out-of-range',
          `This block layout has ${layout.numBlocks} block rows of random blocks, too many to copy as code; use a bigger block size.`,
          { input: 'blockSize' },
        );
      }
      return [
        `block_size, window_blocks, global_blocks = ${pattern.blockSize}, ${pattern.windowBlocks}, ${pattern.globalBlocks}`,
        'num_blocks = -(-n // block_size)',
        `# The ${pattern.randomBlocks} random key blocks of each block row, as the lab drew them (seed ${pattern.seed}).`,
        `random_blocks = ${wrapList(layout.randomBlocks.map((row) => `[${row.join(', ')}]`))}`,
        'bi = np.arange(num_blocks)[:, None]',
        'bj = np.arange(num_blocks)[None, :]',
        'block_mask = (np.abs(bi - bj) <= window_blocks) | (bi < global_blocks) | (bj < global_blocks)',
        'for row, cols in enumerate(random_blocks):',
        '    block_mask[row, cols] = True',
        '# every token of block I sees every token of the blocks I sees; the last block may be short',
        'mask = np.repeat(np.repeat(block_mask, block_size, axis=0), block_size, axis=1)[:n, :n]',
      ];
    }
  }
}

function wrapList(items: string[]): string {
  const oneLine = `[${items.join(', ')}]`;
  if (oneLine.length <= 70) return oneLine;
  const lines: string[] = ['['];
  let line = '    ';
  for (const item of items) {
    const piece = `${item}, `;
    if (line.trim() !== '' && line.length + piece.length > 88) {
      lines.push(line.trimEnd());
      line = '    ';
    }
    line += piece;
  }
  lines.push(line.trimEnd(), ']');
  return lines.join('\n');
}

function assertN(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new AttentionInputError('out-of-range', `n is ${String(n)}: a whole number of tokens.`, { input: 'n' });
}

function maskBuilder(input: MaskSnippetInput): string[] {
  assertN(input.n);
  return [
    `n = ${input.n}`,
    'i = np.arange(n)[:, None]  # query positions (rows)',
    'j = np.arange(n)[None, :]  # key positions (columns)',
    ...maskLines(input.n, input.pattern),
  ];
}

/** A NumPy script printing the mask's allowed pairs and density, last line JSON. */
export function numpyMaskSnippet(input: MaskSnippetInput): string {
  return [
    `# Attention mask from Attention Lab: ${oneLine(input.description)}, n = ${input.n}.`,
    '# mask[i, j] is True when query i may attend key j.',
    'import json',
    '',
    'import numpy as np',
    '',
    ...maskBuilder(input),
    '',
    'allowed = int(mask.sum())',
    'print("allowed pairs:", allowed, "of", n * n, "- density", allowed / (n * n))',
    '# To use it: scores[~mask] = -np.inf before the softmax.',
    'print(json.dumps({"n": n, "allowed_pairs": allowed, "density": allowed / (n * n)}))',
  ].join('\n');
}

/** A PyTorch script: the same mask as a boolean attn_mask, used by F.scaled_dot_product_attention. */
export function pytorchMaskSnippet(input: MaskTorchSnippetInput): string {
  const { d, heads, seed } = input;
  if (!Number.isInteger(d) || !Number.isInteger(heads) || heads < 1 || d % heads !== 0) {
    throw new AttentionInputError('shape', `d = ${d} does not split into ${heads} heads.`, { input: 'heads' });
  }
  const alternative =
    input.pattern.kind === 'causal'
      ? ['# For causal attention, is_causal=True says the same and lets PyTorch skip the masked half:', 'causal_out = F.scaled_dot_product_attention(q, k, v, is_causal=True)', 'print("same as is_causal=True:", torch.allclose(out, causal_out, atol=1e-6))']
      : [];
  return [
    `# Attention mask from Attention Lab: ${oneLine(input.description)}, n = ${input.n},`,
    `# used as a boolean attn_mask (True = may attend) for ${heads} heads of width ${d / heads}.`,
    'import json',
    '',
    'import numpy as np',
    'import torch',
    'import torch.nn.functional as F',
    '',
    ...maskBuilder(input),
    'attn_mask = torch.from_numpy(mask)  # (n, n) bool, broadcast over batch and heads',
    '',
    `heads, head_dim = ${heads}, ${d / heads}`,
    `g = torch.Generator().manual_seed(${seed})`,
    'q, k, v = (torch.randn(1, heads, n, head_dim, generator=g) for _ in range(3))',
    'out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)',
    '# With an arbitrary mask PyTorch still computes all n * n scores and then masks them:',
    '# the saving the cost model shows needs a kernel that skips blocked pairs.',
    ...alternative,
    'allowed = int(attn_mask.sum())',
    'print(json.dumps({"n": n, "allowed_pairs": allowed, "density": allowed / (n * n), "output_shape": list(out.shape)}))',
  ].join('\n');
}

/** Learner-facing text in a comment must stay on its line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
