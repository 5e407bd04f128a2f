import { formatNumber } from "./format";

/** A horizontal bar chart in plain SVG (presentation attributes, no inline styles: the CSP allows it). */
export function BarChart({ data, label }: { data: { name: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const row = 22;
  const labelWidth = 190;
  const width = 620;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={label}
      width={width}
      height={data.length * row + 4}
      viewBox={`0 0 ${width} ${data.length * row + 4}`}
    >
      <title>{label}</title>
      {data.map((d, i) => {
        const w = Math.round(((width - labelWidth - 60) * d.value) / max);
        return (
          <g key={d.name} transform={`translate(0, ${i * row + 2})`}>
            <text x={labelWidth - 8} y={row - 8} textAnchor="end" fontSize="13" fill="#1b2430">
              {d.name}
            </text>
            <rect x={labelWidth} y={3} width={w} height={row - 8} fill="#1f4e8c" rx="2" />
            <text x={labelWidth + w + 6} y={row - 8} fontSize="12" fill="#5b6676">
              {formatNumber(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
