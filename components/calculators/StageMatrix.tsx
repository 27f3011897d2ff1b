'use client';
/**
 * A small matrix of the step-through as a table of coloured cells with their numbers, where some
 * cells can be marked (where the selected value came from) and, when `onSelect` is given, one cell
 * can be picked with the mouse or the keyboard (one tab stop; arrows, Home, End move within).
 * Colours follow the site's policy (lib/heatmap/colourPolicy.ts); tables of one kind get one
 * shared `colours` and one StageLegends entry, masked cells the same hatch as the heatmaps.
 */
import { useRef, type KeyboardEvent } from 'react';
import { colourScale, textColourOn, type HeatmapScale } from '../../lib/heatmap/colour';
import { colourPolicy, maskHatchCss, type ColourPolicy } from '../../lib/heatmap/colourPolicy';
import { ColourLegend, type ColourLegendProps } from '../ColourLegend';
import { titleNumber } from '../../lib/heatmap/format';
import type { Matrix } from '../../lib/matrix';
import { useNumberFormat } from './CalculatorFrame';
import styles from './StageMatrix.module.css';

export interface StageMatrixProps {
  matrix: Matrix;
  /** Short name, e.g. "S = QKᵀ"; the caption and the accessible name. */
  caption: string;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  scale: HeatmapScale;
  /** The policy shared with the other tables of this kind; default: this matrix's own. */
  colours?: ColourPolicy;
  /** Masked cells (1 = masked), row-major, besides −∞ ones: hatched, never a colour of the scale. */
  blocked?: Uint8Array | null;
  /** Cells to mark as sources: [rowStart, rowEnd) × [colStart, colEnd). */
  marked?: { rows: [number, number]; cols: [number, number] }[];
  selected?: { row: number; col: number } | null;
  onSelect?(row: number, col: number): void;
}

const MASKED_STYLE = { background: maskHatchCss() } as const;

const SCROLL_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

function keepScrollKeys(event: KeyboardEvent) {
  if (event.target === event.currentTarget && SCROLL_KEYS.has(event.key)) event.stopPropagation();
}

export function StageMatrix({ matrix, caption, rowLabels, colLabels, scale, colours, blocked: blockedCells = null, marked = [], selected = null, onSelect }: StageMatrixProps) {
  const { format, digits } = useNumberFormat();
  const tableRef = useRef<HTMLTableElement>(null);
  const policy = colours ?? colourPolicy(scale, [{ data: matrix.data, blocked: blockedCells }]);
  const colour = colourScale(policy.scale, policy.domain);
  const isMarked = (i: number, j: number) => marked.some((m) => i >= m.rows[0] && i < m.rows[1] && j >= m.cols[0] && j < m.cols[1]);

  const move = (event: KeyboardEvent, i: number, j: number) => {
    if (!onSelect) return;
    const last = { row: matrix.rows - 1, col: matrix.cols - 1 };
    const next: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, i - 1), j],
      ArrowDown: [Math.min(last.row, i + 1), j],
      ArrowLeft: [i, Math.max(0, j - 1)],
      ArrowRight: [i, Math.min(last.col, j + 1)],
      Home: [i, 0],
      End: [i, last.col],
    };
    const target = next[event.key];
    if (!target) return;
    // The stepper also listens for arrows; inside a matrix they move the cell.
    event.preventDefault();
    event.stopPropagation();
    onSelect(target[0], target[1]);
    requestAnimationFrame(() => tableRef.current?.querySelector<HTMLElement>(`[data-cell="${target[0]}-${target[1]}"]`)?.focus());
  };

  return (
    // A scroll box of the site (globals.css `table-scroll`): on a phone the cut edge fades, and the
    // box takes the keyboard focus so arrows scroll it even where no cell can be picked; they are
    // kept from the stepper around it, which would otherwise take them to change the stage.
    <div className={`${styles.scroll} table-scroll`} tabIndex={0} role="group" aria-label={caption} onKeyDown={keepScrollKeys}>
      <table ref={tableRef} className={styles.table} aria-label={caption}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {colLabels.map((label, j) => (
              <th key={j} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: matrix.rows }, (_, i) => (
            <tr key={i}>
              <th scope="row">{rowLabels[i]}</th>
              {Array.from({ length: matrix.cols }, (_, j) => {
                const x = matrix.data[i * matrix.cols + j];
                const blocked = x === -Infinity || (blockedCells !== null && blockedCells[i * matrix.cols + j] !== 0);
                const background = blocked || !Number.isFinite(x) ? undefined : colour(x);
                const isSelected = selected !== null && selected.row === i && selected.col === j;
                const className = [styles.cell, blocked ? styles.blocked : '', isMarked(i, j) ? styles.marked : '', isSelected ? styles.selected : '']
                  .filter(Boolean)
                  .join(' ');
                const text = x === -Infinity ? '−∞' : format(x);
                const name = `${rowLabels[i]}, ${colLabels[j]}: ${text}${isMarked(i, j) ? ' (source of the selected value)' : ''}`;
                return (
                  <td
                    key={j}
                    className={className}
                    style={background ? { background, color: textColourOn(background) } : blocked ? MASKED_STYLE : undefined}
                    data-cell={`${i}-${j}`}
                    title={blocked ? `blocked by the mask: ${text}` : titleNumber(x, digits)}
                    {...(onSelect
                      ? {
                          role: 'button',
                          tabIndex: isSelected || (selected === null && i === 0 && j === 0) ? 0 : -1,
                          'aria-pressed': isSelected,
                          'aria-label': name,
                          onClick: () => onSelect(i, j),
                          onKeyDown: (e: KeyboardEvent) => move(e, i, j),
                        }
                      : {})}
                  >
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The legends of the tables on screen, one per colour group, side by side under them. */
export function StageLegends({ legends }: { legends: (ColourLegendProps & { id: string })[] }) {
  return (
    <div className={styles.legends}>
      {legends.map(({ id, ...legend }) => (
        <ColourLegend key={id} {...legend} />
      ))}
    </div>
  );
}
