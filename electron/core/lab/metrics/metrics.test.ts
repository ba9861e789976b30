// The objective metrics on real LJSpeech clips and synthetic tones: zero for identical signals, growing with noise, known answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../audio/wav';
import { dtw } from './dtw';
import { f0Distance } from './f0-distance';
import { mcdDtw } from './mcd';
import { freqt, mcepConfigFor } from './mel-cepstrum';
import { logSpectralDistance, mrstftDistance } from './spectral-distance';
import { meanCi, studentTQuantile } from './stats';

const LJ = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
const clip = (id: string): Float32Array => decodeWav(readFileSync(join(LJ, `${id}.wav`))).channels[0]!;

/** Deterministic Gaussian noise at `snrDb` below the signal's power. */
function withNoise(x: Float32Array, snrDb: number, seed = 1): Float32Array {
  let s = seed;
  const rand = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s + 0.5) / 2 ** 32; };
  const power = x.reduce((a, v) => a + v * v, 0) / x.length;
  const sigma = Math.sqrt(power / 10 ** (snrDb / 10));
  return x.map((v) => v + sigma * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand()));
}

/** A slower copy without a pitch change: every 4th block of 256 samples is played twice (1.25× as long), with short crossfades. */
function stretch(x: Float32Array, block = 256): Float32Array {
  const out: number[] = [];
  const fade = 32;
  for (let b = 0; b * block < x.length; b++) {
    const seg = Array.from(x.subarray(b * block, (b + 1) * block));
    const reps = b % 4 === 3 ? 2 : 1;
    for (let r = 0; r < reps; r++) {
      const start = out.length;
      for (const v of seg) out.push(v);
      if (r === 1) for (let i = 0; i < fade && start - fade + i >= 0; i++) {
        const w = i / fade;
        out[start + i] = (1 - w) * out[start - fade + i]! + w * seg[i]!;
      }
    }
  }
  return Float32Array.from(out);
}

const tone = (hz: number, seconds: number, rate: number): Float32Array =>
  Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

describe('MCD with DTW', () => {
  const ref = clip('LJ001-0001');

  it('is 0 for identical signals and grows monotonically as noise is added', () => {
    expect(mcdDtw(ref, ref).mcd).toBe(0);
    const values = [40, 30, 20, 10, 0].map((snr) => mcdDtw(ref, withNoise(ref, snr)).mcd);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(values[0]!).toBeGreaterThan(0);
  });

  it('aligns a time-stretched copy along the stretched diagonal, with a small MCD', () => {
    const slow = stretch(ref);
    const r = mcdDtw(ref, slow);
    const ratio = r.framesReference / r.framesTest;
    expect(ratio).toBeCloseTo(0.8, 1);
    // Every aligned pair sits within a few frames of the line j = 0.8·i.
    const worst = Math.max(...r.path.map(([i, j]) => Math.abs(j - ratio * i)));
    expect(worst).toBeLessThan(6);
    const noisy = mcdDtw(ref, withNoise(ref, 20)).mcd;
    expect(r.mcd).toBeLessThan(noisy);
    expect(r.mcd).toBeLessThan(3.5);
  });

  it('DTW finds the known path of a short sequence with a repeated frame', () => {
    const f = (v: number): Float64Array => Float64Array.of(v);
    const { path, cost } = dtw([f(0), f(1), f(2)], [f(0), f(1), f(1), f(2)]);
    expect(path).toEqual([[0, 0], [1, 1], [1, 2], [2, 3]]);
    expect(cost).toBe(0);
  });

  it('freqt with alpha 0 keeps the cepstrum; the mel settings follow the sample rate', () => {
    const c = Float64Array.of(1, 0.5, -0.25, 0.125);
    expect(Array.from(freqt(c, 3, 0))).toEqual([1, 0.5, -0.25, 0.125]);
    expect(mcepConfigFor(22050)).toMatchObject({ order: 34, alpha: 0.455 });
    expect(mcepConfigFor(16000)).toMatchObject({ order: 23, alpha: 0.41 });
    expect(() => mcepConfigFor(11025)).toThrow(/No mel-cepstrum settings for 11025 Hz/);
  });
});

describe('log-spectral and multi-resolution STFT distances', () => {
  const ref = clip('LJ001-0002');

  it('are 0 for identical signals and exact for a pure gain change', () => {
    expect(logSpectralDistance(ref, ref)).toBe(0);
    expect(mrstftDistance(ref, ref).total).toBe(0);
    const half = ref.map((v) => v / 2);
    expect(logSpectralDistance(ref, half)).toBeCloseTo(20 * Math.log10(2), 1);
    const m = mrstftDistance(ref, half);
    expect(m.spectralConvergence).toBeCloseTo(0.5, 1);
    expect(m.logMagnitude).toBeCloseTo(Math.log(2), 1);
  });

  it('grow with noise', () => {
    const lsd = [30, 20, 10].map((snr) => logSpectralDistance(ref, withNoise(ref, snr)));
    const mr = [30, 20, 10].map((snr) => mrstftDistance(ref, withNoise(ref, snr)).total);
    expect(lsd[1]!).toBeGreaterThan(lsd[0]!);
    expect(lsd[2]!).toBeGreaterThan(lsd[1]!);
    expect(mr[1]!).toBeGreaterThan(mr[0]!);
    expect(mr[2]!).toBeGreaterThan(mr[1]!);
  });
});

describe('log-F0 RMSE and V/UV error', () => {
  const rate = 22050;

  it('measures a one-semitone shift of a tone as 100 cents and no voicing errors', () => {
    const r = f0Distance(tone(220, 1, rate), tone(220 * 2 ** (1 / 12), 1, rate), rate);
    expect(r.logF0RmseCents!).toBeGreaterThan(97);
    expect(r.logF0RmseCents!).toBeLessThan(103);
    expect(r.vuvError).toBe(0);
    expect(f0Distance(tone(150, 1, rate), tone(150, 1, rate), rate).logF0RmseCents).toBe(0);
  });

  it('counts silence against a tone as voicing errors, in proportion', () => {
    const full = tone(200, 2, rate);
    const half = full.slice();
    half.fill(0, rate); // the second second is silent
    const r = f0Distance(full, half, rate);
    expect(r.vuvError).toBeGreaterThan(0.45);
    expect(r.vuvError).toBeLessThan(0.55);
    expect(r.logF0RmseCents!).toBeLessThan(1);
  });
});

describe('confidence intervals', () => {
  it('use the t quantile: 12.706 at 1 df, 2.776 at 4, 2.042 at 30', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    const ci = meanCi([1, 2, 3, 4, 5])!;
    expect(ci.mean).toBe(3);
    expect(ci.ci95!).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 3);
    expect(meanCi([7])).toEqual({ n: 1, mean: 7, sd: 0, ci95: null });
    expect(meanCi([])).toBeNull();
  });
});
