// M4B: exported chapters into one AAC audiobook whose chapter marks, tags and cover ffprobe reads back; a clear error without ffmpeg.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { makeTempDir } from '../../testing/temp-dir';
import { exportChapter } from './chapter-export';
import { exportBookM4b, ffmetadata, ffmpegMissingError, findFfmpeg } from './m4b-export';

const LJ = resolve(__dirname, '../../../../../shared/data/speech/ljspeech-32');
const tools = findFfmpeg();
let dir: { path: string; cleanup(): void };
beforeAll(() => { dir = makeTempDir('vw-m4b-'); });
afterAll(() => dir.cleanup());

const ProbeSchema = z.object({
  chapters: z.array(z.object({ start_time: z.string(), end_time: z.string(), tags: z.object({ title: z.string() }) })),
  streams: z.array(z.object({ codec_type: z.string(), codec_name: z.string(), disposition: z.object({ attached_pic: z.number() }).partial().optional() })),
  format: z.object({ duration: z.string(), tags: z.record(z.string(), z.string()) }),
});

describe('M4B export', () => {
  const title = 'chapters, titles, tags and cover read back by ffprobe';
  it.skipIf(!tools?.ffprobe)(tools?.ffprobe ? title : `${title} (skipped: ffmpeg or ffprobe is not on this machine; apt install ffmpeg to run it)`, async () => {
    const out = join(dir.path, 'book');
    const chapters = [];
    for (const [i, ids] of [['LJ001-0001', 'LJ001-0002'], ['LJ001-0003'], ['LJ001-0004']].entries()) {
      const r = await exportChapter({
        takes: ids.map((id, k) => ({ sentenceId: `c${i}s${k}`, path: join(LJ, `${id}.wav`), pauseMs: 500 })),
        sampleRate: 22050, formats: [i === 1 ? 'flac' : 'wav'], outputDir: out, baseName: `0${i + 1}`, peaks: false,
      });
      chapters.push({ title: i === 0 ? 'Chapter One; "the = start"' : `Chapter ${i + 1}`, path: (r.files.wav ?? r.files.flac)!, seconds: r.durationSeconds });
    }
    const cover = join(dir.path, 'cover.jpg');
    execFileSync(tools!.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=navy:s=300x300', '-frames:v', '1', cover]);
    const steps: number[] = [];
    const m4b = join(out, 'The Book.m4b');
    const result = await exportBookM4b({ chapters, title: 'The Book', author: 'A. Writer', narrator: 'Voicewright', coverPath: cover, outPath: m4b },
      { onProgress: (_s, current) => steps.push(current) });
    expect(steps.length).toBeGreaterThan(0);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]); // temp list, metadata and partial file are gone
    const probe = ProbeSchema.parse(JSON.parse(execFileSync(tools!.ffprobe!, ['-v', 'error', '-show_chapters', '-show_streams', '-show_format', '-of', 'json', m4b]).toString()));
    expect(probe.chapters.map((c) => c.tags.title)).toEqual(chapters.map((c) => c.title));
    let at = 0;
    for (const [i, c] of probe.chapters.entries()) {
      expect(Number(c.start_time)).toBeCloseTo(at, 2);
      at += chapters[i]!.seconds;
      expect(Number(c.end_time)).toBeCloseTo(at, 2);
    }
    expect(result.chapters.map((c) => c.end)[2]).toBeCloseTo(at, 3);
    expect(Number(probe.format.duration)).toBeCloseTo(at, 0);
    expect(probe.format.tags).toMatchObject({ title: 'The Book', artist: 'A. Writer', album: 'The Book', genre: 'Audiobook', composer: 'Voicewright' });
    expect(probe.streams.find((s) => s.codec_type === 'audio')!.codec_name).toBe('aac');
    expect(probe.streams.find((s) => s.codec_type === 'video')?.disposition?.attached_pic).toBe(1);
  });

  it('without ffmpeg: a clear error per OS, and a Settings path that does not run is named', async () => {
    expect(findFfmpeg({ env: { PATH: join(dir.path, 'empty') }, platform: 'win32' })).toBeNull();
    const linux = ffmpegMissingError('linux');
    expect(linux.message).toMatch(/M4B audiobook needs ffmpeg/);
    expect(linux.hint).toMatch(/sudo apt install ffmpeg/);
    expect(linux.hint).toMatch(/WAV, FLAC and MP3 export work without it/);
    expect(ffmpegMissingError('darwin').hint).toMatch(/brew install ffmpeg/);
    expect(ffmpegMissingError('win32').hint).toMatch(/winget/);
    await expect(exportBookM4b({ chapters: [{ title: 'x', path: join(LJ, 'LJ001-0001.wav') }], title: 't', author: 'a', outPath: join(dir.path, 'x.m4b'), ffmpegPath: join(dir.path, 'no-ffmpeg') }))
      .rejects.toThrow(/ffmpeg set in Settings .*does not run/);
  });

  it('ffmetadata escapes the characters ffmpeg reads as syntax', () => {
    const text = ffmetadata({ title: 'A=B; #1 \\ x', author: 'Me' }, [{ title: 'One', start: 0, end: 1.5 }]);
    expect(text).toContain('title=A\\=B\\; \\#1 \\\\ x');
    expect(text).toContain('[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=One');
  });
});
