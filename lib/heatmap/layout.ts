/**
 * Geometry of the heatmap from the container width and the font size, in CSS pixels.
 *
 * Two modes: up to SVG_MAX_SIDE on both sides every cell is an SVG <rect> with a token label on
 * each row and column; above that cells are pixels of a canvas and only every k-th token is
 * labelled (k chosen so labels do not overlap). Cells never shrink below a readable size in SVG
 * mode — when the container is narrower (a phone), the figure keeps its size and the container
 * scrolls horizontally. Text sizes come from the font size the CSS gives the component, so a
 * projector stylesheet that raises --figure-font-size gets bigger cells and labels too.
 */
import { truncateLabel } from './format';
import type { Cell } from './navigation';

export const SVG_MAX_SIDE = 32;
/** Largest canvas side, in pixels (= pooled cells); bigger matrices are pooled down to it. */
export const CANVAS_MAX_SIDE = 1024;
/** At most this many cells get numbers printed on them by default. */
export const VALUES_MAX_CELLS = 64;
export const MAX_LABEL_CHARS = 14;
/** Average glyph advance as a fraction of the font size, rounded up so estimates do not clip. */
export const CHAR_WIDTH_EM = 0.62;

const PAD = 6;
const MIN_CANVAS_PLOT = 240;
const MAX_CANVAS_PLOT = 960;

export type HeatmapMode = 'svg' | 'canvas';

export interface LayoutInput {
  rows: number;
  cols: number;
  containerWidth: number;
  fontPx: number;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  /** undefined = decide (small matrix and cells wide enough); true/false = caller's choice (SVG mode only). */
  showValues?: boolean;
  /** Characters of the longest number that would be printed on a cell (e.g. 4 for "0.40"). */
  valueChars?: number;
  /** 'canvas' draws even a small matrix as pixels (thumbnails side by side: far fewer elements). */
  render?: 'auto' | 'canvas';
}

export interface HeatmapLayout {
  mode: HeatmapMode;
  cellWidth: number;
  cellHeight: number;
  rowLabelWidth: number;
  colLabelHeight: number;
  /** Column labels are drawn rotated −90° when they do not fit across a cell. */
  colLabelsRotated: boolean;
  plotLeft: number;
  plotTop: number;
  plotWidth: number;
  plotHeight: number;
  width: number;
  height: number;
  showValues: boolean;
  labelChars: number;
  rowLabelIndices: number[];
  colLabelIndices: number[];
}

export function modeFor(rows: number, cols: number): HeatmapMode {
  return rows <= SVG_MAX_SIDE && cols <= SVG_MAX_SIDE ? 'svg' : 'canvas';
}

/** Width in pixels of text of n characters at fontPx. */
export function textWidth(chars: number, fontPx: number): number {
  return Math.ceil(chars * fontPx * CHAR_WIDTH_EM);
}

function longestLabel(labels: readonly string[] | undefined, n: number): number {
  let longest = String(n).length; // unlabelled axes show 1-based positions
  if (labels) for (const l of labels) longest = Math.max(longest, Array.from(truncateLabel(l, MAX_LABEL_CHARS)).length);
  return longest;
}

/**
 * Indices to label on an axis of n cells each cellSize px, so that labels are at least
 * minSpacing px apart: with step in 1, 2, 5, 10, 20, 50, …, the cells whose 1-based positions
 * are multiples of step (labels read 10, 20, 30, not 1, 11, 21), plus the first cell when it is
 * far enough from the second label.
 */
export function labelIndices(n: number, cellSize: number, minSpacing: number): number[] {
  let step = 1;
  const need = cellSize > 0 ? minSpacing / cellSize : n;
  for (let magnitude = 1; step < need; magnitude *= 10) {
    for (const m of [1, 2, 5]) {
      step = m * magnitude;
      if (step >= need) break;
    }
  }
  const out: number[] = [];
  if (step === 1) {
    for (let i = 0; i < n; i++) out.push(i);
    return out;
  }
  if ((step - 1) * cellSize >= minSpacing) out.push(0);
  for (let i = step - 1; i < n; i += step) out.push(i);
  return out;
}

export function computeLayout(input: LayoutInput): HeatmapLayout {
  const { rows, cols, fontPx } = input;
  const mode = input.render === 'canvas' ? 'canvas' : modeFor(rows, cols);
  const labelChars = MAX_LABEL_CHARS;
  const rowLabelWidth = textWidth(longestLabel(input.rowLabels, rows), fontPx) + 2 * PAD;
  const colLabelChars = longestLabel(input.colLabels, cols);
  const available = Math.max(0, input.containerWidth - rowLabelWidth - PAD);
  const lineHeight = Math.ceil(fontPx * 1.4);

  let cellWidth: number;
  let cellHeight: number;
  if (mode === 'svg') {
    const minCell = Math.max(20, lineHeight);
    const maxCell = Math.max(64, Math.ceil(fontPx * 4.5));
    cellWidth = cellHeight = Math.max(minCell, Math.min(maxCell, Math.floor(available / Math.max(1, cols))));
  } else {
    // A thumbnail (render 'canvas' of a small matrix) may shrink to its column; big matrices keep room.
    const minPlot = input.render === 'canvas' && modeFor(rows, cols) === 'svg' ? Math.min(MIN_CANVAS_PLOT, Math.max(96, 6 * cols)) : MIN_CANVAS_PLOT;
    const plotWidth = Math.max(minPlot, Math.min(MAX_CANVAS_PLOT, available));
    cellWidth = plotWidth / cols;
    cellHeight = Math.min(cellWidth, MAX_CANVAS_PLOT / rows);
  }
  const plotWidth = cellWidth * cols;
  const plotHeight = cellHeight * rows;

  const rowLabelIndices = labelIndices(rows, cellHeight, lineHeight);
  const horizontalColLabels = textWidth(colLabelChars, fontPx) + 4 <= cellWidth;
  const colLabelIndices = labelIndices(cols, cellWidth, horizontalColLabels ? textWidth(colLabelChars, fontPx) + 4 : lineHeight);
  const colLabelHeight = (horizontalColLabels ? lineHeight : textWidth(colLabelChars, fontPx)) + 2 * PAD;

  const valueChars = input.valueChars ?? 4;
  const valuesFit = cellWidth >= textWidth(valueChars, fontPx) + 4 && cellHeight >= lineHeight;
  const showValues =
    mode === 'svg' && (input.showValues ?? (rows * cols <= VALUES_MAX_CELLS && valuesFit));

  return {
    mode,
    cellWidth,
    cellHeight,
    rowLabelWidth,
    colLabelHeight,
    colLabelsRotated: !horizontalColLabels,
    plotLeft: rowLabelWidth,
    plotTop: colLabelHeight,
    plotWidth,
    plotHeight,
    width: Math.ceil(rowLabelWidth + plotWidth + PAD),
    height: Math.ceil(colLabelHeight + plotHeight + PAD),
    showValues,
    labelChars,
    rowLabelIndices,
    colLabelIndices,
  };
}

