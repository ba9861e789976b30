// Job: walks the workspace's media folders and records files and bytes per folder.
import { readdir, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { mediaFolders, type WorkspaceStats } from '../../shared/contract';
import type { JobContext } from '../jobs/job-runner';
import { saveMediaUsage } from '../db/media.repo';
import type { Workspace } from './workspace';

type Folder = NonNullable<WorkspaceStats['media']>['folders'][number];

async function listFiles(dir: string, signal: AbortSignal, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // a folder removed under us counts as empty
  }
  for (const e of entries) {
    if (signal.aborted) return;
    const p = join(dir, e.name);
    if (e.isDirectory()) await listFiles(p, signal, out);
    else if (e.isFile()) out.push(p);
  }
}

export function mediaScanJob(ws: Workspace) {
  return async (ctx: JobContext<Record<string, never>>): Promise<{ folders: Folder[] }> => {
    const perFolder: { folder: Folder['folder']; files: string[] }[] = [];
    for (const folder of mediaFolders) {
      ctx.progress(`Listing ${folder}/`, 0, 0);
      const files: string[] = [];
      await listFiles(join(ws.root, folder), ctx.signal, files);
      perFolder.push({ folder, files });
    }
    const total = perFolder.reduce((n, f) => n + f.files.length, 0);
    let done = 0;
    const folders: Folder[] = [];
    for (const { folder, files } of perFolder) {
      let bytes = 0;
      for (const file of files) {
        try { bytes += (await lstat(file)).size; } catch { /* removed while scanning */ }
        done += 1;
        ctx.progress(`Measuring ${folder}/`, done, total);
      }
      folders.push({ folder, files: files.length, bytes });
    }
    ctx.progress('Done', total, total);
    saveMediaUsage(ws.db, folders, new Date().toISOString());
    return { folders };
  };
}
