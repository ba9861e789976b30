// An SVG chart of per-condition means with their 95 % confidence intervals as whiskers, on the test's scale (MUSHRA 0–100, MOS 1–5).
import { useId } from 'react';
import type { ListeningResults } from '../../../../../electron/shared/domains/listening';
import { linear } from '../../../components/charts/chart-scale';
import '../../../components/charts/charts.css';
import { useElementWidth } from '../../../components/charts/use-element-width';
import { YGrid } from '../../../components/charts/YGrid';

const M = { top: 14, right: 12, bottom: 56, left: 44 };

export function MeanCiChart({ conditions, scale }: { conditions: ListeningResults['conditions']; scale: 'mushra' | 'mos' }) {
  const [box, width] = useElementWidth<HTMLDivElement>(640);
  const titleId = useId();
  const descId = useId();
  const height = 260;
  const [lo, hi] = scale === 'mushra' ? [0, 100] : [1, 5];
  const ticks = scale === 'mushra' ? [0, 20, 40, 60, 80, 100] : [1, 2, 3, 4, 5];
  const plotW = Math.max(160, width - M.left - M.right);
  const y = linear(lo, hi, M.top + height - M.top - M.bottom, M.top);
  const band = plotW / Math.max(1, conditions.length);
  const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  const summary = conditions.map((c) => `${c.condition}: mean ${fmt(c.mean)}${c.ci95 ? `, 95 % CI ${fmt(c.ci95[0])}–${fmt(c.ci95[1])}` : ''}, n ${c.n}`).join('; ');
  return (
    <div className="chart" ref={box} data-testid="listening-chart">
      <svg width={width} height={height} role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart__svg">
        <title id={titleId}>{scale === 'mushra' ? 'MUSHRA score per condition' : 'Mean opinion score per condition'}</title>
        <desc id={descId}>{summary}</desc>
        <YGrid ticks={ticks} y={y} left={M.left} width={plotW} />
        {conditions.map((c, i) => {
          const cx = M.left + band * (i + 0.5);
          if (c.mean === null) return null;
          return (
            <g key={c.condition} className="chart__item">
              <title>{`${c.condition}: ${fmt(c.mean)}${c.ci95 ? ` (${fmt(c.ci95[0])}–${fmt(c.ci95[1])})` : ''}`}</title>
              <rect className="chart__bar" x={cx - Math.min(18, band * 0.3)} width={Math.min(36, band * 0.6)} y={y(c.mean)} height={Math.max(0, y(lo) - y(c.mean))} opacity={0.55} />
              {c.ci95 ? (
                <g className="chart__marker">
                  <line x1={cx} x2={cx} y1={y(Math.min(hi, c.ci95[1]))} y2={y(Math.max(lo, c.ci95[0]))} />
                  <line x1={cx - 6} x2={cx + 6} y1={y(Math.min(hi, c.ci95[1]))} y2={y(Math.min(hi, c.ci95[1]))} />
                  <line x1={cx - 6} x2={cx + 6} y1={y(Math.max(lo, c.ci95[0]))} y2={y(Math.max(lo, c.ci95[0]))} />
                </g>
              ) : null}
              <text className="chart__label" x={cx} y={height - M.bottom + 16} textAnchor="middle">{c.condition}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
