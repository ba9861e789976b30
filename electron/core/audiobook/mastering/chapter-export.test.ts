// Chapter export on real speech (LJSpeech clips as takes): formats, no digital silence, FLAC bit-exact, ACX on the MP3, failures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeAudio } from '../../audio/decode';
import { toDb, windowRms } from '../../audio/measures';
import { decodeWav, encodeWav } from '../../audio/wav';
import { decodeTakeAudio } from '../../dataset/flac-decoder';
import { makeTempDir } from '../../testing/temp-dir';
import { exportChapter } from './chapter-export';
import { readPeaksFile } from './waveform-peaks';

const LJ = resolve(__dirname, '../../../../../shared/data/speech/ljspeech-32');
const hasFfmpeg = ((): boolean => { try { execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const hasSox = ((): boolean => { try { execFileSync('sox', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

let dir: { path: string; cleanup(): void };
beforeEach(() => { dir = makeTempDir('vw-export-'); });
afterEach(() => dir.cleanup());

const takes = (ids: string[]) => ids.map((id, i) => ({ sentenceId: `s${i + 1}`, path: join(LJ, `${id}.wav`), pauseMs: 600 }));

describe('chapter export', () => {
  it('writes WAV, FLAC, MP3, peaks and an ACX report that passes, with room tone and never digital silence', async () => {
    const out = join(dir.path, 'export');
    const steps = new Set<string>();
    const result = await exportChapter({
      takes: takes(['LJ001-0001', 'LJ001-0002', 'LJ001-0003']),
      sampleRate: 22050,
      edits: [
        { id: 'e1', edit: { kind: 'silence', start: { sentenceId: 's2', offsetMs: 200 }, end: { sentenceId: 's2', offsetMs: 900 } } },
        { id: 'e2', edit: { kind: 'pause', sentenceId: 's1', pauseMs: 1200 } },
      ],
      outputDir: out,
      baseName: '01 - Chapter One',
    }, { onProgress: (step) => steps.add(step) });
    expect([...steps][0]).toBe('measuring');
    expect([...steps].slice(-2)).toEqual(['mastering', 'checking the MP3 against ACX']);
    expect([...steps]).toContain('measuring the limiter (1)');
    expect(readdirSync(out).sort()).toEqual(['01 - Chapter One.acx.html', '01 - Chapter One.acx.json', '01 - Chapter One.acx.txt',
      '01 - Chapter One.flac', '01 - Chapter One.mp3', '01 - Chapter One.peaks', '01 - Chapter One.wav']);
    const report = result.report!;
    expect(report.checks.filter((c) => !c.pass)).toEqual([]);
    expect(report.pass).toBe(true);
    // On target as measured on the MP3: the encoder's level loss is made up for.
    expect(report.measures.rmsDb!).toBeGreaterThan(-20.3);
    expect(report.measures.rmsDb!).toBeLessThan(-19.7);
    expect(report.measures.peakDb!).toBeLessThanOrEqual(-3);
    // The limiter's ceiling (−3.8) leaves room for inter-sample peaks and the encoder's overshoot.
    expect(report.measures.truePeakDb!).toBeLessThanOrEqual(-3);
    expect(report.measures.noiseFloorDb!).toBeLessThanOrEqual(-60);
    expect(report.measures.bitrateKbps).toEqual([192]);
    expect(JSON.parse(readFileSync(result.files.reportJson!, 'utf8'))).toEqual(report);
    expect(readFileSync(result.files.reportHtml!, 'utf8')).toContain('Every requirement passes.');

    const wav = decodeWav(readFileSync(result.files.wav!));
    expect(wav.sampleRate).toBe(44100);
    expect(wav.format).toBe('pcm16');
    expect(wav.channels[0]!.length / 44100).toBeCloseTo(result.durationSeconds, 6);
    // No 100 ms window anywhere quieter than −90 dBFS: the muted region and the pauses are room tone.
    const windows = windowRms(wav.channels, 4410, 441);
    expect(toDb(Math.min(...windows))).toBeGreaterThan(-90);
    expect(result.sentences.map((s) => s.sentenceId)).toEqual(['s1', 's2', 's3']);
    expect(result.warnings).toEqual([]);
    expect(result.sentences[1]!.start - result.sentences[0]!.end).toBeCloseTo(1.2, 3);

    const peaks = readPeaksFile(result.files.peaks!);
    expect(peaks.frames).toBe(wav.channels[0]!.length);
    expect(peaks.levels.map((l) => l.samplesPerBin)).toEqual([256, 4096, 65536]);
  });

  it('FLAC decodes bit-exact to the WAV with our decoders, ffmpeg and sox, at 16 and 24 bits', async () => {
    for (const bitDepth of [16, 24] as const) {
      const out = join(dir.path, `b${bitDepth}`);
      const r = await exportChapter({ takes: takes(['LJ001-0004']), sampleRate: 22050, formats: ['wav', 'flac'], bitDepth, outputDir: out, baseName: 'ch', peaks: false });
      expect(r.report).toBeNull();
      const wav = decodeWav(readFileSync(r.files.wav!));
      expect(wav.format).toBe(bitDepth === 16 ? 'pcm16' : 'pcm24');
      const flacBytes = readFileSync(r.files.flac!);
      const ours = await decodeAudio(flacBytes);
      expect(ours.sampleRate).toBe(44100);
      expect(ours.channels[0]).toEqual(wav.channels[0]);
      expect((await decodeTakeAudio(flacBytes)).channels[0]).toEqual(wav.channels[0]);
      const wavData = readFileSync(r.files.wav!).subarray(44);
      if (hasFfmpeg) {
        const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', r.files.flac!, '-f', bitDepth === 16 ? 's16le' : 's24le', '-'], { maxBuffer: 1 << 28 });
        expect(Buffer.compare(pcm, wavData)).toBe(0);
      }
      if (hasSox) {
        const pcm = execFileSync('sox', [r.files.flac!, '-t', 'raw', '-e', 'signed-integer', '-b', String(bitDepth), '-L', '-'], { maxBuffer: 1 << 28 });
        expect(Buffer.compare(pcm, wavData)).toBe(0);
        // libFLAC's own check of the MD5 written into STREAMINFO at close.
        expect(execFileSync('sox', ['--i', '-D', r.files.flac!]).toString().trim()).toBe((wav.channels[0]!.length / 44100).toFixed(6));
      }
    }
  });

  it('stereo when asked: WAV, FLAC and MP3 in two identical channels, and the report checks the book is stereo', async () => {
    const r = await exportChapter({ takes: takes(['LJ001-0011']), sampleRate: 22050, channels: 2, outputDir: join(dir.path, 'st'), baseName: 'ch', peaks: false });
    const wav = decodeWav(readFileSync(r.files.wav!));
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[1]).toEqual(wav.channels[0]);
    expect((await decodeAudio(readFileSync(r.files.flac!))).channels).toEqual(wav.channels);
    expect(r.report!.checks.find((c) => c.id === 'channels')).toMatchObject({ pass: true, measured: 2 });
    expect(r.report!.pass).toBe(true);
  });

  it('a damaged take names its sentence and nothing is written', async () => {
    const bad = join(dir.path, 'bad.wav');
    writeFileSync(bad, readFileSync(join(LJ, 'LJ001-0002.wav')).subarray(0, 30));
    const out = join(dir.path, 'export');
    const t = takes(['LJ001-0001', 'LJ001-0002']);
    t[1]!.path = bad;
    await expect(exportChapter({ takes: t, sampleRate: 22050, outputDir: out, baseName: 'ch' })).rejects.toThrow(/take of sentence s2 .*bad\.wav/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a cancelled export leaves no file behind, and the earlier export stays as it was', async () => {
    const out = join(dir.path, 'export');
    const first = await exportChapter({ takes: takes(['LJ001-0005']), sampleRate: 22050, formats: ['wav'], outputDir: out, baseName: 'ch', peaks: false });
    const before = readFileSync(first.files.wav!);
    const controller = new AbortController();
    const run = exportChapter({ takes: takes(['LJ001-0006', 'LJ001-0007']), sampleRate: 22050, formats: ['wav', 'flac', 'mp3'], outputDir: out, baseName: 'ch' }, {
      signal: controller.signal,
      onProgress: (step, current, total) => { if (step === 'mastering' && current > total / 2) controller.abort(new Error('stop')); },
    });
    await expect(run).rejects.toThrow('stop');
    expect(readdirSync(out)).toEqual(['ch.wav']);
    expect(Buffer.compare(readFileSync(join(out, 'ch.wav')), before)).toBe(0);
  });

  it('bad settings and a recorded room tone: clear errors, and the recording is looped under the chapter', async () => {
    await expect(exportChapter({ takes: takes(['LJ001-0001']), sampleRate: 22050, outputDir: dir.path, baseName: 'a/b' })).rejects.toThrow(/baseName/);
    await expect(exportChapter({ takes: takes(['LJ001-0001']), sampleRate: 22050, outputDir: dir.path, baseName: 'x', headMs: 200 })).rejects.toThrow(/headMs/);
    await expect(exportChapter({ takes: takes(['LJ001-0001']), sampleRate: 22050, outputDir: 'relative/out', baseName: 'x' })).rejects.toThrow(/outputDir: must be an absolute path/);
    // A "recording" of the room: 3 s of low noise at −66 dBFS RMS, at 44.1 kHz (the chapter is 22.05 kHz).
    let seed = 7;
    const white = Float32Array.from({ length: 3 * 44100 + 8 }, () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; });
    // Rooms hum low: an 8-sample average keeps the noise under ~5 kHz, which survives the resampling to 22.05 kHz.
    const noise = Float32Array.from({ length: 3 * 44100 }, (_, i) => white.subarray(i, i + 8).reduce((a, v) => a + v, 0));
    const rms = Math.sqrt(noise.reduce((a, v) => a + v * v, 0) / noise.length);
    for (let i = 0; i < noise.length; i++) noise[i]! *= 10 ** (-66 / 20) / rms;
    const tone = join(dir.path, 'tone.wav');
    writeFileSync(tone, encodeWav({ sampleRate: 44100, channels: [noise] }, 'float32'));
    const r = await exportChapter({ takes: takes(['LJ001-0008']), sampleRate: 22050, formats: ['mp3'], outputDir: join(dir.path, 'rec'), baseName: 'x', roomTone: { source: 'recorded', path: tone } });
    expect(r.report!.pass).toBe(true);
    expect(r.report!.measures.noiseFloorDb!).toBeGreaterThan(-68);
    expect(r.report!.measures.noiseFloorDb!).toBeLessThan(-64);
    const short = join(dir.path, 'short.wav');
    writeFileSync(short, encodeWav({ sampleRate: 44100, channels: [noise.subarray(0, 20000)] }, 'float32'));
    await expect(exportChapter({ takes: takes(['LJ001-0001']), sampleRate: 22050, outputDir: dir.path, baseName: 'x', roomTone: { source: 'recorded', path: short } }))
      .rejects.toThrow(/at least 1 s/);
  });
});
