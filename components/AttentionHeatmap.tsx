'use client';
/**
 * A heatmap of an attention matrix (weights or scores): rows are query tokens, columns key tokens.
 *
 * React owns the DOM; d3 only does the arithmetic of the picture (scales, colours, ticks, number
 * formats) through the pure helpers in lib/heatmap. Up to 32 × 32 every cell is an SVG <rect>;
 * above that the cells are pixels of a <canvas> filled through ImageData from a 256-entry colour
 * table, pooled (mean by default) when the matrix has more cells than the screen has pixels for
 * the plot (at most 1024 a side) — a caption then states the true size. Labels, the highlight of
 * the active row/column/cell and the legend stay in SVG in both modes.
 *
 * Big canvases (from WORKER_RASTER_MIN_CELLS cells) are pooled and coloured in the worker pool
 * (lib/heatmap/raster.ts): 4096 × 4096 is 16.8M reads, 100–300 ms on this machine, which on the
 * page would freeze it; the page only copies the values out (a memcpy) and puts the finished
 * pixels on the canvas. Smaller matrices take the same steps in a memo. The colour domain is
 * taken over the pooled values (see the comment there).
 *
 * Accessibility: the figure is one tab stop, a role="grid" whose single rendered row/gridcell is
 * the active cell (the virtualised-grid pattern with aria-rowcount/colcount and
 * aria-activedescendant, so it works the same for 4 and 4 million cells). Arrow keys, Home/End
 * (with Ctrl: corners), PageUp/PageDown move; the readout below is an aria-live region; "Show as
 * table" renders the numbers as an HTML table (first 64 × 64).
 *
 * Pass `blocked` as a Uint8Array, 'causal' (j > i, for big matrices: no n² mask to build or
 * send) or a stable (memoised) function: a new function on each render is evaluated on every cell
 * again, on the page.
 */
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type ReactElement,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import styles from './AttentionHeatmap.module.css';
import {
  blockedMask,
  ruleMask,
  buildColourLut,
  canvasBudget,
  cellAt,
  colourScale,
  computeLayout,
  layoutSizeCss,
  modeFor,
  downsampleBy,
  downsampleCaption,
  cellAnchor,
  exactText,
  fillRgba,
  formatCellValue,
  formatDigits,
  formatValue,
  interpolatorFor,
  nextCell,
  poolFactor,
  placeTooltip,
  positionText,
  preferredSide,
  readoutText,
  textColourOn,
  titleNumber,
  tokenName,
  TOOLTIP_MARGIN,
  truncateLabel,
  type Cell,
  type HeatmapLayout,
  type HeatmapScale,
  type PoolMode,
  type BlockedRule,
  type HeatmapRaster,
} from '../lib/heatmap';
import { colourPolicy, type ColourPolicy } from '../lib/heatmap/colourPolicy';
import { ColourLegend, MaskHatchPattern } from './ColourLegend';
import { copyInSlices } from '../lib/worker/copyInSlices';
import { AttentionCancelledError } from '../lib/worker/workerErrors';
import { getAttentionClient } from './attentionWorkerClient';
import { useNumberFormat } from './calculators/CalculatorFrame';
import { nextTask } from '../lib/nextTask';

/** From this many cells a canvas is pooled and coloured in the worker pool rather than on the page. */
export const WORKER_RASTER_MIN_CELLS = 256 * 256;

export interface AttentionHeatmapProps {
  matrix: { rows: number; cols: number; data: Float32Array | Float64Array };
  /** Query tokens (one per row). */
  rowLabels?: string[];
  /** Key tokens (one per column). */
  colLabels?: string[];
  /** Masked cells (nonzero / true = masked), row-major: drawn hatched grey, never like a zero weight. */
  blocked?: Uint8Array | ((i: number, j: number) => boolean) | BlockedRule;
  /** Accessible name of the grid and the figure's caption, e.g. "Attention weights". */
  title: string;
  /** What a value is, e.g. "weight" or "score"; used in the readout and the legend. */
  valueLabel?: string;
  /**
   * sequential: viridis on the fixed 0–1 scale (weights, probabilities, shares). diverging:
   * blue–white–red centred on 0, ±largest |value| (scores, logits, signed values).
   */
  scale?: HeatmapScale;
  /**
   * A policy shared by a group of small multiples (see useSharedColours): the heatmap then uses
   * its domain and leaves the legend to the group, which draws one for all.
   */
  colours?: ColourPolicy;
  /** Start with the colours stretched to this matrix's range (the legend's checkbox). */
  stretch?: boolean;
  /** Print numbers on cells. Default: when there are at most 64 cells and they are wide enough. */
  showValues?: boolean;
  /** How a canvas pixel summarises the cells it stands for when the matrix is pooled. */
  pooling?: PoolMode;
  onCellFocus?: (cell: { row: number; col: number } | null) => void;
  /**
   * 'canvas': cells as pixels of a canvas even when the matrix is small, for small multiples
   * (several heatmaps compared side by side), where hundreds of SVG cells each would make every
   * update restyle thousands of elements. Values then show on hover and in the table.
   */
  render?: 'auto' | 'canvas';
  /**
   * One of a group of small multiples (heads, number formats) under one SmallMultiplesNote: the
   * caption shows only the title, and the size, the axes and the "Point at a cell" hint are said
   * once for the group. The readout stays for screen readers (aria-live); sighted readers get the
   * tooltip. Eight heads each repeating two lines of the same text buried the pictures, and a
   * caption that said "(tokens on the left)" only while every row had its label changed its
   * length, and the calculator's height, when the figure measured its box on hydration.
   */
  smallMultiple?: boolean;
}

