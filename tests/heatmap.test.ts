import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { interpolateViridis, rgb } from 'd3';
import {
  LUT_SIZE,
  MASKED_DARK,
  MASKED_LIGHT,
  SVG_MAX_SIDE,
  blockedMask,
  buildColourLut,
  canvasBudget,
  cellAt,
  colourScale,
  computeLayout,
  downsample,
  downsampleBy,
  downsampleCaption,
  exactText,
  fillRgba,
  formatCellValue,
  formatDigits,
  formatFull,
  formatValue,
  interpolatorFor,
  isMaskStripe,
  labelIndices,
  lutIndex,
  modeFor,
  nextCell,
  pageRowsFor,
  poolFactor,
  positionText,
  readoutText,
  relativeLuminance,
  textColourOn,
  titleNumber,
  tokenName,
  truncateLabel,
  type Cell,
} from '../lib/heatmap';
import { colourPolicy } from '../lib/heatmap/colourPolicy';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('colour LUT', () => {
  const lut = buildColourLut(interpolateViridis);

  test('has 256 opaque RGBA entries', () => {
    assert.equal(lut.length, LUT_SIZE * 4);
    for (let k = 0; k < LUT_SIZE; k++) assert.equal(lut[k * 4 + 3], 255, `alpha of entry ${k}`);
  });

  test('endpoints are the interpolator at 0 and 1', () => {
    const lo = rgb(interpolateViridis(0));
    const hi = rgb(interpolateViridis(1));
    assert.deepEqual([...lut.subarray(0, 3)], [lo.r, lo.g, lo.b]);
    assert.deepEqual([...lut.subarray((LUT_SIZE - 1) * 4, (LUT_SIZE - 1) * 4 + 3)], [hi.r, hi.g, hi.b]);
    assert.deepEqual([...lut.subarray(0, 3)], [0x44, 0x01, 0x54], 'viridis starts at #440154');
    assert.deepEqual([...lut.subarray(1020, 1023)], [0xfd, 0xe7, 0x25], 'viridis ends at #fde725');
  });

  test('viridis luminance rises monotonically, so darker always means less', () => {
    // d3's viridis is 256 colours rounded to 8 bits, so neighbouring entries may dip by less than
    // one channel step (~0.003 in luminance); across 8 entries it must rise strictly.
    const lum = (k: number) => relativeLuminance(lut[k * 4], lut[k * 4 + 1], lut[k * 4 + 2]);
    for (let k = 1; k < LUT_SIZE; k++) {
      assert.ok(lum(k) >= lum(k - 1) - 1e-3, `luminance of entry ${k} (${lum(k)}) well below entry ${k - 1} (${lum(k - 1)})`);
    }
    for (let k = 8; k < LUT_SIZE; k++) {
      assert.ok(lum(k) > lum(k - 8), `luminance of entry ${k} not above entry ${k - 8}`);
    }
  });

  test('diverging palette: negative is blue, zero near white, positive red', () => {
    const div = buildColourLut(interpolatorFor('diverging'));
    const [r0, , b0] = div.subarray(0, 3);
    const [r1, , b1] = div.subarray(1020, 1023);
    assert.ok(b0 > r0, `low end should be blue, got r=${r0} b=${b0}`);
    assert.ok(r1 > b1, `high end should be red, got r=${r1} b=${b1}`);
    const mid = 128 * 4;
    assert.ok(relativeLuminance(div[mid], div[mid + 1], div[mid + 2]) > 0.85, 'middle of the diverging LUT should be near white');
  });

  test('lutIndex is linear, clamped, and sends −∞/NaN to the first entry', () => {
    assert.equal(lutIndex(0, 0, 1), 0);
    assert.equal(lutIndex(1, 0, 1), 255);
    assert.equal(lutIndex(0.5, 0, 1), 128);
    assert.equal(lutIndex(-3, 0, 1), 0);
    assert.equal(lutIndex(7, 0, 1), 255);
    assert.equal(lutIndex(-Infinity, -2, 2), 0);
    assert.equal(lutIndex(Infinity, -2, 2), 255);
    assert.equal(lutIndex(NaN, 0, 1), 0);
    assert.equal(lutIndex(0, -2, 2), 128);
  });

  test('fillRgba agrees with lutIndex and draws masked cells as striped grey', () => {
    const data = f64([0, 0.5, 1, 0.25, 0, 0, 0, 0]);
    const blocked = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const out = new Uint8ClampedArray(8 * 4);
    fillRgba(out, data, 2, 4, lut, [0, 1], blocked);
    for (let k = 0; k < 4; k++) {
      const l = lutIndex(data[k], 0, 1) * 4;
      assert.deepEqual([...out.subarray(k * 4, k * 4 + 4)], [...lut.subarray(l, l + 4)], `cell ${k}`);
    }
    for (let j = 0; j < 4; j++) {
      const expected = isMaskStripe(1, j) ? MASKED_DARK : MASKED_LIGHT;
      assert.deepEqual([...out.subarray((4 + j) * 4, (4 + j) * 4 + 3)], [...expected], `masked cell (1, ${j})`);
    }
    // A masked cell must not look like a zero: zero is viridis dark purple, masked is grey.
    assert.notDeepEqual([...out.subarray(16, 19)], [...out.subarray(0, 3)], 'masked ≠ zero weight');
  });

  test('fills a 1024 × 1024 canvas, every pixel opaque', () => {
    const n = 1024;
    const data = new Float32Array(n * n).map((_, k) => (k % 997) / 997);
    const out = new Uint8ClampedArray(n * n * 4);
    fillRgba(out, data, n, n, lut, [0, 1]);
    for (let p = 3; p < out.length; p += 4) assert.equal(out[p], 255, `alpha of pixel ${(p - 3) / 4}`);
  });
});

