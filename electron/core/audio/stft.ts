// Complex STFT and its inverse (overlap-add, window-square normalised), centred with reflect padding like torch.stft.
import { RealFft } from './fft';
import { hannWindow } from './mel';

export interface StftConfig { nFft: number; hop: number; win: number }
export interface Spectrogram {
  bins: number;
  frames: number;
  /** Interleaved re/im, frame-major: [frame][bin][re, im]. */
  data: Float64Array;
}

function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return j;
}

export function stft(signal: Float32Array, cfg: StftConfig, fft = new RealFft(cfg.nFft), window = hannWindow(cfg.win, cfg.nFft)): Spectrogram {
  const { nFft, hop } = cfg;
  const bins = nFft / 2 + 1;
  const pad = nFft / 2;
  const n = signal.length;
  const frames = n === 0 ? 0 : Math.floor(n / hop) + 1;
  const data = new Float64Array(frames * bins * 2);
  const frame = new Float64Array(nFft);
  for (let t = 0; t < frames; t++) {
    const begin = t * hop - pad;
    for (let i = 0; i < nFft; i++) {
      const j = begin + i;
      frame[i] = (j >= 0 && j < n ? signal[j]! : signal[reflect(j, n)]!) * window[i]!;
    }
    const spec = fft.forward(frame);
    data.set(spec.subarray(0, bins * 2), t * bins * 2);
  }
  return { bins, frames, data };
}

/** Inverse STFT of `length` samples; the inverse of stft() up to float error where the window overlap is non-zero. */
export function istft(spec: Spectrogram, cfg: StftConfig, length: number, fft = new RealFft(cfg.nFft), window = hannWindow(cfg.win, cfg.nFft)): Float32Array {
  const { nFft, hop } = cfg;
  const pad = nFft / 2;
  const total = nFft + hop * (spec.frames - 1);
  const acc = new Float64Array(total);
  const norm = new Float64Array(total);
  const full = new Float64Array(2 * nFft);
  const out = new Float64Array(2 * nFft);
  for (let t = 0; t < spec.frames; t++) {
    const base = t * spec.bins * 2;
    // Rebuild the full Hermitian spectrum from the half we keep.
    for (let k = 0; k < spec.bins; k++) {
      full[2 * k] = spec.data[base + 2 * k]!;
      full[2 * k + 1] = spec.data[base + 2 * k + 1]!;
    }
    for (let k = spec.bins; k < nFft; k++) {
      full[2 * k] = spec.data[base + 2 * (nFft - k)]!;
      full[2 * k + 1] = -spec.data[base + 2 * (nFft - k) + 1]!;
    }
    fft.inverse(out, full);
    const start = t * hop;
    for (let i = 0; i < nFft; i++) {
      acc[start + i]! += out[2 * i]! * window[i]!;
      norm[start + i]! += window[i]! * window[i]!;
    }
  }
  const y = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const j = i + pad;
    if (j < total) y[i] = norm[j]! > 1e-11 ? acc[j]! / norm[j]! : 0;
  }
  return y;
}
