// The dataset on disk (DESIGN.md): LJSpeech layout — wavs/<id>.wav, metadata.csv (id|raw|normalized), dataset.json.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const DATASET_FORMAT_VERSION = 1;

export const DatasetJsonSchema = z.object({
  formatVersion: z.literal(DATASET_FORMAT_VERSION),
  name: z.string().min(1).max(200),
  sampleRate: z.number().int().min(8000).max(192000),
  language: z.string().min(2).max(35),
  /** How text becomes model input: NVIDIA's English characters (+ {ARPAbet}) or espeak IPA. */
  textFrontend: z.enum(['nvidia-english', 'ipa-espeak']),
  symbolSet: z.string(),
  /** ipa-espeak: the inventory the ids of phonemes.csv index (the trainer refuses a list that differs from its own). */
  symbols: z.array(z.string()).optional(),
  /** ipa-espeak: how phonemes.csv was made, so the engine phonemizes the same way. */
  phonemizer: z.object({ engine: z.literal('espeak-ng'), voice: z.string().min(1), lexiconEntries: z.number().int().nonnegative() }).optional(),
  train: z.array(z.string()),
  val: z.array(z.string()),
  statistics: z.object({
    utterances: z.number().int().nonnegative(),
    seconds: z.number().nonnegative(),
    minSeconds: z.number().nonnegative(),
    maxSeconds: z.number().nonnegative(),
    charsPerSecond: z.number().nonnegative(),
  }),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type DatasetJson = z.infer<typeof DatasetJsonSchema>;

export interface MetadataRow { id: string; raw: string; normalized: string; line: number }

/** Ids become file names: keep them to what every tool and file system accepts. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export class DatasetFormatError extends Error {
  constructor(message: string, readonly hint: string, readonly problems: string[] = []) {
    super(message);
    this.name = 'DatasetFormatError';
  }
}

/** Parses metadata.csv strictly: three '|' columns, valid unique ids, non-empty text. Lists every problem at once. */
export function parseMetadata(text: string): MetadataRow[] {
  const rows: MetadataRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const n = i + 1;
    const cols = line.split('|');
    if (cols.length !== 3) {
      problems.push(`line ${n}: ${cols.length} column${cols.length === 1 ? '' : 's'}, expected 3 (id|raw text|normalized text)`);
      return;
    }
    const [id, raw, normalized] = cols as [string, string, string];
    if (!ID_PATTERN.test(id)) problems.push(`line ${n}: "${id.slice(0, 40)}" is not a usable id (letters, digits, _ . - only)`);
    else if (seen.has(id)) problems.push(`line ${n}: id ${id} repeats line ${seen.get(id)}`);
    if (raw.trim() === '' && normalized.trim() === '') problems.push(`line ${n}: ${id} has no text`);
    seen.set(id, n);
    rows.push({ id, raw, normalized: normalized.trim() === '' ? raw : normalized, line: n });
  });
  if (problems.length > 0) {
    const twoColumns = problems.filter((p) => p.includes(': 2 columns')).length;
    throw new DatasetFormatError(
      `metadata.csv has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`,
      twoColumns > 0
        ? 'This looks like a two-column metadata.csv (id|text). LJSpeech needs three: repeat the text as the third column (id|text|text), or normalize it there.'
        : 'Fix the lines listed and import again.',
      problems,
    );
  }
  if (rows.length === 0) throw new DatasetFormatError('metadata.csv lists no utterances.', 'Add one line per clip: id|raw text|normalized text.');
  return rows;
}

/** ipa-espeak datasets: id|phonemes, the model's input for each utterance (metadata.csv stays readable text for other tools). */
export const PHONEMES_FILE = 'phonemes.csv';

export function formatPhonemes(rows: readonly { id: string; phonemes: string }[]): string {
  return rows.map((r) => `${r.id}|${r.phonemes.replace(/[|\r\n]+/g, ' ')}`).join('\n') + '\n';
}

/** Parses phonemes.csv (id|phonemes): one line per id, none empty. Lists every problem at once. */
export function parsePhonemes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const problems: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const cols = line.split('|');
    const [id, phonemes] = cols as [string, string | undefined];
    if (cols.length !== 2) problems.push(`line ${i + 1}: ${cols.length} columns, expected 2 (id|phonemes)`);
    else if (out.has(id)) problems.push(`line ${i + 1}: id ${id} appears twice`);
    else if (!phonemes?.trim()) problems.push(`line ${i + 1}: ${id} has no phonemes`);
    else out.set(id, phonemes);
  });
  if (problems.length > 0) {
    throw new DatasetFormatError(`${PHONEMES_FILE} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`, 'Rebuild the dataset in the studio, which writes phonemes.csv.', problems);
  }
  return out;
}

export function formatMetadata(rows: readonly Pick<MetadataRow, 'id' | 'raw' | 'normalized'>[]): string {
  const clean = (s: string): string => s.replace(/[|\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
  return rows.map((r) => `${r.id}|${clean(r.raw)}|${clean(r.normalized)}`).join('\n') + '\n';
}

/** Deterministic train/validation split: the same ids and seed always give the same split, whatever their order. */
export function splitTrainVal(ids: readonly string[], valFraction: number, seed = 'voicewright'): { train: string[]; val: string[] } {
  const keyed = ids.map((id) => ({ id, key: createHash('sha1').update(`${seed}:${id}`).digest('hex') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const nVal = ids.length < 2 ? 0 : Math.max(1, Math.round(ids.length * valFraction));
  const val = new Set(keyed.slice(0, nVal).map((k) => k.id));
  return { train: ids.filter((id) => !val.has(id)), val: ids.filter((id) => val.has(id)) };
}