describe('text contrast', () => {
  // The value domains are the colour policy's: tests/colourPolicy.test.ts.
  test('dark text on light cells, light text on dark cells', () => {
    assert.equal(textColourOn('#fde725'), '#000', 'viridis yellow');
    assert.equal(textColourOn('#440154'), '#fff', 'viridis purple');
    assert.equal(textColourOn('white'), '#000');
    assert.equal(textColourOn('black'), '#fff');
    const scale = colourScale('sequential', [0, 1]);
    assert.equal(textColourOn(scale(0)), '#fff');
    assert.equal(textColourOn(scale(1)), '#000');
  });

  test('relative luminance of black, white and pure green', () => {
    assert.equal(relativeLuminance(0, 0, 0), 0);
    assert.ok(Math.abs(relativeLuminance(255, 255, 255) - 1) < 1e-12, 'white has luminance 1');
    assert.ok(Math.abs(relativeLuminance(0, 255, 0) - 0.7152) < 1e-12, 'green weight 0.7152');
  });
});

describe('formatting', () => {
  test('readout values have 4 significant digits', () => {
    assert.equal(formatValue(0.40110001), '0.4011');
    assert.equal(formatValue(0.5), '0.5000');
    assert.equal(formatValue(0), '0');
    assert.equal(formatValue(-12.3456), '−12.35');
    assert.equal(formatValue(-Infinity), '−∞');
    assert.equal(formatValue(NaN), 'NaN');
  });

  test('full precision round-trips', () => {
    const v = Math.fround(0.4011);
    assert.equal(Number(formatFull(v)), v);
    assert.equal(formatFull(-0.25), '−0.25');
    assert.equal(formatFull(-Infinity), '−∞');
  });

  test('cell values are short', () => {
    assert.equal(formatCellValue(0.4011), '0.40');
    assert.equal(formatCellValue(1), '1.00');
    assert.equal(formatCellValue(-3.256), '−3.26');
    assert.equal(formatCellValue(1234), '1.23k');
    assert.equal(formatCellValue(-Infinity), '−∞');
  });

  test('readout names query token, key token and value', () => {
    const labels = ['the', 'cat', 'sat'];
    assert.equal(readoutText({ row: 0, col: 1, value: 0.40110001, blocked: false, rowLabels: labels, colLabels: labels }), 'the → cat: 0.4011');
    assert.equal(
      readoutText({ row: 2, col: 0, value: 0.1, blocked: false, rowLabels: labels, colLabels: labels, valueLabel: 'weight' }),
      'sat → the: weight 0.1',
    );
    assert.equal(readoutText({ row: 0, col: 2, value: 0, blocked: true, rowLabels: labels, colLabels: labels }), 'the → sat: masked');
    assert.equal(readoutText({ row: 4, col: 6, value: -2, blocked: false }), 'query 5 → key 7: −2');
  });

  test('readouts show the calculator\'s digits: 4 by default, 8 with "More digits"', () => {
    const labels = ['mat', 'cat'];
    const value = 2.6906042042311653;
    const at = (digits?: number) => readoutText({ row: 0, col: 1, value, blocked: false, rowLabels: labels, colLabels: labels, valueLabel: 'score', digits });
    assert.equal(at(), 'mat → cat: score 2.691');
    assert.equal(at(4), 'mat → cat: score 2.691');
    assert.equal(at(8), 'mat → cat: score 2.6906042');
  });

  test('formatDigits: significant digits without trailing zeros, exponents outside [0.001, 1e6), true minus signs', () => {
    assert.equal(formatDigits(0.005491234, 4), '0.005491');
    assert.equal(formatDigits(0.5, 4), '0.5');
    assert.equal(formatDigits(-12.3456, 4), '−12.35');
    assert.equal(formatDigits(0.000054912, 4), '5.491e−5');
    assert.equal(formatDigits(-0.000054912, 4), '−5.491e−5', 'both minus signs are true minus signs');
    assert.equal(formatDigits(1234567, 4), '1.235e+6');
    assert.equal(formatDigits(0, 8), '0');
    assert.equal(formatDigits(-Infinity, 4), '−∞');
    assert.equal(formatDigits(NaN, 4), 'NaN');
  });

  test('full precision only with "More digits": the exact line and native titles', () => {
    const value = 2.6906042042311653;
    assert.equal(exactText(value, 4), null, 'no 17 digits by default');
    assert.equal(exactText(value, 8), '2.6906042042311653');
    assert.equal(exactText(0.25, 8), null, 'nothing to add when the readout already shows every digit');
    assert.equal(exactText(-Infinity, 8), null);
    assert.equal(titleNumber(value, 4), '2.691');
    assert.equal(titleNumber(value, 8), '2.6906042042311653');
    assert.equal(titleNumber(-1e-7, 8), '−1e−7');
    assert.equal(titleNumber(-Infinity, 8), '−∞');
  });

  test('no readout or title carries more than the calculator\'s digits unless "More digits" is on', () => {
    // Significant digits of a mantissa: leading and trailing zeros do not count ("10000" is 1).
    const significant = (text: string) => text.replace(/e.*$/, '').replace(/[−.]/g, '').replace(/^0+|0+$/g, '').length;
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        assert.ok(significant(titleNumber(x, 4)) <= 4, titleNumber(x, 4));
        assert.ok(significant(formatDigits(x, 8)) <= 8, formatDigits(x, 8));
        assert.equal(exactText(x, 4), null);
        assert.ok(Number(titleNumber(x, 8).replace(/−/g, '-')) === x, 'full precision round-trips (−0 reads as 0)');
      }),
    );
  });

  test('positions and token names for unlabelled axes', () => {
    assert.equal(positionText(1, 4, 8, 8), 'row 2 of 8, column 5 of 8');
    assert.equal(tokenName(['a', ''], 1, 'key'), 'key 2', 'an empty token falls back to the position');
    assert.equal(tokenName(undefined, 0, 'query'), 'query 1');
  });

  test('labels are cut with an ellipsis, counting code points', () => {
    assert.equal(truncateLabel('short', 14), 'short');
    assert.equal(truncateLabel('abcdefghijklmnopqrstuvwxyz', 5), 'abcd…');
    assert.equal(truncateLabel('😀😀😀😀😀😀', 3), '😀😀…');
  });
});

