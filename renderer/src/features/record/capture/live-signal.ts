// What the level meter draws, sample-exact from the captured blocks: the decaying peak, its hold, and clipping.
export const CLIP_DBFS = -1;
const CLIP_LINEAR = 10 ** (CLIP_DBFS / 20);
const HOLD_MS = 1500;
/** Peak fall-back in dB per second once the hold has expired, like a hardware PPM. */
const FALL_DB_PER_S = 24;

export function toDbfs(linear: number): number {
  return linear > 0 ? 20 * Math.log10(linear) : -Infinity;
}

export class LiveSignal {
  /** Current peak (linear 0..1), falling after the hold. */
  peak = 0;
  hold = 0;
  private holdUntil = 0;
  private lastUpdate = 0;
  clipped = false;
  private clipListeners = new Set<(clipped: boolean) => void>();

  push(block: Float32Array, now = performance.now()): void {
    let blockPeak = 0;
    for (let i = 0; i < block.length; i++) {
      const v = block[i]!;
      const a = v < 0 ? -v : v;
      if (a > blockPeak) blockPeak = a;
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

  /** A new take starts with no clipping warning. */
  reset(): void {
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
