// Band-limited resampling between any two rates: a polyphase Kaiser-windowed-sinc filter (speex/libsamplerate's
// design), streaming with bounded memory. Checked against libsamplerate (the reference) in resample.test.ts;
// written in TypeScript because the WebAssembly builds on npm run at 20–70× real time, our target is ≥ 200×.

export interface ResamplerOptions {
  /** Taps per phase at 1:1 (scaled up when downsampling); more is a sharper transition band. */
  taps?: number;
  /** Kaiser β: stopband attenuation (8.6 ≈ 90 dB). */
  beta?: number;
  /** Passband edge as a fraction of the lower Nyquist frequency. */
  rolloff?: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (for the Kaiser window). */
function besselI0(x: number): number {
  let sum = 1, term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

export class Resampler {
  readonly up: number;
  readonly down: number;
  private readonly taps: number;
  private readonly table: Float32Array;
  private readonly half: number;
  /** Input samples kept for the filter: history plus not yet consumed. */
  private buf: Float32Array;
  private bufLen = 0;
  /** Global index of buf[0]. */
  private bufStart = 0;
  /** Next output sample index (global). */
  private outIndex = 0;
  private inTotal = 0;
  private flushed = false;

  constructor(readonly inRate: number, readonly outRate: number, options: ResamplerOptions = {}) {
    if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0) {
      throw new Error(`Sample rates must be positive integers (got ${inRate} → ${outRate})`);
    }
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    if (this.up > 16384) throw new Error(`The ratio ${outRate}/${inRate} needs ${this.up} filter phases; round one of the rates`);
    const ratio = Math.min(1, outRate / inRate);
    // Longer filters when downsampling keep the same transition width relative to the output band.
    this.taps = 4 * Math.ceil(((options.taps ?? 48) / ratio) / 4);
    this.half = this.taps / 2;
    const beta = options.beta ?? 8.6;
    const cutoff = ratio * (options.rolloff ?? 0.92);
    const i0b = besselI0(beta);
    this.table = new Float32Array(this.up * this.taps);
    for (let p = 0; p < this.up; p++) {
      const frac = p / this.up;
      for (let k = 0; k < this.taps; k++) {
        // Tap k multiplies input sample n - half + 1 + k; its distance from the output instant n + frac:
        const t = k - this.half + 1 - frac;
        const x = Math.PI * cutoff * t;
        const sinc = t === 0 ? 1 : Math.sin(x) / x;
        const r = t / this.half;
        const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0b;
        this.table[p * this.taps + k] = cutoff * sinc * w;
      }
    }
    this.buf = new Float32Array(Math.max(4096, 4 * this.taps));
  }

  /** Output length for a whole input of `frames` samples. */
  outputLength(frames: number): number {
    return Math.round((frames * this.up) / this.down);
  }

  /** Feeds a chunk; returns the output samples it completes. */
  process(chunk: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler already flushed');
    this.append(chunk);
    this.inTotal += chunk.length;
    return this.run(this.inTotal);
  }

  /** Ends the stream: pads with silence and returns the remaining output. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    this.append(new Float32Array(this.half + 1));
    const target = this.outputLength(this.inTotal);
    const out = this.run(this.inTotal + this.half + 1);
    return out.subarray(0, Math.max(0, Math.min(out.length, target - (this.outIndex - out.length))));
  }

  private append(chunk: Float32Array): void {
    if (this.bufLen + chunk.length > this.buf.length) {
      const next = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + chunk.length));
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    this.buf.set(chunk, this.bufLen);
    this.bufLen += chunk.length;
  }

  /** Produces every output whose filter window ends before global input index `available`. */
  private run(available: number): Float32Array {
    const { up, down, taps, half, table } = this;
    const target = this.outputLength(this.inTotal);
    // Output j sits at input position j·down/up; it needs inputs up to floor(pos) + half.
    let last = Math.floor(((available - half) * up) / down);
    if (this.flushed) last = Math.min(last, target);
    const count = Math.max(0, Math.min(last, target) - this.outIndex);
    const out = new Float32Array(count);
    const buf = this.buf, start = this.bufStart;
    for (let o = 0; o < count; o++) {
      const j = this.outIndex + o;
      const num = j * down;
      const n = Math.floor(num / up);
      const p = num - n * up;
      const first = n - half + 1 - start;
      const row = p * taps;
      let acc = 0;
      if (first >= 0) {
        // Four accumulators let the loop pipeline; taps is always even, and a multiple of 4 after rounding below.
        let a1 = 0, a2 = 0, a3 = 0;
        for (let k = 0; k < taps; k += 4) {
          acc += buf[first + k]! * table[row + k]!;
          a1 += buf[first + k + 1]! * table[row + k + 1]!;
          a2 += buf[first + k + 2]! * table[row + k + 2]!;
          a3 += buf[first + k + 3]! * table[row + k + 3]!;
        }
        acc += a1 + a2 + a3;
      } else {
        // Before the first sample the signal is silence.
        for (let k = -first; k < taps; k++) acc += buf[first + k]! * table[row + k]!;
      }
      out[o] = acc;
    }
    this.outIndex += count;
    // Drop input no future output needs.
    const nextN = Math.floor((this.outIndex * down) / up);
    const keepFrom = nextN - half + 1 - start;
    if (keepFrom > 0 && keepFrom <= this.bufLen) {
      this.buf.copyWithin(0, keepFrom, this.bufLen);
      this.bufLen -= keepFrom;
      this.bufStart += keepFrom;
    }
    return out;
  }
}

/** Resamples a whole mono signal. */
export function resample(signal: Float32Array, inRate: number, outRate: number, options?: ResamplerOptions): Float32Array {
  if (inRate === outRate) return signal.slice();
  const r = new Resampler(inRate, outRate, options);
  const a = r.process(signal);
  const b = r.flush();
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
