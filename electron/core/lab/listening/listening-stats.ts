// The statistics of listening tests: means with Student-t 95 % intervals, exact binomial tests, BS.1534-3 post-screening.

/** ln Γ(x), Lanczos (g = 7, n = 9): 15 significant digits for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (Numerical Recipes' betacf, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t value below which `p` of Student's t distribution lies (bisection on the CDF; p in (0, 1)). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile needs 0 < p < 1 and df > 0 (got p=${p}, df=${df})`);
  let lo = -1e4, hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid; else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return (lo + hi) / 2;
}

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
