// The pronunciation lexicon of the workspace and of each book: add, remove, PLS import/export, G2P suggestions; a change stales exactly the sentences it touches.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { LexiconEntry, StaleReport } from '../../../shared/domains/books';
import { ApiError } from '../../../shared/errors';
import { bookIds, bookSentenceTexts, getBook, markStale } from '../../db/books.repo';
import type { WritableDb } from '../../db/database';
import { readSettings } from '../../db/settings.repo';
import { bookExists, bumpLexiconVersions, deleteEntry, effectiveEntries, listEntries, upsertEntry, type Pronunciation } from '../../db/lexicon.repo';
import { writeFileAtomic } from '../../fs/atomic';
import { createG2p, type G2p } from '../../text/g2p';
import { affectedSentences, readingChanged, toLexicon } from './lexicon-match';
import { parsePls, writePls } from './pls';

let g2pEngine: Promise<G2p> | null = null;

/**
 * Fragments for SQLite's LIKE to narrow the scan to candidate sentences, when that is exact: LIKE folds ASCII case only,
 * and the lexicon folds ß to ss, so words with other letters (or many words, a PLS import) scan everything.
 */
function sqlPrefilter(words: readonly string[]): string[] | undefined {
  if (words.length === 0 || words.length > 20 || !words.every((w) => /^[A-Za-z0-9-]+$/u.test(w) && !/ss/iu.test(w))) return undefined;
  return [...words];
}
const g2p = (): Promise<G2p> => (g2pEngine ??= createG2p());

export class LexiconService {
  constructor(private readonly db: WritableDb) {}

  private checkScope(bookId: number | null): void {
    if (bookId !== null && !bookExists(this.db, bookId)) {
      throw new ApiError('not_found', `There is no book ${bookId}.`, 'Pick a book from the list, or use the workspace lexicon (bookId null).');
    }
  }

  list(bookId: number | null): LexiconEntry[] {
    this.checkScope(bookId);
    return listEntries(this.db, bookId);
  }

  /**
   * Runs a change of the scope's entries and reports the sentences it touched: per book, the lexicon as the engine
   * reads it before and after; books whose reading of the words changed get a new lexicon version.
   */
  private change<T>(bookId: number | null, words: readonly string[], apply: () => T): { result: T; stale: StaleReport } {
    return this.db.transaction(() => {
      const books = bookId === null ? bookIds(this.db) : [bookId];
      const before = new Map(books.map((b) => [b, toLexicon(effectiveEntries(this.db, b))]));
      const result = apply();
      const sentenceIds: number[] = [];
      const bumped: number[] = [];
      for (const b of books) {
        const after = toLexicon(effectiveEntries(this.db, b));
        const was = before.get(b)!;
        if (!readingChanged(was, after, words)) continue;
        bumped.push(b);
        sentenceIds.push(...affectedSentences(bookSentenceTexts(this.db, b, sqlPrefilter(words)), was, after, words));
      }
      const staled = markStale(this.db, sentenceIds);
      return { result, stale: { sentenceIds, staled, lexiconVersions: bumpLexiconVersions(this.db, bumped) } };
    })();
  }

  add(bookId: number | null, word: string, p: { ipa?: string | undefined; respelling?: string | undefined }): { entry: LexiconEntry; stale: StaleReport } {
    this.checkScope(bookId);
    const pron: Pronunciation = { ipa: p.ipa?.normalize('NFC') ?? null, respelling: p.respelling ?? null };
    const { result, stale } = this.change(bookId, [word], () => upsertEntry(this.db, bookId, word, pron).entry);
    return { entry: result, stale };
  }

  remove(bookId: number | null, word: string): StaleReport {
    this.checkScope(bookId);
    const { result: removed, stale } = this.change(bookId, [word], () => deleteEntry(this.db, bookId, word));
    if (!removed) {
      throw new ApiError('not_found', `"${word}" is not in the ${bookId === null ? 'workspace' : 'book\'s'} lexicon.`, 'List the lexicon to see its words.');
    }
    return stale;
  }

  async suggest(word: string, language: string): Promise<{ word: string; ipa: string }> {
    const engine = await g2p();
    const ipa = engine.phonemize(word, language).words.map((w) => w.ipa).join(' ');
    if (ipa === '') throw new ApiError('invalid_input', `"${word}" has no letters to pronounce.`, 'Type the word as it is written in the book.');
    return { word, ipa };
  }

  async importPls(bookId: number | null, path: string): Promise<{ added: number; replaced: number; stale: StaleReport; warnings: string[] }> {
    this.checkScope(bookId);
    let xml: string;
    try {
      xml = await readFile(resolve(path), 'utf8');
    } catch (err) {
      throw new ApiError('not_found', `Cannot read ${path}: ${(err as Error).message}`, 'Check the path of the .pls file.');
    }
    const pls = parsePls(xml, basename(path));
    if (pls.entries.length === 0) {
      throw new ApiError('invalid_input', `${basename(path)} holds no usable lexicon entries${pls.warnings.length ? ` (${pls.warnings[0]})` : ''}.`,
        'A PLS entry is a <lexeme> with a <grapheme> and an IPA <phoneme> or an <alias>.');
    }
    let added = 0, replaced = 0;
    const { stale } = this.change(bookId, pls.entries.map((e) => e.word), () => {
      for (const e of pls.entries) {
        const r = upsertEntry(this.db, bookId, e.word, { ipa: e.ipa?.normalize('NFC') ?? null, respelling: e.respelling ?? null });
        if (r.replaced) replaced++; else added++;
      }
    });
    return { added, replaced, stale, warnings: pls.warnings };
  }

  exportPls(bookId: number | null, path: string, language?: string): { path: string; entries: number } {
    this.checkScope(bookId);
    const entries = listEntries(this.db, bookId);
    const lang = language ?? (bookId === null ? null : getBook(this.db, bookId)?.language) ?? readSettings(this.db).defaultLanguage;
    const file = resolve(path);
    try {
      writeFileAtomic(file, writePls(entries.map((e) => (e.ipa !== null ? { word: e.word, ipa: e.ipa } : { word: e.word, respelling: e.respelling ?? '' })), lang));
    } catch (err) {
      throw new ApiError('workspace_unwritable', `Cannot write ${file}: ${(err as Error).message}`, 'Choose a folder you may write to.');
    }
    return { path: file, entries: entries.length };
  }
}