/** What the readout says before a cell is pointed at, and what a group of small multiples says once. */
export const READOUT_HINT = 'Point at a cell, or focus the heatmap and use the arrow keys, to read a value.';

/**
 * The line a group of small multiples shares in place of each figure's caption note and readout
 * hint (see `smallMultiple`). Its text does not depend on the figures' measured layout, so the
 * build's HTML and the hydrated page say the same.
 */
export function SmallMultiplesNote({ rows, cols, what }: { rows: number; cols: number; what: string }) {
  return (
    <p className={`calculator-hint ${styles.smallMultiplesNote}`} data-small-multiples-note="">
      Each {what}: {rows} × {cols}, rows are queries, columns are keys. Point at a cell, or focus a heatmap and use the arrow keys, to read a value.
    </p>
  );
}

/** Rows/columns the table view shows at most; more would be a wall of numbers, not an alternative. */
const TABLE_MAX = 64;
const DEFAULT_WIDTH = 640;
const DEFAULT_FONT_PX = 14;
/** Wider than any canvas plot gets (MAX_CANVAS_PLOT plus labels): the shape of a canvas on the widest box. */
const UNMEASURED_CANVAS_WIDTH = 4096;

/** The previous array while the contents are the same, so memos keyed on it survive re-renders. */
function useStableArray<T>(array: readonly T[] | undefined): readonly T[] | undefined {
  const ref = useRef(array);
  const previous = ref.current;
  const same =
    previous === array ||
    (previous !== undefined &&
      array !== undefined &&
      previous.length === array.length &&
      previous.every((x, k) => x === array[k]));
  if (!same) ref.current = array;
  return same ? previous : array;
}

