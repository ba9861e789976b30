// A look-ahead peak limiter for the master: no sample leaves above the ceiling, and gain moves smoothly (no clicks).
import { fromDb } from '../../audio/measures';

/**
 * Gain at frame n = the smallest gain any sample in [n, n + L) needs (a running minimum), averaged over the
 * last L frames, then released slowly. Every average that covers n includes n's own requirement, so
 * |y[n]| ≤ ceiling exactly; the average turns the gain down over L frames before a peak instead of at once.
 * Latency L − 1 frames, handled inside: output has the input's length.
 */
export class PeakLimiter {
  private readonly ceiling: number;
  private readonly L: number;
  private readonly release: number;
  // Ring of the last L inputs (delay line) and of the last L running minima (for the average).
  private readonly x: Float32Array;
  private readonly mins: Float64Array;
  private minSum = 0;
  // Monotonic deque of (index, required gain) for the running minimum over the look-ahead window.
  private readonly dqIdx: Float64Array;
  private readonly dqVal: Float64Array;
  private dqHead = 0;
  private dqLen = 0;
  private inCount = 0;
  private outCount = 0;
  private env = 1;
  private flushed = false;
  /** Frames turned down by more than 0.01 dB. */
  limitedFrames = 0;
  /** Frames turned down by more than 3 dB: where a listener may hear the limiter. */
  heavyFrames = 0;

  constructor(sampleRate: number, ceilingDb: number, lookaheadMs = 5, releaseMs = 80) {
    // A hair under the ceiling: float rounding must not land a sample on the wrong side.
    this.ceiling = fromDb(ceilingDb) * (1 - 1e-6);
    this.L = Math.max(1, Math.round((sampleRate * lookaheadMs) / 1000));
    this.release = 1 - Math.exp(-1 / ((sampleRate * releaseMs) / 1000));
    this.x = new Float32Array(this.L);
    this.mins = new Float64Array(this.L).fill(1);
    this.minSum = this.L;
    this.dqIdx = new Float64Array(this.L + 1);
    this.dqVal = new Float64Array(this.L + 1);
  }

  process(input: Float32Array): Float32Array {
    if (this.flushed) throw new Error('PeakLimiter already flushed');
    return this.run(input);
  }

  /** Ends the stream: returns the last L − 1 frames. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    const pending = this.inCount - this.outCount;
    const out = this.run(new Float32Array(this.L - 1));
    return out.subarray(0, pending);
  }

  private run(input: Float32Array): Float32Array {
    const { L, ceiling } = this;
    const out = new Float32Array(input.length);
    let o = 0;
    const cap = this.dqIdx.length;
    for (let i = 0; i < input.length; i++) {
      const v = input[i]!;
      const j = this.inCount++;
      const a = v < 0 ? -v : v;
      const need = a > ceiling ? ceiling / a : 1;
      // Push j into the deque of increasing required gains.
      while (this.dqLen > 0 && this.dqVal[(this.dqHead + this.dqLen - 1) % cap]! >= need) this.dqLen--;
      const tail = (this.dqHead + this.dqLen) % cap;
      this.dqIdx[tail] = j; this.dqVal[tail] = need; this.dqLen++;
      this.x[j % L] = v;
      // The minimum over [j − L + 1, j] is the running minimum for frame k = j − L + 1.
      const k = j - L + 1;
      while (this.dqIdx[this.dqHead]! < k) { this.dqHead = (this.dqHead + 1) % cap; this.dqLen--; }
      const m = this.dqVal[this.dqHead]!;
      // The average for output frame k covers the minima of frames k − L + 1 … k.
      const slot = ((k % L) + L) % L;
      this.minSum += m - this.mins[slot]!;
      this.mins[slot] = m;
      if (k < 0) continue;
      const avg = Math.min(1, this.minSum / L);
      // The release approaches 1 without reaching it: snap once within 0.0001 dB.
      const released = this.env + (1 - this.env) * this.release;
      this.env = Math.min(avg, released > 0.99999 ? 1 : released);
      if (this.env < 0.999) { this.limitedFrames++; if (this.env < 0.7079) this.heavyFrames++; }
      out[o++] = this.x[k % L]! * this.env;
      this.outCount++;
    }
    return out.subarray(0, o);
  }
}
