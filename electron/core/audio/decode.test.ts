// Decoding what users bring (FLAC, MP3, Ogg Opus, Ogg Vorbis) and writing what stores accept (CBR MP3).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOggEncoder } from 'wasm-media-encoders';
import { decodeAudio, sniffContainer } from './decode';
import { encodeMp3, readMp3Frames } from './mp3';
import { decodeWav } from './wav';
import { AudioFormatError } from './audio-error';

const fixture = (name: string): Uint8Array => readFileSync(join(__dirname, 'fixtures', name));
const reference = decodeWav(fixture('LJ001-0001.wav')).channels[0]!;

/** Normalised cross-correlation at the best lag within ±maxLag samples, over one second. */
function similarity(a: Float32Array, b: Float32Array, maxLag: number): { lag: number; r: number } {
  let best = { lag: 0, r: -1 };
  // One second of speech from the middle of the clip is plenty to line two renderings up.
  const from = Math.max(maxLag, Math.floor(a.length / 2) - 11025), to = Math.min(from + 22050, Math.min(a.length, b.length) - maxLag);
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = from; i < to; i++) { const x = a[i]!, y = b[i + lag]!; ab += x * y; aa += x * x; bb += y * y; }
    const r = ab / Math.sqrt(aa * bb);
    if (r > best.r) best = { lag, r };
  }
  return best;
}

describe('decoding', () => {
  it('decodes FLAC losslessly: the same samples as the WAV', async () => {
    const flac = await decodeAudio(fixture('LJ001-0001.flac'));
    expect(flac).toMatchObject({ container: 'flac', sampleRate: 22050, warnings: [] });
    expect(flac.channels[0]!.length).toBe(reference.length);
    let worst = 0;
    for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(flac.channels[0]![i]! - reference[i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('decodes MP3 to audio that matches the original clip', async () => {
    const mp3 = await decodeAudio(fixture('LJ001-0001.mp3'));
    expect(mp3.container).toBe('mp3');
    expect(mp3.sampleRate).toBe(22050);
    expect(Math.abs(mp3.channels[0]!.length - reference.length) / 22050).toBeLessThan(0.1);
    expect(similarity(reference, mp3.channels[0]!, 1200).r).toBeGreaterThan(0.9);
  });

  it('decodes Ogg Opus at 48 kHz', async () => {
    const opus = await decodeAudio(fixture('LJ001-0001-3s.opus'));
    expect(opus.container).toBe('opus');
    expect(opus.sampleRate).toBe(48000);
    expect(opus.channels[0]!.length / 48000).toBeCloseTo(3, 1);
  });

  it('decodes Ogg Vorbis', async () => {
    const enc = await createOggEncoder();
    enc.configure({ channels: 1, sampleRate: 22050, vbrQuality: 5 });
    const bytes = new Uint8Array([...enc.encode([reference]), ...enc.finalize()]);
    const ogg = await decodeAudio(bytes);
    expect(ogg.container).toBe('vorbis');
    expect(Math.abs(ogg.channels[0]!.length - reference.length)).toBeLessThan(2048);
    expect(similarity(reference, ogg.channels[0]!, 600).r).toBeGreaterThan(0.95);
  });

  it('tells what a file really is, whatever its name, and refuses what it cannot read', async () => {
    expect(sniffContainer(fixture('LJ001-0001.mp3'))).toBe('mp3');
    expect(sniffContainer(fixture('LJ001-0001.flac'))).toBe('flac');
    await expect(decodeAudio(new Uint8Array())).rejects.toThrow(/empty/);
    await expect(decodeAudio(Buffer.from('%PDF-1.7 a document'))).rejects.toBeInstanceOf(AudioFormatError);
    const cut = fixture('LJ001-0001.flac').subarray(0, 100);
    await expect(decodeAudio(cut)).rejects.toThrow(/holds no audio/);
  });
});

describe('MP3 export', () => {
  it('writes constant 192 kbps at 44.1 kHz in every frame (ACX), and it decodes back to the same speech', async () => {
    const { resample } = await import('./resample');
    const x44 = resample(reference, 22050, 44100);
    const mp3 = await encodeMp3([x44], 44100, 192);
    const frames = readMp3Frames(mp3);
    expect(frames.length).toBeGreaterThan(300);
    expect(new Set(frames.map((f) => f.bitrateKbps))).toEqual(new Set([192]));
    expect(new Set(frames.map((f) => f.sampleRate))).toEqual(new Set([44100]));
    expect(frames[0]!.channels).toBe(1);
    const back = await decodeAudio(mp3);
    expect(back.channels).toHaveLength(1); // mono stays mono (mpg123 hands back two)
    expect(similarity(x44, back.channels[0]!, 2400).r).toBeGreaterThan(0.95);
    // Stereo stays stereo, even with two identical channels (a mono book exported as stereo).
    const stereo = await decodeAudio(await encodeMp3([x44, x44], 44100, 192));
    expect(stereo.channels).toHaveLength(2);
  });

  it('refuses rates and layouts MP3 cannot hold', async () => {
    await expect(encodeMp3([reference], 22051)).rejects.toThrow(/not an MP3 sample rate/);
    await expect(encodeMp3([reference, reference, reference], 44100)).rejects.toThrow(/mono or stereo/);
  });
});
