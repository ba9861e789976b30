// Chart scales: ticks land on round numbers, bins cover every value once, medians of even and odd counts.
import { describe, expect, it } from 'vitest';
import { binValues, countTicks, median, niceStep, niceTicks, tickLabel } from './chart-scale';

describe('chart scales', () => {
  it('rounds steps to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(0.37)).toBe(0.5);
    expect(niceStep(1.7)).toBe(2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(0)).toBe(1);
  });

  it('puts ticks on round numbers that cover the range, without float noise', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(1.2, 9.8, 4)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(37).at(-1)).toBeGreaterThanOrEqual(37);
  });

  it('bins every finite value exactly once on shared edges', () => {
    const values = [1.2, 1.9, 2.5, 4.1, 4.1, 9.8, Number.NaN];
    const bins = binValues(values, 8);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(6);
    expect(bins[0]!.from).toBeLessThanOrEqual(1.2);
    expect(bins.at(-1)!.to).toBeGreaterThan(9.8);
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.from).toBe(bins[i - 1]!.to);
    expect(binValues([])).toEqual([]);
    expect(binValues([3, 3, 3]).reduce((n, b) => n + b.count, 0)).toBe(3);
  });

  it('takes the median of odd and even counts and labels ticks briefly', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(tickLabel(0.30000000000000004)).toBe('0.3');
    expect(tickLabel(25_000)).toBe('25k');
  });
});
