'use client';
/**
 * The legend of a heatmap, a stage table or a group of small multiples that share one colour
 * policy (lib/heatmap/colourPolicy.ts): the colour bar with ticks, the masked swatch when masked
 * cells are drawn, a visible sentence saying whether the scale is fixed, stretched or centred, and,
 * for sequential scales, the "stretch" checkbox. The bar is an image named by its description; the
 * sentence and the checkbox are text, so the legend reads the same to everyone, in both themes.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { colourPolicy, colourPolicyNote, MASK_HATCH, type ColourPolicy, type ColourSource } from '../lib/heatmap/colourPolicy';
import { colourScale, interpolatorFor } from '../lib/heatmap/colour';
import { formatLegendEnd, legendTicks } from '../lib/heatmap/legendTicks';
import { textWidth } from '../lib/heatmap/layout';
import { formatValue } from '../lib/heatmap/format';
import styles from './ColourLegend.module.css';

export interface ColourLegendProps {
  policy: ColourPolicy;
  /** What a value is, e.g. "weight" or "score". */
  valueLabel: string;
  /** Which matrices share this legend, e.g. "the 2 heads"; default "this matrix". */
  these?: string;
  showMasked?: boolean;
  /** Given: a checkbox to stretch a sequential scale to the values' own range. */
  stretch?: { checked: boolean; onChange(checked: boolean): void };
}

const DEFAULT_FONT_PX = 14;
/** The legend's rows, in em: gap above the bar, bar, tick label baseline, below the labels. */
const LEGEND_EM = { barY: 0.15, bar: 0.9, tickLabel: 1.2, below: 0.5 } as const;
const LEGEND_HEIGHT_EM = LEGEND_EM.barY + LEGEND_EM.bar + LEGEND_EM.tickLabel + LEGEND_EM.below;

/** The SVG pattern of masked cells; the same hatch as the CSS one of table cells (maskHatchCss). */
export function MaskHatchPattern({ id }: { id: string }) {
  const { period, stripe, light, dark } = MASK_HATCH;
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width={period} height={period} patternTransform="rotate(45)">
      <rect width={period} height={period} fill={light} />
      <rect width={stripe} height={period} fill={dark} />
    </pattern>
  );
}

