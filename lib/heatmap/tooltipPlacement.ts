/**
 * Where a heatmap's readout box goes, next to the cell it describes, so that the whole box stays
 * inside the viewport. The component draws the box with position: fixed in a portal on <body>:
 * drawn inside the figure it was cut off by the figure's sideways scroller and by the calculator
 * frame's paint containment ("→ the: weight 0.005491" lost its query word).
 *
 * All coordinates are viewport (client) pixels. The box goes beside the cell, on the preferred
 * side, or flipped to the other side when that one has no room; then below or above the cell;
 * when no side has room (a wide box on a phone, a cell in the middle) it is pushed inside the
 * viewport, over the cell. Hover and keyboard focus both anchor on the cell, so a cell's readout
 * sits in the same place however it was reached.
 */
import type { HeatmapLayout } from './layout';
import type { Cell } from './navigation';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** right/left/below/above: beside the cell without covering it; over: pushed inside the viewport, covering it. */
export type TooltipSide = 'right' | 'left' | 'below' | 'above' | 'over';

export interface TooltipPlacementInput {
  /** The cell, in viewport pixels. */
  anchor: Box;
  tooltip: Size;
  viewport: Size;
  /** Which side of the cell to try first. */
  prefer?: 'right' | 'left';
  /** Space between the cell and the box. */
  gap?: number;
  /** Space kept between the box and the viewport's edges. */
  margin?: number;
}

export interface TooltipPlacement {
  left: number;
  top: number;
  side: TooltipSide;
}

/** Space kept free between the box and the edges of the viewport, in CSS pixels. */
export const TOOLTIP_MARGIN = 8;
/** Space between the cell and the box. */
export const TOOLTIP_GAP = 8;
/** Sub-pixel cells of a big canvas are treated as this many pixels a side (the highlight's size). */
export const MIN_ANCHOR_SIDE = 8;

/**
 * A start coordinate on one axis, moved so that [start, start + size] lies in [margin, extent −
 * margin]. A box too big for the margins uses the whole extent; one bigger than the extent
 * starts at 0, so the beginning of its text is the part that shows.
 */
export function clampStart(start: number, size: number, extent: number, margin: number): number {
  if (size + 2 * margin <= extent) return Math.min(Math.max(start, margin), extent - margin - size);
  if (size <= extent) return Math.min(Math.max(start, 0), extent - size);
  return 0;
}

export function placeTooltip(input: TooltipPlacementInput): TooltipPlacement {
  const { anchor, tooltip, viewport } = input;
  const gap = input.gap ?? TOOLTIP_GAP;
  const margin = input.margin ?? TOOLTIP_MARGIN;
  const { width: w, height: h } = tooltip;
  const right = anchor.left + anchor.width;
  const bottom = anchor.top + anchor.height;

  // Whether [start, start + size] lies inside the viewport's margins (the cell itself may not:
  // a cell scrolled half out of view still gets its box on screen).
  const within = (start: number, size: number, extent: number) => start >= margin && start + size <= extent - margin;

  // Beside the cell: top edges aligned, then kept inside vertically.
  const besideTop = clampStart(anchor.top, h, viewport.height, margin);
  const fitsVertically = within(besideTop, h, viewport.height);
  const onRight = { left: right + gap, top: besideTop, side: 'right' as const };
  const onLeft = { left: anchor.left - gap - w, top: besideTop, side: 'left' as const };
  const sides = input.prefer === 'left' ? [onLeft, onRight] : [onRight, onLeft];
  for (const place of sides) if (fitsVertically && within(place.left, w, viewport.width)) return place;

  // Below or above: centred on the cell, then kept inside horizontally.
  const acrossLeft = clampStart(anchor.left + anchor.width / 2 - w / 2, w, viewport.width, margin);
  const fitsHorizontally = within(acrossLeft, w, viewport.width);
  if (fitsHorizontally && within(bottom + gap, h, viewport.height)) return { left: acrossLeft, top: bottom + gap, side: 'below' };
  if (fitsHorizontally && within(anchor.top - gap - h, h, viewport.height)) return { left: acrossLeft, top: anchor.top - gap - h, side: 'above' };

  // No room anywhere beside the cell: inside the viewport, below the cell if possible.
  return { left: acrossLeft, top: clampStart(bottom + gap, h, viewport.height, margin), side: 'over' };
}

/**
 * A cell of the heatmap in viewport pixels, given where the figure's grid is (its client rect's
 * left and top); cells smaller than MIN_ANCHOR_SIDE grow around their centre, like the highlight.
 */
export function cellAnchor(layout: HeatmapLayout, cell: Cell, gridLeft: number, gridTop: number): Box {
  const { plotLeft, plotTop, cellWidth, cellHeight } = layout;
  const width = Math.max(cellWidth, MIN_ANCHOR_SIDE);
  const height = Math.max(cellHeight, MIN_ANCHOR_SIDE);
  return {
    left: gridLeft + plotLeft + (cell.col + 0.5) * cellWidth - width / 2,
    top: gridTop + plotTop + (cell.row + 0.5) * cellHeight - height / 2,
    width,
    height,
  };
}

/** The side to try first: away from the figure's middle, so the box covers the fewer cells. */
export function preferredSide(layout: HeatmapLayout, cell: Cell): 'right' | 'left' {
  return layout.plotLeft + (cell.col + 0.5) * layout.cellWidth < layout.width / 2 ? 'right' : 'left';
}
