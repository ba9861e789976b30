// Level measures and the ACX verdict on synthetic signals built exactly at the thresholds.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acxVerdict, type AcxCheckId } from './acx';
import { detectSilence, normalizeLoudness, normalizePeak, removeDc, trimView } from './dsp';
import { integratedLoudness } from './loudness';
import { fromDb, measure, toDb, truePeak } from './measures';
import { decodeWav } from './wav';

const SR = 44100;
const sine = (seconds: number, freq: number, amp: number, sr = SR): Float32Array =>
  Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sr));
const concat = (...parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const rmsDb = (x: Float32Array): number => toDb(Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length));

/** 0.7 s room tone, 20 s of "narration" (a steady tone), 2 s room tone; then scaled to the wanted whole-file RMS. */
function chapter({ rms = -20, peak, floor = -70 }: { rms?: number; peak?: number; floor?: number }): Float32Array {
  const roomAmp = fromDb(floor) * Math.SQRT2; // a sine's RMS is amp/√2
  const body = sine(20, 220, 0.1);
  const x = concat(sine(0.7, 1000, roomAmp), body, sine(2, 1000, roomAmp));
  // Scale only the body so the room tone stays exactly at `floor`.
  const start = Math.round(0.7 * SR);
  const bodyEnergyTarget = fromDb(rms) ** 2 * x.length - (x.length - body.length) * fromDb(floor) ** 2;
  const g = Math.sqrt(bodyEnergyTarget / body.reduce((a, v) => a + v * v, 0));
  for (let i = 0; i < body.length; i++) x[start + i] = body[i]! * g;
  if (peak !== undefined) x[start + 1000] = fromDb(peak);
  return x;
}

function failing(x: Float32Array, sr = SR): AcxCheckId[] {
  return acxVerdict([x], sr).checks.filter((c) => !c.pass).map((c) => c.id);
}

describe('ACX verdicts at the thresholds', () => {
  it('passes a well-mastered chapter', () => {
    const v = acxVerdict([chapter({})], SR);
    expect(v.checks.filter((c) => !c.pass)).toEqual([]);
    expect(v.pass).toBe(true);
  });

  it('RMS: −17.9 fails, −18.0 and −23.0 pass, −23.1 fails', () => {
    expect(failing(chapter({ rms: -17.9 }))).toEqual(['rms']);
    expect(failing(chapter({ rms: -18.0 }))).toEqual([]);
    expect(failing(chapter({ rms: -23.0 }))).toEqual([]);
    expect(failing(chapter({ rms: -23.1 }))).toEqual(['rms']);
    expect(acxVerdict([chapter({ rms: -17.9 })], SR).checks[0]!.message).toMatch(/louder than −18 dB/);
  });

  it('peak: −3.1 passes, −2.9 fails', () => {
    expect(failing(chapter({ peak: -3.1 }))).toEqual([]);
    expect(failing(chapter({ peak: -2.9 }))).toEqual(['peak']);
  });

  it('noise floor: −60.5 passes, −59.5 fails', () => {
    expect(failing(chapter({ floor: -60.5 }))).toEqual([]);
    expect(failing(chapter({ floor: -59.5 }))).toEqual(['noise_floor']);
  });

  it('wants 44.1 kHz, one layout, and room tone that is not digital silence', () => {
    expect(failing(chapter({}).subarray(0), 48000)).toContain('sample_rate');
    expect(acxVerdict([chapter({}), chapter({})], SR, { expectedChannels: 1 }).checks.find((c) => c.id === 'channels')!.pass).toBe(false);
    const zeros = concat(new Float32Array(Math.round(0.7 * SR)), chapter({}).subarray(Math.round(0.7 * SR)));
    expect(failing(zeros)).toContain('room_tone_head');
    const noTail = chapter({}).subarray(0, Math.round(20.7 * SR));
    expect(failing(noTail)).toContain('room_tone_tail');
  });
});

