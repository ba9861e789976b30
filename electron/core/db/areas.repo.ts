// Read-only listings for the areas later issues fill in, plus the counts shown in workspace stats.
import type { z } from 'zod';
import type {
  BookSchema, DatasetSchema, ExperimentSchema, RunSchema, SpeakerSchema, VoiceSchema, WorkspaceStats,
} from '../../shared/contract';
import type { ReadonlyDb } from './database';

type Speaker = z.infer<typeof SpeakerSchema>;
type Dataset = z.infer<typeof DatasetSchema>;
type Run = z.infer<typeof RunSchema>;
type Voice = z.infer<typeof VoiceSchema>;
type Book = z.infer<typeof BookSchema>;
type Experiment = z.infer<typeof ExperimentSchema>;

export function listSpeakers(db: ReadonlyDb): Speaker[] {
  return db.prepare(`SELECT s.id, s.name, s.language, s.created_at AS createdAt,
      (SELECT count(*) FROM takes t WHERE t.speaker_id = s.id) AS takes
    FROM speakers s ORDER BY s.name`).all() as Speaker[];
}
export function listDatasets(db: ReadonlyDb): Dataset[] {
  return db.prepare(`SELECT id, name, path, sample_rate AS sampleRate, utterances, created_at AS createdAt
    FROM datasets ORDER BY created_at DESC`).all() as Dataset[];
}
export function listRuns(db: ReadonlyDb): Run[] {
  return db.prepare(`SELECT id, name, model, state, step, created_at AS createdAt FROM runs ORDER BY id DESC`).all() as Run[];
}
export function listVoices(db: ReadonlyDb): Voice[] {
  return db.prepare(`SELECT id, name, language, path, created_at AS createdAt FROM voices ORDER BY name`).all() as Voice[];
}
export function listBooks(db: ReadonlyDb): Book[] {
  return db.prepare(`SELECT b.id, b.title, b.author, b.created_at AS createdAt,
      (SELECT count(*) FROM chapters c WHERE c.book_id = b.id) AS chapters
    FROM books b ORDER BY b.title`).all() as Book[];
}
export function listExperiments(db: ReadonlyDb): Experiment[] {
  return db.prepare(`SELECT id, name, utterances, created_at AS createdAt FROM experiments ORDER BY id DESC`).all() as Experiment[];
}

export function countAll(db: ReadonlyDb): WorkspaceStats['counts'] {
  const c = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    speakers: c('speakers'), takes: c('takes'), datasets: c('datasets'), runs: c('runs'),
    voices: c('voices'), books: c('books'), experiments: c('experiments'), jobs: c('jobs'),
  };
}
