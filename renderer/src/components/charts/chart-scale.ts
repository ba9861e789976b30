// Scales for the SVG charts: "nice" tick steps, linear and log axes, and histogram binning.

/** The nearest 1/2/2.5/5 × 10^k step at or above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** Ticks from 0 (or a nice floor of `min`) up to a nice ceiling of `max`, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (max <= min) max = min + 1;
  const step = niceStep((max - min) / count);
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // Rounding keeps 0.1 + 0.2 style drift out of the labels.
  for (let v = start; v <= max + step * 0.5; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks[ticks.length - 1] ?? max) < max) ticks.push(Number((start + ticks.length * step).toPrecision(12)));
  return ticks;
}

/** Integer count ticks from 0 to at least `max`. */
export function countTicks(max: number, count = 4): number[] {
  const step = Math.max(1, Math.ceil(niceStep(Math.max(1, max) / count)));
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins on nice edges covering every value; about `target` bins. */
export function binValues(values: readonly number[], target = 14): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = niceStep((hi - lo) / target);
  const start = Math.floor(lo / width) * width;
  const n = Math.max(1, Math.floor((hi - start) / width) + 1);
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({
    from: Number((start + i * width).toPrecision(12)),
    to: Number((start + (i + 1) * width).toPrecision(12)),
    count: 0,
  }));
  for (const v of finite) {
    const i = Math.min(n - 1, Math.floor((v - start) / width));
    bins[i]!.count += 1;
  }
  return bins;
}

export function median(values: readonly number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Maps a value in [d0, d1] linearly onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A short label for a tick value: no trailing zeros, thousands as "k". */
export function tickLabel(v: number): string {
  if (Math.abs(v) >= 10_000) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(6)));
}
