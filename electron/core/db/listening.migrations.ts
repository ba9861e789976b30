// The listening-test schema's migrations (version 9 is theirs); migrations.ts merges them in version order.
import type { Migration } from './migrations';

export const listeningMigrations: readonly Migration[] = [
  {
    version: 9,
    name: 'listening tests, their stimuli and listeners results',
    up(db) {
      // experiment_id is a plain reference: a test keeps its own stimulus list, so it outlives changes to the experiment.
      db.exec(`
        CREATE TABLE listening_tests (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uid TEXT NOT NULL UNIQUE,
          experiment_id INTEGER,
          name TEXT NOT NULL,
          type TEXT NOT NULL CHECK (type IN ('mushra','ab','abx','mos')),
          state TEXT NOT NULL CHECK (state IN ('preparing','ready','failed')),
          error TEXT,
          dir TEXT NOT NULL,
          instructions TEXT NOT NULL DEFAULT '',
          sample_rate INTEGER NOT NULL DEFAULT 0,
          loudness_lufs REAL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX listening_tests_experiment ON listening_tests(experiment_id);
        CREATE TABLE listening_stimuli (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          test_id INTEGER NOT NULL REFERENCES listening_tests(id) ON DELETE CASCADE,
          uid TEXT NOT NULL,
          trial_key TEXT NOT NULL,
          trial_position INTEGER NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('reference','hidden_reference','anchor_35','anchor_70','condition')),
          condition TEXT NOT NULL,
          source_path TEXT NOT NULL,
          path TEXT NOT NULL DEFAULT '',
          loudness_lufs REAL,
          gain_db REAL,
          UNIQUE (test_id, uid),
          UNIQUE (test_id, trial_key, condition)
        ) STRICT;
        CREATE TABLE listening_results (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          test_id INTEGER NOT NULL REFERENCES listening_tests(id) ON DELETE CASCADE,
          session_uid TEXT NOT NULL UNIQUE,
          listener_id TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('studio','bundle')),
          seed INTEGER NOT NULL,
          payload TEXT NOT NULL,
          imported_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX listening_results_test ON listening_results(test_id);
      `);
    },
  },
];
