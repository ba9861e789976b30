// Test helper: takes of a German "speaker" — short German prompts from ../shared/data spoken by the espeak-ng CLI into WAV files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildSource } from '../dataset-build';

const PROMPTS = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'prompts', 'de', 'general-550.txt');

/** Null when German takes can be made here, else why a test skips (no shared prompts, no espeak-ng CLI). */
export const noGermanTakes: string | null = (() => {
  if (!existsSync(PROMPTS)) return `${PROMPTS} is absent`;
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return null;
  } catch {
    return 'the espeak-ng command is not installed (apt-get install espeak-ng)';
  }
})();

/** The first `n` prompts of at most `maxChars` characters, each spoken (22,050 Hz mono 16-bit) into `dir`/de-<k>.wav. */
export function germanTakes(dir: string, n: number, maxChars = 125): BuildSource[] {
  const prompts = readFileSync(PROMPTS, 'utf8').trim().split('\n').map((l) => (l.split('\t')[1] ?? '').trim()).filter((t) => t.length > 0 && t.length <= maxChars);
  return prompts.slice(0, n).map((text, k) => {
    const wavPath = join(dir, `de-${k}.wav`);
    if (!existsSync(wavPath)) execFileSync('espeak-ng', ['-v', 'de', '-s', '190', '-w', wavPath, text], { stdio: 'ignore', timeout: 30_000 });
    return { id: `de-${k}`, text, wavPath };
  });
}
