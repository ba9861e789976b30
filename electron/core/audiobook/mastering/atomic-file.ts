// Files that appear whole or not at all: written to a temp name beside the target, fsynced, then renamed over it.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class AtomicFile {
  readonly tempPath: string;
  private fd: number | null;
  private position = 0;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.partial`);
    this.fd = openSync(this.tempPath, 'w');
  }

  get bytesWritten(): number {
    return this.position;
  }

  append(bytes: Uint8Array): void {
    this.writeAt(bytes, this.position);
    this.position += bytes.length;
  }

  /** Overwrites bytes already written (headers whose sizes are known only at the end). */
  writeAt(bytes: Uint8Array, at: number): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, at + off);
  }

  /** fsync, rename over the target, fsync the folder so the rename itself survives a crash. */
  commit(): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.tempPath, this.path);
    try {
      const dir = openSync(dirname(this.path), 'r');
      try { fsyncSync(dir); } finally { closeSync(dir); }
    } catch {
      // Some platforms (Windows) cannot open a folder for fsync; the rename is still atomic there.
    }
  }

  /** Drops the temp file; the target is left as it was. */
  abort(): void {
    if (this.fd !== null) { closeSync(this.fd); this.fd = null; }
    rmSync(this.tempPath, { force: true });
  }
}

/** Writes a whole small file atomically. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const f = new AtomicFile(path);
  try {
    f.append(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}
