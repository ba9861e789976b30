// Chapter export speed: a 10-minute chapter of LJSpeech takes to WAV + FLAC + MP3 + ACX report, and peaks for a 2-hour chapter.
// Run: npx vitest run --config bench/vitest.bench.config.ts bench/mastering.bench-run.ts  (BENCH_MINUTES=… for another length)
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportChapter } from '../electron/core/audiobook/mastering/chapter-export';
import { PeaksBuilder, readPeaksFile } from '../electron/core/audiobook/mastering/waveform-peaks';
import { probeWav } from '../electron/core/audio/wav-stream';
import { makeTempDir } from '../electron/core/testing/temp-dir';

const tmp = makeTempDir('voicewright-bench-mastering-');
afterAll(() => tmp.cleanup());
const LJ = join(__dirname, '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);

describe('mastering and export', () => {
  it(`exports a ${MINUTES}-minute chapter to WAV, FLAC and MP3 with its ACX report`, async () => {
    const clips = readdirSync(LJ).filter((f) => f.endsWith('.wav')).sort();
    const takes: { sentenceId: string; path: string; pauseMs: number }[] = [];
    let seconds = 0;
    for (let i = 0; seconds < MINUTES * 60; i++) {
      const path = join(LJ, clips[i % clips.length]!);
      const info = probeWav(path);
      takes.push({ sentenceId: String(i + 1), path, pauseMs: 500 });
      seconds += info.frames / info.sampleRate + 0.5;
    }
    const steps = new Map<string, number>();
    let step = '', since = performance.now(), peakRss = 0;
    const t0 = performance.now();
    const result = await exportChapter({ takes, sampleRate: 22050, outputDir: tmp.path, baseName: 'chapter' }, {
      onProgress: (s) => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (s === step) return;
        const now = performance.now();
        if (step) steps.set(step, now - since);
        step = s; since = now;
      },
    });
    const total = (performance.now() - t0) / 1000;
    steps.set(step, performance.now() - since);
    const audio = result.durationSeconds;
    console.log(`\n${takes.length} takes, ${(audio / 60).toFixed(1)} min of audio: ${total.toFixed(1)} s in all, ${(audio / total).toFixed(1)}× real time; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    for (const [s, ms] of steps) console.log(`  ${s.padEnd(32)} ${(ms / 1000).toFixed(1)} s`);
    for (const [k, f] of Object.entries(result.files)) console.log(`  ${k.padEnd(10)} ${(statSync(f).size / 2 ** 20).toFixed(1)} MB`);
    console.log(`  ACX: ${result.report!.pass ? 'pass' : 'FAIL'}; RMS ${result.report!.measures.rmsDb} dB, peak ${result.report!.measures.peakDb} dB, floor ${result.report!.measures.noiseFloorDb} dB; gain ${result.gainDb} dB, limiter on ${(result.limitedFraction * 100).toFixed(1)} %`);
    expect(result.report!.pass).toBe(true);
  });

  it('builds waveform peaks for a 2-hour chapter and reads them back', () => {
    const frames = 2 * 3600 * 44100;
    const block = new Float32Array(65536);
    for (let i = 0; i < block.length; i++) block[i] = 0.3 * Math.sin(i / 9) * Math.sin(i / 5000);
    const t0 = performance.now();
    const b = new PeaksBuilder(44100, frames);
    for (let done = 0; done < frames; done += block.length) b.push(block.subarray(0, Math.min(block.length, frames - done)));
    const path = join(tmp.path, 'two-hours.peaks');
    b.write(path);
    const build = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const p = readPeaksFile(path);
    const read = (performance.now() - t1) / 1000;
    console.log(`\npeaks for 2 h at 44.1 kHz: built in ${build.toFixed(2)} s; file ${(statSync(path).size / 2 ** 20).toFixed(2)} MB (levels ${p.levels.map((l) => `${l.samplesPerBin}: ${l.peaks.length / 2} bins`).join(', ')}); read back in ${read.toFixed(3)} s`);
    expect(p.frames).toBe(frames);
  });
});
