// Migration 7: books and chapters made under version 6 survive, and the new tables enforce their rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from './database';
import { makeTempDir } from '../testing/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = join(tmp.path, 'studio.sqlite');
});
afterEach(() => tmp.cleanup());

describe('migration 7 (books)', () => {
  it('keeps books and chapters from version 6 as included chapters of an English text book', () => {
    const old = openDatabase(file, { targetVersion: 6 });
    old.prepare("INSERT INTO books(title, author, created_at) VALUES ('Emma', 'Jane Austen', 't')").run();
    old.prepare("INSERT INTO chapters(book_id, position, title) VALUES (1, 0, 'Volume I')").run();
    old.close();

    const db = openDatabase(file, { targetVersion: 7 });
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT title, author, language, source_kind, lexicon_version, import_report FROM books').get())
      .toEqual({ title: 'Emma', author: 'Jane Austen', language: 'en-US', source_kind: 'text', lexicon_version: 1, import_report: '[]' });
    expect(db.prepare('SELECT title, kind, included, edit_cursor FROM chapters').get())
      .toEqual({ title: 'Volume I', kind: 'chapter', included: 1, edit_cursor: 0 });
    db.close();
  });

  it('holds a sentence with takes, flags and edits, and deleting the book removes all of it', () => {
    const db = openDatabase(file, { targetVersion: 7 });
    db.prepare("INSERT INTO books(title, created_at) VALUES ('B', 't')").run();
    db.prepare("INSERT INTO chapters(book_id, position, title) VALUES (1, 0, 'One')").run();
    db.prepare('INSERT INTO paragraphs(chapter_id, position) VALUES (1, 0)').run();
    db.prepare("INSERT INTO sentences(chapter_id, paragraph_id, position, text, updated_at) VALUES (1, 1, 0, 'Hello there.', 't')").run();
    db.prepare(`INSERT INTO sentence_takes(sentence_id, path, text, seed, vocoder, lexicon_version, cache_key, sample_rate, seconds, created_at)
      VALUES (1, 'books/1/s1-1.wav', 'Hello there.', 7, 'hifigan', 1, 'k', 22050, 1.2, 't')`).run();
    db.prepare('UPDATE sentences SET chosen_take_id = 1, state = ? WHERE id = 1').run('rendered');
    db.prepare("INSERT INTO sentence_flags(sentence_id, source, kind, char_start, char_end, created_at) VALUES (1, 'producer', 'noise', 0, 5, 't')").run();
    db.prepare("INSERT INTO chapter_edits(chapter_id, seq, start_sentence_id, payload, created_at) VALUES (1, 1, 1, '{}', 't')").run();
    db.prepare("INSERT INTO lexicon_entries(book_id, word, word_key, ipa, created_at) VALUES (1, 'Hello', 'hello', 'həˈloʊ', 't')").run();

    // A state outside new/stale/rendered, a flag with an empty range and an entry with both pronunciations are refused.
    expect(() => db.prepare("UPDATE sentences SET state = 'done'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO sentence_flags(sentence_id, source, kind, char_start, char_end, created_at) VALUES (1, 'producer', 'noise', 5, 5, 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO lexicon_entries(word, word_key, ipa, respelling, created_at) VALUES ('a', 'a', 'x', 'y', 't')").run()).toThrow(/CHECK/);
    // One entry per word and scope; the same word may be in the workspace lexicon and a book's.
    expect(() => db.prepare("INSERT INTO lexicon_entries(book_id, word, word_key, respelling, created_at) VALUES (1, 'HELLO', 'hello', 'heh low', 't')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO lexicon_entries(book_id, word, word_key, respelling, created_at) VALUES (NULL, 'hello', 'hello', 'heh low', 't')").run();
    expect(() => db.prepare("INSERT INTO lexicon_entries(book_id, word, word_key, respelling, created_at) VALUES (NULL, 'Hello', 'hello', 'x', 't')").run()).toThrow(/UNIQUE/);

    // Deleting the chosen take leaves the sentence without one instead of a dangling id.
    db.prepare('DELETE FROM sentence_takes WHERE id = 1').run();
    expect(db.prepare('SELECT chosen_take_id FROM sentences').get()).toEqual({ chosen_take_id: null });

    db.prepare('DELETE FROM books WHERE id = 1').run();
    for (const t of ['chapters', 'paragraphs', 'sentences', 'sentence_takes', 'sentence_flags', 'chapter_edits']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    expect(db.prepare('SELECT book_id FROM lexicon_entries').all()).toEqual([{ book_id: null }]);
    db.close();
  });
});
