// Results of the last media-folder scan.
import type { WorkspaceStats } from '../../shared/contract';
import type { ReadonlyDb, WritableDb } from './database';

type Folder = NonNullable<WorkspaceStats['media']>['folders'][number];

export function saveMediaUsage(db: WritableDb, folders: Folder[], scannedAt: string): void {
  const up = db.prepare(`INSERT INTO media_usage(folder, files, bytes, scanned_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(folder) DO UPDATE SET files = excluded.files, bytes = excluded.bytes, scanned_at = excluded.scanned_at`);
  db.transaction(() => { for (const f of folders) up.run(f.folder, f.files, f.bytes, scannedAt); })();
}

export function readMediaUsage(db: ReadonlyDb): WorkspaceStats['media'] {
  const rows = db.prepare('SELECT folder, files, bytes, scanned_at FROM media_usage ORDER BY folder').all() as
    { folder: Folder['folder']; files: number; bytes: number; scanned_at: string }[];
  if (rows.length === 0) return null;
  return {
    scannedAt: rows.reduce((a, r) => (r.scanned_at > a ? r.scanned_at : a), ''),
    folders: rows.map((r) => ({ folder: r.folder, files: r.files, bytes: r.bytes })),
  };
}
