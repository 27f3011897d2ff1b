/**
 * The math behind LineChart's axes, apart from drawing: domains from the data, ticks (whole
 * decades on log axes, so 10⁻⁴ … 10⁰ read as such rather than 0.0001 … 1), tick labels, the
 * colour and dash of each series, and the rows of the data table. Plain functions so they can be
 * unit-tested without a DOM.
 */
import { scaleLinear, scaleLog } from 'd3';

export type AxisScale = 'linear' | 'log';

export interface ChartPoint {
  x: number;
  y: number;
}

/**
 * Okabe–Ito's colour-blind-safe palette without its black (the site has a dark theme) and with
 * yellow last (weak on white). Each series also gets its own dash pattern, so colour is never the
 * only cue.
 */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442'] as const;
export const SERIES_DASHES = ['', '7 4', '2 3', '9 3 2 3', '4 2', '1 4', '12 4'] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[((index % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length];
}

/** The dash of series `index`; `dashed` forces a dashed pattern where the index would give a solid line. */
export function seriesDash(index: number, dashed = false): string {
  const dash = SERIES_DASHES[((index % SERIES_DASHES.length) + SERIES_DASHES.length) % SERIES_DASHES.length];
  return dash === '' && dashed ? '7 4' : dash;
}

/** Whether a value can be placed on an axis of this scale (log axes have no place for 0 or below). */
export function plottable(value: number, scale: AxisScale): boolean {
  return Number.isFinite(value) && (scale === 'linear' || value > 0);
}

/**
 * The domain an axis shows: the given one, or the data's extent — rounded out to whole decades on
 * a log axis, "niced" on a linear one. A single value is widened so a flat line still draws.
 */
export function axisDomain(values: readonly number[], scale: AxisScale, given?: readonly [number, number]): [number, number] {
  if (given && plottable(given[0], scale) && plottable(given[1], scale) && given[0] !== given[1]) {
    return [given[0], given[1]];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!plottable(v, scale)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (scale === 'log') {
    if (!(lo <= hi)) return [1, 10];
    const a = Math.floor(Math.log10(lo) + 1e-9);
    let b = Math.ceil(Math.log10(hi) - 1e-9);
    if (a === b) b += 1;
    return [10 ** a, 10 ** b];
  }
  if (!(lo <= hi)) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const niced = scaleLinear().domain([lo, hi]).nice(5).domain();
  return [niced[0], niced[1]];
}

export interface AxisTicks {
  /** Values with a label. */
  major: number[];
  /** Unlabelled small ticks (2…9 × 10^k on log axes spanning few decades). */
  minor: number[];
}

const EPS = 1e-9;

export function axisTicks(domain: readonly [number, number], scale: AxisScale, count = 5): AxisTicks {
  const lo = Math.min(domain[0], domain[1]);
  const hi = Math.max(domain[0], domain[1]);
  if (scale === 'linear') return { major: scaleLinear().domain([lo, hi]).ticks(count), minor: [] };
  const a = Math.ceil(Math.log10(lo) - EPS);
  const b = Math.floor(Math.log10(hi) + EPS);
  const decades = b - a;
  if (decades < 1) {
    // Less than a decade in view: ordinary ticks read better than one lonely power of ten.
    return { major: scaleLog().domain([lo, hi]).ticks(count).filter((_, i, all) => all.length <= count * 2 || i % 2 === 0), minor: [] };
  }
  const stride = Math.max(1, Math.ceil(decades / 8));
  const major: number[] = [];
  for (let k = a; k <= b; k += stride) major.push(10 ** k);
  const minor: number[] = [];
  if (decades <= 4) {
    for (let k = a - 1; k <= b; k += 1) {
      for (let m = 2; m <= 9; m += 1) {
        const v = m * 10 ** k;
        if (v >= lo * (1 - EPS) && v <= hi * (1 + EPS)) minor.push(v);
      }
    }
  } else if (stride > 1) {
    for (let k = a; k <= b; k += 1) if ((k - a) % stride !== 0) minor.push(10 ** k);
  }
  return { major, minor };
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10^k as "10⁻³"; plain for 0.01 … 1000 where the decimal is as short. */
export function formatPowerOfTen(exponent: number): string {
  if (exponent >= -2 && exponent <= 3) return String(Number((10 ** exponent).toPrecision(1)));
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A tick label: powers of ten on log axes as decades, otherwise a short number. */
export function formatTick(value: number, scale: AxisScale): string {
  if (scale === 'log') {
    const exponent = Math.round(Math.log10(value));
    if (Math.abs(value - 10 ** exponent) <= 1e-9 * 10 ** exponent) return formatPowerOfTen(exponent);
  }
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e-3 && abs < 1e5 ? String(Number(value.toPrecision(4))) : value.toExponential(1);
  return text.replace('-', '−');
}

/**
 * The data table's rows: one x column and one column per series when all series share their x
 * values, otherwise one (x, y) table per series (returned as `shared: false`). Long series are
 * thinned evenly to at most `maxRows` rows, always keeping the last point.
 */
export function tableRows(
  series: readonly { points: readonly ChartPoint[] }[],
  maxRows = 60,
): { shared: true; xs: number[]; columns: number[][]; thinned: boolean } | { shared: false; tables: ChartPoint[][]; thinned: boolean } {
  const first = series[0]?.points ?? [];
  const sharedX = series.every((s) => s.points.length === first.length && s.points.every((p, i) => p.x === first[i].x));
  const pick = (n: number): number[] => {
    if (n <= maxRows) return Array.from({ length: n }, (_, i) => i);
    const step = (n - 1) / (maxRows - 1);
    const idx = Array.from({ length: maxRows }, (_, i) => Math.round(i * step));
    return [...new Set(idx)];
  };
  if (sharedX && series.length > 0) {
    const idx = pick(first.length);
    return {
      shared: true,
      xs: idx.map((i) => first[i].x),
      columns: series.map((s) => idx.map((i) => s.points[i].y)),
      thinned: idx.length < first.length,
    };
  }
  let thinned = false;
  const tables = series.map((s) => {
    const idx = pick(s.points.length);
    if (idx.length < s.points.length) thinned = true;
    return idx.map((i) => s.points[i]);
  });
  return { shared: false, tables, thinned };
}

/**
 * Vertical positions for labels that want to sit at `desired` (SVG y, down is larger), moved
 * apart so no two are closer than `gap`, and kept within [lo, hi]. Order is preserved.
 */
export function spreadLabels(desired: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = desired.map((y, i) => ({ y: Math.min(hi, Math.max(lo, y)), i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) if (order[k].y < order[k - 1].y + gap) order[k].y = order[k - 1].y + gap;
  // Pushed past the bottom: shift the pile up, keeping the gaps.
  const overflow = order.length > 0 ? order[order.length - 1].y - hi : 0;
  if (overflow > 0) {
    for (let k = order.length - 1; k >= 0; k--) {
      const limit = k === order.length - 1 ? hi : order[k + 1].y - gap;
      order[k].y = Math.max(lo, Math.min(order[k].y, limit));
    }
  }
  const out = new Array<number>(desired.length);
  for (const { y, i } of order) out[i] = y;
  return out;
}
