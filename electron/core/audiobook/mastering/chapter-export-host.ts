// Runs a chapter export in its own worker thread, so hours of DSP and encoding never hold up the backend's other calls.
import { Worker } from 'node:worker_threads';
import type { ChapterExportInput, ChapterExportResult } from '../../../shared/domains/book-edits';
import { ApiError, type ApiErrorShape } from '../../../shared/errors';
import { resolveWorkerEntry } from '../../dataset/dataset-pool';
import type { ExportHooks } from './chapter-export';

export type ExportWorkerRequest = { type: 'export'; input: ChapterExportInput } | { type: 'cancel' };
export type ExportWorkerReply =
  | { type: 'progress'; step: string; current: number; total: number }
  | { type: 'done'; ok: true; value: ChapterExportResult }
  | { type: 'done'; ok: false; error: ApiErrorShape };

/** How long a cancelled worker gets to remove its temp files before it is terminated. */
const CANCEL_GRACE_MS = 10_000;

export function exportChapterInWorker(input: ChapterExportInput, hooks: Omit<ExportHooks, 'edgeMs'> = {}): Promise<ChapterExportResult> {
  const entry = resolveWorkerEntry('chapter-export.worker', import.meta.url);
  // From source (tests, tools) the worker needs the TypeScript loader the dataset workers use.
  const execArgv = entry.pathname.endsWith('.ts') ? ['--import', new URL('../../dataset/ts-source.register.mjs', import.meta.url).href] : undefined;
  const worker = new Worker(entry, { name: 'chapter export', ...(execArgv ? { execArgv } : {}) });
  return new Promise<ChapterExportResult>((resolve, reject) => {
    let settled = false;
    let grace: NodeJS.Timeout | null = null;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      if (grace) clearTimeout(grace);
      void worker.terminate();
      fn();
    };
    // Why the caller stopped the export (its signal, or its progress callback throwing, as a cancelled job's does).
    let stopped: unknown = null;
    const stop = (reason: unknown): void => {
      if (stopped !== null) return;
      stopped = reason;
      worker.postMessage({ type: 'cancel' } satisfies ExportWorkerRequest);
      grace = setTimeout(() => finish(() => reject(reason)), CANCEL_GRACE_MS);
    };
    const onAbort = (): void => stop(hooks.signal!.reason);
    if (hooks.signal?.aborted) { finish(() => reject(hooks.signal!.reason)); return; }
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: ExportWorkerReply) => {
      if (msg.type === 'progress') {
        try { hooks.onProgress?.(msg.step, msg.current, msg.total); } catch (e) { stop(e); }
        return;
      }
      if (msg.ok) finish(() => resolve(msg.value));
      // A stopped export rejects with the caller's own reason, as the in-process export does.
      else finish(() => reject(stopped ?? ApiError.from(msg.error)));
    });
    worker.on('error', (err) => finish(() => reject(new ApiError('internal', `The export worker failed: ${err.message}`, 'Export the chapter again; if it fails again, report it.'))));
    worker.on('exit', (code) => finish(() => reject(new ApiError('internal', `The export worker stopped unexpectedly (exit code ${code}).`, 'Export the chapter again.'))));
    worker.postMessage({ type: 'export', input } satisfies ExportWorkerRequest);
  });
}
