import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MIN_ANCHOR_SIDE,
  TOOLTIP_GAP,
  TOOLTIP_MARGIN,
  cellAnchor,
  clampStart,
  computeLayout,
  placeTooltip,
  preferredSide,
  type Box,
  type Size,
  type TooltipPlacement,
} from '../lib/heatmap';

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };
/** About "mat → cat: weight 0.6166" plus its exact line at 14 px. */
const tip = { width: 210, height: 48 };
const cell = (left: number, top: number, side = 40): Box => ({ left, top, width: side, height: side });

function boxOf(p: TooltipPlacement, size: Size): Box {
  return { left: p.left, top: p.top, width: size.width, height: size.height };
}

function inside(b: Box, viewport: Size, margin = TOOLTIP_MARGIN): boolean {
  const eps = 1e-9;
  return b.left >= margin - eps && b.top >= margin - eps && b.left + b.width <= viewport.width - margin + eps && b.top + b.height <= viewport.height - margin + eps;
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

describe('placeTooltip', () => {
  test('a cell at the left edge gets the box on its right, beside it', () => {
    const anchor = cell(10, 300);
    const p = placeTooltip({ anchor, tooltip: tip, viewport: phone, prefer: 'left' });
    assert.equal(p.side, 'right', 'flipped: no room on the left');
    assert.equal(p.left, 10 + 40 + TOOLTIP_GAP);
    assert.equal(p.top, 300, 'top edges aligned');
    assert.ok(inside(boxOf(p, tip), phone));
  });

  test('a cell at the right edge gets the box on its left (the query word is not cut off)', () => {
    const anchor = cell(340, 300);
    const p = placeTooltip({ anchor, tooltip: tip, viewport: phone, prefer: 'right' });
    assert.equal(p.side, 'left');
    assert.equal(p.left + tip.width, 340 - TOOLTIP_GAP);
    assert.ok(inside(boxOf(p, tip), phone));
  });

  test('the preferred side wins when it has room', () => {
    const anchor = cell(600, 300);
    assert.equal(placeTooltip({ anchor, tooltip: tip, viewport: desktop, prefer: 'left' }).side, 'left');
    assert.equal(placeTooltip({ anchor, tooltip: tip, viewport: desktop, prefer: 'right' }).side, 'right');
    assert.equal(placeTooltip({ anchor, tooltip: tip, viewport: desktop }).side, 'right', 'right by default');
  });

  test('a cell at the top or bottom edge keeps the box inside vertically', () => {
    const top = placeTooltip({ anchor: cell(100, -20), tooltip: tip, viewport: desktop });
    assert.equal(top.top, TOOLTIP_MARGIN);
    const bottom = placeTooltip({ anchor: cell(100, 790), tooltip: tip, viewport: desktop });
    assert.equal(bottom.top + tip.height, desktop.height - TOOLTIP_MARGIN);
    assert.equal(bottom.side, 'right');
  });

  test('corners: the box flips to the side with room and stays inside', () => {
    for (const [left, top] of [
      [0, 0],
      [1240, 0],
      [0, 760],
      [1240, 760],
    ]) {
      const anchor = cell(left, top);
      const p = placeTooltip({ anchor, tooltip: tip, viewport: desktop });
      assert.ok(inside(boxOf(p, tip), desktop), `corner ${left},${top}`);
      assert.ok(!overlaps(boxOf(p, tip), anchor), `corner ${left},${top}: the cell stays visible`);
      assert.equal(p.side, left === 0 ? 'right' : 'left');
    }
  });

  test('no room beside the cell (wide box on a phone): below it, or above at the bottom', () => {
    const wide = { width: 300, height: 48 };
    const below = placeTooltip({ anchor: cell(175, 300), tooltip: wide, viewport: phone });
    assert.equal(below.side, 'below');
    assert.equal(below.top, 340 + TOOLTIP_GAP);
    assert.ok(inside(boxOf(below, wide), phone));
    const above = placeTooltip({ anchor: cell(175, 790), tooltip: wide, viewport: phone });
    assert.equal(above.side, 'above');
    assert.equal(above.top + wide.height, 790 - TOOLTIP_GAP);
    assert.ok(inside(boxOf(above, wide), phone));
  });

  test('no room on any side: pushed inside the viewport over the cell', () => {
    const viewport = { width: 320, height: 120 };
    const size = { width: 280, height: 60 };
    const p = placeTooltip({ anchor: cell(140, 30, 60), tooltip: size, viewport });
    assert.equal(p.side, 'over');
    assert.ok(inside(boxOf(p, size), viewport));
  });

  test('tiny viewports: a box wider than the viewport starts at its left edge, so the start of the text shows', () => {
    const viewport = { width: 150, height: 100 };
    const p = placeTooltip({ anchor: cell(60, 40, 20), tooltip: { width: 200, height: 40 }, viewport });
    assert.equal(p.left, 0);
    assert.ok(p.top >= TOOLTIP_MARGIN && p.top + 40 <= viewport.height - TOOLTIP_MARGIN);
    const almost = placeTooltip({ anchor: cell(60, 40, 20), tooltip: { width: 145, height: 40 }, viewport });
    assert.ok(almost.left >= 0 && almost.left + 145 <= viewport.width, 'fits without the margins: uses the whole width');
  });

  test('property: whenever the box fits in the viewport it lies inside it, wherever the cell is', () => {
    fc.assert(
      fc.property(
        fc.record({
          vw: fc.integer({ min: 40, max: 2000 }),
          vh: fc.integer({ min: 40, max: 1400 }),
          x: fc.double({ min: -500, max: 2500, noNaN: true }),
          y: fc.double({ min: -500, max: 1900, noNaN: true }),
          side: fc.double({ min: 0.01, max: 120, noNaN: true }),
          fw: fc.double({ min: 0, max: 1, noNaN: true }),
          fh: fc.double({ min: 0, max: 1, noNaN: true }),
          prefer: fc.constantFrom('left' as const, 'right' as const),
        }),
        ({ vw, vh, x, y, side, fw, fh, prefer }) => {
          const viewport = { width: vw, height: vh };
          const size = { width: fw * (vw - 2 * TOOLTIP_MARGIN), height: fh * (vh - 2 * TOOLTIP_MARGIN) };
          fc.pre(size.width >= 0 && size.height >= 0);
          const anchor = cell(x, y, side);
          const p = placeTooltip({ anchor, tooltip: size, viewport, prefer });
          const box = boxOf(p, size);
          assert.ok(inside(box, viewport), JSON.stringify({ p, size, viewport }));
          // Beside, below or above means the cell is not covered.
          if (p.side !== 'over') assert.ok(!overlaps(box, anchor), JSON.stringify({ p, anchor, size }));
        },
      ),
    );
  });

  test('property: a box bigger than the viewport still starts inside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 3000 }), fc.double({ min: -1000, max: 1000, noNaN: true }), (extent, size, start) => {
        const s = clampStart(start, size, extent, TOOLTIP_MARGIN);
        assert.ok(s >= 0);
        if (size <= extent) assert.ok(s + size <= extent + 1e-9);
        else assert.equal(s, 0);
      }),
    );
  });
});

