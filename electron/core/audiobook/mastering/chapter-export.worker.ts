// Worker thread of a chapter export: runs exportChapter off the backend's event loop, streams progress, obeys cancel.
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../../shared/errors';
import { exportChapter } from './chapter-export';
import type { ExportWorkerReply, ExportWorkerRequest } from './chapter-export-host';

const port = parentPort;
if (!port) throw new Error('chapter-export.worker runs as a worker thread started by the chapter export, not on its own.');
const controller = new AbortController();

port.on('message', (msg: ExportWorkerRequest) => {
  if (msg.type === 'cancel') { controller.abort(new ApiError('cancelled', 'The export was cancelled.')); return; }
  void (async () => {
    let reply: ExportWorkerReply;
    try {
      const value = await exportChapter(msg.input, {
        signal: controller.signal,
        onProgress: (step, current, total) => port.postMessage({ type: 'progress', step, current, total } satisfies ExportWorkerReply),
      });
      reply = { type: 'done', ok: true, value };
    } catch (err) {
      reply = { type: 'done', ok: false, error: err instanceof ApiError ? err.toJSON() : { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
    port.postMessage(reply);
  })();
});
