// An SVG line chart of a few series over a shared x axis (coverage reached after k prompts), fractions shown as percent.
import { useId } from 'react';
import { countTicks, linear, tickLabel } from './chart-scale';
import { useElementWidth } from './use-element-width';
import { YGrid } from './YGrid';
import './charts.css';

export interface LineSeries {
  name: string;
  points: readonly { x: number; y: number }[];
  /** A dashed reference line at this y (e.g. what chance reaches). */
  reference?: number;
}

interface Props {
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  height?: number;
  testId?: string;
}

const M = { top: 12, right: 16, bottom: 40, left: 48 };

export function LineChart({ series, xLabel, yLabel, height = 220, testId }: Props) {
  const [box, width] = useElementWidth<HTMLDivElement>(640);
  const titleId = useId();
  const descId = useId();
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const maxX = Math.max(1, ...xs);
  const plotW = Math.max(160, width - M.left - M.right);
  const plotH = height - M.top - M.bottom;
  const xTicks = countTicks(maxX, 5);
  const x = linear(0, xTicks[xTicks.length - 1]!, M.left, M.left + plotW);
  const y = linear(0, 1, M.top + plotH, M.top);
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const summary = series
    .map((s) => `${s.name}: ${Math.round((s.points.at(-1)?.y ?? 0) * 100)}% after ${s.points.at(-1)?.x ?? 0}${s.reference !== undefined ? ` (chance ${Math.round(s.reference * 100)}%)` : ''}`)
    .join('; ');

  return (
    <div className="chart" ref={box} data-testid={testId}>
      <svg width={width} height={height} role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart__svg">
        <title id={titleId}>{`${yLabel} by ${xLabel}`}</title>
        <desc id={descId}>{summary}</desc>
        <YGrid ticks={yTicks} y={y} left={M.left} width={plotW} label={(t) => `${Math.round(t * 100)}%`} />
        {xTicks.map((t) => (
          <text key={`x${t}`} className="chart__tick" x={x(t)} y={M.top + plotH + 16} textAnchor="middle">
            {tickLabel(t)}
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.name} className={`chart__series chart__series--${i}`}>
            {s.reference !== undefined ? <line className="chart__reference" x1={M.left} x2={M.left + plotW} y1={y(s.reference)} y2={y(s.reference)} /> : null}
            <polyline className="chart__line" fill="none" points={[{ x: 0, y: 0 }, ...s.points].map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ')} />
          </g>
        ))}
        <line className="chart__axis" x1={M.left} x2={M.left + plotW} y1={M.top + plotH} y2={M.top + plotH} />
        <text className="chart__label" transform={`translate(12 ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {yLabel}
        </text>
        <text className="chart__label" x={M.left + plotW / 2} y={height - 4} textAnchor="middle">
          {xLabel}
        </text>
      </svg>
      <div className="chart-legend" aria-hidden="true">
        {series.map((s, i) => (
          <span key={s.name} className="chart-legend__item">
            <span className={`chart-legend__line chart-legend__line--${i}`} /> {s.name}
          </span>
        ))}
        {series.some((s) => s.reference !== undefined) ? (
          <span className="chart-legend__item">
            <span className="chart-legend__line chart-legend__line--reference" /> the same number picked at random
          </span>
        ) : null}
      </div>
    </div>
  );
}
