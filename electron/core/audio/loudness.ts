// ITU-R BS.1770-4 / EBU R128 integrated loudness: K-weighting at any rate, gated 400 ms blocks.
type Biquad = [b0: number, b1: number, b2: number, a1: number, a2: number];

/**
 * K-weighting stage coefficients for sample rate `fs`: the bilinear-transform design libebur128 uses, which
 * reproduces BS.1770's published 48 kHz coefficients exactly and extends them to any rate.
 */
export function kWeighting(fs: number): [Biquad, Biquad] {
  const shelf = ((): Biquad => {
    const f0 = 1681.974450955533, G = 3.999843853973347, Q = 0.7071752369554196;
    const K = Math.tan((Math.PI * f0) / fs), Vh = 10 ** (G / 20), Vb = Vh ** 0.4996667741545416;
    const a0 = 1 + K / Q + K * K;
    return [(Vh + (Vb * K) / Q + K * K) / a0, (2 * (K * K - Vh)) / a0, (Vh - (Vb * K) / Q + K * K) / a0, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0];
  })();
  const highpass = ((): Biquad => {
    const f0 = 38.13547087602444, Q = 0.5003270373238773;
    const K = Math.tan((Math.PI * f0) / fs), a0 = 1 + K / Q + K * K;
    return [1, -2, 1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0];
  })();
  return [shelf, highpass];
}

/** Sums of K-weighted squares per 100 ms step, per channel; blocks of 400 ms are 4 consecutive steps. */
export class LoudnessMeter {
  private readonly stages: [Biquad, Biquad];
  private readonly state: Float64Array[];
  private readonly stepLen: number;
  private readonly acc: Float64Array;
  private filled = 0;
  /** Mean square per 100 ms step, channel-weighted sum. */
  readonly steps: number[] = [];

  constructor(readonly sampleRate: number, readonly channels: number) {
    this.stages = kWeighting(sampleRate);
    this.state = Array.from({ length: channels }, () => new Float64Array(8));
    this.stepLen = Math.round(sampleRate / 10);
    this.acc = new Float64Array(channels);
  }

  /** Feeds planar samples (one array per channel, equal lengths). Streaming: call repeatedly. */
  push(planar: Float32Array[]): void {
    const n = planar[0]?.length ?? 0;
    const [[b0, b1, b2, a1, a2], [c0, c1, c2, d1, d2]] = this.stages;
    let i = 0;
    while (i < n) {
      const take = Math.min(n - i, this.stepLen - this.filled);
      for (let ch = 0; ch < this.channels; ch++) {
        const x = planar[ch]!;
        const st = this.state[ch]!;
        let x1 = st[0]!, x2 = st[1]!, y1 = st[2]!, y2 = st[3]!, z1 = st[4]!, z2 = st[5]!;
        let sum = 0;
        for (let k = i; k < i + take; k++) {
          const xn = x[k]!;
          const yn = b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
          x2 = x1; x1 = xn;
          const zn = c0 * yn + c1 * y1 + c2 * y2 - d1 * z1 - d2 * z2;
          y2 = y1; y1 = yn;
          z2 = z1; z1 = zn;
          sum += zn * zn;
        }
        st[0] = x1; st[1] = x2; st[2] = y1; st[3] = y2; st[4] = z1; st[5] = z2;
        this.acc[ch]! += sum;
      }
      this.filled += take;
      i += take;
      if (this.filled === this.stepLen) {
        // BS.1770 channel weights: 1.0 for L, R, C (surround 1.41 is not used for mono/stereo narration).
        let total = 0;
        for (let ch = 0; ch < this.channels; ch++) { total += this.acc[ch]! / this.stepLen; this.acc[ch] = 0; }
        this.steps.push(total);
        this.filled = 0;
      }
    }
  }

  /** Integrated loudness in LUFS (−Infinity for silence or less than 400 ms). */
  integrated(): number {
    const blocks: number[] = [];
    for (let s = 0; s + 4 <= this.steps.length; s++) {
      blocks.push((this.steps[s]! + this.steps[s + 1]! + this.steps[s + 2]! + this.steps[s + 3]!) / 4);
    }
    const lufs = (z: number): number => -0.691 + 10 * Math.log10(z);
    const abs = blocks.filter((z) => lufs(z) > -70);
    if (abs.length === 0) return -Infinity;
    const relGate = lufs(abs.reduce((a, z) => a + z, 0) / abs.length) - 10;
    const rel = abs.filter((z) => lufs(z) > relGate);
    return rel.length === 0 ? -Infinity : lufs(rel.reduce((a, z) => a + z, 0) / rel.length);
  }
}

export function integratedLoudness(channels: Float32Array[], sampleRate: number): number {
  const meter = new LoudnessMeter(sampleRate, channels.length);
  meter.push(channels);
  return meter.integrated();
}
