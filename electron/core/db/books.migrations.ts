// The books schema's migrations (version 7 is theirs); migrations.ts merges them in version order.
import type { Migration } from './migrations';

export const booksMigrations: readonly Migration[] = [
  {
    version: 7,
    name: 'books: chapters, paragraphs, sentences with takes and flags, chapter edit lists, lexicon',
    up(db) {
      db.exec(`
        -- lexicon_version goes into every sentence's cache key: a lexicon change (book or workspace) bumps it.
        ALTER TABLE books ADD COLUMN language TEXT NOT NULL DEFAULT 'en-US';
        ALTER TABLE books ADD COLUMN source_path TEXT NOT NULL DEFAULT '';
        ALTER TABLE books ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'text' CHECK (source_kind IN ('epub','text','markdown'));
        ALTER TABLE books ADD COLUMN lexicon_version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE books ADD COLUMN voice_id INTEGER REFERENCES voices(id) ON DELETE SET NULL;
        ALTER TABLE books ADD COLUMN vocoder TEXT;
        -- Every section the import saw and why it was kept or excluded (JSON), so nothing is skipped silently.
        ALTER TABLE books ADD COLUMN import_report TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE books ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';

        ALTER TABLE chapters ADD COLUMN kind TEXT NOT NULL DEFAULT 'chapter' CHECK (kind IN ('chapter','front','back'));
        ALTER TABLE chapters ADD COLUMN included INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE chapters ADD COLUMN source_ref TEXT NOT NULL DEFAULT '';
        -- Undo pointer of the edit list: edits with seq <= edit_cursor are applied; later ones are redo-able.
        ALTER TABLE chapters ADD COLUMN edit_cursor INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE paragraphs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          UNIQUE (chapter_id, position)
        ) STRICT;

        -- The row id is the sentence's stable id: editing one sentence never renumbers another.
        CREATE TABLE sentences (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
          paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          text TEXT NOT NULL,
          pause_after_ms INTEGER NOT NULL DEFAULT 400 CHECK (pause_after_ms >= 0),
          voice_id INTEGER REFERENCES voices(id) ON DELETE SET NULL,
          vocoder TEXT,
          state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new','stale','rendered')),
          chosen_take_id INTEGER REFERENCES sentence_takes(id) ON DELETE SET NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (chapter_id, position)
        ) STRICT;
        CREATE INDEX sentences_state ON sentences(chapter_id, state);
        CREATE INDEX sentences_paragraph ON sentences(paragraph_id);

        CREATE TABLE sentence_takes (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          text TEXT NOT NULL,
          seed INTEGER NOT NULL,
          voice_id INTEGER REFERENCES voices(id) ON DELETE SET NULL,
          vocoder TEXT NOT NULL,
          lexicon_version INTEGER NOT NULL,
          cache_key TEXT NOT NULL,
          sample_rate INTEGER NOT NULL,
          seconds REAL NOT NULL,
          slip_report TEXT,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX sentence_takes_sentence ON sentence_takes(sentence_id);
        -- The render cache: a take with the same key (text, voice, vocoder, lexicon version, seed) is reused.
        CREATE INDEX sentence_takes_cache ON sentence_takes(cache_key);

        -- Slip flags come with the take they were found in; a producer's flag may name a take too.
        CREATE TABLE sentence_flags (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
          take_id INTEGER REFERENCES sentence_takes(id) ON DELETE CASCADE,
          source TEXT NOT NULL CHECK (source IN ('slip','producer')),
          kind TEXT NOT NULL,
          char_start INTEGER,
          char_end INTEGER,
          time_start REAL,
          time_end REAL,
          note TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          CHECK ((char_start IS NULL) = (char_end IS NULL) AND (char_start IS NULL OR char_end > char_start)),
          CHECK ((time_start IS NULL) = (time_end IS NULL) AND (time_start IS NULL OR time_end > time_start))
        ) STRICT;
        CREATE INDEX sentence_flags_sentence ON sentence_flags(sentence_id);

        -- Non-destructive waveform edits, applied in seq order at export. Anchored to sentences
        -- (+ seconds into them) so an earlier sentence re-rendered at another length moves nothing.
        CREATE TABLE chapter_edits (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL CHECK (seq >= 1),
          start_sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
          start_offset REAL NOT NULL DEFAULT 0,
          end_sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
          end_offset REAL,
          payload TEXT NOT NULL,
          created_at TEXT NOT NULL,
          UNIQUE (chapter_id, seq)
        ) STRICT;

        -- book_id NULL is the workspace lexicon. word_key is the NFC lower-cased word the lookups use.
        CREATE TABLE lexicon_entries (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          book_id INTEGER REFERENCES books(id) ON DELETE CASCADE,
          word TEXT NOT NULL,
          word_key TEXT NOT NULL,
          ipa TEXT,
          respelling TEXT,
          created_at TEXT NOT NULL,
          CHECK ((ipa IS NULL) != (respelling IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX lexicon_entries_word ON lexicon_entries(ifnull(book_id, 0), word_key);
      `);
    },
  },
];
