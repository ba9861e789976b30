// Mel-cepstral distortion with DTW (ESPnet's definition): mean over the aligned path of (10 / ln 10) · sqrt(2 · Σ_{d=1..D} Δc_d²), c0 left out.
import { dtw, euclidean } from './dtw';
import { melCepstra, mcepConfigFor, type McepConfig } from './mel-cepstrum';

export interface McdResult {
  /** dB */
  mcd: number;
  framesReference: number;
  framesTest: number;
  pathLength: number;
  path: [number, number][];
}

const K = (10 / Math.LN10) * Math.SQRT2;

/** MCD of `test` against `reference`, both mono at cfg.sampleRate. */
export function mcdDtw(reference: Float32Array, test: Float32Array, cfg: McepConfig = mcepConfigFor(22050)): McdResult {
  const ref = melCepstra(reference, cfg);
  const gen = melCepstra(test, cfg);
  if (ref.length === 0 || gen.length === 0) {
    throw new Error(`MCD needs at least ${cfg.nFft} samples on each side (reference ${reference.length}, test ${test.length})`);
  }
  // Distances skip c0 (the frame's energy), in the alignment as in the distortion.
  const { path } = dtw(gen, ref, (x, y) => euclidean(x, y, 1));
  let sum = 0;
  for (const [i, j] of path) sum += K * euclidean(gen[i]!, ref[j]!, 1);
  return { mcd: sum / path.length, framesReference: ref.length, framesTest: gen.length, pathLength: path.length, path };
}
