// STFT round trip, Griffin-Lim from real mels, and YIN pitch on known tones and real speech.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { griffinLim } from './griffin-lim';
import { melSpectrogram } from './mel';
import { DifferenceFunction, medianF0, yin } from './pitch';
import { istft, stft } from './stft';
import { decodeWav } from './wav';
import { measure } from './measures';
import { hasRecognizer, recognize, wordErrorRate } from '../testing/asr';

const clip = decodeWav(readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.wav'))).channels[0]!;
const SR = 22050;

describe('STFT', () => {
  it('inverts exactly', () => {
    const x = clip.subarray(0, 22050);
    const cfg = { nFft: 1024, hop: 256, win: 1024 };
    const y = istft(stft(x, cfg), cfg, x.length);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('Griffin-Lim', () => {
  const x = clip.subarray(0, SR * 2);
  const target = melSpectrogram(x);
  const melL1 = (y: Float32Array): number => {
    const m = melSpectrogram(y);
    const frames = Math.min(m.frames, target.frames);
    let s = 0;
    for (let b = 0; b < 80; b++) for (let t = 2; t < frames - 2; t++) s += Math.abs(m.data[b * m.frames + t]! - target.data[b * target.frames + t]!);
    return s / (80 * (frames - 4));
  };

  it('turns a real mel back into audio whose mel matches, far better than random phase', () => {
    const progress: number[] = [];
    const y = griffinLim(target, undefined, { iterations: 32, power: 1, onProgress: (i) => progress.push(i) });
    const random = griffinLim(target, undefined, { iterations: 0, power: 1 });
    expect(progress).toHaveLength(32);
    expect(y.length).toBe((target.frames - 1) * 256);
    const converged = melL1(y), start = melL1(random);
    expect(converged).toBeLessThan(0.35);
    expect(converged).toBeLessThan(start * 0.7);
    expect(y.every(Number.isFinite)).toBe(true);
  });

  it('keeps the level of the original and is understood by a speech recognizer', (ctx) => {
    const full = melSpectrogram(clip);
    const y = griffinLim(full, undefined, { iterations: 60 });
    expect(measure([y], SR).rmsDb).toBeCloseTo(measure([clip], SR).rmsDb, 0);
    expect(measure([y], SR).peakDb).toBeLessThan(0);
    if (!hasRecognizer) return ctx.skip('pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us)');
    const text = 'Printing, in the only sense with which we are at present concerned, differs from most if not from all the arts and crafts represented in the Exhibition';
    const heardOriginal = recognize(clip, SR), heard = recognize(y, SR);
    // Griffin-Lim must be about as intelligible as the recording itself.
    expect(wordErrorRate(text, heard)).toBeLessThanOrEqual(Math.max(0.25, wordErrorRate(text, heardOriginal) + 0.1));
  }, 120_000);

  it('is reproducible with a seed', () => {
    const a = griffinLim(target, undefined, { iterations: 2, seed: 5 });
    const b = griffinLim(target, undefined, { iterations: 2, seed: 5 });
    expect(a).toEqual(b);
  });
});

describe('YIN pitch', () => {
  for (const f of [85, 120, 220, 400]) {
    it(`tracks a ${f} Hz harmonic tone within 1%`, () => {
      const x = Float32Array.from({ length: SR }, (_, i) => 0.3 * Math.sin((2 * Math.PI * f * i) / SR) + 0.15 * Math.sin((4 * Math.PI * f * i) / SR) + 0.1 * Math.sin((6 * Math.PI * f * i) / SR));
      const track = yin(x, SR);
      expect(track.voiced.every((v) => v === 1)).toBe(true);
      expect(Math.abs(medianF0(track) - f) / f).toBeLessThan(0.01);
    });
  }

  it('calls silence and white noise unvoiced', () => {
    expect(yin(new Float32Array(SR), SR).voiced.some((v) => v === 1)).toBe(false);
    let seed = 3;
    const noise = Float32Array.from({ length: SR }, () => { seed = (seed * 16807) % 2147483647; return (seed / 2147483647 - 0.5) * 0.5; });
    const track = yin(noise, SR);
    expect(track.voiced.filter((v) => v === 1).length / track.voiced.length).toBeLessThan(0.1);
  });

  it('computes the difference function by FFT as the direct sum does, on real speech', () => {
    const W = 368, tauMax = 368;
    const diff = new DifferenceFunction(clip, W, tauMax);
    const out = new Float64Array(tauMax + 1);
    for (const s of [0, 4410, 22050, 40000, clip.length - W - tauMax]) {
      diff.at(s, out);
      let worst = 0;
      for (let tau = 0; tau <= tauMax; tau++) {
        let direct = 0;
        for (let i = 0; i < W; i++) direct += (clip[s + i]! - clip[s + i + tau]!) ** 2;
        worst = Math.max(worst, Math.abs(out[tau]! - direct));
      }
      // Relative to the frame's energy: the FFT's rounding, nothing more.
      expect(worst / Math.max(diff.energy(s), 1e-12)).toBeLessThan(1e-9);
    }
  });

  it('finds a female narrator’s pitch on LJSpeech, with voiced and unvoiced frames', () => {
    const track = yin(clip, SR);
    const voicedShare = track.voiced.reduce((a, v) => a + v, 0) / track.voiced.length;
    expect(voicedShare).toBeGreaterThan(0.3);
    expect(voicedShare).toBeLessThan(0.95);
    expect(medianF0(track)).toBeGreaterThan(150);
    expect(medianF0(track)).toBeLessThan(280);
  });
});