describe('downsample', () => {
  // 4 × 4 hand-worked: pools of 2 × 2.
  const m = {
    rows: 4,
    cols: 4,
    data: f64([
      1, 2, 3, 4,
      5, 6, 7, 8,
      9, 10, 11, 12,
      13, 14, 15, 16,
    ]),
  };

  test('4 × 4 → 2 × 2 mean', () => {
    const ds = downsample(m, 2, 2, 'mean');
    assert.equal(ds.rows, 2);
    assert.equal(ds.cols, 2);
    assert.deepEqual([...ds.data], [3.5, 5.5, 11.5, 13.5]);
    assert.equal(ds.rowFactor, 2);
    assert.equal(ds.blocked, null);
  });

  test('4 × 4 → 2 × 2 max', () => {
    const ds = downsample(m, 2, 2, 'max');
    assert.deepEqual([...ds.data], [6, 8, 14, 16]);
  });

  test('no pooling when it fits', () => {
    const ds = downsample(m, 1024, 1024);
    assert.deepEqual([...ds.data], [...m.data]);
    assert.equal(downsampleCaption(ds), null);
  });

  test('non-divisible sizes: the last pool is partial', () => {
    // 5 × 3 with at most 2 rows, 2 cols → factors 3 and 2 → 2 × 2 output.
    const src = { rows: 5, cols: 3, data: f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]) };
    const ds = downsample(src, 2, 2, 'mean');
    assert.equal(ds.rowFactor, 3);
    assert.equal(ds.colFactor, 2);
    assert.equal(ds.rows, 2);
    assert.equal(ds.cols, 2);
    // pool (0,0): rows 0–2, cols 0–1 → 1,2,4,5,7,8 → 27/6 = 4.5; (0,1): 3,6,9 → 6
    // pool (1,0): rows 3–4, cols 0–1 → 10,11,13,14 → 12; (1,1): 12,15 → 13.5
    assert.deepEqual([...ds.data], [4.5, 6, 12, 13.5]);
    assert.match(downsampleCaption(ds) ?? '', /5 × 3, shown at 2 × 2, each pixel the mean of 3 × 2 cells \(fewer at the bottom\/right edge\)/);
  });

  test('a pool is masked only when all its cells are; otherwise masked cells are left out', () => {
    const blocked = Uint8Array.from([
      1, 1, 1, 0,
      1, 1, 1, 1,
      0, 0, 1, 1,
      0, 0, 1, 1,
    ]);
    const mean = downsample(m, 2, 2, 'mean', blocked);
    assert.deepEqual([...(mean.blocked ?? [])], [1, 0, 0, 1]);
    assert.equal(mean.data[1], 4, 'only cell (0,3) = 4 is visible in pool (0,1)');
    assert.equal(mean.data[2], 11.5, 'pool (1,0) has no masked cells');
    assert.ok(Number.isNaN(mean.data[0]), 'a fully masked pool has no value');
    const max = downsample(m, 2, 2, 'max', blocked);
    assert.equal(max.data[1], 4);
    assert.match(downsampleCaption(downsample({ rows: 4, cols: 4, data: m.data }, 2, 2, 'max', blocked)) ?? '', /maximum of 2 × 2 cells; a pixel is grey only when all its cells are masked/);
  });

  test('the brief’s caption for 4096 → 1024', () => {
    const n = 4096;
    const data = new Float32Array(n * n);
    const ds = downsample({ rows: n, cols: n, data }, 1024, 1024);
    assert.equal(downsampleCaption(ds), '4096 × 4096, shown at 1024 × 1024, each pixel the mean of 4 × 4 cells');
  });

  test('mean pooling preserves the total of unmasked values over equal pools (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (pr, pc, fr, fc_) => {
        const rows = pr * fr;
        const cols = pc * fc_;
        const data = Float64Array.from({ length: rows * cols }, (_, k) => (k * 7919) % 13);
        const ds = downsample({ rows, cols, data }, pr, pc, 'mean');
        const total = data.reduce((a, b) => a + b, 0);
        const pooled = ds.data.reduce((a, b) => a + b, 0) * fr * fc_;
        assert.ok(Math.abs(total - pooled) < 1e-9, `total ${total} vs pooled ${pooled}`);
      }),
    );
  });

  test('pooled output draws fully masked pools as masked, not as the lowest colour', () => {
    const blocked = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const ds = downsampleBy(m, 2, 2, 'mean', blocked);
    const lut = buildColourLut(interpolateViridis);
    const out = new Uint8ClampedArray(4 * 4);
    const { domain } = colourPolicy('sequential', [{ data: ds.data, blocked: ds.blocked }], { stretch: true });
    fillRgba(out, ds.data, ds.rows, ds.cols, lut, domain, ds.blocked);
    assert.deepEqual([...out.subarray(0, 3)], [...(isMaskStripe(0, 0) ? MASKED_DARK : MASKED_LIGHT)], 'pool (0,0) is all masked');
    assert.ok(domain.every(Number.isFinite), 'the NaN of the masked pool is not in the domain');
  });

  test('downsampleBy refuses factors that are not positive integers', () => {
    assert.throws(() => downsampleBy(m, 0, 1), /positive integers/);
    assert.throws(() => downsampleBy(m, 1.5, 1), /positive integers/);
  });

  test('poolFactor and blockedMask', () => {
    assert.equal(poolFactor(1024, 1024), 1);
    assert.equal(poolFactor(1025, 1024), 2);
    assert.equal(poolFactor(10, 3), 4);
    assert.throws(() => poolFactor(10, 0), RangeError);
    assert.deepEqual([...(blockedMask((i, j) => j > i, 2, 2) ?? [])], [0, 1, 0, 0]);
    assert.equal(blockedMask(undefined, 2, 2), null);
    assert.throws(() => blockedMask(new Uint8Array(3), 2, 2), /3 entries but the matrix has 2 × 2 = 4 cells/);
  });
});

