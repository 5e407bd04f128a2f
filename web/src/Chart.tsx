import { directionOf } from "./i18n";
import { currentLanguage } from "./i18n";
import { formatNumber } from "./format";

/**
 * A horizontal bar chart in plain SVG (presentation attributes, no inline styles: the CSP allows it).
 * Right to left (Arabic) it is mirrored as the page is: the names on the right, the bars growing leftwards.
 */
export function BarChart({ data, label }: { data: { name: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const row = 22;
  const labelWidth = 190;
  const width = 620;
  const rtl = directionOf(currentLanguage()) === "rtl";
  // Where a length measured from the reading side lands: from the left, or from the right when mirrored.
  const at = (fromStart: number, length = 0) => (rtl ? width - fromStart - length : fromStart);
  return (
    <svg
      className="chart"
      role="img"
      aria-label={label}
      width={width}
      height={data.length * row + 4}
      viewBox={`0 0 ${width} ${data.length * row + 4}`}
      direction={rtl ? "rtl" : "ltr"}
    >
      <title>{label}</title>
      {data.map((d, i) => {
        const w = Math.round(((width - labelWidth - 60) * d.value) / max);
        return (
          <g key={d.name} transform={`translate(0, ${i * row + 2})`}>
            <text x={at(labelWidth - 8)} y={row - 8} textAnchor="end" fontSize="13" fill="#1b2430" data-part="name">
              {d.name}
            </text>
            <rect x={at(labelWidth, w)} y={3} width={w} height={row - 8} fill="#1f4e8c" rx="2" />
            <text x={at(labelWidth + w + 6)} y={row - 8} fontSize="12" fill="#5b6676">
              {formatNumber(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
