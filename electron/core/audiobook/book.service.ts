// Books: import with preview, the chapter view, sentence edits, pauses, voice overrides, flags, find/replace and delete.
import { rmSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BookDetail, ChapterPage, ChapterSummary, ImportPreview, ImportReportEntry, Sentence, SentenceFlag } from '../../shared/domains/books';
import { ApiError } from '../../shared/errors';
import * as repo from '../db/books.repo';
import { readSettings } from '../db/settings.repo';
import { DB_FILE, type Workspace } from '../workspace/workspace';
import { planReplacements, type FindOptions } from './find-replace';
import { importInWorker, previewInWorker } from './import/book-import.host';
import { LexiconService } from './lexicon/lexicon.service';
import { perWorkspace } from '../workspace/per-workspace';

/** Where a book's media live inside the workspace. */
export const bookFolder = (bookId: number): string => `books/book-${bookId}`;

export interface ImportInput {
  path: string; title?: string | undefined; author?: string | undefined; language?: string | undefined;
  include?: number[] | undefined; chapterPattern?: string | undefined;
}

export interface FlagInput {
  sentenceId: number; takeId?: number | undefined; kind: SentenceFlag['kind']; chars?: { start: number; end: number } | undefined;
  time?: { start: number; end: number } | undefined; note: string;
}

export class BookService {
  readonly lexicon: LexiconService;
  constructor(private readonly ws: Workspace) {
    this.lexicon = new LexiconService(ws.db);
  }

  private get db() { return this.ws.db; }

  /** Reading, splitting (and storing) run in a worker thread: a large book would otherwise hold up every other call for seconds. */
  async previewImport(path: string, chapterPattern?: string): Promise<ImportPreview> {
    return previewInWorker(resolve(path), chapterPattern);
  }

  async import(input: ImportInput): Promise<{ bookId: number; report: ImportReportEntry[] }> {
    const path = resolve(input.path);
    const { bookId, report } = await importInWorker({
      path, chapterPattern: input.chapterPattern, language: input.language, include: input.include, title: input.title, author: input.author,
      fallbackLanguage: readSettings(this.db).defaultLanguage, dbFile: join(this.ws.root, DB_FILE),
    });
    return { bookId, report };
  }

  get(bookId: number): BookDetail {
    const book = repo.getBook(this.db, bookId);
    if (!book) throw new ApiError('not_found', `There is no book ${bookId}.`, 'Pick a book from the list.');
    return book;
  }

