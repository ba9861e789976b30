// Datasets the workspace holds (their files live under datasets/<name>/).
import type { ReadonlyDb, WritableDb } from './database';

export function insertDataset(db: WritableDb, name: string, path: string, sampleRate: number, utterances: number): number {
  return Number(db.prepare('INSERT INTO datasets(name, path, sample_rate, utterances, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(name, path, sampleRate, utterances, new Date().toISOString()).lastInsertRowid);
}

export function datasetPath(db: ReadonlyDb, id: number): string | null {
  return (db.prepare('SELECT path FROM datasets WHERE id = ?').get(id) as { path: string } | undefined)?.path ?? null;
}

export function datasetNameTaken(db: ReadonlyDb, name: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
}
