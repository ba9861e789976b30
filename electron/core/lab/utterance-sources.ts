// Where an experiment's recordings come from: a folder (LJSpeech metadata.csv, or audio files with .txt/.lab transcripts) or a dataset.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import { DatasetFormatError, parseMetadata } from '../dataset/dataset-format';

export interface SourceUtterance { key: string; text: string; sourcePath: string }

const AUDIO = ['.wav', '.flac'];

function metadataRows(dir: string): { id: string; raw: string }[] {
  try {
    return parseMetadata(readFileSync(join(dir, 'metadata.csv'), 'utf8'));
  } catch (e) {
    if (e instanceof DatasetFormatError) throw new ApiError('invalid_input', `${join(dir, 'metadata.csv')}: ${e.message} ${e.problems.slice(0, 5).join('; ')}`, e.hint);
    throw e;
  }
}

/** Recordings of an LJSpeech folder (wavs/<id>.wav or <id>.wav beside metadata.csv), or every .wav/.flac with its transcript. */
export function scanRecordingFolder(dir: string): SourceUtterance[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ApiError('not_found', `${dir} is not a folder on this machine`, 'Give the folder that holds the recordings (and metadata.csv, if it has one).');
  }
  if (existsSync(join(dir, 'metadata.csv'))) {
    const missing: string[] = [];
    const out: SourceUtterance[] = [];
    for (const row of metadataRows(dir)) {
      const found = [join(dir, 'wavs', `${row.id}.wav`), join(dir, `${row.id}.wav`), join(dir, `${row.id}.flac`)].find((p) => existsSync(p));
      if (found) out.push({ key: row.id, text: row.raw, sourcePath: found });
      else missing.push(row.id);
    }
    if (missing.length) {
      throw new ApiError('invalid_input', `${missing.length} recording${missing.length === 1 ? '' : 's'} listed in metadata.csv ${missing.length === 1 ? 'is' : 'are'} missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
        'Put each <id>.wav in wavs/ (or beside metadata.csv), or remove its line from metadata.csv.');
    }
    return out;
  }
  const files = readdirSync(dir).filter((f) => AUDIO.includes(extname(f).toLowerCase())).sort();
  if (files.length === 0) {
    throw new ApiError('invalid_input', `${dir} holds no recordings: no metadata.csv and no .wav or .flac files`,
      'Pick a folder of WAV/FLAC recordings, each with a .txt or .lab transcript beside it, or an LJSpeech folder with metadata.csv.');
  }
  return files.map((f) => {
    const stem = basename(f, extname(f));
    const transcript = ['.txt', '.lab'].map((e) => join(dir, stem + e)).find((p) => existsSync(p));
    return { key: stem, text: transcript ? readFileSync(transcript, 'utf8').trim() : '', sourcePath: join(dir, f) };
  });
}

/** Utterances of a dataset folder (ours are LJSpeech), the given ids in their order or all of them. */
export function datasetUtterances(dir: string, ids?: readonly string[]): SourceUtterance[] {
  const all = scanRecordingFolder(dir);
  if (!ids) return all;
  const byKey = new Map(all.map((u) => [u.key, u]));
  const unknown = ids.filter((id) => !byKey.has(id));
  if (unknown.length) throw new ApiError('invalid_input', `The dataset has no utterance ${unknown.slice(0, 5).join(', ')}`, 'Pick ids from its metadata.csv.');
  return ids.map((id) => byKey.get(id)!);
}
