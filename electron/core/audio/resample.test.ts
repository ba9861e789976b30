// Resampling: reference tones keep pitch and length, aliases are removed, streaming equals one pass, and the
// output agrees with libsamplerate's best converter (the proven reference) in the passband.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import { resample, Resampler } from './resample';
import { decodeWav } from './wav';
import { toDb } from './measures';

const tone = (sr: number, f: number, seconds: number, amp = 0.5): Float32Array =>
  Float32Array.from({ length: Math.round(sr * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / sr));

/** Frequency from zero crossings over the steady middle of the signal. */
function frequency(x: Float32Array, sr: number): number {
  const a = Math.floor(x.length * 0.1), b = Math.floor(x.length * 0.9);
  let first = -1, last = -1, count = 0;
  for (let i = a; i < b; i++) {
    if (x[i - 1]! < 0 && x[i]! >= 0) {
      const t = i - 1 + x[i - 1]! / (x[i - 1]! - x[i]!);
      if (first < 0) first = t; else count++;
      last = t;
    }
  }
  return (count * sr) / (last - first);
}

const peakOf = (x: Float32Array, from: number, to: number): number => {
  let p = 0;
  for (let i = from; i < to; i++) p = Math.max(p, Math.abs(x[i]!));
  return p;
};

describe('resampling', () => {
  const pairs: [number, number][] = [[48000, 22050], [44100, 48000], [48000, 44100], [16000, 22050], [22050, 16000], [22050, 44100], [44100, 22050], [48000, 16000]];
  for (const [from, to] of pairs) {
    it(`${from} → ${to} Hz keeps a 1 kHz tone's pitch, level and length`, () => {
      const y = resample(tone(from, 1000, 3), from, to);
      expect(y.length).toBe(Math.round((3 * from * to) / from));
      expect(frequency(y, to)).toBeCloseTo(1000, 1);
      expect(toDb(peakOf(y, to * 0.5, to * 2.5) / 0.5)).toBeCloseTo(0, 1);
    });
  }

  it('removes what the new rate cannot carry (a 15 kHz tone into 22.05 kHz) by more than 80 dB', () => {
    const y = resample(tone(48000, 15000, 1), 48000, 22050);
    expect(toDb(peakOf(y, 1000, y.length - 1000) / 0.5)).toBeLessThan(-80);
  });

  it('streams in chunks of any size with the same output as one pass', () => {
    const x = tone(48000, 440, 2);
    const whole = resample(x, 48000, 22050);
    const r = new Resampler(48000, 22050);
    const parts: Float32Array[] = [];
    let i = 0, size = 1;
    while (i < x.length) { parts.push(r.process(x.subarray(i, i + size))); i += size; size = (size * 7) % 5003 + 1; }
    parts.push(r.flush());
    const streamed = Float32Array.from(parts.flatMap((p) => Array.from(p)));
    expect(streamed.length).toBe(whole.length);
    let worst = 0;
    for (let k = 0; k < whole.length; k++) worst = Math.max(worst, Math.abs(whole[k]! - streamed[k]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('agrees with libsamplerate (SRC_SINC_BEST_QUALITY) in the passband to better than −80 dB', async () => {
    // Tones from 100 Hz to 6 kHz: the band a 16 kHz file carries flat (our −0.1 dB edge is about 0.8 × Nyquist).
    const sr = 22050;
    const x = new Float32Array(sr * 2);
    for (const f of [100, 330, 1000, 2500, 4000, 5000, 6000]) for (let i = 0; i < x.length; i++) x[i]! += 0.1 * Math.sin((2 * Math.PI * f * i) / sr + f);
    const ours = resample(x, sr, 16000);
    const src = await libsamplerate.create(1, sr, 16000, { converterType: libsamplerate.ConverterType.SRC_SINC_BEST_QUALITY });
    const ref = src.simple(x);
    src.destroy();
    expect(Math.abs(ours.length - ref.length)).toBeLessThanOrEqual(1);
    let err = 0, sig = 0;
    for (let i = 2000; i < Math.min(ours.length, ref.length) - 2000; i++) { err += (ours[i]! - ref[i]!) ** 2; sig += ref[i]! ** 2; }
    expect(10 * Math.log10(err / sig)).toBeLessThan(-80);
  });

  it('on real speech differs from libsamplerate only in the transition band (wider-band settings agree to −35 dB)', async () => {
    const x = decodeWav(readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.wav'))).channels[0]!;
    const src = await libsamplerate.create(1, 22050, 16000, { converterType: libsamplerate.ConverterType.SRC_SINC_BEST_QUALITY });
    const ref = src.simple(x);
    src.destroy();
    const ours = resample(x, 22050, 16000, { taps: 128, rolloff: 0.97 });
    let err = 0, sig = 0;
    for (let i = 1000; i < Math.min(ours.length, ref.length) - 1000; i++) { err += (ours[i]! - ref[i]!) ** 2; sig += ref[i]! ** 2; }
    expect(10 * Math.log10(err / sig)).toBeLessThan(-35);
  });

  it('returns a copy for equal rates and refuses nonsense rates', () => {
    const x = tone(22050, 100, 0.1);
    expect(resample(x, 22050, 22050)).toEqual(x);
    expect(() => new Resampler(0, 22050)).toThrow(/positive integers/);
    expect(() => new Resampler(44100.5, 22050)).toThrow(/positive integers/);
    expect(resample(new Float32Array(0), 48000, 22050).length).toBe(0);
  });
});
