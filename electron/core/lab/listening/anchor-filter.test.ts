// MUSHRA anchors are really band-limited: on a real LJSpeech clip the band above 3.5 / 7 kHz drops by ≥ 40 dB, the band below stays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../audio/wav';
import { designLowpass, filterZeroPhase, lowpassAnchor } from './anchor-filter';
import { bandEnergy } from './band-energy';

const clip = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32', 'LJ001-0001.wav');

const db = (ratio: number): number => 10 * Math.log10(ratio);

describe('the MUSHRA anchors', () => {
  const ref = decodeWav(readFileSync(clip));
  const x = ref.channels[0]!;
  const fs = ref.sampleRate;

  for (const cutoff of [3500, 7000]) {
    it(`at ${cutoff / 1000} kHz remove ≥ 40 dB of the speech above the cut-off and keep the band below it`, () => {
      const y = lowpassAnchor(x, fs, cutoff);
      expect(y.length).toBe(x.length);
      const passHz = designLowpass(cutoff, fs).passHz;
      const below = db(bandEnergy(y, fs, 50, passHz) / bandEnergy(x, fs, 50, passHz));
      const above = db(bandEnergy(y, fs, cutoff, fs / 2) / bandEnergy(x, fs, cutoff, fs / 2));
      expect(Math.abs(below)).toBeLessThan(0.1);
      expect(above).toBeLessThan(-40);
      // The clip does have energy up there, so the test measures something: more than 1/1000 of the total.
      expect(bandEnergy(x, fs, cutoff, fs / 2) / bandEnergy(x, fs, 0, fs / 2)).toBeGreaterThan(1e-3);
    });
  }

  it('keep the time alignment with the reference (zero phase), so switching during playback stays in place', () => {
    const impulse = new Float32Array(4001);
    impulse[2000] = 1;
    const y = filterZeroPhase(impulse, designLowpass(3500, fs).taps);
    let peakAt = 0;
    for (let i = 0; i < y.length; i++) if (Math.abs(y[i]!) > Math.abs(y[peakAt]!)) peakAt = i;
    expect(peakAt).toBe(2000);
  });

  it('refuse a cut-off at or above the Nyquist frequency with the rate it needs', () => {
    expect(() => designLowpass(7000, 12000)).toThrow(/sample rate above 14000 Hz/);
  });
});
