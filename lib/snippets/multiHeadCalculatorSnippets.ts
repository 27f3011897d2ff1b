/**
 * "Copy as code / CSV" for the multi-head and the self-versus-cross calculators. The scripts are
 * the shared multi-head ones (lib/snippets/attentionSnippets.ts) fed the exact matrices the worker
 * built, so they print the numbers on the page; nothing about attention is written twice here.
 */
import type { CrossAttentionResult } from '../calculators/crossAttentionExplorer';
import type { MultiHeadExplorerResult } from '../calculators/multiHeadExplorer';
import { numpyMultiHeadSnippet, pytorchMultiHeadSnippet, type MultiHeadSnippetInput } from './attentionSnippets';
import { matrixToCsv } from './csv';
import { pythonString } from './pythonLiterals';

export type SnippetLibrary = 'numpy' | 'pytorch';

const generate = (lib: SnippetLibrary, input: MultiHeadSnippetInput) => (lib === 'numpy' ? numpyMultiHeadSnippet(input) : pytorchMultiHeadSnippet(input));

/**
 * A script reproducing the multi-head calculator's heads and output. The projections are the ones
 * the worker used: seeded, or exactly the typed numbers (then a comment says so).
 */
export function multiHeadCalculatorSnippet(lib: SnippetLibrary, result: MultiHeadExplorerResult): string {
  const { wq, wk, wv, wo } = result.weights;
  const script = generate(lib, { xq: result.x, wq, wk, wv, wo, heads: result.heads, causal: result.causal, tokens: result.tokens });
  if (result.projections !== 'typed') return script;
  const [title, ...rest] = script.split('\n');
  return [title, '# Wq, Wk, Wv and Wo are the matrices typed in the lab; Xq (token embeddings + positions) comes from its seed.', ...rest].join('\n');
}

/** Every head's weights in one table: rows "head h: token", columns the key tokens. */
export function multiHeadWeightsCsv(result: MultiHeadExplorerResult): string {
  const n = result.tokens.length;
  const rows: number[][] = [];
  const rowLabels: string[] = [];
  result.perHead.forEach((head, h) => {
    for (let i = 0; i < n; i++) {
      rows.push(Array.from(head.weights.data.subarray(i * n, (i + 1) * n)));
      rowLabels.push(`head ${h + 1}: ${result.tokens[i]}`);
    }
  });
  return matrixToCsv(rows, { rowLabels, colLabels: result.tokens });
}

/**
 * Two scripts in one: the target's causal self-attention, then cross-attention (queries from the
 * target, keys and values from the source). Each part is complete and prints its own JSON line.
 */
export function crossAttentionCalculatorSnippet(lib: SnippetLibrary, result: CrossAttentionResult): string {
  const self = result.self.projections;
  const cross = result.cross.projections;
  const selfPart = generate(lib, { xq: result.xTarget, ...self, heads: 1, causal: true, tokens: result.target });
  const crossPart = generate(lib, { xq: result.xTarget, xkv: result.xSource, ...cross, heads: 1, tokens: result.target });
  const source = `[${result.source.map(pythonString).join(', ')}]`;
  return [
    '# Part 1 of 2: the target sentence attends to itself, causally (each token sees itself and earlier tokens).',
    selfPart,
    '# Part 2 of 2: cross-attention. Queries come from the target (decoder) rows Xq; keys and values',
    `# from the source (encoder) rows Xkv, one per source token, in order (${result.source.length} tokens, printed at the end as source_tokens).`,
    crossPart.replace(/\n$/, ''),
    `source_tokens = ${source}`,
    'print(json.dumps({"source_tokens": source_tokens}))',
    '',
  ].join('\n');
}

/** Cross-attention weights: rows the target tokens, columns the source tokens. */
export function crossAttentionWeightsCsv(result: CrossAttentionResult): string {
  return matrixToCsv(result.cross.weights, { rowLabels: result.target, colLabels: result.source });
}
