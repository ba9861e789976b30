// A typed wrapper over fft.js (radix-4 real FFT): power-of-two sizes, reusable buffers.
import FFTImpl from 'fft.js';

interface FftJs {
  createComplexArray(): number[];
  realTransform(out: ArrayLike<number>, data: ArrayLike<number>): void;
  completeSpectrum(spectrum: ArrayLike<number>): void;
  inverseTransform(out: ArrayLike<number>, data: ArrayLike<number>): void;
}
const FFTCtor = FFTImpl as unknown as new (size: number) => FftJs;

export class RealFft {
  private readonly impl: FftJs;
  /** Interleaved re/im; only bins 0..size/2 are meaningful after forward(). */
  readonly spectrum: Float64Array;
  constructor(readonly size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two ≥ 4, not ${size}`);
    this.impl = new FFTCtor(size);
    this.spectrum = new Float64Array(2 * size);
  }
  /** Forward transform of `frame` (length size) into this.spectrum. */
  forward(frame: Float64Array): Float64Array {
    this.impl.realTransform(this.spectrum, frame);
    return this.spectrum;
  }
  /** Full complex inverse (input interleaved, length 2·size), result interleaved into `out`. */
  inverse(out: Float64Array, input: Float64Array): void {
    this.impl.inverseTransform(out, input);
  }
}
