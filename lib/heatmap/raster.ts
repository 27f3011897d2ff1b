/**
 * A big heatmap's picture, computed away from the page: pool the matrix down to the canvas's
 * pixels, pick the colour domain from what is shown, and fill RGBA through the colour LUT. For a
 * 4096 × 4096 matrix that is 16.8M reads and 1M pixels, far more than a frame's budget, so the
 * heatmap runs this in the worker pool (operation `rasterizeHeatmap`) and only puts the finished
 * pixels on the canvas. Small matrices do the same steps on the page (AttentionHeatmap). Colours
 * follow the policy of colourPolicy.ts: fixed 0–1 for weights unless stretched, centred on 0 for
 * signed values.
 */
import { buildColourLut, fillRgba, interpolatorFor, type HeatmapScale } from './colour';
import { colourPolicy, type ColourPolicy } from './colourPolicy';
import { blockedMask, downsampleBy, downsampleCaption, type PoolMode } from './downsample';
import type { FloatArray } from '../matrix';

/** Masks a caller can describe in words rather than send as n² bytes: 'causal' blocks j > i. */
export type BlockedRule = 'causal';

export interface HeatmapRasterInput {
  rows: number;
  cols: number;
  data: FloatArray;
  rowFactor: number;
  colFactor: number;
  pooling: PoolMode;
  scale: HeatmapScale;
  /** Row-major, non-zero = masked; or null. */
  blocked: Uint8Array | null;
  blockedRule: BlockedRule | null;
  /** A policy shared with other heatmaps (small multiples); else this picture's own. */
  colours?: ColourPolicy | null;
  /** This picture's own policy stretched to the shown values' range (sequential only). */
  stretch?: boolean;
}

export interface HeatmapRaster {
  /** Pixels: pooled columns × rows. */
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  domain: [number, number];
  policy: ColourPolicy;
  /** "4096 × 4096, shown at …", or null when every cell is a pixel. */
  caption: string | null;
}

export function ruleMask(rule: BlockedRule, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(rows * cols);
  if (rule === 'causal') {
    for (let i = 0; i < rows; i++) out.fill(1, i * cols + Math.min(cols, i + 1), (i + 1) * cols);
  }
  return out;
}

export function rasterizeHeatmap(input: HeatmapRasterInput): HeatmapRaster {
  const { rows, cols, data, rowFactor, colFactor, pooling, scale } = input;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && data.length === rows * cols)) {
    throw new RangeError(`rasterizeHeatmap: ${rows} × ${cols} does not match ${data.length} values`);
  }
  const mask = input.blockedRule ? ruleMask(input.blockedRule, rows, cols) : blockedMask(input.blocked, rows, cols);
  const pooled = rowFactor > 1 || colFactor > 1 ? downsampleBy({ rows, cols, data }, rowFactor, colFactor, pooling, mask) : null;
  const pixels = pooled ?? { rows, cols, data, blocked: mask };
  // Pooled means are far smaller than single weights, so a stretched (or centred) domain is taken
  // over the pixels shown, never over the raw cells.
  const policy = input.colours ?? colourPolicy(scale, [{ data: pixels.data, blocked: pixels.blocked }], { stretch: input.stretch });
  const domain = policy.domain;
  const rgba = new Uint8ClampedArray(pixels.rows * pixels.cols * 4);
  fillRgba(rgba, pixels.data, pixels.rows, pixels.cols, buildColourLut(interpolatorFor(scale)), domain, pixels.blocked);
  return { width: pixels.cols, height: pixels.rows, rgba, domain, policy, caption: pooled ? downsampleCaption(pooled) : null };
}
