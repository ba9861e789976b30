// Jobs as rows: progress with ETA, cancellation, failures, and recovery after a crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Job, ProgressEvent } from '../../shared/contract';
import { openDatabase, type WritableDb } from '../db/database';
import { getJob, insertJob, setJobState } from '../db/jobs.repo';
import { makeTempDir } from '../testing/temp-dir';
import { JobRunner } from './job-runner';

let tmp: ReturnType<typeof makeTempDir>;
let db: WritableDb;
let progress: ProgressEvent[];
let updates: Job[];
let runner: JobRunner;

beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(join(tmp.path, 'studio.sqlite'));
  progress = [];
  updates = [];
  runner = new JobRunner(db, { progress: (e) => progress.push(e), updated: (j) => updates.push(j) });
});
afterEach(async () => {
  await runner.close();
  db.close();
  tmp.cleanup();
});

/** A job that does `steps` steps, yielding to the event loop between them, until aborted. */
function counting(steps: number, gate?: Promise<void>) {
  return async (ctx: { progress(s: string, c: number, t: number): void; signal: AbortSignal }) => {
    for (let i = 1; i <= steps; i++) {
      if (i === 2 && gate) await gate;
      await new Promise((r) => setImmediate(r));
      ctx.progress('counting', i, steps);
    }
    return { counted: steps };
  };
}

describe('the job runner', () => {
  it('runs a job to success, storing its result and reporting progress', async () => {
    runner.register('count', counting(50));
    const job = runner.start('count', 'Count to 50', {});
    expect(job.state).toBe('queued');
    const done = await runner.settled(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toEqual({ counted: 50 });
    expect(progress.at(-1)).toMatchObject({ job: job.id, current: 50, total: 50, etaSeconds: 0 });
    expect(updates.map((u) => u.state)).toEqual(['running', 'succeeded']);
  });

  it('cancels a running job: the row says cancelled and the work stops', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    runner.register('count', counting(1_000_000, gate));
    const job = runner.start('count', 'Long count', {});
    await new Promise((r) => setImmediate(r));
    runner.cancel(job.id);
    release();
    const done = await runner.settled(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.error).toMatch(/Cancelled/);
    expect(done.current).toBeLessThan(1_000_000);
  });

  it('records a failing job with its message', async () => {
    runner.register('fail', async () => { throw new Error('disk full'); });
    const job = runner.start('fail', 'Doomed', {});
    const done = await runner.settled(job.id);
    expect(done).toMatchObject({ state: 'failed', error: 'disk full' });
  });

  it('marks jobs left running by a crashed process as interrupted at start-up', () => {
    const a = insertJob(db, 'train', 'Training run', {});
    setJobState(db, a.id, 'running');
    const b = insertJob(db, 'scan', 'Queued scan', {});
    const c = insertJob(db, 'scan', 'Finished scan', {});
    setJobState(db, c.id, 'succeeded');
    const fresh = new JobRunner(db, { progress: () => {}, updated: () => {} });
    expect(fresh.recover()).toBe(2);
    expect(getJob(db, a.id)?.state).toBe('interrupted');
    expect(getJob(db, b.id)?.state).toBe('interrupted');
    expect(getJob(db, c.id)?.state).toBe('succeeded');
  });

  it('ends still-running jobs as interrupted when the studio closes', async () => {
    runner.register('forever', async (ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
    });
    const job = runner.start('forever', 'Never ends', {});
    await runner.close();
    expect(getJob(db, job.id)?.state).toBe('interrupted');
  });

  it('refuses a kind registered twice and cancelling an unknown job', () => {
    runner.register('x', async () => null);
    expect(() => runner.register('x', async () => null)).toThrow(/twice/);
    expect(() => runner.cancel(12345)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
