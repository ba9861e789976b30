// Log-F0 RMSE (cents) and V/UV error rate between two time-aligned signals, from the core YIN tracker.
import { yin, type PitchOptions } from '../../audio/pitch';
import { commonLength } from './spectral-distance';

export interface F0Result {
  /** RMSE of 1200·log2(f_test / f_ref) over frames voiced in both; null when no frame is. */
  logF0RmseCents: number | null;
  /** Share of frames whose voicing decision differs. */
  vuvError: number;
  frames: number;
  bothVoiced: number;
}

/** Speech settings: 60–500 Hz, 10 ms hop (YIN's default threshold 0.15, frames under −50 dBFS unvoiced). */
export const F0_OPTIONS: PitchOptions = { fmin: 60, fmax: 500 };

export function f0Distance(reference: Float32Array, test: Float32Array, sampleRate: number, options: PitchOptions = F0_OPTIONS): F0Result {
  const [r, t] = commonLength(reference, test);
  const a = yin(r, sampleRate, options), b = yin(t, sampleRate, options);
  const frames = Math.min(a.f0.length, b.f0.length);
  let mismatch = 0, both = 0, sq = 0;
  for (let i = 0; i < frames; i++) {
    const va = a.voiced[i] === 1, vb = b.voiced[i] === 1;
    if (va !== vb) mismatch++;
    if (va && vb) {
      const c = 1200 * Math.log2(b.f0[i]! / a.f0[i]!);
      sq += c * c;
      both++;
    }
  }
  return { logF0RmseCents: both ? Math.sqrt(sq / both) : null, vuvError: frames ? mismatch / frames : 0, frames, bothVoiced: both };
}
