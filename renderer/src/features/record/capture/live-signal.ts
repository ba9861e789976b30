// What the level meter and the live waveform draw: recent min/max columns, the decaying peak, its hold, and clipping.
export const CLIP_DBFS = -1;
const CLIP_LINEAR = 10 ** (CLIP_DBFS / 20);
const HOLD_MS = 1500;
/** Peak fall-back in dB per second once the hold has expired, like a hardware PPM. */
const FALL_DB_PER_S = 24;

export function toDbfs(linear: number): number {
  return linear > 0 ? 20 * Math.log10(linear) : -Infinity;
}

export class LiveSignal {
  readonly mins: Float32Array;
  readonly maxs: Float32Array;
  /** Index of the oldest column in the ring. */
  head = 0;
  /** Current peak (linear 0..1), falling after the hold. */
  peak = 0;
  hold = 0;
  private holdUntil = 0;
  private lastUpdate = 0;
  private colMin = 0;
  private colMax = 0;
  private colFrames = 0;
  clipped = false;
  private clipListeners = new Set<(clipped: boolean) => void>();

  constructor(
    readonly columns = 640,
    readonly framesPerColumn = 256,
  ) {
    this.mins = new Float32Array(columns);
    this.maxs = new Float32Array(columns);
  }

  push(block: Float32Array, now = performance.now()): void {
    let blockPeak = 0;
    for (let i = 0; i < block.length; i++) {
      const v = block[i]!;
      if (v < this.colMin) this.colMin = v;
      if (v > this.colMax) this.colMax = v;
      const a = v < 0 ? -v : v;
      if (a > blockPeak) blockPeak = a;
      if (++this.colFrames === this.framesPerColumn) {
        this.mins[this.head] = this.colMin;
        this.maxs[this.head] = this.colMax;
        this.head = (this.head + 1) % this.columns;
        this.colMin = 0;
        this.colMax = 0;
        this.colFrames = 0;
      }
    }
    this.decay(now);
    if (blockPeak > this.peak) this.peak = blockPeak;
    if (blockPeak >= this.hold) {
      this.hold = blockPeak;
      this.holdUntil = now + HOLD_MS;
    }
    if (blockPeak >= CLIP_LINEAR && !this.clipped) this.setClipped(true);
  }

  /** Lets the needle fall when no blocks arrive (or between them), so the meter never freezes high. */
  decay(now = performance.now()): void {
    const dt = this.lastUpdate === 0 ? 0 : (now - this.lastUpdate) / 1000;
    this.lastUpdate = now;
    if (dt > 0 && this.peak > 0) this.peak *= 10 ** (-(FALL_DB_PER_S * dt) / 20);
    if (now > this.holdUntil) this.hold = this.peak;
  }

  /** A new take starts with a clean waveform and no clipping warning. */
  reset(): void {
    this.mins.fill(0);
    this.maxs.fill(0);
    this.head = 0;
    this.hold = 0;
    this.peak = 0;
    if (this.clipped) this.setClipped(false);
  }

  onClip(listener: (clipped: boolean) => void): () => void {
    this.clipListeners.add(listener);
    return () => this.clipListeners.delete(listener);
  }

  private setClipped(clipped: boolean): void {
    this.clipped = clipped;
    for (const l of this.clipListeners) l(clipped);
  }
}
