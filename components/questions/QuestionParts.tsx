/** Parts both question cards show after an answer: the explanation, and the right order of steps. */
import type { ReactNode } from 'react';
import styles from './QuestionCard.module.css';

export function Explanation({ explanation, references }: { explanation: ReactNode; references?: ReactNode }) {
  return (
    <div className={styles.explanation}>
      <h4>Explanation</h4>
      {explanation}
      {references && (
        <details>
          <summary>References</summary>
          {references}
        </details>
      )}
    </div>
  );
}

export function RightOrder({ steps }: { steps: ReactNode[] }) {
  return (
    <div className={styles.model}>
      <h4>The right order</h4>
      <ol>
        {steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
    </div>
  );
}
