'use client';
/**
 * A bar chart drawn by React as SVG, d3 doing the math (band and linear scales, ticks). Used by the
 * progress dashboard: mastery per topic (horizontal, values 0–1), questions due per day and reviews
 * per day (vertical counts). One colour (Okabe–Ito blue) so colour never carries meaning; the
 * numbers are printed on the bars where they fit, and a table under <details> gives them all to
 * readers who cannot see the chart. The drawing is as wide as its container (useMeasuredWidth), so
 * its labels keep their CSS size on a phone and on a projector alike.
 */
import { scaleBand, scaleLinear } from 'd3';
import { useId, useRef } from 'react';
import { useMeasuredWidth } from './useMeasuredWidth';

export interface Bar {
  label: string;
  value: number;
  /** Longer text for the table and the tooltip (e.g. "3 of 8 seen"). */
  detail?: string;
  /** Drawn with a stronger outline, e.g. today. */
  emphasis?: boolean;
  /**
   * Vertical charts: the short text under the bar ("7 Nov", "Today"); '' for none. When any bar
   * has one, these replace `labelEvery` (the caller picks which bars are labelled).
   */
  tick?: string;
}

export interface BarChartProps {
  title: string;
  bars: readonly Bar[];
  orientation: 'vertical' | 'horizontal';
  /** Axis maximum; defaults to the largest value (at least 1). */
  max?: number;
  format?: (value: number) => string;
  valueLabel: string;
  /** Vertical charts with many bars: label every k-th bar. */
  labelEvery?: number;
}

const BAR = '#0072B2';
/** Width before the container is measured; then the drawing follows its container. */
const DEFAULT_WIDTH = 640;
const MIN_WIDTH = 260;
const MAX_WIDTH = 960;

/** Not measured yet: hold the drawing's final height rather than scale the default width. */
const holdHeight = (measured: boolean, height: number): React.CSSProperties | undefined =>
  measured ? undefined : { aspectRatio: `${MAX_WIDTH} / ${height}`, minHeight: height };

export function BarChart({ title, bars, orientation, max, format = (v) => String(v), valueLabel, labelEvery = 1 }: BarChartProps) {
  const id = useId();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1e-9);
  const summary = `${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(', ')}`;
  const figure = useRef<HTMLElement>(null);
  const { width, measured } = useMeasuredWidth(figure, { initial: DEFAULT_WIDTH, min: MIN_WIDTH, max: MAX_WIDTH });
  return (
    <figure className="bar-chart" aria-labelledby={`${id}-title`} ref={figure}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {orientation === 'horizontal' ? (
        <Horizontal bars={bars} top={top} format={format} summary={summary} width={width} measured={measured} />
      ) : (
        <Vertical bars={bars} top={top} format={format} summary={summary} labelEvery={labelEvery} width={width} measured={measured} />
      )}
      <details>
        <summary>Show as a table</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{orientation === 'horizontal' ? 'Topic' : 'Day'}</th>
              <th scope="col">{valueLabel}</th>
              {bars.some((b) => b.detail) && <th scope="col">Details</th>}
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{format(b.value)}</td>
                {bars.some((x) => x.detail) && <td>{b.detail ?? ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

interface PartProps {
  bars: readonly Bar[];
  top: number;
  format: (v: number) => string;
  summary: string;
  width: number;
  measured: boolean;
}

function Horizontal({ bars, top, format, summary, width, measured }: PartProps) {
  // Topic names take up to 190 px, and never more than 45 % of a phone's width.
  const labelWidth = Math.min(190, Math.round(width * 0.45));
  const rowHeight = 26;
  const height = bars.length * rowHeight + 24;
  const x = scaleLinear().domain([0, top]).range([labelWidth, width - 50]);
  const y = scaleBand<string>().domain(bars.map((b) => b.label)).range([0, bars.length * rowHeight]).padding(0.2);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} style={holdHeight(measured, height)} role="img" aria-label={summary} className="bar-chart-svg">
      {/* Fewer ticks on a phone, so "20 %" and "40 %" do not run together. */}
      {x.ticks(width < 480 ? 2 : 4).map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={0} y2={bars.length * rowHeight} className="bar-grid" />
          <text x={x(t)} y={height - 6} textAnchor="middle" className="bar-tick">
            {format(t)}
          </text>
        </g>
      ))}
      {bars.map((b) => (
        <g key={b.label}>
          <text x={labelWidth - 8} y={(y(b.label) ?? 0) + y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="bar-label">
            {b.label}
          </text>
          <rect x={x(0)} y={y(b.label)} width={Math.max(0, x(b.value) - x(0))} height={y.bandwidth()} fill={BAR}>
            <title>{`${b.label}: ${format(b.value)}${b.detail ? ` (${b.detail})` : ''}`}</title>
          </rect>
          <text x={x(b.value) + 4} y={(y(b.label) ?? 0) + y.bandwidth() / 2} dy="0.35em" className="bar-value">
            {format(b.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}

function Vertical({ bars, top, format, summary, labelEvery, width, measured }: PartProps & { labelEvery: number }) {
  const height = 220;
  const margin = { left: 36, right: 8, top: 16, bottom: 28 };
  const x = scaleBand<string>().domain(bars.map((b) => b.label)).range([margin.left, width - margin.right]).padding(0.15);
  const y = scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  // Counts get whole-number ticks only: "0.2 reviews" is not a thing.
  const counts = bars.every((b) => Number.isInteger(b.value));
  const ticks = y.ticks(4).filter((t) => !counts || Number.isInteger(t));
  const ticked = bars.some((b) => b.tick !== undefined);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} style={holdHeight(measured, height)} role="img" aria-label={summary} className="bar-chart-svg">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={margin.left} x2={width - margin.right} y1={y(t)} y2={y(t)} className="bar-grid" />
          <text x={margin.left - 6} y={y(t)} dy="0.35em" textAnchor="end" className="bar-tick">
            {format(t)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g key={b.label}>
          <rect
            x={x(b.label)}
            y={y(b.value)}
            width={x.bandwidth()}
            height={Math.max(0, y(0) - y(b.value))}
            fill={BAR}
            className={b.emphasis ? 'bar-emphasis' : undefined}
          >
            <title>{`${b.label}: ${format(b.value)}${b.detail ? ` (${b.detail})` : ''}`}</title>
          </rect>
          {b.value > 0 && x.bandwidth() >= 14 && (
            <text x={(x(b.label) ?? 0) + x.bandwidth() / 2} y={y(b.value) - 3} textAnchor="middle" className="bar-value">
              {format(b.value)}
            </text>
          )}
          {(ticked ? Boolean(b.tick) : i % labelEvery === 0) && (
            <text x={(x(b.label) ?? 0) + x.bandwidth() / 2} y={height - 10} textAnchor="middle" className={b.emphasis ? 'bar-tick bar-x bar-tick-emphasis' : 'bar-tick bar-x'}>
              {ticked ? b.tick : b.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
