/** A small SVG bar chart: no chart library, readable by screen readers through its table twin. */
import { money } from '../format';

export function SpendingChart({ title, rows }: { title: string; rows: { label: string; amount: number }[] }) {
  if (rows.length === 0) return <p class="muted">No spending yet.</p>;
  const max = Math.max(...rows.map((r) => r.amount));
  const barH = 22;
  const labelW = 150;
  const width = 340;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={title} width="100%" viewBox={`0 0 ${width + labelW} ${rows.length * (barH + 6)}`}>
        {rows.map((r, i) => {
          const w = Math.max(2, (r.amount / max) * (width - 70));
          const y = i * (barH + 6);
          return (
            <g>
              <text x={labelW - 6} y={y + barH * 0.7} text-anchor="end" class="chart-label">
                {r.label.replace(/^https?:\/\//, '')}
              </text>
              <rect x={labelW} y={y} width={w} height={barH} rx="3" class="chart-bar" />
              <text x={labelW + w + 6} y={y + barH * 0.7} class="chart-value">
                {money(r.amount)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
