// A uPlot chart of step metrics (hundreds of thousands of points stay smooth), with EMA smoothing and a log scale.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar } from '../../components/dom';
import type { Metrics } from './use-run';

export interface ChartSeries { key: string; label: string; color: string }

interface Props {
  title: string;
  metrics: Metrics;
  version: number;
  series: readonly ChartSeries[];
  /** 0 = raw; towards 1 = heavier exponential smoothing (TensorBoard's slider). */
  smoothing: number;
  log: boolean;
  /** Axis numbers as 1.0e-3 (learning rates) instead of uPlot's rounding, which repeats small values. */
  exponent?: boolean;
  testId: string;
}

function ema(values: readonly (number | null)[], alpha: number): (number | null)[] {
  if (alpha <= 0) return [...values];
  let last: number | null = null;
  return values.map((v) => {
    if (v === null) return null;
    last = last === null ? v : alpha * last + (1 - alpha) * v;
    return last;
  });
}

export function MetricChart({ title, metrics, version, series, smoothing, log, exponent = false, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  const data = (): uPlot.AlignedData => [
    metrics.step,
    ...series.map((s) => {
      const raw = metrics.series[s.key] ?? [];
      // A log axis cannot show zero or negative values.
      const shown = ema(raw, smoothing);
      return log ? shown.map((v) => (v !== null && v > 0 ? v : null)) : shown;
    }),
  ];

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar(document.documentElement, '--text-muted', '#666'), grid: { stroke: cssVar(document.documentElement, '--border', '#ddd'), width: 1 }, ticks: { stroke: cssVar(document.documentElement, '--border', '#ddd') } };
    const u = new uPlot(
      {
        width: Math.max(240, el.clientWidth),
        height: 220,
        scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
        axes: [{ ...axis, label: 'step' }, { ...axis, size: 60, ...(exponent ? { values: (_u: uPlot, vals: number[]) => vals.map((v) => (v === 0 ? '0' : v.toExponential(1))) } : {}) }],
        series: [{ label: 'step' }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true }))],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      },
      data(),
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(240, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Recreated only when the scale or the series change; new points go through setData below.
  }, [log, series, exponent]);

  useEffect(() => {
    plot.current?.setData(data());
  }, [version, smoothing]);

  return (
    <figure className="metric-chart" data-testid={testId} data-points={metrics.step.length}>
      <figcaption className="metric-chart__title">{title}</figcaption>
      <div ref={box} className="metric-chart__plot" role="img" aria-label={`${title}: ${metrics.step.length} points`} />
    </figure>
  );
}
