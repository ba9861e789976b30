// Recording-script import: plain lines, TSV/CSV, festvox cmuarctic.data or prose → prompts with ids, whole or not at all.
import { z } from 'zod';
import { segmentText, splitSentences } from '../text/sentences';
import { decodePromptBytes, looksDoubleEncoded, PromptEncodingSchema, type PromptEncoding } from './prompts-decode';
import { chooseColumns, detectDelimiter, parseCsv, parseTsv, RowsError, type Row } from './prompts-delimited';

export const PromptFormatSchema = z.enum(['lines', 'tsv', 'csv', 'festvox', 'prose']);
export type PromptFormat = z.infer<typeof PromptFormatSchema>;

export const PromptImportOptionsSchema = z.object({
  format: z.union([z.literal('auto'), PromptFormatSchema]).default('auto'),
  encoding: PromptEncodingSchema.default('auto'),
  /** Sentence rules for prose. */
  language: z.enum(['en', 'de']).default('en'),
  idPrefix: z.string().regex(/^[\p{L}\p{N}._-]*$/u).default('prompt_'),
  maxChars: z.number().int().positive().default(300),
});
export type PromptImportOptions = z.input<typeof PromptImportOptionsSchema>;

export const PromptSchema = z.object({ id: z.string().min(1), text: z.string().min(1), line: z.number().int().positive() });
export type Prompt = z.infer<typeof PromptSchema>;

export const PromptWarningSchema = z.object({
  code: z.enum(['duplicate', 'overlong', 'ignored-column', 'double-encoded']),
  message: z.string(),
  line: z.number().int().positive().optional(),
});
export type PromptWarning = z.infer<typeof PromptWarningSchema>;

export const PromptImportErrorSchema = z.object({
  code: z.enum(['empty', 'not-utf8', 'utf16-without-bom', 'malformed', 'bad-id', 'duplicate-id', 'bad-options']),
  message: z.string(),
  /** Every offending line (1-based); the message names the first few. */
  lines: z.array(z.number().int().positive()),
  suggestedEncoding: z.enum(['windows-1252', 'utf-16le', 'utf-16be']).optional(),
  preview: z.array(z.string()).optional(),
});
export type PromptImportError = z.infer<typeof PromptImportErrorSchema>;

export interface PromptImport {
  format: PromptFormat;
  encoding: Exclude<PromptEncoding, 'auto'>;
  prompts: Prompt[];
  warnings: PromptWarning[];
  /** Entries read before dropping duplicates. */
  entries: number;
  duplicates: number;
}

export type PromptImportOutcome = { ok: true; value: PromptImport } | { ok: false; error: PromptImportError };

/** One prompt before ids are settled: `id` is null when the source has none. */
interface Entry {
  id: string | null;
  text: string;
  line: number;
}

class ImportFailure extends Error {
  constructor(readonly error: PromptImportError) {
    super(error.message);
  }
}

const FESTVOX_LINE = /^\(\s*([^\s"()]+)\s+"((?:[^"\\]|\\.)*)"\s*\)\s*$/;
const ID_CHARS = /^[\p{L}\p{N}._-]+$/u;
const TERMINAL = /[.!?…:;"'»«“”’)]$/u;

export function importPrompts(bytes: Uint8Array, options: PromptImportOptions = {}): PromptImportOutcome {
  const parsedOptions = PromptImportOptionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    return { ok: false, error: { code: 'bad-options', message: `Invalid import options: ${parsedOptions.error.message}`, lines: [] } };
  }
  const opts = parsedOptions.data;
  const decoded = decodePromptBytes(bytes, opts.encoding);
  if (!decoded.ok) {
    const { code, message, line, suggestedEncoding, preview } = decoded;
    return { ok: false, error: { code, message, lines: [line], suggestedEncoding, preview } };
  }
  const text = decoded.text.normalize('NFC');
  if (text.trim() === '') {
    return { ok: false, error: { code: 'empty', message: 'The file is empty: there are no prompts to import.', lines: [] } };
  }
  const warnings: PromptWarning[] = [];
  if (looksDoubleEncoded(text)) {
    warnings.push({ code: 'double-encoded', message: 'The text contains sequences like "Ã¤" where "ä" was meant: the file was probably converted to UTF-8 twice.' });
  }
  try {
    const lines = text.split(/\r\n|\r|\n/);
    const format = opts.format === 'auto' ? detectFormat(text, lines, opts.language) : opts.format;
    const entries = readEntries(format, text, lines, opts.language, warnings);
    if (entries.length === 0) fail('empty', 'The file holds no prompt text.', []);
    const { prompts, duplicates } = settle(entries, opts.idPrefix, opts.maxChars, warnings);
    return { ok: true, value: { format, encoding: decoded.encoding, prompts, warnings, entries: entries.length, duplicates } };
  } catch (e) {
    if (e instanceof ImportFailure) return { ok: false, error: e.error };
    if (e instanceof RowsError) return { ok: false, error: { code: 'malformed', message: e.message, lines: e.lines } };
    throw e;
  }
}

function fail(code: PromptImportError['code'], message: string, lines: number[]): never {
  throw new ImportFailure({ code, message, lines });
}

function listLines(lines: readonly number[]): string {
  const shown = lines.slice(0, 8).join(', ');
  return lines.length > 8 ? `${shown} and ${lines.length - 8} more` : shown;
}

export function detectFormat(text: string, lines: readonly string[], language: 'en' | 'de'): PromptFormat {
  const body = lines.filter((l) => l.trim() !== '');
  const festvox = body.filter((l) => l.trimStart().startsWith('(') && FESTVOX_LINE.test(l.trim())).length;
  if (festvox >= body.length * 0.5) return 'festvox';
  const delimiter = detectDelimiter(text);
  if (delimiter === '\t') return 'tsv';
  if (delimiter) return 'csv';
  return looksLikeProse(lines, language) ? 'prose' : 'lines';
}

/** Prose has hard-wrapped lines and lines holding several sentences; a prompt list has neither. */
function looksLikeProse(lines: readonly string[], language: 'en' | 'de'): boolean {
  const sample = lines.slice(0, 400);
  let content = 0;
  let proseLike = 0;
  sample.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    content++;
    const next = (sample[i + 1] ?? '').trim();
    const wrapped = !TERMINAL.test(line) && /^\p{Ll}/u.test(next);
    if (wrapped || splitSentences(line, language).length > 1) proseLike++;
  });
  return content > 0 && proseLike / content > 0.25;
}

function readEntries(format: PromptFormat, text: string, lines: readonly string[], language: 'en' | 'de', warnings: PromptWarning[]): Entry[] {
  switch (format) {
    case 'lines':
      return lines.flatMap((l, i) => (l.trim() === '' ? [] : [{ id: null, text: l, line: i + 1 }]));
    case 'festvox':
      return readFestvox(lines);
    case 'prose':
      return readProse(text, language);
    case 'tsv':
      return readRows(parseTsv(text), warnings);
    case 'csv':
      return readRows(parseCsv(text, detectDelimiter(text) === ';' ? ';' : ','), warnings);
  }
}

function readFestvox(lines: readonly string[]): Entry[] {
  const out: Entry[] = [];
  const bad: number[] = [];
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith(';')) return; // ; starts a Scheme comment
    const m = FESTVOX_LINE.exec(l);
    if (!m) bad.push(i + 1);
    else out.push({ id: m[1] ?? null, text: (m[2] ?? '').replace(/\\(.)/g, '$1'), line: i + 1 });
  });
  if (bad.length) fail('malformed', `Not a festvox prompt line (expected ( id "text" )): line ${listLines(bad)}.`, bad);
  return out;
}

