// A book's edit lists, the editor's assembled chapter (a job) and the export job: the database side of the mastering code, which runs in a worker thread.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import type { ChapterExportResult, EditEntry, WaveformEdit } from '../../../shared/domains/book-edits';
import {
  BookExportResultSchema, ChapterPreviewSchema, type BookExportInputSchema, type BookExportResult, type ChapterEdits, type ChapterExportRow,
  type ChapterPeaks, type ChapterPreview,
} from '../../../shared/domains/book-export';
import { ApiError } from '../../../shared/errors';
import * as repo from '../../db/book-export.repo';
import type { JobContext } from '../../jobs/job-runner';
import type { Workspace } from '../../workspace/workspace';
import { writeFileAtomic } from '../mastering/atomic-file';
import { exportChapterInWorker } from '../mastering/chapter-export-host';
import { bookFolder } from '../book.service';
import { effectiveEdits } from '../mastering/edit-list';
import { exportBookM4b, findFfmpeg } from '../mastering/m4b-export';
import { pickLevel, readPeaksFile } from '../mastering/waveform-peaks';
import { perWorkspace } from '../../workspace/per-workspace';

export type BookExportInput = z.output<typeof BookExportInputSchema>;
interface PreviewParams { chapterId: number }

/** A title as a file name: no characters a file system refuses, at most 80 long. */
export function safeName(title: string, fallback: string): string {
  return title.replace(/[/\\:*?"<>|\0]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || fallback;
}

/** A file name stem for a chapter: "03 - The Storm". */
export function chapterStem(position: number, title: string): string {
  return `${String(position + 1).padStart(2, '0')} - ${safeName(title, 'Chapter')}`;
}

export class BookExportService {
  constructor(private readonly ws: Workspace) {
    ws.jobs.register('books:previewChapter', (ctx: JobContext<PreviewParams>) => this.runPreview(ctx));
    ws.jobs.register('books:export', (ctx: JobContext<BookExportInput>) => this.runExport(ctx));
  }

  private get db() { return this.ws.db; }

  private chapter(chapterId: number) {
    const c = repo.chapterExists(this.db, chapterId);
    if (!c) throw new ApiError('not_found', `There is no chapter ${chapterId}.`, 'Pick a chapter from the book.');
    return c;
  }

  private rel(abs: string): string {
    const r = relative(this.ws.root, abs);
    return r.startsWith('..') || isAbsolute(r) ? abs : r.split('\\').join('/');
  }

  // ---- the edit list -------------------------------------------------------------------------------------

  edits(chapterId: number): ChapterEdits {
    this.chapter(chapterId);
    const stored = repo.listEdits(this.db, chapterId);
    const cursor = Math.min(repo.editCursor(this.db, chapterId), stored.length);
    const entries: EditEntry[] = stored.map((e) => ({ id: String(e.id), edit: e.payload }));
    return {
      chapterId,
      entries: stored.map((e, i) => ({ ...entries[i]!, createdAt: e.createdAt })),
      undoPointer: cursor,
      active: effectiveEdits(entries, cursor),
      canUndo: cursor > 0,
      canRedo: cursor < stored.length,
    };
  }

  addEdit(chapterId: number, edit: WaveformEdit): ChapterEdits {
    this.chapter(chapterId);
    const ids = edit.kind === 'pause' ? [edit.sentenceId] : [edit.start.sentenceId, edit.end.sentenceId];
    const own = new Set(repo.chapterTakes(this.db, chapterId).map((t) => String(t.sentenceId)));
    const foreign = ids.find((s) => !own.has(s));
    if (foreign !== undefined) {
      throw new ApiError('invalid_input', `Sentence ${foreign} is not in chapter ${chapterId}: an edit stays inside its chapter.`, 'Select the region again on this chapter\'s waveform.');
    }
    repo.appendEdit(this.db, chapterId, edit, Number(ids[0]));
    return this.edits(chapterId);
  }

  removeEdit(chapterId: number, editId: string): ChapterEdits {
    const list = this.edits(chapterId);
    const target = list.active.find((a) => a.id === editId);
    if (!target) throw new ApiError('not_found', `Edit ${editId} is not in force in this chapter.`, 'Reload the chapter: the edit list changed.');
    const edit = target.edit;
    const first = edit.kind === 'pause' ? edit.sentenceId : edit.start.sentenceId;
    repo.appendEdit(this.db, chapterId, { kind: 'remove', target: editId }, Number(first));
    return this.edits(chapterId);
  }

  undo(chapterId: number): ChapterEdits {
    const list = this.edits(chapterId);
    if (!list.canUndo) throw new ApiError('invalid_input', 'There is nothing to undo in this chapter.');
    repo.setEditCursor(this.db, chapterId, list.undoPointer - 1);
    return this.edits(chapterId);
  }

  redo(chapterId: number): ChapterEdits {
    const list = this.edits(chapterId);
    if (!list.canRedo) throw new ApiError('invalid_input', 'There is nothing to redo in this chapter.');
    repo.setEditCursor(this.db, chapterId, list.undoPointer + 1);
    return this.edits(chapterId);
  }

  // ---- assembly ------------------------------------------------------------------------------------------

  /** The chosen takes of a chapter as the mastering code reads them, and the sentences that have none yet. */
  private takes(chapterId: number): { takes: { sentenceId: string; path: string; pauseMs: number }[]; sampleRate: number; missing: number[] } {
    const rows = repo.chapterTakes(this.db, chapterId);
    const missing = rows.filter((r) => r.path === null).map((r) => r.sentenceId);
    const have = rows.filter((r) => r.path !== null);
    if (have.length === 0) {
      const title = repo.chapterExists(this.db, chapterId)?.title ?? `chapter ${chapterId}`;
      throw new ApiError('invalid_input', rows.length === 0 ? `"${title}" has no sentences.` : `No sentence of "${title}" has been rendered yet.`,
        `Render "${title}" first (or leave it out of the export), then assemble or export it.`);
    }
    return {
      takes: have.map((r) => ({ sentenceId: String(r.sentenceId), path: this.ws.resolveInside(r.path!), pauseMs: r.pauseMs })),
      sampleRate: have[0]!.sampleRate ?? 22050,
      missing,
    };
  }

  private previewDir(bookId: number, chapterId: number): string {
    return this.ws.resolveInside(`${bookFolder(bookId)}/preview/chapter-${chapterId}`);
  }

  previewChapter(chapterId: number): { job: number } {
    const c = this.chapter(chapterId);
    this.takes(chapterId); // nothing rendered fails the call, not a job later
    return { job: this.ws.jobs.start('books:previewChapter', `Assemble ${c.title}`, { chapterId }).id };
  }

  private async runPreview(ctx: JobContext<PreviewParams>): Promise<ChapterPreview> {
    const { chapterId } = ctx.params;
    const c = this.chapter(chapterId);
    const { takes, sampleRate, missing } = this.takes(chapterId);
    const dir = this.previewDir(c.bookId, chapterId);
    const edits = this.edits(chapterId).active;
    const r = await exportChapterInWorker({ takes, sampleRate, edits, formats: ['wav'], outputDir: dir, baseName: 'chapter', peaks: true },
      { signal: ctx.signal, onProgress: (step, cur, total) => ctx.progress(step, cur, total) });
    const preview: ChapterPreview = {
      chapterId, audio: this.rel(r.files.wav!), peaks: this.rel(r.files.peaks!), durationSeconds: r.durationSeconds, sampleRate: r.sampleRate,
      sentences: r.sentences.map((s) => ({ sentenceId: Number(s.sentenceId), start: s.start, end: s.end })), unedited: r.unedited, missing, skippedEdits: r.skippedEdits,
    };
    writeFileAtomic(join(dir, 'preview.json'), JSON.stringify(preview));
    return preview;
  }

  chapterPreview(chapterId: number): ChapterPreview | null {
    const c = this.chapter(chapterId);
    const file = join(this.previewDir(c.bookId, chapterId), 'preview.json');
    if (!existsSync(file)) return null;
    const parsed = ChapterPreviewSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  }

  chapterPeaks(chapterId: number, bins: number): ChapterPeaks {
    const preview = this.chapterPreview(chapterId);
    if (!preview) throw new ApiError('not_found', 'This chapter has not been assembled yet.', 'Assemble the chapter (it needs rendered sentences) to see its waveform.');
    const peaks = readPeaksFile(this.ws.resolveInside(preview.peaks));
    const level = pickLevel(peaks, bins);
    // Three decimals are finer than the file's int8 steps and keep the JSON small.
    const values = Array.from(level.peaks, (x) => Math.round(x * 1000) / 1000);
    return { durationSeconds: preview.durationSeconds, samplesPerBin: level.samplesPerBin, peaks: values };
  }

  // ---- export --------------------------------------------------------------------------------------------

  /** A recorded room tone named relative to the workspace (takes/room.wav) is read from there; a missing file fails the call. */
  private roomTone(tone: NonNullable<BookExportInput['roomTone']>): NonNullable<BookExportInput['roomTone']> {
    if (tone.source !== 'recorded') return tone;
    const path = isAbsolute(tone.path) ? tone.path : this.ws.resolveInside(tone.path);
    if (!existsSync(path)) throw new ApiError('not_found', `The room tone recording ${tone.path} does not exist.`, 'Give the path of a WAV of your room (absolute, or inside the workspace), or leave it empty for generated room tone.');
    return { ...tone, path };
  }

  private exportDir(bookId: number, outputDir?: string): string {
    return outputDir ? resolve(outputDir) : this.ws.resolveInside(`${bookFolder(bookId)}/export`);
  }

  export(input: BookExportInput): { job: number } {
    const book = repo.bookTitle(this.db, input.bookId);
    if (!book) throw new ApiError('not_found', `There is no book ${input.bookId}.`, 'Pick a book from the list.');
    const chapters = repo.exportChapters(this.db, input.bookId, input.chapterIds);
    if (chapters.length === 0) throw new ApiError('invalid_input', 'No chapter to export: none is included, or the chapters given are not in this book.', 'Include a chapter in the book, or pick chapters of this book.');
    for (const c of chapters) this.takes(c.id);
    if (input.roomTone) this.roomTone(input.roomTone);
    return { job: this.ws.jobs.start('books:export', `Export ${book.title}`, input).id };
  }

  private async runExport(ctx: JobContext<BookExportInput>): Promise<BookExportResult> {
    const input = ctx.params;
    const book = repo.bookTitle(this.db, input.bookId)!;
    const chapters = repo.exportChapters(this.db, input.bookId, input.chapterIds);
    const folder = this.exportDir(input.bookId, input.outputDir);
    const wantM4b = input.formats.includes('m4b');
    // The M4B is made from the WAV masters, so they are written when it is asked for even if WAV itself was not.
    const formats = [...new Set(input.formats.filter((f) => f !== 'm4b').concat(wantM4b ? ['wav'] : []))] as ('wav' | 'flac' | 'mp3')[];
    const steps = chapters.length + (wantM4b ? 1 : 0);
    const rows: ChapterExportRow[] = [];
    for (const [i, c] of chapters.entries()) {
      const { takes, sampleRate } = this.takes(c.id);
      const r: ChapterExportResult = await exportChapterInWorker({
        takes, sampleRate, edits: this.edits(c.id).active, formats, outputDir: folder, baseName: chapterStem(c.position, c.title),
        ...(input.roomTone ? { roomTone: this.roomTone(input.roomTone) } : {}), ...(input.targetRmsDb !== undefined ? { targetRmsDb: input.targetRmsDb } : {}),
      }, {
        signal: ctx.signal,
        onProgress: (step, cur, total) => ctx.progress(`${c.title}: ${step}`, i * 1000 + Math.round((1000 * cur) / Math.max(1, total)), steps * 1000),
      });
      const files = Object.fromEntries(Object.entries(r.files).map(([k, v]) => [k, v === undefined ? v : this.rel(v)])) as ChapterExportResult['files'];
      rows.push({ ...r, files, chapterId: c.id, title: c.title, position: c.position });
    }
    let m4b: string | null = null;
    let m4bNote: string | null = null;
    if (wantM4b) {
      ctx.progress('M4B with chapter marks', chapters.length * 1000, steps * 1000);
      if (!findFfmpeg()) {
        // Everything else is exported; the M4B needs ffmpeg, which the studio does not ship.
        m4bNote = 'No M4B: ffmpeg was not found on this machine. Install it (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; '
          + 'Windows: winget install ffmpeg) or set VOICEWRIGHT_FFMPEG to its path, then export again. WAV, FLAC and MP3 do not need it.';
      } else {
        const made = await exportBookM4b({
          chapters: rows.map((r) => ({ title: r.title, path: resolve(this.ws.root, r.files.wav!) })),
          title: book.title, author: book.author, outPath: join(folder, `${safeName(book.title, 'Book')}.m4b`),
        }, { signal: ctx.signal, onProgress: (step, cur, total) => ctx.progress(`M4B: ${step}`, chapters.length * 1000 + Math.round((1000 * cur) / Math.max(1, total)), steps * 1000) });
        m4b = this.rel(made.path);
      }
    }
    const result: BookExportResult = {
      bookId: input.bookId, folder: this.rel(folder), chapters: rows, m4b, m4bNote,
      pass: rows.every((r) => r.report === null || r.report.pass), finishedAt: new Date().toISOString(),
    };
    writeFileAtomic(join(this.exportDir(input.bookId), 'last-export.json'), JSON.stringify(result));
    return result;
  }

  lastExport(bookId: number): BookExportResult | null {
    const file = join(this.exportDir(bookId), 'last-export.json');
    if (!existsSync(file)) return null;
    const parsed = BookExportResultSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  }
}

/** The workspace's book export service (its job kinds registered once per open workspace). */
export const bookExportFor = perWorkspace((ws) => new BookExportService(ws));
