// The 20 held-out test prompts of arctic-cathy: chosen once by a fixed seed, kept in heldout.json, never trained on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { newestPerPrompt, scanTakesFolder } from '../../electron/core/corpus/takes-import';

export const HELDOUT_FILE = join(import.meta.dirname, 'heldout.json');
export const HELDOUT_SEED = 20260901;
export const HELDOUT_COUNT = 20;

export const HeldoutSchema = z.object({
  seed: z.number().int(),
  source: z.string(),
  /** key: the prompt (arctic_a0001); take: the newest recording's id, the WER baseline; text: what it reads. */
  prompts: z.array(z.object({ key: z.string(), take: z.string(), text: z.string() })).length(HELDOUT_COUNT),
});
export type Heldout = z.infer<typeof HeldoutSchema>;

/** mulberry32: a small seeded generator, so the choice is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct items of `items` (a partial Fisher–Yates shuffle with the seeded generator), in their original order. */
export function seededSample<T>(items: readonly T[], count: number, seed: number): T[] {
  const idx = items.map((_, i) => i);
  const rnd = seededRandom(seed);
  const n = Math.min(count, idx.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => items[i]!);
}

/** The held-out prompts of a takes folder: newest take per prompt, keys sorted, a seeded sample. */
export function chooseHeldout(folder: string): Heldout {
  const newest = newestPerPrompt(scanTakesFolder(folder).takes).sort((a, b) => a.key.localeCompare(b.key));
  const picked = seededSample(newest, HELDOUT_COUNT, HELDOUT_SEED);
  return { seed: HELDOUT_SEED, source: '../shared/data/speech/arctic-cathy', prompts: picked.map((t) => ({ key: t.key, take: t.id, text: t.text })) };
}

export function readHeldout(): Heldout | null {
  if (!existsSync(HELDOUT_FILE)) return null;
  return HeldoutSchema.parse(JSON.parse(readFileSync(HELDOUT_FILE, 'utf8')));
}
