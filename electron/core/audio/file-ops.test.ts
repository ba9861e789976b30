// Long files streamed block by block: the same figures as in memory, with progress, for measuring and resampling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureFile, resampleFile } from './file-ops';
import { measure } from './measures';
import { resample } from './resample';
import { decodeWav, encodeWav } from './wav';
import { WavFileWriter } from './wav-file';
import { makeTempDir } from '../testing/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let longFile: string;
const SR = 22050;
const clip = decodeWav(readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.wav'))).channels[0]!;

beforeAll(() => {
  tmp = makeTempDir();
  longFile = join(tmp.path, 'chapter.wav');
  // Five minutes of narration: the LJSpeech clip over and over, with quiet gaps, written as a recorder would.
  const w = new WavFileWriter(longFile, { channels: 1, sampleRate: SR, format: 'pcm16' });
  const gap = Float32Array.from({ length: SR / 2 }, (_, i) => 0.0005 * Math.sin(i / 7));
  let seconds = 0;
  while (seconds < 300) { w.append(clip); w.append(gap); seconds += clip.length / SR + 0.5; }
  w.close();
});
afterAll(() => tmp.cleanup());

describe('streaming file operations', () => {
  it('measure a long file with the same results as in memory, reporting progress', () => {
    const progress: number[] = [];
    const streamed = measureFile(longFile, (done, total) => progress.push(done / total));
    const whole = decodeWav(readFileSync(longFile));
    const inMemory = measure(whole.channels, whole.sampleRate);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(streamed.durationSeconds).toBeCloseTo(inMemory.durationSeconds, 6);
    expect(streamed.peakDb).toBeCloseTo(inMemory.peakDb, 6);
    expect(streamed.truePeakDb).toBeCloseTo(inMemory.truePeakDb, 3);
    expect(streamed.rmsDb).toBeCloseTo(inMemory.rmsDb, 4);
    expect(streamed.loudnessLufs).toBeCloseTo(inMemory.loudnessLufs, 4);
    expect(streamed.noiseFloorDb).toBeCloseTo(inMemory.noiseFloorDb, 0);
    expect(Math.abs(streamed.snrDb - inMemory.snrDb)).toBeLessThan(0.5);
    expect(streamed.clippedSamples).toBe(inMemory.clippedSamples);
  });

  it('resample a long file to disk with the same samples as in memory', () => {
    const out = join(tmp.path, 'chapter-44k.wav');
    let calls = 0;
    resampleFile(longFile, out, 44100, () => { calls++; }, 'float32');
    const back = decodeWav(readFileSync(out));
    const whole = decodeWav(readFileSync(longFile)).channels[0]!;
    const expected = resample(whole, SR, 44100);
    expect(calls).toBeGreaterThan(10);
    expect(back.sampleRate).toBe(44100);
    expect(back.channels[0]!.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i += 7) worst = Math.max(worst, Math.abs(expected[i]! - back.channels[0]![i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('handles stereo, and refuses a file that is not WAV with a clear error', () => {
    const stereo = join(tmp.path, 'stereo.wav');
    writeFileSync(stereo, encodeWav({ sampleRate: 48000, channels: [clip.subarray(0, 48000), clip.subarray(48000, 96000)] }));
    const m = measureFile(stereo);
    expect(m.channels).toBe(2);
    expect(m.durationSeconds).toBeCloseTo(1, 6);
    const fake = join(tmp.path, 'fake.wav');
    writeFileSync(fake, readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.mp3')));
    expect(() => measureFile(fake)).toThrow(/MP3 file, not a WAV file/);
  });
});
