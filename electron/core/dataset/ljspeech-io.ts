// Import and export of LJSpeech-layout folders: checked completely first, written to a temp folder, then renamed.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AudioFormatError } from '../audio/audio-error';
import { encodeWav } from '../audio/wav';
import { probeWav } from '../audio/wav-stream';
import { writeFileAtomic } from '../fs/atomic';
import {
  DatasetFormatError, DatasetJsonSchema, formatMetadata, formatPhonemes, parseMetadata, parsePhonemes, PHONEMES_FILE, type DatasetJson, type MetadataRow,
} from './dataset-format';

export interface ScannedDataset {
  dir: string;
  rows: (MetadataRow & { wav: string; seconds: number })[];
  sampleRate: number;
  seconds: number;
  /** dataset.json when the folder has one (ours); null for plain LJSpeech folders. */
  meta: DatasetJson | null;
  /** ipa-espeak datasets: phonemes.csv, id → phonemes (null for letter datasets). */
  phonemes: Map<string, string> | null;
}

/** Reads and checks an LJSpeech folder without changing anything. Throws DatasetFormatError listing every problem. */
export function scanLjspeechFolder(dir: string, onProgress?: (done: number, total: number) => void): ScannedDataset {
  const metaPath = join(dir, 'metadata.csv');
  if (!existsSync(metaPath)) {
    throw new DatasetFormatError(`${dir} has no metadata.csv.`, 'Pick the folder that holds metadata.csv and wavs/ (the LJSpeech layout).');
  }
  const rows = parseMetadata(readFileSync(metaPath, 'utf8'));
  let meta: DatasetJson | null = null;
  const jsonPath = join(dir, 'dataset.json');
  if (existsSync(jsonPath)) {
    const parsed = DatasetJsonSchema.safeParse((() => { try { return JSON.parse(readFileSync(jsonPath, 'utf8')) as unknown; } catch { return null; } })());
    if (!parsed.success) throw new DatasetFormatError('dataset.json is not a Voicewright dataset description.', 'Remove it to import the folder as plain LJSpeech, or restore it.');
    meta = parsed.data;
  }
  const problems: string[] = [];
  let phonemes: Map<string, string> | null = null;
  if (meta?.textFrontend === 'ipa-espeak') {
    const path = join(dir, PHONEMES_FILE);
    if (!existsSync(path)) {
      throw new DatasetFormatError(`dataset.json says the ${meta.symbolSet} phoneme frontend, but ${PHONEMES_FILE} is missing.`,
        `Copy ${PHONEMES_FILE} (id|phonemes) along with the dataset, or rebuild it in the studio.`);
    }
    phonemes = parsePhonemes(readFileSync(path, 'utf8'));
    for (const row of rows) if (!phonemes.has(row.id)) problems.push(`${row.id}: no line in ${PHONEMES_FILE}`);
  }
  const out: ScannedDataset['rows'] = [];
  const rates = new Map<number, number>();
  // LJSpeech keeps clips in wavs/; some copies (Coqui's test data) keep them beside metadata.csv.
  const wavDir = existsSync(join(dir, 'wavs')) ? 'wavs' : '.';
  const shown = (id: string): string => (wavDir === 'wavs' ? `wavs/${id}.wav` : `${id}.wav`);
  rows.forEach((row, i) => {
    const wav = join(dir, wavDir, `${row.id}.wav`);
    if (!existsSync(wav)) { problems.push(`${row.id}: ${shown(row.id)} is missing`); return; }
    if (statSync(wav).size === 0) { problems.push(`${row.id}: ${shown(row.id)} is empty (0 bytes)`); return; }
    try {
      const info = probeWav(wav);
      if (info.channels !== 1) problems.push(`${row.id}: ${info.channels} channels; datasets are mono`);
      if (info.frames === 0) problems.push(`${row.id}: no audio in the file`);
      rates.set(info.sampleRate, (rates.get(info.sampleRate) ?? 0) + 1);
      out.push({ ...row, wav, seconds: info.frames / info.sampleRate });
    } catch (err) {
      problems.push(`${row.id}: ${err instanceof AudioFormatError ? err.message : String(err)}`);
    }
    onProgress?.(i + 1, rows.length);
  });
  if (rates.size > 1) {
    problems.push(`mixed sample rates: ${[...rates].map(([r, n]) => `${n} at ${r} Hz`).join(', ')}`);
  }
  const sampleRate = [...rates.keys()][0] ?? 0;
  if (meta && sampleRate && meta.sampleRate !== sampleRate) problems.push(`dataset.json says ${meta.sampleRate} Hz but the clips are ${sampleRate} Hz`);
  if (problems.length > 0) {
    throw new DatasetFormatError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${basename(dir)}; nothing was imported.`,
      'Fix or remove the clips listed (and their metadata.csv lines), then import again.', problems);
  }
  return { dir, rows: out, sampleRate, seconds: out.reduce((s, r) => s + r.seconds, 0), meta, phonemes };
}

/** Copies a checked folder into `target` (which must not exist) via a temp folder and one rename. */
export function copyDatasetFolder(scanned: ScannedDataset, target: string, meta: DatasetJson, onProgress?: (done: number, total: number) => void): void {
  if (existsSync(target)) throw new DatasetFormatError(`${target} already exists.`, 'Choose another name for the dataset.');
  const tmp = `${target}.partial-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(tmp, 'wavs'), { recursive: true });
  try {
    scanned.rows.forEach((row, i) => {
      copyFileSync(row.wav, join(tmp, 'wavs', `${row.id}.wav`));
      onProgress?.(i + 1, scanned.rows.length);
    });
    writeFileSync(join(tmp, 'metadata.csv'), formatMetadata(scanned.rows));
    const phonemes = scanned.phonemes;
    if (phonemes) writeFileSync(join(tmp, PHONEMES_FILE), formatPhonemes(scanned.rows.map((r) => ({ id: r.id, phonemes: phonemes.get(r.id)! }))));
    writeFileAtomic(join(tmp, 'dataset.json'), JSON.stringify(DatasetJsonSchema.parse(meta), null, 2));
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export interface ExportItem { id: string; raw: string; normalized: string; audio: Float32Array }

/** Writes a dataset folder from in-memory audio (mono at meta.sampleRate), atomically as a whole folder. */
export function writeDatasetFolder(target: string, items: readonly ExportItem[], meta: DatasetJson): void {
  if (existsSync(target)) throw new DatasetFormatError(`${target} already exists.`, 'Choose another name for the dataset.');
  const tmp = `${target}.partial-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(tmp, 'wavs'), { recursive: true });
  try {
    for (const item of items) writeFileSync(join(tmp, 'wavs', `${item.id}.wav`), encodeWav({ sampleRate: meta.sampleRate, channels: [item.audio] }));
    writeFileSync(join(tmp, 'metadata.csv'), formatMetadata(items));
    writeFileAtomic(join(tmp, 'dataset.json'), JSON.stringify(DatasetJsonSchema.parse(meta), null, 2));
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
