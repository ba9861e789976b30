// A producer's edit list, the assembled chapter and the export, through the real backend: LJSpeech speech as the chosen takes, real SQLite, the real encoders.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BookExportResult, ChapterEdits, ChapterPeaks, ChapterPreview } from '../../../shared/domains/book-export';
import type { ChapterPage } from '../../../shared/domains/books';
import { readMp3Frames } from '../../audio/mp3';
import { encodeWav } from '../../audio/wav';
import { openDatabase } from '../../db/database';
import { recordTake } from '../../db/book-render.repo';
import { ok, openHarness, type Harness } from '../../testing/backend-harness';
import { findFfmpeg } from '../mastering/m4b-export';

const CLIPS = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
const haveClips = existsSync(join(CLIPS, 'LJ001-0001.wav'));

describe.skipIf(!haveClips)('book export', () => {
  let h: Harness;
  let bookId: number;
  let chapterId: number;
  let sentences: number[];

  let second: { chapterId: number; sentenceId: number };
  /** A three-chapter text book: chapter one's three sentences and chapter two's one get LJSpeech clips as their chosen takes; chapter three has none. */
  async function bookWithTakes(): Promise<void> {
    const txt = join(h.root, 'book.md');
    writeFileSync(txt, '# Chapter One\n\nThe first sentence is here. The second one follows it. And a third ends the chapter.\n\n# Chapter Two\n\nA short one.\n\n# Chapter Three\n\nNothing is rendered here yet.\n');
    ({ bookId } = ok<{ bookId: number }>(await h.backend.invoke('books:import', { path: txt, title: 'The Test Book', author: 'A. Writer' })));
    const book = ok<{ chapters: { id: number; title: string }[] }>(await h.backend.invoke('books:get', { bookId }));
    chapterId = book.chapters[0]!.id;
    const page = ok<ChapterPage>(await h.backend.invoke('books:chapter', { chapterId }));
    sentences = page.paragraphs.flatMap((p) => p.sentences.map((s) => s.id));
    // The chapter's title is read too: it is the first sentence.
    expect(page.paragraphs[0]!.sentences[0]!.text).toBe('Chapter One');
    expect(sentences).toHaveLength(4);
    const two = ok<ChapterPage>(await h.backend.invoke('books:chapter', { chapterId: book.chapters[1]!.id }));
    const twoIds = two.paragraphs.flatMap((p) => p.sentences.map((x) => x.id));
    second = { chapterId: book.chapters[1]!.id, sentenceId: twoIds[0]! };
    const clips = ['LJ001-0002', 'LJ001-0008', 'LJ001-0013'];
    const texts = new Map([...page.paragraphs, ...two.paragraphs].flatMap((p) => p.sentences.map((x) => [x.id, x.text] as const)));
    const db = openDatabase(join(h.workspace, 'studio.sqlite'));
    try {
      const takes: [number, number, string][] = [...sentences.map((id, i): [number, number, string] => [chapterId, id, clips[i % 3]!]),
        ...twoIds.map((id, i): [number, number, string] => [second.chapterId, id, clips[i % 3]!])];
      takes.forEach(([chapter, sentence, clip], i) => {
        const rel = `books/book-${bookId}/takes/chapter-${chapter}/s${sentence}.wav`;
        mkdirSync(join(h.workspace, rel, '..'), { recursive: true });
        copyFileSync(join(CLIPS, `${clip}.wav`), join(h.workspace, rel));
        recordTake(db, { sentenceId: sentence, path: rel, text: texts.get(sentence)!, seed: 1, voiceId: null, vocoder: 'recorded', lexiconVersion: 1, cacheKey: `k${i}`, sampleRate: 22050, seconds: 2, slipReport: null }, [], true);
      });
    } finally {
      db.close();
    }
  }

  beforeEach(async () => {
    h = await openHarness();
    await bookWithTakes();
  });
  afterEach(async () => { await h.close(); });

  const anchor = (i: number, offsetMs: number) => ({ sentenceId: String(sentences[i]), part: 'speech' as const, offsetMs });

  it('edits are added, undone, redone and taken back; redo history is dropped by a new edit; they stay in their chapter', async () => {
    let list = ok<ChapterEdits>(await h.backend.invoke('books:edits', { chapterId }));
    expect(list).toMatchObject({ entries: [], undoPointer: 0, canUndo: false, canRedo: false });
    list = ok<ChapterEdits>(await h.backend.invoke('books:addEdit', { chapterId, edit: { kind: 'gain', start: anchor(0, 100), end: anchor(0, 600), gainDb: -6 } }));
    list = ok<ChapterEdits>(await h.backend.invoke('books:addEdit', { chapterId, edit: { kind: 'pause', sentenceId: String(sentences[1]), pauseMs: 1200 } }));
    expect(list.active.map((a) => a.edit.kind)).toEqual(['gain', 'pause']);
    list = ok<ChapterEdits>(await h.backend.invoke('books:undoEdit', { chapterId }));
    expect(list).toMatchObject({ undoPointer: 1, canUndo: true, canRedo: true });
    expect(list.active.map((a) => a.edit.kind)).toEqual(['gain']);
    list = ok<ChapterEdits>(await h.backend.invoke('books:redoEdit', { chapterId }));
    expect(list.active.map((a) => a.edit.kind)).toEqual(['gain', 'pause']);
    // Take back the first without undoing the second; that removal is itself undoable.
    list = ok<ChapterEdits>(await h.backend.invoke('books:removeEdit', { chapterId, editId: list.active[0]!.id }));
    expect(list.active.map((a) => a.edit.kind)).toEqual(['pause']);
    list = ok<ChapterEdits>(await h.backend.invoke('books:undoEdit', { chapterId }));
    expect(list.active.map((a) => a.edit.kind)).toEqual(['gain', 'pause']);
    // A new edit after an undo drops what could have been redone.
    list = ok<ChapterEdits>(await h.backend.invoke('books:addEdit', { chapterId, edit: { kind: 'fade', start: anchor(2, 0), end: anchor(2, 300), direction: 'in' } }));
    expect(list.entries).toHaveLength(3);
    expect(list.canRedo).toBe(false);
    // The list survives a restart of the backend (it is in the database, cursor included).
    await h.backend.close();
    const again = await openHarness();
    try {
      const reopened = await again.backend.invoke('workspace:open', { path: h.workspace, create: false });
      expect(reopened.ok).toBe(true);
      const kept = ok<ChapterEdits>(await again.backend.invoke('books:edits', { chapterId }));
      expect(kept.active.map((a) => a.edit.kind)).toEqual(['gain', 'pause', 'fade']);
      // Nothing left to redo, and a sentence of another chapter is refused.
      expect(await again.backend.invoke('books:redoEdit', { chapterId })).toMatchObject({ ok: false, error: { message: /nothing to redo/ } });
      const other = ok<{ chapters: { id: number }[] }>(await again.backend.invoke('books:get', { bookId })).chapters[1]!.id;
      const otherPage = ok<ChapterPage>(await again.backend.invoke('books:chapter', { chapterId: other }));
      const foreign = { sentenceId: String(otherPage.paragraphs[0]!.sentences[0]!.id), part: 'speech', offsetMs: 0 };
      expect(await again.backend.invoke('books:addEdit', { chapterId, edit: { kind: 'cut', start: foreign, end: foreign } }))
        .toMatchObject({ ok: false, error: { message: /is not in chapter/ } });
    } finally {
      await again.close();
    }
    h = await openHarness(); // afterEach closes one
  });

  it('the assembled chapter has every sentence in order with the edited pause, and peaks the editor can draw', async () => {
    ok(await h.backend.invoke('books:addEdit', { chapterId, edit: { kind: 'pause', sentenceId: String(sentences[0]), pauseMs: 2000 } }));
    expect(ok(await h.backend.invoke('books:chapterPreview', { chapterId }))).toBeNull();
    const { job } = ok<{ job: number }>(await h.backend.invoke('books:previewChapter', { chapterId }));
    const done = await h.settled(job);
    expect(done.state, done.error ?? '').toBe('succeeded');
    const p = done.result as ChapterPreview;
    expect(p.sentences.map((s) => s.sentenceId)).toEqual(sentences);
    expect(p.sentences[1]!.start - p.sentences[0]!.end).toBeCloseTo(2, 1);
    const usual = p.sentences[3]!.start - p.sentences[2]!.end;
    expect(usual).toBeGreaterThan(0.1);
    expect(usual).toBeLessThan(1.5);
    expect(p.missing).toEqual([]);
    expect(existsSync(join(h.workspace, p.audio))).toBe(true);
    expect(ok(await h.backend.invoke('books:chapterPreview', { chapterId }))).toEqual(p);
    const peaks = ok<ChapterPeaks>(await h.backend.invoke('books:chapterPeaks', { chapterId, bins: 500 }));
    expect(peaks.peaks.length / 2).toBeGreaterThanOrEqual(500);
    expect(peaks.durationSeconds).toBeCloseTo(p.durationSeconds, 3);
    expect(Math.max(...peaks.peaks)).toBeGreaterThan(0.1);
    // A chapter with nothing rendered is refused at the call, with what to do.
    const other = ok<{ chapters: { id: number }[] }>(await h.backend.invoke('books:get', { bookId })).chapters[2]!.id;
    expect(await h.backend.invoke('books:previewChapter', { chapterId: other })).toMatchObject({ ok: false, error: { message: /No sentence of "Chapter Three" has been rendered/, hint: /Render "Chapter Three" first \(or leave it out of the export\)/ } });
    // A book export that includes it is refused the same way, naming it.
    expect(await h.backend.invoke('books:export', { bookId, formats: ['mp3'] })).toMatchObject({ ok: false, error: { message: /"Chapter Three"/ } });
  });

  it('a cut inside a sentence shortens it in the preview, and the preview keeps the timeline before the cut for the anchors', async () => {
    const assemble = async (): Promise<ChapterPreview> => {
      const done = await h.settled(ok<{ job: number }>(await h.backend.invoke('books:previewChapter', { chapterId })).job);
      expect(done.state, done.error ?? '').toBe('succeeded');
      return done.result as ChapterPreview;
    };
    const before = await assemble();
    expect(before.unedited.removals).toEqual([]);
    expect(before.unedited.sentences.map((s) => [s.start, s.end])).toEqual(before.sentences.map((s) => [s.start, s.end]));
    ok(await h.backend.invoke('books:addEdit', { chapterId, edit: { kind: 'cut', start: anchor(1, 200), end: anchor(1, 500) } }));
    const after = await assemble();
    // What the listener hears: sentence 2 is 0.3 s shorter and everything after it 0.3 s earlier.
    const len = (s: { start: number; end: number }) => s.end - s.start;
    expect(len(after.sentences[1]!)).toBeCloseTo(len(before.sentences[1]!) - 0.3, 2);
    expect(after.sentences[2]!.start).toBeCloseTo(before.sentences[2]!.start - 0.3, 2);
    expect(after.durationSeconds).toBeCloseTo(before.durationSeconds - 0.3, 2);
    // What anchors are measured on: the chapter as it was, with the cut listed where it is.
    expect(after.unedited.sentences).toEqual(before.unedited.sentences);
    const s2 = before.unedited.sentences[1]!;
    expect(after.unedited.removals).toHaveLength(1);
    expect(after.unedited.removals[0]!.from).toBeCloseTo(s2.start + 0.2, 3);
    expect(after.unedited.removals[0]!.to).toBeCloseTo(s2.start + 0.5, 3);
    expect(after.unedited.removals[0]!.insert).toBe(0);
    expect(after.unedited.durationSeconds).toBeCloseTo(before.durationSeconds, 2);
  });

  it('a recorded room tone named inside the workspace is looped under the chapter; a missing one is refused at the call', async () => {
    const room = new Float32Array(22050 * 2);
    let seed = 7;
    for (let i = 0; i < room.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; room[i] = ((seed / 2 ** 32) - 0.5) * 0.002; }
    mkdirSync(join(h.workspace, 'takes'), { recursive: true });
    writeFileSync(join(h.workspace, 'takes', 'room.wav'), encodeWav({ sampleRate: 22050, channels: [room] }));
    expect(await h.backend.invoke('books:export', { bookId, chapterIds: [chapterId], formats: ['mp3'], roomTone: { source: 'recorded', path: 'takes/nope.wav' } }))
      .toMatchObject({ ok: false, error: { code: 'not_found', message: /room tone recording takes\/nope\.wav does not exist/ } });
    const { job } = ok<{ job: number }>(await h.backend.invoke('books:export', { bookId, chapterIds: [chapterId], formats: ['mp3'], roomTone: { source: 'recorded', path: 'takes/room.wav', levelDb: -65 } }));
    const done = await h.settled(job);
    expect(done.state, done.error ?? '').toBe('succeeded');
    const byId = Object.fromEntries((done.result as BookExportResult).chapters[0]!.report!.checks.map((k) => [k.id, k]));
    expect(byId.noise_floor!.measured!).toBeLessThan(-60);
    expect(byId.room_tone_head!.pass).toBe(true);
  }, 120_000);

  it('exports MP3 192 kbps CBR at 44.1 kHz with an ACX report measured on the MP3, and an M4B with chapter marks where ffmpeg is', async () => {
    const tools = findFfmpeg();
    const { job } = ok<{ job: number }>(await h.backend.invoke('books:export', { bookId, chapterIds: [chapterId, second.chapterId], formats: ['mp3', 'flac', 'm4b'] }));
    const done = await h.settled(job);
    expect(done.state, done.error ?? '').toBe('succeeded');
    const r = done.result as BookExportResult;
    expect(r.chapters.map((x) => x.title)).toEqual(['Chapter One', 'Chapter Two']);
    const c = r.chapters[0]!;
    expect(c.files.mp3).toMatch(/^books\/book-\d+\/export\/01 - Chapter One\.mp3$/);
    const frames = readMp3Frames(readFileSync(join(h.workspace, c.files.mp3!)));
    expect(new Set(frames.map((f) => f.bitrateKbps))).toEqual(new Set([192]));
    expect(new Set(frames.map((f) => f.sampleRate))).toEqual(new Set([44100]));
    expect(existsSync(join(h.workspace, c.files.flac!))).toBe(true);
    expect(c.report?.file).toMatch(/\.mp3$/);
    const byId = Object.fromEntries(c.report!.checks.map((k) => [k.id, k]));
    expect(byId.rms!.measured!).toBeGreaterThan(-23);
    expect(byId.rms!.measured!).toBeLessThan(-18);
    expect(byId.peak!.measured!).toBeLessThanOrEqual(-3);
    expect(byId.sample_rate!.pass).toBe(true);
    expect(byId.bitrate!.pass).toBe(true);
    // The newest export is kept for the Books area to show again.
    expect(ok<BookExportResult>(await h.backend.invoke('books:lastExport', { bookId })).finishedAt).toBe(r.finishedAt);
    if (!tools?.ffprobe) {
      if (!tools) {
        expect(r.m4b).toBeNull();
        expect(r.m4bNote).toMatch(/ffmpeg was not found/);
      }
      return;
    }
    expect(r.m4b).toMatch(/The Test Book\.m4b$/);
    const probe = spawnSync(tools.ffprobe, ['-v', 'error', '-show_chapters', '-show_format', '-of', 'json', join(h.workspace, r.m4b!)], { encoding: 'utf8' });
    const info = JSON.parse(probe.stdout) as { chapters: { tags: { title: string }; start_time: string }[]; format: { tags: { title: string; artist: string } } };
    expect(info.chapters.map((x) => x.tags.title)).toEqual(['Chapter One', 'Chapter Two']);
    // Chapter two starts where chapter one's master ends.
    expect(Number(info.chapters[1]!.start_time)).toBeCloseTo(c.durationSeconds, 1);
    expect(info.format.tags).toMatchObject({ title: 'The Test Book', artist: 'A. Writer' });
  }, 120_000);
});
