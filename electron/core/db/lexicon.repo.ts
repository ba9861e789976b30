// Pronunciation lexicon entries (the workspace's and each book's) and the books' lexicon versions: their SQL.
import type { LexiconEntry } from '../../shared/domains/books';
import type { ReadonlyDb, WritableDb } from './database';

interface EntryRow { id: number; book_id: number | null; word: string; ipa: string | null; respelling: string | null; created_at: string }

function toEntry(r: EntryRow): LexiconEntry {
  return { id: r.id, bookId: r.book_id, word: r.word, ipa: r.ipa, respelling: r.respelling, createdAt: r.created_at };
}

/** The key entries are unique by and looked up with: NFC, lower case (as the Lexicon class and the engine fold words). */
export function wordKey(word: string): string {
  return word.normalize('NFC').toLowerCase().normalize('NFC');
}

/** One scope's entries (bookId null: the workspace's), alphabetical. */
export function listEntries(db: ReadonlyDb, bookId: number | null): LexiconEntry[] {
  return (db.prepare('SELECT * FROM lexicon_entries WHERE book_id IS ? ORDER BY word_key').all(bookId) as EntryRow[]).map(toEntry);
}

export function getEntry(db: ReadonlyDb, bookId: number | null, word: string): LexiconEntry | null {
  const r = db.prepare('SELECT * FROM lexicon_entries WHERE book_id IS ? AND word_key = ?').get(bookId, wordKey(word)) as EntryRow | undefined;
  return r ? toEntry(r) : null;
}

export interface Pronunciation { ipa: string | null; respelling: string | null }

/** Adds the word to the scope or replaces its pronunciation; true when it replaced one. */
export function upsertEntry(db: WritableDb, bookId: number | null, word: string, p: Pronunciation): { entry: LexiconEntry; replaced: boolean } {
  return db.transaction(() => {
    const key = wordKey(word);
    const old = db.prepare('SELECT id FROM lexicon_entries WHERE book_id IS ? AND word_key = ?').get(bookId, key) as { id: number } | undefined;
    if (old) {
      db.prepare('UPDATE lexicon_entries SET word = ?, ipa = ?, respelling = ? WHERE id = ?').run(word.normalize('NFC'), p.ipa, p.respelling, old.id);
    } else {
      db.prepare('INSERT INTO lexicon_entries(book_id, word, word_key, ipa, respelling, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(bookId, word.normalize('NFC'), key, p.ipa, p.respelling, new Date().toISOString());
    }
    const entry = toEntry(db.prepare('SELECT * FROM lexicon_entries WHERE book_id IS ? AND word_key = ?').get(bookId, key) as EntryRow);
    return { entry, replaced: old !== undefined };
  })();
}

export function deleteEntry(db: WritableDb, bookId: number | null, word: string): boolean {
  return db.prepare('DELETE FROM lexicon_entries WHERE book_id IS ? AND word_key = ?').run(bookId, wordKey(word)).changes > 0;
}

/** What the engine reads for a book: the workspace's entries with the book's own on top. */
export function effectiveEntries(db: ReadonlyDb, bookId: number): LexiconEntry[] {
  const merged = new Map<string, LexiconEntry>();
  for (const e of listEntries(db, null)) merged.set(wordKey(e.word), e);
  for (const e of listEntries(db, bookId)) merged.set(wordKey(e.word), e);
  return [...merged.values()];
}

/** Bumps the books' lexicon versions (part of every sentence's cache key) and returns the new ones. */
export function bumpLexiconVersions(db: WritableDb, bookIds: readonly number[]): { bookId: number; lexiconVersion: number }[] {
  const bump = db.prepare('UPDATE books SET lexicon_version = lexicon_version + 1, updated_at = ? WHERE id = ? RETURNING lexicon_version');
  const t = new Date().toISOString();
  return bookIds.map((bookId) => ({ bookId, lexiconVersion: (bump.get(t, bookId) as { lexicon_version: number }).lexicon_version }));
}

export function bookExists(db: ReadonlyDb, bookId: number): boolean {
  return db.prepare('SELECT 1 FROM books WHERE id = ?').get(bookId) !== undefined;
}