/** React ids may contain characters that are awkward in url(#…) references. */
function safeId(id: string): string {
  return `hm${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

export function AttentionHeatmap({
  matrix,
  rowLabels: rowLabelsProp,
  colLabels: colLabelsProp,
  blocked,
  title,
  valueLabel,
  scale = 'sequential',
  showValues,
  pooling = 'mean',
  onCellFocus,
  render = 'auto',
  colours,
  stretch = false,
  smallMultiple = false,
}: AttentionHeatmapProps) {
  const { rows, cols, data } = matrix;
  // Inline label arrays would otherwise rebuild the layout and every SVG cell on each hover.
  const rowLabels = useStableArray(rowLabelsProp);
  const colLabels = useStableArray(colLabelsProp);
  const baseId = safeId(useId());
  const ids = {
    hatch: `${baseId}-hatch`,
    activeCell: `${baseId}-cell`,
    caption: `${baseId}-caption`,
    readout: `${baseId}-readout`,
    table: `${baseId}-table`,
  };

  const scrollerRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  // Measured after mount; the defaults only shape the static HTML before hydration.
  const [containerWidth, setContainerWidth] = useState(DEFAULT_WIDTH);
  const [fontPx, setFontPx] = useState(DEFAULT_FONT_PX);
  const [devicePixelRatio, setDevicePixelRatio] = useState(1);
  // Until the first measurement (the build's HTML, and hydration) the figure scales to its box
  // keeping the default layout's shape, so a phone does not first get a 640 px wide grid that
  // shrinks, and moves everything below it, once measured.
  const [measured, setMeasured] = useState(false);
  const [hoverCell, setHoverCell] = useState<Cell | null>(null);
  const [keyCell, setKeyCell] = useState<Cell | null>(null);
  const [hasFocus, setHasFocus] = useState(false);
  const [tableOpen, setTableOpen] = useState(false);
  const [stretched, setStretched] = useState(stretch);
  const [tooltipHidden, setTooltipHidden] = useState(false);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const grid = gridRef.current;
    if (!scroller || !grid) return;
    const measure = () => {
      // Content width: the scroller's padding leaves room for the grid's focus outline.
      const style = getComputedStyle(scroller);
      const inner = scroller.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      setContainerWidth(inner > 0 ? inner : DEFAULT_WIDTH);
      if (inner > 0) setMeasured(true);
      const px = parseFloat(getComputedStyle(grid).fontSize);
      if (Number.isFinite(px) && px > 0) setFontPx(px);
      setDevicePixelRatio(window.devicePixelRatio || 1);
    };
    // No measure() here: reading layout in an effect forces the browser to lay out the whole page
    // inside the commit's task. The observer's first report comes after the next layout, for free.
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  // A new matrix (e.g. a different sentence) may be smaller: keep the cursor inside it.
  useEffect(() => {
    setHoverCell(null);
    setKeyCell((c) => (c ? { row: Math.min(c.row, rows - 1), col: Math.min(c.col, cols - 1) } : c));
  }, [rows, cols]);

  const blockedRule = typeof blocked === 'string' ? blocked : null;
  const inWorker = rows * cols >= WORKER_RASTER_MIN_CELLS;
  // A rule stays a rule for big matrices (the worker expands it); small ones get bytes for the SVG.
  const mask = useMemo(
    () => (blockedRule ? (inWorker ? null : ruleMask(blockedRule, rows, cols)) : blockedMask(blocked as Exclude<typeof blocked, string>, rows, cols)),
    [blocked, blockedRule, inWorker, rows, cols],
  );
  const isBlockedAt = useCallback(
    (k: number) => (mask ? mask[k] !== 0 : blockedRule === 'causal' ? k % cols > Math.floor(k / cols) : false),
    [mask, blockedRule, cols],
  );

  const valueChars = useMemo(() => {
    if (rows * cols > 1024) return 4;
    let longest = 1;
    for (let k = 0; k < data.length; k++) longest = Math.max(longest, formatCellValue(data[k]).length);
    return longest;
  }, [data, rows, cols]);

  const layout = useMemo(() => {
    const at = (width: number) => computeLayout({ rows, cols, containerWidth: width, fontPx, rowLabels, colLabels, showValues, valueChars, render });
    if (measured) return at(containerWidth);
    // Unmeasured (the build's HTML, hydration), the figure is drawn at 100 % of its box in this
    // layout's shape, up to this layout's width. A canvas's plot grows with its box up to
    // MAX_CANVAS_PLOT, so its shape is taken at the widest box: a shape taken at 640 px stopped
    // at 640 px and then grew by up to 420 px on a desktop once measured, moving all below it.
    const unmeasured = at(DEFAULT_WIDTH);
    return unmeasured.mode === 'canvas' ? at(UNMEASURED_CANVAS_WIDTH) : unmeasured;
  }, [rows, cols, containerWidth, measured, fontPx, rowLabels, colLabels, showValues, valueChars, render]);

  // Canvas mode: pool only as far as the plot's device pixels (≤ 1024) require.
  // The box of the build's HTML, before the figure has measured its box and font. Its layout is
  // taken at DEFAULT_FONT_PX, but labels, line height and cells grow with the real font (the root's
  // grows with the viewport: 14.7 px at 1280 px), so an SVG figure is sized in em; drawn 5 % small,
  // it grew by 20-38 px on hydration. One whose cells are already at their smallest keeps that
  // size in a narrower box (it scrolls sideways) rather than shrinking to it and growing back.
  const unmeasuredBox = useMemo((): React.CSSProperties => {
    if (measured) return {};
    const em = (px: number) => `${px / DEFAULT_FONT_PX}em`;
    // Where CSS can round (round(), container units), the box's exact measured size (.cssSized);
    // elsewhere the default layout's shape scaled to the box, a few pixels off.
    const exactSize = (): React.CSSProperties => {
      const exact = layoutSizeCss({ rows, cols, rowLabels, colLabels, render });
      return { ['--heatmap-width' as string]: exact.width, ['--heatmap-height' as string]: exact.height };
    };
    const scaled = { width: '100%', aspectRatio: `${layout.width} / ${layout.height}` };
    if (layout.mode === 'canvas') {
      const box = { ...scaled, maxWidth: layout.width };
      // Only a thumbnail drawn whole has an exact size; big canvases keep their shape.
      return render === 'canvas' && modeFor(rows, cols) === 'svg' ? { ...box, ...exactSize() } : box;
    }
    const smallest = computeLayout({ rows, cols, containerWidth: 0, fontPx: DEFAULT_FONT_PX, rowLabels, colLabels, showValues, valueChars, render });
    if (smallest.width === layout.width && smallest.height === layout.height) return { width: em(layout.width), height: em(layout.height), ...exactSize() };
    return { ...scaled, maxWidth: em(layout.width), ...exactSize() };
  }, [measured, layout, rows, cols, rowLabels, colLabels, showValues, valueChars, render]);

  const rowFactor = layout.mode === 'canvas' ? poolFactor(rows, canvasBudget(layout.plotHeight, devicePixelRatio)) : 1;
  const colFactor = layout.mode === 'canvas' ? poolFactor(cols, canvasBudget(layout.plotWidth, devicePixelRatio)) : 1;
  const workerRaster = layout.mode === 'canvas' && inWorker;
  const pooled = useMemo(
    () => (!workerRaster && (rowFactor > 1 || colFactor > 1) ? downsampleBy({ rows, cols, data }, rowFactor, colFactor, pooling, mask) : null),
    // Not `matrix`: callers often pass a fresh { rows, cols, data } object on every render.
    [workerRaster, rows, cols, data, rowFactor, colFactor, pooling, mask],
  );
  const [raster, setRaster] = useState<(HeatmapRaster & { data: unknown }) | null>(null);
  useEffect(() => {
    if (!workerRaster) return;
    let live = true;
    // The worker gets its own copy, made a slice per task and then moved, not copied again in one
    // go: at 4096 × 4096 that one copy (64 MiB) was the page's longest task.
    copyInSlices(data, { pause: nextTask, cancelled: () => !live })
      .then((copy) => {
        if (copy === null) return null;
        const input = { rows, cols, data: copy, rowFactor, colFactor, pooling, scale, blocked: mask, blockedRule, colours: colours ?? null, stretch: stretched };
        return getAttentionClient().run('rasterizeHeatmap', [input], { channel: `heatmap-${baseId}`, handOver: mask === null });
      })
      .then((r) => r && live && setRaster({ ...r, data }))
      .catch((error: unknown) => {
        if (!(error instanceof AttentionCancelledError)) console.warn('heatmap: drawing in the worker failed', error);
      });
    return () => {
      live = false;
    };
  }, [workerRaster, baseId, rows, cols, data, rowFactor, colFactor, pooling, scale, mask, blockedRule, colours, stretched]);
  // A picture of other values (the previous matrix) stays up until the new one arrives, but its
  // caption and legend must not claim to describe the new values.
  const currentRaster = raster !== null && raster.data === data ? raster : null;
  const poolCaption = workerRaster ? (currentRaster?.caption ?? null) : pooled ? downsampleCaption(pooled) : null;
  // The colour policy (lib/heatmap/colourPolicy.ts): a group's shared one, else this matrix's own
  // over the values the picture shows (pooled ones when pooled: a stretched or centred domain from
  // the raw cells would not describe pool summaries). The legend says which it is.
  const policy = useMemo<ColourPolicy>(
    () =>
      colours ??
      (workerRaster
        ? (currentRaster?.policy ?? colourPolicy(scale, [], { stretch: stretched }))
        : colourPolicy(scale, [pooled ? { data: pooled.data, blocked: pooled.blocked } : { data, blocked: mask }], { stretch: stretched })),
    [colours, workerRaster, currentRaster, pooled, data, scale, mask, stretched],
  );
  const domain = policy.domain;
  const colour = useMemo(() => colourScale(scale, domain), [scale, domain]);
  const legendLabel =
    (valueLabel ?? 'value') +
    (pooled || (workerRaster && (rowFactor > 1 || colFactor > 1))
      ? ` (${pooling === 'mean' ? 'mean' : 'maximum'} of ${rowFactor} × ${colFactor} cells)`
      : '');
  const lut = useMemo(() => buildColourLut(interpolatorFor(scale)), [scale]);

  useEffect(() => {
    if (layout.mode !== 'canvas') return;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    if (workerRaster) {
      if (raster === null || canvas.width !== raster.width || canvas.height !== raster.height) return;
      ctx.putImageData(new ImageData(raster.rgba as Uint8ClampedArray<ArrayBuffer>, raster.width, raster.height), 0, 0);
      return;
    }
    const pixels = pooled ?? { rows, cols, data, blocked: mask };
    const image = ctx.createImageData(pixels.cols, pixels.rows);
    fillRgba(image.data, pixels.data, pixels.rows, pixels.cols, lut, domain, pixels.blocked);
    ctx.putImageData(image, 0, 0);
  }, [layout.mode, workerRaster, raster, pooled, rows, cols, data, mask, lut, domain]);

  const shownCell = hoverCell ?? (hasFocus ? keyCell : null);
  const onCellFocusRef = useRef(onCellFocus);
  onCellFocusRef.current = onCellFocus;
  const shownRow = shownCell?.row ?? -1;
  const shownCol = shownCell?.col ?? -1;
  useEffect(() => {
    onCellFocusRef.current?.(shownRow < 0 ? null : { row: shownRow, col: shownCol });
  }, [shownRow, shownCol]);

  // The calculator's digits ("More digits" in a suite calculator; 4 elsewhere) for every readout.
  const { digits } = useNumberFormat();
  const describe = useCallback(
    (cell: Cell) => {
      const k = cell.row * cols + cell.col;
      const isBlocked = isBlockedAt(k);
      return {
        text: readoutText({ row: cell.row, col: cell.col, value: data[k], blocked: isBlocked, rowLabels, colLabels, valueLabel, digits }),
        exact: isBlocked ? null : exactText(data[k], digits),
      };
    },
    [cols, data, isBlockedAt, rowLabels, colLabels, valueLabel, digits],
  );

  const gridCell = keyCell ?? { row: 0, col: 0 };
  const shown = shownCell ? describe(shownCell) : null;

  /** Keeps the keyboard cell visible when the figure scrolls sideways (phones). */
  const scrollIntoView = (cell: Cell) => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const left = layout.plotLeft + cell.col * layout.cellWidth;
    const right = left + layout.cellWidth;
    if (left < scroller.scrollLeft + layout.rowLabelWidth) scroller.scrollLeft = Math.max(0, left - layout.rowLabelWidth);
    else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = nextCell(keyCell, { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey }, rows, cols);
    if (e.key === 'Escape') {
      // The box covers the page around the cell: Escape hides it until the next move (WCAG 1.4.13).
      setHoverCell(null);
      setTooltipHidden(true);
      return;
    }
    if (!next) return;
    e.preventDefault();
    setTooltipHidden(false);
    setHoverCell(null);
    setKeyCell(next);
    scrollIntoView(next);
  };

  const pointToCell = (e: PointerEvent<HTMLDivElement>): Cell | null => {
    const box = e.currentTarget.getBoundingClientRect();
    return cellAt(e.clientX - box.left, e.clientY - box.top, layout, rows, cols);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'touch') return; // a finger drag is a scroll; taps select (pointerdown)
    const cell = pointToCell(e);
    if (cell && (cell.row !== hoverCell?.row || cell.col !== hoverCell?.col)) setTooltipHidden(false);
    setHoverCell((c) => (c && cell && c.row === cell.row && c.col === cell.col ? c : cell));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const cell = pointToCell(e);
    if (!cell) return;
    // Clicking a cell also moves the keyboard cursor there, so arrows continue from it.
    setKeyCell(cell);
    if (e.pointerType === 'touch') setHoverCell(cell);
  };

  // The SVG cells do not depend on the figure's size (see renderSvgCells): measuring the box on
  // hydration, or a wider window, leaves every cell as it is.
  const svgCells = useMemo(
    () => (layout.mode === 'svg' ? renderSvgCells(rows, cols, data, mask, colour, ids.hatch, layout.showValues) : null),
    [layout.mode, layout.showValues, rows, cols, data, mask, colour, ids.hatch],
  );
  const maskHatch = useMemo(
    () => (layout.mode === 'canvas' && !pooled && mask ? renderMaskHatch(layout, rows, cols, mask, ids.hatch) : null),
    [layout, rows, cols, mask, ids.hatch, pooled],
  );
  const cellsLayer = svgCells ? (
    <svg x={layout.plotLeft} y={layout.plotTop} width={layout.plotWidth} height={layout.plotHeight} overflow="visible">
      <g stroke="var(--bg, #fff)" strokeWidth={layout.cellWidth >= 12 ? 1 : 0}>
        {svgCells}
      </g>
    </svg>
  ) : (
    maskHatch
  );

  const labelsLayer = renderLabels(layout, rows, cols, rowLabels, colLabels, shownCell);
  const rowTokensShown = rowLabels !== undefined && layout.rowLabelIndices.length === rows;
  const colTokensShown = colLabels !== undefined && layout.colLabelIndices.length === cols;

  if (rows === 0 || cols === 0 || data.length < rows * cols) {
    return (
      <figure className={styles.figure}>
        <figcaption className={styles.caption}>
          <span className={styles.title}>{title}</span>{' '}
          <span className={styles.captionNote}>
            {rows === 0 || cols === 0
              ? `Nothing to show: the matrix is ${rows} × ${cols}.`
              : `Cannot draw: ${rows} × ${cols} needs ${rows * cols} values but there are ${data.length}.`}
          </span>
        </figcaption>
      </figure>
    );
  }

  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption} id={ids.caption}>
        <span className={styles.title}>{title}</span>{' '}
        <span className={smallMultiple ? styles.srOnly : styles.captionNote}>
          {rows} × {cols}: rows are queries{rowTokensShown ? ' (tokens on the left)' : ''}, columns are keys
          {colTokensShown ? ' (tokens on top)' : ''}.{poolCaption && !smallMultiple ? ` ${poolCaption}.` : ''}
        </span>
        {poolCaption && smallMultiple ? <span className={styles.captionNote}>{poolCaption}.</span> : null}
      </figcaption>

      <div className={`${styles.scroller} scroll-box`} ref={scrollerRef}>
        <div
          ref={gridRef}
          className={!measured && '--heatmap-height' in unmeasuredBox ? `${styles.grid} ${styles.cssSized}` : styles.grid}
          style={measured ? { width: layout.width, height: layout.height } : unmeasuredBox}
          role="grid"
          tabIndex={0}
          aria-label={title}
          aria-describedby={ids.caption}
          aria-rowcount={rows}
          aria-colcount={cols}
          aria-readonly="true"
          aria-activedescendant={hasFocus ? ids.activeCell : undefined}
          onKeyDown={onKeyDown}
          onFocus={() => {
            setHasFocus(true);
            if (!keyCell) setKeyCell({ row: 0, col: 0 });
          }}
          onBlur={() => setHasFocus(false)}
          onPointerMove={onPointerMove}
          onPointerDown={onPointerDown}
          onPointerLeave={() => setHoverCell(null)}
        >
          {layout.mode === 'canvas' && (
            <canvas
              ref={canvasRef}
              className={styles.canvas}
              aria-hidden="true"
              width={pooled ? pooled.cols : workerRaster ? Math.ceil(cols / colFactor) : cols}
              height={pooled ? pooled.rows : workerRaster ? Math.ceil(rows / rowFactor) : rows}
              style={
                measured
                  ? { left: layout.plotLeft, top: layout.plotTop, width: layout.plotWidth, height: layout.plotHeight }
                  : {
                      left: `${(100 * layout.plotLeft) / layout.width}%`,
                      top: `${(100 * layout.plotTop) / layout.height}%`,
                      width: `${(100 * layout.plotWidth) / layout.width}%`,
                      height: `${(100 * layout.plotHeight) / layout.height}%`,
                    }
              }
            />
          )}
          <svg
            className={styles.svg}
            width={measured ? layout.width : '100%'}
            height={measured ? layout.height : '100%'}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            aria-hidden="true"
            focusable="false"
          >
            <defs>
              <MaskHatchPattern id={ids.hatch} />
            </defs>
            {cellsLayer}
            {labelsLayer}
            {shownCell && <Highlight layout={layout} cell={shownCell} />}
          </svg>
          {/* The one rendered row of the virtual grid: the active cell, named by its readout. */}
          <div role="row" aria-rowindex={gridCell.row + 1} className={styles.srOnly}>
            <div role="gridcell" id={ids.activeCell} aria-colindex={gridCell.col + 1}>
              {describe(gridCell).text}, {positionText(gridCell.row, gridCell.col, rows, cols)}
            </div>
          </div>
          {shownCell && shown && !tooltipHidden && (
            <Tooltip gridRef={gridRef} layout={layout} cell={shownCell} text={shown.text} exact={shown.exact} fontPx={fontPx} />
          )}
        </div>
      </div>

      {smallMultiple ? (
        <p className={styles.srOnly} id={ids.readout} aria-live="polite">
          {shown ? shown.text : ''}
        </p>
      ) : (
        <p className={`${styles.readout} keyboard-help`} id={ids.readout} aria-live="polite">
          {shown ? shown.text : READOUT_HINT}
        </p>
      )}

      {!colours && (
        <ColourLegend
          policy={policy}
          valueLabel={legendLabel}
          showMasked={mask !== null || blockedRule !== null}
          stretch={{ checked: stretched, onChange: setStretched }}
        />
      )}

      <button
        type="button"
        className={styles.toggle}
        aria-expanded={tableOpen}
        aria-controls={ids.table}
        onClick={() => setTableOpen((open) => !open)}
      >
        {tableOpen ? 'Hide table' : 'Show as table'}
      </button>
      {/* Focusable so keyboard users can scroll a wide table (WCAG 2.1.1). */}
      <div
        id={ids.table}
        className={styles.tableScroller}
        hidden={!tableOpen}
        role="region"
        aria-label={`${title}, values as a table`}
        tabIndex={tableOpen ? 0 : -1}
      >
        {tableOpen && (
          <p className={styles.tableNote}>
            Rows are query tokens, columns are key tokens.
            {rows > TABLE_MAX || cols > TABLE_MAX
              ? ` Showing the first ${Math.min(rows, TABLE_MAX)} of ${rows} rows and ${Math.min(cols, TABLE_MAX)} of ${cols} columns.`
              : ''}
          </p>
        )}
        {tableOpen && (
          <ValuesTable
            title={title}
            rows={rows}
            cols={cols}
            data={data}
            isBlockedAt={isBlockedAt}
            rowLabels={rowLabels}
            colLabels={colLabels}
            digits={digits}
          />
        )}
      </div>
    </figure>
  );
}

/** A share of the plot as an SVG length: the cells sit in a nested <svg> as big as the plot. */
const percent = (share: number) => `${+(100 * share).toFixed(4)}%`;

/**
 * The cells, placed in percentages of the plot (a nested <svg> with the plot's box), so that they
 * do not depend on its size: when the figure measures its box on hydration, only the nested
 * <svg>'s four numbers change, not four attributes of every cell (5,000 attribute writes in one
 * task for multi-head attention's heads).
 */
function renderSvgCells(
  rows: number,
  cols: number,
  data: ArrayLike<number>,
  mask: Uint8Array | null,
  colour: (v: number) => string,
  hatchId: string,
  showValues: boolean,
): ReactElement {
  const cells: ReactElement[] = [];
  const width = percent(1 / cols);
  const height = percent(1 / rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const v = data[k];
      const isBlocked = mask ? mask[k] !== 0 : false;
      const fill = isBlocked ? `url(#${hatchId})` : colour(v);
      // One element per cell (two with its number): no <g> or <title> per cell. A page of a few
      // heatmaps had ~10k elements and 50 ms of style recalculation per update; the exact value
      // and tokens are in the hover readout and the table.
      cells.push(<rect key={k} x={percent(j / cols)} y={percent(i / rows)} width={width} height={height} fill={fill} />);
      if (showValues && !isBlocked) {
        cells.push(
          <text
            key={`v${k}`}
            className={styles.value}
            x={percent((j + 0.5) / cols)}
            y={percent((i + 0.5) / rows)}
            textAnchor="middle"
            dominantBaseline="central"
            fill={textColourOn(fill)}
            stroke="none"
          >
            {formatCellValue(v)}
          </text>,
        );
      }
    }
  }
  return <>{cells}</>;
}

