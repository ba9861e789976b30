// Level measures of a take or chapter: peaks, RMS, ACX noise floor, loudness, clipping, SNR, and the ACX verdict.
import { integratedLoudness } from './loudness';

export const toDb = (x: number): number => (x > 0 ? 20 * Math.log10(x) : -Infinity);
export const fromDb = (db: number): number => 10 ** (db / 20);

export interface Measures {
  sampleRate: number;
  channels: number;
  durationSeconds: number;
  /** Largest |sample|, dBFS. */
  peakDb: number;
  /** Inter-sample peak from 4× oversampling, dBTP. */
  truePeakDb: number;
  /** RMS over the whole file, dBFS (full-scale square wave = 0 dB), the figure ACX asks for. */
  rmsDb: number;
  /** RMS of the quietest 500 ms window (ACX noise floor), dBFS. */
  noiseFloorDb: number;
  /** EBU R128 integrated loudness, LUFS. */
  loudnessLufs: number;
  /** Samples at or beyond full scale (|x| ≥ 0.999). */
  clippedSamples: number;
  /** Runs of ≥ 3 consecutive full-scale samples: what a listener hears as clipping. */
  clippedRuns: number;
  /** Speech level (95th percentile of 20 ms frames) over noise (10th percentile), dB. */
  snrDb: number;
  dcOffset: number;
}

const CLIP = 0.999;

/** Windowed-sinc 4× interpolator taps (12 per side, Hann window) for the three fractional phases. */
const TP_HALF = 12;
const TP_TAPS: Float64Array[] = [1, 2, 3].map((phase) => {
  const frac = phase / 4;
  const taps = new Float64Array(2 * TP_HALF);
  for (let k = -TP_HALF + 1; k <= TP_HALF; k++) {
    const t = k - frac;
    const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
    const w = 0.5 + 0.5 * Math.cos((Math.PI * t) / (TP_HALF + 1));
    taps[k + TP_HALF - 1] = sinc * w;
  }
  return taps;
});

export function truePeak(x: Float32Array): number {
  let peak = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    if (a > peak) peak = a;
  }
  // An inter-sample peak lies next to a local maximum of |x|; only loud maxima (within 6 dB of the peak) can win.
  const threshold = peak / 2;
  const t1 = TP_TAPS[0]!, t2 = TP_TAPS[1]!, t3 = TP_TAPS[2]!;
  const taps = 2 * TP_HALF;
  for (let i = 1; i + 1 < n; i++) {
    const a = Math.abs(x[i]!);
    if (a < threshold || a < Math.abs(x[i - 1]!) || a < Math.abs(x[i + 1]!)) continue;
    // Interpolate both gaps around the maximum: (i-1, i) and (i, i+1).
    for (let base = i - 1; base <= i; base++) {
      const first = base - TP_HALF + 1;
      let s1 = 0, s2 = 0, s3 = 0;
      if (first >= 0 && first + taps <= n) {
        for (let k = 0; k < taps; k++) {
          const v = x[first + k]!;
          s1 += v * t1[k]!; s2 += v * t2[k]!; s3 += v * t3[k]!;
        }
      } else {
        for (let k = 0; k < taps; k++) {
          const j = first + k;
          if (j < 0 || j >= n) continue;
          const v = x[j]!;
          s1 += v * t1[k]!; s2 += v * t2[k]!; s3 += v * t3[k]!;
        }
      }
      peak = Math.max(peak, Math.abs(s1), Math.abs(s2), Math.abs(s3));
    }
  }
  return peak;
}

/** RMS of each window of `win` samples, advancing `hop`; mixes channels by averaging squares. */
export function windowRms(channels: Float32Array[], win: number, hop: number): Float64Array {
  const n = channels[0]?.length ?? 0;
  if (n < win) {
    let s = 0;
    for (const ch of channels) for (let i = 0; i < n; i++) s += ch[i]! * ch[i]!;
    return Float64Array.of(n === 0 ? 0 : Math.sqrt(s / (n * channels.length)));
  }
  const count = Math.floor((n - win) / hop) + 1;
  const out = new Float64Array(count);
  // Prefix sums of squares make every window O(1).
  const prefix = new Float64Array(n + 1);
  const inv = 1 / channels.length;
  for (let c = 0; c < channels.length; c++) {
    const ch = channels[c]!;
    for (let i = 0; i < n; i++) prefix[i + 1]! += ch[i]! * ch[i]! * inv;
  }
  for (let i = 0; i < n; i++) prefix[i + 1]! += prefix[i]!;
  for (let w = 0; w < count; w++) out[w] = Math.sqrt(Math.max(0, prefix[w * hop + win]! - prefix[w * hop]!) / win);
  return out;
}

function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

export function measure(channels: Float32Array[], sampleRate: number): Measures {
  const n = channels[0]?.length ?? 0;
  let peak = 0, sumSq = 0, sum = 0, clipped = 0, runs = 0;
  let tp = 0;
  for (const ch of channels) {
    let run = 0;
    for (let i = 0; i < n; i++) {
      const v = ch[i]!;
      const a = v < 0 ? -v : v;
      if (a > peak) peak = a;
      sumSq += v * v;
      sum += v;
      if (a >= CLIP) {
        clipped++;
        run++;
        if (run === 3) runs++;
      } else run = 0;
    }
    tp = Math.max(tp, truePeak(ch));
  }
  const total = n * channels.length;
  const halfSecond = Math.max(1, Math.round(sampleRate / 2));
  const floor = windowRms(channels, halfSecond, Math.max(1, Math.round(sampleRate / 100)));
  let quietest = Infinity;
  for (const r of floor) if (r < quietest) quietest = r;
  const frames = windowRms(channels, Math.max(1, Math.round(sampleRate * 0.02)), Math.max(1, Math.round(sampleRate * 0.01)));
  const speech = percentile(frames, 0.95);
  const noise = percentile(frames, 0.1);
  return {
    sampleRate,
    channels: channels.length,
    durationSeconds: n / sampleRate,
    peakDb: toDb(peak),
    truePeakDb: toDb(tp),
    rmsDb: total === 0 ? -Infinity : toDb(Math.sqrt(sumSq / total)),
    noiseFloorDb: total === 0 ? -Infinity : toDb(quietest),
    loudnessLufs: integratedLoudness(channels, sampleRate),
    clippedSamples: clipped,
    clippedRuns: runs,
    snrDb: speech === 0 ? 0 : noise === 0 ? Infinity : toDb(speech) - toDb(noise),
    dcOffset: total === 0 ? 0 : sum / total,
  };
}
