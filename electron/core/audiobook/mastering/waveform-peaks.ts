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

/**
 * Accumulates min/max per bin of the finest level while the audio streams past; the coarser levels (multiples of
 * the finest) are folded from its bins at the end, which is exact (rounding outward commutes with min and max)
 * and costs one pass over the samples instead of one per level.
 */
export class PeaksBuilder {
  private mins: Int8Array;
  private maxs: Int8Array;
  private count = 0;
  private curMin = Infinity;
  private curMax = -Infinity;
  private fill = 0;
  private frames = 0;

  constructor(readonly sampleRate: number, expectedFrames: number, readonly levels: readonly number[] = DEFAULT_LEVELS) {
    const fine = levels[0];
    if (fine === undefined || levels.some((l, i) => l % fine !== 0 || (i > 0 && l <= levels[i - 1]!))) {
      throw new Error(`Peak levels must grow and be multiples of the first (got ${levels.join(', ')})`);
    }
    this.mins = new Int8Array(Math.ceil(expectedFrames / fine) + 1);
    this.maxs = new Int8Array(this.mins.length);
  }

  push(mono: Float32Array): void {
    const per = this.levels[0]!;
    let lo = this.curMin, hi = this.curMax, fill = this.fill;
    let i = 0;
    while (i < mono.length) {
      const end = Math.min(mono.length, i + per - fill);
      for (let k = i; k < end; k++) { const v = mono[k]!; if (v < lo) lo = v; if (v > hi) hi = v; }
      fill += end - i;
      i = end;
      if (fill === per) { this.emit(lo, hi); lo = Infinity; hi = -Infinity; fill = 0; }
    }
    this.curMin = lo; this.curMax = hi; this.fill = fill;
    this.frames += mono.length;
  }

  private emit(lo: number, hi: number): void {
    if (this.count >= this.mins.length) {
      // More audio than expected: grow (rare; the expected length comes from the edit plan).
      const grow = (a: Int8Array): Int8Array => { const b = new Int8Array(a.length * 2); b.set(a); return b; };
      this.mins = grow(this.mins); this.maxs = grow(this.maxs);
    }
    // Rounded outward, so the drawn waveform never hides a peak.
    this.mins[this.count] = Math.max(-127, Math.min(127, Math.floor(lo * 127)));
    this.maxs[this.count] = Math.max(-127, Math.min(127, Math.ceil(hi * 127)));
    this.count++;
  }

  /** The file's bytes (flushing the partial last bin). */
  finish(): Uint8Array {
    if (this.fill > 0) { this.emit(this.curMin, this.curMax); this.fill = 0; }
    const fine = this.levels[0]!;
    const levelBins = this.levels.map((l) => Math.ceil(this.count / (l / fine)));
    const headerBytes = 20 + 8 * this.levels.length;
    const out = new Uint8Array(headerBytes + levelBins.reduce((s, n) => s + 2 * n, 0));
    const v = new DataView(out.buffer);
    v.setUint32(0, MAGIC, true); v.setUint16(4, VERSION, true); v.setUint16(6, this.levels.length, true);
    v.setUint32(8, this.sampleRate, true); v.setFloat64(12, this.frames, true);
    let p = headerBytes;
    for (let l = 0; l < this.levels.length; l++) {
      const fold = this.levels[l]! / fine, bins = levelBins[l]!;
      v.setUint32(20 + 8 * l, this.levels[l]!, true); v.setUint32(24 + 8 * l, bins, true);
      for (let b = 0; b < bins; b++) {
        let lo = 127, hi = -127;
        for (let k = b * fold; k < Math.min(this.count, (b + 1) * fold); k++) { lo = Math.min(lo, this.mins[k]!); hi = Math.max(hi, this.maxs[k]!); }
        v.setInt8(p++, lo); v.setInt8(p++, hi);
      }
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
