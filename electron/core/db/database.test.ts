// The studio database: migrations forward from every version, refusal of newer or corrupt files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, schemaVersion } from './database';
import { latestVersion, migrations } from './migrations';
import { readSettings, writeSettings } from './settings.repo';
import { ApiError } from '../../shared/errors';
import { makeTempDir } from '../testing/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = join(tmp.path, 'studio.sqlite');
});
afterEach(() => tmp.cleanup());

function tables(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('a new workspace database', () => {
  it('is created at the newest schema with WAL and foreign keys on', () => {
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['jobs', 'settings', 'speakers', 'takes', 'media_usage']));
    db.close();
  });

  it('enforces foreign keys (a take needs its speaker)', () => {
    const db = openDatabase(file);
    expect(() => db.prepare("INSERT INTO takes(speaker_id, path, created_at) VALUES (999, 'x.wav', 'now')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('keeps its settings across a reopen', () => {
    const db = openDatabase(file);
    writeSettings(db, { theme: 'dark', targetCorpusHours: 3 });
    db.close();
    const again = openDatabase(file);
    expect(readSettings(again)).toMatchObject({ theme: 'dark', targetCorpusHours: 3, uiLanguage: 'en' });
    again.close();
  });
});

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  for (const from of migrations.map((m) => m.version).slice(0, -1)) {
    it(`carry data forward from version ${from}`, () => {
      const old = openDatabase(file, { targetVersion: from });
      expect(schemaVersion(old)).toBe(from);
      old.prepare("INSERT INTO settings(key, value) VALUES ('theme', '\"dark\"')").run();
      old.prepare("INSERT INTO jobs(kind, title, state, created_at, updated_at) VALUES ('x', 'old job', 'succeeded', 't', 't')").run();
      if (from >= 2) old.prepare("INSERT INTO speakers(name, language, created_at) VALUES ('Anna', 'de-DE', 't')").run();
      old.close();

      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(latestVersion);
      expect(readSettings(db).theme).toBe('dark');
      expect(db.prepare("SELECT title FROM jobs").get()).toEqual({ title: 'old job' });
      if (from >= 2) expect(db.prepare('SELECT name FROM speakers').get()).toEqual({ name: 'Anna' });
      db.close();
    });
  }

  it('version 5 marks the flagged and outlier takes recorded under version 4, and keeps every take', () => {
    const old = openDatabase(file, { targetVersion: 4 });
    old.prepare("INSERT INTO speakers(name, language, created_at) VALUES ('Anna', 'de-DE', 't')").run();
    old.prepare("INSERT INTO prompts(speaker_id, position, key, text) VALUES (1, 0, 'p1', 'Hallo.')").run();
    const take = old.prepare("INSERT INTO takes(speaker_id, prompt_id, path, state, flags, report, created_at) VALUES (1, 1, ?, 'done', ?, ?, 't')");
    const checks = (level: string) => JSON.stringify({ checks: [{ id: 'snr', level: 'ok' }, { id: 'speaking_rate', level }] });
    take.run('a.wav', '[]', checks('ok'));
    take.run('b.wav', JSON.stringify([{ flag: 'noise', note: '' }]), checks('ok'));
    take.run('c.wav', '[]', checks('warn'));
    take.run('d.wav', '[]', null);
    old.close();
    const db = openDatabase(file);
    const rows = db.prepare('SELECT path, flagged, outlier, trim_start FROM takes ORDER BY id').all();
    expect(rows).toEqual([
      { path: 'a.wav', flagged: 0, outlier: 0, trim_start: null },
      { path: 'b.wav', flagged: 1, outlier: 0, trim_start: null },
      { path: 'c.wav', flagged: 0, outlier: 1, trim_start: null },
      { path: 'd.wav', flagged: 0, outlier: 0, trim_start: null },
    ]);
    expect(db.prepare('SELECT chosen_take_id FROM prompts').get()).toEqual({ chosen_take_id: null });
    db.close();
  });

  it('roll back together when one fails: the file stays at its old version', () => {
    const old = openDatabase(file, { targetVersion: 1 });
    old.close();
    const broken = [...migrations.slice(0, 2), { version: 3, name: 'broken', up: () => { throw new Error('boom'); } }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(/boom/);
    const db = new BetterSqlite3(file);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).not.toContain('speakers');
    db.close();
  });
});

describe('databases it must not open', () => {
  it('refuses a database from a newer Voicewright and leaves it unchanged', () => {
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestVersion + 5}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(file);
    let error: unknown;
    try { openDatabase(file); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('workspace_from_future');
    expect((error as ApiError).message).toMatch(/newer Voicewright/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt file with a clear error and does not touch it', () => {
    const junk = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xab)]);
    writeFileSync(file, junk);
    let error: unknown;
    try { openDatabase(file); } catch (err) { error = err; }
    expect((error as ApiError).code).toBe('workspace_corrupt');
    expect((error as ApiError).hint).toMatch(/not been changed/);
    expect(readFileSync(file).equals(junk)).toBe(true);
  });

  it('refuses a text file named studio.sqlite', () => {
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'workspace_corrupt' }));
  });
});
