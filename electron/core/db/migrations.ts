// Numbered schema migrations; each is a small function run inside one transaction.
import type { Database } from 'better-sqlite3';
import { booksMigrations } from './books.migrations';
import { labMigrations } from './lab.migrations';
import { listeningMigrations } from './listening.migrations';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

const coreMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'workspace, settings and jobs',
    up(db) {
      db.exec(`
        CREATE TABLE workspace_meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE jobs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL,
          title TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued','running','succeeded','failed','cancelled','interrupted')),
          params TEXT NOT NULL DEFAULT '{}',
          step TEXT NOT NULL DEFAULT '',
          current REAL NOT NULL DEFAULT 0,
          total REAL NOT NULL DEFAULT 0,
          eta_seconds REAL,
          error TEXT,
          result TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX jobs_state ON jobs(state);
      `);
    },
  },
  {
    version: 2,
    name: 'speakers, takes, datasets, runs, voices, books, experiments',
    up(db) {
      db.exec(`
        CREATE TABLE speakers (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL UNIQUE,
          language TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE takes (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX takes_speaker ON takes(speaker_id);
        CREATE TABLE datasets (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL UNIQUE,
          path TEXT NOT NULL,
          sample_rate INTEGER NOT NULL,
          utterances INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          model TEXT NOT NULL,
          state TEXT NOT NULL,
          step INTEGER NOT NULL DEFAULT 0,
          dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE voices (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          language TEXT NOT NULL,
          path TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE books (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          title TEXT NOT NULL,
          author TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE chapters (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          title TEXT NOT NULL,
          UNIQUE (book_id, position)
        ) STRICT;
        CREATE TABLE experiments (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          utterances INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 3,
    name: 'media scan results',
    up(db) {
      db.exec(`
        CREATE TABLE media_usage (
          folder TEXT PRIMARY KEY,
          files INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          scanned_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    name: 'recording scripts and takes as the recorder writes them',
    up(db) {
      db.exec(`
        ALTER TABLE speakers ADD COLUMN script_position INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE speakers ADD COLUMN baseline TEXT;
        CREATE TABLE prompts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          key TEXT NOT NULL,
          text TEXT NOT NULL,
          UNIQUE (speaker_id, key),
          UNIQUE (speaker_id, position)
        ) STRICT;
        ALTER TABLE takes ADD COLUMN prompt_id INTEGER REFERENCES prompts(id) ON DELETE SET NULL;
        ALTER TABLE takes ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
        ALTER TABLE takes ADD COLUMN sample_rate INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE takes ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
        ALTER TABLE takes ADD COLUMN verdict TEXT;
        ALTER TABLE takes ADD COLUMN report TEXT;
        ALTER TABLE takes ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX takes_prompt ON takes(prompt_id);
        CREATE INDEX takes_state ON takes(state);
      `);
    },
  },
  {
    version: 5,
    name: 'take review (trim points, the chosen take, filterable flags and outliers), coverage-driven scripts, job error hints',
    up(db) {
      db.exec(`
        ALTER TABLE takes ADD COLUMN trim_start REAL;
        ALTER TABLE takes ADD COLUMN trim_end REAL;
        ALTER TABLE takes ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE takes ADD COLUMN outlier INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE prompts ADD COLUMN chosen_take_id INTEGER REFERENCES takes(id) ON DELETE SET NULL;
        UPDATE takes SET flagged = (flags != '[]');
        -- Covers every review filter, so a filtered page reads the index and only the rows it shows.
        CREATE INDEX takes_review ON takes(prompt_id, state, verdict, flagged, outlier);
        DROP INDEX takes_prompt;
        -- Coverage-driven scripts: each prompt's phone/diphone units, and the pool of sentences not (yet) chosen.
        ALTER TABLE prompts ADD COLUMN units TEXT;
        -- A failed job keeps the hint of its error (what to do), as a failed call does.
        ALTER TABLE jobs ADD COLUMN error_hint TEXT;
        CREATE TABLE prompt_pool (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          text TEXT NOT NULL,
          units TEXT NOT NULL,
          UNIQUE (speaker_id, key)
        ) STRICT;
      `);
      // Outliers: takes whose pace, pitch or loudness check strayed from the speaker's baseline.
      const rows = db.prepare('SELECT id, report FROM takes WHERE report IS NOT NULL').all() as { id: number; report: string }[];
      const mark = db.prepare('UPDATE takes SET outlier = 1 WHERE id = ?');
      for (const r of rows) {
        const checks = (JSON.parse(r.report) as { checks?: { id: string; level: string }[] }).checks ?? [];
        if (checks.some((c) => OUTLIER_CHECKS.has(c.id) && c.level !== 'ok')) mark.run(r.id);
      }
    },
  },
  {
    version: 6,
    name: 'training runs supervised by the studio',
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN preset TEXT NOT NULL DEFAULT 'tiny';
        ALTER TABLE runs ADD COLUMN run_dir TEXT NOT NULL DEFAULT '';
        ALTER TABLE runs ADD COLUMN python TEXT NOT NULL DEFAULT '';
        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE runs ADD COLUMN target_steps INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN error TEXT;
        ALTER TABLE runs ADD COLUMN error_hint TEXT;
        ALTER TABLE runs ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
      `);
    },
  },
];

/** Every migration in version order: the core list plus each domain's own file. */
export const migrations: readonly Migration[] = [...coreMigrations, ...booksMigrations, ...labMigrations, ...listeningMigrations].sort((a, b) => a.version - b.version);

/** Checks that compare a take with the speaker's baseline: a take off in any of them is an outlier. */
export const OUTLIER_CHECKS: ReadonlySet<string> = new Set(['speaking_rate', 'pitch', 'loudness']);

export const latestVersion = migrations[migrations.length - 1]?.version ?? 0;
