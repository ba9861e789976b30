// Band energy of a whole signal from one FFT: how the anchor and stimulus tests measure what a filter removed.
import { RealFft } from '../../audio/fft';

/** Energy of `x` in [lo, hi) Hz from one FFT over the whole signal (zero-padded). */
export function bandEnergy(x: Float32Array, sampleRate: number, lo: number, hi: number): number {
  let size = 4;
  while (size < x.length) size *= 2;
  const frame = new Float64Array(size);
  frame.set(x);
  const spec = new RealFft(size).forward(frame);
  let e = 0;
  for (let k = 0; k <= size / 2; k++) {
    const f = (k * sampleRate) / size;
    if (f >= lo && f < hi) e += spec[2 * k]! ** 2 + spec[2 * k + 1]! ** 2;
  }
  return e;
}
