'use client';
/**
 * The steps of an ordering question with ↑ and ↓ buttons, shared by the lesson card and practice.
 * React moves a reordered list item's DOM node, and a moved node loses focus, so after each move
 * focus goes back to the button just pressed, now on the item's new row; where that button has
 * become disabled (the item reached the top or the bottom) to the item's other button. So a learner
 * can press Enter on "↓" again and again to walk one step down the list. A polite live region says
 * where the step went, since the button's name alone ("Move step 3 down") does not.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import styles from './QuestionCard.module.css';

export interface OrderingStepsProps {
  steps: ReactNode[];
  /** order[p]: the index (in the right order) of the step at position p. */
  order: number[];
  onMove(from: number, to: number): void;
  disabled: boolean;
  /** Mark each step right or wrong (after the order was checked). */
  showVerdicts: boolean;
}

export function OrderingSteps({ steps, order, onMove, disabled, showVerdicts }: OrderingStepsProps) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [moved, setMoved] = useState<{ step: number; direction: 'up' | 'down'; to: number } | null>(null);

  useLayoutEffect(() => {
    if (!moved) return;
    const same = buttons.current.get(`${moved.step}-${moved.direction}`);
    const other = buttons.current.get(`${moved.step}-${moved.direction === 'up' ? 'down' : 'up'}`);
    (same && !same.disabled ? same : other)?.focus();
  }, [moved, order]);

  const move = (position: number, direction: 'up' | 'down') => {
    const to = direction === 'up' ? position - 1 : position + 1;
    if (to < 0 || to >= order.length) return;
    setMoved({ step: order[position], direction, to });
    onMove(position, to);
  };

  const ref = (key: string) => (el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(key, el);
    else buttons.current.delete(key);
  };

  return (
    <div className={styles.ordering}>
      <ol>
        {order.map((step, position) => (
          <li key={step} className={showVerdicts ? (step === position ? styles.right : styles.wrong) : undefined}>
            <span className={styles.stepText}>{steps[step]}</span>
            <span className={styles.moves}>
              <button type="button" ref={ref(`${step}-up`)} disabled={disabled || position === 0} aria-label={`Move step ${position + 1} up`} onClick={() => move(position, 'up')}>
                ↑
              </button>
              <button
                type="button"
                ref={ref(`${step}-down`)}
                disabled={disabled || position === order.length - 1}
                aria-label={`Move step ${position + 1} down`}
                onClick={() => move(position, 'down')}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {moved ? `Moved to position ${moved.to + 1} of ${order.length}.` : ''}
      </p>
    </div>
  );
}