function readProse(text: string, language: 'en' | 'de'): Entry[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  // Paragraphs first: a chapter heading without a full stop stays a prompt of its own instead of joining the next sentence.
  return segmentText(text, language).flatMap((p) => p.sentences.map((s) => ({ id: null, text: s.text, line: lineOf(s.start) })));
}

function readRows(rows: Row[], warnings: PromptWarning[]): Entry[] {
  if (rows.length === 0) return [];
  const choice = chooseColumns(rows);
  for (const note of choice.notes) warnings.push({ code: 'ignored-column', message: note[0]?.toUpperCase() + note.slice(1) + '.' });
  const body = choice.header ? rows.slice(1) : rows;
  const need = Math.max(choice.textColumn, choice.idColumn ?? 0) + 1;
  const short = body.filter((r) => r.cells.length < need).map((r) => r.line);
  if (short.length) fail('malformed', `Expected at least ${need} columns: line ${listLines(short)}.`, short);
  const emptyText = body.filter((r) => (r.cells[choice.textColumn] ?? '').trim() === '').map((r) => r.line);
  if (emptyText.length) fail('malformed', `The text column (${choice.textColumn + 1}) is empty: line ${listLines(emptyText)}.`, emptyText);
  return body.map((r) => ({
    id: choice.idColumn === null ? null : (r.cells[choice.idColumn] ?? '').trim(),
    text: r.cells[choice.textColumn] ?? '',
    line: r.line,
  }));
}

/** Tidy texts, drop duplicates (same spoken content), generate missing ids, check ids are unique file-name-safe names. */
function settle(entries: Entry[], idPrefix: string, maxChars: number, warnings: PromptWarning[]): { prompts: Prompt[]; duplicates: number } {
  const width = Math.max(4, String(entries.length).length);
  const firstByKey = new Map<string, number>();
  const prompts: Prompt[] = [];
  let duplicates = 0;
  entries.forEach((e, i) => {
    const text = e.text.replace(/\s+/gu, ' ').trim();
    const key = dedupeKey(text);
    const first = firstByKey.get(key);
    if (first !== undefined) {
      duplicates++;
      warnings.push({ code: 'duplicate', line: e.line, message: `Line ${e.line} repeats the prompt on line ${first}; dropped.` });
      return;
    }
    firstByKey.set(key, e.line);
    // Ids come from the entry's position in the file, so dropping a duplicate does not renumber the prompts after it.
    const id = e.id ?? `${idPrefix}${String(i + 1).padStart(width, '0')}`;
    if (text.length > maxChars) {
      warnings.push({ code: 'overlong', line: e.line, message: `Line ${e.line} has ${text.length} characters (limit ${maxChars}); consider splitting it.` });
    }
    prompts.push({ id, text, line: e.line });
  });
  const badIds = prompts.filter((p) => !ID_CHARS.test(p.id)).map((p) => p.line);
  if (badIds.length) fail('bad-id', `Ids may hold only letters, digits, '.', '_' and '-' (they name audio files): line ${listLines(badIds)}.`, badIds);
  const seen = new Map<string, number>();
  const clash: number[] = [];
  for (const p of prompts) {
    if (seen.has(p.id)) clash.push(p.line);
    else seen.set(p.id, p.line);
  }
  if (clash.length) fail('duplicate-id', `The same id is given to different prompts: line ${listLines(clash)}.`, clash);
  return { prompts, duplicates };
}

/** Two prompts are the same when they read the same: case, punctuation and spacing do not count. */
export function dedupeKey(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}
