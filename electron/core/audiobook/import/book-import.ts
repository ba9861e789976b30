// A book file → preview (every section, classified) → chapters of paragraphs and sentences ready to store.
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ImportPreview, ImportReportEntry } from '../../../shared/domains/books';
import { ApiError } from '../../../shared/errors';
import type { NewChapter } from '../../db/books.repo';
import { splitSentences, type TextLanguage } from '../../text/sentences';
import { readEpub } from './epub-import';
import type { ParsedBook, ParsedSection } from './parsed-book';
import { firstWords } from './section-kind';
import { readTextBook } from './text-import';

/** Pauses after a sentence: inside a paragraph, at a paragraph's end, after a heading (ms). */
export const PAUSES = { sentence: 400, paragraph: 900, heading: 1200 } as const;
/** Longer sentences are cut at clause punctuation: attention-based synthesis loses its place in very long inputs. */
export const MAX_SENTENCE_CHARS = 400;

export async function readBook(path: string, chapterPattern?: string): Promise<ParsedBook> {
  const ext = extname(path).toLowerCase();
  if (ext === '.epub') return readEpub(path);
  if (['.txt', '.text', '.md', '.markdown', '.mdown', '.mkd'].includes(ext)) return readTextBook(path, chapterPattern);
  // No telling extension: a ZIP is tried as an EPUB, anything else as text.
  let head = Buffer.alloc(4);
  try {
    const fh = await open(path, 'r');
    try { head = (await fh.read(head, 0, 4, 0)).buffer; } finally { await fh.close(); }
  } catch (err) {
    throw new ApiError('not_found', `Cannot read ${path}: ${(err as Error).message}`, 'Check the path and that you may read the file.');
  }
  if (head.toString('latin1') === 'PK\u0003\u0004') return readEpub(path);
  if (ext === '' || ext === '.asc') return readTextBook(path, chapterPattern);
  throw new ApiError('invalid_input', `${basename(path)}: Voicewright imports books from .epub, .txt and .md files, not ${ext}.`,
    'Export the book as EPUB or plain text from the program it is in, and import that.');
}

/** The book language Voicewright reads for a source's stated language, or null when it reads none of it. */
export function bookLanguageOf(stated: string): 'en-US' | 'en-GB' | 'de-DE' | null {
  const l = stated.trim().toLowerCase();
  if (l === '') return null;
  if (/^de\b/u.test(l)) return 'de-DE';
  if (/^en[-_](gb|uk|ie|au|nz)\b/u.test(l)) return 'en-GB';
  if (/^en\b/u.test(l)) return 'en-US';
  return null;
}

export function toPreview(book: ParsedBook): ImportPreview {
  const warnings = [...book.warnings];
  if (book.language !== '' && bookLanguageOf(book.language) === null) {
    warnings.push(`The book says it is in "${book.language}"; Voicewright reads English and German. Choose the language at import.`);
  }
  return {
    format: book.format, title: book.title, author: book.author, language: book.language, warnings,
    sections: book.sections.map((s, index) => ({
      index, title: s.title, kind: s.kind, words: s.words,
      firstWords: firstWords(opening(s)), includedByDefault: s.includedByDefault, reason: s.reason,
      sourceRef: s.sourceRef, warnings: s.warnings,
    })),
  };
}

/** The start of a section's text, enough for its first words without joining a whole chapter. */
function opening(s: ParsedSection): string {
  const out: string[] = [];
  let chars = 0;
  for (const p of s.paragraphs) {
    out.push(p.text);
    chars += p.text.length;
    if (chars > 300) break;
  }
  return out.join(' ');
}

/** Cuts a sentence longer than `max` at clause punctuation (; : , dashes), else at a space, never inside a word. */
export function splitLong(text: string, max = MAX_SENTENCE_CHARS): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = -1;
    for (const re of [/[;:]\s/gu, /[,—–]\s|\s[—–]\s/gu, /\s/gu]) {
      for (const m of window.matchAll(re)) if (m.index > max * 0.3) cut = m.index + m[0].length - 1;
      if (cut > 0) break;
    }
    if (cut <= 0) cut = max; // one enormous token: cut it anyway
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1).trim();
  }
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

function chapterOf(s: ParsedSection, included: boolean, lang: TextLanguage): NewChapter {
  const paragraphs = s.paragraphs.map((p) => {
    // NFC: an EPUB may store ä as a + combining mark; lexicon lookups and find/replace compare composed text.
    const source = p.text.normalize('NFC');
    const texts = p.heading ? [source] : splitSentences(source, lang).flatMap((x) => splitLong(x.text));
    return texts.map((text, i) => ({
      text, pauseAfterMs: p.heading ? PAUSES.heading : i === texts.length - 1 ? PAUSES.paragraph : PAUSES.sentence,
    }));
  }).filter((p) => p.length > 0);
  const kind = s.kind === 'back' ? 'back' : s.kind === 'chapter' ? 'chapter' : 'front';
  return { title: s.title, kind, included, sourceRef: s.sourceRef, paragraphs };
}

export interface ImportPlan { chapters: NewChapter[]; report: ImportReportEntry[] }

/** Which sections become chapters (`include`, else the default choice), and a report line for every section. */
export function planImport(book: ParsedBook, language: string, include?: readonly number[]): ImportPlan {
  const wanted = include === undefined ? null : new Set(include);
  if (wanted) {
    const unknown = [...wanted].filter((i) => i >= book.sections.length);
    if (unknown.length > 0) {
      throw new ApiError('invalid_input', `Section ${unknown.join(', ')} does not exist: the book has sections 0–${book.sections.length - 1}.`,
        'Preview the import again and pick sections from its list.');
    }
  }
  const lang: TextLanguage = language.startsWith('de') ? 'de' : 'en';
  const chapters: NewChapter[] = [];
  const report = book.sections.map((s, index): ImportReportEntry => {
    const words = s.words;
    const chosen = wanted ? wanted.has(index) : s.includedByDefault;
    const line = { index, title: s.title, kind: s.kind, words };
    if (chosen && words === 0) return { ...line, included: false, reason: `left out: ${s.reason}, nothing to read` };
    if (!chosen) return { ...line, included: false, reason: wanted ? `left out by your choice (${s.reason})` : `left out by default: ${s.reason}` };
    chapters.push(chapterOf(s, true, lang));
    return { ...line, included: true, reason: s.reason };
  });
  if (chapters.length === 0) {
    throw new ApiError('invalid_input', 'No section with text was chosen, so there is nothing to import.',
      'Pick at least one section with words from the preview.');
  }
  return { chapters, report };
}
