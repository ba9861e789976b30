// WAV files on disk: a streaming writer (RIFF, switching to RF64 past 4 GiB) and crash repair of header sizes.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import type { WavLayout } from './wav';

const RIFF_LIMIT = 0xffffffff;
/** RIFF + JUNK (reserved for ds64) + fmt + data header. */
const HEADER_BYTES = 12 + 36 + 24 + 8;

function header(layout: WavLayout, dataBytes: number, riffLimit: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  const v = new DataView(out.buffer);
  const set4 = (at: number, s: string): void => { for (let i = 0; i < 4; i++) v.setUint8(at + i, s.charCodeAt(i)); };
  const bps = layout.format === 'pcm16' ? 2 : 4;
  const riffSize = HEADER_BYTES - 8 + dataBytes;
  const rf64 = riffSize > riffLimit;
  const set8 = (at: number, n: number): void => { v.setUint32(at, n % 2 ** 32, true); v.setUint32(at + 4, Math.floor(n / 2 ** 32), true); };
  set4(0, rf64 ? 'RF64' : 'RIFF');
  v.setUint32(4, rf64 ? RIFF_LIMIT : riffSize, true);
  set4(8, 'WAVE');
  set4(12, rf64 ? 'ds64' : 'JUNK');
  v.setUint32(16, 28, true);
  if (rf64) {
    set8(20, riffSize);
    set8(28, dataBytes);
    set8(36, dataBytes / (bps * layout.channels));
    v.setUint32(44, 0, true);
  }
  set4(48, 'fmt ');
  v.setUint32(52, 16, true);
  v.setUint16(56, layout.format === 'pcm16' ? 1 : 3, true);
  v.setUint16(58, layout.channels, true);
  v.setUint32(60, layout.sampleRate, true);
  v.setUint32(64, layout.sampleRate * layout.channels * bps, true);
  v.setUint16(68, layout.channels * bps, true);
  v.setUint16(70, bps * 8, true);
  set4(72, 'data');
  v.setUint32(76, rf64 ? RIFF_LIMIT : dataBytes, true);
  return out;
}

/**
 * Appends interleaved samples to a WAV file as they arrive. The header is rewritten on every flush, so a
 * crash loses at most what was not flushed; past 4 GiB the file becomes RF64.
 */
export class WavFileWriter {
  private readonly fd: number;
  private dataBytes = 0;
  private closed = false;

  constructor(readonly path: string, readonly layout: WavLayout, private readonly riffLimit = RIFF_LIMIT) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, header(layout, 0, riffLimit), 0, HEADER_BYTES, 0);
  }

  get bytesWritten(): number {
    return this.dataBytes;
  }

  /** Interleaved samples in [-1, 1]. */
  append(interleaved: Float32Array): void {
    if (this.closed) throw new Error('WavFileWriter is closed');
    const bps = this.layout.format === 'pcm16' ? 2 : 4;
    const buf = Buffer.allocUnsafe(interleaved.length * bps);
    for (let i = 0; i < interleaved.length; i++) {
      const x = interleaved[i]!;
      if (this.layout.format === 'pcm16') {
        const s = Math.round((Number.isFinite(x) ? x : 0) * 32768);
        buf.writeInt16LE(s > 32767 ? 32767 : s < -32768 ? -32768 : s, i * 2);
      } else buf.writeFloatLE(Number.isFinite(x) ? x : 0, i * 4);
    }
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, HEADER_BYTES + this.dataBytes + off);
    this.dataBytes += buf.length;
  }

  /** Rewrites the header for the bytes so far and forces everything to disk. */
  flush(): void {
    writeSync(this.fd, header(this.layout, this.dataBytes, this.riffLimit), 0, HEADER_BYTES, 0);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }
}

export type RepairResult = { repaired: false; reason: string } | { repaired: true; dataBytes: number };

/**
 * Fixes a WAV whose sizes were never written (a crash mid-recording) from the file length.
 * Healthy files, and files it does not understand, are left byte-for-byte untouched.
 */
export function repairWav(path: string): RepairResult {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, head, 0, head.length, 0);
    if (head.length < 12 || head.toString('latin1', 8, 12) !== 'WAVE') return { repaired: false, reason: 'not a WAV file' };
    const kind = head.toString('latin1', 0, 4);
    if (kind === 'RF64') return { repaired: false, reason: 'RF64 files carry their sizes in ds64' };
    if (kind !== 'RIFF') return { repaired: false, reason: 'not a RIFF file' };
    let pos = 12;
    while (pos + 8 <= head.length) {
      const id = head.toString('latin1', pos, pos + 4);
      const chunk = head.readUInt32LE(pos + 4);
      if (id === 'data') {
        const present = size - (pos + 8);
        const riffDeclared = head.readUInt32LE(4);
        if (chunk === present && riffDeclared === size - 8) return { repaired: false, reason: 'sizes already match the file' };
        if (chunk !== 0 && chunk !== RIFF_LIMIT && chunk < present && riffDeclared === pos + chunk) {
          return { repaired: false, reason: 'the data chunk is followed by other chunks' };
        }
        const fixedData = Math.min(present, RIFF_LIMIT);
        const fix = Buffer.alloc(4);
        fix.writeUInt32LE(fixedData, 0);
        writeSync(fd, fix, 0, 4, pos + 4);
        fix.writeUInt32LE(Math.min(size - 8, RIFF_LIMIT), 0);
        writeSync(fd, fix, 0, 4, 4);
        fsyncSync(fd);
        return { repaired: true, dataBytes: present };
      }
      const next = pos + 8 + chunk + (chunk % 2);
      if (next <= pos) break;
      pos = next;
    }
    return { repaired: false, reason: 'no data chunk in the first 4 KiB' };
  } finally {
    closeSync(fd);
  }
}
