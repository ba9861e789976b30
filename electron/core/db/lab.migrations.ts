// The lab schema's migrations (version 8 is theirs); migrations.ts merges them in version order.
import type { Migration } from './migrations';

export const labMigrations: readonly Migration[] = [
  {
    version: 8,
    name: 'lab: experiments with their input mel, conditions (vocoders), utterances and per-output metrics',
    up(db) {
      db.exec(`
        -- folder: workspace-relative lab/<slug>; mel: the input mel config (JSON) every condition must match.
        ALTER TABLE experiments ADD COLUMN folder TEXT NOT NULL DEFAULT '';
        ALTER TABLE experiments ADD COLUMN mel TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE experiments ADD COLUMN source TEXT NOT NULL DEFAULT '';
        -- acoustic: {voiceName, voicePath} (JSON) of the Tacotron2 voice rendering the texts; NULL for copy synthesis.
        ALTER TABLE experiments ADD COLUMN acoustic TEXT;
        ALTER TABLE experiments ADD COLUMN threads INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE experiments ADD COLUMN state TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('ready','running','done','failed'));
        ALTER TABLE experiments ADD COLUMN last_job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL;
        ALTER TABLE experiments ADD COLUMN environment TEXT;
        ALTER TABLE experiments ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';

        -- A condition is one vocoder: Griffin-Lim built in, or a vocoder of a workspace voice (voice_path kept so a
        -- deleted voice row does not orphan the experiment's description).
        CREATE TABLE experiment_conditions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          label TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('griffinlim','hifigan','waveglow')),
          voice_id INTEGER REFERENCES voices(id) ON DELETE SET NULL,
          voice_path TEXT,
          vocoder TEXT NOT NULL,
          audio_seconds REAL,
          compute_seconds REAL,
          UNIQUE (experiment_id, position)
        ) STRICT;

        -- source_path: the recording on this machine (absolute) it was imported from, '' for a text without one;
        -- reference: its copy at the mel rate under the experiment folder once the run wrote it.
        CREATE TABLE experiment_utterances (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          key TEXT NOT NULL,
          text TEXT NOT NULL DEFAULT '',
          source_path TEXT NOT NULL,
          reference TEXT,
          seconds REAL,
          loudness REAL,
          UNIQUE (experiment_id, position),
          UNIQUE (experiment_id, key)
        ) STRICT;

        CREATE TABLE experiment_outputs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          utterance_id INTEGER NOT NULL REFERENCES experiment_utterances(id) ON DELETE CASCADE,
          condition_id INTEGER NOT NULL REFERENCES experiment_conditions(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          audio_seconds REAL NOT NULL,
          compute_seconds REAL NOT NULL,
          loudness REAL,
          metrics TEXT NOT NULL,
          UNIQUE (utterance_id, condition_id)
        ) STRICT;
        CREATE INDEX experiment_outputs_condition ON experiment_outputs(condition_id);
      `);
    },
  },
];