/**
 * Canvas mode with cells big enough to see a pattern (small multiples drawn as canvases): the
 * masked cells get the same SVG hatch as in SVG mode, one path of row runs over the canvas. Smaller
 * cells keep the canvas's own pixel stripes (fillRgba), which read as the same hatch at that size.
 */
function renderMaskHatch(layout: HeatmapLayout, rows: number, cols: number, mask: Uint8Array, hatchId: string): ReactElement | null {
  const { plotLeft, plotTop, cellWidth: w, cellHeight: h } = layout;
  if (w < 4 || h < 4) return null;
  let d = '';
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (!mask[i * cols + j]) continue;
      const start = j;
      while (j + 1 < cols && mask[i * cols + j + 1]) j++;
      d += `M${plotLeft + start * w},${plotTop + i * h}h${(j + 1 - start) * w}v${h}h${-(j + 1 - start) * w}z`;
    }
  }
  return d ? <path d={d} fill={`url(#${hatchId})`} data-masked="hatch" /> : null;
}

function renderLabels(
  layout: HeatmapLayout,
  rows: number,
  cols: number,
  rowLabels: readonly string[] | undefined,
  colLabels: readonly string[] | undefined,
  active: Cell | null,
): ReactElement {
  // Every cell labelled: tokens. Only every k-th (big canvas): positions, which are what a reader
  // can use to find a spot in a long sequence.
  const rowText = (i: number) =>
    layout.rowLabelIndices.length === rows && rowLabels?.[i] ? truncateLabel(rowLabels[i], layout.labelChars) : String(i + 1);
  const colText = (j: number) =>
    layout.colLabelIndices.length === cols && colLabels?.[j] ? truncateLabel(colLabels[j], layout.labelChars) : String(j + 1);
  const { plotLeft, plotTop, plotWidth, plotHeight, cellWidth: w } = layout;
  const labelClass = (activeHere: boolean) => (activeHere ? `${styles.label} ${styles.labelActive}` : styles.label);
  // Like the cells, labels sit in percentages of a nested <svg> along each axis, so measuring the
  // figure moves the nested boxes, not each label. Turned column labels rotate about a point in
  // pixels and are placed the old way.
  return (
    <g>
      <svg x={0} y={plotTop} width={plotLeft - 6} height={plotHeight} overflow="visible">
        {layout.rowLabelIndices.map((i) => (
          <text key={`r${i}`} className={labelClass(active?.row === i)} x="100%" y={percent((i + 0.5) / rows)} textAnchor="end" dominantBaseline="central">
            {rowText(i)}
            {rowLabels?.[i] && rowText(i) !== rowLabels[i] ? <title>{rowLabels[i]}</title> : null}
          </text>
        ))}
      </svg>
      {layout.colLabelsRotated ? (
        layout.colLabelIndices.map((j) => {
          const x = plotLeft + (j + 0.5) * w;
          const y = plotTop - 6;
          return (
            <text key={`c${j}`} className={labelClass(active?.col === j)} x={x} y={y} textAnchor="start" dominantBaseline="central" transform={`rotate(-90 ${x} ${y})`}>
              {colText(j)}
              {colLabels?.[j] && colText(j) !== colLabels[j] ? <title>{colLabels[j]}</title> : null}
            </text>
          );
        })
      ) : (
        <svg x={plotLeft} y={0} width={plotWidth} height={plotTop - 6} overflow="visible">
          {layout.colLabelIndices.map((j) => (
            <text key={`c${j}`} className={labelClass(active?.col === j)} x={percent((j + 0.5) / cols)} y="100%" textAnchor="middle" dominantBaseline="auto">
              {colText(j)}
              {colLabels?.[j] && colText(j) !== colLabels[j] ? <title>{colLabels[j]}</title> : null}
            </text>
          ))}
        </svg>
      )}
    </g>
  );
}

