// Worker thread: reads, splits and stores a book file (EPUB, text, Markdown) off the backend's thread, so a 5 MB book stalls no call.
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../../shared/errors';
import { insertBook } from '../../db/books.repo';
import { openDatabase } from '../../db/database';
import { bookLanguageOf, planImport, readBook, toPreview } from './book-import';
import type { ImportTask, ImportWorkerReply } from './book-import.host';

const task = workerData as ImportTask;

async function run(): Promise<ImportWorkerReply> {
  const book = await readBook(task.path, task.chapterPattern);
  if (task.mode === 'preview') return { ok: true, mode: 'preview', preview: toPreview(book) };
  const language = task.language ?? bookLanguageOf(book.language) ?? task.fallbackLanguage;
  const plan = planImport(book, language, task.include);
  // Stored from here, on this thread's own connection: 50,000 rows would hold the backend's thread for a second.
  // Readers go on meanwhile (WAL); a writer elsewhere waits for this one transaction.
  const db = openDatabase(task.dbFile);
  try {
    const bookId = insertBook(db, {
      title: task.title ?? book.title, author: task.author ?? book.author, language, sourcePath: task.path, sourceKind: book.format, importReport: plan.report,
    }, plan.chapters);
    return { ok: true, mode: 'import', bookId, report: plan.report };
  } finally {
    db.close();
  }
}

run().then(
  (reply) => parentPort?.postMessage(reply),
  (err: unknown) => parentPort?.postMessage({
    ok: false,
    error: err instanceof ApiError ? err.toJSON() : { code: 'internal', message: `Reading the book failed: ${(err as Error).message ?? String(err)}` },
  } satisfies ImportWorkerReply),
);
