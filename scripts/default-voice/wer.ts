// Intelligibility by machine: pocketsphinx (Debian's recognizer and en-us model) at 16 kHz mono, and the word error rate against the text.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resample } from '../../electron/core/audio/resample';
import { encodeWav } from '../../electron/core/audio/wav';
import { normalizeText } from '../../electron/core/text/normalize';

const run = promisify(execFile);
export const POCKETSPHINX = process.env.VOICEWRIGHT_POCKETSPHINX ?? '/usr/bin/pocketsphinx_continuous';

/** Why pocketsphinx cannot run here, or null when it can. */
export function recognizerMissing(): string | null {
  if (!existsSync(POCKETSPHINX)) return `${POCKETSPHINX} is missing: apt-get install pocketsphinx pocketsphinx-en-us`;
  if (!existsSync('/usr/share/pocketsphinx/model/en-us')) return 'the en-us model is missing: apt-get install pocketsphinx-en-us';
  return null;
}

/** Words for scoring: numbers and abbreviations spelled out (as a listener hears them), lower case, punctuation gone, apostrophes kept. */
export function scoringWords(text: string): string[] {
  return normalizeText(text, 'en').text.toLowerCase().replace(/[’‘]/g, "'").replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/).map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean);
}

export interface WerCount { words: number; errors: number; substitutions: number; deletions: number; insertions: number }

/** Word-level Levenshtein between reference and hypothesis, with the edit kinds of one cheapest path. */
export function wordErrors(reference: readonly string[], heard: readonly string[]): WerCount {
  const R = reference.length, H = heard.length;
  const d: number[][] = Array.from({ length: R + 1 }, (_, i) => Array.from({ length: H + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= R; i++) for (let j = 1; j <= H; j++) {
    d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (reference[i - 1] === heard[j - 1] ? 0 : 1));
  }
  let i = R, j = H, s = 0, del = 0, ins = 0;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i]![j] === d[i - 1]![j - 1]! + (reference[i - 1] === heard[j - 1] ? 0 : 1)) {
      if (reference[i - 1] !== heard[j - 1]) s++;
      i--; j--;
    } else if (i > 0 && d[i]![j] === d[i - 1]![j]! + 1) { del++; i--; } else { ins++; j--; }
  }
  return { words: R, errors: d[R]![H]!, substitutions: s, deletions: del, insertions: ins };
}

/** Corpus WER: all errors over all reference words (not a mean of per-sentence rates). */
export function corpusWer(counts: readonly WerCount[]): number {
  const words = counts.reduce((a, c) => a + c.words, 0);
  return words === 0 ? 0 : counts.reduce((a, c) => a + c.errors, 0) / words;
}

/** What pocketsphinx hears in mono audio at any rate (resampled to its 16 kHz). */
export async function recognize(audio: Float32Array, sampleRate: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'voicewright-asr-'));
  try {
    const file = join(dir, 'utt.wav');
    const pcm = sampleRate === 16000 ? audio : resample(audio, sampleRate, 16000);
    writeFileSync(file, encodeWav({ sampleRate: 16000, channels: [pcm] }));
    const { stdout } = await run(POCKETSPHINX, ['-infile', file, '-logfn', '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    // One line per utterance pocketsphinx found in the file.
    return stdout.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
