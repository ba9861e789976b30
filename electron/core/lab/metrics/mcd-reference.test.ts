// Cross-check: our MCD (freqt recursion, TS DTW) against resources/lab-reference/mcd_reference.py (warped cosine transform, numpy DTW) on real pairs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { griffinLim } from '../../audio/griffin-lim';
import { melSpectrogram, TACOTRON2_MEL } from '../../audio/mel';
import { decodeWav, encodeWav } from '../../audio/wav';
import { makeTempDir } from '../../testing/temp-dir';
import { mcdDtw } from './mcd';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SCRIPT = join(ROOT, 'resources', 'lab-reference', 'mcd_reference.py');
const LJ = join(ROOT, '..', 'shared', 'data', 'speech', 'ljspeech-32');
const PYTHON = '/usr/bin/python3';

const noNumpy: string | null = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore', timeout: 60_000 });
    return null;
  } catch {
    return `${PYTHON} with numpy is not available (apt-get install python3-numpy): the reference MCD cannot run`;
  }
})();

describe.skipIf(noNumpy !== null)('MCD agrees with the numpy reference', () => {
  const tmp = makeTempDir('voicewright-mcd-ref-');
  afterAll(() => tmp.cleanup());

  it('on LJSpeech clips against Griffin-Lim copy synthesis, a quieter noisy copy and themselves, within 1e-6 dB', () => {
    const write = (name: string, x: Float32Array): string => {
      const p = join(tmp.path, `${name}.wav`);
      writeFileSync(p, encodeWav({ sampleRate: 22050, channels: [x] }));
      return p;
    };
    const pairs: [string, string][] = [];
    for (const id of ['LJ001-0004', 'LJ001-0009']) {
      const ref = join(LJ, `${id}.wav`);
      const x = decodeWav(readFileSync(ref)).channels[0]!;
      const gl = griffinLim(melSpectrogram(x, TACOTRON2_MEL), TACOTRON2_MEL, { iterations: 8, seed: 3 });
      let s = 5;
      const noisy = x.map((v) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return 0.7 * v + 0.003 * (s / 2 ** 32 - 0.5); });
      pairs.push([ref, write(`${id}-gl`, gl)], [ref, write(`${id}-noisy`, noisy)], [ref, ref]);
    }
    const out = execFileSync(PYTHON, [SCRIPT, ...pairs.flat(), '--order', '34', '--alpha', '0.455'], { encoding: 'utf8', timeout: 300_000 });
    const theirs = out.trim().split('\n').map((l) => JSON.parse(l) as { mcd: number; path: number });
    const read = (p: string): Float32Array => decodeWav(readFileSync(p)).channels[0]!;
    const diffs = pairs.map(([r, t], i) => {
      const ours = mcdDtw(read(r), read(t));
      expect(ours.pathLength).toBe(theirs[i]!.path);
      return Math.abs(ours.mcd - theirs[i]!.mcd);
    });
    console.log(`MCD vs mcd_reference.py on ${pairs.length} pairs: max |difference| ${Math.max(...diffs).toExponential(2)} dB; reference values ${theirs.map((t) => t.mcd.toFixed(3)).join(', ')}`);
    expect(Math.max(...diffs)).toBeLessThan(1e-6);
    expect(theirs[0]!.mcd).toBeGreaterThan(1);
  }, 300_000);
});

if (noNumpy !== null) describe('MCD agrees with the numpy reference', () => { it.skip(`skipped: ${noNumpy}`, () => {}); });
