// The default-voice scripts' handle on the real backend: a workspace outside the repo, calls unwrapped, jobs awaited by polling jobs:get.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Job } from '../../electron/shared/contract';
import { createBackend, type Backend } from '../../electron/core/backend';

export const DEFAULT_WORKSPACE = '/work/voicewright-default-voice';
export const SPEAKER_NAME = 'Cathy (CMU ARCTIC, CC0)';
export const DATASET_NAME = 'arctic-cathy';
export const RUN_NAME = 'default-voice';
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CATHY_DIR = resolve(REPO_ROOT, '../shared/data/speech/arctic-cathy');

export class StudioSession {
  private constructor(readonly backend: Backend, readonly workspace: string) {}

  static async open(workspace: string): Promise<StudioSession> {
    const abs = resolve(workspace);
    // The app-data folder (recent workspaces) sits beside the workspace so the scripts never touch the user's ~/.config.
    const backend = await createBackend({ appDataDir: join(abs, '.app-data'), workspace: abs });
    return new StudioSession(backend, abs);
  }

  async call<T>(name: string, input: unknown): Promise<T> {
    const r = await this.backend.invoke(name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}${r.error.hint ? ` (${r.error.hint})` : ''}`);
    return r.value as T;
  }

  /** Waits for a job to end, printing its progress now and then; throws with its error when it did not succeed. */
  async job(id: number, label: string): Promise<Job> {
    let last = 0;
    for (;;) {
      const j = await this.call<Job>('jobs:get', { id });
      if (!['queued', 'running'].includes(j.state)) {
        if (j.state !== 'succeeded') throw new Error(`${label} ${j.state}: ${j.error ?? ''}${j.hint ? ` (${j.hint})` : ''}`);
        return j;
      }
      if (Date.now() - last > 10_000) {
        last = Date.now();
        process.stderr.write(`${label}: ${j.step} ${j.current}/${j.total}${j.etaSeconds !== null ? `, ~${Math.round(j.etaSeconds)} s left` : ''}\n`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/** `--workspace DIR` (or VOICEWRIGHT_DEFAULT_VOICE_WS), ~ expanded. */
export function workspaceArg(value: string | undefined): string {
  const v = value ?? process.env.VOICEWRIGHT_DEFAULT_VOICE_WS ?? DEFAULT_WORKSPACE;
  return resolve(v.startsWith('~/') ? join(homedir(), v.slice(2)) : v);
}
