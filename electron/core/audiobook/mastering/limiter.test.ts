// The master limiter: nothing over the ceiling, quiet audio untouched, smooth gain, and the same output however it is chunked.
import { describe, expect, it } from 'vitest';
import { PeakLimiter } from './limiter';

const SR = 44100;
const ceiling = 10 ** (-3.8 / 20);

function run(x: Float32Array, chunks: number[]): Float32Array {
  const l = new PeakLimiter(SR, -3.8);
  const parts: Float32Array[] = [];
  let i = 0, k = 0;
  while (i < x.length) { const n = chunks[k++ % chunks.length]!; parts.push(l.process(x.subarray(i, i + n))); i += n; }
  parts.push(l.flush());
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Speech-like: 200 Hz bursts with loud transients well over the ceiling. */
function loud(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / SR;
    const burst = i % 9000 < 60 ? 1.6 : 1;
    return 0.5 * burst * Math.sin(2 * Math.PI * 200 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t));
  });
}

describe('peak limiter', () => {
  it('no sample leaves above the ceiling, the length is kept, and chunking does not change a sample', () => {
    const x = loud(SR * 3);
    const whole = run(x, [x.length]);
    expect(whole.length).toBe(x.length);
    let peak = 0;
    for (const v of whole) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThanOrEqual(ceiling);
    expect(peak).toBeGreaterThan(ceiling * 0.98);
    expect(run(x, [1, 7, 220, 4096, 3])).toEqual(whole);
  });

  it('audio under the ceiling passes through unchanged', () => {
    const x = Float32Array.from({ length: SR }, (_, i) => 0.3 * Math.sin(i / 10));
    expect(run(x, [1000])).toEqual(x);
  });

  it('gain moves smoothly: the steepest gain step is a ramp across the look-ahead, not a jump', () => {
    const x = new Float32Array(SR).fill(0.2);
    x.fill(1, 20000, 20100); // a 100-sample plateau 8 dB over the ceiling
    const y = run(x, [512]);
    let step = 0;
    for (let i = 1; i < y.length; i++) if (x[i] === x[i - 1]) step = Math.max(step, Math.abs(y[i]! / x[i]! - y[i - 1]! / x[i - 1]!));
    const lookahead = Math.round(SR * 0.005);
    expect(step).toBeLessThan((1 - ceiling) / lookahead * 1.5);
    expect(Math.max(...y.subarray(20000, 20100))).toBeLessThanOrEqual(ceiling);
  });
});
