// Voices the workspace holds: a row per voice package folder under voices/.
import type { WritableDb, ReadonlyDb } from './database';

export function insertVoice(db: WritableDb, name: string, language: string, path: string): number {
  return Number(db.prepare('INSERT INTO voices(name, language, path, created_at) VALUES (?, ?, ?, ?)').run(name, language, path, new Date().toISOString()).lastInsertRowid);
}

export function voiceNameTaken(db: ReadonlyDb, name: string): boolean {
  return db.prepare('SELECT 1 FROM voices WHERE name = ?').get(name) !== undefined;
}
