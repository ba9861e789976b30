// The backend as a user drives it: open, settings, stats, a media scan job, events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from './backend';
import { makeTempDir } from './testing/temp-dir';
import type { Result } from '../shared/errors';

let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
beforeEach(async () => {
  tmp = makeTempDir();
  backend = await createBackend({ appDataDir: join(tmp.path, 'app') });
});
afterEach(async () => {
  await backend.close();
  tmp.cleanup();
});

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('the backend', () => {
  it('creates a workspace, remembers it as recent, and reopens it', async () => {
    const path = join(tmp.path, 'ws');
    const info = value<{ name: string }>(await backend.invoke('workspace:open', { path, create: true, name: 'Studio A' }));
    expect(info.name).toBe('Studio A');
    value(await backend.invoke('workspace:close', {}));
    expect(value(await backend.invoke('workspace:current', {}))).toBeNull();
    const recent = value<{ path: string; exists: boolean }[]>(await backend.invoke('workspace:recent', {}));
    expect(recent).toEqual([expect.objectContaining({ path, exists: true, name: 'Studio A' })]);
    expect(value(await backend.invoke('workspace:open', { path }))).toMatchObject({ name: 'Studio A' });
  });

  it('keeps the current workspace when opening another fails', async () => {
    value(await backend.invoke('workspace:open', { path: join(tmp.path, 'good'), create: true }));
    mkdirSync(join(tmp.path, 'bad'));
    writeFileSync(join(tmp.path, 'bad', 'studio.sqlite'), 'not a database at all, just text'.repeat(50));
    const r = await backend.invoke('workspace:open', { path: join(tmp.path, 'bad') });
    expect(r).toMatchObject({ ok: false, error: { code: 'workspace_corrupt' } });
    expect(value(await backend.invoke('workspace:current', {}))).toMatchObject({ path: join(tmp.path, 'good') });
  });

  it('saves settings and emits settings:changed', async () => {
    value(await backend.invoke('workspace:open', { path: join(tmp.path, 'ws'), create: true }));
    const seen: unknown[] = [];
    const off = backend.onEvent((event, payload) => { if (event === 'settings:changed') seen.push(payload); });
    const s = value<{ theme: string }>(await backend.invoke('settings:update', { theme: 'dark', inferenceThreads: 4 }));
    expect(s).toMatchObject({ theme: 'dark', inferenceThreads: 4, sampleRate: 22050 });
    expect(seen).toEqual([expect.objectContaining({ theme: 'dark' })]);
    off();
    expect(value(await backend.invoke('settings:reset', {}))).toMatchObject({ theme: 'system', inferenceThreads: 2 });
  });

  it('scans media folders as a job with progress, and reports the sizes in stats', async () => {
    const root = join(tmp.path, 'ws');
    value(await backend.invoke('workspace:open', { path: root, create: true }));
    for (let i = 0; i < 30; i++) writeFileSync(join(root, 'takes', `t${i}.wav`), Buffer.alloc(1000));
    mkdirSync(join(root, 'books', 'b1'), { recursive: true });
    writeFileSync(join(root, 'books', 'b1', 'ch1.mp3'), Buffer.alloc(5000));
    const events: string[] = [];
    const finished = new Promise<void>((resolve) => {
      backend.onEvent((event, payload) => {
        events.push(event);
        if (event === 'jobs:updated' && (payload as { state: string }).state === 'succeeded') resolve();
      });
    });
    const { job } = value<{ job: number }>(await backend.invoke('workspace:scanMedia', {}));
    await finished;
    expect(events).toContain('jobs:progress');
    const stats = value<{ media: { folders: { folder: string; files: number; bytes: number }[] } }>(await backend.invoke('workspace:stats', {}));
    expect(stats.media.folders).toEqual(expect.arrayContaining([
      { folder: 'takes', files: 30, bytes: 30000 },
      { folder: 'books', files: 1, bytes: 5000 },
    ]));
    expect(value(await backend.invoke('jobs:get', { id: job }))).toMatchObject({ state: 'succeeded', current: 31, total: 31 });
  });

  it('lists media inside the workspace only', async () => {
    const root = join(tmp.path, 'ws');
    value(await backend.invoke('workspace:open', { path: root, create: true }));
    writeFileSync(join(root, 'takes', 'a.wav'), 'RIFF');
    expect(value(await backend.invoke('workspace:listMedia', { folder: 'takes' }))).toEqual([
      expect.objectContaining({ name: 'a.wav', path: 'takes/a.wav', kind: 'file', bytes: 4 }),
    ]);
    expect(await backend.invoke('workspace:listMedia', { folder: '../..' })).toMatchObject({ ok: false, error: { code: 'path_outside_workspace' } });
  });

  it('answers area calls without a workspace with a typed error that says what to do', async () => {
    expect(await backend.invoke('datasets:list', {})).toMatchObject({ ok: false, error: { code: 'no_workspace', hint: expect.stringMatching(/Create or open/) } });
  });
});
