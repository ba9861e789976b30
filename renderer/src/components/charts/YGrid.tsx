// The horizontal grid lines and y-axis tick labels every SVG chart draws, at the ticks it chose.
import { tickLabel } from './chart-scale';

interface Props {
  ticks: readonly number[];
  /** Value → pixel row. */
  y(v: number): number;
  left: number;
  width: number;
  label?(v: number): string;
}

export function YGrid({ ticks, y, left, width, label = tickLabel }: Props) {
  return (
    <>
      {ticks.map((t) => (
        <g key={`y${t}`}>
          <line className="chart__grid" x1={left} x2={left + width} y1={y(t)} y2={y(t)} />
          <text className="chart__tick" x={left - 8} y={y(t)} dy="0.32em" textAnchor="end">
            {label(t)}
          </text>
        </g>
      ))}
    </>
  );
}
