// The chapter export in its worker thread, run as the book export runs it (a job on the real runner and SQLite): progress by step,
// the result stored, a cancel that reaches the worker leaves no files, and the worker's errors keep their message and hint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Job, ProgressEvent } from '../../../shared/contract';
import { openDatabase, type WritableDb } from '../../db/database';
import { JobRunner } from '../../jobs/job-runner';
import { makeTempDir } from '../../testing/temp-dir';
import type { ChapterExportInput } from '../../../shared/domains/book-edits';
import { parseExportInput } from './chapter-export';
import { exportChapterInWorker } from './chapter-export-host';

const CHAPTER_EXPORT_JOB = 'test:exportChapter';

const LJ = resolve(__dirname, '../../../../../shared/data/speech/ljspeech-32');
let tmp: ReturnType<typeof makeTempDir>;
let db: WritableDb;
let runner: JobRunner;
let progress: ProgressEvent[];

beforeEach(() => {
  tmp = makeTempDir('vw-export-job-');
  db = openDatabase(join(tmp.path, 'studio.sqlite'));
  progress = [];
  runner = new JobRunner(db, { progress: (e) => progress.push(e), updated: (_j: Job) => undefined });
  runner.register<ChapterExportInput>(CHAPTER_EXPORT_JOB, (ctx) =>
    exportChapterInWorker(parseExportInput(ctx.params), { signal: ctx.signal, onProgress: (step, current, total) => ctx.progress(step, current, total) }));
});
afterEach(async () => { await runner.close(); db.close(); tmp.cleanup(); });

const params = (out: string) => ({
  takes: ['LJ001-0009', 'LJ001-0010'].map((id, i) => ({ sentenceId: String(i + 1), path: join(LJ, `${id}.wav`), pauseMs: 700 })),
  sampleRate: 22050, formats: ['wav', 'mp3'] as ('wav' | 'mp3')[], outputDir: out, baseName: 'ch',
});

describe('chapter export in a worker thread', () => {
  it('reports progress by step and stores the result with the ACX report', async () => {
    const job = runner.start(CHAPTER_EXPORT_JOB, 'Export chapter', params(join(tmp.path, 'out')));
    const done = await runner.settled(job.id);
    expect(done.state).toBe('succeeded');
    const result = done.result as { report: { pass: boolean }; files: { mp3: string } };
    expect(result.report.pass).toBe(true);
    expect(existsSync(result.files.mp3)).toBe(true);
    expect(new Set(progress.map((p) => p.step))).toContain('mastering');
  });

  it('cancelled mid-way: the job ends cancelled and no export file is left', async () => {
    const out = join(tmp.path, 'out');
    const job = runner.start(CHAPTER_EXPORT_JOB, 'Export chapter', params(out));
    await new Promise<void>((r) => { const t = setInterval(() => { if (progress.some((p) => p.step === 'mastering')) { clearInterval(t); r(); } }, 5); });
    runner.cancel(job.id);
    const done = await runner.settled(job.id);
    expect(done.state).toBe('cancelled');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a damaged take fails the job (from the worker) with the message that names the sentence', async () => {
    const bad = join(tmp.path, 'bad.wav');
    writeFileSync(bad, 'RIFF');
    const p = params(join(tmp.path, 'out'));
    p.takes[1]!.path = bad;
    const done = await runner.settled(runner.start(CHAPTER_EXPORT_JOB, 'Export chapter', p).id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/take of sentence 2 .*bad\.wav/);
    expect(done.hint).toMatch(/Re-render that sentence/);
  });

  it('bad params fail the job with the setting that was wrong', async () => {
    const job = runner.start(CHAPTER_EXPORT_JOB, 'Export chapter', { ...params(tmp.path), tailMs: 9000 });
    const done = await runner.settled(job.id);
    expect(done.state).toBe('failed');
    expect(JSON.stringify(done.error)).toMatch(/tailMs/);
  });
});
