/**
 * The tick labels of a colour legend's bar: both ends always, then d3's round ticks, as many as
 * fit without any two labels touching. A fixed "one tick per so many pixels" did not hold: a
 * stretched scale's ticks (0.0005, 0.0010, …) and its 3-digit ends (0.00312) are wider than a
 * weight's 0.2, and at 1280 px /lab/heatmap/ drew them over each other. Here each label's width
 * is estimated from its own text (textWidth, rounded up like the heatmap's labels), and d3 is
 * asked for fewer ticks until the labels, each centred on its tick, leave a gap between them.
 */
import { legendAxisScale } from './colour';
import { textWidth } from './layout';

export interface LegendTick {
  value: number;
  text: string;
  /** Position along the bar, 0 … barWidth. */
  x: number;
  /** Estimated width of the label, in px. */
  width: number;
}

/** An end of the bar in at most 3 significant digits: 0, 1, 0.37, −4.96. */
export function formatLegendEnd(v: number): string {
  return String(Number(v.toPrecision(3))).replace('-', '−');
}

/** Labels' estimated boxes, centred on their ticks, sorted by position: do any two come closer than gap? */
export function labelsCollide(ticks: readonly Pick<LegendTick, 'x' | 'width'>[], gap: number): boolean {
  const sorted = [...ticks].sort((a, b) => a.x - b.x);
  for (let k = 1; k < sorted.length; k++) {
    const left = sorted[k - 1];
    const right = sorted[k];
    if (left.x + left.width / 2 + gap > right.x - right.width / 2) return true;
  }
  return false;
}

/**
 * Ticks for a bar of barWidth px showing domain, with labels at fontPx: the two ends, plus the
 * largest set of d3's round ticks (for a decreasing tick count) whose labels clear each other and
 * the ends by half an em. Fewer, never overlapping: a bar too short for any gets only its ends.
 */
export function legendTicks(domain: [number, number], barWidth: number, fontPx: number): LegendTick[] {
  const axis = legendAxisScale(domain, barWidth);
  const gap = fontPx / 2;
  const tick = (value: number, text: string): LegendTick => ({ value, text, x: axis(value), width: textWidth(Array.from(text).length, fontPx) });
  const ends = domain[0] === domain[1] ? [tick(domain[0], formatLegendEnd(domain[0]))] : domain.map((v) => tick(v, formatLegendEnd(v)));
  // No label is narrower than two characters: more ticks than that allows can never fit.
  for (let count = Math.floor(barWidth / textWidth(2, fontPx)); count >= 1; count--) {
    const format = axis.tickFormat(count);
    const inner = axis
      .ticks(count)
      .map((v) => tick(v, format(v).replace('-', '−')))
      // A round tick at an end (0, 1) is that end's label already.
      .filter((t) => ends.every((e) => Math.abs(t.x - e.x) > 0.5))
      .filter((t) => !ends.some((e) => labelsCollide([e, t], gap)));
    if (!labelsCollide(inner, gap)) return [...ends, ...inner];
  }
  return ends;
}
