// Opening workspaces the way a user does: new, existing, read-only, not a workspace, paths leading out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mediaFolders } from '../../shared/contract';
import { makeTempDir } from '../testing/temp-dir';
import { Workspace } from './workspace';

const quiet = { progress: () => {}, updated: () => {} };
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => tmp.cleanup());

/** A folder the current user cannot write to: a read-only mount when root (root ignores modes), chmod otherwise. */
function readOnlyFolder(): { path: string; release(): void } | { skip: string } {
  const path = join(tmp.path, 'readonly');
  mkdirSync(path);
  if (process.getuid?.() === 0) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', path], { stdio: 'ignore' });
      return { path, release: () => execFileSync('umount', [path]) };
    } catch {
      return { skip: 'running as root without permission to mount a read-only tmpfs' };
    }
  }
  chmodSync(path, 0o555);
  return { path, release: () => chmodSync(path, 0o755) };
}

describe('opening a workspace', () => {
  it('creates the folder, its database and media folders, and names it', async () => {
    const ws = Workspace.open(join(tmp.path, 'My Voice'), true, 'Anna reads', quiet);
    expect(ws.info()).toMatchObject({ name: 'Anna reads', path: join(tmp.path, 'My Voice') });
    for (const f of mediaFolders) expect(existsSync(join(tmp.path, 'My Voice', f))).toBe(true);
    await ws.close();
    const again = Workspace.open(join(tmp.path, 'My Voice'), false, undefined, quiet);
    expect(again.info().name).toBe('Anna reads');
    await again.close();
  });

  it('says a folder without studio.sqlite is not a workspace when asked to open, not create', () => {
    mkdirSync(join(tmp.path, 'photos'));
    expect(() => Workspace.open(join(tmp.path, 'photos'), false, undefined, quiet)).toThrow(/not a Voicewright workspace/);
    expect(() => Workspace.open(join(tmp.path, 'missing'), false, undefined, quiet)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('refuses a file where a folder should be', () => {
    writeFileSync(join(tmp.path, 'file.txt'), 'x');
    expect(() => Workspace.open(join(tmp.path, 'file.txt'), true, undefined, quiet)).toThrow(/is a file, not a folder/);
  });

  it('gives a clear error for a read-only folder and writes nothing', (ctx) => {
    const ro = readOnlyFolder();
    if ('skip' in ro) return ctx.skip(ro.skip);
    try {
      let error: unknown;
      try { Workspace.open(ro.path, true, undefined, quiet); } catch (err) { error = err; }
      expect(error).toMatchObject({ code: 'workspace_unwritable' });
      expect((error as Error).message).toMatch(/read-only/);
      expect(existsSync(join(ro.path, 'studio.sqlite'))).toBe(false);
    } finally {
      ro.release();
    }
  });
});

describe('paths inside a workspace', () => {
  it('resolves relative paths and refuses every way out', async () => {
    const ws = Workspace.open(join(tmp.path, 'ws'), true, undefined, quiet);
    expect(ws.resolveInside('takes/a.wav')).toBe(join(tmp.path, 'ws', 'takes', 'a.wav'));
    for (const bad of ['../secret', 'takes/../../x', '/etc/passwd', 'C:\\Windows\\win.ini', '..\\..\\x', 'a\0b']) {
      expect(() => ws.resolveInside(bad), bad).toThrow(expect.objectContaining({ code: 'path_outside_workspace' }));
    }
    writeFileSync(join(tmp.path, 'outside.txt'), 'secret');
    symlinkSync(join(tmp.path, 'outside.txt'), join(tmp.path, 'ws', 'takes', 'link.wav'));
    expect(() => ws.resolveInside('takes/link.wav')).toThrow(expect.objectContaining({ code: 'path_outside_workspace' }));
    await ws.close();
  });
});
