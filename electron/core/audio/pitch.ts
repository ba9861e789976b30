// YIN fundamental-frequency tracking with voicing decisions (de Cheveigné & Kawahara 2002).
export interface PitchOptions {
  fmin?: number;
  fmax?: number;
  frameLength?: number;
  hop?: number;
  /** Absolute threshold on the cumulative mean normalised difference. */
  threshold?: number;
  /** Frames quieter than this (dBFS) are unvoiced whatever their periodicity. */
  silenceDb?: number;
}

export interface PitchTrack {
  hop: number;
  sampleRate: number;
  /** Hz per frame; 0 where unvoiced. */
  f0: Float32Array;
  voiced: Uint8Array;
  /** Aperiodicity per frame (the CMND minimum): low is clearly periodic. */
  aperiodicity: Float32Array;
}

export function yin(signal: Float32Array, sampleRate: number, options: PitchOptions = {}): PitchTrack {
  const fmin = options.fmin ?? 60, fmax = options.fmax ?? 500;
  const hop = options.hop ?? Math.round(sampleRate / 100);
  const tauMax = Math.min(Math.ceil(sampleRate / fmin), 4096);
  const tauMin = Math.max(2, Math.floor(sampleRate / fmax));
  const W = options.frameLength ?? tauMax;
  const threshold = options.threshold ?? 0.15;
  const silence = 10 ** ((options.silenceDb ?? -50) / 20);
  const frames = signal.length < W + tauMax ? 0 : Math.floor((signal.length - W - tauMax) / hop) + 1;
  const f0 = new Float32Array(frames), voiced = new Uint8Array(frames), aper = new Float32Array(frames).fill(1);
  const d = new Float64Array(tauMax + 1);
  for (let t = 0; t < frames; t++) {
    const s = t * hop;
    let energy = 0;
    for (let i = 0; i < W; i++) energy += signal[s + i]! ** 2;
    if (Math.sqrt(energy / W) < silence) continue;
    // Difference function, then its cumulative mean normalised form.
    d[0] = 1;
    let running = 0;
    for (let tau = 1; tau <= tauMax; tau++) {
      let acc = 0;
      for (let i = 0; i < W; i++) { const diff = signal[s + i]! - signal[s + i + tau]!; acc += diff * diff; }
      running += acc;
      d[tau] = running > 0 ? (acc * tau) / running : 1;
    }
    let tau = -1;
    for (let k = tauMin; k <= tauMax; k++) {
      if (d[k]! < threshold) {
        while (k + 1 <= tauMax && d[k + 1]! < d[k]!) k++;
        tau = k;
        break;
      }
    }
    if (tau < 0) {
      let best = tauMin;
      for (let k = tauMin; k <= tauMax; k++) if (d[k]! < d[best]!) best = k;
      aper[t] = d[best]!;
      continue;
    }
    aper[t] = d[tau]!;
    // Parabolic interpolation around the dip for sub-sample period.
    let refined = tau;
    if (tau > 1 && tau < tauMax) {
      const a = d[tau - 1]!, b = d[tau]!, c = d[tau + 1]!;
      const den = a - 2 * b + c;
      if (den !== 0) refined = tau + (a - c) / (2 * den);
    }
    f0[t] = sampleRate / refined;
    voiced[t] = 1;
  }
  return { hop, sampleRate, f0, voiced, aperiodicity: aper };
}

/** Median F0 of voiced frames, for a speaker's baseline (0 when nothing is voiced). */
export function medianF0(track: PitchTrack): number {
  const v = Array.from(track.f0).filter((_, i) => track.voiced[i]).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)]! : 0;
}
