/**
 * Colours of the attention heatmap: the d3 colour scales, a 256-entry RGBA lookup table for
 * filling big matrices pixel by pixel, and text contrast on a cell.
 *
 * Why a LUT: a 1024 × 1024 canvas is a million cells; parsing a d3 colour string per cell takes
 * hundreds of milliseconds, an index into a typed array takes a few. The SVG mode (≤ 32 × 32)
 * still asks the d3 scale directly, so both modes agree to within one LUT step (1/256 of the range).
 * Which values the colours span is the colour policy's choice (colourPolicy.ts).
 *
 * Palettes are colour-blind safe: viridis (sequential, luminance rises monotonically, no grey in it,
 * so the neutral grey of masked cells cannot be mistaken for a value) and RdBu reversed
 * (diverging, blue = negative, red = positive, near-white = 0; distinguishable for the common
 * red-green deficiencies because the two arms differ in lightness and blue/orange hue).
 */
import { interpolateRdBu, interpolateViridis, rgb, scaleLinear, scaleSequential } from 'd3';

export type HeatmapScale = 'sequential' | 'diverging';
export type Interpolator = (t: number) => string;

export const LUT_SIZE = 256;

/** Masked cells: neutral greys (no value colour of either palette is a neutral mid grey). */
export const MASKED_LIGHT: readonly [number, number, number] = [200, 200, 200];
export const MASKED_DARK: readonly [number, number, number] = [150, 150, 150];
export const MASKED_LIGHT_CSS = `rgb(${MASKED_LIGHT.join(',')})`;
export const MASKED_DARK_CSS = `rgb(${MASKED_DARK.join(',')})`;
/** Period (in cells) of the diagonal stripes drawn over masked cells in canvas mode. */
export const MASK_STRIPE_PERIOD = 4;

export function interpolatorFor(scale: HeatmapScale): Interpolator {
  // RdBu runs red → blue; reversed so that negative scores are blue and positive ones red.
  return scale === 'sequential' ? interpolateViridis : (t: number) => interpolateRdBu(1 - t);
}

/** The d3 scale for SVG cells and the legend: value → CSS colour, clamped to the domain. */
export function colourScale(scale: HeatmapScale, domain: [number, number]) {
  return scaleSequential(interpolatorFor(scale)).domain(domain).clamp(true);
}

/** Legend / axis scale: value → pixel position along a bar of the given length. */
export function legendAxisScale(domain: [number, number], length: number) {
  return scaleLinear().domain(domain).range([0, length]);
}

/** size RGBA entries sampling the interpolator at t = k / (size − 1), alpha 255. */
export function buildColourLut(interpolator: Interpolator, size = LUT_SIZE): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(size * 4);
  for (let k = 0; k < size; k++) {
    const c = rgb(interpolator(size === 1 ? 0 : k / (size - 1)));
    lut[k * 4] = c.r;
    lut[k * 4 + 1] = c.g;
    lut[k * 4 + 2] = c.b;
    lut[k * 4 + 3] = 255;
  }
  return lut;
}

/** LUT entry for a value: linear in [lo, hi], clamped; −∞ and NaN → first entry, +∞ → last. */
export function lutIndex(value: number, lo: number, hi: number, size = LUT_SIZE): number {
  const t = (value - lo) / (hi - lo);
  if (!(t > 0)) return 0;
  if (t >= 1) return size - 1;
  return Math.round(t * (size - 1));
}

/** True when cell (i, j) of a masked region gets the dark stripe colour. */
export function isMaskStripe(i: number, j: number): boolean {
  return (i + j) % MASK_STRIPE_PERIOD === 0;
}

/**
 * Writes rows × cols RGBA pixels (row-major, 4 bytes each) into out, one pixel per cell.
 * Masked cells get the neutral grey with dark diagonal stripes (cell i + j ≡ 0 mod 4), so a
 * masked region reads as hatched, never as a low value.
 */
export function fillRgba(
  out: Uint8ClampedArray,
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  lut: Uint8ClampedArray,
  domain: [number, number],
  blocked?: Uint8Array | null,
): void {
  const size = lut.length / 4;
  const [lo, hi] = domain;
  const scale = (size - 1) / (hi - lo);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const k = base + j;
      const o = k * 4;
      if (blocked && blocked[k]) {
        const c = isMaskStripe(i, j) ? MASKED_DARK : MASKED_LIGHT;
        out[o] = c[0];
        out[o + 1] = c[1];
        out[o + 2] = c[2];
        out[o + 3] = 255;
        continue;
      }
      // Inlined lutIndex: this loop runs a million times for a full canvas.
      const t = (data[k] - lo) * scale;
      const idx = t > 0 ? (t >= size - 1 ? size - 1 : Math.round(t)) : 0;
      const l = idx * 4;
      out[o] = lut[l];
      out[o + 1] = lut[l + 1];
      out[o + 2] = lut[l + 2];
      out[o + 3] = 255;
    }
  }
}

/** WCAG relative luminance of an sRGB colour given as 0–255 channels. */
export function relativeLuminance(r: number, g: number, b: number): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Text colour for a number printed on a cell: black on light cells, white on dark ones. The
 * switch at L = 0.179 is where black and white have equal WCAG contrast against the background.
 */
export function textColourOn(cssColour: string): '#000' | '#fff' {
  const c = rgb(cssColour);
  return relativeLuminance(c.r, c.g, c.b) > 0.179 ? '#000' : '#fff';
}
