/**
 * The worker's picture of a big heatmap (lib/heatmap/raster.ts) must be the picture the page would
 * have drawn itself: same pooling, same colour domain, same pixels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedMask, buildColourLut, downsampleBy, fillRgba, interpolatorFor } from '../lib/heatmap';
import { colourPolicy } from '../lib/heatmap/colourPolicy';
import { rasterizeHeatmap, ruleMask } from '../lib/heatmap/raster';
import { mulberry32 } from '../lib/random';

test('ruleMask("causal") blocks exactly the keys after each query, for square and wide matrices', () => {
  // 3 × 4: row 0 may see key 0; row 1 keys 0–1; row 2 keys 0–2.
  assert.deepEqual(Array.from(ruleMask('causal', 3, 4)), [0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1]);
  const predicate = blockedMask((i, j) => j > i, 37, 29)!;
  assert.deepEqual(ruleMask('causal', 37, 29), predicate);
});

test('pooled and coloured in one call: the same pixels, domain and caption as the page-side steps', () => {
  const rnd = mulberry32(3);
  const rows = 301;
  const cols = 257;
  const data = Float32Array.from({ length: rows * cols }, () => rnd());
  for (const [rowFactor, colFactor, pooling, scale, stretch] of [
    [1, 1, 'mean', 'sequential', false],
    [3, 2, 'mean', 'sequential', true],
    [4, 4, 'max', 'diverging', false],
  ] as const) {
    const raster = rasterizeHeatmap({ rows, cols, data, rowFactor, colFactor, pooling, scale, blocked: null, blockedRule: 'causal', stretch });
    const mask = blockedMask((i, j) => j > i, rows, cols);
    const pooled = rowFactor > 1 || colFactor > 1 ? downsampleBy({ rows, cols, data }, rowFactor, colFactor, pooling, mask) : null;
    const pixels = pooled ?? { rows, cols, data, blocked: mask };
    const { domain } = colourPolicy(scale, [{ data: pixels.data, blocked: pixels.blocked }], { stretch });
    const rgba = new Uint8ClampedArray(pixels.rows * pixels.cols * 4);
    fillRgba(rgba, pixels.data, pixels.rows, pixels.cols, buildColourLut(interpolatorFor(scale)), domain, pixels.blocked);
    assert.deepEqual([raster.width, raster.height], [Math.ceil(cols / colFactor), Math.ceil(rows / rowFactor)]);
    assert.deepEqual(raster.domain, domain);
    assert.ok(Buffer.from(raster.rgba).equals(Buffer.from(rgba)), `pixels for ${rowFactor}×${colFactor} ${pooling}`);
    assert.equal(raster.caption === null, pooled === null, 'a caption exactly when pooled');
  }
});

test('a matrix whose size does not match its values is refused', () => {
  assert.throws(() => rasterizeHeatmap({ rows: 3, cols: 3, data: new Float32Array(8), rowFactor: 1, colFactor: 1, pooling: 'mean', scale: 'sequential', blocked: null, blockedRule: null }), /3 × 3 does not match 8 values/);
});
