// Workspace settings: one JSON value per key, merged over the defaults and re-validated on read.
import { SettingsSchema, defaultSettings, type Settings } from '../../shared/contract';
import type { ReadonlyDb, WritableDb } from './database';

export function readSettings(db: ReadonlyDb): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const merged: Record<string, unknown> = { ...defaultSettings };
  for (const row of rows) {
    if (!(row.key in defaultSettings)) continue;
    try {
      merged[row.key] = JSON.parse(row.value);
    } catch {
      // A damaged value falls back to its default rather than hiding every other setting.
    }
  }
  // Each field is checked on its own so one bad stored value cannot reset the rest.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const field = SettingsSchema.shape[key].safeParse(merged[key]);
    out[key] = field.success ? field.data : defaultSettings[key];
  }
  return SettingsSchema.parse(out);
}

export function writeSettings(db: WritableDb, patch: Partial<Settings>): void {
  const upsert = db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
}

export function clearSettings(db: WritableDb): void {
  db.prepare('DELETE FROM settings').run();
}