export function ColourLegend({ policy, valueLabel, these = 'this matrix', showMasked = false, stretch }: ColourLegendProps) {
  const id = `cl${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(300);
  const [fontPx, setFontPx] = useState(DEFAULT_FONT_PX);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      if (box.clientWidth > 0) setWidth(Math.min(360, box.clientWidth));
      const px = parseFloat(getComputedStyle(box).fontSize);
      if (Number.isFinite(px) && px > 0) setFontPx(px);
    };
    // No measure() here: reading layout in an effect forces the browser to lay out the whole page
    // inside the commit's task. The observer's first report comes after the next layout, for free.
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  const { scale, domain } = policy;
  const interpolator = interpolatorFor(scale);
  // Room for half of each end's label, centred on the bar's end: 0.0000376 is wider than 3 em.
  const pad = Math.max(Math.ceil(fontPx * 1.5), ...domain.map((v) => Math.ceil(textWidth(Array.from(formatLegendEnd(v)).length, fontPx) / 2) + 2));
  const swatchWidth = showMasked ? Math.ceil(fontPx * 6) : 0;
  const barWidth = Math.max(60, width - 2 * pad - swatchWidth);
  // Heights are fixed multiples of the font size, and the SVG's height is given in em: the build's
  // HTML assumes 14 px, the page's font may be 14.7 px, and the legend must not grow on hydration.
  const barY = fontPx * LEGEND_EM.barY;
  const barHeight = fontPx * LEGEND_EM.bar;
  const tickY = barY + barHeight + fontPx * LEGEND_EM.tickLabel;
  // The ends always, then as many of d3's round ticks as fit without any two labels touching.
  const ticks = legendTicks(domain, barWidth, fontPx);
  const colour = colourScale(scale, domain);
  const stops = Array.from({ length: 17 }, (_, k) => k / 16);
  const description =
    `Colour scale for ${valueLabel}: ${formatValue(domain[0])} is ${scale === 'sequential' ? 'dark purple' : 'blue'}, ` +
    `${formatValue(domain[1])} is ${scale === 'sequential' ? 'yellow' : 'red'}` +
    (scale === 'diverging' ? ', 0 is white' : '') +
    (showMasked ? '; grey hatched cells are masked.' : '.');
  const stretchable = stretch && scale === 'sequential';

  return (
    <div ref={ref} className={styles.legend} role="group" aria-label={`Colour legend: ${valueLabel}`} data-colour-range={policy.range} data-domain={domain.join(' ')}>
      <div className={styles.title}>{valueLabel}</div>
      <svg width={width} height={`${LEGEND_HEIGHT_EM}em`} role="img" aria-label={description} className={styles.bar}>
        <defs>
          <linearGradient id={`${id}-gradient`} x1="0" x2="1" y1="0" y2="0">
            {stops.map((t) => (
              <stop key={t} offset={t} stopColor={interpolator(t)} />
            ))}
          </linearGradient>
          {showMasked && <MaskHatchPattern id={`${id}-hatch`} />}
        </defs>
        <rect x={pad} y={barY} width={barWidth} height={barHeight} fill={`url(#${id}-gradient)`} className={styles.outline} data-lo={colour(domain[0])} />
        {ticks.map(({ value, text, x }) => (
          <g key={value}>
            <line x1={pad + x} x2={pad + x} y1={barY + barHeight} y2={barY + barHeight + 4} className={styles.tick} />
            <text className={styles.label} x={pad + x} y={tickY} textAnchor="middle">
              {text}
            </text>
          </g>
        ))}
        {showMasked && (
          <g>
            <rect x={pad + barWidth + fontPx} y={barY} width={barHeight * 1.5} height={barHeight} fill={`url(#${id}-hatch)`} className={styles.outline} />
            <text className={styles.label} x={pad + barWidth + fontPx + barHeight * 1.5 + 4} y={barY + barHeight / 2} dominantBaseline="central">
              masked
            </text>
          </g>
        )}
      </svg>
      <p className={styles.note}>{colourPolicyNote(policy, valueLabel, these)}</p>
      {stretchable && (
        // The note above already says whether the scale is stretched: print and the projector leave the switch out.
        <label className={`${styles.stretch} control-row`}>
          <input type="checkbox" checked={stretch.checked} onChange={(e) => stretch.onChange(e.target.checked)} /> Stretch colours to{' '}
          {these === 'this matrix' ? "this matrix's range" : `the range of ${these}`}
        </label>
      )}
    </div>
  );
}

/**
 * One policy and one stretch switch for a group of small multiples (heads, scoring functions,
 * number formats): the caller passes `policy` to every heatmap and draws one ColourLegend.
 */
export function useSharedColours(scale: ColourPolicy['scale'], sources: readonly ColourSource[], initialStretch = false) {
  const [stretched, setStretched] = useState(initialStretch);
  const next = colourPolicy(scale, sources, { stretch: stretched });
  // The same policy object while its values are the same: the heatmaps' memos (colours, cells,
  // worker pictures) are keyed on it, and the sources are rebuilt on every render.
  const previous = useRef(next);
  const same =
    previous.current.scale === next.scale &&
    previous.current.range === next.range &&
    previous.current.domain[0] === next.domain[0] &&
    previous.current.domain[1] === next.domain[1];
  if (!same) previous.current = next;
  return { policy: previous.current, stretch: { checked: stretched, onChange: setStretched } };
}

/** How a shared legend names its matrices: "the 3 heads", or "this matrix" when there is one. */
export function sharedLegendScope(count: number, plural: string): string {
  return count > 1 ? `the ${count} ${plural}` : 'this matrix';
}
