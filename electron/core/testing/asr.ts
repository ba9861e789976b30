// Test helper: listens to synthesized speech with pocketsphinx (Debian's English recognizer) and scores it.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../audio/wav';
import { resample } from '../audio/resample';
import { makeTempDir } from './temp-dir';

export const POCKETSPHINX = '/usr/bin/pocketsphinx_continuous';
export const hasRecognizer = existsSync(POCKETSPHINX);

/** What pocketsphinx hears in mono audio at any rate (resampled to its 16 kHz). */
export function recognize(audio: Float32Array, sampleRate: number): string {
  const tmp = makeTempDir('voicewright-asr-');
  try {
    const file = join(tmp.path, 'utt.wav');
    writeFileSync(file, encodeWav({ sampleRate: 16000, channels: [resample(audio, sampleRate, 16000)] }));
    return execFileSync(POCKETSPHINX, ['-infile', file, '-logfn', '/dev/null'], { encoding: 'utf8', timeout: 60_000 }).trim();
  } finally {
    tmp.cleanup();
  }
}

/** Word error rate of `heard` against `reference` (case and punctuation ignored). */
export function wordErrorRate(reference: string, heard: string): number {
  const words = (s: string): string[] => s.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);
  const r = words(reference), h = words(heard);
  const d = Array.from({ length: r.length + 1 }, (_, i) => Array.from({ length: h.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= r.length; i++) for (let j = 1; j <= h.length; j++) {
    d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1));
  }
  return r.length === 0 ? 0 : d[r.length]![h.length]! / r.length;
}
