// An open workspace: its folder, media folders, database and job runner.
import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { mediaFolders, type WorkspaceInfo } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { openDatabase, schemaVersion, type WritableDb } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repo';
import { JobRunner, type JobRunnerEvents } from '../jobs/job-runner';

export const DB_FILE = 'studio.sqlite';

export class Workspace {
  private constructor(
    readonly root: string,
    readonly db: WritableDb,
    readonly jobs: JobRunner,
    readonly interruptedAtOpen: number,
  ) {}

  static open(path: string, create: boolean, name: string | undefined, events: JobRunnerEvents): Workspace {
    const root = resolve(path);
    const dbFile = join(root, DB_FILE);
    if (!existsSync(root)) {
      if (!create) throw new ApiError('not_found', `The folder ${root} does not exist.`, 'Create a new workspace there instead.');
      try {
        mkdirSync(root, { recursive: true });
      } catch (err) {
        throw new ApiError('workspace_unwritable', `Cannot create the folder ${root}: ${(err as Error).message}`,
          'Choose a location you may write to.');
      }
    }
    if (!statSync(root).isDirectory()) {
      throw new ApiError('invalid_input', `${root} is a file, not a folder.`, 'Choose a folder for the workspace.');
    }
    if (!existsSync(dbFile) && !create) {
      throw new ApiError('not_found', `${root} is not a Voicewright workspace (it has no ${DB_FILE}).`,
        'Create a new workspace in this folder, or pick the folder that holds studio.sqlite.');
    }
    try {
      accessSync(root, constants.W_OK);
    } catch {
      throw new ApiError('workspace_unwritable', `The folder ${root} is read-only.`,
        'Voicewright writes recordings and its database there: choose a folder you may write to, or change its permissions.');
    }
    const db = openDatabase(dbFile);
    try {
      for (const folder of mediaFolders) mkdirSync(join(root, folder), { recursive: true });
      if (getMeta(db, 'created_at') === null) setMeta(db, 'created_at', new Date().toISOString());
      if (getMeta(db, 'name') === null || (name !== undefined && name.trim() !== '' && create)) {
        setMeta(db, 'name', name?.trim() || basename(root) || 'Workspace');
      }
      const jobs = new JobRunner(db, events);
      const interrupted = jobs.recover();
      return new Workspace(root, db, jobs, interrupted);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  info(): WorkspaceInfo {
    return {
      path: this.root,
      name: getMeta(this.db, 'name') ?? basename(this.root),
      createdAt: getMeta(this.db, 'created_at') ?? '',
      schemaVersion: schemaVersion(this.db),
    };
  }

  rename(name: string): WorkspaceInfo {
    setMeta(this.db, 'name', name);
    return this.info();
  }

  /** Resolves a workspace-relative path; refuses absolute paths, '..' escapes and symlinks leading out. */
  resolveInside(rel: string): string {
    const cleaned = rel.replace(/\\/g, '/');
    if (isAbsolute(cleaned) || /^[a-zA-Z]:/.test(cleaned) || cleaned.includes('\0')) {
      throw new ApiError('path_outside_workspace', `"${rel.slice(0, 200)}" is not a path inside the workspace.`,
        'Use a path relative to the workspace folder.');
    }
    const abs = resolve(this.root, cleaned);
    const check = (candidate: string, base: string): void => {
      const r = relative(base, candidate);
      if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) {
        throw new ApiError('path_outside_workspace', `"${rel.slice(0, 200)}" points outside the workspace.`,
          'Only files inside the workspace folder can be used here.');
      }
    };
    check(abs, this.root);
    if (existsSync(abs)) check(realpathSync(abs), realpathSync(this.root));
    return abs;
  }

  async close(): Promise<void> {
    await this.jobs.close();
    if (this.db.open) {
      try { this.db.pragma('wal_checkpoint(TRUNCATE)'); } catch { /* best effort */ }
      this.db.close();
    }
  }
}
