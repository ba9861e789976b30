// npm run bench:audio — a 3-hour chapter measured and resampled from disk in bounded memory, with progress.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { measureFile, resampleFile } from '../electron/core/audio/file-ops';
import { decodeWav } from '../electron/core/audio/wav';
import { WavFileWriter } from '../electron/core/audio/wav-file';
import { makeTempDir } from '../electron/core/testing/temp-dir';

const tmp = makeTempDir('voicewright-bench-');
afterAll(() => tmp.cleanup());
const HOURS = Number(process.env.BENCH_HOURS ?? 3);

describe('long files', () => {
  it(`measures and resamples a ${HOURS}-hour WAV with flat memory`, () => {
    const clip = decodeWav(readFileSync(join(__dirname, '..', 'electron', 'core', 'audio', 'fixtures', 'LJ001-0001.wav'))).channels[0]!;
    const path = join(tmp.path, 'chapter.wav');
    const w = new WavFileWriter(path, { channels: 1, sampleRate: 22050, format: 'pcm16' });
    const frames = Math.round(HOURS * 3600 * 22050);
    for (let done = 0; done < frames; done += clip.length) w.append(clip.subarray(0, Math.min(clip.length, frames - done)));
    w.close();
    const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
    const sizeOnDisk = statSync(path).size;
    let peakRss = 0, calls = 0;
    // The progress callback doubles as the memory probe: it runs after every block.
    const progress = (): void => {
      calls++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    };
    const rssBefore = process.memoryUsage().rss;
    let t = performance.now();
    const m = measureFile(path, progress);
    const tMeasure = (performance.now() - t) / 1000;
    t = performance.now();
    resampleFile(path, join(tmp.path, 'chapter-44k.wav'), 44100, progress);
    const tResample = (performance.now() - t) / 1000;
    const seconds = HOURS * 3600;
    console.log([
      '',
      `${HOURS} h WAV (${mb(sizeOnDisk)} on disk): measure ${tMeasure.toFixed(1)} s (${(seconds / tMeasure).toFixed(0)}×RT), resample 22.05→44.1 kHz ${tResample.toFixed(1)} s (${(seconds / tResample).toFixed(0)}×RT)`,
      `RSS before ${mb(rssBefore)}, peak during ${mb(peakRss)} (growth ${mb(peakRss - rssBefore)}; the file itself is ${mb(sizeOnDisk)})`,
      `loudness ${m.loudnessLufs.toFixed(1)} LUFS, RMS ${m.rmsDb.toFixed(1)} dB, duration ${(m.durationSeconds / 3600).toFixed(2)} h`,
    ].join('\n'));
    expect(m.durationSeconds).toBeCloseTo(seconds, 0);
    expect(calls).toBeGreaterThan(100);
    // Bounded: memory growth stays far below the file size.
    expect(peakRss - rssBefore).toBeLessThan(sizeOnDisk / 4);
  });
});
