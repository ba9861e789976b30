// FLAC takes on a kept decoder: the same samples as decodeAudio, file after file, and damaged files still get decodeAudio's answer.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudio } from '../audio/decode';
import { decodeTakeAudio } from './flac-decoder';
import { flacFrames, flacTotalSamples } from './flac-frames';

const speech = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech');
const lj = join(speech, 'formats', 'LJ001-0001.flac');
const cathy = join(speech, 'arctic-cathy', 'flac');

function same(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe.skipIf(!existsSync(lj))('decoding FLAC takes on one kept decoder', () => {
  it('gives decodeAudio\'s samples bit for bit, file after file, and WAV goes through decodeAudio itself', async () => {
    const files = [lj, ...(existsSync(cathy) ? readdirSync(cathy).sort().slice(0, 40).map((f) => join(cathy, f)) : []), lj];
    for (const f of files) {
      const bytes = readFileSync(f);
      const ours = await decodeTakeAudio(bytes);
      const theirs = await decodeAudio(bytes);
      expect(ours.sampleRate).toBe(theirs.sampleRate);
      expect(ours.channels).toHaveLength(theirs.channels.length);
      expect(same(ours.channels[0]!, theirs.channels[0]!), f).toBe(true);
      expect(ours.channels[0]!.length).toBe(flacTotalSamples(bytes));
    }
    const wav = readFileSync(join(speech, 'ljspeech-32', 'LJ001-0001.wav'));
    expect(same((await decodeTakeAudio(wav)).channels[0]!, (await decodeAudio(wav)).channels[0]!)).toBe(true);
  });

  it.skipIf(!existsSync(join(cathy, 'arctic_b0501_1592526442.flac')))('keeps a final one-sample frame that decodeAudio drops', async () => {
    const bytes = readFileSync(join(cathy, 'arctic_b0501_1592526442.flac'));
    expect(flacFrames(bytes)).toHaveLength(28); // as ffprobe counts them
    expect((await decodeTakeAudio(bytes)).channels[0]!.length).toBe(110593); // what STREAMINFO says
    expect((await decodeAudio(bytes)).channels[0]!.length).toBe(110592);
  });

  it('answers a cut or damaged file as decodeAudio does, and goes on decoding the next one', async () => {
    const bytes = readFileSync(lj);
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    expect(flacFrames(cut)).toBeNull();
    const outcome = (p: Promise<{ channels: Float32Array[] }>): Promise<unknown> => p.then((r) => r.channels[0]!.length, (e: Error) => e.message);
    expect(await outcome(decodeTakeAudio(cut))).toEqual(await outcome(decodeAudio(cut)));
    const flipped = Uint8Array.from(bytes);
    for (let i = 20_000; i < 20_050; i++) flipped[i] = flipped[i]! ^ 0x5a;
    expect(await outcome(decodeTakeAudio(flipped))).toEqual(await outcome(decodeAudio(flipped)));
    expect(same((await decodeTakeAudio(bytes)).channels[0]!, (await decodeAudio(bytes)).channels[0]!)).toBe(true);
  });
});
