// The fixed sets the bars are measured on: the 20 held-out recordings of arctic-cathy and 200 LJSpeech sentences of varied length.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeAudio } from '../../electron/core/audio/decode';
import { readHeldout, seededRandom } from './heldout';
import { CATHY_DIR, REPO_ROOT } from './studio-session';

export const LJSPEECH = resolve(REPO_ROOT, '../shared/data/text/ljspeech-metadata.csv');
export const ROBUSTNESS_SEED = 9;
export const ROBUSTNESS_COUNT = 200;

/** 200 LJSpeech lines of varied length: sorted by length, cut into 200 equal strata, one seeded pick from each. */
export function robustnessSentences(count = ROBUSTNESS_COUNT): { id: string; text: string }[] {
  const rows = readFileSync(LJSPEECH, 'utf8').split('\n').filter(Boolean).map((l) => {
    const [id, raw] = l.split('|');
    return { id: id!, text: raw! };
  });
  rows.sort((a, b) => a.text.length - b.text.length || a.id.localeCompare(b.id));
  const rnd = seededRandom(ROBUSTNESS_SEED);
  const picked: { id: string; text: string }[] = [];
  for (let k = 0; k < ROBUSTNESS_COUNT; k++) {
    const lo = Math.floor((k * rows.length) / ROBUSTNESS_COUNT), hi = Math.floor(((k + 1) * rows.length) / ROBUSTNESS_COUNT);
    picked.push(rows[lo + Math.floor(rnd() * (hi - lo))]!);
  }
  // Shuffled (seeded) so a --robustness subset still spans every length.
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  return picked.slice(0, count);
}

/** The 20 original recordings (the newest take of each held-out prompt, straight from the corpus folder). */
export async function recordings(): Promise<{ key: string; text: string; audio: Float32Array; rate: number }[]> {
  const heldout = readHeldout();
  if (!heldout) throw new Error('scripts/default-voice/heldout.json is missing: run scripts/default-voice/prepare.mjs first.');
  const out = [];
  for (const p of heldout.prompts) {
    const a = await decodeAudio(readFileSync(resolve(CATHY_DIR, 'flac', `${p.take}.flac`)));
    out.push({ key: p.key, text: p.text, audio: a.channels[0]!, rate: a.sampleRate });
  }
  return out;
}
