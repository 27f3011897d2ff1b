import type { Matrix } from '../lib/matrix';

/**
 * A small matrix as an HTML table, rows labelled with tokens. `format` writes a number (a
 * calculator passes its own, so "More digits" reaches the table); by default 3 decimals.
 */
export function MatrixTable({
  matrix,
  rowLabels,
  caption,
  format = (x) => x.toFixed(3),
}: {
  matrix: Matrix;
  rowLabels?: string[];
  caption: string;
  format?: (x: number) => string;
}) {
  const cols = Array.from({ length: matrix.cols }, (_, j) => j);
  return (
    // On a phone a wide matrix scrolls sideways: like every scroll box of the site (globals.css
    // `table-scroll`), it fades at its cut edge and takes focus, so the keyboard can scroll it.
    <div className="matrix-table-scroll table-scroll" tabIndex={0} role="group" aria-label={caption}>
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
                return <td key={j}>{x === -Infinity ? '−∞' : format(x)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
