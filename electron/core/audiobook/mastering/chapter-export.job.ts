// The chapter export as a job handler: params validated at the boundary, progress and cancellation from the job runner.
import type { ChapterExportInput, ChapterExportResult } from '../../../shared/domains/book-edits';
import type { JobContext, JobRunner } from '../../jobs/job-runner';
import { parseExportInput } from './chapter-export';
import { exportChapterInWorker } from './chapter-export-host';

export const CHAPTER_EXPORT_JOB = 'books:exportChapter';

/** Runs one chapter export for a job, in a worker thread (register it with `ws.jobs.register(CHAPTER_EXPORT_JOB, chapterExportJob)`). */
export async function chapterExportJob(ctx: JobContext<ChapterExportInput>): Promise<ChapterExportResult> {
  // Validated here so bad settings fail at once, before a worker starts.
  return exportChapterInWorker(parseExportInput(ctx.params), { signal: ctx.signal, onProgress: (step, current, total) => ctx.progress(step, current, total) });
}

/** Registers the job kind; for a caller that has only the runner (tests, tools). */
export function registerChapterExportJob(jobs: Pick<JobRunner, 'register'>): void {
  jobs.register(CHAPTER_EXPORT_JOB, chapterExportJob);
}
