// Mel-cepstra for MCD: the frequency-warped cepstrum of each frame's periodogram (SPTK's sp2mc: cepstrum, then freqt's all-pass warping).
import { RealFft } from '../../audio/fft';

export interface McepConfig {
  sampleRate: number;
  /** Highest coefficient kept (the 0th is computed too; MCD leaves it out). */
  order: number;
  /** All-pass warping constant. */
  alpha: number;
  nFft: number;
  hop: number;
  /** Added to the periodogram before the log, so silent frames stay finite (pysptk.mcep's eps). */
  eps: number;
}

/** ESPnet's orders per rate (evaluate_mcd.py) with the all-pass constants that approximate the mel scale best. */
export function mcepConfigFor(sampleRate: number): McepConfig {
  const table: Record<number, [order: number, alpha: number]> = {
    16000: [23, 0.41], 22050: [34, 0.455], 24000: [34, 0.46], 44100: [39, 0.53], 48000: [39, 0.55],
  };
  const hit = table[sampleRate];
  if (!hit) throw new Error(`No mel-cepstrum settings for ${sampleRate} Hz; the lab measures MCD at 16, 22.05, 24, 44.1 or 48 kHz`);
  return { sampleRate, order: hit[0], alpha: hit[1], nFft: 1024, hop: 256, eps: 1e-6 };
}

/** SPTK freqt: maps a causal cepstrum c1[0..m1] to the warped cepstrum c2[0..m2] by the all-pass recursion. */
export function freqt(c1: Float64Array, m2: number, alpha: number): Float64Array {
  const g = new Float64Array(m2 + 1);
  const d = new Float64Array(m2 + 1);
  const b = 1 - alpha * alpha;
  for (let i = c1.length - 1; i >= 0; i--) {
    d.set(g);
    g[0] = c1[i]! + alpha * d[0]!;
    if (m2 >= 1) g[1] = b * d[0]! + alpha * d[1]!;
    for (let j = 2; j <= m2; j++) g[j] = d[j - 1]! + alpha * (d[j]! - g[j - 1]!);
  }
  return g;
}

/** Symmetric Hamming window (SPTK's hamming). */
export function hamming(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1)));
}

/**
 * Mel-cepstra [frames][order+1] of a mono signal: frames of nFft every hop (no padding, as ESPnet), Hamming window,
 * log periodogram → one-sided cepstrum of the log magnitude (c[0], c[1..N/2−1], c[N/2]/2) → freqt(alpha).
 */
export function melCepstra(signal: Float32Array, cfg: McepConfig): Float64Array[] {
  const { nFft, hop, order, alpha, eps } = cfg;
  const frames = signal.length < nFft ? 0 : Math.floor((signal.length - nFft) / hop) + 1;
  const fft = new RealFft(nFft);
  const win = hamming(nFft);
  const frame = new Float64Array(nFft);
  const full = new Float64Array(2 * nFft);
  const out = new Float64Array(2 * nFft);
  const half = nFft / 2;
  const ceps = new Float64Array(half + 1);
  const result: Float64Array[] = [];
  for (let t = 0; t < frames; t++) {
    for (let i = 0; i < nFft; i++) frame[i] = signal[t * hop + i]! * win[i]!;
    const spec = fft.forward(frame);
    full.fill(0);
    for (let k = 0; k <= half; k++) {
      const re = spec[2 * k]!, im = spec[2 * k + 1]!;
      const logPow = Math.log(re * re + im * im + eps);
      full[2 * k] = logPow;
      if (k > 0 && k < half) full[2 * (nFft - k)] = logPow;
    }
    fft.inverse(out, full);
    // d = irfft(log power); log|X(ω)| = d0/2 + Σ d(m) cos mω + d(N/2)/2 cos(Nω/2): the one-sided log-magnitude cepstrum.
    ceps[0] = out[0]! / 2;
    for (let m = 1; m < half; m++) ceps[m] = out[2 * m]!;
    ceps[half] = out[2 * half]! / 2;
    result.push(freqt(ceps, order, alpha));
  }
  return result;
}
