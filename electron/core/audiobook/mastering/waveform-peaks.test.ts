// Waveform peaks: min/max per bin at each zoom level, a compact file, read back in wavesurfer's form; a damaged file is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/temp-dir';
import { parsePeaks, PeaksBuilder, pickLevel, readPeaksFile } from './waveform-peaks';

let dir: { path: string; cleanup(): void };
beforeEach(() => { dir = makeTempDir('vw-peaks-'); });
afterEach(() => dir.cleanup());

describe('waveform peaks', () => {
  it('each bin holds the min and max of its samples (rounded outward to 1/127), at every level, streamed in any blocks', () => {
    const n = 10_000;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 37) * (i / n));
    const b = new PeaksBuilder(8000, n, [100, 1000]);
    for (let i = 0; i < n; i += 333) b.push(x.subarray(i, i + 333));
    const path = join(dir.path, 'c.peaks');
    b.write(path);
    const p = readPeaksFile(path);
    expect(p).toMatchObject({ sampleRate: 8000, frames: n, duration: n / 8000 });
    for (const level of p.levels) {
      const per = level.samplesPerBin;
      expect(level.peaks.length).toBe(2 * Math.ceil(n / per));
      for (let bin = 0; bin < n / per; bin++) {
        const part = x.subarray(bin * per, (bin + 1) * per);
        const lo = Math.min(...part), hi = Math.max(...part);
        expect(level.peaks[2 * bin]!).toBeLessThanOrEqual(lo + 1e-6);
        expect(level.peaks[2 * bin]!).toBeGreaterThan(lo - 1 / 127 - 1e-6);
        expect(level.peaks[2 * bin + 1]!).toBeGreaterThanOrEqual(hi - 1e-6);
        expect(level.peaks[2 * bin + 1]!).toBeLessThan(hi + 1 / 127 + 1e-6);
      }
    }
    expect(statSync(path).size).toBe(20 + 16 + 2 * (100 + 10));
    expect(pickLevel(p, 50).samplesPerBin).toBe(100);
    expect(pickLevel(p, 5).samplesPerBin).toBe(1000);
  });

  it('a damaged or foreign file is refused with what to do', () => {
    const b = new PeaksBuilder(8000, 1000);
    b.push(new Float32Array(1000).fill(0.5));
    const bytes = b.finish();
    expect(() => parsePeaks(bytes.subarray(0, bytes.length - 3))).toThrow(/damaged \(cut short\)/);
    const wav = join(dir.path, 'x.peaks');
    writeFileSync(wav, Buffer.from('RIFF0000WAVEfmt 0000000000000000'));
    expect(() => readPeaksFile(wav)).toThrow(/not a peaks file/);
    expect(parsePeaks(bytes).levels).toHaveLength(3);
  });
});