  update(bookId: number, patch: { title?: string | undefined; author?: string | undefined; language?: string | undefined;
    voiceId?: number | null | undefined; vocoder?: string | null | undefined }): { book: BookDetail; staled: number } {
    const before = this.get(bookId);
    if (patch.voiceId !== undefined || patch.vocoder !== undefined) {
      const voiceId = patch.voiceId !== undefined ? patch.voiceId : before.voiceId;
      if (voiceId !== null && !repo.voiceExists(this.db, voiceId)) {
        throw new ApiError('not_found', `There is no voice ${voiceId} in this workspace.`, 'Pick a voice from the Voices area.');
      }
      // A new voice starts from its own default vocoder unless one is named.
      const vocoder = patch.vocoder !== undefined ? patch.vocoder : patch.voiceId !== undefined && patch.voiceId !== before.voiceId ? null : before.vocoder;
      repo.setBookVoice(this.db, bookId, voiceId, vocoder);
    }
    const staled = repo.updateBook(this.db, bookId, {
      ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.author !== undefined ? { author: patch.author } : {}),
      ...(patch.language !== undefined && patch.language !== before.language ? { language: patch.language } : {}),
    });
    return { book: this.get(bookId), staled };
  }

  /** Deletes the book, its rows, its folder, and take files elsewhere that no other book's take still uses. */
  delete(bookId: number): void {
    const book = this.get(bookId);
    const jobs = repo.activeBookJobs(this.db, bookId);
    if (jobs.length > 0) {
      throw new ApiError('conflict', `"${book.title}" cannot be deleted while ${jobs.length === 1 ? 'a job works' : `${jobs.length} jobs work`} on it (${jobs.map((j) => `#${j.id} ${j.title}`).join(', ')}).`,
        'Cancel those jobs or let them finish, then delete the book.');
    }
    const files = repo.bookOnlyTakePaths(this.db, bookId);
    repo.deleteBook(this.db, bookId);
    for (const rel of files) {
      try { unlinkSync(this.ws.resolveInside(rel)); } catch { /* already gone, or outside the workspace: nothing to remove */ }
    }
    // The book's folder (takes, previews, exports), as the render queue and the export lay it out.
    rmSync(this.ws.resolveInside(bookFolder(bookId)), { recursive: true, force: true });
  }

  setChapter(chapterId: number, patch: { title?: string | undefined; included?: boolean | undefined }): ChapterSummary {
    this.chapterOrThrow(chapterId);
    repo.setChapter(this.db, chapterId, { ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.included !== undefined ? { included: patch.included } : {}) });
    const { bookId: _b, ...summary } = this.chapterOrThrow(chapterId);
    return summary;
  }

  private chapterOrThrow(chapterId: number): ChapterSummary & { bookId: number } {
    const c = repo.chapterSummary(this.db, chapterId);
    if (!c) throw new ApiError('not_found', `There is no chapter ${chapterId}.`, 'Open the book again; the chapter may have been deleted.');
    return c;
  }

  chapter(chapterId: number, offset: number, limit: number): ChapterPage {
    const page = repo.chapterPage(this.db, chapterId, offset, limit);
    if (!page) throw new ApiError('not_found', `There is no chapter ${chapterId}.`, 'Open the book again; the chapter may have been deleted.');
    return page;
  }

  private sentence(sentenceId: number): Sentence {
    const s = repo.getSentence(this.db, sentenceId);
    if (!s) throw new ApiError('not_found', `There is no sentence ${sentenceId}.`, 'Reload the chapter; the sentence may have been deleted.');
    return s;
  }

  /** Changes this sentence's text only; a rendered sentence becomes stale, every other sentence keeps its id and state. */
  editSentence(sentenceId: number, text: string): Sentence {
    this.sentence(sentenceId);
    const clean = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(clean)) {
      throw new ApiError('invalid_input', 'A sentence needs at least one word to be read.', 'Type the sentence text, or set a longer pause on the sentence before instead.');
    }
    repo.setSentenceTexts(this.db, [{ id: sentenceId, text: clean }]);
    return this.sentence(sentenceId);
  }

  setPause(sentenceId: number, pauseAfterMs: number): Sentence {
    this.sentence(sentenceId);
    repo.setPause(this.db, sentenceId, pauseAfterMs);
    return this.sentence(sentenceId);
  }

  setSentenceVoice(sentenceId: number, voiceId: number | null, vocoder: string | null): Sentence {
    this.sentence(sentenceId);
    if (voiceId !== null && !repo.voiceExists(this.db, voiceId)) {
      throw new ApiError('not_found', `There is no voice ${voiceId} in this workspace.`, 'Pick a voice from the Voices list, or null for the book\'s voice.');
    }
    repo.setSentenceVoice(this.db, sentenceId, voiceId, vocoder);
    return this.sentence(sentenceId);
  }

  flag(input: FlagInput): SentenceFlag {
    const s = this.sentence(input.sentenceId);
    if (input.chars && input.chars.end > s.text.length) {
      throw new ApiError('invalid_input', `The word range ${input.chars.start}–${input.chars.end} runs past the sentence's ${s.text.length} characters.`,
        'Select the word again in the current text of the sentence.');
    }
    let takeId: number | null = null;
    if (input.takeId !== undefined) {
      const take = repo.takeOfSentence(this.db, input.takeId, input.sentenceId);
      if (!take) throw new ApiError('not_found', `Take ${input.takeId} is not a take of sentence ${input.sentenceId}.`, 'Flag a take of this sentence.');
      if (input.time && input.time.start >= take.seconds) {
        throw new ApiError('invalid_input', `The time range starts at ${input.time.start.toFixed(2)} s, after the take's end (${take.seconds.toFixed(2)} s).`,
          'Select the region inside the take.');
      }
      takeId = take.id;
    } else if (input.time) {
      throw new ApiError('invalid_input', 'A time range needs the take it is in.', 'Give takeId with the time range, or flag a word range of the text.');
    }
    return repo.insertFlag(this.db, {
      sentenceId: input.sentenceId, takeId, source: 'producer', kind: input.kind, chars: input.chars ?? null, time: input.time ?? null, note: input.note,
    });
  }

  unflag(flagId: number): void {
    if (!repo.deleteFlag(this.db, flagId)) throw new ApiError('not_found', `There is no flag ${flagId}.`, 'Reload the chapter; it may have been removed already.');
  }

  /** Preview lists the sentences a replacement touches; apply edits exactly those, in one transaction, and stales the rendered ones. */
  findReplace(bookId: number, o: FindOptions & { preview: boolean }): { matches: { sentenceId: number; chapterId: number; before: string; after: string; count: number }[]; applied: boolean; staled: number } {
    this.get(bookId);
    // SQLite narrows the scan when that is exact: any text matched case-sensitively, ASCII text (LIKE folds ASCII case only).
    const find = o.find.normalize('NFC');
    const narrow = o.matchCase || /^[\x20-\x7E]+$/u.test(find) ? [find] : undefined;
    const plan = planReplacements(repo.bookSentenceTexts(this.db, bookId, narrow, o.matchCase), o);
    const emptied = plan.filter((r) => !/[\p{L}\p{N}]/u.test(r.after));
    if (!o.preview && emptied.length > 0) {
      throw new ApiError('invalid_input', `The replacement would leave ${emptied.length} sentence${emptied.length === 1 ? '' : 's'} without words (sentence ${emptied.map((e) => e.id).slice(0, 5).join(', ')}); nothing was changed.`,
        'Replace with some text, or edit those sentences one by one.');
    }
    const matches = plan.map((r) => ({ sentenceId: r.id, chapterId: r.chapterId, before: r.before, after: r.after, count: r.count }));
    if (o.preview) return { matches, applied: false, staled: 0 };
    const staled = repo.setSentenceTexts(this.db, plan.map((r) => ({ id: r.id, text: r.after })));
    return { matches, applied: true, staled };
  }
}

/** The workspace's BookService (made on first use, so its job kinds are registered once per open workspace). */
export const booksFor = perWorkspace((ws) => new BookService(ws));