/** Row and column bands plus a two-tone outline on the cell, visible on any colour of the palette. */
function Highlight({ layout, cell }: { layout: HeatmapLayout; cell: Cell }) {
  const { plotLeft, plotTop, plotWidth, plotHeight, cellWidth: w, cellHeight: h } = layout;
  const x = plotLeft + cell.col * w;
  const y = plotTop + cell.row * h;
  // Sub-pixel cells of a big canvas still get an outline one can see.
  const minSide = 8;
  const ow = Math.max(w, minSide);
  const oh = Math.max(h, minSide);
  const ox = x + w / 2 - ow / 2;
  const oy = y + h / 2 - oh / 2;
  return (
    <g pointerEvents="none">
      <rect x={plotLeft} y={y} width={plotWidth} height={h} className={styles.band} />
      <rect x={x} y={plotTop} width={w} height={plotHeight} className={styles.band} />
      <rect x={ox} y={oy} width={ow} height={oh} fill="none" stroke="#fff" strokeWidth={4} />
      <rect x={ox} y={oy} width={ow} height={oh} fill="none" stroke="#000" strokeWidth={2} />
    </g>
  );
}

/**
 * The readout box next to the hovered or focused cell. It is drawn in a portal on <body> with
 * position: fixed: inside the figure it was clipped by the sideways scroller and by the calculator
 * frame's containment (content-visibility), cutting off token words and digits. Placed, after
 * measuring, by lib/heatmap/tooltipPlacement.ts; kept next to its cell while anything scrolls.
 */
