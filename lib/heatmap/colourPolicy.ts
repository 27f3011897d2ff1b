/**
 * The one colour policy of every heatmap, stage table and small multiple on the site: which values
 * a colour stands for, and what the legend says about it.
 *
 * - Sequential values (attention weights, probabilities, shares of allowed cells) sit on a FIXED
 *   0–1 scale. A colour then means the same weight in every picture: a nearly uniform row at a
 *   high temperature looks nearly uniform, instead of being stretched from its own min to max
 *   until 0.30 and 0.37 are as far apart as 0.09 and 0.67.
 * - Signed values (scores, logits, Q/K/V, encodings) use a diverging scale centred on 0 and
 *   symmetric, ±m with m the largest |value| of the group, so 0 is always the neutral middle and
 *   equal magnitudes get equal intensity. There is no natural fixed range for a logit, so the
 *   group's largest magnitude is the honest choice; "stretching" would change nothing.
 * - A group (heads side by side, the score stages of one computation, scoring functions) gets one
 *   policy over all its matrices, so one legend serves them all.
 * - Stretching sequential colours to the values' own [min, max] is an option a reader turns on;
 *   the legend then says so, with the range.
 * - Masked cells are never a colour of the scale: they are hatched in two neutral greys (none of
 *   viridis or RdBu is a neutral mid grey), drawn from the constants below by SVG, canvas and CSS.
 */
import { assertOptions } from '../matrix';
import { MASKED_DARK_CSS, MASKED_LIGHT_CSS, type HeatmapScale } from './colour';
import { formatValue } from './format';

export type ColourRange = 'fixed' | 'stretched' | 'centred';

export interface ColourPolicy {
  scale: HeatmapScale;
  /** [lo, hi] the colours span; values outside are clamped to the end colours. */
  domain: [number, number];
  /** fixed: 0–1 for any data; stretched: the values' own range; centred: ±largest |value|. */
  range: ColourRange;
}

/** The values one policy covers: a matrix's data and, optionally, which of its cells are masked. */
export interface ColourSource {
  data: ArrayLike<number>;
  /** Non-zero = masked; masked cells do not widen a stretched or centred domain. */
  blocked?: Uint8Array | null;
}

export const UNIT_DOMAIN: readonly [number, number] = [0, 1];

/** Smallest and largest finite, unmasked value over all sources; null when there is none. */
export function finiteRange(sources: readonly ColourSource[]): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const { data, blocked } of sources) {
    for (let k = 0; k < data.length; k++) {
      if (blocked && blocked[k]) continue;
      const v = data[k];
      if (!Number.isFinite(v)) continue; // −∞ is a masked logit, NaN a fully masked pool
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Infinity ? null : [min, max];
}

/**
 * The policy for a group of matrices drawn with one scale. `stretch` only changes sequential
 * scales; a stretch over values that are all equal has nothing to spread and stays fixed.
 */
export function colourPolicy(scale: HeatmapScale, sources: readonly ColourSource[], options: { stretch?: boolean } = {}): ColourPolicy {
  assertOptions(options, '{ stretch }', { optional: true });
  const range = finiteRange(sources);
  if (scale === 'diverging') {
    const m = range ? Math.max(Math.abs(range[0]), Math.abs(range[1])) : 0;
    return { scale, domain: m > 0 ? [-m, m] : [-1, 1], range: 'centred' };
  }
  if (options.stretch && range && range[1] - range[0] > 1e-12 * Math.max(1, Math.abs(range[1]))) {
    return { scale, domain: range, range: 'stretched' };
  }
  return { scale, domain: [UNIT_DOMAIN[0], UNIT_DOMAIN[1]], range: 'fixed' };
}

/**
 * One sentence for the legend, visible and read by screen readers: whether the scale is fixed,
 * stretched or centred, and over which values. `these` names the matrices that share the legend,
 * e.g. "the 2 heads" or "S, L and M".
 */
export function colourPolicyNote(policy: ColourPolicy, valueLabel: string, these = 'this matrix'): string {
  const [lo, hi] = policy.domain;
  const shared = these !== 'this matrix';
  if (policy.range === 'fixed') {
    return `Fixed scale from 0 to 1${shared ? `, shared by ${these}` : ''}: a colour means the same ${valueLabel} in every picture.`;
  }
  if (policy.range === 'stretched') {
    return `Stretched to the range of ${these}, ${formatValue(lo)} to ${formatValue(hi)}: small differences look large, and colours cannot be compared with other pictures.`;
  }
  return `Centred on 0${shared ? `, shared by ${these}` : ''}: blue is negative, white 0, red positive; the ends are ±${formatValue(hi)}, the largest magnitude.`;
}

/** The hatch of masked cells in CSS pixels: a light ground with dark diagonal stripes. */
export const MASK_HATCH = { period: 6, stripe: 2.5, light: MASKED_LIGHT_CSS, dark: MASKED_DARK_CSS } as const;

/** The same hatch as a CSS background (table cells), matching the SVG pattern of the heatmaps. */
export function maskHatchCss(): string {
  const { period, stripe, light, dark } = MASK_HATCH;
  return `repeating-linear-gradient(45deg, ${dark} 0 ${stripe}px, ${light} ${stripe}px ${period}px)`;
}
