// Opens studio.sqlite: WAL, foreign keys, migrations in one transaction, refusal of a newer schema.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { latestVersion, migrations, type Migration } from './migrations';

/** A connection that may only read. Repositories that only query take this type. */
export type ReadonlyDb = Pick<Database, 'prepare' | 'pragma'> & { readonly __readonly?: true };
/** A connection that may write. */
export type WritableDb = Database;

export interface OpenOptions {
  /** Stop migrating at this version (tests of each migration). */
  targetVersion?: number;
  migrations?: readonly Migration[];
}

export function schemaVersion(db: ReadonlyDb): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function openDatabase(file: string, options: OpenOptions = {}): WritableDb {
  let db: Database;
  try {
    db = new BetterSqlite3(file, { timeout: 5000 });
  } catch (err) {
    throw new ApiError('workspace_unwritable', `Cannot open the studio database ${file}: ${(err as Error).message}`,
      'Check that the folder exists and that you may write to it.');
  }
  try {
    // Reading the schema first tells a corrupt or foreign file apart from an old one.
    db.pragma('user_version', { simple: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db.close();
    throw new ApiError('workspace_corrupt', `${file} is not a readable Voicewright database (${(err as Error).message}).`,
      'Move the file aside to start a fresh workspace here, or restore it from a backup. It has not been changed.');
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, options);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof ApiError) throw err;
    const message = (err as Error).message;
    if (/readonly|read-only|SQLITE_CANTOPEN|unable to open/i.test(message)) {
      throw new ApiError('workspace_unwritable', `The workspace database ${file} cannot be written: ${message}`,
        'Choose a folder you may write to, or fix its permissions.');
    }
    throw err;
  }
}

export function migrate(db: WritableDb, options: OpenOptions = {}): void {
  const list = options.migrations ?? migrations;
  const newest = list[list.length - 1]?.version ?? 0;
  const target = options.targetVersion ?? newest;
  const current = schemaVersion(db);
  if (current > (options.migrations ? newest : latestVersion)) {
    throw new ApiError('workspace_from_future',
      `This workspace was written by a newer Voicewright (schema version ${current}; this version knows up to ${newest}).`,
      'Update Voicewright to open it. Nothing in the workspace was changed.');
  }
  const pending = list.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  // All pending migrations commit together, or none do.
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
