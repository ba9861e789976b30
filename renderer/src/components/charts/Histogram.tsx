// An SVG histogram: nice bins, x and y axes with ticks and units, an optional median marker, and a text summary for screen readers.
import { useId } from 'react';
import { binValues, countTicks, linear, median, niceTicks, tickLabel } from './chart-scale';
import { useElementWidth } from './use-element-width';
import { YGrid } from './YGrid';
import './charts.css';

interface Props {
  values: readonly number[];
  /** What is counted, plural ("utterances"). */
  noun: string;
  /** The quantity on the x axis ("Duration"), and its unit ("s", "characters/s"). */
  quantity: string;
  unit: string;
  /** Digits after the point in the summary and the median label. */
  digits?: number;
  height?: number;
  testId?: string;
}

const M = { top: 26, right: 16, bottom: 46, left: 46 };

export function Histogram({ values, noun, quantity, unit, digits = 1, height = 230, testId }: Props) {
  const [box, width] = useElementWidth<HTMLDivElement>(520);
  const titleId = useId();
  const descId = useId();
  const bins = binValues(values);
  const fmt = (v: number) => `${v.toFixed(digits)} ${unit}`;

  if (bins.length === 0) {
    return (
      <div className="chart chart--empty" ref={box} data-testid={testId}>
        <p className="muted">No {noun} to plot.</p>
      </div>
    );
  }

  const lo = bins[0]!.from;
  const hi = bins[bins.length - 1]!.to;
  const maxCount = Math.max(...bins.map((b) => b.count));
  const yTicks = countTicks(maxCount);
  const yTop = yTicks[yTicks.length - 1]!;
  const plotW = Math.max(120, width - M.left - M.right);
  const plotH = height - M.top - M.bottom;
  const x = linear(lo, hi, M.left, M.left + plotW);
  const y = linear(0, yTop, M.top + plotH, M.top);
  const xTicks = niceTicks(lo, hi, Math.max(3, Math.floor(plotW / 70))).filter((t) => t >= lo - 1e-9 && t <= hi + 1e-9);
  const mid = median(values);
  const peak = bins.reduce((a, b) => (b.count > a.count ? b : a));
  const summary =
    `${values.length} ${noun}, ${quantity.toLowerCase()} from ${fmt(Math.min(...values))} to ${fmt(Math.max(...values))}` +
    `${mid !== null ? `, median ${fmt(mid)}` : ''}. The most (${peak.count}) fall between ${tickLabel(peak.from)} and ${tickLabel(peak.to)} ${unit}.`;

  return (
    <div className="chart" ref={box} data-testid={testId} data-bins={bins.length}>
      <svg width={width} height={height} role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart__svg">
        <title id={titleId}>{`Histogram of ${quantity.toLowerCase()} (${unit})`}</title>
        <desc id={descId}>{summary}</desc>
        <YGrid ticks={yTicks} y={y} left={M.left} width={plotW} />
        {bins.map((b) => {
          const x0 = x(b.from);
          const w = Math.max(1, x(b.to) - x0 - 2);
          const top = y(b.count);
          return (
            <rect key={b.from} className="chart__bar" x={x0 + 1} y={top} width={w} height={M.top + plotH - top} rx={2} data-count={b.count}>
              <title>{`${tickLabel(b.from)}–${tickLabel(b.to)} ${unit}: ${b.count} ${noun}`}</title>
            </rect>
          );
        })}
        <line className="chart__axis" x1={M.left} x2={M.left + plotW} y1={M.top + plotH} y2={M.top + plotH} />
        {xTicks.map((t) => (
          <g key={`x${t}`}>
            <line className="chart__axis" x1={x(t)} x2={x(t)} y1={M.top + plotH} y2={M.top + plotH + 5} />
            <text className="chart__tick" x={x(t)} y={M.top + plotH + 18} textAnchor="middle">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        {mid !== null ? (
          <g className="chart__marker">
            <line x1={x(mid)} x2={x(mid)} y1={M.top - 6} y2={M.top + plotH} />
            <text x={x(mid)} y={M.top - 10} textAnchor={x(mid) > M.left + plotW * 0.8 ? 'end' : x(mid) < M.left + plotW * 0.2 ? 'start' : 'middle'}>
              median {fmt(mid)}
            </text>
          </g>
        ) : null}
        <text className="chart__label" x={M.left + plotW / 2} y={height - 6} textAnchor="middle">
          {quantity} ({unit})
        </text>
        <text className="chart__label" transform={`translate(12 ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {noun[0]!.toUpperCase() + noun.slice(1)}
        </text>
      </svg>
    </div>
  );
}
