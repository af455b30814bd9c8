/**
 * A small SVG bar chart: no chart library. Screen readers get a named image (its title
 * and a one-line summary) and the same numbers as a table beside it, one click away
 * for anyone who prefers reading figures to bars.
 */
import { money } from '../format';

export interface ChartRow {
  label: string;
  amount: number;
}

/** What fits left of a bar; the table beside the chart keeps the whole label. */
function shortLabel(label: string): string {
  return label.length > 22 ? `${label.slice(0, 21)}…` : label;
}

export function SpendingChart({ id, title, rows }: { id: string; title: string; rows: readonly ChartRow[] }) {
  if (rows.length === 0) return null;
  const max = Math.max(...rows.map((r) => r.amount));
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  const top = rows.reduce((a, b) => (b.amount > a.amount ? b : a));
  const summary = `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}, ${money(total)} in all; the most: ${top.label} with ${money(top.amount)}.`;
  const barH = 22;
  const labelW = 150;
  const width = 340;
  return (
    <figure class="chart" data-chart={id}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
        width="100%"
        viewBox={`0 0 ${width + labelW} ${rows.length * (barH + 6)}`}
      >
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-svg-desc`}>{summary}</desc>
        {rows.map((r, i) => {
          const w = Math.max(2, (r.amount / max) * (width - 70));
          const y = i * (barH + 6);
          return (
            <g aria-hidden="true">
              <text x={labelW - 6} y={y + barH * 0.7} text-anchor="end" class="chart-label">
                {shortLabel(r.label)}
              </text>
              <rect x={labelW} y={y} width={w} height={barH} rx="3" class="chart-bar" />
              <text x={labelW + w + 6} y={y + barH * 0.7} class="chart-value">
                {money(r.amount)}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{title} as a table</summary>
        <table class="history chart-table" aria-labelledby={`${id}-title`}>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td>{money(r.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
