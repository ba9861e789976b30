// Tests' backend: a real workspace in a temp folder, results unwrapped, and job endings awaited from the events the backend emits.
import { join } from 'node:path';
import type { Job } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { createBackend, type Backend } from '../backend';
import { makeTempDir } from './temp-dir';

export interface Harness {
  backend: Backend;
  /** The temp folder; the workspace is <root>/ws. */
  root: string;
  workspace: string;
  /** Resolves with the job's final row (succeeded, failed, cancelled or interrupted). */
  settled(job: number): Promise<Job>;
  close(): Promise<void>;
}

export function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export async function openHarness(): Promise<Harness> {
  const tmp = makeTempDir();
  const workspace = join(tmp.path, 'ws');
  const backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace });
  // Recorded from the start: a job that fails at once settles before its call returns.
  const finals = new Map<number, Job>();
  const waiters = new Map<number, (j: Job) => void>();
  backend.onEvent((event, payload) => {
    const j = payload as Job;
    if (event !== 'jobs:updated' || ['queued', 'running'].includes(j.state)) return;
    finals.set(j.id, j);
    waiters.get(j.id)?.(j);
  });
  return {
    backend, root: tmp.path, workspace,
    settled: (job) => {
      const done = finals.get(job);
      return done ? Promise.resolve(done) : new Promise((resolve) => waiters.set(job, resolve));
    },
    close: async () => {
      await backend.close();
      tmp.cleanup();
    },
  };
}
