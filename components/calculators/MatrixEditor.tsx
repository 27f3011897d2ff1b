'use client';
/**
 * The shared matrix editor: a table of text inputs, one per cell, edited like a spreadsheet.
 * The cells are controlled text (`string[][]`), so a half-typed "1/sq" stays as typed; the numbers
 * they stand for go to `onMatrix` whenever every cell is valid (null otherwise). The logic lives in
 * lib/matrixEditor/ (focus moves, paste, resize, random fill, validation); this file wires it to
 * the keyboard, the clipboard and the screen.
 *
 * Keys (the rule, also shown under the grid):
 * - Tab / Shift+Tab: next / previous cell in reading order; after the last cell (before the first)
 *   the focus leaves the grid, so it is never trapped.
 * - Enter / Shift+Enter: the cell below / above.
 * - ↑ ↓: always the cell above / below (a one-line input has no lines to move through).
 * - ← →: the neighbouring cell while the cell is not being edited (browsing), or, while editing,
 *   once the caret is at that end of the text with nothing selected; otherwise they move the caret.
 *   Editing starts with typing, with F2 (caret to the end, as in a spreadsheet) or with a click in
 *   the cell (the click placed the caret); it ends when the cell loses the focus or on Escape.
 * - Home / End: first / last cell of the row while not editing, else the caret.
 * - Escape: puts back the text the cell had when it got the focus.
 * Focusing a cell selects its text, so typing replaces it.
 *
 * Arithmetic cells (`1/sqrt(2)`, `pi/4`) need the mathjs-based evaluator; it is loaded on demand
 * the first time any cell needs it (lib/safeExpression.ts), never for plain numbers.
 */
import { useEffect, useId, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { AttentionInputError } from '../../lib/errors';
import type { Matrix } from '../../lib/matrix';
import type { ExpressionEvaluator } from '../../lib/matrixText';
import {
  MAX_EDITOR_COLS,
  MAX_EDITOR_ROWS,
  moveFocus,
  parsePastedBlock,
  pasteBlock,
  randomFillCells,
  resizeCells,
  validateCells,
  type Cells,
  type CellPosition,
  type CellsValidation,
  type FocusKey,
} from '../../lib/matrixEditor';
import { loadExpressionEvaluator } from '../../lib/safeExpression';
import styles from './MatrixEditor.module.css';

export interface MatrixEditorProps {
  /** The matrix's name, used in the caption, every cell's accessible name and every message ("Q"). */
  label: string;
  cells: Cells;
  onChange(cells: Cells): void;
  /** The numbers, whenever every cell is valid; null while any cell is not. Called on changes only. */
  onMatrix?(matrix: number[][] | null): void;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  minRows?: number;
  maxRows?: number;
  minCols?: number;
  maxCols?: number;
  /** Forbid resizing an axis (e.g. one row per token); paste then clips along it. */
  fixedRows?: boolean;
  fixedCols?: boolean;
  /** Shows a seed field and a "Random fill" button, starting from this seed. */
  seed?: number;
  /** Extra description for every cell (ids, space-separated). */
  describedBy?: string;
  /** A problem with the matrix as a whole from the caller (e.g. a shape rule); shown under the grid. */
  error?: string | null;
  /** Show the line explaining the keys (default). Several editors together can show MATRIX_EDITOR_KEYS_HINT once instead. */
  showKeysHint?: boolean;
}

/** How to use the editor, in one line for the page. */
export const MATRIX_EDITOR_KEYS_HINT =
  'Tab, Enter and the arrow keys move between cells (while you edit a cell, ← → move in its text until the caret reaches the end); Escape puts the cell back. Cells take numbers or arithmetic such as 1/sqrt(2). Paste a block from a spreadsheet, CSV or JSON.';

const MAX_SEED = 2 ** 32 - 1;

/** Class for a container of several editors: side by side, wrapping at phone width. */
export const matrixEditorGroupClass = styles.group;

/** The evaluator once loaded, shared by every editor on the page. */
let sharedEvaluator: ExpressionEvaluator | null = null;

function useExpressionEvaluator(needed: boolean): { evaluate: ExpressionEvaluator | null; loadError: string | null } {
  const [evaluate, setEvaluate] = useState<ExpressionEvaluator | null>(sharedEvaluator);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (!needed || evaluate) return;
    if (sharedEvaluator) {
      setEvaluate(() => sharedEvaluator);
      return;
    }
    let live = true;
    loadExpressionEvaluator().then(
      (fn) => {
        sharedEvaluator = fn;
        if (live) setEvaluate(() => fn);
      },
      () => live && setLoadError('The arithmetic parser could not be loaded; type plain numbers, or reload the page.'),
    );
    return () => {
      live = false;
    };
  }, [needed, evaluate]);
  return { evaluate, loadError };
}