describe('cellAnchor and preferredSide', () => {
  const layout = computeLayout({ rows: 6, cols: 6, containerWidth: 400, fontPx: 14, rowLabels: ['the', 'cat', 'sat', 'on', 'the', 'mat'], colLabels: ['the', 'cat', 'sat', 'on', 'the', 'mat'] });

  test('the anchor is the cell in viewport pixels', () => {
    const a = cellAnchor(layout, { row: 2, col: 3 }, 100, 50);
    assert.equal(a.left, 100 + layout.plotLeft + 3 * layout.cellWidth);
    assert.equal(a.top, 50 + layout.plotTop + 2 * layout.cellHeight);
    assert.equal(a.width, layout.cellWidth);
  });

  test('sub-pixel cells of a big canvas grow to MIN_ANCHOR_SIDE around their centre', () => {
    const big = computeLayout({ rows: 4096, cols: 4096, containerWidth: 600, fontPx: 14 });
    const a = cellAnchor(big, { row: 10, col: 20 }, 0, 0);
    assert.equal(a.width, MIN_ANCHOR_SIDE);
    assert.ok(Math.abs(a.left + a.width / 2 - (big.plotLeft + 20.5 * big.cellWidth)) < 1e-9);
  });

  test('the box goes away from the middle of the figure first', () => {
    assert.equal(preferredSide(layout, { row: 0, col: 0 }), 'right');
    assert.equal(preferredSide(layout, { row: 0, col: 5 }), 'left');
  });
});
