// Precomputed waveform peaks for the chapter editor: min/max per bin at several zoom levels, in one compact file.
import { readFileSync } from 'node:fs';
import { ApiError } from '../../../shared/errors';
import { writeFileAtomic } from './atomic-file';

// File layout (little-endian): "VWPK", u16 version, u16 levels, u32 sampleRate, f64 frames, then per level
// u32 samplesPerBin, u32 bins; then each level's bins as int8 pairs (min, max) scaled by 127. Eight bits are
// what a waveform drawn a few hundred pixels high can show, and halve the file against int16.
const MAGIC = 0x4b505756; // "VWPK"
const VERSION = 1;
export const DEFAULT_LEVELS = [256, 4096, 65536] as const;

/** Accumulates min/max per bin at every level while the audio streams past. */
export class PeaksBuilder {
  private readonly mins: Int8Array[];
  private readonly maxs: Int8Array[];
  private readonly count: number[];
  private readonly curMin: number[];
  private readonly curMax: number[];
  private readonly fill: number[];
  private frames = 0;

  constructor(readonly sampleRate: number, expectedFrames: number, readonly levels: readonly number[] = DEFAULT_LEVELS) {
    this.mins = levels.map((l) => new Int8Array(Math.ceil(expectedFrames / l) + 1));
    this.maxs = levels.map((l) => new Int8Array(Math.ceil(expectedFrames / l) + 1));
    this.count = levels.map(() => 0);
    this.curMin = levels.map(() => Infinity);
    this.curMax = levels.map(() => -Infinity);
    this.fill = levels.map(() => 0);
  }

  push(mono: Float32Array): void {
    for (let l = 0; l < this.levels.length; l++) {
      const per = this.levels[l]!;
      let lo = this.curMin[l]!, hi = this.curMax[l]!, fill = this.fill[l]!;
      for (let i = 0; i < mono.length; i++) {
        const v = mono[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (++fill === per) { this.emit(l, lo, hi); lo = Infinity; hi = -Infinity; fill = 0; }
      }
      this.curMin[l] = lo; this.curMax[l] = hi; this.fill[l] = fill;
    }
    this.frames += mono.length;
  }

  private emit(l: number, lo: number, hi: number): void {
    let n = this.count[l]!;
    if (n >= this.mins[l]!.length) {
      // More audio than expected: grow (rare; the expected length comes from the edit plan).
      const grow = (a: Int8Array): Int8Array => { const b = new Int8Array(a.length * 2); b.set(a); return b; };
      this.mins[l] = grow(this.mins[l]!); this.maxs[l] = grow(this.maxs[l]!);
    }
    // Rounded outward, so the drawn waveform never hides a peak.
    const clamp = (v: number): number => Math.max(-127, Math.min(127, v));
    this.mins[l]![n] = clamp(Math.floor(lo * 127)); this.maxs[l]![n] = clamp(Math.ceil(hi * 127));
    this.count[l] = ++n;
  }

  /** The file's bytes (flushing partial bins). */
  finish(): Uint8Array {
    for (let l = 0; l < this.levels.length; l++) {
      if (this.fill[l]! > 0) { this.emit(l, this.curMin[l]!, this.curMax[l]!); this.fill[l] = 0; }
    }
    const headerBytes = 20 + 8 * this.levels.length;
    const body = this.count.reduce((s, n) => s + 2 * n, 0);
    const out = new Uint8Array(headerBytes + body);
    const v = new DataView(out.buffer);
    v.setUint32(0, MAGIC, true); v.setUint16(4, VERSION, true); v.setUint16(6, this.levels.length, true);
    v.setUint32(8, this.sampleRate, true); v.setFloat64(12, this.frames, true);
    let p = headerBytes;
    for (let l = 0; l < this.levels.length; l++) {
      v.setUint32(20 + 8 * l, this.levels[l]!, true); v.setUint32(24 + 8 * l, this.count[l]!, true);
      const mins = this.mins[l]!, maxs = this.maxs[l]!;
      for (let i = 0; i < this.count[l]!; i++) { v.setInt8(p++, mins[i]!); v.setInt8(p++, maxs[i]!); }
    }
    return out;
  }

  write(path: string): void {
    writeFileAtomic(path, this.finish());
  }
}

export interface PeaksLevel {
  samplesPerBin: number;
  /** Interleaved min, max per bin in [-1, 1]: the form wavesurfer.js draws from `peaks`. */
  peaks: Float32Array;
}
export interface WaveformPeaks {
  sampleRate: number;
  frames: number;
  duration: number;
  levels: PeaksLevel[];
}

/** Parses a peaks file. Pure (bytes in), so the renderer can run the same code on a fetched file. */
export function parsePeaks(bytes: Uint8Array): WaveformPeaks {
  const bad = (why: string): ApiError => new ApiError('invalid_input', `The waveform peaks file is damaged (${why}).`, 'Export the chapter again to rebuild it.');
  if (bytes.length < 20) throw bad('too short');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== MAGIC) throw bad('not a peaks file');
  if (v.getUint16(4, true) !== VERSION) throw bad(`version ${v.getUint16(4, true)} is not one this studio reads`);
  const count = v.getUint16(6, true);
  const sampleRate = v.getUint32(8, true), frames = v.getFloat64(12, true);
  let p = 20 + 8 * count;
  if (bytes.length < p) throw bad('header cut short');
  const levels: PeaksLevel[] = [];
  for (let l = 0; l < count; l++) {
    const samplesPerBin = v.getUint32(20 + 8 * l, true), bins = v.getUint32(24 + 8 * l, true);
    if (p + 2 * bins > bytes.length) throw bad('cut short');
    const peaks = new Float32Array(2 * bins);
    for (let i = 0; i < 2 * bins; i++) peaks[i] = v.getInt8(p++) / 127;
    levels.push({ samplesPerBin, peaks });
  }
  return { sampleRate, frames, duration: frames / sampleRate, levels };
}

export function readPeaksFile(path: string): WaveformPeaks {
  return parsePeaks(readFileSync(path));
}

/** The coarsest level that still gives at least `minBins` bins (a view `minBins` pixels wide needs no more). */
export function pickLevel(peaks: WaveformPeaks, minBins: number): PeaksLevel {
  const sorted = [...peaks.levels].sort((a, b) => b.samplesPerBin - a.samplesPerBin);
  return sorted.find((l) => l.peaks.length / 2 >= minBins) ?? sorted[sorted.length - 1]!;
}
