// Server-rendered SVG bar charts: no script, no library. Each chart has a title and a
// description for screen readers, prints its numbers beside the bars, and tells its
// series apart by fill pattern as well as colour. Pages also show the numbers in a table.

export interface BarSeries {
  label: string;
}

export interface BarRow {
  label: string;
  values: number[];
}

const SERIES_STYLE = [
  { fill: "#0b57a4", stroke: "#0b57a4" }, // solid
  { fill: "url(#hatch)", stroke: "#a4161a" }, // hatched
];

export function BarChart(props: { id: string; title: string; description: string; series: BarSeries[]; rows: BarRow[] }) {
  const labelWidth = 190;
  const barSpace = 360;
  const barHeight = 16;
  const gap = 14;
  const rowHeight = props.series.length * (barHeight + 3) + gap;
  const legendHeight = 28;
  const height = legendHeight + props.rows.length * rowHeight + 8;
  const max = Math.max(1, ...props.rows.flatMap((r) => r.values));
  const hatch = `${props.id}-hatch`;
  const style = (i: number) => {
    const s = SERIES_STYLE[i % SERIES_STYLE.length]!;
    return { fill: s.fill === "url(#hatch)" ? `url(#${hatch})` : s.fill, stroke: s.stroke };
  };
  return (
    <svg class="chart" role="img" viewBox={`0 0 ${labelWidth + barSpace + 60} ${height}`} aria-labelledby={`${props.id}-title ${props.id}-desc`}>
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      <defs>
        <pattern id={hatch} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#fff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#a4161a" stroke-width="3" />
        </pattern>
      </defs>
      {props.series.map((s, i) => (
        <g>
          <rect x={labelWidth + i * 170} y={6} width={14} height={14} fill={style(i).fill} stroke={style(i).stroke} />
          <text x={labelWidth + i * 170 + 20} y={18} font-size="13">
            {s.label}
          </text>
        </g>
      ))}
      {props.rows.map((row, r) => {
        const top = legendHeight + r * rowHeight;
        return (
          <g>
            <text x={labelWidth - 8} y={top + rowHeight / 2} font-size="13" text-anchor="end" dominant-baseline="middle">
              {row.label.length > 14 ? `${row.label.slice(0, 13)}…` : row.label}
            </text>
            {row.values.map((value, i) => {
              const width = Math.round((value / max) * barSpace);
              const y = top + i * (barHeight + 3);
              return (
                <g>
                  <rect x={labelWidth} y={y} width={Math.max(width, 1)} height={barHeight} fill={style(i).fill} stroke={style(i).stroke} />
                  <text x={labelWidth + Math.max(width, 1) + 6} y={y + barHeight - 3} font-size="12">
                    {value}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
