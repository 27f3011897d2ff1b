/**
 * What an attention worker can do: op name → core function. The worker calls
 * `operations[op](...args)`, and the client's types come from this table, so exposing another
 * core function to workers is one line here.
 */
import {
  additiveAttention,
  attentionRowBlock,
  multiHeadAttention,
  multiHeadAttentionHeads,
  scaledDotProductAttention,
} from '../attention';
import { rasterizeHeatmap } from '../heatmap/raster';

export const operations = {
  scaledDotProductAttention,
  attentionRowBlock,
  multiHeadAttention,
  multiHeadAttentionHeads,
  additiveAttention,
  // Pooling and colouring a big heatmap (components/AttentionHeatmap.tsx).
  rasterizeHeatmap,
};

export type Operations = typeof operations;
export type OpName = keyof Operations;
export type OpArgs<K extends OpName> = Parameters<Operations[K]>;
export type OpResult<K extends OpName> = ReturnType<Operations[K]>;