describe('layout', () => {
  const tokens = ['the', 'cat', 'sat', 'on', 'the', 'mat'];

  test('SVG up to 32 on a side, canvas above', () => {
    assert.equal(modeFor(SVG_MAX_SIDE, SVG_MAX_SIDE), 'svg');
    assert.equal(modeFor(33, 4), 'canvas');
    assert.equal(modeFor(4, 33), 'canvas');
  });

  test('cell size follows the container and stays readable on a phone', () => {
    const wide = computeLayout({ rows: 6, cols: 6, containerWidth: 800, fontPx: 16, rowLabels: tokens, colLabels: tokens });
    const phone = computeLayout({ rows: 32, cols: 32, containerWidth: 360, fontPx: 16 });
    assert.equal(wide.cellWidth, wide.cellHeight, 'square cells');
    assert.ok(wide.cellWidth <= 72 && wide.cellWidth >= 40, `6 × 6 on 800px: cell ${wide.cellWidth}`);
    assert.ok(phone.cellWidth >= 22, `cells keep a readable size (${phone.cellWidth}px)`);
    assert.ok(phone.width > 360, 'the figure is wider than the phone and scrolls');
  });

  test('row labels are as wide as the longest (truncated) token', () => {
    const short = computeLayout({ rows: 2, cols: 2, containerWidth: 600, fontPx: 16, rowLabels: ['a', 'b'] });
    const long = computeLayout({ rows: 2, cols: 2, containerWidth: 600, fontPx: 16, rowLabels: ['a', 'x'.repeat(40)] });
    const longer = computeLayout({ rows: 2, cols: 2, containerWidth: 600, fontPx: 16, rowLabels: ['a', 'x'.repeat(80)] });
    assert.ok(long.rowLabelWidth > short.rowLabelWidth, 'longer labels need more room');
    assert.equal(long.rowLabelWidth, longer.rowLabelWidth, 'labels are truncated so width is capped');
    const big = computeLayout({ rows: 2, cols: 2, containerWidth: 600, fontPx: 32, rowLabels: ['a', 'b'] });
    assert.ok(big.rowLabelWidth > short.rowLabelWidth, 'a projector font size widens labels');
  });

  test('values are shown for small matrices with wide enough cells', () => {
    assert.equal(computeLayout({ rows: 8, cols: 8, containerWidth: 800, fontPx: 16 }).showValues, true);
    assert.equal(computeLayout({ rows: 9, cols: 8, containerWidth: 800, fontPx: 16 }).showValues, false, 'more than 64 cells');
    assert.equal(computeLayout({ rows: 8, cols: 8, containerWidth: 800, fontPx: 16, valueChars: 12 }).showValues, false, 'numbers too long for the cell');
    assert.equal(computeLayout({ rows: 20, cols: 20, containerWidth: 800, fontPx: 16, showValues: true }).showValues, true, 'caller may insist');
    assert.equal(computeLayout({ rows: 40, cols: 40, containerWidth: 800, fontPx: 16, showValues: true }).showValues, false, 'never on canvas');
  });

  test('column labels rotate when they do not fit across a cell', () => {
    const l = computeLayout({ rows: 4, cols: 4, containerWidth: 800, fontPx: 16, colLabels: ['a', 'b', 'c', 'd'] });
    assert.equal(l.colLabelsRotated, false);
    const r = computeLayout({ rows: 4, cols: 4, containerWidth: 300, fontPx: 16, colLabels: ['attention', 'is', 'all', 'you'] });
    assert.equal(r.colLabelsRotated, true);
    assert.ok(r.colLabelHeight > l.colLabelHeight, 'rotated labels need height');
  });

  test('canvas mode labels every k-th token so labels do not overlap', () => {
    const l = computeLayout({ rows: 512, cols: 512, containerWidth: 800, fontPx: 16 });
    assert.equal(l.mode, 'canvas');
    assert.ok(l.rowLabelIndices.length > 2 && l.rowLabelIndices.length < 60, `${l.rowLabelIndices.length} row labels`);
    for (let k = 1; k < l.rowLabelIndices.length; k++) {
      const spacing = (l.rowLabelIndices[k] - l.rowLabelIndices[k - 1]) * l.cellHeight;
      assert.ok(spacing >= 16 * 1.4 - 1e-9, `labels ${k - 1} and ${k} are ${spacing}px apart`);
    }
    assert.ok(l.plotWidth <= 960 + 1e-9 && l.plotHeight <= 960 + 1e-9, 'plot fits a screen');
  });

  test('labelIndices steps 1, 2, 5, 10, …', () => {
    assert.deepEqual(labelIndices(5, 30, 20), [0, 1, 2, 3, 4]);
    // 1-based positions 2, 4, 6, …; the first cell too when it is a full spacing from the next label.
    assert.deepEqual(labelIndices(10, 10, 20), [1, 3, 5, 7, 9]);
    assert.deepEqual(labelIndices(10, 5, 20), [0, 4, 9]);
    assert.deepEqual(labelIndices(100, 1, 20), [19, 39, 59, 79, 99], "position 1 is 19px from 20: too close");
    assert.deepEqual(labelIndices(30, 3, 20), [0, 9, 19, 29]);
  });

  test('cellAt maps points to cells and rejects points outside the plot', () => {
    const l = computeLayout({ rows: 4, cols: 4, containerWidth: 800, fontPx: 16 });
    assert.deepEqual(cellAt(l.plotLeft + 0.5, l.plotTop + 0.5, l, 4, 4), { row: 0, col: 0 });
    assert.deepEqual(cellAt(l.plotLeft + l.cellWidth * 2.5, l.plotTop + l.cellHeight * 3.5, l, 4, 4), { row: 3, col: 2 });
    assert.equal(cellAt(l.plotLeft - 1, l.plotTop + 1, l, 4, 4), null);
    assert.equal(cellAt(l.plotLeft + l.plotWidth, l.plotTop + 1, l, 4, 4), null);
  });

  test('canvas budget follows device pixels, capped at 1024', () => {
    assert.equal(canvasBudget(700, 1), 700);
    assert.equal(canvasBudget(700, 2), 1024);
    assert.equal(canvasBudget(300.2, 1), 301);
  });
});

