// Workspace audio over studio-media://: whole files, seekable ranges, and nothing from outside the workspace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackend } from '../core/backend';
import type { Backend } from '../core/backend.types';
import { makeTempDir } from '../core/testing/temp-dir';
import { serveMedia } from './media-protocol';

// The Electron binary is not installed where unit tests run; the handler needs only app.isPackaged.
vi.mock('electron', () => ({ app: { isPackaged: true } }));

let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
beforeEach(async () => {
  tmp = makeTempDir();
  const workspace = join(tmp.path, 'ws');
  backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace });
  mkdirSync(join(workspace, 'takes'), { recursive: true });
  writeFileSync(join(workspace, 'takes', 'take 1.wav'), '0123456789');
  writeFileSync(join(tmp.path, 'secret.txt'), 'root:x:0:0');
});
afterEach(async () => {
  await backend.close();
  tmp.cleanup();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  serveMedia(new Request(url, { headers }), backend);

describe('the studio-media protocol', () => {
  it('serves a workspace file whole, as audio', async () => {
    const res = await get('studio-media://workspace/takes/take%201.wav');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(await res.text()).toBe('0123456789');
  });

  it('serves byte ranges so the player can seek', async () => {
    const res = await get('studio-media://workspace/takes/take%201.wav', { Range: 'bytes=4-' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 4-9/10');
    expect(await res.text()).toBe('456789');
    expect((await get('studio-media://workspace/takes/take%201.wav', { Range: 'bytes=20-' })).status).toBe(416);
  });

  it('refuses paths that climb out of the workspace', async () => {
    for (const url of [
      'studio-media://workspace/..%2Fsecret.txt',
      'studio-media://workspace/takes%2F..%2F..%2Fsecret.txt',
      `studio-media://workspace/${encodeURIComponent(join(tmp.path, 'secret.txt'))}`,
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(403);
      expect(await res.text(), url).not.toContain('root:');
    }
  });

  it('answers 404 for missing files, folders and other hosts', async () => {
    expect((await get('studio-media://workspace/takes/nope.wav')).status).toBe(404);
    expect((await get('studio-media://workspace/takes')).status).toBe(404);
    expect((await get('studio-media://elsewhere/takes/take%201.wav')).status).toBe(404);
  });

  it('grants CORS to the studio page only', async () => {
    const ours = await get('studio-media://workspace/takes/take%201.wav', { Origin: 'app://renderer' });
    expect(ours.headers.get('access-control-allow-origin')).toBe('app://renderer');
    const theirs = await get('studio-media://workspace/takes/take%201.wav', { Origin: 'https://example.com' });
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
  });
});
