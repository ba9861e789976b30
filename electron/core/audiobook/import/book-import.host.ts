// Runs a book's reading, splitting and storing in a worker thread (book-import.worker.ts), one per call, ended when it answers.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportPreview, ImportReportEntry } from '../../../shared/domains/books';
import { ApiError, type ApiErrorShape } from '../../../shared/errors';
import { resolveWorkerEntry } from '../../dataset/dataset-pool';

export type ImportTask =
  | { mode: 'preview'; path: string; chapterPattern?: string | undefined }
  | {
    mode: 'import'; path: string; chapterPattern?: string | undefined; language?: string | undefined; fallbackLanguage: string;
    include?: number[] | undefined; title?: string | undefined; author?: string | undefined;
    /** The workspace's studio.sqlite: the worker stores the book on a connection of its own. */
    dbFile: string;
  };

export type ImportWorkerReply =
  | { ok: true; mode: 'preview'; preview: ImportPreview }
  | { ok: true; mode: 'import'; bookId: number; report: ImportReportEntry[] }
  | { ok: false; error: ApiErrorShape };

function runWorker(task: ImportTask): Promise<Extract<ImportWorkerReply, { ok: true }>> {
  const entry = resolveWorkerEntry('book-import.worker', import.meta.url);
  const execArgv = entry.pathname.endsWith('.ts') ? ['--import', new URL('../../dataset/ts-source.register.mjs', import.meta.url).href] : undefined;
  const worker = new Worker(fileURLToPath(entry), { workerData: task, name: 'book import', ...(execArgv ? { execArgv } : {}) });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on('message', (r: ImportWorkerReply) => finish(() => (r.ok ? resolve(r) : reject(new ApiError(r.error.code, r.error.message, r.error.hint)))));
    worker.on('error', (err) => finish(() => reject(new ApiError('internal', `Reading the book failed: ${err.message}`, 'Try again; if it repeats, the file may be damaged.'))));
    worker.on('exit', (code) => finish(() => reject(new ApiError('internal', `The book reader stopped (exit code ${code}) before it finished.`, 'Try again; a very large or damaged file can cause this.'))));
  });
}

export async function previewInWorker(path: string, chapterPattern?: string): Promise<ImportPreview> {
  const r = await runWorker({ mode: 'preview', path, chapterPattern });
  if (r.mode !== 'preview') throw new ApiError('internal', 'The book reader answered a preview with an import.');
  return r.preview;
}

export async function importInWorker(task: Omit<Extract<ImportTask, { mode: 'import' }>, 'mode'>): Promise<Extract<ImportWorkerReply, { mode: 'import' }>> {
  const r = await runWorker({ mode: 'import', ...task });
  if (r.mode !== 'import') throw new ApiError('internal', 'The book reader answered an import with a preview.');
  return r;
}
