// Log-spectral distance and the multi-resolution STFT distance (spectral convergence + log magnitude) of time-aligned signals.
import { stft, type StftConfig } from '../../audio/stft';

/** Parallel WaveGAN's three resolutions (fft, hop, win), the usual MR-STFT setting. */
export const MRSTFT_RESOLUTIONS: readonly StftConfig[] = [
  { nFft: 1024, hop: 120, win: 600 },
  { nFft: 2048, hop: 240, win: 1200 },
  { nFft: 512, hop: 50, win: 240 },
];

export const LSD_STFT: StftConfig = { nFft: 1024, hop: 256, win: 1024 };

function magnitudes(signal: Float32Array, cfg: StftConfig, floor: number): { bins: number; frames: number; mag: Float64Array } {
  const s = stft(signal, cfg);
  const mag = new Float64Array(s.frames * s.bins);
  for (let i = 0; i < mag.length; i++) {
    const re = s.data[2 * i]!, im = s.data[2 * i + 1]!;
    mag[i] = Math.sqrt(Math.max(re * re + im * im, floor));
  }
  return { bins: s.bins, frames: s.frames, mag };
}

/** Both signals cut to the shorter one: copy synthesis keeps the reference's timing, up to a frame of padding. */
export function commonLength(a: Float32Array, b: Float32Array): [Float32Array, Float32Array] {
  const n = Math.min(a.length, b.length);
  return [a.subarray(0, n), b.subarray(0, n)];
}

/** LSD in dB: per frame sqrt(mean over bins of (10·log10 P_ref − 10·log10 P_test)²), averaged over frames. */
export function logSpectralDistance(reference: Float32Array, test: Float32Array, cfg: StftConfig = LSD_STFT): number {
  const [r, t] = commonLength(reference, test);
  const floor = 1e-10;
  const R = magnitudes(r, cfg, floor), T = magnitudes(t, cfg, floor);
  if (R.frames === 0) throw new Error('LSD needs audio on both sides');
  let total = 0;
  for (let f = 0; f < R.frames; f++) {
    let acc = 0;
    for (let k = 0; k < R.bins; k++) {
      const d = 20 * Math.log10(R.mag[f * R.bins + k]! / T.mag[f * R.bins + k]!);
      acc += d * d;
    }
    total += Math.sqrt(acc / R.bins);
  }
  return total / R.frames;
}

export interface MrstftResult {
  /** Mean over resolutions of spectral convergence + log-magnitude distance (the MR-STFT loss value). */
  total: number;
  spectralConvergence: number;
  logMagnitude: number;
}

/** Per resolution: SC = ‖|R| − |T|‖_F / ‖|R|‖_F, log-mag = mean |ln|R| − ln|T||; magnitudes clamped at sqrt(1e-7) as in PWG. */
export function mrstftDistance(reference: Float32Array, test: Float32Array, resolutions: readonly StftConfig[] = MRSTFT_RESOLUTIONS): MrstftResult {
  const [r, t] = commonLength(reference, test);
  let sc = 0, lm = 0;
  for (const cfg of resolutions) {
    const R = magnitudes(r, cfg, 1e-7), T = magnitudes(t, cfg, 1e-7);
    let num = 0, den = 0, l1 = 0;
    for (let i = 0; i < R.mag.length; i++) {
      const a = R.mag[i]!, b = T.mag[i]!;
      num += (a - b) ** 2;
      den += a * a;
      l1 += Math.abs(Math.log(a) - Math.log(b));
    }
    if (R.mag.length === 0) throw new Error('MR-STFT needs audio on both sides');
    sc += Math.sqrt(num) / Math.sqrt(den);
    lm += l1 / R.mag.length;
  }
  const k = resolutions.length;
  return { total: (sc + lm) / k, spectralConvergence: sc / k, logMagnitude: lm / k };
}