function Tooltip({
  gridRef,
  layout,
  cell,
  text,
  exact,
  fontPx,
}: {
  gridRef: RefObject<HTMLDivElement | null>;
  layout: HeatmapLayout;
  cell: Cell;
  text: string;
  exact: string | null;
  fontPx: number;
}) {
  const tipRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const tip = tipRef.current;
    const grid = gridRef.current;
    if (!tip || !grid) return;
    const place = () => {
      const viewport = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
      // Narrower than the viewport: on a tiny screen the text wraps rather than being cut.
      tip.style.maxWidth = `${Math.max(0, viewport.width - 2 * TOOLTIP_MARGIN)}px`;
      const box = grid.getBoundingClientRect();
      const at = placeTooltip({
        anchor: cellAnchor(layout, cell, box.left, box.top),
        tooltip: { width: tip.offsetWidth, height: tip.offsetHeight },
        viewport,
        prefer: preferredSide(layout, cell),
      });
      tip.style.left = `${at.left}px`;
      tip.style.top = `${at.top}px`;
      tip.dataset.side = at.side;
    };
    place();
    window.addEventListener('scroll', place, { capture: true, passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, { capture: true });
      window.removeEventListener('resize', place);
    };
  }, [gridRef, layout, cell, text, exact, fontPx]);
  return createPortal(
    <div ref={tipRef} className={styles.tooltip} style={{ fontSize: fontPx }} aria-hidden="true" data-heatmap-tooltip="">
      <div>{text}</div>
      {exact !== null && <div className={styles.tooltipExact}>exact: {exact}</div>}
    </div>,
    document.body,
  );
}

