// Test helper: reads the .npy files the trainer's exporter writes as parity data (float32, int64, bool; little-endian, C order).
import { readFileSync } from 'node:fs';

export interface Npy { type: 'float32' | 'int64' | 'bool'; dims: number[]; data: Float32Array | BigInt64Array | Uint8Array }

/** .npy version 1/2 reader for the three element types the exporter writes (little-endian, C order). */
export function readNpy(path: string): Npy {
  const b = readFileSync(path);
  const major = b[6] ?? 1;
  const headerLen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = b.subarray(major === 1 ? 10 : 12, start).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order is not supported`);
  const raw = b.subarray(start);
  const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  if (descr === '<f4') return { type: 'float32', dims: shape, data: new Float32Array(buf) };
  if (descr === '<i8') return { type: 'int64', dims: shape, data: new BigInt64Array(buf) };
  if (descr === '|b1') return { type: 'bool', dims: shape, data: new Uint8Array(buf) };
  throw new Error(`${path}: unsupported dtype ${descr}`);
}
