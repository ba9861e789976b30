// Workspace identity (name, creation time) kept in the database itself.
import type { ReadonlyDb, WritableDb } from './database';

export function getMeta(db: ReadonlyDb, key: string): string | null {
  const row = db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: WritableDb, key: string, value: string): void {
  db.prepare(
    'INSERT INTO workspace_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
