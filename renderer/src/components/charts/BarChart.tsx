// An SVG bar chart over named categories (phones and their counts): missing ones (0) highlighted, rare ones tinted, log scale when counts span decades.
import { useId } from 'react';
import { countTicks, linear } from './chart-scale';
import { useElementWidth } from './use-element-width';
import { YGrid } from './YGrid';
import './charts.css';

export interface BarItem {
  label: string;
  value: number;
}

interface Props {
  items: readonly BarItem[];
  /** What the bars are ("phones") and what their height counts ("occurrences"). */
  noun: string;
  measure: string;
  /** Values below this (and above 0) are drawn as rare. */
  rareBelow?: number;
  height?: number;
  testId?: string;
}

const M = { top: 14, right: 12, bottom: 52, left: 52 };

/** Log scale over 1 + v, so that 1 still shows as a short bar and 0 as none. */
function logScale(top: number, r0: number, r1: number): (v: number) => number {
  const span = Math.log10(1 + top);
  return (v) => r0 + (Math.log10(1 + Math.max(0, v)) / span) * (r1 - r0);
}

export function BarChart({ items, noun, measure, rareBelow = 0, height = 250, testId }: Props) {
  const [box, width] = useElementWidth<HTMLDivElement>(800);
  const titleId = useId();
  const descId = useId();
  if (items.length === 0) {
    return (
      <div className="chart chart--empty" ref={box} data-testid={testId}>
        <p className="muted">No {noun} to plot.</p>
      </div>
    );
  }

  const max = Math.max(1, ...items.map((i) => i.value));
  const positive = items.filter((i) => i.value > 0).map((i) => i.value);
  const useLog = positive.length > 0 && max / Math.min(...positive) >= 50;
  const plotW = Math.max(160, width - M.left - M.right);
  const plotH = height - M.top - M.bottom;
  const base = M.top + plotH;
  let yTicks: number[];
  let y: (v: number) => number;
  if (useLog) {
    const top = 10 ** Math.ceil(Math.log10(max));
    yTicks = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000].filter((t) => t <= top);
    y = logScale(top, base, M.top);
  } else {
    yTicks = countTicks(max);
    y = linear(0, yTicks[yTicks.length - 1]!, base, M.top);
  }
  const band = plotW / items.length;
  const barW = Math.max(2, Math.min(28, band * 0.72));
  // Labels alternate between two rows when the bands are too narrow for one.
  const stagger = band < 24;
  const missing = items.filter((i) => i.value === 0);
  const rare = items.filter((i) => i.value > 0 && i.value < rareBelow);
  const summary =
    `${items.length} ${noun}; ${items.length - missing.length} occur, ${missing.length} missing` +
    `${missing.length > 0 ? ` (${missing.map((m) => m.label).join(' ')})` : ''}` +
    `${rare.length > 0 ? `; ${rare.length} rare, fewer than ${rareBelow} ${measure}` : ''}. ` +
    `Most frequent: ${[...items].sort((a, b) => b.value - a.value).slice(0, 3).map((i) => `${i.label} ${i.value}`).join(', ')}.`;

  return (
    <div className="chart" ref={box} data-testid={testId} data-scale={useLog ? 'log' : 'linear'}>
      <svg width={width} height={height} role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart__svg">
        <title id={titleId}>{`${measure[0]!.toUpperCase() + measure.slice(1)} per ${noun.replace(/s$/, '')}`}</title>
        <desc id={descId}>{summary}</desc>
        <YGrid ticks={yTicks} y={y} left={M.left} width={plotW} />
        {items.map((item, i) => {
          const cx = M.left + band * (i + 0.5);
          const kind = item.value === 0 ? 'missing' : item.value < rareBelow ? 'rare' : 'covered';
          const top = y(item.value);
          return (
            <g key={item.label} className={`chart__item chart__item--${kind}`} data-testid="bar" data-label={item.label} data-kind={kind}>
              <title>{`${item.label}: ${item.value === 0 ? `missing (no ${measure})` : `${item.value.toLocaleString()} ${measure}`}`}</title>
              {kind === 'missing' ? (
                <>
                  <rect className="chart__missing-band" x={cx - band / 2 + 0.5} y={M.top} width={Math.max(1, band - 1)} height={plotH} />
                  <path className="chart__missing-mark" d={`M${cx - 3} ${base - 9}l6 6m0 -6l-6 6`} />
                </>
              ) : (
                <rect className="chart__bar" x={cx - barW / 2} y={top} width={barW} height={Math.max(1, base - top)} rx={Math.min(2, barW / 3)} />
              )}
              <text className="chart__category" x={cx} y={base + (stagger && i % 2 === 1 ? 30 : 16)} textAnchor="middle">
                {item.label}
              </text>
            </g>
          );
        })}
        <line className="chart__axis" x1={M.left} x2={M.left + plotW} y1={base} y2={base} />
        <text className="chart__label" transform={`translate(14 ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {measure[0]!.toUpperCase() + measure.slice(1)}
          {useLog ? ' (log)' : ''}
        </text>
        <text className="chart__label" x={M.left + plotW / 2} y={height - 4} textAnchor="middle">
          {noun[0]!.toUpperCase() + noun.slice(1)}
        </text>
      </svg>
      <div className="chart-legend" aria-hidden="true">
        <span className="chart-legend__item">
          <span className="chart-legend__swatch" /> present
        </span>
        {rareBelow > 0 ? (
          <span className="chart-legend__item">
            <span className="chart-legend__swatch chart-legend__swatch--rare" /> rare (fewer than {rareBelow})
          </span>
        ) : null}
        <span className="chart-legend__item">
          <span className="chart-legend__swatch chart-legend__swatch--missing" /> missing
        </span>
      </div>
    </div>
  );
}
