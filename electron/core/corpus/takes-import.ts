// Reads a folder of existing recordings (audio + transcripts) as takes: retakes grouped by prompt, checked before anything is imported.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** One recording in the folder. */
export interface FolderTake {
  /** The recording's id as the transcript names it (arctic_a0001_1592748574). */
  id: string;
  /** The prompt it reads: the id without a retake's Unix-time suffix (arctic_a0001). */
  key: string;
  /** When it was recorded (the suffix, else the file's mtime), for choosing the newest retake. */
  time: number;
  text: string;
  /** Absolute path of the audio file. */
  file: string;
}

export interface ScannedTakes {
  takes: FolderTake[];
  /** Prompts in the order the transcript first names them, each with its newest take's text (transcripts get corrected). */
  prompts: { key: string; text: string }[];
  /** Retakes whose text differs: the newest text wins, and the narrator is told. */
  warnings: string[];
  transcript: string;
}

export class TakesFolderError extends Error {
  constructor(message: string, readonly hint: string, readonly problems: string[] = []) {
    super(message);
    this.name = 'TakesFolderError';
  }
}

const TRANSCRIPTS = ['transcripts.csv', 'metadata.csv', 'transcripts.txt'] as const;
const AUDIO_DIRS = ['.', 'wavs', 'flac', 'audio'] as const;
const AUDIO_EXTS = ['.wav', '.flac', '.mp3', '.ogg', '.opus'] as const;
/** A retake suffix: _ and a Unix time in seconds (9–10 digits) or milliseconds (12–13). */
const RETAKE_SUFFIX = /^(.+?)[_-](\d{9,10}|\d{12,13})$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function promptKeyOf(id: string): { key: string; time: number | null } {
  const m = RETAKE_SUFFIX.exec(id);
  if (!m) return { key: id, time: null };
  const t = Number(m[2]);
  return { key: m[1]!, time: m[2]!.length >= 12 ? t / 1000 : t };
}

/** Finds the transcript and every audio file it names; throws TakesFolderError listing every problem, touching nothing. */
export function scanTakesFolder(dir: string): ScannedTakes {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TakesFolderError(`${dir} is not a folder.`, 'Pick the folder that holds the recordings and their transcript.');
  }
  const transcript = TRANSCRIPTS.find((name) => existsSync(join(dir, name)));
  if (!transcript) {
    throw new TakesFolderError(`${dir} has no transcript (${TRANSCRIPTS.join(', ')}).`,
      'Add transcripts.csv with one line per recording: id|text (the id is the audio file name without its extension).');
  }
  // Index the audio files once: name without extension → path.
  const audio = new Map<string, string>();
  for (const sub of AUDIO_DIRS) {
    const folder = join(dir, sub);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) continue;
    for (const name of readdirSync(folder)) {
      const ext = extname(name).toLowerCase();
      if (!(AUDIO_EXTS as readonly string[]).includes(ext)) continue;
      const base = name.slice(0, -ext.length);
      if (!audio.has(base)) audio.set(base, join(folder, name));
    }
  }
  const problems: string[] = [];
  const takes: FolderTake[] = [];
  const prompts = new Map<string, string>();
  const seen = new Set<string>();
  const lines = readFileSync(join(dir, transcript), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${transcript} line ${i + 1}`;
    const cols = line.split('|');
    const id = cols[0]!.trim();
    // id|text, or LJSpeech's id|raw|normalized (the raw text is what was read).
    const text = (cols[1] ?? '').trim();
    if (cols.length < 2) return void problems.push(`${where}: no text (expected id|text).`);
    if (!ID.test(id)) return void problems.push(`${where}: "${id.slice(0, 40)}" is not a usable id (letters, digits, _ . - only).`);
    if (!/[\p{L}\p{N}]/u.test(text)) return void problems.push(`${where}: ${id} has no text.`);
    if (seen.has(id)) return void problems.push(`${where}: ${id} is listed twice.`);
    seen.add(id);
    const file = audio.get(id);
    if (!file) return void problems.push(`${where}: no audio file for ${id} (looked for ${id}.wav/.flac/.mp3/.ogg in ${AUDIO_DIRS.join(', ')}).`);
    const size = statSync(file).size;
    if (size < 64) return void problems.push(`${where}: ${file.slice(dir.length + 1)} is empty (${size} bytes).`);
    const { key, time } = promptKeyOf(id);
    takes.push({ id, key, time: time ?? statSync(file).mtimeMs / 1000, text, file });
  });
  if (problems.length > 0) {
    throw new TakesFolderError(`${problems.length} problem(s) in ${dir}; nothing was imported.`, 'Fix the lines named and import again.', problems);
  }
  if (takes.length === 0) throw new TakesFolderError(`${transcript} lists no recordings.`, 'Add one line per recording: id|text.');
  const newest = newestPerPrompt(takes);
  const warnings: string[] = [];
  for (const t of newest) prompts.set(t.key, t.text);
  for (const t of takes) {
    if (t.text !== prompts.get(t.key)) warnings.push(`${t.id} reads "${t.text}", the newest retake of ${t.key} reads "${prompts.get(t.key)}": the newest text is the prompt's.`);
  }
  // First mention order: newestPerPrompt keeps the order in which each key first appeared.
  return { takes, prompts: newest.map((t) => ({ key: t.key, text: t.text })), transcript, warnings };
}

/** Of several retakes of one prompt, the newest (latest time; the later line when equal); order follows the prompts. */
export function newestPerPrompt(takes: readonly FolderTake[]): FolderTake[] {
  const best = new Map<string, FolderTake>();
  for (const t of takes) {
    const b = best.get(t.key);
    if (!b || t.time >= b.time) best.set(t.key, t);
  }
  return [...best.values()];
}