function ValuesTable({
  title,
  rows,
  cols,
  data,
  isBlockedAt,
  rowLabels,
  colLabels,
  digits,
}: {
  title: string;
  rows: number;
  cols: number;
  data: ArrayLike<number>;
  isBlockedAt: (k: number) => boolean;
  rowLabels: readonly string[] | undefined;
  colLabels: readonly string[] | undefined;
  digits: number;
}) {
  const shownRows = Math.min(rows, TABLE_MAX);
  const shownCols = Math.min(cols, TABLE_MAX);
  const capped = shownRows < rows || shownCols < cols;
  return (
    <table className={styles.table}>
      <caption className={styles.tableCaption}>
        {title}
        {capped ? `, first ${shownRows} × ${shownCols}` : ''}
      </caption>
      <thead>
        <tr>
          <td />
          {Array.from({ length: shownCols }, (_, j) => (
            <th key={j} scope="col">
              {tokenName(colLabels, j, 'key')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: shownRows }, (_, i) => (
          <tr key={i}>
            <th scope="row">{tokenName(rowLabels, i, 'query')}</th>
            {Array.from({ length: shownCols }, (_, j) => {
              const k = i * cols + j;
              const isBlocked = isBlockedAt(k);
              return (
                <td key={j} title={isBlocked ? undefined : titleNumber(data[k], digits)}>
                  {isBlocked ? 'masked' : formatDigits(data[k], digits)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default AttentionHeatmap;
