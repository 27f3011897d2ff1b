'use client';
/**
 * A small matrix of the step-through as a table of coloured cells with their numbers, where some
 * cells can be marked (where the selected value came from) and, when `onSelect` is given, one cell
 * can be picked with the mouse or the keyboard (one tab stop; arrows, Home, End move within).
 */
import { useRef, type KeyboardEvent } from 'react';
import { colourScale, textColourOn, valueDomain, type HeatmapScale } from '../../lib/heatmap/colour';
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
  /** Cells to mark as sources: [rowStart, rowEnd) × [colStart, colEnd). */
  marked?: { rows: [number, number]; cols: [number, number] }[];
  selected?: { row: number; col: number } | null;
  onSelect?(row: number, col: number): void;
}

const SCROLL_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

function keepScrollKeys(event: KeyboardEvent) {
  if (event.target === event.currentTarget && SCROLL_KEYS.has(event.key)) event.stopPropagation();
}

export function StageMatrix({ matrix, caption, rowLabels, colLabels, scale, marked = [], selected = null, onSelect }: StageMatrixProps) {
  const { format, digits } = useNumberFormat();
  const tableRef = useRef<HTMLTableElement>(null);
  const colour = colourScale(scale, valueDomain(matrix.data, scale));
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
                const blocked = x === -Infinity;
                const background = blocked || !Number.isFinite(x) ? undefined : colour(x);
                const isSelected = selected !== null && selected.row === i && selected.col === j;
                const className = [styles.cell, blocked ? styles.blocked : '', isMarked(i, j) ? styles.marked : '', isSelected ? styles.selected : '']
                  .filter(Boolean)
                  .join(' ');
                const text = blocked ? '−∞' : format(x);
                const name = `${rowLabels[i]}, ${colLabels[j]}: ${text}${isMarked(i, j) ? ' (source of the selected value)' : ''}`;
                return (
                  <td
                    key={j}
                    className={className}
                    style={background ? { background, color: textColourOn(background) } : undefined}
                    data-cell={`${i}-${j}`}
                    title={blocked ? 'blocked by the mask: −∞' : titleNumber(x, digits)}
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
