// Griffin-Lim vocoder from a log-mel spectrogram: the baseline every neural vocoder is compared with.
import { RealFft } from './fft';
import { hannWindow, melFilterbank, TACOTRON2_MEL, type Mel, type MelConfig } from './mel';
import { istft, stft, type Spectrogram } from './stft';

export interface GriffinLimOptions {
  iterations?: number;
  /** Fast Griffin-Lim momentum (Perraudin et al. 2013); 0 is the classic algorithm. */
  momentum?: number;
  /** Magnitudes are raised to this power before phase recovery (sharper harmonics above 1); the level is kept. */
  power?: number;
  seed?: number;
  onProgress?: (iteration: number, total: number) => void;
}

/** Linear magnitudes from a log-mel: a projected-gradient non-negative least squares inversion of the filterbank. */
export function melToLinear(mel: Mel, cfg: MelConfig = TACOTRON2_MEL, steps = 10): Float64Array {
  const filters = melFilterbank(cfg);
  const bins = cfg.nFft / 2 + 1;
  const { frames, nMels } = mel;
  const target = new Float64Array(nMels * frames);
  for (let i = 0; i < target.length; i++) target[i] = Math.exp(mel.data[i]!);
  // Start from the transpose (each bin gets the energy of the filters covering it), normalised per bin.
  const colSum = new Float64Array(bins);
  for (const f of filters) for (let j = 0; j < f.weights.length; j++) colSum[f.start + j]! += f.weights[j]!;
  const S = new Float64Array(frames * bins); // frame-major
  for (let m = 0; m < nMels; m++) {
    const f = filters[m]!;
    for (let t = 0; t < frames; t++) {
      const v = target[m * frames + t]!;
      for (let j = 0; j < f.weights.length; j++) {
        const k = f.start + j;
        if (colSum[k]! > 0) S[t * bins + k]! += (v * f.weights[j]!) / colSum[k]!;
      }
    }
  }
  // A few multiplicative NNLS updates (Lee–Seung) bring M·S closer to the target while keeping S ≥ 0.
  const approx = new Float64Array(nMels);
  for (let t = 0; t < frames; t++) {
    const row = S.subarray(t * bins, (t + 1) * bins);
    for (let s = 0; s < steps; s++) {
      for (let m = 0; m < nMels; m++) {
        const f = filters[m]!;
        let a = 0;
        for (let j = 0; j < f.weights.length; j++) a += f.weights[j]! * row[f.start + j]!;
        approx[m] = a;
      }
      const num = new Float64Array(bins), den = new Float64Array(bins);
      for (let m = 0; m < nMels; m++) {
        const f = filters[m]!;
        const tv = target[m * frames + t]!, av = approx[m]!;
        for (let j = 0; j < f.weights.length; j++) { num[f.start + j]! += f.weights[j]! * tv; den[f.start + j]! += f.weights[j]! * av; }
      }
      for (let k = 0; k < bins; k++) if (den[k]! > 1e-12) row[k] = row[k]! * (num[k]! / den[k]!);
    }
  }
  return S;
}

export function griffinLim(mel: Mel, cfg: MelConfig = TACOTRON2_MEL, options: GriffinLimOptions = {}): Float32Array {
  const iterations = options.iterations ?? 32;
  const momentum = options.momentum ?? 0.99;
  const power = options.power ?? 1;
  const stftCfg = { nFft: cfg.nFft, hop: cfg.hop, win: cfg.win };
  const fft = new RealFft(cfg.nFft);
  const window = hannWindow(cfg.win, cfg.nFft);
  const mag = melToLinear(mel, cfg);
  if (power !== 1) {
    // Sharpen, then rescale so the energy (and so the loudness) stays what the mel says.
    let before = 0, after = 0;
    for (let i = 0; i < mag.length; i++) { before += mag[i]! ** 2; mag[i] = mag[i]! ** power; after += mag[i]! ** 2; }
    const k = after > 0 ? Math.sqrt(before / after) : 1;
    for (let i = 0; i < mag.length; i++) mag[i]! *= k;
  }
  const bins = cfg.nFft / 2 + 1;
  const frames = mel.frames;
  const length = Math.max(0, (frames - 1) * cfg.hop);
  let seed = options.seed ?? 1234;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const spec: Spectrogram = { bins, frames, data: new Float64Array(frames * bins * 2) };
  for (let i = 0; i < frames * bins; i++) {
    const phi = 2 * Math.PI * rand();
    spec.data[2 * i] = mag[i]! * Math.cos(phi);
    spec.data[2 * i + 1] = mag[i]! * Math.sin(phi);
  }
  let prev = new Float64Array(spec.data.length);
  let signal = istft(spec, stftCfg, length, fft, window);
  for (let it = 0; it < iterations; it++) {
    const rebuilt = stft(signal, stftCfg, fft, window);
    const n = Math.min(rebuilt.frames, frames) * bins;
    const next = new Float64Array(spec.data.length);
    for (let i = 0; i < n; i++) {
      const re = rebuilt.data[2 * i]!, im = rebuilt.data[2 * i + 1]!;
      // Fast Griffin-Lim: extrapolate the projection before imposing the target magnitude again.
      const xr = re + momentum * (re - prev[2 * i]!), xi = im + momentum * (im - prev[2 * i + 1]!);
      next[2 * i] = re; next[2 * i + 1] = im;
      const a = Math.hypot(xr, xi);
      spec.data[2 * i] = a > 1e-12 ? (mag[i]! * xr) / a : mag[i]!;
      spec.data[2 * i + 1] = a > 1e-12 ? (mag[i]! * xi) / a : 0;
    }
    prev = next;
    signal = istft(spec, stftCfg, length, fft, window);
    options.onProgress?.(it + 1, iterations);
  }
  return signal;
}