const toRows = (m: Matrix): number[][] => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

/** validateCells, with a malformed grid (wrong shape from the caller) as a problem instead of a crash. */
function checkCells(cells: Cells, label: string, evaluate?: ExpressionEvaluator): CellsValidation & { problem?: string } {
  try {
    return validateCells(cells, label, evaluate);
  } catch (e) {
    return { matrix: null, errors: [], needsEvaluator: false, problem: messageOf(e) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof AttentionInputError || error instanceof Error ? error.message : String(error);
}

export function MatrixEditor({
  label,
  cells,
  onChange,
  onMatrix,
  rowLabels,
  colLabels,
  minRows = 1,
  maxRows = MAX_EDITOR_ROWS,
  minCols = 1,
  maxCols = MAX_EDITOR_COLS,
  fixedRows = false,
  fixedCols = false,
  seed,
  describedBy,
  error,
  showKeysHint = true,
}: MatrixEditorProps) {
  const domId = useId();
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  const inputs = useRef(new Map<string, HTMLInputElement>());
  /** Text of the focused cell when it got the focus, and whether it has been edited since. */
  const focusState = useRef<{ row: number; col: number; original: string; editing: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [seedText, setSeedText] = useState(() => String(seed ?? 0));
  const [seedError, setSeedError] = useState<string | null>(null);

  const firstTry = useMemo(() => checkCells(cells, label, sharedEvaluator ?? undefined), [cells, label]);
  const { evaluate, loadError } = useExpressionEvaluator(firstTry.needsEvaluator);
  const validation = useMemo(() => (firstTry.needsEvaluator && evaluate ? checkCells(cells, label, evaluate) : firstTry), [firstTry, evaluate, cells, label]);
  const errorAt = useMemo(() => {
    const map = new Map<string, string>();
    for (const e of validation.errors) map.set(`${e.row}-${e.col}`, e.message);
    return map;
  }, [validation]);

  // Tell the caller about the numbers when they change (not on mount: the caller already has them).
  const matrixRows = useMemo(() => (validation.matrix ? toRows(validation.matrix) : null), [validation]);
  const matrixKey = matrixRows ? JSON.stringify(matrixRows) : validation.needsEvaluator && !loadError ? 'pending' : 'null';
  const emitted = useRef(matrixKey);
  const onMatrixRef = useRef(onMatrix);
  onMatrixRef.current = onMatrix;
  useEffect(() => {
    if (matrixKey === 'pending' || matrixKey === emitted.current) return;
    emitted.current = matrixKey;
    onMatrixRef.current?.(matrixRows);
  }, [matrixKey, matrixRows]);

  const focusCell = (pos: CellPosition) => {
    const input = inputs.current.get(`${pos.row}-${pos.col}`);
    input?.focus();
  };

  const setCell = (row: number, col: number, text: string) => {
    const next = cells.map((r) => r.slice());
    next[row][col] = text;
    onChange(next);
  };

  const canGrowRows = !fixedRows && rows < Math.min(maxRows, MAX_EDITOR_ROWS);
  const canShrinkRows = !fixedRows && rows > Math.max(minRows, 1);
  const canGrowCols = !fixedCols && cols < Math.min(maxCols, MAX_EDITOR_COLS);
  const canShrinkCols = !fixedCols && cols > Math.max(minCols, 1);
  const resize = (newRows: number, newCols: number) => {
    setNotice(null);
    onChange(resizeCells(cells, newRows, newCols, '0'));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    if (event.nativeEvent.isComposing) return; // Enter or an arrow that belongs to an input method
    const input = event.currentTarget;
    const focus = focusState.current;
    const editing = focus?.editing ?? false;
    const caretAt = (end: 'start' | 'end') =>
      input.selectionStart === input.selectionEnd && input.selectionStart === (end === 'start' ? 0 : input.value.length);
    let key: FocusKey | null = null;
    switch (event.key) {
      case 'Tab':
        key = event.shiftKey ? 'ShiftTab' : 'Tab';
        break;
      case 'Enter':
        key = event.shiftKey ? 'ShiftEnter' : 'Enter';
        break;
      case 'ArrowUp':
      case 'ArrowDown':
        if (!event.shiftKey && !event.altKey) key = event.key;
        break;
      case 'ArrowLeft':
        if (!event.shiftKey && (!editing || caretAt('start'))) key = 'ArrowLeft';
        break;
      case 'ArrowRight':
        if (!event.shiftKey && (!editing || caretAt('end'))) key = 'ArrowRight';
        break;
      case 'Home':
      case 'End':
        if (!editing && !event.shiftKey) key = event.key;
        break;
      case 'F2':
        event.preventDefault();
        if (focus) focus.editing = true;
        input.setSelectionRange(input.value.length, input.value.length);
        return;
      case 'Escape':
        if (focus && focus.original !== input.value) {
          event.preventDefault();
          setCell(row, col, focus.original);
          focus.editing = false;
          // Select the restored text once React has put it back.
          requestAnimationFrame(() => input.select());
        }
        return;
      default:
        return;
    }
    if (key === null) return;
    const target = moveFocus({ row, col }, key, { rows, cols });
    if (target.row === row && target.col === col) {
      // Tab at the last cell (Shift+Tab at the first) leaves the grid: let the browser move on.
      if (key === 'Tab' || key === 'ShiftTab') return;
      event.preventDefault();
      return;
    }
    event.preventDefault();
    focusCell(target);
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = event.clipboardData.getData('text/plain');
    let block: Cells;
    try {
      block = parsePastedBlock(text);
    } catch (e) {
      event.preventDefault();
      setNotice(`Nothing was pasted into ${label}: ${messageOf(e)}`);
      return;
    }
    // One value: an ordinary paste into the text at the caret.
    if (block.length <= 1 && (block[0]?.length ?? 0) <= 1) return;
    event.preventDefault();
    try {
      const { cells: next, dropped } = pasteBlock(cells, { row, col }, block, {
        maxRows: fixedRows ? rows : Math.max(rows, Math.min(maxRows, MAX_EDITOR_ROWS)),
        maxCols: fixedCols ? cols : Math.max(cols, Math.min(maxCols, MAX_EDITOR_COLS)),
        grow: true,
        fill: '0',
      });
      const blockCols = block.reduce((w, r) => Math.max(w, r.length), 0);
      const pasted = block.reduce((n, r) => n + r.length, 0) - dropped;
      setNotice(
        dropped > 0
          ? `Pasted ${pasted} ${pasted === 1 ? 'value' : 'values'} into ${label}; ${dropped} ${dropped === 1 ? 'value' : 'values'} of the ${block.length}×${blockCols} block did not fit in ${next.length}×${next[0].length} and ${dropped === 1 ? 'was' : 'were'} dropped.`
          : `Pasted a ${block.length}×${blockCols} block into ${label} at row ${row + 1}, column ${col + 1}.`,
      );
      onChange(next);
    } catch (e) {
      setNotice(`Nothing was pasted into ${label}: ${messageOf(e)}`);
    }
  };

  const randomFill = () => {
    const value = Number(seedText);
    if (seedText.trim() === '' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
      setSeedError(`The seed must be a whole number from 0 to ${MAX_SEED}.`);
      return;
    }
    setSeedError(null);
    setNotice(`Filled ${label} with random numbers from seed ${value}.`);
    onChange(randomFillCells(rows, cols, value, { digits: 2 }));
  };

  if (rows === 0 || cols === 0) return null;
  const keysHintId = `${domId}-keys`;
  const errorId = (r: number, c: number) => `${domId}-error-${r}-${c}`;
  const rowName = (i: number) => rowLabels?.[i] ?? String(i + 1);
  const colName = (j: number) => colLabels?.[j] ?? String(j + 1);

  return (
    <div className={styles.editor}>
      <div className={styles.scroll} role="region" aria-label={`${label}, ${rows} × ${cols}, editable`}>
        <table className={styles.table} aria-describedby={showKeysHint ? keysHintId : undefined}>
          <caption>
            {label} <span className={styles.shape}>({rows} × {cols})</span>
          </caption>
          <thead>
            <tr>
              <td />
              {Array.from({ length: cols }, (_, j) => (
                <th key={j} scope="col">
                  {colName(j)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cells.map((line, i) => (
              <tr key={i}>
                <th scope="row">{rowName(i)}</th>
                {line.map((text, j) => {
                  const problem = errorAt.get(`${i}-${j}`);
                  const described = [problem ? errorId(i, j) : '', describedBy ?? ''].filter(Boolean).join(' ');
                  return (
                    <td key={j}>
                      <input
                        ref={(el) => {
                          if (el) inputs.current.set(`${i}-${j}`, el);
                          else inputs.current.delete(`${i}-${j}`);
                        }}
                        className={problem ? `${styles.cell} ${styles.invalid}` : styles.cell}
                        value={text}
                        aria-label={`${label} row ${i + 1}, column ${j + 1}`}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={described || undefined}
                        inputMode="text"
                        autoComplete="off"
                        autoCorrect="off"
                        autoCapitalize="off"
                        spellCheck={false}
                        onFocus={(e) => {
                          focusState.current = { row: i, col: j, original: e.currentTarget.value, editing: false };
                          e.currentTarget.select();
                        }}
                        onClick={() => {
                          if (focusState.current) focusState.current.editing = true;
                        }}
                        onBlur={() => {
                          focusState.current = null;
                        }}
                        onChange={(e) => {
                          if (focusState.current) focusState.current.editing = true;
                          setCell(i, j, e.target.value);
                        }}
                        onKeyDown={(e) => onKeyDown(e, i, j)}
                        onPaste={(e) => onPaste(e, i, j)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {(!fixedRows || !fixedCols || seed !== undefined) && (
        <div className={`${styles.tools} control-row`}>
          {!fixedRows && (
            <>
              <button type="button" onClick={() => resize(rows + 1, cols)} disabled={!canGrowRows} aria-label={`Add row to ${label}`}>
                Add row
              </button>
              <button type="button" onClick={() => resize(rows - 1, cols)} disabled={!canShrinkRows} aria-label={`Remove row from ${label}`}>
                Remove row
              </button>
            </>
          )}
          {!fixedCols && (
            <>
              <button type="button" onClick={() => resize(rows, cols + 1)} disabled={!canGrowCols} aria-label={`Add column to ${label}`}>
                Add column
              </button>
              <button type="button" onClick={() => resize(rows, cols - 1)} disabled={!canShrinkCols} aria-label={`Remove column from ${label}`}>
                Remove column
              </button>
            </>
          )}
          {seed !== undefined && (
            <span className={styles.fill}>
              <label htmlFor={`${domId}-seed`}>Seed</label>
              <input
                id={`${domId}-seed`}
                className={styles.seed}
                type="number"
                min={0}
                max={MAX_SEED}
                step={1}
                value={seedText}
                aria-label={`Seed for ${label}`}
                aria-invalid={seedError ? true : undefined}
                aria-describedby={seedError ? `${domId}-seed-error` : undefined}
                onChange={(e) => {
                  setSeedText(e.target.value);
                  setSeedError(null);
                }}
              />
              <button type="button" onClick={randomFill} aria-label={`Random fill ${label}`}>
                Random fill
              </button>
            </span>
          )}
        </div>
      )}
      {seedError && (
        <p id={`${domId}-seed-error`} className={`field-error ${styles.message}`} role="alert">
          {label} seed: {seedError}
        </p>
      )}
      {showKeysHint && (
        <p id={keysHintId} className={`calculator-hint keyboard-help ${styles.hint}`}>
          {MATRIX_EDITOR_KEYS_HINT}
        </p>
      )}
      <p className={`calculator-hint ${styles.notice}`} role="status" aria-live="polite">
        {notice}
      </p>
      {(validation.errors.length > 0 || loadError || validation.problem) && (
        <ul className={styles.errors} aria-label={`Problems in ${label}`}>
          {validation.errors.map((e) => (
            <li key={`${e.row}-${e.col}`} id={errorId(e.row, e.col)} className="field-error">
              {e.message}
            </li>
          ))}
          {loadError && <li className="field-error">{loadError}</li>}
          {validation.problem && <li className="field-error">{validation.problem}</li>}
        </ul>
      )}
      {error && (
        <p className={`field-error ${styles.message}`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