describe('keyboard navigation', () => {
  const at = (row: number, col: number): Cell => ({ row, col });

  test('arrows move one cell and stop at the edges', () => {
    assert.deepEqual(nextCell(at(1, 1), { key: 'ArrowUp' }, 3, 3), at(0, 1));
    assert.deepEqual(nextCell(at(1, 1), { key: 'ArrowDown' }, 3, 3), at(2, 1));
    assert.deepEqual(nextCell(at(1, 1), { key: 'ArrowLeft' }, 3, 3), at(1, 0));
    assert.deepEqual(nextCell(at(1, 1), { key: 'ArrowRight' }, 3, 3), at(1, 2));
    assert.deepEqual(nextCell(at(0, 0), { key: 'ArrowUp' }, 3, 3), at(0, 0));
    assert.deepEqual(nextCell(at(2, 2), { key: 'ArrowRight' }, 3, 3), at(2, 2));
  });

  test('Home/End within the row, with Ctrl to the corners', () => {
    assert.deepEqual(nextCell(at(1, 1), { key: 'Home' }, 3, 4), at(1, 0));
    assert.deepEqual(nextCell(at(1, 1), { key: 'End' }, 3, 4), at(1, 3));
    assert.deepEqual(nextCell(at(1, 1), { key: 'Home', ctrlKey: true }, 3, 4), at(0, 0));
    assert.deepEqual(nextCell(at(1, 1), { key: 'End', ctrlKey: true }, 3, 4), at(2, 3));
  });

  test('PageUp/PageDown jump pageRows rows', () => {
    assert.equal(pageRowsFor(100), 10);
    assert.equal(pageRowsFor(3), 1);
    assert.deepEqual(nextCell(at(5, 2), { key: 'PageDown' }, 100, 4), at(15, 2));
    assert.deepEqual(nextCell(at(5, 2), { key: 'PageUp' }, 100, 4), at(0, 2));
  });

  test('no cell yet starts at the top left; other keys are not handled', () => {
    assert.deepEqual(nextCell(null, { key: 'ArrowDown' }, 3, 3), at(1, 0));
    assert.equal(nextCell(at(1, 1), { key: 'a' }, 3, 3), null);
    assert.equal(nextCell(at(1, 1), { key: 'Tab' }, 3, 3), null);
    assert.equal(nextCell(null, { key: 'ArrowDown' }, 0, 3), null);
  });

  test('always lands inside the grid (property)', () => {
    const keys = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.record({ key: fc.constantFrom(...keys), ctrlKey: fc.boolean() }), { maxLength: 30 }),
        (rows, cols, presses) => {
          let cell: Cell | null = null;
          for (const p of presses) {
            cell = nextCell(cell, p, rows, cols) ?? cell;
            assert.ok(cell && cell.row >= 0 && cell.row < rows && cell.col >= 0 && cell.col < cols, `outside ${rows} × ${cols}: ${JSON.stringify(cell)}`);
          }
        },
      ),
    );
  });
});
