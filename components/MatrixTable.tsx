import type { Matrix } from '../lib/matrix';

/** A small matrix as an HTML table: exact numbers, rows labelled with tokens. */
export function MatrixTable({ matrix, rowLabels, caption, digits = 3 }: { matrix: Matrix; rowLabels?: string[]; caption: string; digits?: number }) {
  const cols = Array.from({ length: matrix.cols }, (_, j) => j);
  return (
    <div className="matrix-table-scroll">
      <table className="matrix-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">token</span>
            </th>
            {cols.map((j) => (
              <th scope="col" key={j}>
                {j + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: matrix.rows }, (_, i) => (
            <tr key={i}>
              <th scope="row">{rowLabels?.[i] ?? i + 1}</th>
              {cols.map((j) => {
                const x = matrix.data[i * matrix.cols + j];
                return <td key={j}>{x === -Infinity ? '−∞' : x.toFixed(digits)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