describe('measures', () => {
  it('reads RMS, peak and noise floor of a known signal', () => {
    const m = measure([chapter({ rms: -20, floor: -70 })], SR);
    expect(m.rmsDb).toBeCloseTo(-20, 2);
    expect(m.noiseFloorDb).toBeCloseTo(-70, 1);
    expect(m.durationSeconds).toBeCloseTo(22.7, 5);
  });

  it('measures EBU R128 loudness: a 1 kHz sine at −20 dBFS peak is −23.0 LUFS mono, −20.0 stereo', () => {
    for (const sr of [48000, 44100, 22050]) {
      const x = sine(5, 1000, 0.1, sr);
      expect(integratedLoudness([x], sr)).toBeCloseTo(-23.0, 1);
      expect(integratedLoudness([x, x], sr)).toBeCloseTo(-20.0, 1);
    }
    expect(integratedLoudness([new Float32Array(SR * 2)], SR)).toBe(-Infinity);
  });

  it('finds inter-sample peaks that sample peaks miss', () => {
    const x = Float32Array.from({ length: 4096 }, (_, i) => 0.5 * Math.sin((Math.PI * i) / 2 + Math.PI / 4));
    expect(toDb(x.reduce((m, v) => Math.max(m, v), 0))).toBeCloseTo(toDb(0.5 * Math.SQRT1_2), 3);
    expect(toDb(truePeak(x))).toBeGreaterThan(toDb(0.5) - 0.3);
  });

  it('counts clipping runs, not single full-scale samples', () => {
    const x = sine(1, 100, 0.5);
    x.fill(1, 1000, 1010);
    x[5000] = -1;
    const m = measure([x], SR);
    expect(m.clippedSamples).toBe(11);
    expect(m.clippedRuns).toBe(1);
  });

  it('estimates SNR of speech over noise', () => {
    let seed = 7;
    const noise = (): number => { seed = (seed * 16807) % 2147483647; return (seed / 2147483647 - 0.5) * 2 * fromDb(-60) * Math.sqrt(3); };
    const x = concat(sine(1, 200, 0), sine(2, 200, fromDb(-17)), sine(1, 200, 0), sine(2, 300, fromDb(-17)), sine(1, 200, 0));
    for (let i = 0; i < x.length; i++) x[i]! += noise();
    expect(measure([x], SR).snrDb).toBeGreaterThan(37);
    expect(measure([x], SR).snrDb).toBeLessThan(43);
  });

  it('measures a real narration clip without surprises', () => {
    const wav = decodeWav(readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.wav')));
    const m = measure(wav.channels, wav.sampleRate);
    expect(m.peakDb).toBeLessThan(0);
    expect(m.rmsDb).toBeGreaterThan(-35);
    expect(m.rmsDb).toBeLessThan(-10);
    expect(m.loudnessLufs).toBeGreaterThan(-35);
    expect(m.clippedRuns).toBe(0);
  });
});

describe('silence, trimming and normalization', () => {
  const take = (): Float32Array => concat(sine(1, 1000, fromDb(-70)), sine(2, 300, 0.3), sine(1.5, 1000, fromDb(-70)));

  it('finds leading and trailing silence and trims as a view with a margin', () => {
    const x = take();
    const s = detectSilence([x], SR);
    expect(s.leadingSeconds).toBeCloseTo(1, 1);
    expect(s.trailingSeconds).toBeCloseTo(1.5, 1);
    const v = trimView([x], SR, 150);
    expect(v.start / SR).toBeCloseTo(0.85, 1);
    expect(v.end / SR).toBeCloseTo(3.15, 1);
    expect(x.length).toBe(Math.round(4.5 * SR));
    expect(trimView([new Float32Array(1000)], SR)).toEqual({ start: 0, end: 0 });
  });

  it('removes DC offset', () => {
    const x = Float32Array.from(sine(1, 100, 0.2), (v) => v + 0.1);
    const [y] = removeDc([x]);
    expect(Math.abs(measure([y!], SR).dcOffset)).toBeLessThan(1e-6);
  });

  it('normalizes peak and loudness, stopping at the peak ceiling', () => {
    const x = sine(3, 440, 0.05);
    expect(toDb(normalizePeak([x], -3.5).channels[0]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0))).toBeCloseTo(-3.5, 3);
    const loud = normalizeLoudness([x], SR, -20, -1);
    expect(integratedLoudness(loud.channels, SR)).toBeCloseTo(-20, 1);
    expect(loud.limited).toBe(false);
    const capped = normalizeLoudness([x], SR, -6, -3.5);
    expect(capped.limited).toBe(true);
    expect(rmsDb(capped.channels[0]!)).toBeCloseTo(-3.5 - 3.01, 1);
  });
});
