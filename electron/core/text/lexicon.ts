// Per-workspace pronunciation lexicon (word → IPA or respelling) that overrides G2P; in memory, JSON via zod.
import { z } from 'zod';

export type Pronunciation = { ipa: string } | { respelling: string };
export type LexiconEntry = { word: string } & Pronunciation;

const wordSchema = z.string().trim().min(1).regex(/^\S+$/u, 'a lexicon word is a single token (no spaces)');
const entrySchema = z.union([
  z.object({ word: wordSchema, ipa: z.string().trim().min(1) }).strict(),
  z.object({ word: wordSchema, respelling: z.string().trim().min(1) }).strict(),
]);
export const lexiconJsonSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema) }).strict();
export type LexiconJson = z.infer<typeof lexiconJsonSchema>;

/** Case-insensitive key; NFC so a decomposed ä (a + U+0308) matches the composed one. */
function exactKey(word: string): string {
  return word.normalize('NFC').toLowerCase().normalize('NFC');
}

/** Full case folding: ß/ẞ → ss, so STRASSE finds Straße (but an exact Masse still beats Maße). */
function foldedKey(word: string): string {
  return exactKey(word).replace(/ß/g, 'ss');
}

export class Lexicon {
  private readonly byKey = new Map<string, LexiconEntry>();
  private readonly byFolded = new Map<string, Set<string>>();

  set(word: string, pronunciation: Pronunciation): void {
    const entry = entrySchema.parse({ word: word.normalize('NFC'), ...pronunciation });
    const key = exactKey(entry.word);
    this.byKey.set(key, entry);
    const folded = foldedKey(entry.word);
    const keys = this.byFolded.get(folded) ?? new Set<string>();
    keys.add(key);
    this.byFolded.set(folded, keys);
  }

  get(word: string): LexiconEntry | undefined {
    const exact = this.byKey.get(exactKey(word));
    if (exact) return exact;
    const keys = this.byFolded.get(foldedKey(word));
    if (!keys) return undefined;
    for (const key of keys) return this.byKey.get(key);
    return undefined;
  }

  delete(word: string): boolean {
    const key = exactKey(word);
    if (!this.byKey.delete(key)) return false;
    const folded = foldedKey(word);
    const keys = this.byFolded.get(folded);
    keys?.delete(key);
    if (keys?.size === 0) this.byFolded.delete(folded);
    return true;
  }

  entries(): LexiconEntry[] {
    return [...this.byKey.values()].map((entry) => ({ ...entry }));
  }

  get size(): number {
    return this.byKey.size;
  }

  toJSON(): LexiconJson {
    return { version: 1, entries: this.entries() };
  }

  /** Throws a ZodError naming the bad field when the JSON is not a lexicon. */
  static fromJSON(json: unknown): Lexicon {
    const parsed = lexiconJsonSchema.parse(json);
    const lexicon = new Lexicon();
    for (const { word, ...pronunciation } of parsed.entries) lexicon.set(word, pronunciation);
    return lexicon;
  }
}
