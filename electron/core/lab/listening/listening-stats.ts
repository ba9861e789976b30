// The statistics of listening tests: means with Student-t 95 % intervals, exact binomial tests, BS.1534-3 post-screening.
import { logGamma, studentTCdf, studentTQuantile } from '../metrics/stats';

export { studentTCdf, studentTQuantile };

export interface MeanCi {
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: [number, number] | null;
}

/** Mean, sample standard deviation and the two-sided 95 % interval mean ± t(0.975, n−1)·sd/√n. */
export function meanWithCi(values: readonly number[]): MeanCi {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ci95: null };
  const mean = values.reduce((a, v) => a + v, 0) / n;
  if (n < 2) return { n, mean, sd: null, ci95: null };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - half, mean + half] };
}

function binomialPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/**
 * Exact binomial test of `k` successes in `n` trials against probability `p`: two-sided sums the outcomes no more likely
 * than the one seen (R's binom.test), greater is P(X ≥ k).
 */
export function binomialTest(k: number, n: number, p = 0.5, alternative: 'two-sided' | 'greater' = 'two-sided'): number {
  if (n === 0) return 1;
  if (alternative === 'greater') {
    let s = 0;
    for (let i = k; i <= n; i++) s += binomialPmf(i, n, p);
    return Math.min(1, s);
  }
  const observed = binomialPmf(k, n, p);
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const q = binomialPmf(i, n, p);
    if (q <= observed * (1 + 1e-7)) s += q;
  }
  return Math.min(1, s);
}

export interface ScreeningInput {
  listenerId: string;
  /** The listener's rating of the hidden reference in each trial they did. */
  hiddenReferenceScores: readonly number[];
}

/** BS.1534-3 § 4.1.2 post-screening: a listener who rates the hidden reference below 90 in more than 15 % of the trials is excluded. */
export function postScreen(listeners: readonly ScreeningInput[]): { listenerId: string; reason: string }[] {
  const out: { listenerId: string; reason: string }[] = [];
  for (const l of listeners) {
    const trials = l.hiddenReferenceScores.length;
    if (trials === 0) continue;
    const low = l.hiddenReferenceScores.filter((s) => s < 90).length;
    if (low / trials > 0.15) {
      out.push({
        listenerId: l.listenerId,
        reason: `rated the hidden reference below 90 in ${low} of ${trials} trials (${Math.round((100 * low) / trials)} %, more than the 15 % BS.1534-3 allows)`,
      });
    }
  }
  return out;
}
