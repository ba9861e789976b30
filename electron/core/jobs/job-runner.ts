// Runs long work as job rows: progress with ETA, cancellation through AbortController, crash recovery.
import type { Job, ProgressEvent } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { WritableDb } from '../db/database';
import { getJob, insertJob, markInterrupted, setJobProgress, setJobState } from '../db/jobs.repo';

export interface JobContext<P> {
  readonly id: number;
  readonly params: P;
  readonly signal: AbortSignal;
  /** Reports progress; throttled, ETA derived from the rate so far. Throws if the job was cancelled. */
  progress(step: string, current: number, total: number): void;
}
export type JobHandler<P> = (ctx: JobContext<P>) => Promise<unknown>;

export interface JobRunnerEvents {
  progress(event: ProgressEvent): void;
  updated(job: Job): void;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  cancelRequested: boolean;
}

const PROGRESS_INTERVAL_MS = 100;

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly running = new Map<number, Running>();
  private closed = false;

  constructor(private readonly db: WritableDb, private readonly events: JobRunnerEvents) {}

  /** Marks jobs left queued/running by an earlier process as interrupted. Call once at start-up. */
  recover(): number {
    return markInterrupted(this.db);
  }

  register<P>(kind: string, handler: JobHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`Job kind ${kind} is registered twice`);
    this.handlers.set(kind, handler as JobHandler<never>);
  }

  start<P>(kind: string, title: string, params: P): Job {
    if (this.closed) throw new ApiError('conflict', 'The workspace is closing; no new jobs can start.');
    const handler = this.handlers.get(kind) as JobHandler<P> | undefined;
    if (!handler) throw new ApiError('internal', `No handler for job kind ${kind}`);
    const job = insertJob(this.db, kind, title, params);
    const controller = new AbortController();
    const entry: Running = { controller, done: Promise.resolve(), cancelRequested: false };
    this.running.set(job.id, entry);
    entry.done = this.execute(job.id, handler, params, entry);
    return job;
  }

  cancel(id: number): Job {
    const job = getJob(this.db, id);
    if (!job) throw new ApiError('not_found', `There is no job ${id}.`);
    const entry = this.running.get(id);
    if (!entry) return job; // already finished: cancelling is a no-op, not an error
    entry.cancelRequested = true;
    entry.controller.abort(new ApiError('cancelled', 'Cancelled by the user.'));
    return getJob(this.db, id)!;
  }

  /** Resolves when job `id` has settled (tests and shutdown). */
  async settled(id: number): Promise<Job> {
    await this.running.get(id)?.done;
    return getJob(this.db, id)!;
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** Aborts everything still running and waits; those jobs end as interrupted, not failed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.running.values()) entry.controller.abort(new ApiError('cancelled', 'The studio is closing.'));
    await Promise.allSettled([...this.running.values()].map((e) => e.done));
  }

  private async execute<P>(id: number, handler: JobHandler<P>, params: P, entry: Running): Promise<void> {
    const { signal } = entry.controller;
    const startedAt = Date.now();
    let lastEmit = 0;
    setJobState(this.db, id, 'running');
    this.emitUpdated(id);
    const progress = (step: string, current: number, total: number): void => {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new ApiError('cancelled', 'Cancelled.');
      const nowMs = Date.now();
      if (nowMs - lastEmit < PROGRESS_INTERVAL_MS && current < total) return;
      lastEmit = nowMs;
      const elapsed = (nowMs - startedAt) / 1000;
      const etaSeconds = current > 0 && total > current ? (elapsed * (total - current)) / current : total > 0 && current >= total ? 0 : null;
      const event: ProgressEvent = { job: id, step, current, total, etaSeconds };
      setJobProgress(this.db, id, event);
      this.events.progress(event);
    };
    try {
      const result = await handler({ id, params, signal, progress });
      if (signal.aborted) throw signal.reason;
      setJobState(this.db, id, 'succeeded', { result: result ?? null });
    } catch (err) {
      if (signal.aborted) {
        setJobState(this.db, id, entry.cancelRequested ? 'cancelled' : 'interrupted', {
          error: entry.cancelRequested ? 'Cancelled by the user.' : 'The studio closed while this job was running.',
        });
      } else {
        // An ApiError's hint (what to do about it) travels with the job, as it does with a call's error.
        setJobState(this.db, id, 'failed', { error: err instanceof Error ? err.message : String(err), hint: err instanceof ApiError ? (err.hint ?? null) : null });
      }
    } finally {
      this.running.delete(id);
      if (!this.closed || this.db.open) this.emitUpdated(id);
    }
  }

  private emitUpdated(id: number): void {
    const job = getJob(this.db, id);
    if (job) this.events.updated(job);
  }
}