/**
 * The size a figure will take once measured, as CSS for the build's HTML: the same arithmetic as
 * computeLayout (labels from the font, SVG cells floored to whole pixels and clamped, a canvas
 * plot clamped), written with `em` for the font it does not know yet and `containerWidth` (a
 * container query unit of the figure's scroller) for the box. A figure scaled from a 640 px
 * layout's shape was a few pixels off in each head of multi-head attention and each format of
 * precision and pruning (8 px, and 18 px at 390 px, of shift on hydration). Column labels turn
 * when they do not fit across a cell: CSS cannot compare, so the difference is added through a
 * clamp that is 0 while they fit and the whole difference once they overflow by a thousandth of a pixel.
 * Only for matrices drawn whole (no pooling); big canvases keep their shape.
 */
export function layoutSizeCss(
  input: Pick<LayoutInput, 'rows' | 'cols' | 'rowLabels' | 'colLabels' | 'render'>,
  containerWidth = '100cqw',
): { width: string; height: string } {
  const { rows, cols } = input;
  const text = (chars: number) => `round(up, ${+(chars * CHAR_WIDTH_EM).toFixed(4)}em, 1px)`;
  const lineHeight = 'round(up, 1.4em, 1px)';
  const rowLabelWidth = `(${text(longestLabel(input.rowLabels, rows))} + ${2 * PAD}px)`;
  const colChars = longestLabel(input.colLabels, cols);
  const available = `(${containerWidth} - ${rowLabelWidth} - ${PAD}px)`;
  let cellWidth: string;
  let cellHeight: string;
  let plotWidth: string;
  if (input.render !== 'canvas' && modeFor(rows, cols) === 'svg') {
    cellWidth = cellHeight = `clamp(max(20px, ${lineHeight}), round(down, ${available} / ${cols}, 1px), max(64px, round(up, 4.5em, 1px)))`;
    plotWidth = `${cols} * ${cellWidth}`;
  } else {
    const minPlot = input.render === 'canvas' && modeFor(rows, cols) === 'svg' ? Math.min(MIN_CANVAS_PLOT, Math.max(96, 6 * cols)) : MIN_CANVAS_PLOT;
    plotWidth = `clamp(${minPlot}px, ${available}, ${MAX_CANVAS_PLOT}px)`;
    cellWidth = `(${plotWidth} / ${cols})`;
    cellHeight = `min(${cellWidth}, ${MAX_CANVAS_PLOT / rows}px)`;
  }
  // Horizontal labels take a line, turned ones their length; they turn when wider than a cell less 4 px.
  const turned = `(${text(colChars)} + 4px - ${cellWidth}) * 1000`;
  const longer = colChars * CHAR_WIDTH_EM >= 1.4;
  const turn = `(${text(colChars)} - ${lineHeight})`;
  const colLabelHeight = `(${lineHeight} + ${2 * PAD}px + ${longer ? `clamp(0px, ${turned}, ${turn})` : `clamp(${turn}, -1 * ${turned}, 0px)`})`;
  return {
    width: `round(up, ${rowLabelWidth} + ${plotWidth} + ${PAD}px, 1px)`,
    height: `round(up, ${colLabelHeight} + ${rows} * ${cellHeight} + ${PAD}px, 1px)`,
  };
}

/** The cell under a point given in the figure's coordinates, or null outside the plot. */
export function cellAt(x: number, y: number, layout: HeatmapLayout, rows: number, cols: number): Cell | null {
  const px = x - layout.plotLeft;
  const py = y - layout.plotTop;
  if (px < 0 || py < 0 || px >= layout.plotWidth || py >= layout.plotHeight) return null;
  return {
    row: Math.min(rows - 1, Math.floor(py / layout.cellHeight)),
    col: Math.min(cols - 1, Math.floor(px / layout.cellWidth)),
  };
}

/**
 * Canvas pixels per axis: one per cell up to what the plot shows on this screen (CSS size ×
 * devicePixelRatio) and never more than CANVAS_MAX_SIDE. Pooling below that is wasted detail;
 * pooling above it is invisible anyway.
 */
export function canvasBudget(plotCssSize: number, devicePixelRatio: number): number {
  return Math.max(1, Math.min(CANVAS_MAX_SIDE, Math.ceil(plotCssSize * Math.max(1, devicePixelRatio))));
}
