'use client';
/**
 * A line chart drawn by React as SVG, d3 doing only the math (scales, ticks, line paths). Shared by
 * the calculators that plot curves (sparsity versus error, PR and ROC curves, learning-rate
 * schedules, cost over n). Each series has an Okabe–Ito colour and its own dash pattern; log axes
 * tick at whole decades; markers point at "the current value"; the legend is HTML above the plot,
 * and a <details> table carries the numbers for readers who cannot see the chart.
 *
 *   <LineChart title="Learning rate" series={[{ label: 'cosine', points }]}
 *     x={{ label: 'step', scale: 'linear' }} y={{ label: 'lr', scale: 'log' }}
 *     markers={[{ x: 120, y: 0.003, label: 'step 120' }]} />
 *
 * Points that a log axis cannot place (0 or negative) or that are not finite break the line.
 */
import { line as d3line, scaleLinear, scaleLog } from 'd3';
import { useId, useMemo, useRef } from 'react';
import { useNumberFormat } from '../calculators/CalculatorFrame';
import {
  axisDomain,
  axisTicks,
  formatTick,
  plottable,
  spreadLabels,
  seriesColour,
  seriesDash,
  tableRows,
  type AxisScale,
  type ChartPoint,
} from './chartAxes';
import styles from './LineChart.module.css';
import { useMeasuredWidth } from './useMeasuredWidth';

export interface LineSeries {
  label: string;
  points: readonly ChartPoint[];
  /** Force a dashed line (e.g. a reference such as the chance diagonal). */
  dashed?: boolean;
  /** Override the colour / dash picked from the series' index (keep Okabe–Ito colours). */
  colour?: string;
  dash?: string;
}

export interface ChartAxis {
  label: string;
  scale: AxisScale;
  domain?: readonly [number, number];
  /** Tick labels; decades are written 10⁻³ on log axes by default. */
  format?: (value: number) => string;
}

export interface ChartMarker {
  x: number;
  /** Omit for a vertical rule only. */
  y?: number;
  label: string;
  /** Index of the series the marker belongs to (takes its colour). */
  series?: number;
}

export interface LineChartProps {
  title: string;
  series: readonly LineSeries[];
  x: ChartAxis;
  y: ChartAxis;
  markers?: readonly ChartMarker[];
  /** Height of the drawing in pixels (the width follows the container, so text keeps its size). */
  height?: number;
  /** Extra sentence for screen readers and the caption (e.g. "AP = 0.83"). */
  summary?: string;
  /** Hide the legend (a single self-explanatory series). */
  hideLegend?: boolean;
}

/** Width before the container is measured (and on the server); the drawing then follows its container. */
const DEFAULT_WIDTH = 560;
const MIN_WIDTH = 260;
const MAX_WIDTH = 960;
const MARGIN = { top: 12, right: 16, bottom: 44, left: 62 };

