// The Tacotron2 log-mel spectrogram (NVIDIA definition) and HiFi-GAN's variant, shared with the trainer.
import { RealFft } from './fft';

export interface MelConfig {
  sampleRate: number;
  nFft: number;
  hop: number;
  win: number;
  nMels: number;
  fmin: number;
  fmax: number;
  /** NVIDIA Tacotron2: centred frames, n_fft/2 reflect padding. HiFi-GAN: (n_fft − hop)/2 reflect padding, no centring. */
  padding: 'center' | 'hifigan';
}

/** DESIGN.md's one mel definition: NVIDIA Tacotron2's hyperparameters. */
export const TACOTRON2_MEL: MelConfig = { sampleRate: 22050, nFft: 1024, hop: 256, win: 1024, nMels: 80, fmin: 0, fmax: 8000, padding: 'center' };
export const HIFIGAN_MEL: MelConfig = { ...TACOTRON2_MEL, padding: 'hifigan' };

export interface Mel {
  nMels: number;
  frames: number;
  /** Row-major [nMels][frames]: the [80, T] layout vocoders take. Natural log of clamp(x, 1e-5). */
  data: Float32Array;
}

// Slaney's mel scale (librosa's default, htk=False).
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;
export const hzToMel = (hz: number): number => (hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP);
export const melToHz = (mel: number): number => (mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)));

/** A mel filter stored sparsely: weights for bins start..start+weights.length-1. */
export interface MelFilter { start: number; weights: Float64Array }

/** Slaney-normalised triangular filters, as librosa.filters.mel(norm='slaney'). */
export function melFilterbank(cfg: Pick<MelConfig, 'sampleRate' | 'nFft' | 'nMels' | 'fmin' | 'fmax'>): MelFilter[] {
  const bins = cfg.nFft / 2 + 1;
  const fftFreqs = Float64Array.from({ length: bins }, (_, k) => (k * cfg.sampleRate) / cfg.nFft);
  const lo = hzToMel(cfg.fmin);
  const hi = hzToMel(cfg.fmax);
  const melF = Float64Array.from({ length: cfg.nMels + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (cfg.nMels + 1)));
  const filters: MelFilter[] = [];
  for (let m = 0; m < cfg.nMels; m++) {
    const f0 = melF[m]!, f1 = melF[m + 1]!, f2 = melF[m + 2]!;
    const enorm = 2 / (f2 - f0);
    const dense = new Float64Array(bins);
    let start = -1, end = -1;
    for (let k = 0; k < bins; k++) {
      const lower = (fftFreqs[k]! - f0) / (f1 - f0);
      const upper = (f2 - fftFreqs[k]!) / (f2 - f1);
      const w = Math.max(0, Math.min(lower, upper)) * enorm;
      dense[k] = w;
      if (w > 0) { if (start < 0) start = k; end = k; }
    }
    filters.push(start < 0 ? { start: 0, weights: new Float64Array(0) } : { start, weights: dense.slice(start, end + 1) });
  }
  return filters;
}

/** Periodic Hann window (torch.hann_window default, scipy fftbins=True), zero-padded and centred to nFft. */
export function hannWindow(win: number, nFft: number): Float64Array {
  const w = new Float64Array(nFft);
  const off = Math.floor((nFft - win) / 2);
  for (let i = 0; i < win; i++) w[off + i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / win);
  return w;
}

/** numpy/torch 'reflect' padding (edge sample not repeated); mirrors again for signals shorter than the pad. */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return j;
}

/** Cached per-config state so repeated calls (a dataset of 13,000 clips) do not rebuild filters. */
class MelExtractor {
  readonly fft: RealFft;
  readonly window: Float64Array;
  readonly filters: MelFilter[];
  readonly frame: Float64Array;
  readonly mag: Float64Array;
  constructor(readonly cfg: MelConfig) {
    this.fft = new RealFft(cfg.nFft);
    this.window = hannWindow(cfg.win, cfg.nFft);
    this.filters = melFilterbank(cfg);
    this.frame = new Float64Array(cfg.nFft);
    this.mag = new Float64Array(cfg.nFft / 2 + 1);
  }

  run(signal: Float32Array): Mel {
    const { nFft, hop, nMels, padding } = this.cfg;
    const pad = padding === 'center' ? nFft / 2 : (nFft - hop) / 2;
    const n = signal.length;
    if (n === 0) return { nMels, frames: 0, data: new Float32Array(0) };
    const padded = n + 2 * pad;
    const frames = padded < nFft ? 0 : Math.floor((padded - nFft) / hop) + 1;
    const data = new Float32Array(nMels * frames);
    const eps = padding === 'hifigan' ? 1e-9 : 0;
    for (let t = 0; t < frames; t++) {
      const begin = t * hop - pad;
      const inside = begin >= 0 && begin + nFft <= n;
      for (let i = 0; i < nFft; i++) {
        const s = inside ? signal[begin + i]! : signal[reflectIndex(begin + i, n)]!;
        this.frame[i] = s * this.window[i]!;
      }
      const spec = this.fft.forward(this.frame);
      for (let k = 0; k <= nFft / 2; k++) {
        const re = spec[2 * k]!, im = spec[2 * k + 1]!;
        this.mag[k] = Math.sqrt(re * re + im * im + eps);
      }
      for (let m = 0; m < nMels; m++) {
        const f = this.filters[m]!;
        let acc = 0;
        for (let j = 0; j < f.weights.length; j++) acc += f.weights[j]! * this.mag[f.start + j]!;
        data[m * frames + t] = Math.log(acc < 1e-5 ? 1e-5 : acc);
      }
    }
    return { nMels, frames, data };
  }
}

const extractors = new Map<string, MelExtractor>();

/** Log-mel spectrogram of a mono signal in [-1, 1] at cfg.sampleRate. */
export function melSpectrogram(signal: Float32Array, cfg: MelConfig = TACOTRON2_MEL): Mel {
  const key = JSON.stringify(cfg);
  let ex = extractors.get(key);
  if (!ex) {
    if (cfg.win > cfg.nFft) throw new Error(`win (${cfg.win}) must not exceed nFft (${cfg.nFft})`);
    if (cfg.fmax > cfg.sampleRate / 2) throw new Error(`fmax ${cfg.fmax} Hz is above Nyquist for ${cfg.sampleRate} Hz`);
    ex = new MelExtractor(cfg);
    extractors.set(key, ex);
  }
  return ex.run(signal);
}
