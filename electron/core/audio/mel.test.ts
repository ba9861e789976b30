// The TypeScript mel matches the trainer's (committed vectors from resources/trainer/tools/make_mel_vectors.py).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeWav } from './wav';
import { HIFIGAN_MEL, melFilterbank, melSpectrogram, TACOTRON2_MEL, hzToMel, melToHz } from './mel';

const fixtures = join(__dirname, 'fixtures');
const Vectors = z.object({
  cases: z.array(z.object({
    file: z.string(), offset: z.number(), length: z.number(), config: z.enum(['tacotron2', 'hifigan']),
    nMels: z.number(), frames: z.number(), mel: z.string(),
  })),
});
const vectors = Vectors.parse(JSON.parse(readFileSync(join(fixtures, 'mel-vectors.json'), 'utf8')));

describe('the log-mel spectrogram', () => {
  for (const c of vectors.cases) {
    it(`matches the trainer to 1e-4 on ${c.file}[${c.offset}:+${c.length}] (${c.config})`, () => {
      const wav = decodeWav(readFileSync(join(fixtures, c.file)));
      const signal = wav.channels[0]!.subarray(c.offset, c.offset + c.length);
      const mel = melSpectrogram(signal, c.config === 'tacotron2' ? TACOTRON2_MEL : HIFIGAN_MEL);
      const expected = new Float32Array(Uint8Array.from(Buffer.from(c.mel, 'base64')).buffer);
      expect([mel.nMels, mel.frames]).toEqual([c.nMels, c.frames]);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i]! - mel.data[i]!));
      expect(worst).toBeLessThan(1e-4);
    });
  }

  it('uses Slaney filters: 80 filters covering 0..8 kHz, each with unit area in Hz', () => {
    const f = melFilterbank(TACOTRON2_MEL);
    expect(f).toHaveLength(80);
    const binHz = 22050 / 1024;
    for (const filter of f) {
      const area = filter.weights.reduce((a, w) => a + w, 0) * binHz;
      // Slaney normalisation makes each triangle's area ≈ 1 (coarse bins at low frequencies deviate).
      if (filter.weights.length > 8) expect(Math.abs(area - 1)).toBeLessThan(0.1);
    }
    expect(melToHz(hzToMel(440))).toBeCloseTo(440, 9);
    expect(hzToMel(1000)).toBeCloseTo(15, 9);
  });

  it('gives the floor log(1e-5) for digital silence and no frames for no samples', () => {
    const mel = melSpectrogram(new Float32Array(22050));
    expect(mel.frames).toBe(87);
    expect(Math.max(...mel.data)).toBeCloseTo(Math.log(1e-5), 6);
    expect(melSpectrogram(new Float32Array(0)).frames).toBe(0);
  });

  it('puts a 1 kHz tone in the mel band that contains 1 kHz', () => {
    const tone = Float32Array.from({ length: 22050 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 22050));
    const mel = melSpectrogram(tone);
    const t = 40;
    let best = 0;
    for (let m = 1; m < 80; m++) if (mel.data[m * mel.frames + t]! > mel.data[best * mel.frames + t]!) best = m;
    const filters = melFilterbank(TACOTRON2_MEL);
    const peakBin = filters[best]!.start + filters[best]!.weights.indexOf(Math.max(...filters[best]!.weights));
    expect(Math.abs(peakBin * (22050 / 1024) - 1000)).toBeLessThan(60);
  });

  it('refuses impossible configurations', () => {
    expect(() => melSpectrogram(new Float32Array(10), { ...TACOTRON2_MEL, nFft: 1000, win: 1000 })).toThrow(/power of two/);
    expect(() => melSpectrogram(new Float32Array(10), { ...TACOTRON2_MEL, fmax: 12000 })).toThrow(/Nyquist/);
  });
});