export function LineChart({ title, series, x, y, markers = [], height = 260, summary, hideLegend = false }: LineChartProps) {
  const baseId = useId();
  const clipId = `${baseId}-clip`;
  const titleId = `${baseId}-title`;
  const { format } = useNumberFormat();
  const figureRef = useRef<HTMLElement>(null);
  // Before the first measurement (the build's HTML) the drawing gets its final height: `height`,
  // or more in a box wider than MAX_WIDTH. Scaled by width from a 560-wide default, it would be
  // 100 px too short on a phone and too tall on a desktop, and jump when measured.
  const { width, measured } = useMeasuredWidth(figureRef, { initial: DEFAULT_WIDTH, min: MIN_WIDTH, max: MAX_WIDTH });

  const geometry = useMemo(() => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const s of series) {
      for (const p of s.points) {
        if (plottable(p.x, x.scale) && plottable(p.y, y.scale)) {
          xs.push(p.x);
          ys.push(p.y);
        }
      }
    }
    for (const m of markers) {
      xs.push(m.x);
      if (m.y !== undefined) ys.push(m.y);
    }
    const xDomain = axisDomain(xs, x.scale, x.domain);
    const yDomain = axisDomain(ys, y.scale, y.domain);
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = height - MARGIN.top - MARGIN.bottom;
    const xScale = (x.scale === 'log' ? scaleLog() : scaleLinear()).domain(xDomain).range([0, innerW]);
    const yScale = (y.scale === 'log' ? scaleLog() : scaleLinear()).domain(yDomain).range([innerH, 0]);
    const path = d3line<ChartPoint>()
      .defined((p) => plottable(p.x, x.scale) && plottable(p.y, y.scale))
      .x((p) => xScale(p.x))
      .y((p) => yScale(p.y));
    const paths = series.map((s) => path(s.points as ChartPoint[]) ?? '');
    return {
      innerW,
      innerH,
      xScale,
      yScale,
      paths,
      xTicks: axisTicks(xDomain, x.scale, width < 420 ? 4 : 6),
      yTicks: axisTicks(yDomain, y.scale, 5),
    };
  }, [series, markers, x.scale, x.domain, y.scale, y.domain, height, width]);

  const { innerW, innerH, xScale, yScale, paths, xTicks, yTicks } = geometry;
  const xLabel = x.format ?? ((v: number) => formatTick(v, x.scale));
  const yLabel = y.format ?? ((v: number) => formatTick(v, y.scale));
  const table = useMemo(() => tableRows(series), [series]);
  const markerText = markers.map((m) => (m.y === undefined ? `${m.label} at ${x.label} ${format(m.x)}` : `${m.label}: ${x.label} ${format(m.x)}, ${y.label} ${format(m.y)}`));
  const ariaLabel = [
    `${title}. ${series.length} ${series.length === 1 ? 'line' : 'lines'} (${series.map((s) => s.label).join(', ')}), ${y.label}${y.scale === 'log' ? ' (log scale)' : ''} against ${x.label}${x.scale === 'log' ? ' (log scale)' : ''}.`,
    summary ?? '',
    markerText.join('; '),
  ]
    .filter(Boolean)
    .join(' ');
  // Labels drawn in the plot: at most three markers (more are listed under the chart), moved apart
  // so that markers at the same x do not print over each other.
  const drawLabels = markers.length <= 3;
  const labelYs = spreadLabels(
    markers.map((m, i) => (m.y !== undefined && plottable(m.y, y.scale) ? yScale(m.y) - 10 : 12 + i * 14)),
    14,
    12,
    innerH - 6,
  );
  const inside = (px: number, py: number) => px >= -0.5 && px <= innerW + 0.5 && py >= -0.5 && py <= innerH + 0.5;

  return (
    <figure className={styles.figure} ref={figureRef}>
      <figcaption className={styles.caption}>
        <span id={titleId} className={styles.title}>
          {title}
        </span>
        {summary ? <span className={styles.summary}> {summary}</span> : null}
      </figcaption>
      {!hideLegend && series.length > 0 ? (
        <ul className={styles.legend} aria-label="Legend">
          {series.map((s, i) => (
            <li key={`${s.label}-${i}`} className={styles.legendItem}>
              <svg width="30" height="10" aria-hidden="true" className={styles.swatch}>
                <line x1="1" y1="5" x2="29" y2="5" stroke={s.colour ?? seriesColour(i)} strokeWidth="2.5" strokeDasharray={s.dash ?? seriesDash(i, s.dashed)} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <svg className={styles.svg} viewBox={`0 0 ${width} ${height}`} style={measured ? undefined : { aspectRatio: `${MAX_WIDTH} / ${height}`, minHeight: height }} role="img" aria-label={ariaLabel}>
        <defs>
          <clipPath id={clipId}>
            <rect x={-2} y={-2} width={innerW + 4} height={innerH + 4} />
          </clipPath>
        </defs>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {/* grid and ticks */}
          {yTicks.major.map((v) => (
            <g key={`y${v}`} transform={`translate(0,${yScale(v)})`}>
              <line x1={0} x2={innerW} className={styles.grid} />
              <line x1={-5} x2={0} className={styles.axis} />
              <text x={-8} dy="0.32em" textAnchor="end" className={styles.tick}>
                {yLabel(v)}
              </text>
            </g>
          ))}
          {yTicks.minor.map((v) => (
            <line key={`ym${v}`} x1={-3} x2={0} y1={yScale(v)} y2={yScale(v)} className={styles.axis} />
          ))}
          {xTicks.major.map((v) => (
            <g key={`x${v}`} transform={`translate(${xScale(v)},0)`}>
              <line y1={0} y2={innerH} className={styles.grid} />
              <line y1={innerH} y2={innerH + 5} className={styles.axis} />
              <text y={innerH + 18} textAnchor="middle" className={styles.tick}>
                {xLabel(v)}
              </text>
            </g>
          ))}
          {xTicks.minor.map((v) => (
            <line key={`xm${v}`} y1={innerH} y2={innerH + 3} x1={xScale(v)} x2={xScale(v)} className={styles.axis} />
          ))}
          <line x1={0} x2={0} y1={0} y2={innerH} className={styles.axis} />
          <line x1={0} x2={innerW} y1={innerH} y2={innerH} className={styles.axis} />
          <text x={innerW / 2} y={innerH + 36} textAnchor="middle" className={styles.axisLabel}>
            {x.label}
            {x.scale === 'log' ? ' (log)' : ''}
          </text>
          <text transform={`translate(${-MARGIN.left + 14},${innerH / 2}) rotate(-90)`} textAnchor="middle" className={styles.axisLabel}>
            {y.label}
            {y.scale === 'log' ? ' (log)' : ''}
          </text>
          {/* lines */}
          <g clipPath={`url(#${clipId})`}>
            {series.map((s, i) => (
              <path
                key={`${s.label}-${i}`}
                d={paths[i]}
                fill="none"
                stroke={s.colour ?? seriesColour(i)}
                strokeWidth={2}
                strokeDasharray={s.dash ?? seriesDash(i, s.dashed)}
                strokeLinejoin="round"
                strokeLinecap={seriesDash(i, s.dashed) === '' ? 'round' : 'butt'}
              />
            ))}
          </g>
          {/* markers: a rule at x, a ringed dot at (x, y), the label kept inside the plot */}
          {markers.map((m, i) => {
            if (!plottable(m.x, x.scale)) return null;
            const px = xScale(m.x);
            const hasY = m.y !== undefined && plottable(m.y, y.scale);
            const py = hasY ? yScale(m.y as number) : 0;
            if (!inside(px, hasY ? py : 0)) return null;
            const colour = m.series !== undefined ? (series[m.series]?.colour ?? seriesColour(m.series)) : 'currentColor';
            const anchorEnd = px > innerW * 0.6;
            const labelY = labelYs[i];
            return (
              <g key={`m${i}`} className={styles.marker}>
                <line x1={px} x2={px} y1={0} y2={innerH} className={styles.markerRule} />
                {hasY ? <circle cx={px} cy={py} r={5} fill={colour} className={styles.markerDot} /> : null}
                {!drawLabels ? null : (
                  <text x={anchorEnd ? px - 8 : px + 8} y={labelY} textAnchor={anchorEnd ? 'end' : 'start'} className={styles.markerLabel}>
                    {m.label}
                  </text>
                )}
              </g>
            );
          })}
        </g>
      </svg>
      {markers.length > 0 ? (
        <p className={styles.markerText} aria-live="polite">
          {markerText.join(' · ')}
        </p>
      ) : null}
      <details className={styles.details}>
        <summary>Data table{table.thinned ? ' (every few points)' : ''}</summary>
        <div className={styles.tableScroller}>
          {table.shared ? (
            <table className={styles.table}>
              <caption className={styles.visuallyHidden}>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{x.label}</th>
                  {series.map((s, i) => (
                    <th scope="col" key={`${s.label}-${i}`}>
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.xs.map((xv, r) => (
                  <tr key={r}>
                    <th scope="row">{format(xv)}</th>
                    {table.columns.map((col, c) => (
                      <td key={c}>{format(col[r])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            table.tables.map((rows, i) => (
              <table className={styles.table} key={`${series[i].label}-${i}`}>
                <caption>{series[i].label}</caption>
                <thead>
                  <tr>
                    <th scope="col">{x.label}</th>
                    <th scope="col">{y.label}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p, r) => (
                    <tr key={r}>
                      <td>{format(p.x)}</td>
                      <td>{format(p.y)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))
          )}
        </div>
      </details>
    </figure>
  );
}
