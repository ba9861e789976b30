// The statistics against published values: Student-t quantiles, a t interval by hand, exact binomial p values (R's binom.test), BS.1534 screening.
import { describe, expect, it } from 'vitest';
import { binomialTest, meanWithCi, postScreen, studentTCdf, studentTQuantile } from './listening-stats';

describe('Student t', () => {
  it('gives the table quantiles t(0.975, df)', () => {
    const table: [number, number][] = [[1, 12.7062047], [2, 4.30265273], [4, 2.77644511], [9, 2.26215716], [10, 2.22813885], [30, 2.04227246], [120, 1.97993041]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
  });
  it('CDF is symmetric and 0.5 at zero', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(-2, 5) + studentTCdf(2, 5)).toBeCloseTo(1, 12);
    expect(studentTCdf(2.015048, 5)).toBeCloseTo(0.95, 6);
  });
});

describe('the 95 % interval of a mean', () => {
  it('is mean ± t(0.975, n−1)·s/√n', () => {
    const r = meanWithCi([1, 2, 3, 4, 5]);
    expect(r.mean).toBe(3);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    const half = 2.77644511 * Math.sqrt(2.5) / Math.sqrt(5);
    expect(r.ci95![0]).toBeCloseTo(3 - half, 6);
    expect(r.ci95![1]).toBeCloseTo(3 + half, 6);
  });
  it('has no interval for one rating and no mean for none', () => {
    expect(meanWithCi([70])).toEqual({ n: 1, mean: 70, sd: null, ci95: null });
    expect(meanWithCi([])).toEqual({ n: 0, mean: null, sd: null, ci95: null });
  });
});

describe('the exact binomial test', () => {
  it('matches R binom.test / scipy binomtest two-sided', () => {
    expect(binomialTest(9, 10)).toBeCloseTo(0.021484375, 9);
    expect(binomialTest(7, 10)).toBeCloseTo(0.34375, 9);
    expect(binomialTest(5, 10)).toBeCloseTo(1, 9);
    expect(binomialTest(3, 20, 0.3)).toBeCloseTo(0.2204183, 6); // scipy.stats.binomtest(3, 20, 0.3)
  });
  it('matches R binom.test alternative = "greater" (ABX: better than guessing)', () => {
    expect(binomialTest(8, 10, 0.5, 'greater')).toBeCloseTo(0.0546875, 9);
    expect(binomialTest(15, 20, 0.5, 'greater')).toBeCloseTo(0.02069473, 7);
  });
});

describe('BS.1534-3 post-screening', () => {
  it('excludes exactly the listeners who rate the hidden reference below 90 in more than 15 % of the trials', () => {
    const excluded = postScreen([
      { listenerId: 'careful', hiddenReferenceScores: [100, 100, 95, 100, 100, 100, 92, 100, 100, 100] },
      // 1 of 10 low = 10 %: kept.
      { listenerId: 'one-slip', hiddenReferenceScores: [100, 100, 60, 100, 100, 100, 100, 100, 100, 100] },
      // 2 of 10 = 20 %: excluded.
      { listenerId: 'two-slips', hiddenReferenceScores: [100, 85, 60, 100, 100, 100, 100, 100, 100, 100] },
      // 90 itself is not below 90.
      { listenerId: 'borderline', hiddenReferenceScores: [90, 90, 90, 90] },
      { listenerId: 'deaf', hiddenReferenceScores: [40, 50, 30, 20] },
    ]);
    expect(excluded.map((e) => e.listenerId)).toEqual(['two-slips', 'deaf']);
    expect(excluded[0]!.reason).toMatch(/below 90 in 2 of 10 trials \(20 %/);
  });
});
